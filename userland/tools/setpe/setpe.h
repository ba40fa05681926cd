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

struct setpe_opts {
	enum setpe_action action;
	const char *file;	/* -f; NULL: stdin for -w/-c, stdout for -r */
	uint32_t self_id;	/* -p; 0: find it from the interfaces */
};

/* 0 on success, -1 with a message in err on bad usage. */
int setpe_parse_args(int argc, char **argv, struct setpe_opts *o,
		     char *err, size_t errlen);

#endif
