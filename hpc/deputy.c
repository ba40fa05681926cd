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

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/futex.h>
#include <linux/hrtimer.h>
#include <linux/mman.h>
#include <linux/posix-timers.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/cputime.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/task_work.h>
#include <linux/uaccess.h>
#include <asm/syscall.h>
#include "internal.h"

/*
 * Signals the process handles go to the body, whose handlers run there.
 * Others (a default action, a stop) stay pending and recall the body, so
 * the kernel acts on them at home. Returns how many were forwarded, or
 * a negative errno for a broken channel.
 */
static int hpc_deputy_forward_signals(struct hpc_conn *c)
{
	struct sighand_struct *sh = current->sighand;
	int n = 0;

	for (;;) {
		u8 msg[sizeof(struct hpc_wire_signal)];
		struct hpc_signal_desc d;
		kernel_siginfo_t info;
		enum pid_type type;
		sigset_t keep;
		int sig, err;

		/* dequeue only signals with a user handler */
		sigfillset(&keep);
		spin_lock_irq(&sh->siglock);
		for (sig = 1; sig <= HPC_NSIG; sig++) {
			__sighandler_t h = sh->action[sig - 1].sa.sa_handler;

			if (h != SIG_DFL && h != SIG_IGN &&
			    sig != SIGKILL && sig != SIGSTOP)
				sigdelset(&keep, sig);
		}
		sig = dequeue_signal(&keep, &info, &type);
		spin_unlock_irq(&sh->siglock);
		if (sig <= 0)
			return n;
		d.signo = sig;
		d.code = info.si_code;
		d.pid = info.si_pid;
		d.uid = info.si_uid;
		hpc_wire_encode_signal(msg, &d);
		err = hpc_conn_send(c, HPC_MSG_SIGNAL, msg, sizeof(msg));
		if (err)
			return err;
		n++;
	}
}

/*
 * The deputy blocks what the body blocks (hpc.body_blocked), except the
 * signals the process handles: those go to the body at once, which keeps
 * them pending while it blocks them, where sigpending() sees them. So a
 * signal with a default action that the body blocks stays pending here,
 * neither ending the process nor calling it home, until the body
 * unblocks it. Returns true if a signal may now be acted on.
 */
static bool hpc_deputy_mask(void)
{
	sigset_t set;

	set.sig[0] = READ_ONCE(current->hpc.body_blocked) &
		     ~hpc_handled_signals();
	set_current_blocked(&set);
	return signal_pending(current);
}

/*
 * HPC_SYS_SIGMASK: block what the body blocks, tell it the signals held
 * here for it (pending and blocked, native u64 at @uheld), and whether
 * one may now be delivered.
 */
static long hpc_deputy_held(unsigned long uheld)
{
	long ret = hpc_deputy_mask();
	u64 held = hpc_blocked_pending();

	if (copy_to_user((void __user *)uheld, &held, sizeof(held)))
		return -EFAULT;
	return ret;
}

