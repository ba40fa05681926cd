// SPDX-License-Identifier: GPL-2.0
/*
 * mosrun: start a command at home, on a given node or on a random node of a
 * list. mosrun sets the process's own /proc files and then execs the
 * command, so the command inherits stdin, stdout, stderr and the parent,
 * and its exit status is the one the shell sees. The move itself is asked
 * with "exec N" on /proc/self/goto: the kernel moves the process right after
 * the execve(2) succeeds.
 */
#include "mosrun.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <hpc/admin.h>
#include <hpc/map.h>
#include <hpc/procfs.h>

#include "../common/tool.h"

/* Like env(1) and nice(1): our own failures must not look like the
 * command's exit status. */
#define EXIT_MOSRUN	125
#define EXIT_CANNOT_RUN	126
#define EXIT_NOT_FOUND	127

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mosrun [-h | -<node> | -N node | -j ID1-ID2[,...]] [-F]\n"
		"              [-l | -L | -k] [-c | -i | -n] [-s | -f] [-S socket]\n"
		"              command [args...]\n"
		"  -h        run at home, locked there (as runhome)\n"
		"  -<node>   run on that node (e.g. -2), also -N node\n"
		"  -j list   run on a random node of the list, e.g. -j 1-4,7\n"
		"  -F        if the chosen node is down, use another one or home\n"
		"  -l        allow automatic migration    -L  lock (no automatic migration)\n"
		"  -k        keep the inherited setting (default, except with -h)\n"
		"  -c        CPU-bound hint   -i  I/O-bound hint   -n  no hint\n"
		"  -s, -f    slow/fast load decay: the balancer forgets past CPU use\n"
		"            slowly (jobs with short I/O pauses) or at once (default);\n"
		"            without either, the inherited setting is kept\n"
		"  -S path   balancer admin socket (default $MOSIXD_SOCKET or %s)\n",
		ADMINC_DEFAULT_PATH);
}

static uint32_t pick_random(uint32_t n)
{
	uint32_t r;

	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		r = (uint32_t)getpid() ^ (uint32_t)time(NULL);
	return r % n;
}

static bool node_is_up(const struct adminc_nodes *ns, uint32_t id)
{
	const struct adminc_node *n = adminc_nodes_find(ns, id);

	return n && (n->state == ADMINC_UP || n->state == ADMINC_SELF);
}

/*
 * A node the balancer has not heard from yet (just booted, or the daemon
 * just started) is not refused: only one it saw go silent is.
 */
static bool node_not_dead(const struct adminc_nodes *ns, uint32_t id)
{
	const struct adminc_node *n = adminc_nodes_find(ns, id);

	return !n || n->state != ADMINC_DEAD;
}

/*
 * Choose the target node: 0 for "here, no move". Every id given must be in
 * the map. Liveness comes from the balancer; without it we just try.
 */
static int choose_node(const struct mosrun_opts *o, const struct map *m,
		       uint32_t self, uint32_t *target)
{
	struct adminc_nodes ns = { 0 };
	char err[256];
	bool have_daemon;
	uint32_t cand[1024];
	size_t ncand = 0, total;
	int rc = 0;

	if (o->where == MOSRUN_NODE) {
		char s[16];

		snprintf(s, sizeof(s), "%u", o->node);
		if (map_id_to_addr(m, o->node, NULL))
			return tool_unknown_node(s);
	}
	total = o->where == MOSRUN_LIST ? mosrun_list_count(o) : 0;
	for (size_t i = 0; i < total; i++) {
		uint32_t id = mosrun_list_at(o, i);
		char s[16];

		snprintf(s, sizeof(s), "%u", id);
		if (map_id_to_addr(m, id, NULL))
			return tool_unknown_node(s);
	}

	have_daemon = !adminc_get_nodes(adminc_socket_path(o->socket), &ns,
					err, sizeof(err));

	if (o->where == MOSRUN_NODE) {
		*target = o->node;
		if (!have_daemon || node_not_dead(&ns, o->node))
			goto out;
		if (!o->fallback) {
			tool_err("node %u is down (use -F to fall back)", o->node);
			rc = 1;
			goto out;
		}
	}
	/* -j, or -F after the chosen node was found down: a random live node
	 * of the list (or of the whole map for -F with one node). */
	if (o->where == MOSRUN_LIST) {
		for (size_t i = 0; i < total && ncand < 1024; i++) {
			uint32_t id = mosrun_list_at(o, i);

			if (!have_daemon || node_is_up(&ns, id))
				cand[ncand++] = id;
		}
	} else {
		for (size_t i = 0; i < ns.n && ncand < 1024; i++)
			if (ns.v[i].state == ADMINC_UP)
				cand[ncand++] = ns.v[i].id;
	}
	if (ncand) {
		*target = cand[pick_random((uint32_t)ncand)];
	} else if (o->fallback) {
		tool_err("no node of the list is up; running at home");
		*target = self;
	} else {
		tool_err("no node of the list is up (use -F to run at home)");
		rc = 1;
	}
out:
	adminc_nodes_fini(&ns);
	return rc;
}

