// SPDX-License-Identifier: GPL-2.0
#include "tool.h"

#include <stdarg.h>
#include <stdio.h>

#include <hpc/procfs.h>

const char *tool_name = "hpc";

void tool_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", tool_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int tool_procfs_err(const char *what, int err)
{
	if (what)
		tool_err("%s: %s", what, hpcfs_strerror(err));
	else
		tool_err("%s", hpcfs_strerror(err));
	return 1;
}

int tool_args_outcome(int parse_ret, const char *err, bool help,
		      void (*usage)(FILE *), int usage_code)
{
	if (parse_ret) {
		tool_err("%s", err);
		usage(stderr);
		return usage_code;
	}
	if (help) {
		usage(stdout);
		return 0;
	}
	return -1;
}

int tool_unknown_node(const char *arg)
{
	tool_err("node %s is not in the cluster map (%s/hpc/admin/config)",
		 arg, hpcfs_root());
	return 1;
}
