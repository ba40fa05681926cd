// SPDX-License-Identifier: GPL-2.0-only
/*
 * Receiving a process image: run by the task that becomes the process
 * (a new body on the target, or the deputy re-adopting its process).
 *
 * The task installs a fresh mm as execve does, rebuilds every VMA at its
 * address, writes the pages it is sent, maps this kernel's own vDSO where
 * the old one was, takes over the signal state, limits and identity, and
 * finally parks while its registers are written from outside.
 */
#define pr_fmt(fmt) "hpc: " fmt

#include <linux/binfmts.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/personality.h>
#include <linux/posix-timers.h>
#include <linux/resource.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "internal.h"

struct hpc_recv {
	u8			*task;		/* MIG_TASK payload */
	u8			*sigact;	/* MIG_SIGACT payload */
	struct hpc_regsets	rs;
	u64			vma_start, vma_end;
	bool			vma_shared;
	u32			vmas;
	u64			pages;
	u32			regsets;
	char			*path;
};

/* A deputy's empty mm keeps the executable, for /proc/PID/exe. */
static void hpc_keep_exe_file(struct mm_struct *mm)
{
	struct file *exe = current->mm ? get_mm_exe_file(current->mm) : NULL;

	if (exe) {
		set_mm_exe_file(mm, exe);
		fput(exe);
	}
}

static int hpc_new_mm(const u8 *t)
{
	struct mm_struct *mm;
	unsigned long base;
	int err;

	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	hpc_keep_exe_file(mm);
	/* the image brings its own; keep exec_mmap() off the old ones */
	current->robust_list = NULL;
	current->clear_child_tid = NULL;
	err = exec_mmap_install(mm);
	if (err) {
		mmput(mm);
		return err;
	}
	mm->task_size = TASK_SIZE;
	arch_pick_mmap_layout(mm, &current->signal->rlim[RLIMIT_STACK]);
	base = HPC_GET64(t, hpc_wire_task, mmap_base);
	if (base && base < TASK_SIZE && PAGE_ALIGNED(base))
		mm->mmap_base = base;
	return 0;
}

/**
 * hpc_file_identity() - what tells a file from another copy at its path
 * @file: the file
 * @size: its size
 * @mtime: its last modification, in ns since the epoch
 */
void hpc_file_identity(struct file *file, u64 *size, s64 *mtime)
{
	struct inode *inode = file_inode(file);
	struct timespec64 ts = inode_get_mtime(inode);

	*size = i_size_read(inode);
	*mtime = timespec64_to_ns(&ts);
}

/**
 * hpc_file_matches() - is this node's copy of a file the one home maps?
 * @file: this node's file at the path home gave
 * @path: that path, for the log
 * @size: home's size of it
 * @mtime: home's modification time of it, ns
 *
 * The nodes of a cluster install the same programs and libraries (same
 * packages: same sizes and times); a data file at a node-local path
 * (/tmp, /scratch) may hold something else there, which the process must
 * not read as its own.
 *
 * Return: true if size and modification time agree.
 */
bool hpc_file_matches(struct file *file, const char *path, u64 size,
		      s64 mtime)
{
	u64 here_size;
	s64 here_mtime;

	hpc_file_identity(file, &here_size, &here_mtime);
	if (here_size == size && here_mtime == mtime)
		return true;
	pr_warn_ratelimited("%s differs from the home node's (size %llu, not %llu; mtime %lld, not %lld)\n",
			    path, here_size, size, here_mtime, mtime);
	return false;
}