/* The process must be home: a signal to act on, or a move elsewhere. */
static bool hpc_deputy_wants_home(struct task_struct *tsk)
{
	return signal_pending(tsk) ||
	       READ_ONCE(tsk->hpc.target) != tsk->hpc.where;
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

/**
 * hpc_deputy_scratch() - map the deputy's scratch area for call buffers
 * @c: its channel
 *
 * Return: 0 or a negative errno.
 */
int hpc_deputy_scratch(struct hpc_conn *c)
{
	unsigned long addr;

	addr = vm_mmap(NULL, 0, HPC_SCRATCH_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	c->scratch = addr;
	return 0;
}

/* HPC_SYS_FDPATH: the path of a regular file open at home, into @ubuf */
static long hpc_deputy_fdpath(u64 fd, unsigned long ubuf, unsigned long uid)
{
	struct file *file;
	char *buf, *path;
	s64 id[2];
	long ret;

	if (fd > INT_MAX)
		return -EBADF;
	file = fget(fd);
	if (!file)
		return -EBADF;
	buf = kmalloc(HPC_PATH_MAX, GFP_KERNEL);
	if (!buf) {
		ret = -ENOMEM;
		goto out_fput;
	}
	ret = -EINVAL;
	if (!S_ISREG(file_inode(file)->i_mode))
		goto out;
	path = d_path(&file->f_path, buf, HPC_PATH_MAX);
	if (IS_ERR(path)) {
		ret = PTR_ERR(path);
		goto out;
	}
	ret = strlen(path) + 1;
	hpc_file_identity(file, (u64 *)&id[0], &id[1]);
	if (copy_to_user((void __user *)ubuf, path, ret) ||
	    copy_to_user((void __user *)uid, id, sizeof(id)))
		ret = -EFAULT;
out:
	kfree(buf);
out_fput:
	fput(file);
	return ret;
}

/*
 * Run one forwarded call: check it against the description table, put
 * its input buffers in the scratch area, point the arguments there, run
 * it through the ordinary system call table and send the result back
 * with the output buffers. Returns 0, or an error that ends the channel.
 */
static int hpc_deputy_syscall(struct hpc_conn *c)
{
	struct hpc_syscall_desc sc;
	struct hpc_sysret_desc r = {};
	struct hpc_sc_layout l;
	struct pt_regs regs = {};
	unsigned long where[6] = {}, at;
	u64 ufds;
	size_t off = sizeof(struct hpc_wire_sysret);
	const u8 *in;
	int i, err;

	err = hpc_wire_decode_syscall(c->buf, c->msg.length, &sc);
	if (err)
		return err;
	i = sc.nr < NR_syscalls || sc.nr == HPC_SYS_FDPATH ||
	    sc.nr == HPC_SYS_SIGMASK ?
	    hpc_syscall_classify(sc.nr, sc.args, &l) : HPC_SC_HOME;
	if (i != HPC_SC_FORWARD && i != HPC_SC_BOTH)
		return -EPROTO;
	if (!c->scratch)
		return -ENOMEM;
	in = sc.data;
	at = c->scratch;
	ufds = sc.args[0];
	for (i = 0; i < 6; i++) {
		u8 k = l.kind[i];

		if (k == HPC_ARG_VAL) {
			if (sc.len[i])
				return -EPROTO;
			continue;
		}
		if (k == HPC_ARG_PATH) {
			if (!sc.len[i] || sc.len[i] > l.len[i] ||
			    in[sc.len[i] - 1] != '\0')
				return -EPROTO;
		} else if ((k == HPC_ARG_IN || k == HPC_ARG_INOUT) ?
			   sc.len[i] != l.len[i] : sc.len[i] != 0) {
			return -EPROTO;
		}
		where[i] = at;
		if (sc.len[i] && copy_to_user((void __user *)at, in, sc.len[i]))
			return -EFAULT;
		in += sc.len[i];
		at += ALIGN(max_t(u32, l.len[i], sc.len[i]), 16);
		if (at > c->scratch + HPC_SCRATCH_SIZE)
			return -E2BIG;
		sc.args[i] = where[i];
	}

	regs.di = sc.args[0];
	regs.si = sc.args[1];
	regs.dx = sc.args[2];
	regs.r10 = sc.args[3];
	regs.r8 = sc.args[4];
	regs.r9 = sc.args[5];
	regs.orig_ax = sc.nr;
	if (sc.nr == HPC_SYS_FDPATH) {
		r.result = hpc_deputy_fdpath(sc.args[0], where[1], where[2]);
	} else if (sc.nr == HPC_SYS_SIGMASK) {
		WRITE_ONCE(current->hpc.body_blocked, sc.args[0]);
		r.result = hpc_deputy_held(where[1]);
	} else {
		r.result = x64_sys_call(&regs, sc.nr);
		/* a new action may make a signal the body blocks ours to hold */
		if (sc.nr == __NR_rt_sigaction && !r.result)
			hpc_deputy_mask();
	}
	/*
	 * A poll cut short by a signal with no handler is continued at home
	 * by restart_syscall, from the restart block poll() just filled: it
	 * must read the process's own array, where the body keeps it, not
	 * this scratch area, which the body's image replaces.
	 */
	if (sc.nr == __NR_poll && r.result == -ERESTART_RESTARTBLOCK)
		current->restart_block.poll.ufds =
			(struct pollfd __user *)(unsigned long)ufds;
	/*
	 * Cut short by a signal the process handles: the handler runs on
	 * the body, so the signal goes there ahead of the result, and the
	 * body applies the restart rules where it is instead of coming home
	 * for them. Any other signal stays here and calls the body home.
	 */
	if (hpc_is_restart(r.result) && signal_pending(current)) {
		err = hpc_deputy_forward_signals(c);
		if (err < 0)
			return err;
	}

	/*
	 * An INOUT buffer goes back whatever the result, as the call wrote
	 * it in place: select's time left, ppoll's revents, sendfile's
	 * offset, which a restart at home goes on from.
	 */
	for (i = 0; i < 6; i++) {
		u8 k = l.kind[i];
		u32 n = 0;

		if (k == HPC_ARG_INOUT)
			n = l.len[i];
		else if (k == HPC_ARG_OUT)
			n = r.result >= 0 ? l.len[i] : 0;
		else if (k == HPC_ARG_OUTR)
			n = r.result > 0 ?
			    min_t(u64, r.result * l.unit[i], l.len[i]) : 0;
		if (n && copy_from_user(c->txbuf + off,
					(void __user *)where[i], n))
			n = 0;
		r.len[i] = n;
		off += n;
	}
	hpc_wire_encode_sysret(c->txbuf, &r);
	return hpc_conn_send(c, HPC_MSG_SYSRET, c->txbuf, off);
}

/*
 * While the process is away its CPU-time limit is the body's to enforce:
 * the body's node counts the time as it is used and raises SIGXCPU there
 * (and bumps the soft limit, which comes home with the process). Home,
 * which adds the same time a keepalive later, would raise it a second
 * time. So the process timer here stops watching the limit, if nothing
 * else (a CPU-time timer, ITIMER_PROF) shares its expiry; the limit the
 * process brings home arms it again (hpc_apply_task()).
 */
static void hpc_deputy_cpu_limit_off(void)
{
#ifdef CONFIG_POSIX_TIMERS
	struct signal_struct *sig = current->signal;
	struct posix_cputimer_base *b;

	b = &sig->posix_cputimers.bases[CPUCLOCK_PROF];
	spin_lock_irq(&current->sighand->siglock);
	if (!timerqueue_getnext(&b->tqhead) && !sig->it[CPUCLOCK_PROF].expires)
		b->nextevt = U64_MAX;
	spin_unlock_irq(&current->sighand->siglock);
#endif
}

/*
 * Were the process's limits changed at home (prlimit from another
 * process) since it left? The body enforces the ones it took along.
 */
static bool hpc_deputy_limits_changed(struct hpc_conn *c)
{
	bool changed;

	task_lock(current->group_leader);
	changed = memcmp(c->rlim_sent, current->signal->rlim,
			 sizeof(c->rlim_sent));
	task_unlock(current->group_leader);
	return changed;
}

/*
 * The body reports the CPU time it has used on its node during this stay
 * (in each PONG, and in EXIT or MIG_TASK at the end): add what is new to
 * the process's own times, so that home's /proc/PID/stat, a parent's
 * wait4() and a CPU-time limit count it. A report that went back (it
 * cannot, from a sane body) counts nothing.
 */
static void hpc_deputy_account(struct hpc_conn *c, u64 utime, u64 stime)
{
	u64 du = utime > c->acct_utime ? utime - c->acct_utime : 0;
	u64 ds = stime > c->acct_stime ? stime - c->acct_stime : 0;

	c->acct_utime += du;
	c->acct_stime += ds;
	if (du || ds)
		account_remote_cputime(current, du, ds);
}

/*
 * The body ended: so does the process, with the same status and with the
 * CPU time it used there added to its own, for its parent's wait4().
 */
static void hpc_deputy_exit(struct hpc_conn *c)
{
	struct hpc_exit_desc e;

	if (hpc_wire_decode_exit(c->buf, c->msg.length, &e)) {
		hpc_deputy_lost(c, "protocol error");
		return;
	}
	hpc_deputy_account(c, e.utime, e.stime);
	current->hpc.conn = NULL;
	current->hpc.role = HPC_ROLE_HOME;
	current->hpc.where = 0;
	hpc_conn_put(c);
	do_group_exit(e.code);
}

/*
 * The body was taken out of a relative sleep to come home: the process
 * sleeps here for the time that was left, as the same system call, so a
 * signal that cuts it short meets the kernel's own restart rules and
 * nanosleep()'s time left reaches the caller's struct. Out of a timed
 * futex wait, it waits here on the same word (in the memory it brought)
 * until the same deadline, as futex(FUTEX_WAIT_BITSET) would.
 */
static void hpc_sleep_resume(const struct hpc_sleep_desc *s)
{
	struct restart_block *rb = &current->restart_block;
	bool rt = s->clock == CLOCK_REALTIME;
	ktime_t until;
	int op;

	if (s->futex) {
		until = ktime_add_safe(rt ? ktime_get_real() : ktime_get(),
				       ns_to_ktime(s->left_ns));
		op = FUTEX_WAIT_BITSET | (s->shared ? 0 : FUTEX_PRIVATE_FLAG) |
		     (rt ? FUTEX_CLOCK_REALTIME : 0);
		current_pt_regs()->ax = do_futex(u64_to_user_ptr(s->uaddr), op,
						 s->val, &until, NULL, 0,
						 s->bitset);
		return;
	}
	rb->nanosleep.type = s->rmtp ? TT_NATIVE : TT_NONE;
	rb->nanosleep.rmtp = u64_to_user_ptr(s->rmtp);
	current_pt_regs()->ax = hrtimer_nanosleep(ns_to_ktime(s->left_ns),
						  HRTIMER_MODE_REL, s->clock);
}

/* The body came home: take the process back. */
static void hpc_deputy_adopt(struct hpc_conn *c, bool recalled)
{
	struct hpc_image_info info;
	struct pt_regs *regs;
	u64 late = 0;
	int err, sig;

	err = hpc_image_receive(c, &info);
	if (!err)
		err = hpc_conn_expect(c, HPC_MSG_MIG_COMMIT, HPC_IO_TIMEOUT);
	if (!err)
		err = hpc_wire_decode_commit(c->buf, c->msg.length, &late);
	if (err) {
		hpc_deputy_lost(c, "coming home failed");
		return;
	}
	hpc_deputy_account(c, info.utime, info.stime);
	current->hpc.conn = NULL;
	current->hpc.role = HPC_ROLE_HOME;
	current->hpc.where = 0;
	current->hpc.migrations = info.migrations;
	hpc_conn_put(c);
	/* signals forwarded while the body was on its way: pending again */
	for (sig = 1; sig <= HPC_NSIG; sig++)
		if (late & BIT_ULL(sig - 1))
			send_sig_info(sig, SEND_SIG_PRIV, current);
	/*
	 * Called home on the way to another node: go on (through home).
	 * A body that came home by itself did so to run a system call here:
	 * it stays.
	 */
	if (!recalled)
		WRITE_ONCE(current->hpc.target, 0);
	else if (READ_ONCE(current->hpc.target))
		hpc_request_move(current, READ_ONCE(current->hpc.target));
	if (info.sleep.on) {
		hpc_sleep_resume(&info.sleep);
		return;
	}
	/*
	 * A call cut short here by a signal the process blocks (the body
	 * blocked it after home's mask was last told, or handles it and
	 * blocked it there): with no signal to deliver, the kernel would
	 * hand -ERESTART* to user mode. Restart it, as the kernel does when
	 * no handler runs.
	 */
	regs = current_pt_regs();
	if (syscall_get_nr(current, regs) >= 0 && hpc_is_restart(regs->ax) &&
	    !signal_pending(current))
		hpc_arch_syscall_again(regs,
				       regs->ax == -ERESTART_RESTARTBLOCK);
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

	hpc_deputy_mask();
	hpc_deputy_cpu_limit_off();
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
		if (signal_pending(current) &&
		    hpc_deputy_forward_signals(c) < 0) {
			hpc_deputy_lost(c, "channel broken");
			return;
		}
		if (!recalled && hpc_deputy_wants_home(current)) {
			/* a signal to act on at home: stay there afterwards */
			if (signal_pending(current))
				WRITE_ONCE(current->hpc.target, 0);
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
			case HPC_MSG_PONG: {
				u64 ut, st;

				if (hpc_wire_decode_pong(c->buf, c->msg.length,
							 &ut, &st)) {
					hpc_deputy_lost(c, "protocol error");
					return;
				}
				hpc_deputy_account(c, ut, st);
				/* armed again from outside (prlimit)? */
				hpc_deputy_cpu_limit_off();
				/*
				 * New limits reach the body by its coming
				 * home; a node it was sent to, it goes back
				 * to with them
				 */
				if (!recalled && hpc_deputy_limits_changed(c)) {
					pr_info("%s (%d): limits changed at home: called home\n",
						current->comm,
						task_pid_nr(current));
					if (hpc_conn_send(c, HPC_MSG_COME_HOME,
							  NULL, 0)) {
						hpc_deputy_lost(c, "channel broken");
						return;
					}
					recalled = true;
				}
				break;
			}
			case HPC_MSG_MIG_TASK:
				hpc_deputy_adopt(c, recalled);
				return;
			case HPC_MSG_SYSCALL:
				err = hpc_deputy_syscall(c);
				if (err) {
					hpc_deputy_lost(c, "bad system call");
					return;
				}
				break;
			case HPC_MSG_EXIT:
				hpc_deputy_exit(c);
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
