# SPDX-License-Identifier: GPL-2.0
# Unit tests for tools/flacverify (cmocka).  Needs tools/flacverify/build.mk,
# which the top Makefile includes first.

FLACVERIFY_TEST      := $(B)/tests/test_flacverify
FLACVERIFY_TEST_OBJS := $(call objs,tests/unit/test_flacverify.c)

$(FLACVERIFY_TEST_OBJS): CPPFLAGS += -Itools/flacverify

$(FLACVERIFY_TEST): $(FLACVERIFY_TEST_OBJS) $(B)/lib/libflacverify.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(or $(shell pkg-config --libs cmocka 2>/dev/null),-lcmocka) \
		$(FLACVERIFY_FLAC_LIBS)

UNIT_TESTS += $(FLACVERIFY_TEST)

-include $(FLACVERIFY_TEST_OBJS:.o=.d)