static int hpc_recv_vma(struct hpc_conn *c, struct hpc_recv *r)
{
	struct hpc_vma_desc v;
	unsigned long prot = 0, flags = MAP_FIXED, ret;
	struct file *file = NULL;
	int err;

	err = hpc_wire_decode_vma(c->buf, c->msg.length, &v);
	if (err)
		return err;
	if (v.end > TASK_SIZE)
		return -EINVAL;
	if (v.flags & HPC_VMA_READ)
		prot |= PROT_READ;
	if (v.flags & HPC_VMA_WRITE)
		prot |= PROT_WRITE;
	if (v.flags & HPC_VMA_EXEC)
		prot |= PROT_EXEC;
	flags |= v.flags & HPC_VMA_SHARED ? MAP_SHARED : MAP_PRIVATE;
	if (v.flags & HPC_VMA_GROWSDOWN)
		flags |= MAP_GROWSDOWN;
	if (v.path_len) {
		memcpy(r->path, v.path, v.path_len);
		r->path[v.path_len] = '\0';
		file = filp_open(r->path, O_RDONLY | O_LARGEFILE, 0);
		if (IS_ERR(file)) {
			pr_warn_ratelimited("cannot open %s: %ld\n", r->path,
					    PTR_ERR(file));
			return PTR_ERR(file);
		}
		/* home has the process's own files; a body maps copies */
		if (current->hpc.role != HPC_ROLE_DEPUTY &&
		    !hpc_file_matches(file, r->path, v.file_size,
				      v.file_mtime)) {
			fput(file);
			return -ESTALE;
		}
	} else {
		flags |= MAP_ANONYMOUS;
	}
	ret = vm_mmap(file, v.start, v.end - v.start, prot, flags,
		      v.pgoff << PAGE_SHIFT);
	if (file)
		fput(file);
	if (IS_ERR_VALUE(ret))
		return (int)ret;
	if (ret != v.start)
		return -EADDRINUSE;
	r->vma_start = v.start;
	r->vma_end = v.end;
	r->vma_shared = v.flags & HPC_VMA_SHARED;
	r->vmas++;
	return 0;
}

static int hpc_recv_pages(struct hpc_conn *c, struct hpc_recv *r)
{
	struct hpc_pages_desc p;
	int len, err;

	err = hpc_wire_decode_pages(c->buf, c->msg.length, &p);
	if (err)
		return err;
	len = p.npages * PAGE_SIZE;
	if (r->vma_shared || p.addr < r->vma_start ||
	    p.addr + len > r->vma_end)
		return -EINVAL;
	if (access_remote_vm(current->mm, p.addr, (void *)p.data, len,
			     FOLL_WRITE | FOLL_FORCE) != len)
		return -EFAULT;
	r->pages += p.npages;
	return 0;
}

static int hpc_recv_regset(struct hpc_conn *c, struct hpc_recv *r)
{
	struct hpc_regset_desc d;
	int i, err;

	err = hpc_wire_decode_regset(c->buf, c->msg.length, &d);
	if (err)
		return err;
	for (i = 0; i < ARRAY_SIZE(hpc_regset_notes); i++)
		if (hpc_regset_notes[i] == d.note_type)
			break;
	if (i == ARRAY_SIZE(hpc_regset_notes) || r->rs.data[i])
		return -EINVAL;
	r->rs.data[i] = kmemdup(d.data, d.size, GFP_KERNEL);
	if (!r->rs.data[i])
		return -ENOMEM;
	r->rs.size[i] = d.size;
	r->regsets++;
	return 0;
}

