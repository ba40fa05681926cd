// SPDX-License-Identifier: GPL-2.0-only
/*
 * The remote body: a process whose home is another node.
 *
 * The listener gives each incoming channel to a new task made with
 * user_mode_thread(); that task receives the image, becomes the process and
 * returns to user mode with its registers. It runs unprivileged here.
 * System calls the table in syscall.c describes are forwarded to the
 * deputy (regular files with read-ahead and write-behind); any other call
 * sends the body home, rewound to be made again there, as a restart would.
 */
#define pr_fmt(fmt) "hpc: " fmt

#include <linux/compat.h>
#include <linux/cred.h>
#include <linux/highuid.h>
#include <linux/hrtimer.h>
#include <linux/kdev_t.h>
#include <linux/major.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/cputime.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/times.h>
#include <linux/uidgid.h>
#include <linux/uaccess.h>
#include <linux/file.h>
#include <linux/uio.h>
#include <linux/fs.h>
#include <linux/futex.h>
#include <linux/mman.h>
#include <linux/stat.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include "internal.h"

static void hpc_ra_flush(struct hpc_conn *c, bool *lost);
static void hpc_wb_flush(struct hpc_conn *c, bool *lost);
static void hpc_settle(struct hpc_conn *c, bool *lost);
static void hpc_sent_done(struct hpc_conn *c, bool *lost);
static void hpc_body_queue_home(void);
static long hpc_body_forward(u32 nr, const u64 args[6],
			     const struct hpc_sc_layout *l, bool *lost,
			     bool kbufs);

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

/* A signal the deputy forwarded: queue it here, the handler runs here. */
static int hpc_body_signal(struct hpc_conn *c)
{
	struct hpc_signal_desc d;
	kernel_siginfo_t info;
	int err;

	err = hpc_wire_decode_signal(c->buf, c->msg.length, &d);
	if (err)
		return err;
	clear_siginfo(&info);
	info.si_signo = d.signo;
	info.si_code = d.code;
	info.si_pid = d.pid;
	info.si_uid = d.uid;
	return send_sig_info(d.signo, &info, current);
}

/**
 * hpc_body_cputime() - the CPU time a body has used on this node
 * @tsk: the body
 * @utime: user time, ns
 * @stime: system time, ns
 *
 * The body's clocks started from what the process had used before it
 * came (CLOCK_PROCESS_CPUTIME_ID and getrusage() run here and count it);
 * this is what it added since, for home to count.
 */
void hpc_body_cputime(struct task_struct *tsk, u64 *utime, u64 *stime)
{
	struct hpc_conn *c = tsk->hpc.conn;
	u64 ut, st;

	task_cputime_adjusted(tsk, &ut, &st);
	ut = ut > c->base_utime ? ut - c->base_utime : 0;
	st = st > c->base_stime ? st - c->base_stime : 0;
	*utime = min_t(u64, ut, HPC_CPUTIME_MAX);
	*stime = min_t(u64, st, HPC_CPUTIME_MAX);
}

/*
 * Answer the deputy's keepalive with the CPU time used here so far, which
 * home counts as the process's own while it is away.
 */
static int hpc_body_pong(struct hpc_conn *c)
{
	u8 b[sizeof(struct hpc_wire_pong)];
	u64 ut, st;

	hpc_body_cputime(current, &ut, &st);
	hpc_wire_encode_pong(b, ut, st);
	return hpc_conn_send(c, HPC_MSG_PONG, b, sizeof(b));
}

/*
 * Tell the deputy the signals the body blocks, if that changed for one
 * the process does not handle (or always, with @held): the kernel acts on
 * those at home, where one the body blocks must wait and one it unblocked
 * must be acted on before the body goes on. So this waits for the
 * deputy's answer, and goes home if a signal held there may now be
 * delivered. Returns true if the body goes home; else @held, if given,
 * has the signals pending at home that the body blocks.
 */
static bool hpc_body_sync_mask(struct hpc_conn *c, bool *lost, u64 *held)
{
	u64 args[6] = { current->blocked.sig[0] };
	struct hpc_sc_layout l;
	u64 home_held = 0;
	long ret;

	if (!held && (args[0] == c->mask_sent ||
		      !((args[0] ^ c->mask_sent) & ~hpc_handled_signals())))
		return false;
	args[1] = (unsigned long)&home_held;
	hpc_syscall_classify(HPC_SYS_SIGMASK, args, &l);
	ret = hpc_body_forward(HPC_SYS_SIGMASK, args, &l, lost, true);
	if (*lost)
		return false;
	c->mask_sent = args[0];
	if (held)
		*held = ret < 0 ? 0 : home_held;
	if (ret <= 0)
		return false;
	hpc_body_queue_home();
	return true;
}

/*
 * times() is made at home, for the children's times and a tick count that
 * goes on across moves; the process's own are the body's, which count
 * this stay to the tick where home hears of it only with each keepalive.
 */
static int hpc_body_times(unsigned long utms)
{
	struct tms __user *t = (struct tms __user *)utms;
	u64 ut, st;

	thread_group_cputime_adjusted(current, &ut, &st);
	if (put_user(nsec_to_clock_t(ut), &t->tms_utime) ||
	    put_user(nsec_to_clock_t(st), &t->tms_stime))
		return -EFAULT;
	return 0;
}

/*
 * rt_sigpending on a body that blocks a signal without a handler: such a
 * signal sent to the process is held at home, so the answer is the
 * body's pending signals and home's. Returns true if the call is done
 * (or the body goes home, where it is made again).
 */
static bool hpc_body_sigpending(struct hpc_conn *c, struct pt_regs *regs,
				bool *lost)
{
	sigset_t set;
	u64 held;

	if (regs->si > sizeof(sigset_t) ||
	    !(current->blocked.sig[0] & ~hpc_handled_signals()))
		return false;
	if (hpc_body_sync_mask(c, lost, &held)) {
		hpc_arch_syscall_again(regs, false);
		return true;
	}
	if (*lost)
		return true;
	set.sig[0] = hpc_blocked_pending() | held;
	regs->ax = copy_to_user((void __user *)regs->di, &set, regs->si) ?
		   -EFAULT : 0;
	return true;
}

/* Look at the mask again on the way back to user mode (hpc_body_rx()). */
static void hpc_body_recheck_mask(struct hpc_conn *c)
{
	if (!atomic_xchg(&c->kick_queued, 1) &&
	    task_work_add(current, &c->kick_work, TWA_RESUME))
		atomic_set(&c->kick_queued, 0);
}