static int set_file(const char *name, const char *val, const char *what)
{
	int ret = hpcfs_pid_write(0, name, val);

	if (ret)
		return tool_procfs_err(what, ret);
	return 0;
}

int main(int argc, char **argv)
{
	struct mosrun_opts o;
	struct map m;
	struct map_error me;
	char err[256], buf[32];
	uint32_t self = 0, target = 0, where = 0;
	enum mosrun_lock lock;
	int ret;

	tool_name = "mosrun";
	ret = mosrun_parse_args(argc, argv, &o, err, sizeof(err));
	ret = tool_args_outcome(ret, err, o.help, usage, EXIT_MOSRUN);
	if (ret >= 0)
		return ret;
	ret = hpcfs_check();
	if (ret) {
		tool_procfs_err(NULL, ret);
		return EXIT_MOSRUN;
	}

	map_init(&m);
	if (o.where == MOSRUN_NODE || o.where == MOSRUN_LIST ||
	    o.where == MOSRUN_HOME) {
		ret = hpcfs_self_id(&self);
		if (ret == -ENOENT) {
			tool_err("this node is not configured (run setpe -w)");
			goto fail;
		}
		if (ret) {
			tool_procfs_err("reading this node's id", ret);
			goto fail;
		}
		ret = hpcfs_map_read(&m, &me);
		if (ret) {
			tool_procfs_err("reading the cluster map", ret);
			goto fail;
		}
		/* Started from a process that is away: -h must come back. */
		ret = hpcfs_pid_where(0, &where);
		if (ret) {
			tool_procfs_err("reading /proc/self/where", ret);
			goto fail;
		}
	}
	if (o.where == MOSRUN_NODE || o.where == MOSRUN_LIST) {
		if (choose_node(&o, &m, self, &target))
			goto fail;
	} else if (o.where == MOSRUN_HOME) {
		target = self;
	}
	map_fini(&m);

	lock = o.lock;
	if (lock == MOSRUN_LOCK_DEFAULT)
		lock = o.where == MOSRUN_HOME ? MOSRUN_LOCK_PIN : MOSRUN_LOCK_KEEP;
	if (lock == MOSRUN_LOCK_PIN && set_file("lock", "1", "locking"))
		return EXIT_MOSRUN;
	if (lock == MOSRUN_LOCK_ALLOW && set_file("lock", "0", "unlocking"))
		return EXIT_MOSRUN;

	if (o.hint != MOSRUN_HINT_KEEP &&
	    set_file("hint", o.hint == MOSRUN_HINT_CPU ? "cpu" :
			     o.hint == MOSRUN_HINT_IO ? "io" : "none",
		     "setting the hint"))
		return EXIT_MOSRUN;
	if (o.decay != MOSRUN_DECAY_KEEP &&
	    set_file("decay", o.decay == MOSRUN_DECAY_SLOW ? "slow" : "fast",
		     "setting the load decay"))
		return EXIT_MOSRUN;

	if (target && target != where) {
		snprintf(buf, sizeof(buf), "exec %u", target);
		ret = hpcfs_pid_write(0, "goto", buf);
		if (ret == -EINVAL) {
			snprintf(buf, sizeof(buf), "%u", target);
			tool_unknown_node(buf);
			return EXIT_MOSRUN;
		}
		if (ret) {
			tool_procfs_err("asking to move", ret);
			return EXIT_MOSRUN;
		}
	}

	execvp(argv[o.cmd], argv + o.cmd);
	ret = errno;
	tool_err("%s: %s", argv[o.cmd], strerror(ret));
	return ret == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
fail:
	map_fini(&m);
	return EXIT_MOSRUN;
}