static int hpc_apply_task(struct hpc_conn *c, const u8 *t, const u8 *sa)
{
	struct task_struct *tsk = current;
	struct mm_struct *mm = tsk->mm;
	char comm[TASK_COMM_LEN];
	sigset_t blocked;
	u64 pending;
	u16 attrs;
	int i, err;

	attrs = hpc_get_be16(t + offsetof(struct hpc_wire_task, attrs));
	if ((attrs & ~HPC_ATTR_KNOWN) ||
	    (attrs & HPC_ATTR_HINT_MASK) == HPC_ATTR_HINT_MASK)
		return -EINVAL;

	/* the mm layout, checked as prctl(PR_SET_MM_MAP) would */
	mmap_write_lock(mm);
	mm->start_code = HPC_GET64(t, hpc_wire_task, start_code);
	mm->end_code = HPC_GET64(t, hpc_wire_task, end_code);
	mm->start_data = HPC_GET64(t, hpc_wire_task, start_data);
	mm->end_data = HPC_GET64(t, hpc_wire_task, end_data);
	mm->start_brk = HPC_GET64(t, hpc_wire_task, start_brk);
	mm->brk = HPC_GET64(t, hpc_wire_task, brk);
	mm->start_stack = HPC_GET64(t, hpc_wire_task, start_stack);
	mm->arg_start = HPC_GET64(t, hpc_wire_task, arg_start);
	mm->arg_end = HPC_GET64(t, hpc_wire_task, arg_end);
	mm->env_start = HPC_GET64(t, hpc_wire_task, env_start);
	mm->env_end = HPC_GET64(t, hpc_wire_task, env_end);
	for (i = 0; i < HPC_AUXV_WORDS && i < ARRAY_SIZE(mm->saved_auxv); i++)
		mm->saved_auxv[i] = hpc_get_be64(t +
			offsetof(struct hpc_wire_task, saved_auxv) + i * 8);
	mmap_write_unlock(mm);
	if (mm->start_brk > mm->brk || mm->brk > TASK_SIZE ||
	    mm->arg_start > mm->arg_end || mm->env_start > mm->env_end)
		return -EINVAL;

	err = hpc_arch_map_vdso(HPC_GET64(t, hpc_wire_task, vdso));
	if (err)
		return err;

	/*
	 * limits: may only be as the home node had them. Coming home, one
	 * set at home while the process was away (prlimit from another
	 * process) stays: it is newer than the body's.
	 */
	task_lock(tsk->group_leader);
	for (i = 0; i < HPC_RLIMITS && i < RLIM_NLIMITS; i++) {
		const u8 *p = t + offsetof(struct hpc_wire_task, rlim) + i * 16;
		struct rlimit r = { hpc_get_be64(p), hpc_get_be64(p + 8) };

		if (tsk->hpc.role == HPC_ROLE_DEPUTY &&
		    memcmp(&tsk->signal->rlim[i], &c->rlim_sent[i],
			   sizeof(r)))
			continue;
		if (r.rlim_cur <= r.rlim_max)
			tsk->signal->rlim[i] = r;
	}
	task_unlock(tsk->group_leader);
	/*
	 * A CPU-time limit is checked by a process CPU timer, which setting
	 * the limit does not start: start it, as setrlimit() would, so the
	 * limit holds here too (against the process's whole CPU time, which
	 * a body's clocks start from).
	 */
	if (tsk->signal->rlim[RLIMIT_CPU].rlim_cur != RLIM_INFINITY)
		update_rlimit_cpu(tsk, tsk->signal->rlim[RLIMIT_CPU].rlim_cur);

	memcpy(comm, t + offsetof(struct hpc_wire_task, comm), HPC_COMM_LEN);
	comm[TASK_COMM_LEN - 1] = '\0';
	set_task_comm(tsk, comm);
	tsk->personality = HPC_GET32(t, hpc_wire_task, personality);
	WRITE_ONCE(tsk->hpc.hint, attrs & HPC_ATTR_HINT_MASK);
	WRITE_ONCE(tsk->hpc.decay, !!(attrs & HPC_ATTR_DECAY_SLOW));

	tsk->sas_ss_sp = HPC_GET64(t, hpc_wire_task, sas_ss_sp);
	tsk->sas_ss_size = HPC_GET64(t, hpc_wire_task, sas_ss_size);
	tsk->sas_ss_flags = HPC_GET32(t, hpc_wire_task, sas_ss_flags);
	tsk->robust_list = (void __user *)(unsigned long)
		HPC_GET64(t, hpc_wire_task, robust_list);
	tsk->clear_child_tid = (void __user *)(unsigned long)
		HPC_GET64(t, hpc_wire_task, clear_child_tid);

	spin_lock_irq(&tsk->sighand->siglock);
	for (i = 0; i < HPC_NSIG; i++) {
		const u8 *p = sa + i * sizeof(struct hpc_wire_sigaction);
		struct k_sigaction *ka = &tsk->sighand->action[i];

		ka->sa.sa_handler = (__sighandler_t)(unsigned long)
			HPC_GET64(p, hpc_wire_sigaction, handler);
		ka->sa.sa_flags = HPC_GET64(p, hpc_wire_sigaction, flags);
		ka->sa.sa_restorer = (__sigrestore_t)(unsigned long)
			HPC_GET64(p, hpc_wire_sigaction, restorer);
		ka->sa.sa_mask.sig[0] = HPC_GET64(p, hpc_wire_sigaction, mask);
		sigdelsetmask(&ka->sa.sa_mask, sigmask(SIGKILL) |
			      sigmask(SIGSTOP));
	}
	spin_unlock_irq(&tsk->sighand->siglock);
	blocked.sig[0] = HPC_GET64(t, hpc_wire_task, blocked);
	sigdelsetmask(&blocked, sigmask(SIGKILL) | sigmask(SIGSTOP));
	set_current_blocked(&blocked);
	/* what was pending at the body is pending here (one of each) */
	pending = HPC_GET64(t, hpc_wire_task, pending) &
		  ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	for (i = 1; i <= HPC_NSIG; i++)
		if (pending & sigmask(i))
			send_sig_info(i, SEND_SIG_PRIV, tsk);
	return 0;
}

