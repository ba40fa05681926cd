// SPDX-License-Identifier: GPL-2.0
/*
 * runhome: run a command at home with automatic migration disabled; the
 * same as "mosrun -h". The lock is inherited by the command's children.
 */
#include "runhome.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <hpc/procfs.h>

#include "../common/tool.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: runhome command [args...]\n"
		   "Run command at home, locked there (the same as mosrun -h).\n");
}

int main(int argc, char **argv)
{
	struct runhome_opts o;
	char err[256], buf[32];
	uint32_t self, where;
	int ret;

	tool_name = "runhome";
	ret = runhome_parse_args(argc, argv, &o, err, sizeof(err));
	ret = tool_args_outcome(ret, err, o.help, usage, 125);
	if (ret >= 0)
		return ret;
	ret = hpcfs_check();
	if (!ret)
		ret = hpcfs_pid_write(0, "lock", "1");
	if (ret) {
		tool_procfs_err("locking", ret);
		return 125;
	}
	/* Come home first if the caller runs away from home. An unconfigured
	 * node (no mospe) is home by definition. */
	if (!hpcfs_self_id(&self) && !hpcfs_pid_where(0, &where) &&
	    where != self) {
		snprintf(buf, sizeof(buf), "exec %u", self);
		ret = hpcfs_pid_write(0, "goto", buf);
		if (ret) {
			tool_procfs_err("asking to come home", ret);
			return 125;
		}
	}
	execvp(argv[o.cmd], argv + o.cmd);
	ret = errno;
	tool_err("%s: %s", argv[o.cmd], strerror(ret));
	return ret == ENOENT ? 127 : 126;
}
