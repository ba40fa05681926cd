// SPDX-License-Identifier: GPL-2.0
#include "runhome.h"

#include <stdio.h>
#include <string.h>

int runhome_parse_args(int argc, char **argv, struct runhome_opts *o,
		       char *err, size_t errlen)
{
	int i = 1;

	memset(o, 0, sizeof(*o));
	if (i < argc && !strcmp(argv[i], "--help")) {
		o->help = true;
		return 0;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	else if (i < argc && argv[i][0] == '-' && argv[i][1]) {
		snprintf(err, errlen, "unknown option '%s'", argv[i]);
		return -1;
	}
	if (i >= argc) {
		snprintf(err, errlen, "no command given");
		return -1;
	}
	o->cmd = i;
	return 0;
}