/**
 * hpc_image_receive() - become the process whose image arrives on @c
 * @c: the channel; c->msg holds the MIG_TASK that starts the image
 * @info: filled with what the caller needs of the image
 *
 * On success current has the process's memory and registers, and the
 * receiver has answered MIG_ACK; the caller waits for MIG_COMMIT before
 * letting it run. On failure current's user state is undefined (a body
 * exits; a deputy has nothing left to lose) and MIG_ACK carried the error.
 *
 * Return: 0 or a negative errno.
 */
int hpc_image_receive(struct hpc_conn *c, struct hpc_image_info *info)
{
	struct hpc_recv r = {};
	struct hpc_end_desc end;
	u8 ack[sizeof(struct hpc_wire_ack)];
	int err;

	if (c->msg.type != HPC_MSG_MIG_TASK)
		return -EPROTO;
	r.task = kmemdup(c->buf, c->msg.length, GFP_KERNEL);
	r.path = kmalloc(HPC_PATH_MAX + 1, GFP_KERNEL);
	if (!r.task || !r.path) {
		err = -ENOMEM;
		goto out;
	}
	err = hpc_conn_expect(c, HPC_MSG_MIG_SIGACT, HPC_IO_TIMEOUT);
	if (err)
		goto out_noack;
	r.sigact = kmemdup(c->buf, c->msg.length, GFP_KERNEL);
	if (!r.sigact) {
		err = -ENOMEM;
		goto out;
	}
	err = hpc_new_mm(r.task);
	if (err)
		goto out;
	for (;;) {
		err = hpc_conn_recv(c, HPC_IO_TIMEOUT);
		if (err)
			goto out_noack;
		switch (c->msg.type) {
		case HPC_MSG_MIG_VMA:
			err = hpc_recv_vma(c, &r);
			break;
		case HPC_MSG_MIG_PAGES:
			err = hpc_recv_pages(c, &r);
			break;
		case HPC_MSG_MIG_REGSET:
			err = hpc_recv_regset(c, &r);
			break;
		case HPC_MSG_MIG_END:
			err = hpc_wire_decode_end(c->buf, c->msg.length, &end);
			if (!err && (end.pages != r.pages ||
				     end.vmas != r.vmas ||
				     end.regsets != r.regsets ||
				     r.regsets != ARRAY_SIZE(r.rs.data)))
				err = -EBADMSG;
			break;
		default:
			err = -EPROTO;
			break;
		}
		if (err || c->msg.type == HPC_MSG_MIG_END)
			break;
		cond_resched();
	}
	if (err)
		goto out;
	/* only a body going home brings a sleep along, to its deputy */
	err = hpc_wire_decode_sleep(r.task, &info->sleep);
	if (!err && info->sleep.on && current->hpc.role != HPC_ROLE_DEPUTY)
		err = -EPROTO;
	/* and the CPU time it used; from home, what the process used */
	if (!err)
		err = hpc_wire_decode_cputime(r.task, &info->utime,
					      &info->stime);
	if (err)
		goto out;
	err = hpc_apply_task(c, r.task, r.sigact);
	if (err)
		goto out;
	info->home_pid = HPC_GET32(r.task, hpc_wire_task, home_pid);
	info->home_node = hpc_get_be16(r.task +
				       offsetof(struct hpc_wire_task,
						home_node));
	info->migrations = HPC_GET32(r.task, hpc_wire_task, migrations);
	info->saved_ax = hpc_arch_saved_ax(&r.rs);
	err = hpc_arch_set_regs(&r.rs);
out:
	if (err)
		pr_warn_ratelimited("image from node %u rejected: error %d\n",
				    c->peer, err);
	hpc_wire_encode_ack(ack, err < 0 && err > -4096 ? -err : 0);
	if (hpc_conn_send(c, HPC_MSG_MIG_ACK, ack, sizeof(ack)) && !err)
		err = -EPIPE;
out_noack:
	hpc_regsets_free(&r.rs);
	kfree(r.path);
	kfree(r.sigact);
	kfree(r.task);
	return err;
}

