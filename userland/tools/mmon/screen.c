// SPDX-License-Identifier: GPL-2.0
/*
 * mmon's screen: draws what the meters computed, nothing else. Vertical
 * bars, one column per node, as openMosix's mmon had them; the value is
 * written on top of each bar and the node id under it.
 */
#include "mmon.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define AXIS_W	MMON_AXIS_W
#define COL_W	MMON_COL_W

static void draw_title(const struct mmon_screen *s, const struct adminc_nodes *ns,
		       int ncols)
{
	char right[64];
	size_t last = s->first + (size_t)ncols;

	if (last > ns->n)
		last = ns->n;
	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	mvprintw(0, 0, " mmon: %s", mmon_view_name(s->view));
	if (ns->n && s->view != MMON_DEAD && s->view != MMON_TOTALS &&
	    s->view != MMON_HELP)
		snprintf(right, sizeof(right), "nodes %zu-%zu of %zu  h:help q:quit ",
			 s->first + 1, last, ns->n);
	else
		snprintf(right, sizeof(right), "%zu nodes  h:help q:quit ", ns->n);
	if ((int)strlen(right) < COLS - 30)
		mvprintw(0, COLS - (int)strlen(right), "%s", right);
	attroff(A_REVERSE);
}

static void draw_status(const struct mmon_screen *s)
{
	move(LINES - 1, 0);
	clrtoeol();
	if (s->status[0])
		mvprintw(LINES - 1, 0, "%.*s", COLS - 1, s->status);
	else
		mvprintw(LINES - 1, 0, "%.*s", COLS - 1,
			 "keys: l load  s speed  m mem  u util  d dead  t totals  <- -> < > scroll");
}

static void draw_bars(const struct mmon_screen *s, const struct adminc_nodes *ns)
{
	int ncols = mmon_columns(COLS);
	int bottom = LINES - 5;		/* last bar row */
	int rows = bottom - 1;		/* rows 2..bottom; row 1 for labels */
	unsigned long long scale = mmon_scale(ns, s->view);
	char num[16];

	if (rows < 1)
		return;
	/* y axis: full scale at the top, half, zero */
	for (int y = 2; y <= bottom; y++)
		mvaddch(y, AXIS_W - 1, '|');
	mmon_fmt_num(scale, num, sizeof(num), AXIS_W - 2);
	mvprintw(2, 0, "%*s", AXIS_W - 2, num);
	if (rows >= 4) {
		mmon_fmt_num(scale / 2, num, sizeof(num), AXIS_W - 2);
		mvprintw(bottom - rows / 2 + 1, 0, "%*s", AXIS_W - 2, num);
	}
	mvprintw(bottom, 0, "%*s", AXIS_W - 2, "0");
	mvhline(bottom + 1, 0, '-', COLS);
	mvaddch(bottom + 1, AXIS_W - 1, '+');
	mvprintw(bottom + 2, 0, "%*s", AXIS_W - 1, "node");
	if (s->view == MMON_MEM)
		mvprintw(bottom + 3, 0, "%*s", AXIS_W - 1, "free");

	for (int c = 0; c < ncols && s->first + (size_t)c < ns->n; c++) {
		const struct adminc_node *n = &ns->v[s->first + (size_t)c];
		int x = AXIS_W + c * COL_W + 1;
		unsigned long long v = mmon_value(n, s->view);
		int h = mmon_bar_rows(v, scale, rows), top;

		mvprintw(bottom + 2, x, "%-5u", n->id);
		if (!mmon_node_alive(n)) {
			mvprintw(bottom, x, "%s", n->state == ADMINC_DEAD ? "dead" : "?");
			continue;
		}
		if (s->view == MMON_MEM) {
			int total = mmon_bar_rows(n->memtotal / 1024, scale, rows);

			for (int y = 0; y < total; y++)
				mvprintw(bottom - y, x, "%s", y < h ? "####" : "....");
			mmon_fmt_num(n->memfree / 1024, num, sizeof(num), 5);
			mvprintw(bottom + 3, x, "%-5s", num);
			top = bottom - (total > h ? total : h);
		} else {
			for (int y = 0; y < h; y++)
				mvprintw(bottom - y, x, "####");
			top = bottom - h;
		}
		mmon_fmt_num(v, num, sizeof(num), 5);
		mvprintw(top < 1 ? 1 : top, x, "%-5s", num);
	}
}

