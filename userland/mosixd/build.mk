# SPDX-License-Identifier: GPL-2.0
# mosixd: the balancer daemon.

MOSIXD_SRCS := $(wildcard userland/mosixd/*.c)
MOSIXD      := $(B)/bin/mosixd

$(MOSIXD): $(call objs,$(MOSIXD_SRCS)) $(LIBHPC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lsodium

SBINS    += $(MOSIXD)
MANPAGES += userland/mosixd/mosixd.8
