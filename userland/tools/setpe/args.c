// SPDX-License-Identifier: GPL-2.0
/* setpe's command line: openMosix spelling, including the long "-off". */
#include "setpe.h"

#include <stdio.h>
#include <string.h>

#include <hpc/procfs.h>

/* Whole seconds, 0..SETPE_OFF_TIMEOUT_MAX; -1 if not that. */
static int parse_seconds(const char *s, unsigned int *out)
{
	unsigned long v = 0;

	if (!*s || strlen(s) > 6)
		return -1;
	for (const char *c = s; *c; c++) {
		if (*c < '0' || *c > '9')
			return -1;
		v = v * 10 + (unsigned long)(*c - '0');
	}
	if (v > SETPE_OFF_TIMEOUT_MAX)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

static int set_action(struct setpe_opts *o, enum setpe_action a,
		      char *err, size_t errlen)
{
	if (o->action != SETPE_NONE && o->action != a) {
		snprintf(err, errlen, "choose one of -w, -c, -r and -off");
		return -1;
	}
	o->action = a;
	return 0;
}

int setpe_parse_args(int argc, char **argv, struct setpe_opts *o,
		     char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	o->timeout_s = SETPE_OFF_TIMEOUT_DEFAULT;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			o->action = SETPE_HELP;
			return 0;
		} else if (!strcmp(a, "-w") || !strcmp(a, "-W")) {
			if (set_action(o, SETPE_WRITE, err, errlen))
				return -1;
		} else if (!strcmp(a, "-c")) {
			if (set_action(o, SETPE_CHECK, err, errlen))
				return -1;
		} else if (!strcmp(a, "-r")) {
			if (set_action(o, SETPE_READ, err, errlen))
				return -1;
		} else if (!strcmp(a, "-off")) {
			if (set_action(o, SETPE_OFF, err, errlen))
				return -1;
		} else if (!strcmp(a, "-t")) {
			if (i + 1 >= argc) {
				snprintf(err, errlen, "-t needs an argument");
				return -1;
			}
			if (parse_seconds(argv[++i], &o->timeout_s)) {
				snprintf(err, errlen,
					 "-t: '%s' is not a number of seconds (0-%u)",
					 argv[i], SETPE_OFF_TIMEOUT_MAX);
				return -1;
			}
			o->timeout_given = true;
		} else if (!strcmp(a, "-f") || !strcmp(a, "-p")) {
			if (i + 1 >= argc) {
				snprintf(err, errlen, "%s needs an argument", a);
				return -1;
			}
			if (a[1] == 'f') {
				o->file = argv[++i];
			} else if (hpcfs_parse_node(argv[++i], &o->self_id)) {
				snprintf(err, errlen,
					 "-p: '%s' is not a node id (1-65535)",
					 argv[i]);
				return -1;
			}
		} else {
			snprintf(err, errlen, "unknown argument '%s'", a);
			return -1;
		}
	}
	if (o->action == SETPE_NONE) {
		snprintf(err, errlen, "nothing to do: give -w, -c, -r or -off");
		return -1;
	}
	if (o->self_id && o->action != SETPE_WRITE) {
		snprintf(err, errlen, "-p only goes with -w");
		return -1;
	}
	if (o->timeout_given && o->action != SETPE_OFF) {
		snprintf(err, errlen, "-t only goes with -off");
		return -1;
	}
	return 0;
}
