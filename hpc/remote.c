// SPDX-License-Identifier: GPL-2.0-only
/*
 * The remote body: a process whose home is another node.
 *
 * The listener gives each incoming channel to a new task made with
 * user_mode_thread(); that task receives the image, becomes the process and
 * returns to user mode with its registers. It runs unprivileged here.
 * Anything it cannot do locally sends it home: for now, every system call
 * (the call is rewound and made again at home, as a restart would).
 */
#define pr_fmt(fmt) "hpc: " fmt

#include <linux/cred.h>
#include <linux/highuid.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/uidgid.h>
#include <asm/syscall.h>
#include "internal.h"

struct hpc_body_start {
	struct callback_head	work;
	unsigned long		ax;
};

/* ret_from_fork() zeroed ax after the thread function: put it back. */
static void hpc_body_fix_ax(struct callback_head *cb)
{
	struct hpc_body_start *s = container_of(cb, struct hpc_body_start,
						work);

	current_pt_regs()->ax = s->ax;
	kfree(s);
}

/* Bodies never need this node's privileges. */
static int hpc_body_drop_privileges(void)
{
	struct cred *new = prepare_creds();

	if (!new)
		return -ENOMEM;
	new->uid = new->euid = new->suid = new->fsuid =
		make_kuid(&init_user_ns, overflowuid);
	new->gid = new->egid = new->sgid = new->fsgid =
		make_kgid(&init_user_ns, overflowgid);
	cap_clear(new->cap_inheritable);
	cap_clear(new->cap_permitted);
	cap_clear(new->cap_effective);
	cap_clear(new->cap_bset);
	cap_clear(new->cap_ambient);
	return commit_creds(new);
}

/* The body's end of the channel has something for it: handle it here. */
static void hpc_body_rx(struct callback_head *cb)
{
	struct hpc_conn *c = container_of(cb, struct hpc_conn, kick_work);
	int err;

	atomic_set(&c->kick_queued, 0);
	while (current->hpc.role == HPC_ROLE_BODY && hpc_conn_readable(c)) {
		err = hpc_conn_recv(c, HPC_IO_TIMEOUT);
		if (err)
			goto lost;
		switch (c->msg.type) {
		case HPC_MSG_PING:
			err = hpc_conn_send(c, HPC_MSG_PONG, NULL, 0);
			break;
		case HPC_MSG_PONG:
			break;
		case HPC_MSG_COME_HOME:
			hpc_body_go_home();
			return;
		default:
			pr_warn_ratelimited("body %d: unexpected message %u\n",
					    task_pid_nr(current),
					    c->msg.type);
			err = -EPROTO;
			break;
		}
		if (err)
			goto lost;
	}
	return;
lost:
	pr_warn_ratelimited("body %d (home pid %u on node %u): home lost\n",
			    task_pid_nr(current), current->hpc.home_pid,
			    current->hpc.home);
	force_sig(SIGKILL);
}

/**
 * hpc_body_go_home() - send the body back to its home node, then vanish
 *
 * Runs in the body on its way to user mode. Once home has committed,
 * this task is no longer the process and exits silently; if home cannot
 * take it, the process is lost with its home channel and dies.
 */
void hpc_body_go_home(void)
{
	struct hpc_conn *c = current->hpc.conn;
	int err;

	hpc_conn_no_kick(c);
	err = hpc_image_send(c);
	if (err) {
		pr_warn_ratelimited("body %d cannot go home to node %u: %d\n",
				    task_pid_nr(current), c->peer, err);
		force_sig(SIGKILL);
		return;
	}
	/* the process lives at home now: this copy ends without a trace */
	clear_syscall_work(HPC);
	current->hpc.role = HPC_ROLE_HOME;
	current->hpc.conn = NULL;
	hpc_conn_put(c);
	do_exit(0);
}

/**
 * hpc_body_syscall() - a body makes a system call
 * @regs: its registers
 *
 * Return: true if the call is not to run here.
 */
bool hpc_body_syscall(struct pt_regs *regs)
{
	/* rewind to the syscall instruction and make the call at home */
	regs->ax = regs->orig_ax;
	regs->ip -= 2;
	current->hpc.target = 0;
	if (!cmpxchg(&current->hpc.queued, 0, 1)) {
		init_task_work(&current->hpc.work, hpc_migrate_work);
		if (task_work_add(current, &current->hpc.work, TWA_RESUME))
			current->hpc.queued = 0;
	}
	return true;
}

static int hpc_body_main(void *arg)
{
	struct hpc_conn *c = arg;
	struct hpc_image_info info;
	struct hpc_body_start *start;
	int err;

	start = kzalloc(sizeof(*start), GFP_KERNEL);
	if (!start) {
		err = -ENOMEM;
		goto fail;
	}
	spin_lock_irq(&current->sighand->siglock);
	flush_signal_handlers(current, 1);
	spin_unlock_irq(&current->sighand->siglock);
	err = hpc_handshake_accept(c);
	if (err)
		goto fail;
	err = hpc_conn_expect(c, HPC_MSG_MIG_TASK, HPC_IO_TIMEOUT);
	if (err)
		goto fail;
	if (READ_ONCE(hpc_admin_block)) {
		u8 ack[sizeof(struct hpc_wire_ack)];

		hpc_wire_encode_ack(ack, EBUSY);
		hpc_conn_send(c, HPC_MSG_MIG_ACK, ack, sizeof(ack));
		err = -EBUSY;
		goto fail;
	}
	err = hpc_image_receive(c, &info);
	if (err)
		goto fail;
	err = hpc_conn_expect(c, HPC_MSG_MIG_COMMIT, HPC_IO_TIMEOUT);
	if (err)
		goto fail;
	err = hpc_body_drop_privileges();
	if (err)
		goto fail;

	current->hpc.role = HPC_ROLE_BODY;
	current->hpc.home = c->peer;
	current->hpc.home_pid = info.home_pid;
	current->hpc.migrations = info.migrations;
	current->hpc.conn = c;
	set_syscall_work(HPC);
	start->ax = info.saved_ax;
	init_task_work(&start->work, hpc_body_fix_ax);
	err = task_work_add(current, &start->work, TWA_RESUME);
	if (err)
		goto fail_body;
	hpc_conn_kick_on_data(c, current, hpc_body_rx);
	pr_info("body of pid %u from node %u runs here as %d\n",
		info.home_pid, c->peer, task_pid_nr(current));
	return 0;	/* to user mode, as the process */

fail_body:
	current->hpc.role = HPC_ROLE_HOME;
	current->hpc.conn = NULL;
	clear_syscall_work(HPC);
fail:
	kfree(start);
	hpc_conn_put(c);
	do_exit(0);
}

/**
 * hpc_remote_spawn() - start a task that will become a body
 * @c: a channel just accepted; the new task owns it
 *
 * Return: 0 or a negative errno (the caller still owns @c then).
 */
int hpc_remote_spawn(struct hpc_conn *c)
{
	pid_t pid;

	/* CLONE_PARENT: kthreadd ignores SIGCHLD, so bodies are auto-reaped */
	pid = user_mode_thread(hpc_body_main, c, CLONE_PARENT | SIGCHLD);
	return pid < 0 ? pid : 0;
}
