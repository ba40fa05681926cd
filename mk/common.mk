# SPDX-License-Identifier: GPL-2.0
# Shared rules for the userland build. Every component adds itself with a
# build.mk beside its sources (userland/*/build.mk, tools/*/build.mk,
# tests/unit/build.mk); see Documentation/testing.rst.

B       ?= build
CC      ?= cc
CSTD    := -std=gnu11
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
CFLAGS  ?= -O2 -g
CPPFLAGS += -Iuserland/include -Ikernel/include/uapi -D_GNU_SOURCE
ALL_CFLAGS = $(CSTD) $(WARN) $(CFLAGS) $(CPPFLAGS) -MMD -MP

# Sanitizer build for tests: make check SAN=1
ifeq ($(SAN),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS    += -fsanitize=address,undefined
endif

# $(call objs,SRCS) maps sources to objects under $(B)/obj
objs = $(patsubst %.c,$(B)/obj/%.o,$(1))

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

LIBHPC_SRCS := $(wildcard userland/lib/*.c)
LIBHPC      := $(B)/lib/libhpc.a
$(LIBHPC): $(call objs,$(LIBHPC_SRCS))
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

BINS       :=
SBINS      :=
UNIT_TESTS :=
MANPAGES   :=
