// SPDX-License-Identifier: GPL-2.0
/*
 * mps: ps with a NODE column, the node where each process's body runs now
 * (/proc/PID/where). -m lists only the processes that run away from here.
 */
#include "mps.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpc/procfs.h>

#include "../common/tool.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mps [-m] [-w] [-p pid[,pid...]]\n"
		"  -m  only migrated processes (running away from this node)\n"
		"  -w  do not cut the command line\n"
		"  -p  only these processes\n"
		"NODE is where the process runs now; '-' if unknown.\n");
}

static void cmdline(pid_t pid, const char *comm, char *buf, size_t len)
{
	char rel[64], path[4096];
	FILE *f;
	size_t n;

	snprintf(rel, sizeof(rel), "%d/cmdline", (int)pid);
	f = fopen(hpcfs_path(path, sizeof(path), rel), "r");
	n = f ? fread(buf, 1, len - 1, f) : 0;
	if (f)
		fclose(f);
	if (n == 0) {
		/* kernel threads have no command line, ps shows [comm] */
		snprintf(buf, len, "[%s]", comm);
		return;
	}
	while (n && buf[n - 1] == '\0')
		n--;
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '\0' || buf[i] == '\n')
			buf[i] = ' ';
	buf[n] = '\0';
}

/* 1 if shown, 0 if filtered out or gone. */
static int show(const struct mps_opts *o, pid_t pid, uint32_t self, long hz)
{
	char line[1024], node[16], tty[16], cmd[4096];
	struct mps_stat st;
	uint32_t where;
	unsigned long long secs;
	int ret;

	if (hpcfs_pid_read(pid, "stat", line, sizeof(line)) ||
	    mps_parse_stat(line, &st))
		return 0;	/* exited meanwhile */
	ret = hpcfs_pid_where(pid, &where);
	if (o->migrated_only && (ret || !self || where == self || !where))
		return 0;
	if (ret)
		snprintf(node, sizeof(node), "-");
	else
		snprintf(node, sizeof(node), "%u", where);
	mps_tty_name(st.tty_nr, tty, sizeof(tty));
	cmdline(pid, st.comm, cmd, sizeof(cmd));
	if (!o->wide && strlen(cmd) > 80)
		cmd[80] = '\0';
	secs = st.ticks / (unsigned long long)hz;
	printf("%7d %-8s %5s %c %4llu:%02llu %s\n", (int)pid, tty, node,
	       st.state, secs / 60, secs % 60, cmd);
	return 1;
}

int main(int argc, char **argv)
{
	struct mps_opts o;
	char err[256];
	pid_t *pids = NULL;
	size_t n;
	uint32_t self = 0;
	long hz = sysconf(_SC_CLK_TCK);
	int ret, rc = 0;

	tool_name = "mps";
	ret = mps_parse_args(argc, argv, &o, err, sizeof(err));
	ret = tool_args_outcome(ret, err, o.help, usage, 2);
	if (ret >= 0)
		return ret;
	ret = hpcfs_check();
	if (ret)
		return tool_procfs_err(NULL, ret);
	if (hz <= 0)
		hz = 100;
	hpcfs_self_id(&self);	/* unconfigured: nothing counts as migrated */

	if (o.npids) {
		pids = o.pids;
		n = o.npids;
	} else if ((ret = hpcfs_list_pids(&pids, &n))) {
		tool_err("%s: %s", hpcfs_root(), strerror(-ret));
		return 1;
	}
	printf("%7s %-8s %5s %c %7s %s\n", "PID", "TTY", "NODE", 'S', "TIME",
	       "COMMAND");
	for (size_t i = 0; i < n; i++) {
		if (!show(&o, pids[i], self, hz) && o.npids && !o.migrated_only) {
			tool_err("pid %d: no such process", (int)pids[i]);
			rc = 1;
		}
	}
	if (!o.npids)
		free(pids);
	return rc;
}
