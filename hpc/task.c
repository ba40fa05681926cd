// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-task migration state (task->hpc) and the migration trigger.
 *
 * task->hpc fields:
 *   lock, hint, decay
 *                  written through /proc/PID; inherited on fork and exec.
 *   role           enum hpc_role; only the task itself changes it.
 *   target         where the process is asked to be (0 = home); written by
 *                  /proc/PID/goto, read by the task.
 *   queued         1 while hpc.work is queued; cmpxchg'ed so one writer
 *                  queues it.
 *   where          node of the body while a deputy, 0 otherwise.
 *   conn           the channel of a deputy or a body; owned by the task.
 * A process moves itself in hpc_migrate_work(), a task_work run on its way
 * back to user mode, so nothing else changes it meanwhile.
 */
#define pr_fmt(fmt) "hpc: " fmt

#include <linux/mm.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/shm.h>
#include <linux/task_work.h>
#include "internal.h"

void hpc_fork(struct task_struct *p)
{
	u8 lock = p->hpc.lock, hint = p->hpc.hint, decay = p->hpc.decay;

	memset(&p->hpc, 0, sizeof(p->hpc));
	p->hpc.lock = lock;
	p->hpc.hint = hint;
	p->hpc.decay = decay;
	clear_task_syscall_work(p, HPC);
}

void hpc_exit(struct task_struct *tsk)
{
	struct hpc_conn *c = tsk->hpc.conn;

	if (!c)
		return;
	/* a deputy or a body ends: closing the channel ends the other side */
	if (tsk->hpc.role == HPC_ROLE_BODY)
		hpc_body_exit(tsk);
	tsk->hpc.conn = NULL;
	tsk->hpc.role = HPC_ROLE_HOME;
	clear_task_syscall_work(tsk, HPC);
	hpc_conn_put(c);
}

void hpc_execve(struct task_struct *tsk)
{
	u16 node = tsk->hpc.exec_target;

	if (!node)
		return;
	tsk->hpc.exec_target = 0;
	hpc_request_move(tsk, node);
}

static const char *hpc_mm_reason(struct task_struct *p, struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	struct vma_iterator vmi;
	const char *why = NULL;

	vma_iter_init(&vmi, mm, 0);
	if (mmap_read_lock_killable(mm))
		return "busy";
	if (mm->def_flags & VM_LOCKED)
		why = "locks its memory (mlockall)";
	for_each_vma(vmi, vma) {
		if (why)
			break;
		if (!vma->vm_file && vma->vm_ops)
			continue;	/* vDSO, vvar: the target has its own */
		if (vma->vm_flags & VM_LOCKED)
			why = "locks memory (mlock)";
		else if ((vma->vm_flags & VM_SHARED) &&
			 (vma->vm_flags & VM_MAYWRITE))
			why = "has a writable shared mapping";
		else if (vma->vm_flags & (VM_IO | VM_PFNMAP | VM_MIXEDMAP))
			why = "maps device memory";
	}
	mmap_read_unlock(mm);
	return why;
}

/**
 * hpc_cantmove_reason() - why @p cannot migrate
 * @p: a task (current, or one pinned by the caller)
 *
 * Return: NULL if it can, else a reason for /proc/PID/cantmove.
 */
