// SPDX-License-Identifier: GPL-2.0
/*
 * mmon: watch every node of the cluster.
 */
#include "mmon.h"

#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/tool.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mmon [-1] [-S socket | -F file] [-t seconds] [-v view]\n"
		"  -1          print the numbers once, as text, and exit\n"
		"  -S socket   balancer admin socket (default $MOSIXD_SOCKET or %s)\n"
		"  -F file     read a snapshot in the admin socket's 'nodes' format\n"
		"  -t seconds  refresh interval (default 1)\n"
		"  -v view     first view: l load, s speed, m memory, u util, d dead, t totals\n"
		"keys: l s m u d t switch views, h help, arrows and < > scroll, q quit\n",
		ADMINC_DEFAULT_PATH);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void refresh_data(struct mmon_source *src, struct mmon_screen *s,
			 struct adminc_nodes *ns)
{
	char err[256];

	/* On failure keep the last numbers and say why on the status line. */
	if (src->ops->fetch(src->ctx, ns, err, sizeof(err)))
		snprintf(s->status, sizeof(s->status), "%s", err);
	else
		s->status[0] = '\0';
}

static void scroll_by(struct mmon_screen *s, const struct adminc_nodes *ns,
		      long delta)
{
	long first = (long)s->first + delta;
	long max = (long)ns->n - mmon_columns(COLS);

	if (first > max)
		first = max;
	if (first < 0)
		first = 0;
	s->first = (size_t)first;
}

static int run_screen(struct mmon_source *src, const struct mmon_opts *o)
{
	struct mmon_screen s = { .view = o->view, .prev_view = o->view };
	struct adminc_nodes ns = { 0 };
	long long next;

	s.source_desc = src->desc;
	setlocale(LC_ALL, "");
	if (!initscr()) {
		tool_err("cannot initialise the terminal");
		return 1;
	}
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	refresh_data(src, &s, &ns);
	next = now_ms() + o->interval_ms;
	mmon_draw(&s, &ns);
	for (;;) {
		long long wait = next - now_ms();
		int ch;

		timeout(wait > 0 ? (int)wait : 0);
		ch = getch();
		if (ch == ERR) {
			refresh_data(src, &s, &ns);
			next = now_ms() + o->interval_ms;
		} else if (s.view == MMON_HELP && ch != KEY_RESIZE) {
			s.view = s.prev_view;	/* any key leaves help */
			if (ch == 'q')
				break;
		} else if (ch == 'q' || ch == 'Q') {
			break;
		} else if (ch == 'h' || ch == '?') {
			s.prev_view = s.view;
			s.view = MMON_HELP;
		} else if (mmon_is_view(ch)) {
			s.view = ch;
		} else if (ch == KEY_RIGHT) {
			scroll_by(&s, &ns, 1);
		} else if (ch == KEY_LEFT) {
			scroll_by(&s, &ns, -1);
		} else if (ch == '>' || ch == KEY_NPAGE) {
			scroll_by(&s, &ns, mmon_columns(COLS));
		} else if (ch == '<' || ch == KEY_PPAGE) {
			scroll_by(&s, &ns, -mmon_columns(COLS));
		}
		/* KEY_RESIZE (ncurses' SIGWINCH) needs nothing but a redraw:
		 * LINES and COLS are already updated. */
		mmon_draw(&s, &ns);
	}
	endwin();
	adminc_nodes_fini(&ns);
	return 0;
}

int main(int argc, char **argv)
{
	struct mmon_opts o;
	struct mmon_source src = { 0 };
	struct adminc_nodes ns = { 0 };
	char err[256];
	int ret;

	tool_name = "mmon";
	ret = mmon_parse_args(argc, argv, &o, err, sizeof(err));
	ret = tool_args_outcome(ret, err, o.help, usage, 2);
	if (ret >= 0)
		return ret;
	ret = o.file ? mmon_source_file(&src, o.file) :
		       mmon_source_socket(&src, adminc_socket_path(o.socket));
	if (ret) {
		tool_err("%s", strerror(-ret));
		return 1;
	}
	if (o.once) {
		ret = src.ops->fetch(src.ctx, &ns, err, sizeof(err));
		if (ret) {
			tool_err("%s", err);
		} else {
			mmon_print_text(&ns, stdout);
			if (fflush(stdout))
				ret = -errno;
		}
		adminc_nodes_fini(&ns);
		mmon_source_close(&src);
		return ret ? 1 : 0;
	}
	ret = run_screen(&src, &o);
	mmon_source_close(&src);
	return ret;
}
