// SPDX-License-Identifier: GPL-2.0-only
/*
 * The deputy: the process's task at home while its body runs elsewhere.
 *
 * It keeps the PID, the parent, the files and the credentials, but no user
 * memory. It waits for its body in an interruptible loop, runs task_work
 * between messages (a deferred fput, for one), keeps the channel alive
 * and asks the body home when the process must be here: a signal to
 * deliver, or a "goto home".
 *
 * Deputy states (see Documentation/hpc/design.rst):
 *   SERVING   waiting for messages; pings every HPC_PING_INTERVAL
 *   RECALLING COME_HOME sent, waiting for the image
 *   ADOPTING  receiving the image back, then HOME
 *   LOST      silence for HPC_DEAD_TIMEOUT or a broken channel: SIGKILL
 */
#define pr_fmt(fmt) "hpc: " fmt

#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/task_work.h>
#include "internal.h"

static bool hpc_deputy_wants_home(struct task_struct *tsk)
{
	return signal_pending(tsk) || READ_ONCE(tsk->hpc.target) == 0;
}

static void hpc_deputy_lost(struct hpc_conn *c, const char *why)
{
	pr_warn("node %u lost (%s): process %s (%d) killed\n", c->peer, why,
		current->comm, task_pid_nr(current));
	current->hpc.conn = NULL;
	current->hpc.role = HPC_ROLE_HOME;
	current->hpc.where = 0;
	hpc_conn_put(c);
	force_sig(SIGKILL);
}

/* The body came home: take the process back. */
static void hpc_deputy_adopt(struct hpc_conn *c)
{
	struct hpc_image_info info;
	int err;

	err = hpc_image_receive(c, &info);
	if (!err)
		err = hpc_conn_expect(c, HPC_MSG_MIG_COMMIT, HPC_IO_TIMEOUT);
	if (err) {
		hpc_deputy_lost(c, "coming home failed");
		return;
	}
	current->hpc.conn = NULL;
	current->hpc.role = HPC_ROLE_HOME;
	current->hpc.where = 0;
	current->hpc.target = 0;
	current->hpc.migrations = info.migrations;
	hpc_conn_put(c);
}

/**
 * hpc_deputy_serve() - serve the body until the process is home or dead
 * @c: the channel to the body; the deputy owns it
 *
 * Called by the process's own task right after it handed its image over.
 * Returns with the task home again (its registers and memory restored),
 * or with SIGKILL pending if the process was lost.
 */
void hpc_deputy_serve(struct hpc_conn *c)
{
	unsigned long next_ping = jiffies + HPC_PING_INTERVAL;
	bool recalled = false;
	int err;

	for (;;) {
		if (task_work_pending(current))
			task_work_run();
		if (fatal_signal_pending(current)) {
			/* closing the channel ends the body */
			current->hpc.conn = NULL;
			current->hpc.role = HPC_ROLE_HOME;
			current->hpc.where = 0;
			hpc_conn_put(c);
			return;
		}
		if (!recalled && hpc_deputy_wants_home(current)) {
			if (hpc_conn_send(c, HPC_MSG_COME_HOME, NULL, 0)) {
				hpc_deputy_lost(c, "channel broken");
				return;
			}
			recalled = true;
		}
		if (!hpc_conn_readable(c)) {
			/* with a signal pending only a killable sleep sleeps */
			err = hpc_conn_wait(c, HPC_PING_INTERVAL,
					    !signal_pending(current));
			if (err < 0 && !signal_pending(current))
				continue;
		}
		if (hpc_conn_readable(c)) {
			err = hpc_conn_recv(c, HPC_IO_TIMEOUT);
			if (err) {
				hpc_deputy_lost(c, "channel broken");
				return;
			}
			switch (c->msg.type) {
			case HPC_MSG_PING:
				hpc_conn_send(c, HPC_MSG_PONG, NULL, 0);
				break;
			case HPC_MSG_PONG:
				break;
			case HPC_MSG_MIG_TASK:
				hpc_deputy_adopt(c);
				return;
			default:
				hpc_deputy_lost(c, "protocol error");
				return;
			}
		}
		if (time_after(jiffies, c->last_rx + HPC_DEAD_TIMEOUT)) {
			hpc_deputy_lost(c, "no answer");
			return;
		}
		if (time_after(jiffies, next_ping)) {
			next_ping = jiffies + HPC_PING_INTERVAL;
			if (hpc_conn_send(c, HPC_MSG_PING, NULL, 0)) {
				hpc_deputy_lost(c, "channel broken");
				return;
			}
		}
	}
}