const char *hpc_cantmove_reason(struct task_struct *p)
{
	struct mm_struct *mm;
	const char *why;

	if (p->flags & PF_KTHREAD)
		return "kernel thread";
	if (is_global_init(p) || task_tgid_nr(p) == 1)
		return "init";
	/*
	 * Whatever else holds, a guest is a guest: setpe -off and
	 * mosix-leave count guests by this line.
	 */
	if (p->hpc.role == HPC_ROLE_BODY)
		return "guest from another node";
	if (p->hpc.lock)
		return "locked";
	if (!hpc_auth_keyed())
		return "no cluster key installed";
	if (p->flags & PF_EXITING)
		return "exiting";
	if (get_nr_threads(p) > 1)
		return "has several threads";
	if (p->vfork_done)
		return "vfork child";
	if (p->ptrace)
		return "being traced";
	if (p->policy == SCHED_FIFO || p->policy == SCHED_RR ||
	    p->policy == SCHED_DEADLINE)
		return "uses real-time scheduling";
	if (test_tsk_thread_flag(p, TIF_ADDR32))
		return "32-bit process";
#ifdef CONFIG_SYSVIPC
	if (!list_empty(&p->sysvshm.shm_clist))
		return "uses SysV shared memory";
#endif
#ifdef CONFIG_X86_IOPL_IOPERM
	if (p->thread.io_bitmap || p->thread.iopl_emul)
		return "uses iopl/ioperm";
#endif
#ifdef CONFIG_MODIFY_LDT_SYSCALL
	if (p->mm && p->mm->context.ldt)
		return "uses a local descriptor table";
#endif
	mm = get_task_mm(p);
	if (!mm)
		return "kernel thread";
	/* our reference, and the task's own */
	if (atomic_read(&mm->mm_users) > 2) {
		mmput(mm);
		return "shares its memory with other tasks";
	}
	why = hpc_mm_reason(p, mm);
	mmput(mm);
	return why;
}

/**
 * hpc_request_move() - ask a process to move to @node (0: home)
 * @p: the process
 * @node: a node of the map, or 0
 *
 * Return: 0 once queued, or -EINVAL (unknown node), -EPERM (cannot
 * move), -ESRCH (exiting).
 */
int hpc_request_move(struct task_struct *p, u16 node)
{
	bool known;

	if (node == hpc_node_id())
		node = 0;
	if (node) {
		rcu_read_lock();
		known = hpc_config_map() &&
			hpc_map_contains(hpc_config_map(), node);
		rcu_read_unlock();
		if (!known || !hpc_node_id())
			return -EINVAL;
	}
	if (p->hpc.role == HPC_ROLE_DEPUTY) {
		/* the deputy loop watches target */
		WRITE_ONCE(p->hpc.target, node);
		wake_up_process(p);
		return 0;
	}
	if (!node && p->hpc.role == HPC_ROLE_HOME)
		return 0;		/* already home */
	if (hpc_cantmove_reason(p))
		return -EPERM;
	WRITE_ONCE(p->hpc.target, node);
	if (cmpxchg(&p->hpc.queued, 0, 1))
		return 0;
	init_task_work(&p->hpc.work, hpc_migrate_work);
	if (task_work_add(p, &p->hpc.work, TWA_RESUME)) {
		p->hpc.queued = 0;
		return -ESRCH;
	}
	return 0;
}

/* Home: send current to @node and serve it as its deputy until it is back */
static void hpc_migrate_out(u16 node)
{
	struct hpc_conn *c;
	const char *why;
	int err;

	why = hpc_cantmove_reason(current);
	if (why) {
		pr_info_ratelimited("%s (%d) cannot move: %s\n", current->comm,
				    task_pid_nr(current), why);
		return;
	}
	c = hpc_conn_connect(node);
	if (IS_ERR(c)) {
		pr_warn_ratelimited("cannot reach node %u: %ld\n", node,
				    PTR_ERR(c));
		return;
	}
	err = hpc_handshake_connect(c);
	if (!err)
		err = hpc_image_send(c);
	if (err) {
		/* nothing was handed over: carry on at home */
		pr_info_ratelimited("%s (%d) stays home: migration to node %u failed: %d\n",
				    current->comm, task_pid_nr(current), node,
				    err);
		hpc_conn_put(c);
		return;
	}
	/* committed: the body runs on @node, this task becomes its deputy */
	current->hpc.conn = c;
	current->hpc.where = node;
	current->hpc.migrations++;
	/* the body's mask, as it leaves; /proc/PID/status shows it from now */
	WRITE_ONCE(current->hpc.body_blocked, current->blocked.sig[0]);
	WRITE_ONCE(current->hpc.role, HPC_ROLE_DEPUTY);
	err = hpc_mm_drop();
	if (!err)
		err = hpc_deputy_scratch(c);
	if (err)
		pr_warn("deputy %d: no scratch area (%d): calls will fail\n",
			task_pid_nr(current), err);
	hpc_deputy_serve(c);
}

