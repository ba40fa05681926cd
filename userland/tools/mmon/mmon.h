/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmon, shaped like htop: a data source gives node records, meters turn
 * them into numbers and bar heights, and the screen code only draws.
 */
#ifndef HPC_MMON_H
#define HPC_MMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <hpc/admin.h>

/* ---- options (args.c) ---- */
struct mmon_opts {
	bool help;
	bool once;		/* -1: print the numbers once and exit */
	const char *file;	/* -F: snapshot file in "nodes" format */
	const char *socket;	/* -S */
	int interval_ms;	/* -t seconds, as milliseconds */
	char view;		/* -v: first view key */
};

int mmon_parse_args(int argc, char **argv, struct mmon_opts *o,
		    char *err, size_t errlen);

/* ---- data sources (source.c) ---- */
struct mmon_source_ops {
	/* Replace *out with the current nodes; 0 or -errno, err says why. */
	int (*fetch)(void *ctx, struct adminc_nodes *out, char *err, size_t len);
	void (*close)(void *ctx);
};

struct mmon_source {
	const struct mmon_source_ops *ops;
	void *ctx;
	const char *desc;	/* for the status line */
};

int mmon_source_socket(struct mmon_source *s, const char *path);
int mmon_source_file(struct mmon_source *s, const char *path);
void mmon_source_close(struct mmon_source *s);
/* Parse a whole "nodes" answer (lines, optional final "."). */
int mmon_parse_nodes(const char *text, struct adminc_nodes *out);

/* ---- meters (meter.c) ---- */
enum mmon_view {
	MMON_LOAD = 'l',
	MMON_SPEED = 's',
	MMON_MEM = 'm',
	MMON_UTIL = 'u',
	MMON_DEAD = 'd',
	MMON_TOTALS = 't',
	MMON_HELP = 'h',
};

bool mmon_is_view(int key);
const char *mmon_view_name(enum mmon_view v);
bool mmon_node_alive(const struct adminc_node *n);

/* The number a bar shows, and the full-scale value for a set of nodes. */
unsigned long long mmon_value(const struct adminc_node *n, enum mmon_view v);
unsigned long long mmon_scale(const struct adminc_nodes *ns, enum mmon_view v);
/* Bar height in rows (0..rows), rounded so that any non-zero value shows. */
int mmon_bar_rows(unsigned long long value, unsigned long long scale, int rows);
/* Fit a number in width chars: "1234", "12K", "3M"... */
void mmon_fmt_num(unsigned long long v, char *buf, size_t len, int width);

struct mmon_totals {
	size_t nodes, up, dead;
	unsigned long long load, speed, ncpus, memtotal, memfree, guests;
	int util_avg;
};
void mmon_totals(const struct adminc_nodes *ns, struct mmon_totals *t);

/* ---- screen (screen.c) ---- */
struct mmon_screen {
	enum mmon_view view, prev_view;
	size_t first;		/* first node shown (scrolling) */
	char status[256];	/* error or note for the bottom line */
	const char *source_desc;
};

#define MMON_AXIS_W	7	/* y axis labels: "123456|" */
#define MMON_COL_W	6	/* a 5-digit node id and a space */

/* How many node columns fit in a terminal of that width. */
int mmon_columns(int width);
void mmon_draw(struct mmon_screen *s, const struct adminc_nodes *ns);

/* One-shot text output of the same numbers. */
void mmon_print_text(const struct adminc_nodes *ns, FILE *f);

#endif
