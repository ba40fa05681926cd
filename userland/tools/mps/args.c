// SPDX-License-Identifier: GPL-2.0
#include "mps.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_pids(struct mps_opts *o, const char *list, char *err,
		    size_t errlen)
{
	char buf[512], *save = NULL;

	if (strlen(list) >= sizeof(buf)) {
		snprintf(err, errlen, "-p: list too long");
		return -1;
	}
	strcpy(buf, list);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char *end;
		long v;

		errno = 0;
		v = strtol(t, &end, 10);
		if (errno || end == t || *end || v <= 0 || v > INT_MAX) {
			snprintf(err, errlen, "-p: '%s' is not a process id", t);
			return -1;
		}
		if (o->npids == sizeof(o->pids) / sizeof(o->pids[0])) {
			snprintf(err, errlen, "-p: too many process ids");
			return -1;
		}
		o->pids[o->npids++] = (pid_t)v;
	}
	return 0;
}

int mps_parse_args(int argc, char **argv, struct mps_opts *o,
		   char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help")) {
			o->help = true;
			return 0;
		}
		if (a[0] != '-' || !a[1]) {
			snprintf(err, errlen, "unexpected argument '%s'", a);
			return -1;
		}
		for (const char *c = a + 1; *c; c++) {
			switch (*c) {
			case 'm':
			case 'M':
				o->migrated_only = true;
				break;
			case 'w':
				o->wide = true;
				break;
			case 'p':
				if (c[1]) {
					if (add_pids(o, c + 1, err, errlen))
						return -1;
				} else if (i + 1 < argc) {
					if (add_pids(o, argv[++i], err, errlen))
						return -1;
				} else {
					snprintf(err, errlen, "-p needs a process id list");
					return -1;
				}
				goto next;
			default:
				snprintf(err, errlen, "unknown option -%c", *c);
				return -1;
			}
		}
next:;
	}
	return 0;
}

int mps_parse_stat(const char *line, struct mps_stat *st)
{
	const char *open = strchr(line, '('), *close = strrchr(line, ')');
	unsigned long long utime, stime;
	size_t n;

	memset(st, 0, sizeof(*st));
	if (!open || !close || close < open)
		return -EINVAL;
	n = (size_t)(close - open - 1);
	if (n >= sizeof(st->comm))
		n = sizeof(st->comm) - 1;
	memcpy(st->comm, open + 1, n);
	st->comm[n] = '\0';
	/* state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
	 * cmajflt utime stime */
	if (sscanf(close + 1, " %c %*d %*d %*d %d %*d %*u %*u %*u %*u %*u %llu %llu",
		   &st->state, &st->tty_nr, &utime, &stime) != 4)
		return -EINVAL;
	st->ticks = utime + stime;
	return 0;
}

void mps_tty_name(int tty_nr, char *buf, size_t len)
{
	unsigned int major = ((unsigned int)tty_nr >> 8) & 0xfff;
	unsigned int minor = ((unsigned int)tty_nr & 0xff) |
			     (((unsigned int)tty_nr >> 12) & 0xfff00);

	if (tty_nr == 0)
		snprintf(buf, len, "?");
	else if (major >= 136 && major <= 143)
		snprintf(buf, len, "pts/%u", minor + (major - 136) * 256);
	else if (major == 4 && minor < 64)
		snprintf(buf, len, "tty%u", minor);
	else if (major == 4)
		snprintf(buf, len, "ttyS%u", minor - 64);
	else
		snprintf(buf, len, "%u,%u", major, minor);
}
