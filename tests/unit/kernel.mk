# SPDX-License-Identifier: GPL-2.0
# The kernel's pure pieces built in user space and tested with cmocka: the
# table of system call descriptions (hpc/syscall.c) and the wire decoder
# (hpc/wire.c), the same sources the kernel builds (KUnit tests them there).

KERNEL_TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

$(B)/tests/test_syscall: $(call objs,tests/unit/test_syscall.c hpc/syscall.c hpc/wire.c)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(KERNEL_TEST_LIBS)

UNIT_TESTS += $(B)/tests/test_syscall
