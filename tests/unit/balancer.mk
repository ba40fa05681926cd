# SPDX-License-Identifier: GPL-2.0
# Unit tests of the balancer: wire codec, gossip view, decision engine and
# the simulator's core (tools/sim). Each is a cmocka program under
# $(B)/tests/ that exits non-zero on failure; `make unit` runs them.

BALANCER_TEST_LIBS := -lcmocka -lsodium -lm

# $(call balancer_test,name,extra objects)
define balancer_test
$(B)/tests/$(1): $(call objs,tests/unit/$(1).c) $(2) $(LIBHPC)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $(BALANCER_TEST_LIBS)
UNIT_TESTS += $(B)/tests/$(1)
endef

$(eval $(call balancer_test,test_lvec,))
$(eval $(call balancer_test,test_gossip,))
$(eval $(call balancer_test,test_engine,))
$(eval $(call balancer_test,test_sim,$(SIM_CORE_OBJS)))

# Helper for tests/daemon: sends crafted, garbage and replayed packets.
LVEC_SEND := $(B)/tests/lvec-send
$(LVEC_SEND): $(call objs,tests/daemon/lvec-send.c) $(LIBHPC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lsodium

# Host-level daemon test in a private network namespace (root; skips, exit
# 4, without one). Not part of UNIT_TESTS: it needs unshare(CLONE_NEWNET).
.PHONY: daemon-test
daemon-test: $(MOSIXD) $(LVEC_SEND)
	tests/daemon/run.sh $(B)
