// SPDX-License-Identifier: GPL-2.0
#include "migrate.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpc/procfs.h>

int migrate_parse_args(int argc, char **argv, struct migrate_opts *o,
		       char *err, size_t errlen)
{
	char *end;
	long pid;

	memset(o, 0, sizeof(*o));
	if (argc >= 2 && !strcmp(argv[1], "--help")) {
		o->help = true;
		return 0;
	}
	if (argc != 3) {
		snprintf(err, errlen, "expected a PID and a node, 'home' or 'balance'");
		return -1;
	}
	errno = 0;
	pid = strtol(argv[1], &end, 10);
	if (errno || end == argv[1] || *end || pid <= 0 || pid > INT_MAX) {
		snprintf(err, errlen, "'%s' is not a process id", argv[1]);
		return -1;
	}
	o->pid = (pid_t)pid;
	o->node_arg = argv[2];
	if (!strcmp(argv[2], "home")) {
		o->target = MIGRATE_HOME;
	} else if (!strcmp(argv[2], "balance")) {
		o->target = MIGRATE_BALANCE;
	} else if (!hpcfs_parse_node(argv[2], &o->node)) {
		o->target = MIGRATE_NODE;
	} else {
		snprintf(err, errlen,
			 "'%s' is not a node id (1-65535), 'home' or 'balance'",
			 argv[2]);
		return -1;
	}
	return 0;
}
