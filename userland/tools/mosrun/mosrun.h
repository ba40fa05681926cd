/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HPC_MOSRUN_H
#define HPC_MOSRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mosrun_where {
	MOSRUN_ANYWHERE,	/* no placement: start here, balancer decides */
	MOSRUN_HOME,		/* -h */
	MOSRUN_NODE,		/* -N / -<N> */
	MOSRUN_LIST,		/* -j */
};

enum mosrun_lock {
	MOSRUN_LOCK_DEFAULT,	/* -h pins, otherwise keep */
	MOSRUN_LOCK_ALLOW,	/* -l: automatic migration allowed */
	MOSRUN_LOCK_PIN,	/* -L: no automatic migration */
	MOSRUN_LOCK_KEEP,	/* -k: keep the inherited setting */
};

enum mosrun_hint {
	MOSRUN_HINT_KEEP,
	MOSRUN_HINT_CPU,	/* -c */
	MOSRUN_HINT_IO,		/* -i */
	MOSRUN_HINT_NONE,	/* -n */
};

enum mosrun_decay {
	MOSRUN_DECAY_KEEP,
	MOSRUN_DECAY_SLOW,	/* -s */
	MOSRUN_DECAY_FAST,	/* -f */
};

#define MOSRUN_MAX_RANGES 64

struct mosrun_range {
	uint32_t lo, hi;
};

struct mosrun_opts {
	bool help;
	enum mosrun_where where;
	uint32_t node;
	struct mosrun_range ranges[MOSRUN_MAX_RANGES];	/* -j */
	size_t nranges;
	bool fallback;		/* -F */
	enum mosrun_lock lock;
	enum mosrun_hint hint;
	enum mosrun_decay decay;
	const char *socket;	/* -S */
	int cmd;		/* index of the command in argv */
};

/* 0 on success, -1 with a message in err. */
int mosrun_parse_args(int argc, char **argv, struct mosrun_opts *o,
		      char *err, size_t errlen);

/* Parse "1-4,7" into ranges; 0 or -1 with a message. */
int mosrun_parse_list(const char *s, struct mosrun_opts *o,
		      char *err, size_t errlen);

/* Number of ids in the -j list and the n-th of them. */
size_t mosrun_list_count(const struct mosrun_opts *o);
uint32_t mosrun_list_at(const struct mosrun_opts *o, size_t n);

#endif
