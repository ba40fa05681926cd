/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HPC_SETPE_H
#define HPC_SETPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum setpe_action {
	SETPE_NONE,
	SETPE_WRITE,	/* -w / -W: install a map */
	SETPE_CHECK,	/* -c: only validate the map file */
	SETPE_READ,	/* -r: print the installed map */
	SETPE_OFF,	/* -off: leave the cluster */
	SETPE_HELP,
};

/* How long -off waits for processes to come home, unless -t says. */
#define SETPE_OFF_TIMEOUT_DEFAULT	60
#define SETPE_OFF_TIMEOUT_MAX		86400

struct setpe_opts {
	enum setpe_action action;
	const char *file;	/* -f; NULL: stdin for -w/-c, stdout for -r */
	uint32_t self_id;	/* -p; 0: find it from the interfaces */
	unsigned int timeout_s;	/* -t, for -off; 0: do not wait */
	bool timeout_given;
};

/* 0 on success, -1 with a message in err on bad usage. */
int setpe_parse_args(int argc, char **argv, struct setpe_opts *o,
		     char *err, size_t errlen);

/*
 * -off: ask guests home and our processes back, wait up to timeout_s for
 * both to be done, then clear the map. Returns the exit status.
 */
int setpe_leave(unsigned int timeout_s);

#endif
