/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HPC_MPS_H
#define HPC_MPS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct mps_opts {
	bool help;
	bool migrated_only;	/* -m / -M */
	bool wide;		/* -w: do not cut the command line */
	pid_t pids[64];		/* -p: only these */
	size_t npids;
};

int mps_parse_args(int argc, char **argv, struct mps_opts *o,
		   char *err, size_t errlen);

/* Fields of /proc/PID/stat we show. 0 or -EINVAL. */
struct mps_stat {
	char comm[64];
	char state;
	int tty_nr;
	unsigned long long ticks;	/* utime + stime */
};
int mps_parse_stat(const char *line, struct mps_stat *st);

/* "pts/3", "tty1" or "?" */
void mps_tty_name(int tty_nr, char *buf, size_t len);

#endif
