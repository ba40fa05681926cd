/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HPC_MOSCTL_H
#define HPC_MOSCTL_H

#include <stdbool.h>
#include <stddef.h>

enum mosctl_kind {
	MOSCTL_FLAG,	/* write 0/1 to /proc/hpc/admin/<file> */
	MOSCTL_TRIGGER,	/* write 1 to /proc/hpc/admin/<file> */
	MOSCTL_WHOIS,
	MOSCTL_GET,	/* a number from the daemon's "nodes" */
	MOSCTL_SETSPEED,
	MOSCTL_STATUS,
	MOSCTL_ISUP,
	MOSCTL_SETKEY,	/* the cluster key file into /proc/hpc/admin/key */
	MOSCTL_STATS,	/* kernel channel and balancer counters */
};

enum mosctl_field {
	MOSCTL_LOAD, MOSCTL_SPEED, MOSCTL_MEM, MOSCTL_FREE, MOSCTL_UTIL,
};

struct mosctl_cmd {
	const char *name;
	enum mosctl_kind kind;
	const char *file;	/* FLAG, TRIGGER */
	int value;		/* FLAG */
	enum mosctl_field field;/* GET */
	int min_args, max_args;
};

struct mosctl_opts {
	bool help;
	const char *socket;		/* -S */
	const struct mosctl_cmd *cmd;
	const char *arg;		/* optional argument */
};

int mosctl_parse_args(int argc, char **argv, struct mosctl_opts *o,
		      char *err, size_t errlen);

#endif
