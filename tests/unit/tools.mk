# SPDX-License-Identifier: GPL-2.0
# cmocka unit tests of the user tools' libraries and argument parsers.

TOOLS_TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

$(B)/tests/test_map: $(call objs,tests/unit/test_map.c) $(LIBHPC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(TOOLS_TEST_LIBS)

$(B)/tests/test_adminc: $(call objs,tests/unit/test_adminc.c) $(LIBHPC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(TOOLS_TEST_LIBS)

# TOOLS_ARGS_OBJS comes from userland/tools/build.mk.
$(B)/tests/test_args: $(call objs,tests/unit/test_args.c) $(TOOLS_ARGS_OBJS) $(LIBHPC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(TOOLS_TEST_LIBS)

UNIT_TESTS += $(B)/tests/test_map
UNIT_TESTS += $(if $(wildcard tests/unit/test_adminc.c),$(B)/tests/test_adminc)
UNIT_TESTS += $(if $(wildcard tests/unit/test_args.c),$(B)/tests/test_args)
