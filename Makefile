# SPDX-License-Identifier: GPL-2.0
#
# openMosix-style process migration for Linux 6.12.
#
#   make demo        the FLAC batch on a 2-node virtual cluster
#   make check       every test layer: unit, KUnit, cluster scenarios
#   make cluster N=3 boot N nodes and get a shell on node 1
#   make patchset    the whole change as a series for your own 6.12 tree
#
# See README for the rest.

B := build
N ?= 2
KSRC ?=
export KSRC

.DEFAULT_GOAL := all
include mk/common.mk
include $(wildcard userland/*/build.mk tools/*/build.mk tests/unit/*.mk)

# --- the in-guest harness and test programs ---------------------------------
AGENT := $(B)/sbin/hpc-agent
$(AGENT): tests/harness/hpc-agent.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) -D_GNU_SOURCE -static -o $@ $<

GUEST_SRCS  := $(wildcard tests/progs/*.c)
GUEST_PROGS := $(patsubst tests/progs/%.c,$(B)/guest/%,$(GUEST_SRCS))
$(B)/guest/%: tests/progs/%.c tests/progs/progs.h
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) -D_GNU_SOURCE -static -o $@ $<

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

# --- top-level targets ----------------------------------------------------------
.PHONY: all deps userland kernel kernel-off initramfs unit kunit scenarios \
	check cluster patchset checkpatch install clean demo bench fuzz \
	deb-tools deb-kernel

all: userland kernel initramfs

deps:
	@scripts/deps.sh

userland: $(LIBHPC) $(BINS) $(SBINS) $(UNIT_TESTS) $(LVEC_SEND) $(AGENT) $(GUEST_PROGS)

kernel:
	@scripts/kernel.sh build on

kernel-off:
	@scripts/kernel.sh build off

initramfs: userland
	@scripts/mkinitramfs.sh

unit: userland
	@scripts/run-unit.sh $(UNIT_TESTS)

kunit: kernel initramfs
	@scripts/kunit.sh

scenarios: kernel initramfs
	@tests/cluster/run.sh

check: deps
	@scripts/check.sh

cluster: kernel initramfs
	@scripts/cluster.sh $(N)

patchset:
	@scripts/kernel.sh patchset

checkpatch:
	@scripts/kernel.sh checkpatch

fuzz:
	@scripts/fuzz.sh $(if $(T),-t $(T))

demo: deps
	@scripts/demo.sh

bench: deps
	@scripts/bench.sh

deb-tools: deps
	@scripts/deb-tools.sh

# DEBKERNEL_FLAGS=-t builds the small test configuration instead of Debian's
deb-kernel: deps
	@scripts/deb-kernel.sh $(DEBKERNEL_FLAGS)

PREFIX  ?= /usr/local
DESTDIR ?=
install: userland
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/sbin
	$(if $(BINS),install -m 0755 $(BINS) $(DESTDIR)$(PREFIX)/bin)
	$(if $(SBINS),install -m 0755 $(SBINS) $(DESTDIR)$(PREFIX)/sbin)
	@for m in $(MANPAGES); do \
		s=$${m##*.}; install -d $(DESTDIR)$(PREFIX)/share/man/man$$s; \
		install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man$$s/; \
	done

clean:
	rm -rf $(B)/obj $(B)/lib $(B)/bin $(B)/sbin $(B)/tests $(B)/guest \
		$(B)/initramfs.cpio.gz
