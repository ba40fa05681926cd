# SPDX-License-Identifier: GPL-2.0
# flacverify: checks FLAC output of the demo (MD5, PCM against the WAV,
# byte identity).  wav.c and verify.c form a small library that
# tests/unit/test_flacverify.c links as well.

FLACVERIFY_FLAC_CFLAGS := $(shell pkg-config --cflags flac 2>/dev/null)
FLACVERIFY_FLAC_LIBS   := $(or $(shell pkg-config --libs flac 2>/dev/null),-lFLAC)

FLACVERIFY_LIB_SRCS := tools/flacverify/wav.c tools/flacverify/verify.c
FLACVERIFY_LIB      := $(B)/lib/libflacverify.a
FLACVERIFY_OBJS     := $(call objs,$(FLACVERIFY_LIB_SRCS) tools/flacverify/flacverify.c)

$(FLACVERIFY_OBJS): CPPFLAGS += $(FLACVERIFY_FLAC_CFLAGS)

$(FLACVERIFY_LIB): $(call objs,$(FLACVERIFY_LIB_SRCS))
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

$(B)/bin/flacverify: $(call objs,tools/flacverify/flacverify.c) $(FLACVERIFY_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(FLACVERIFY_FLAC_LIBS)

BINS     += $(B)/bin/flacverify
MANPAGES += tools/flacverify/flacverify.1

-include $(FLACVERIFY_OBJS:.o=.d)
