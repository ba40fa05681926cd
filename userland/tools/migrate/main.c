// SPDX-License-Identifier: GPL-2.0
/*
 * migrate: ask a process to move to a node, to come home, or to be left to
 * the balancer. The kernel queues the request and the process moves at its
 * next return to user mode, so success means "asked", not "arrived".
 */
#include "migrate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <hpc/procfs.h>

#include "../common/tool.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: migrate PID {node | home | balance}\n"
		"  node     move the process to that node id\n"
		"  home     bring it back to its home node\n"
		"  balance  unlock it, so the balancer may move it where it fits\n");
}

/* On EPERM, the kernel says why in cantmove; pass that on. */
static int perm_err(pid_t pid, int ret)
{
	char why[256], what[64];

	snprintf(what, sizeof(what), "pid %d", (int)pid);
	if ((ret == -EPERM || ret == -EACCES) &&
	    !hpcfs_pid_read(pid, "cantmove", why, sizeof(why)) &&
	    strcmp(why, "movable")) {
		tool_err("%s: not permitted: %s", what, why);
		return 1;
	}
	return tool_procfs_err(what, ret);
}

int main(int argc, char **argv)
{
	struct migrate_opts o;
	char err[256], what[64];
	uint32_t id;
	int ret;

	tool_name = "migrate";
	ret = migrate_parse_args(argc, argv, &o, err, sizeof(err));
	ret = tool_args_outcome(ret, err, o.help, usage, 2);
	if (ret >= 0)
		return ret;
	ret = hpcfs_check();
	if (ret)
		return tool_procfs_err(NULL, ret);
	snprintf(what, sizeof(what), "pid %d", (int)o.pid);

	switch (o.target) {
	case MIGRATE_NODE:
		ret = hpcfs_node_check(o.node_arg, &id);
		if (ret == -ENOENT)
			return tool_unknown_node(o.node_arg);
		if (ret)
			return tool_procfs_err("reading the cluster map", ret);
		ret = hpcfs_pid_write(o.pid, "goto", o.node_arg);
		if (ret == -EINVAL)
			return tool_unknown_node(o.node_arg);
		break;
	case MIGRATE_HOME:
		ret = hpcfs_pid_write(o.pid, "goto", "home");
		break;
	case MIGRATE_BALANCE:
		/* The ABI has no "balance" request: unpinning is what lets
		 * the balancer consider the process at its next round. */
		ret = hpcfs_pid_write(o.pid, "lock", "0");
		break;
	}
	if (ret)
		return perm_err(o.pid, ret);
	return 0;
}