/*
 * The body's end of the channel has something for it, or its signal mask
 * may have changed: handle it here.
 */
static void hpc_body_rx(struct callback_head *cb)
{
	struct hpc_conn *c = container_of(cb, struct hpc_conn, kick_work);
	bool lost = false;
	int err;

	atomic_set(&c->kick_queued, 0);
	if (current->hpc.role == HPC_ROLE_BODY) {
		hpc_body_sync_mask(c, &lost, NULL);
		if (lost)
			goto lost;
	}
	while (current->hpc.role == HPC_ROLE_BODY && hpc_conn_readable(c)) {
		err = hpc_conn_recv(c, HPC_IO_TIMEOUT);
		if (err)
			goto lost;
		switch (c->msg.type) {
		case HPC_MSG_PING:
			err = hpc_body_pong(c);
			break;
		case HPC_MSG_PONG:
			break;
		case HPC_MSG_COME_HOME:
			hpc_body_go_home();
			return;
		case HPC_MSG_SIGNAL:
			err = hpc_body_signal(c);
			break;
		case HPC_MSG_SYSRET:
			if (c->wb_inflight || c->ra_inflight) {
				bool lost = false;

				hpc_sent_done(c, &lost);
				err = lost ? -EPIPE : 0;
				break;
			}
			fallthrough;
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

/* Now on @clock, or -1 for a clock no sleep that travels uses. */
static s64 hpc_clock_now(clockid_t clock)
{
	switch (clock) {
	case CLOCK_REALTIME:
		return ktime_get_real();
	case CLOCK_MONOTONIC:
		return ktime_get();
	case CLOCK_BOOTTIME:
		return ktime_get_boottime();
	case CLOCK_TAI:
		return ktime_get_clocktai();
	}
	return -1;
}

/*
 * The body was woken from a relative hrtimer sleep (its restart block is
 * nanosleep's and the call has not ended), or from a timed futex wait:
 * take what is left of it, on the clock it sleeps on, and for a futex the
 * wait itself. Woken twice in a row (a keepalive, then the call home), it
 * may find the kernel has already set the sleep up to go on through
 * restart_syscall: that is undone, as home continues the call itself. A
 * 32-bit caller's sleep starts over instead.
 */
static bool hpc_sleep_take(struct pt_regs *regs, struct hpc_sleep_desc *s)
{
	struct restart_block *rb = &current->restart_block;
	int nr = syscall_get_nr(current, regs);
	int op = -EINVAL;
	bool set_up;
	s64 now;

	memset(s, 0, sizeof(*s));
	if (nr != __NR_nanosleep && nr != __NR_clock_nanosleep &&
	    nr != __NR_futex && nr != __NR_restart_syscall)
		return false;
	/* none of these calls returns __NR_restart_syscall by itself */
	set_up = regs->ax == __NR_restart_syscall;
	if (!set_up && (long)regs->ax != -ERESTART_RESTARTBLOCK)
		return false;
	if (rb->fn == hrtimer_nanosleep_restart) {
		if (rb->nanosleep.type == TT_COMPAT)
			return false;
		s->clock = rb->nanosleep.clockid;
		now = hpc_clock_now(s->clock);
		s->left_ns = max_t(s64, rb->nanosleep.expires - now, 0);
		s->rmtp = rb->nanosleep.type == TT_NATIVE ?
			  (unsigned long)rb->nanosleep.rmtp : 0;
	} else {
		op = futex_restart_op(rb);
		if (op < 0 || in_compat_syscall())
			return false;
		s->clock = op & FUTEX_CLOCK_REALTIME ? CLOCK_REALTIME :
						       CLOCK_MONOTONIC;
		now = hpc_clock_now(s->clock);
		s->left_ns = max_t(s64, rb->futex.time - now, 0);
		s->uaddr = (unsigned long)rb->futex.uaddr;
		s->val = rb->futex.val;
		s->bitset = rb->futex.bitset;
	}
	if (now < 0)
		return false;
	if (set_up)
		regs->ip += 2;		/* past the syscall instruction again */
	s->on = true;
	s->futex = op >= 0;
	s->shared = op >= 0 && !(op & FUTEX_PRIVATE_FLAG);
	return true;
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
	struct pt_regs *regs = current_pt_regs();
	bool lost = false;
	int err;

	hpc_conn_no_kick(c);
	/*
	 * Called home out of a relative sleep (nanosleep() runs here): the
	 * image carries the time it had left, and home sleeps that long as
	 * the same call. Called home while another local call was
	 * interrupted to serve the channel, with no signal to handle here:
	 * the call is made again at home, as a restart would. A forwarded
	 * call that a signal cut short at home keeps its -ERESTART*: the
	 * signal is pending there, and with it the kernel's own restart
	 * rules; so is one pending here, which travels home with the image.
	 */
	c->sleep.on = false;
	if (!c->restart_home && !hpc_sleep_take(regs, &c->sleep) &&
	    !task_sigpending(current) && syscall_get_nr(current, regs) >= 0 &&
	    hpc_is_restart(regs->ax))
		hpc_arch_syscall_again(regs, false);
	c->restart_home = false;
	hpc_ra_flush(c, &lost);
	if (!lost)
		hpc_wb_flush(c, &lost);
	err = lost ? -EPIPE : hpc_image_send(c);
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

static void hpc_body_queue_home(void)
{
	current->hpc.target = 0;
	if (!cmpxchg(&current->hpc.queued, 0, 1)) {
		init_task_work(&current->hpc.work, hpc_migrate_work);
		if (task_work_add(current, &current->hpc.work, TWA_RESUME))
			current->hpc.queued = 0;
	}
}

/*
 * The body keeps the file offset at home of the regular files it works on,
 * so that lseek(fd, 0, SEEK_CUR) (ftello(3), which stdio and libFLAC call
 * after every frame) need not go home and empty the read-ahead and
 * write-behind buffers. An offset is learnt from lseek's result, moved by
 * what read and write return, and forgotten by any call that might move
 * it some other way: a call on a descriptor of the same file (which may
 * share the offset), on an unknown descriptor, or anything else.
 */
static void hpc_track_offset(struct hpc_conn *c, u32 nr, const u64 args[6],
			     s64 ret)
{
	u64 fd = args[0];
	unsigned int i;

	switch (nr) {
	case __NR_fstat:
	case __NR_pread64:
	case __NR_pwrite64:
		return;
	case __NR_fcntl:
		if (args[1] == F_GETFL || args[1] == F_GETFD)
			return;
		break;
	case __NR_read:
	case __NR_write:
	case __NR_lseek:
		if (fd >= HPC_RA_FDS || !test_bit(fd, c->fd_known))
			break;
		for_each_set_bit(i, c->fd_off_known, HPC_RA_FDS)
			if (i != fd && c->fd_file[i] == c->fd_file[fd])
				__clear_bit(i, c->fd_off_known);
		if (ret < 0)
			return;
		if (nr == __NR_lseek) {
			c->fd_off[fd] = ret;
			__set_bit(fd, c->fd_off_known);
		} else if (nr == __NR_write && test_bit(fd, c->fd_append)) {
			__clear_bit(fd, c->fd_off_known);
		} else {
			c->fd_off[fd] += ret;
		}
		return;
	}
	bitmap_zero(c->fd_off_known, HPC_RA_FDS);
}

/* Might descriptors @a and @b be the same file? */
static bool hpc_same_file(struct hpc_conn *c, u64 a, u64 b)
{
	if (a >= HPC_RA_FDS || b >= HPC_RA_FDS ||
	    !test_bit(a, c->fd_known) || !test_bit(b, c->fd_known))
		return true;
	return c->fd_file[a] == c->fd_file[b];
}

/* Send one call home; nothing is waited for. 0, or an error of its own. */
static int hpc_fwd_send(struct hpc_conn *c, u32 nr, const u64 args[6],
			const struct hpc_sc_layout *l, bool *lost, bool kbufs)
{
	struct hpc_syscall_desc sc = { .nr = nr };
	size_t off = sizeof(struct hpc_wire_syscall);
	int i;

	for (i = 0; i < 6; i++) {
		void __user *p = (void __user *)(unsigned long)args[i];
		long n;

		sc.args[i] = args[i];
		switch (l->kind[i]) {
		case HPC_ARG_IN:
		case HPC_ARG_INOUT:
			if (kbufs)
				memcpy(c->txbuf + off, (void *)(unsigned long)args[i],
				       l->len[i]);
			else if (copy_from_user(c->txbuf + off, p, l->len[i]))
				return -EFAULT;
			sc.len[i] = l->len[i];
			break;
		case HPC_ARG_PATH:
			n = strncpy_from_user(c->txbuf + off, p, l->len[i]);
			if (n < 0)
				return n;
			if (n >= l->len[i])
				return -ENAMETOOLONG;
			sc.len[i] = n + 1;
			break;
		}
		off += sc.len[i];
	}
	hpc_wire_encode_syscall(c->txbuf, &sc);
	if (hpc_conn_send(c, HPC_MSG_SYSCALL, c->txbuf, off)) {
		*lost = true;
		return -EIO;
	}
	return 0;
}

/*
 * Wait for the SYSRET of the call in flight, serving what else comes.
 * It is left in c->buf. 0, or an error that loses the channel.
 */
static int hpc_fwd_wait(struct hpc_conn *c)
{
	int err;

	WRITE_ONCE(c->in_call, true);
	for (;;) {
		err = hpc_conn_recv(c, MAX_SCHEDULE_TIMEOUT);
		if (err || c->msg.type == HPC_MSG_SYSRET)
			break;
		if (c->msg.type == HPC_MSG_PING)
			err = hpc_body_pong(c);
		else if (c->msg.type == HPC_MSG_COME_HOME)
			hpc_body_queue_home();
		else if (c->msg.type == HPC_MSG_SIGNAL) {
			err = hpc_body_signal(c);
			c->sig_in_call = true;
		} else if (c->msg.type != HPC_MSG_PONG)
			err = -EPROTO;
		if (err)
			break;
	}
	WRITE_ONCE(c->in_call, false);
	return err;
}

/*
 * Run one call at home: send its input buffers, wait for the result and
 * the output buffers. Returns the call's result; *lost on a dead channel.
 * With @kbufs the buffers are kernel memory.
 */
static long hpc_body_forward(u32 nr, const u64 args[6],
			     const struct hpc_sc_layout *l, bool *lost,
			     bool kbufs)
{
	struct hpc_conn *c = current->hpc.conn;
	bool behind = c->wb_inflight && !c->ra_inflight;
	struct hpc_sysret_desc r;
	const u8 *out;
	int i, err;

	/*
	 * A write sent ahead is not waited for: this call follows it at
	 * once and home, which runs calls in the order they come, answers
	 * the write first. A read sent ahead is answered before anything
	 * else leaves.
	 */
	if (!behind) {
		hpc_settle(c, lost);
		if (*lost)
			return -EIO;
	}
	err = hpc_fwd_send(c, nr, args, l, lost, kbufs);
	if (err)
		return err;
	if (behind) {
		c->wb_overtaken = true;
		hpc_settle(c, lost);
		c->wb_overtaken = false;
		if (*lost)
			return -EIO;
	}
	err = hpc_fwd_wait(c);
	if (!err)
		err = hpc_wire_decode_sysret(c->buf, c->msg.length, &r);
	if (err) {
		*lost = true;
		return -EIO;
	}
	hpc_track_offset(c, nr, args, r.result);
	out = r.data;
	for (i = 0; i < 6; i++) {
		void __user *p = (void __user *)(unsigned long)args[i];

		if (!r.len[i])
			continue;
		if ((l->kind[i] != HPC_ARG_OUT && l->kind[i] != HPC_ARG_OUTR &&
		     l->kind[i] != HPC_ARG_INOUT) || r.len[i] > l->len[i]) {
			*lost = true;
			return -EIO;
		}
		if (kbufs)
			memcpy((void *)(unsigned long)args[i], out, r.len[i]);
		else if (copy_to_user(p, out, r.len[i]))
			return -EFAULT;
		out += r.len[i];
	}
	return r.result;
}

/*
 * Read-ahead. stdio reads regular files 4 KiB at a time; a round trip
 * each is most of the cost of a remote body. For a regular file the body
 * asks for HPC_FWD_MAX bytes at once and serves the following reads of
 * that descriptor from its copy. The file offset at home is then ahead
 * of the process's: before any other call leaves the body (or the body
 * itself does) the unread part is given back with lseek(SEEK_CUR).
 *
 * A program that makes another call after every read (dd or cat writing
 * to a pipe) would have most of each piece given back and read again.
 * So the piece is sized by what the program uses: when a piece is given
 * back half read, the next ones are as large as the part it used and
 * none is asked for ahead; each time the program reads on past the end
 * of a piece, the size doubles, up to HPC_FWD_MAX, and the next piece is
 * asked for ahead again.
 */
static u32 hpc_ra_want(const struct hpc_conn *c)
{
	return c->ra_want ?: HPC_FWD_MAX;
}

static void hpc_ra_flush(struct hpc_conn *c, bool *lost)
{
	struct hpc_sc_layout l;
	u64 args[6] = { c->ra_fd, 0, SEEK_CUR };
	u32 unread;

	if (c->ra_fd < 0)
		return;
	hpc_settle(c, lost);
	if (*lost)
		return;
	unread = c->ra_len - c->ra_pos + (c->ra_next_ok ? c->ra_next_len : 0);
	c->ra_fd = -1;
	c->ra_next_ok = false;
	if (!unread)
		return;
	c->ra_want = max_t(u32, c->ra_pos, 1);
	c->ra_no_ahead = true;
	args[1] = (u64)-(s64)unread;
	hpc_syscall_classify(__NR_lseek, args, &l);
	hpc_body_forward(__NR_lseek, args, &l, lost, false);
}

/*
 * A write to a pipe, terminal, socket or device (a descriptor known not to
 * be a regular file) leaves the read-ahead copy alone: it moves no file
 * offset and changes no file at home. A program that copies a file to its
 * output (cat, dd, a filter into a pipe) then reads from the copy and pays
 * one round trip per write instead of two. What could tell the program
 * something new (a read of a pipe, a wait, anything else) still has the
 * copy given back first.
 */
static bool hpc_ra_keeps(const struct hpc_conn *c, u32 nr, u64 fd)
{
	return nr == __NR_write && fd < HPC_RA_FDS &&
	       test_bit(fd, c->fd_known) && !test_bit(fd, c->fd_regular);
}

/*
 * Does a read of this file give all it asks for while there is more? A
 * regular file does, and so do the memory devices (/dev/zero, /dev/null,
 * /dev/urandom...); a pipe, a socket or a terminal gives what it has.
 */
static bool hpc_stat_fills(const struct stat *st)
{
	return S_ISREG(st->st_mode) ||
	       (S_ISCHR(st->st_mode) &&
		MAJOR(new_decode_dev(st->st_rdev)) == MEM_MAJOR);
}

/*
 * Is @fd a regular file at home? Asked once per descriptor, with its
 * flags: one opened for synchronous or direct I/O is not written behind.
 */
static bool hpc_fd_regular(struct hpc_conn *c, u64 fd, bool *lost)
{
	struct hpc_sc_layout l;
	struct stat *st;
	u64 args[6] = { fd };
	long ret, flags;

	if (fd >= HPC_RA_FDS)
		return false;
	if (test_bit(fd, c->fd_known))
		return test_bit(fd, c->fd_regular);
	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return false;
	args[1] = (unsigned long)st;
	hpc_syscall_classify(__NR_fstat, args, &l);
	ret = hpc_body_forward(__NR_fstat, args, &l, lost, true);
	if (!ret && !*lost)
		__assign_bit(fd, c->fd_fills, hpc_stat_fills(st));
	if (!ret && !*lost && S_ISREG(st->st_mode)) {
		u64 fargs[6] = { fd, F_GETFL };

		hpc_syscall_classify(__NR_fcntl, fargs, &l);
		flags = hpc_body_forward(__NR_fcntl, fargs, &l, lost, true);
		if (!*lost && flags >= 0) {
			__set_bit(fd, c->fd_known);
			__set_bit(fd, c->fd_regular);
			__assign_bit(fd, c->fd_async,
				     !(flags & (O_DSYNC | __O_SYNC | O_DIRECT)));
			__assign_bit(fd, c->fd_append, flags & O_APPEND);
		}
	} else if (!ret && !*lost) {
		__set_bit(fd, c->fd_known);
		__clear_bit(fd, c->fd_regular);
		__clear_bit(fd, c->fd_async);
		__clear_bit(fd, c->fd_append);
	}
	if (test_bit(fd, c->fd_known))
		c->fd_file[fd] = (u64)st->st_dev << 40 ^ st->st_ino;
	kfree(st);
	return !ret && test_bit(fd, c->fd_known) && test_bit(fd, c->fd_regular);
}

/*
 * Write-behind. stdio writes regular files 4 KiB at a time; waiting for
 * home to answer each is the other big cost of a remote body. Writes to a
 * regular file (not opened O_SYNC, O_DSYNC or O_DIRECT) are gathered here
 * and leave as one write of up to HPC_FWD_MAX bytes: when the buffer is
 * full, and before any other call goes home, the body goes home or it
 * exits, so the file changes in the order the process made its calls. A
 * write that fails at home then is reported by the next write, fsync,
 * fdatasync or close of that descriptor, as NFS does.
 *
 * hpc_wb_start() sends the buffer home as one write without waiting for
 * the answer (the data is in the frame; the buffer is kept until the
 * answer, in case the write comes out short). One call is sent ahead at a
 * time: this write or the next read-ahead piece. A forwarded call does
 * not wait for the write's answer before it leaves, only before it
 * returns (hpc_body_forward()), so a program that reads a pipe and writes
 * a file pays one round trip per read, not two.
 *
 * A write that comes out short at home is finished by the body, unless
 * another call has already followed it home: the rest would then land
 * after that call, out of order. It is not written; the process learns
 * of it as of any late error, as -ENOSPC (what a regular file that stops
 * short has met) or the error the write returned.
 */
static void hpc_wb_start(struct hpc_conn *c, bool *lost)
{
	struct hpc_sc_layout l;
	u64 args[6] = { c->wb_fd, 0, c->wb_len };
	u8 *sent;

	if (c->wb_fd < 0)
		return;
	hpc_settle(c, lost);
	if (*lost)
		return;
	if (c->wb_len) {
		args[1] = (unsigned long)c->wb_buf;
		hpc_syscall_classify(__NR_write, args, &l);
		if (hpc_fwd_send(c, __NR_write, args, &l, lost, true))
			return;
		sent = c->wb_sent;
		c->wb_sent = c->wb_buf;
		c->wb_buf = sent;		/* may be NULL: allocated on use */
		c->wb_sent_fd = c->wb_fd;
		c->wb_sent_len = c->wb_len;
		c->wb_inflight = true;
	}
	c->wb_fd = -1;
	c->wb_len = 0;
}

/* The answer to the write in flight is in c->buf: take it. */
static void hpc_wb_done(struct hpc_conn *c, bool *lost)
{
	u64 args[6] = { c->wb_sent_fd };
	struct hpc_sysret_desc r;
	struct hpc_sc_layout l;
	u32 done;
	long ret;

	c->wb_inflight = false;
	if (hpc_wire_decode_sysret(c->buf, c->msg.length, &r)) {
		*lost = true;
		return;
	}
	hpc_track_offset(c, __NR_write, args, r.result);
	ret = r.result;
	done = ret > 0 ? ret : 0;
	/* a short write: the rest now, as write(2) callers would */
	while (ret > 0 && done < c->wb_sent_len && !c->wb_overtaken) {
		args[1] = (unsigned long)(c->wb_sent + done);
		args[2] = c->wb_sent_len - done;
		hpc_syscall_classify(__NR_write, args, &l);
		ret = hpc_body_forward(__NR_write, args, &l, lost, true);
		if (*lost)
			return;
		done += ret > 0 ? ret : 0;
	}
	if (ret <= 0) {
		c->wb_err_fd = c->wb_sent_fd;
		c->wb_err = ret < 0 ? ret : -EIO;
	} else if (done < c->wb_sent_len) {
		c->wb_err_fd = c->wb_sent_fd;
		c->wb_err = -ENOSPC;
	}
}

/* Wait for the answer to the call sent ahead (a write or a read), if any. */
static void hpc_settle(struct hpc_conn *c, bool *lost)
{
	if (!c->wb_inflight && !c->ra_inflight)
		return;
	if (hpc_fwd_wait(c)) {
		c->wb_inflight = false;
		c->ra_inflight = false;
		*lost = true;
		return;
	}
	hpc_sent_done(c, lost);
}

/* Everything written behind is at home, answered. */
static void hpc_wb_flush(struct hpc_conn *c, bool *lost)
{
	hpc_wb_start(c, lost);
	if (!*lost)
		hpc_settle(c, lost);
}

static long hpc_wb_write(struct hpc_conn *c, u64 fd,
			 const void __user *ubuf, u64 count, bool *lost)
{
	if (c->wb_fd >= 0 && (c->wb_fd != fd ||
			      c->wb_len + count > HPC_FWD_MAX)) {
		hpc_wb_start(c, lost);	/* on its way while we go on */
		if (*lost)
			return -EIO;
	}
	if (!c->wb_buf)
		c->wb_buf = kvmalloc(HPC_FWD_MAX, GFP_KERNEL);
	if (!c->wb_buf)
		return -ENOMEM;
	if (copy_from_user(c->wb_buf + c->wb_len, ubuf, count))
		return -EFAULT;
	c->wb_fd = fd;
	c->wb_len += count;
	if (test_bit(fd, c->fd_append))	/* it lands at the end, wherever */
		__clear_bit(fd, c->fd_off_known);
	return count;
}

/* A late error of a written-behind descriptor, taken once. */
static bool hpc_wb_reports(u32 nr)
{
	return nr == __NR_write || nr == __NR_close || nr == __NR_fsync ||
	       nr == __NR_fdatasync;
}

static int hpc_wb_error(struct hpc_conn *c, u32 nr, u64 fd)
{
	int err = c->wb_err;

	if (!err || fd != c->wb_err_fd || !hpc_wb_reports(nr))
		return 0;
	c->wb_err = 0;
	return err;
}

/* The answer to the read sent ahead is in c->buf: keep it for later. */
static void hpc_ra_done(struct hpc_conn *c, bool *lost)
{
	u64 args[6] = { c->ra_fd };
	struct hpc_sysret_desc r;

	c->ra_inflight = false;
	/* a read's only output is its buffer, as long as its result says */
	if (hpc_wire_decode_sysret(c->buf, c->msg.length, &r) ||
	    r.len[0] || r.len[2] || r.len[3] || r.len[4] || r.len[5] ||
	    r.len[1] > HPC_FWD_MAX ||
	    (r.result >= 0 && r.len[1] != r.result)) {
		*lost = true;
		return;
	}
	hpc_track_offset(c, __NR_read, args, r.result);
	if (r.result < 0)
		return;		/* the next read asks again and gets the error */
	memcpy(c->ra_next, r.data, r.len[1]);
	c->ra_next_len = r.len[1];
	c->ra_next_ok = true;
}

/* The SYSRET in c->buf answers the call sent ahead: take it. */
static void hpc_sent_done(struct hpc_conn *c, bool *lost)
{
	if (c->ra_inflight)
		hpc_ra_done(c, lost);
	else
		hpc_wb_done(c, lost);
}

/* Ask for the next piece of the read-ahead file while the program works. */
static void hpc_ra_prefetch(struct hpc_conn *c, bool *lost)
{
	u64 args[6] = { c->ra_fd, 0, hpc_ra_want(c) };
	struct hpc_sc_layout l;

	if (c->ra_next_ok || c->ra_inflight)
		return;
	if (!c->ra_next)
		c->ra_next = kvmalloc(HPC_FWD_MAX, GFP_KERNEL);
	if (!c->ra_next)
		return;
	hpc_settle(c, lost);		/* one call in flight at a time */
	if (*lost)
		return;
	args[1] = (unsigned long)c->ra_next;
	hpc_syscall_classify(__NR_read, args, &l);
	if (!hpc_fwd_send(c, __NR_read, args, &l, lost, true))
		c->ra_inflight = true;
}

static long hpc_ra_read(struct hpc_conn *c, u64 fd, void __user *ubuf,
			u64 count, bool *lost)
{
	struct hpc_sc_layout l;
	u64 args[6] = { fd, 0, 0 };
	u32 n;
	long got;

	/* this piece is used up: the next one was asked for ahead */
	if (c->ra_fd == fd && c->ra_pos == c->ra_len) {
		/* the program reads on: larger pieces, one asked ahead */
		c->ra_want = min_t(u32, 2 * hpc_ra_want(c), HPC_FWD_MAX);
		c->ra_no_ahead = false;
		hpc_settle(c, lost);
		if (*lost)
			return -EIO;
		if (c->ra_next_ok) {
			swap(c->ra_buf, c->ra_next);
			c->ra_len = c->ra_next_len;
			c->ra_pos = 0;
			c->ra_next_ok = false;
			if (!c->ra_len) {	/* the end of the file */
				c->ra_fd = -1;
				return 0;
			}
		}
	}
	if (c->ra_fd != fd || c->ra_pos == c->ra_len) {
		hpc_ra_flush(c, lost);
		if (*lost)
			return -EIO;
		if (!c->ra_buf)
			c->ra_buf = kvmalloc(HPC_FWD_MAX, GFP_KERNEL);
		if (!c->ra_buf)
			return -ENOMEM;
		args[1] = (unsigned long)c->ra_buf;
		args[2] = max_t(u64, hpc_ra_want(c), count);
		hpc_syscall_classify(__NR_read, args, &l);
		got = hpc_body_forward(__NR_read, args, &l, lost, true);
		if (got <= 0 || *lost)
			return got;
		c->ra_fd = fd;
		c->ra_len = got;
		c->ra_pos = 0;
	}
	n = min_t(u64, count, c->ra_len - c->ra_pos);
	if (copy_to_user(ubuf, c->ra_buf + c->ra_pos, n))
		return -EFAULT;
	c->ra_pos += n;
	/* a whole piece came: there is probably more, ask for it now */
	if (!c->ra_no_ahead && c->ra_len >= hpc_ra_want(c))
		hpc_ra_prefetch(c, lost);
	return *lost ? -EIO : n;
}

/*
 * mmap() of a file open at home: map the same file, by path, here. Only
 * private mappings and read-only shared ones; the nodes see the same
 * files (the binaries and libraries of the cluster), and a copy whose size
 * or modification time is not home's is not mapped. Returns false if the
 * call must go home after all.
 */
static bool hpc_body_mmap_file(struct pt_regs *regs, bool *lost)
{
	u64 args[6] = { regs->r8, 0 };
	unsigned long flags = regs->r10, prot = regs->dx, ret;
	struct hpc_sc_layout l;
	struct file *file;
	s64 id[2] = {};
	char *path;
	long n;

	if ((flags & MAP_TYPE) == MAP_SHARED_VALIDATE ||
	    ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE)))
		return false;
	path = kmalloc(HPC_PATH_MAX, GFP_KERNEL);
	if (!path)
		return false;
	args[1] = (unsigned long)path;
	args[2] = (unsigned long)id;
	hpc_syscall_classify(HPC_SYS_FDPATH, args, &l);
	n = hpc_body_forward(HPC_SYS_FDPATH, args, &l, lost, true);
	if (*lost || n <= 0 || n > HPC_PATH_MAX || path[n - 1]) {
		kfree(path);
		return *lost;
	}
	file = filp_open(path, O_RDONLY | O_LARGEFILE, 0);
	if (IS_ERR(file)) {
		kfree(path);
		return false;
	}
	/* another file at that path here: map home's, at home */
	if (!hpc_file_matches(file, path, id[0], id[1])) {
		kfree(path);
		fput(file);
		return false;
	}
	kfree(path);
	ret = vm_mmap(file, regs->di, regs->si, prot, flags, regs->r9);
	fput(file);
	regs->ax = ret;
	return true;
}

/*
 * readv, writev, preadv and pwritev: the pieces are gathered here and the
 * call is made at home as one read or write (so a pipe still sees a single
 * write). More than HPC_FWD_MAX bytes in all: false, the body goes home.
 */
static bool hpc_body_vector(u32 nr, const u64 args[6], long *ret, bool *lost)
{
	bool fill = nr == __NR_readv || nr == __NR_preadv;
	struct iovec iovstack[UIO_FASTIOV], *iov = iovstack;
	u64 a[6] = { args[0], 0, 0, args[3] };
	struct hpc_sc_layout l;
	struct iov_iter iter;
	ssize_t total;
	u32 nr1;
	void *buf;

	if (nr == __NR_readv)
		nr1 = __NR_read;
	else if (nr == __NR_writev)
		nr1 = __NR_write;
	else
		nr1 = fill ? __NR_pread64 : __NR_pwrite64;
	total = import_iovec(fill ? ITER_DEST : ITER_SOURCE,
			     (const struct iovec __user *)args[1], args[2],
			     UIO_FASTIOV, &iov, &iter);
	if (total < 0) {
		*ret = total;
		return true;
	}
	if (total > HPC_FWD_MAX) {
		kfree(iov);
		return false;
	}
	buf = kvmalloc(total ?: 1, GFP_KERNEL);
	if (!buf) {
		*ret = -ENOMEM;
		goto out;
	}
	if (!fill && copy_from_iter(buf, total, &iter) != total) {
		*ret = -EFAULT;
		goto out;
	}
	a[1] = (unsigned long)buf;
	a[2] = total;
	hpc_syscall_classify(nr1, a, &l);
	*ret = hpc_body_forward(nr1, a, &l, lost, true);
	if (fill && *ret > 0 && !*lost &&
	    copy_to_iter(buf, *ret, &iter) != *ret)
		*ret = -EFAULT;
out:
	kvfree(buf);
	kfree(iov);
	return true;
}

/*
 * Calls on regular files the body answers from what it holds: the file
 * offset it keeps, its read-ahead copy, its write-behind buffer. Only the
 * buffer of a file the call touches is emptied first.
 *
 * Return: true if the call was handled (regs->ax has its result) or the
 * channel was lost (*lost).
 */
static bool hpc_file_fast(struct hpc_conn *c, u32 nr, const u64 args[6],
			  struct pt_regs *regs, bool *lost)
{
	u64 fd = args[0];
	long ret;

	if (fd >= HPC_RA_FDS)
		return false;
	switch (nr) {
	case __NR_lseek:
		if (args[1] || args[2] != SEEK_CUR ||
		    !hpc_fd_regular(c, fd, lost) || *lost ||
		    !test_bit(fd, c->fd_off_known))
			return *lost;
		/* another descriptor of this file holds data back */
		if ((c->ra_fd >= 0 && c->ra_fd != fd &&
		     hpc_same_file(c, fd, c->ra_fd)) ||
		    (c->wb_fd >= 0 && c->wb_fd != fd &&
		     hpc_same_file(c, fd, c->wb_fd)) ||
		    (c->wb_inflight && c->wb_sent_fd != fd &&
		     hpc_same_file(c, fd, c->wb_sent_fd)))
			return false;
		if (c->ra_inflight && fd == c->ra_fd) {
			hpc_settle(c, lost);	/* how far home has read */
			if (*lost)
				return true;
			if (!test_bit(fd, c->fd_off_known))
				return false;
		}
		ret = c->fd_off[fd];
		if (fd == c->ra_fd)
			ret -= c->ra_len - c->ra_pos +
			       (c->ra_next_ok ? c->ra_next_len : 0);
		if (c->wb_inflight && fd == c->wb_sent_fd)
			ret += c->wb_sent_len;
		if (fd == c->wb_fd)
			ret += c->wb_len;
		break;
	case __NR_read:
		if (!args[2] || !hpc_fd_regular(c, fd, lost) || *lost)
			return *lost;
		if ((c->wb_fd >= 0 && hpc_same_file(c, fd, c->wb_fd)) ||
		    (c->wb_inflight && hpc_same_file(c, fd, c->wb_sent_fd))) {
			hpc_wb_flush(c, lost);
			if (*lost)
				return true;
		}
		ret = hpc_ra_read(c, fd, (void __user *)regs->si, args[2],
				  lost);
		break;
	case __NR_write:
		if (!args[2] || !hpc_fd_regular(c, fd, lost) || *lost ||
		    !test_bit(fd, c->fd_async))
			return *lost;
		if (c->ra_fd >= 0 && hpc_same_file(c, fd, c->ra_fd)) {
			hpc_ra_flush(c, lost);
			if (*lost)
				return true;
		}
		ret = hpc_wb_write(c, fd, (const void __user *)regs->si,
				   args[2], lost);
		break;
	default:
		return false;
	}
	regs->ax = ret;
	return true;
}

/*
 * The /proc files of the process's own address space, opened at home,
 * would show the deputy's empty stand-in: the body goes home to open them.
 */
static bool hpc_body_opens_own_mm(u32 nr, const u64 args[6])
{
	char path[64];
	long len;

	if (nr != __NR_open && nr != __NR_openat)
		return false;
	len = strncpy_from_user(path, u64_to_user_ptr(nr == __NR_open ?
						      args[0] : args[1]),
				sizeof(path));
	if (len <= 0 || len == sizeof(path))
		return false;
	return hpc_proc_own_mm(path, current->hpc.home_pid);
}

/*
 * One system call of a body (hpc_body_syscall() below): true if the call
 * is not to run here, regs->ax then has its result.
 */
static bool hpc_body_call(struct pt_regs *regs)
{
	u32 nr = regs->orig_ax;
	u64 args[6] = { regs->di, regs->si, regs->dx, regs->r10, regs->r8,
			regs->r9 };
	struct hpc_sc_layout l;
	bool lost = false;
	struct hpc_conn *c = current->hpc.conn;
	long ret = 0;
	u64 done = 0;
	int class, late;

	/* a short read is a read (of a pipe...): clamp, do not go home */
	if ((nr == __NR_read || nr == __NR_pread64 ||
	     nr == __NR_getdents64) && args[2] > HPC_FWD_MAX)
		args[2] = HPC_FWD_MAX;
	/* glibc's pselect passes a (NULL mask, size) pair: no mask at all */
	if (nr == __NR_pselect6 && args[5]) {
		u64 pair[2];

		if (!copy_from_user(pair, (void __user *)regs->r9,
				    sizeof(pair)) && !pair[0])
			args[5] = 0;
	}
	class = hpc_syscall_classify(nr, args, &l);
	if (class == HPC_SC_FORWARD && hpc_body_opens_own_mm(nr, args))
		class = HPC_SC_HOME;
	c->sig_in_call = false;
	late = hpc_wb_error(c, nr, args[0]);
	if (late && nr != __NR_close) {
		regs->ax = late;
		return true;
	}
	if (class == HPC_SC_FORWARD && hpc_file_fast(c, nr, args, regs, &lost)) {
		if (lost)
			goto lost;
		return true;
	}
	/*
	 * Anything else that leaves the body finds the files up to date:
	 * what is written behind goes first. Its answer is awaited here only
	 * by a call that would report its late error (the write then has
	 * overtaken nothing and may be finished); the others take it on
	 * their way (hpc_body_forward()).
	 */
	if (class != HPC_SC_LOCAL) {
		if (!hpc_ra_keeps(c, nr, args[0]))
			hpc_ra_flush(c, &lost);
		if (lost)
			goto lost;
		if (hpc_wb_reports(nr) &&
		    (args[0] == c->wb_fd ||
		     (c->wb_inflight && args[0] == c->wb_sent_fd)))
			hpc_wb_flush(c, &lost);
		else
			hpc_wb_start(c, &lost);
		if (lost)
			goto lost;
		/* what that last flush met is this fsync's or close's to say */
		if (!late)
			late = hpc_wb_error(c, nr, args[0]);
		if (late && nr != __NR_close) {
			regs->ax = late;
			return true;
		}
	}
	/*
	 * A descriptor that is closed or replaced may be reused for another
	 * file; F_SETFL may turn O_DIRECT or O_APPEND on.
	 */
	if ((nr == __NR_close && args[0] < HPC_RA_FDS) ||
	    (nr == __NR_fcntl && args[1] == F_SETFL && args[0] < HPC_RA_FDS) ||
	    ((nr == __NR_dup2 || nr == __NR_dup3) && args[1] < HPC_RA_FDS))
		__clear_bit(nr == __NR_dup2 || nr == __NR_dup3 ? args[1] :
			    args[0], c->fd_known);
	/* home makes the call with the signals the body blocks blocked */
	if (class == HPC_SC_FORWARD || class == HPC_SC_BOTH) {
		if (hpc_body_sync_mask(c, &lost, NULL)) {
			hpc_arch_syscall_again(regs, false);
			return true;
		}
		if (lost)
			goto lost;
	}
	/* these may change the mask or what home must know of it */
	if (nr == __NR_rt_sigprocmask || nr == __NR_rt_sigreturn ||
	    nr == __NR_rt_sigaction)
		hpc_body_recheck_mask(c);
	switch (class) {
	case HPC_SC_LOCAL:
		if (nr == __NR_rt_sigpending) {
			if (!hpc_body_sigpending(c, regs, &lost))
				return false;
			if (lost)
				goto lost;
			return true;
		}
		if (nr != __NR_set_tid_address)
			return false;
		/* local, but the thread id is the home one */
		current->clear_child_tid = (int __user *)regs->di;
		regs->ax = current->hpc.home_pid;
		return true;
	case HPC_SC_FORWARD:
		ret = hpc_body_forward(nr, args, &l, &lost, false);
		if (nr == __NR_times && args[0] && !lost &&
		    !IS_ERR_VALUE(ret) && hpc_body_times(args[0]))
			ret = -EFAULT;
		break;
	case HPC_SC_BOTH:
		hpc_body_forward(nr, args, &l, &lost, false);
		if (!lost)
			return false;	/* and now here, with its result */
		break;
	default:
		if (nr == __NR_mmap && !(args[3] & MAP_ANONYMOUS)) {
			if (hpc_body_mmap_file(regs, &lost) && !lost)
				return true;
			if (!lost)
				goto go_home;
			break;
		}
		if (nr == __NR_readv || nr == __NR_writev ||
		    nr == __NR_preadv || nr == __NR_pwritev) {
			if (hpc_body_vector(nr, args, &ret, &lost) || lost)
				break;
			goto go_home;
		}
		if (nr != __NR_write && nr != __NR_pwrite64)
			goto go_home;
		/* a long write goes in pieces, as the call would have */
		while (done < regs->dx) {
			args[1] = regs->si + done;
			args[2] = min_t(u64, regs->dx - done, HPC_FWD_MAX);
			if (nr == __NR_pwrite64)
				args[3] = regs->r10 + done;
			hpc_syscall_classify(nr, args, &l);
			ret = hpc_body_forward(nr, args, &l, &lost, false);
			if (ret <= 0 || lost)
				break;
			done += ret;
			if (ret < args[2])
				break;
		}
		if (done)
			ret = done;
		break;
	}
	if (lost) {
lost:
		pr_warn_ratelimited("body %d: home node %u lost\n",
				    task_pid_nr(current), current->hpc.home);
		force_sig(SIGKILL);
		return true;
	}
	/* close reports what a write held back met at home */
	regs->ax = late && !ret ? late : ret;
	/*
	 * Cut short at home by a signal the process handles: the deputy
	 * sent it here before the result, so the handler runs here and the
	 * kernel applies the restart rules to the result on the way out (a
	 * restart forwards the call again). One that came here but that
	 * the body blocks (home's mask is older than the body's) would not
	 * have cut the call short: it stays pending and the call is made
	 * again. Cut short by anything else: the signal, and the restart
	 * logic, are at home.
	 */
	if (!hpc_is_restart(ret) || (c->sig_in_call && task_sigpending(current)))
		return true;
	if (c->sig_in_call && ret != -ERESTART_RESTARTBLOCK) {
		hpc_arch_syscall_again(regs, false);
		return true;
	}
	c->restart_home = true;
	hpc_body_queue_home();
	return true;

go_home:
	pr_info_ratelimited("body of pid %u goes home for system call %u (first argument %#llx)\n",
			    current->hpc.home_pid, nr, args[0]);
	/* rewind to the syscall instruction and make the call at home */
	hpc_arch_syscall_again(regs, false);
	hpc_body_queue_home();
	return true;
}

/* Does a read of @fd give all it asks for? (learnt with hpc_fd_regular) */
static bool hpc_fd_fills(struct hpc_conn *c, u64 fd, bool *lost)
{
	if (fd >= HPC_RA_FDS)
		return false;
	hpc_fd_regular(c, fd, lost);
	return !*lost && test_bit(fd, c->fd_known) && test_bit(fd, c->fd_fills);
}

/*
 * A read of more than HPC_FWD_MAX bytes where one call at home would fill
 * the buffer (a regular file, /dev/zero: see hpc_stat_fills()) is made in
 * pieces until it is filled, or a piece fails or comes back empty (the
 * end of the file) or, from a device, short: `dd bs=1M count=N` copies N
 * MiB, as at home. (A piece of a regular file may be short and the file
 * go on: the read-ahead serves what it holds.) Pieces after the first
 * that fail or send the body home leave the bytes already read as the
 * result, as an interrupted read would.
 */
static bool hpc_body_read_pieces(struct pt_regs *regs)
{
	struct hpc_conn *c = current->hpc.conn;
	bool regular = test_bit(regs->di, c->fd_regular);
	struct pt_regs p;
	u64 done = 0;
	long ret;

	do {
		p = *regs;
		p.si = regs->si + done;
		p.dx = min_t(u64, regs->dx - done, HPC_FWD_MAX);
		if (regs->orig_ax == __NR_pread64)
			p.r10 = regs->r10 + done;
		if (!hpc_body_call(&p))
			break;			/* not a forwarded read */
		ret = p.ax;
		if (ret <= 0)
			break;
		done += ret;
	} while ((ret == p.dx || regular) && done < regs->dx);
	if (!done)
		*regs = p;
	else
		regs->ax = done;
	return true;
}

/**
 * hpc_body_syscall() - a body makes a system call
 * @regs: its registers
 *
 * Local calls run here, described ones are forwarded to the deputy, and
 * for anything else the body goes home and makes the call there.
 *
 * Return: true if the call is not to run here (regs->ax has its result).
 */
bool hpc_body_syscall(struct pt_regs *regs)
{
	bool lost = false;

	if ((regs->orig_ax == __NR_read || regs->orig_ax == __NR_pread64) &&
	    regs->dx > HPC_FWD_MAX &&
	    hpc_fd_fills(current->hpc.conn, regs->di, &lost))
		return hpc_body_read_pieces(regs);
	return hpc_body_call(regs);
}

/**
 * hpc_body_exit() - the body ends: tell home how
 * @tsk: current, in do_exit()
 */
void hpc_body_exit(struct task_struct *tsk)
{
	u8 msg[sizeof(struct hpc_wire_exit)];
	struct hpc_exit_desc e;
	bool lost = false;

	hpc_conn_no_kick(tsk->hpc.conn);
	/*
	 * The offsets it leaves are where it stopped reading (another process
	 * may share them), and what it wrote reaches its files, before it is
	 * reported dead.
	 */
	hpc_ra_flush(tsk->hpc.conn, &lost);
	if (!lost)
		hpc_wb_flush(tsk->hpc.conn, &lost);
	e.code = tsk->exit_code & 0xffff;
	hpc_body_cputime(tsk, &e.utime, &e.stime);
	hpc_wire_encode_exit(msg, &e);
	hpc_conn_send(tsk->hpc.conn, HPC_MSG_EXIT, msg, sizeof(msg));
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
		/*
		 * Hang up only once the sender has stopped (it does on
		 * reading the refusal): closing with its frames unread
		 * would reset the connection and lose the answer.
		 */
		while (!hpc_conn_recv(c, HPC_IO_TIMEOUT) &&
		       c->msg.type != HPC_MSG_MIG_END)
			;
		err = -EBUSY;
		goto fail;
	}
	err = hpc_image_receive(c, &info);
	if (err)
		goto fail;
	err = hpc_conn_expect(c, HPC_MSG_MIG_COMMIT, HPC_IO_TIMEOUT);
	if (!err && c->msg.length) {
		/* late signals come only from a body, never from home */
		hpc_conn_fail(c, "commit with signals from home", -EPROTO);
		err = -EPROTO;
	}
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
	/*
	 * Its CPU clocks go on from what the process used before it came
	 * (home's own time and its earlier stays), as they would at home;
	 * only what it adds here is reported home.
	 */
	account_remote_cputime(current, info.utime, info.stime);
	c->base_utime = info.utime;
	c->base_stime = info.stime;
	c->mask_sent = current->blocked.sig[0];	/* the deputy's too */
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