/*
 * What a deputy keeps of its process's memory: the argument and
 * environment strings, at their addresses, so that /proc/PID/cmdline and
 * environ (ps, pgrep -f, mps) show them while the process is away.
 */
#define HPC_ARGS_KEEP	(128 * 1024)

struct hpc_args {
	unsigned long arg_start, arg_end, env_start, env_end;
	void *buf;		/* [arg_start, env_end), or NULL */
};

static void hpc_args_save(struct mm_struct *mm, struct hpc_args *a)
{
	unsigned long end;

	spin_lock(&mm->arg_lock);
	a->arg_start = mm->arg_start;
	a->arg_end = mm->arg_end;
	a->env_start = mm->env_start;
	a->env_end = mm->env_end;
	spin_unlock(&mm->arg_lock);
	a->buf = NULL;
	/* the strings lie end to end at the top of the stack */
	if (a->arg_start > a->arg_end || a->arg_end > a->env_start ||
	    a->env_start > a->env_end) {
		a->env_start = a->arg_end;
		a->env_end = a->arg_end;
	}
	end = min(a->env_end, a->arg_start + HPC_ARGS_KEEP);
	a->arg_end = min(a->arg_end, end);
	a->env_start = min(a->env_start, end);
	a->env_end = end;
	if (end <= a->arg_start)
		return;
	a->buf = kvmalloc(end - a->arg_start, GFP_KERNEL);
	if (a->buf && copy_from_user(a->buf, (void __user *)a->arg_start,
				     end - a->arg_start)) {
		kvfree(a->buf);
		a->buf = NULL;
	}
}

/* put what hpc_args_save() kept into @mm, current's new address space */
static void hpc_args_restore(struct mm_struct *mm, struct hpc_args *a)
{
	unsigned long base = a->arg_start & PAGE_MASK, addr;

	if (!a->buf)
		return;
	addr = vm_mmap(NULL, base, PAGE_ALIGN(a->env_end) - base,
		       PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, 0);
	if (addr == base &&
	    !copy_to_user((void __user *)a->arg_start, a->buf,
			  a->env_end - a->arg_start)) {
		spin_lock(&mm->arg_lock);
		mm->arg_start = a->arg_start;
		mm->arg_end = a->arg_end;
		mm->env_start = a->env_start;
		mm->env_end = a->env_end;
		spin_unlock(&mm->arg_lock);
	}
	kvfree(a->buf);
}

/**
 * hpc_mm_drop() - replace current's memory by a stand-in
 *
 * What a deputy keeps, until its process comes back: no user memory but a
 * copy of the argument and environment strings (hpc_args_save()) and of
 * the auxiliary vector, for /proc.
 *
 * Return: 0 or a negative errno.
 */
int hpc_mm_drop(void)
{
	struct task_struct *tsk = current;
	void __user *robust = tsk->robust_list;
	int __user *ctid = tsk->clear_child_tid;
	struct hpc_args args;
	struct mm_struct *mm;
	int err;

	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	hpc_keep_exe_file(mm);
	hpc_args_save(tsk->mm, &args);
	memcpy(mm->saved_auxv, tsk->mm->saved_auxv, sizeof(mm->saved_auxv));
	err = exec_mmap_install(mm);
	if (err) {
		kvfree(args.buf);
		mmput(mm);
		return err;
	}
	mm->task_size = TASK_SIZE;
	arch_pick_mmap_layout(mm, &tsk->signal->rlim[RLIMIT_STACK]);
	hpc_args_restore(mm, &args);
	/* exec_mmap() forgets these; the process still has them */
	tsk->robust_list = robust;
	tsk->clear_child_tid = ctid;
	return 0;
}
