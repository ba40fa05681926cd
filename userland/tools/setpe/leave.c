// SPDX-License-Identifier: GPL-2.0
/*
 * setpe -off: leave the cluster once nothing of ours runs elsewhere and
 * nothing of another node's runs here.
 *
 * Writing expel and bring only asks: each process moves at its own next
 * return to user mode, a move takes a while, and one can fail. So we watch
 * /proc until both lists are empty and only then clear the map; if that
 * does not happen in time the node stays a member and the caller learns
 * which processes are the reason.
 *
 * While we wait, block keeps new guests out (other nodes' balancers do not
 * know we are leaving) and stay keeps our balancer from sending processes
 * out again. Both get their previous values back at the end, whatever the
 * outcome, so that a later setpe -w finds the node as it was.
 */
#include "setpe.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpc/procfs.h>

#include "../common/tool.h"

#define POLL_MS		200	/* how often /proc is looked at */
#define NOTE_MS		5000	/* progress line, and the requests repeated */
#define LIST_SHOWN	20	/* PIDs named in a message, at most */

struct leave_proc {
	pid_t pid;
	uint32_t node;		/* where it runs (processes away only) */
};

struct leave_list {
	struct leave_proc *v;
	size_t n, cap;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int list_push(struct leave_list *l, pid_t pid, uint32_t node)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct leave_proc *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = (struct leave_proc){ pid, node };
	return 0;
}

static bool is_guest(pid_t pid)
{
	char why[128];

	return !hpcfs_pid_read(pid, "cantmove", why, sizeof(why)) &&
	       !strcmp(why, HPCFS_CANTMOVE_GUEST);
}

/*
 * Sort every process of this node into "ours, away" (its where names
 * another node) and "guest here". self is 0 when the node has no id: then
 * nothing of ours can be away. A process that ends while we look is
 * simply not counted.
 */
static int scan(uint32_t self, struct leave_list *away,
		struct leave_list *guests)
{
	pid_t *pids;
	size_t n;
	int ret;

	away->n = guests->n = 0;
	ret = hpcfs_list_pids(&pids, &n);
	for (size_t i = 0; !ret && i < n; i++) {
		uint32_t where;

		if (hpcfs_pid_where(pids[i], &where))
			continue;
		if (self && where && where != self)
			ret = list_push(away, pids[i], where);
		else if (is_guest(pids[i]))
			ret = list_push(guests, pids[i], 0);
	}
	free(pids);
	return ret;
}

/* "12 (on node 2), 40 (on node 3) and 5 more" into buf. */
static const char *list_str(const struct leave_list *l, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < l->n && i < LIST_SHOWN && off < len; i++) {
		int w;

		if (l->v[i].node)
			w = snprintf(buf + off, len - off, "%s%d (on node %u)",
				     i ? ", " : "", (int)l->v[i].pid, l->v[i].node);
		else
			w = snprintf(buf + off, len - off, "%s%d",
				     i ? ", " : "", (int)l->v[i].pid);
		if (w < 0)
			break;
		off += (size_t)w;
	}
	if (l->n > LIST_SHOWN && off < len)
		snprintf(buf + off, len - off, " and %zu more", l->n - LIST_SHOWN);
	return buf;
}

static int ask_home(void)
{
	int ret = hpcfs_admin_write("expel", "1");

	if (ret)
		return tool_procfs_err("expelling guests", ret);
	ret = hpcfs_admin_write("bring", "1");
	if (ret)
		return tool_procfs_err("bringing processes home", ret);
	return 0;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	/* a signal cuts it short; the caller looks at interrupted */
	nanosleep(&ts, NULL);
}

/*
 * Poll until nothing is away and no guest is here: 0 then, 1 (with the
 * remaining PIDs named) on time-out, interruption or a /proc error.
 */
static int wait_home(uint32_t self, unsigned int timeout_s)
{
	struct leave_list away = { 0 }, guests = { 0 };
	uint64_t start = now_ms(), deadline = start + timeout_s * 1000ull;
	uint64_t next_note = start + NOTE_MS, t;
	char buf[1024];
	int ret, rc = 1;

	for (;;) {
		ret = scan(self, &away, &guests);
		if (ret) {
			tool_err("listing processes in %s: %s", hpcfs_root(),
				 strerror(-ret));
			break;
		}
		if (!away.n && !guests.n) {
			rc = 0;
			break;
		}
		t = now_ms();
		if (interrupted || t >= deadline) {
			if (interrupted)
				tool_err("interrupted after %llu s",
					 (unsigned long long)(t - start) / 1000);
			else
				tool_err("timed out after %u s (-t sets the limit)",
					 timeout_s);
			if (away.n)
				tool_err("still away: %s", list_str(&away, buf, sizeof(buf)));
			if (guests.n)
				tool_err("guests still here: %s",
					 list_str(&guests, buf, sizeof(buf)));
			break;
		}
		if (t >= next_note) {
			tool_err("waiting (%llu s of %u): %zu process(es) still away, %zu guest(s) still here",
				 (unsigned long long)(t - start) / 1000,
				 timeout_s, away.n, guests.n);
			/* a process that was moving when we first asked missed it */
			if (ask_home())
				break;
			next_note += NOTE_MS;
		}
		sleep_ms(POLL_MS);
	}
	free(away.v);
	free(guests.v);
	return rc;
}

/* Admin flags held at 1 while we wait, then put back as they were. */
static struct {
	const char *name;
	unsigned long old;
	bool held;
} flags[] = { { "block", 0, false }, { "stay", 0, false } };

static int release_flags(void)
{
	char val[24];
	int ret, rc = 0;

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (!flags[i].held)
			continue;
		snprintf(val, sizeof(val), "%lu", flags[i].old);
		ret = hpcfs_admin_write(flags[i].name, val);
		if (ret) {
			snprintf(val, sizeof(val), "restoring %s", flags[i].name);
			rc = tool_procfs_err(val, ret);
		}
		flags[i].held = false;
	}
	return rc;
}

static int hold_flags(void)
{
	char what[32];
	int ret;

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		snprintf(what, sizeof(what), "setting %s", flags[i].name);
		ret = hpcfs_admin_read_ulong(flags[i].name, &flags[i].old);
		if (!ret)
			ret = hpcfs_admin_write(flags[i].name, "1");
		if (ret) {
			tool_procfs_err(what, ret);
			release_flags();
			return 1;
		}
		flags[i].held = true;
	}
	return 0;
}

int setpe_leave(unsigned int timeout_s)
{
	struct sigaction sa = { .sa_handler = on_signal };
	uint32_t self = 0;
	int ret, rc;

	ret = hpcfs_check();
	if (ret)
		return tool_procfs_err(NULL, ret);
	ret = hpcfs_self_id(&self);
	if (ret && ret != -ENOENT)
		return tool_procfs_err("reading this node's id", ret);

	/* no SA_RESTART: the wait must notice at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	if (hold_flags())
		return 1;
	rc = ask_home();
	if (!rc && timeout_s)
		rc = wait_home(self, timeout_s);
	if (!rc) {
		ret = hpcfs_admin_write("config", "\n");
		if (ret)
			rc = tool_procfs_err("clearing the map", ret);
	} else {
		tool_err("the map stays installed: this node is still in the cluster");
	}
	if (release_flags())
		rc = 1;
	return rc;
}
