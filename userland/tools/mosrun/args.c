// SPDX-License-Identifier: GPL-2.0
/*
 * mosrun's command line, openMosix style: single-letter flags that can be
 * grouped (-Lc), and "-<number>" for a node. Parsing stops at the first
 * word that is not an option, so the command's own flags are left alone.
 */
#include "mosrun.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpc/procfs.h>

static int set_where(struct mosrun_opts *o, enum mosrun_where w,
		     char *err, size_t errlen)
{
	if (o->where != MOSRUN_ANYWHERE) {
		snprintf(err, errlen, "give only one of -h, -<node> and -j");
		return -1;
	}
	o->where = w;
	return 0;
}

static int set_node(struct mosrun_opts *o, const char *s, char *err,
		    size_t errlen)
{
	if (set_where(o, MOSRUN_NODE, err, errlen))
		return -1;
	if (hpcfs_parse_node(s, &o->node)) {
		snprintf(err, errlen, "'%s' is not a node id (1-65535)", s);
		return -1;
	}
	return 0;
}

int mosrun_parse_list(const char *s, struct mosrun_opts *o,
		      char *err, size_t errlen)
{
	char buf[1024], *save = NULL, *tok;

	if (strlen(s) >= sizeof(buf) || !*s) {
		snprintf(err, errlen, "-j: bad node list '%s'", s);
		return -1;
	}
	strcpy(buf, s);
	o->nranges = 0;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		struct mosrun_range r;
		char *dash = strchr(tok, '-');

		if (dash)
			*dash = '\0';
		if (hpcfs_parse_node(tok, &r.lo) ||
		    (dash && hpcfs_parse_node(dash + 1, &r.hi))) {
			snprintf(err, errlen,
				 "-j: bad node list '%s' (expected ID or ID1-ID2, comma separated)",
				 s);
			return -1;
		}
		if (!dash)
			r.hi = r.lo;
		if (r.hi < r.lo) {
			snprintf(err, errlen, "-j: range %u-%u is backwards",
				 r.lo, r.hi);
			return -1;
		}
		if (o->nranges == MOSRUN_MAX_RANGES) {
			snprintf(err, errlen, "-j: more than %d ranges",
				 MOSRUN_MAX_RANGES);
			return -1;
		}
		o->ranges[o->nranges++] = r;
	}
	if (!o->nranges) {
		snprintf(err, errlen, "-j: empty node list");
		return -1;
	}
	return 0;
}

size_t mosrun_list_count(const struct mosrun_opts *o)
{
	size_t n = 0;

	for (size_t i = 0; i < o->nranges; i++)
		n += o->ranges[i].hi - o->ranges[i].lo + 1;
	return n;
}

uint32_t mosrun_list_at(const struct mosrun_opts *o, size_t n)
{
	for (size_t i = 0; i < o->nranges; i++) {
		size_t c = o->ranges[i].hi - o->ranges[i].lo + 1;

		if (n < c)
			return o->ranges[i].lo + (uint32_t)n;
		n -= c;
	}
	return 0;
}

/* The argument of a flag: the rest of this word or the next word. */
static const char *flag_arg(int argc, char **argv, int *i, const char *rest,
			    char flag, char *err, size_t errlen)
{
	if (*rest)
		return rest;
	if (*i + 1 >= argc) {
		snprintf(err, errlen, "-%c needs an argument", flag);
		return NULL;
	}
	return argv[++*i];
}

static int set_lock(struct mosrun_opts *o, enum mosrun_lock l, char *err,
		    size_t errlen)
{
	if (o->lock != MOSRUN_LOCK_DEFAULT && o->lock != l) {
		snprintf(err, errlen, "give only one of -l, -L and -k");
		return -1;
	}
	o->lock = l;
	return 0;
}

static int set_hint(struct mosrun_opts *o, enum mosrun_hint h, char *err,
		    size_t errlen)
{
	if (o->hint != MOSRUN_HINT_KEEP && o->hint != h) {
		snprintf(err, errlen, "give only one of -c, -i and -n");
		return -1;
	}
	o->hint = h;
	return 0;
}

static int set_decay(struct mosrun_opts *o, enum mosrun_decay v, char *err,
		     size_t errlen)
{
	if (o->decay != MOSRUN_DECAY_KEEP && o->decay != v) {
		snprintf(err, errlen, "give only one of -s and -f");
		return -1;
	}
	o->decay = v;
	return 0;
}

int mosrun_parse_args(int argc, char **argv, struct mosrun_opts *o,
		      char *err, size_t errlen)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *arg;

		if (a[0] != '-' || !a[1])
			break;
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "--help")) {
			o->help = true;
			return 0;
		}
		if (isdigit((unsigned char)a[1])) {
			if (set_node(o, a + 1, err, errlen))
				return -1;
			continue;
		}
		for (const char *c = a + 1; *c; c++) {
			int r = 0;

			switch (*c) {
			case 'h': r = set_where(o, MOSRUN_HOME, err, errlen); break;
			case 'l': r = set_lock(o, MOSRUN_LOCK_ALLOW, err, errlen); break;
			case 'L': r = set_lock(o, MOSRUN_LOCK_PIN, err, errlen); break;
			case 'k': r = set_lock(o, MOSRUN_LOCK_KEEP, err, errlen); break;
			case 'c': r = set_hint(o, MOSRUN_HINT_CPU, err, errlen); break;
			case 'i': r = set_hint(o, MOSRUN_HINT_IO, err, errlen); break;
			case 'n': r = set_hint(o, MOSRUN_HINT_NONE, err, errlen); break;
			case 's': r = set_decay(o, MOSRUN_DECAY_SLOW, err, errlen); break;
			case 'f': r = set_decay(o, MOSRUN_DECAY_FAST, err, errlen); break;
			case 'F': o->fallback = true; break;
			case 'N':
			case 'j':
			case 'S':
				arg = flag_arg(argc, argv, &i, c + 1, *c, err, errlen);
				if (!arg)
					return -1;
				if (*c == 'N')
					r = set_node(o, arg, err, errlen);
				else if (*c == 'S')
					o->socket = arg;
				else if (!(r = set_where(o, MOSRUN_LIST, err, errlen)))
					r = mosrun_parse_list(arg, o, err, errlen);
				if (r)
					return -1;
				goto next_word;
			default:
				snprintf(err, errlen, "unknown option -%c", *c);
				return -1;
			}
			if (r)
				return -1;
		}
next_word:;
	}
	if (i >= argc) {
		snprintf(err, errlen, "no command given");
		return -1;
	}
	o->cmd = i;
	return 0;
}
