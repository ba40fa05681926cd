// SPDX-License-Identifier: GPL-2.0
/* mosctl's commands, openMosix names. One table is the source of truth for
 * names, argument counts and what each command touches. */
#include "mosctl.h"

#include <stdio.h>
#include <string.h>

static const struct mosctl_cmd mosctl_cmds[] = {
	{ "stay",     MOSCTL_FLAG,    "stay",  1, 0, 0, 0 },
	{ "nostay",   MOSCTL_FLAG,    "stay",  0, 0, 0, 0 },
	{ "lstay",    MOSCTL_FLAG,    "lstay", 1, 0, 0, 0 },
	{ "nolstay",  MOSCTL_FLAG,    "lstay", 0, 0, 0, 0 },
	{ "block",    MOSCTL_FLAG,    "block", 1, 0, 0, 0 },
	{ "noblock",  MOSCTL_FLAG,    "block", 0, 0, 0, 0 },
	{ "encrypt",  MOSCTL_FLAG,    "encrypt", 1, 0, 0, 0 },
	{ "noencrypt", MOSCTL_FLAG,   "encrypt", 0, 0, 0, 0 },
	{ "setkey",   MOSCTL_SETKEY,  "key", 0, 0, 0, 1 },
	{ "quiet",    MOSCTL_FLAG,    "quiet", 1, 0, 0, 0 },
	{ "noquiet",  MOSCTL_FLAG,    "quiet", 0, 0, 0, 0 },
	{ "expel",    MOSCTL_TRIGGER, "expel", 1, 0, 0, 0 },
	{ "bring",    MOSCTL_TRIGGER, "bring", 1, 0, 0, 0 },
	{ "whois",    MOSCTL_WHOIS,   NULL, 0, 0, 0, 1 },
	{ "getload",  MOSCTL_GET,     NULL, 0, MOSCTL_LOAD, 0, 1 },
	{ "getspeed", MOSCTL_GET,     NULL, 0, MOSCTL_SPEED, 0, 1 },
	{ "getmem",   MOSCTL_GET,     NULL, 0, MOSCTL_MEM, 0, 1 },
	{ "getfree",  MOSCTL_GET,     NULL, 0, MOSCTL_FREE, 0, 1 },
	{ "getutil",  MOSCTL_GET,     NULL, 0, MOSCTL_UTIL, 0, 1 },
	{ "setspeed", MOSCTL_SETSPEED, "speed", 0, 0, 1, 1 },
	{ "status",   MOSCTL_STATUS,  NULL, 0, 0, 0, 1 },
	{ "isup",     MOSCTL_ISUP,    NULL, 0, 0, 1, 1 },
	{ "stats",    MOSCTL_STATS,   NULL, 0, 0, 0, 0 },
};

int mosctl_parse_args(int argc, char **argv, struct mosctl_opts *o,
		      char *err, size_t errlen)
{
	int i = 1, nargs;

	memset(o, 0, sizeof(*o));
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			o->help = true;
			return 0;
		} else if (!strcmp(argv[i], "-S") && i + 1 < argc) {
			o->socket = argv[++i];
		} else {
			snprintf(err, errlen, "unknown option '%s'", argv[i]);
			return -1;
		}
	}
	if (i >= argc) {
		snprintf(err, errlen, "no command given");
		return -1;
	}
	for (size_t c = 0; c < sizeof(mosctl_cmds) / sizeof(mosctl_cmds[0]); c++)
		if (!strcmp(argv[i], mosctl_cmds[c].name))
			o->cmd = &mosctl_cmds[c];
	if (!o->cmd) {
		snprintf(err, errlen, "unknown command '%s'", argv[i]);
		return -1;
	}
	nargs = argc - i - 1;
	if (nargs < o->cmd->min_args || nargs > o->cmd->max_args) {
		if (o->cmd->max_args == 0)
			snprintf(err, errlen, "%s takes no argument", o->cmd->name);
		else if (o->cmd->min_args == 1)
			snprintf(err, errlen, "%s needs one argument", o->cmd->name);
		else
			snprintf(err, errlen, "%s takes at most one argument",
				 o->cmd->name);
		return -1;
	}
	o->arg = nargs ? argv[i + 1] : NULL;
	return 0;
}
