# SPDX-License-Identifier: GPL-2.0
# The user tools: mosrun runhome migrate mosctl mps mmon (bin), setpe (sbin).
# Each tool is userland/tools/<prog>/{args.c,main.c,...} plus the shared
# common/tool.c; args.c holds the command-line parsing so that
# tests/unit/test_args.c can call it.

TOOLS_DIR         := userland/tools
TOOLS_COMMON_SRCS := $(TOOLS_DIR)/common/tool.c
TOOLS_BIN         := mosrun runhome migrate mosctl mps mmon
TOOLS_SBIN        := setpe
TOOLS_NCURSES_LIBS ?= $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)

TOOL_mmon_LIBS := $(TOOLS_NCURSES_LIBS)
TOOL_mosctl_LIBS := -lsodium

# $(call tool_rule,prog,bin|sbin)
define tool_rule
TOOL_$(1)_SRCS := $$(wildcard $(TOOLS_DIR)/$(1)/*.c) $$(TOOLS_COMMON_SRCS)
$$(B)/$(2)/$(1): $$(call objs,$$(TOOL_$(1)_SRCS)) $$(LIBHPC)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(TOOL_$(1)_LIBS)
endef

$(foreach p,$(TOOLS_BIN),$(eval $(call tool_rule,$(p),bin)))
$(foreach p,$(TOOLS_SBIN),$(eval $(call tool_rule,$(p),sbin)))

BINS     += $(addprefix $(B)/bin/,$(TOOLS_BIN))
SBINS    += $(addprefix $(B)/sbin/,$(TOOLS_SBIN))
MANPAGES += $(foreach p,$(TOOLS_BIN) $(TOOLS_SBIN),$(wildcard $(TOOLS_DIR)/$(p)/$(p).[18]))

# Objects holding the argument parsers, for the unit tests.
TOOLS_ARGS_OBJS := $(call objs,$(wildcard $(TOOLS_DIR)/*/args.c) $(TOOLS_DIR)/mmon/meter.c $(TOOLS_COMMON_SRCS))

