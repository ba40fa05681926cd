# SPDX-License-Identifier: GPL-2.0
# cmocka unit tests of the user tools: the map parser, the admin socket
# client, the tools' argument parsers and mmon's meters.

TOOLS_TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

$(B)/tests/test_map: $(call objs,tests/unit/test_map.c) $(LIBHPC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(TOOLS_TEST_LIBS)

$(B)/tests/test_adminc: $(call objs,tests/unit/test_adminc.c) $(LIBHPC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(TOOLS_TEST_LIBS) -lpthread

# TOOLS_ARGS_OBJS comes from userland/tools/build.mk.
$(B)/tests/test_args: $(call objs,tests/unit/test_args.c) $(TOOLS_ARGS_OBJS) $(LIBHPC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(TOOLS_TEST_LIBS)

UNIT_TESTS += $(B)/tests/test_map $(B)/tests/test_adminc $(B)/tests/test_args