static void draw_dead(const struct adminc_nodes *ns)
{
	int y = 2;
	size_t ndead = 0;

	mvprintw(y++, 2, "%-6s %-16s %-8s %s", "node", "address", "state",
		 "last heard");
	for (size_t i = 0; i < ns->n && y < LINES - 2; i++) {
		const struct adminc_node *n = &ns->v[i];

		if (mmon_node_alive(n))
			continue;
		ndead++;
		mvprintw(y++, 2, "%-6u %-16s %-8s %ld s ago", n->id, n->addr,
			 adminc_state_name(n->state), n->age / 1000);
	}
	if (!ndead)
		mvprintw(y, 2, "no dead nodes");
}

static void draw_totals(const struct adminc_nodes *ns)
{
	struct mmon_totals t;
	int y = 2;

	mmon_totals(ns, &t);
	mvprintw(y++, 2, "nodes:        %zu (%zu up, %zu dead)", t.nodes, t.up, t.dead);
	mvprintw(y++, 2, "load:         %llu", t.load);
	mvprintw(y++, 2, "speed:        %llu", t.speed);
	mvprintw(y++, 2, "cpus:         %llu", t.ncpus);
	mvprintw(y++, 2, "memory:       %llu MiB", t.memtotal / 1024);
	mvprintw(y++, 2, "free memory:  %llu MiB", t.memfree / 1024);
	mvprintw(y++, 2, "utilisation:  %d%% (average of live nodes)", t.util_avg);
	mvprintw(y++, 2, "guests:       %llu", t.guests);
}

static void draw_help(void)
{
	static const char *const lines[] = {
		"l   load (100 = one CPU-bound process on a yardstick CPU)",
		"s   speed (1000 = yardstick)",
		"m   memory: # used, . free; used MiB on top, free MiB below",
		"u   CPU utilisation, percent",
		"d   dead nodes",
		"t   cluster totals",
		"<- ->   scroll by one node     < >   scroll by one screen",
		"h   this help (any key returns)",
		"q   quit",
	};
	int y = 2;

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]) && y < LINES - 1; i++)
		mvprintw(y++, 2, "%.*s", COLS - 3, lines[i]);
}

void mmon_draw(struct mmon_screen *s, const struct adminc_nodes *ns)
{
	int ncols = mmon_columns(COLS);

	/* keep the scroll position valid after a resize or fewer nodes */
	if (ns->n <= (size_t)ncols)
		s->first = 0;
	else if (s->first > ns->n - (size_t)ncols)
		s->first = ns->n - (size_t)ncols;
	erase();
	draw_title(s, ns, ncols);
	switch (s->view) {
	case MMON_DEAD:
		draw_dead(ns);
		break;
	case MMON_TOTALS:
		draw_totals(ns);
		break;
	case MMON_HELP:
		draw_help();
		break;
	default:
		draw_bars(s, ns);
	}
	draw_status(s);
	refresh();
}

void mmon_print_text(const struct adminc_nodes *ns, FILE *f)
{
	struct mmon_totals t;
	char flags[64];

	fprintf(f, "%-5s %-15s %-7s %6s %6s %5s %10s %10s %4s %6s %s\n",
		"node", "address", "state", "load", "speed", "cpus",
		"mem_kib", "free_kib", "util", "guests", "flags");
	for (size_t i = 0; i < ns->n; i++) {
		const struct adminc_node *n = &ns->v[i];

		adminc_flags_str(n->flags, flags, sizeof(flags));
		fprintf(f, "%-5u %-15s %-7s %6ld %6ld %5ld %10llu %10llu %4d %6ld %s\n",
			n->id, n->addr[0] ? n->addr : "-",
			adminc_state_name(n->state), n->load, n->speed,
			n->ncpus, n->memtotal, n->memfree, n->util, n->guests,
			flags);
	}
	mmon_totals(ns, &t);
	fprintf(f, "total nodes=%zu up=%zu dead=%zu load=%llu speed=%llu cpus=%llu "
		"mem_kib=%llu free_kib=%llu util=%d guests=%llu\n",
		t.nodes, t.up, t.dead, t.load, t.speed, t.ncpus, t.memtotal,
		t.memfree, t.util_avg, t.guests);
}
