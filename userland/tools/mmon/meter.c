// SPDX-License-Identifier: GPL-2.0
/* Numbers to bars: no drawing here, so the unit tests can check it. */
#include "mmon.h"

#include <stdio.h>
#include <string.h>

bool mmon_is_view(int key)
{
	return key && strchr("lsmudth", key);
}

const char *mmon_view_name(enum mmon_view v)
{
	switch (v) {
	case MMON_LOAD:   return "load";
	case MMON_SPEED:  return "speed";
	case MMON_MEM:    return "memory (used/free MiB)";
	case MMON_UTIL:   return "utilisation %";
	case MMON_DEAD:   return "dead nodes";
	case MMON_TOTALS: return "totals";
	case MMON_HELP:   return "help";
	}
	return "?";
}

bool mmon_node_alive(const struct adminc_node *n)
{
	return n->state == ADMINC_UP || n->state == ADMINC_SELF;
}

unsigned long long mmon_value(const struct adminc_node *n, enum mmon_view v)
{
	switch (v) {
	case MMON_LOAD:
		return n->load > 0 ? (unsigned long long)n->load : 0;
	case MMON_SPEED:
		return n->speed > 0 ? (unsigned long long)n->speed : 0;
	case MMON_MEM:	/* used, MiB */
		return n->memtotal > n->memfree ?
		       (n->memtotal - n->memfree) / 1024 : 0;
	case MMON_UTIL:
		return n->util > 0 ? (unsigned long long)n->util : 0;
	default:
		return 0;
	}
}

unsigned long long mmon_scale(const struct adminc_nodes *ns, enum mmon_view v)
{
	unsigned long long max = 0;

	if (v == MMON_UTIL)
		return 100;
	for (size_t i = 0; i < ns->n; i++) {
		unsigned long long x = v == MMON_MEM ? ns->v[i].memtotal / 1024 :
				       mmon_value(&ns->v[i], v);

		if (x > max)
			max = x;
	}
	/* A full bar for load means at least one busy yardstick CPU, so an
	 * idle cluster does not show tall bars of noise. */
	if (v == MMON_LOAD && max < 100)
		max = 100;
	return max ? max : 1;
}

int mmon_bar_rows(unsigned long long value, unsigned long long scale, int rows)
{
	unsigned long long r;

	if (rows <= 0 || !value || !scale)
		return 0;
	if (value >= scale)
		return rows;
	r = (value * (unsigned long long)rows + scale / 2) / scale;
	return r ? (int)r : 1;
}

void mmon_fmt_num(unsigned long long v, char *buf, size_t len, int width)
{
	static const char suffix[] = "KMGTPE";
	int i = -1;

	snprintf(buf, len, "%llu", v);
	while ((int)strlen(buf) > width && i < 5) {
		i++;
		v /= 1000;
		snprintf(buf, len, "%llu%c", v, suffix[i]);
	}
}

void mmon_totals(const struct adminc_nodes *ns, struct mmon_totals *t)
{
	unsigned long long util = 0;

	memset(t, 0, sizeof(*t));
	t->nodes = ns->n;
	for (size_t i = 0; i < ns->n; i++) {
		const struct adminc_node *n = &ns->v[i];

		if (!mmon_node_alive(n)) {
			t->dead++;
			continue;
		}
		t->up++;
		t->load += mmon_value(n, MMON_LOAD);
		t->speed += mmon_value(n, MMON_SPEED);
		t->ncpus += n->ncpus > 0 ? (unsigned long long)n->ncpus : 0;
		t->memtotal += n->memtotal;
		t->memfree += n->memfree;
		t->guests += n->guests > 0 ? (unsigned long long)n->guests : 0;
		util += mmon_value(n, MMON_UTIL);
	}
	t->util_avg = t->up ? (int)(util / t->up) : 0;
}

int mmon_columns(int width)
{
	int n = (width - MMON_AXIS_W) / MMON_COL_W;

	return n > 0 ? n : 1;
}
