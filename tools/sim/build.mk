# SPDX-License-Identifier: GPL-2.0
# hpc-sim: the balancer's decision engine over virtual nodes.
# SIM_CORE_OBJS is shared with tests/unit/balancer.mk (test_sim).

SIM_CORE_OBJS := $(call objs,tools/sim/sim.c)
HPC_SIM       := $(B)/bin/hpc-sim

$(HPC_SIM): $(call objs,tools/sim/main.c) $(SIM_CORE_OBJS) $(LIBHPC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lm

BINS += $(HPC_SIM)