/**
 * hpc_migrate_work() - task_work: the task moves itself as it was asked
 * @cb: current->hpc.work
 */
void hpc_migrate_work(struct callback_head *cb)
{
	u16 target;

	WRITE_ONCE(current->hpc.queued, 0);
	if (fatal_signal_pending(current))
		return;
	target = READ_ONCE(current->hpc.target);
	switch (current->hpc.role) {
	case HPC_ROLE_HOME:
		if (target && target != hpc_node_id())
			hpc_migrate_out(target);
		break;
	case HPC_ROLE_BODY:
		if (!target || target == current->hpc.home)
			hpc_body_go_home();
		break;
	default:
		break;
	}
}

/**
 * hpc_handled_signals() - the signals the current process handles
 *
 * Home forwards these to a body, which holds them while it blocks them;
 * the others (a default action, a stop) home acts on, or holds for a body
 * that blocks them.
 *
 * Return: bit n-1 set for each signal n with a user handler.
 */
u64 hpc_handled_signals(void)
{
	struct sighand_struct *sh = current->sighand;
	u64 handled = 0;
	int sig;

	spin_lock_irq(&sh->siglock);
	for (sig = 1; sig <= HPC_NSIG; sig++) {
		__sighandler_t h = sh->action[sig - 1].sa.sa_handler;

		if (h != SIG_DFL && h != SIG_IGN)
			handled |= BIT_ULL(sig - 1);
	}
	spin_unlock_irq(&sh->siglock);
	return handled;
}

/**
 * hpc_blocked_pending() - the current process's pending signals it blocks
 *
 * What sigpending() answers: the thread's and the process's pending
 * signals that the mask holds back.
 *
 * Return: bit n-1 set for each such signal n.
 */
u64 hpc_blocked_pending(void)
{
	struct task_struct *tsk = current;
	u64 set;

	spin_lock_irq(&tsk->sighand->siglock);
	set = (tsk->pending.signal.sig[0] |
	       tsk->signal->shared_pending.signal.sig[0]) & tsk->blocked.sig[0];
	spin_unlock_irq(&tsk->sighand->siglock);
	return set;
}

/**
 * hpc_syscall_enter() - system call entry of a task with SYSCALL_WORK_HPC
 * @regs: the user registers of the call
 *
 * Return: true if the call must be skipped (regs->ax holds its result).
 */
bool hpc_syscall_enter(struct pt_regs *regs)
{
	if (current->hpc.role == HPC_ROLE_BODY)
		return hpc_body_syscall(regs);
	return false;
}

/**
 * hpc_recall_all() - send bodies home (expel) or call processes home (bring)
 * @role: HPC_ROLE_BODY for the guests running here, HPC_ROLE_DEPUTY for
 *        the local processes running elsewhere
 *
 * Return: how many were asked.
 */
int hpc_recall_all(enum hpc_role role)
{
	struct task_struct *p;
	int n = 0;

	rcu_read_lock();
	for_each_process(p) {
		if (READ_ONCE(p->hpc.role) != role)
			continue;
		WRITE_ONCE(p->hpc.target, 0);
		if (role == HPC_ROLE_DEPUTY) {
			wake_up_process(p);
		} else if (!cmpxchg(&p->hpc.queued, 0, 1)) {
			init_task_work(&p->hpc.work, hpc_migrate_work);
			if (task_work_add(p, &p->hpc.work, TWA_RESUME))
				p->hpc.queued = 0;
		}
		n++;
	}
	rcu_read_unlock();
	return n;
}
