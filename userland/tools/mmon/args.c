// SPDX-License-Identifier: GPL-2.0
#include "mmon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mmon_parse_args(int argc, char **argv, struct mmon_opts *o,
		    char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	o->interval_ms = 1000;
	o->view = MMON_LOAD;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			o->help = true;
			return 0;
		} else if (!strcmp(a, "-1")) {
			o->once = true;
		} else if (!strcmp(a, "-F") || !strcmp(a, "-S") ||
			   !strcmp(a, "-t") || !strcmp(a, "-v")) {
			const char *v;

			if (i + 1 >= argc) {
				snprintf(err, errlen, "%s needs an argument", a);
				return -1;
			}
			v = argv[++i];
			if (a[1] == 'F') {
				o->file = v;
			} else if (a[1] == 'S') {
				o->socket = v;
			} else if (a[1] == 't') {
				char *end;
				double s = strtod(v, &end);

				if (end == v || *end || !(s >= 0.1 && s <= 3600)) {
					snprintf(err, errlen,
						 "-t: '%s' is not an interval (0.1 to 3600 seconds)", v);
					return -1;
				}
				o->interval_ms = (int)(s * 1000);
			} else {
				if (strlen(v) != 1 || !mmon_is_view(v[0]) ||
				    v[0] == MMON_HELP) {
					snprintf(err, errlen,
						 "-v: '%s' is not a view (l, s, m, u, d or t)", v);
					return -1;
				}
				o->view = v[0];
			}
		} else {
			snprintf(err, errlen, "unknown argument '%s'", a);
			return -1;
		}
	}
	if (o->file && o->socket) {
		snprintf(err, errlen, "give either -F or -S");
		return -1;
	}
	return 0;
}
