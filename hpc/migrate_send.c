// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sending a process image: the task itself, on its way to user mode.
 *
 * The stream is MIG_TASK, MIG_SIGACT, then for every VMA a MIG_VMA followed
 * by MIG_PAGES runs of its present pages, then the MIG_REGSETs and MIG_END.
 * Only pages that exist are sent: the page tables are walked 2 MiB at a
 * time and the contents copied in runs of up to HPC_PAGES_PER_MSG pages, so
 * memory use does not grow with the size of the process. File mappings go
 * as references (path and offset) plus their private copied-on-write pages.
 * The vDSO and vvar are not sent; the receiver maps its own.
 */
#define pr_fmt(fmt) "hpc: " fmt

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pagewalk.h>
#include <linux/personality.h>
#include <linux/resource.h>
#include <linux/sched/cputime.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/file.h>
#include <linux/futex.h>
#include "internal.h"

struct hpc_move_stats hpc_move_stats;

#define HPC_WINDOW_PAGES	512

struct hpc_walk {
	unsigned long	base;
	DECLARE_BITMAP(present, HPC_WINDOW_PAGES);
};

static int hpc_pte_entry(pte_t *pte, unsigned long addr, unsigned long next,
			 struct mm_walk *walk)
{
	struct hpc_walk *w = walk->private;
	pte_t val = ptep_get(pte);
	bool send;

	if (pte_none(val))
		return 0;
	if (vma_is_anonymous(walk->vma) || !pte_present(val)) {
		send = true;	/* anonymous, or swapped/migrating */
	} else {
		struct page *page = vm_normal_page(walk->vma, addr, val);

		send = page && PageAnon(page);	/* a private copy */
	}
	if (send)
		__set_bit((addr - w->base) >> PAGE_SHIFT, w->present);
	return 0;
}

static const struct mm_walk_ops hpc_walk_ops = {
	.pte_entry	= hpc_pte_entry,
	.walk_lock	= PGWALK_RDLOCK,
};

static int hpc_send_run(struct hpc_conn *c, struct mm_struct *mm,
			unsigned long addr, unsigned int n, void *buf)
{
	u8 hdr[sizeof(struct hpc_wire_pages)];
	int len = n * PAGE_SIZE;

	if (access_remote_vm(mm, addr, buf, len, FOLL_FORCE) != len)
		return -EFAULT;
	hpc_wire_encode_pages(hdr, addr, n);
	return hpc_conn_send2(c, HPC_MSG_MIG_PAGES, hdr, sizeof(hdr), buf,
			      len);
}

/* Send the present pages of [start, end), one window at a time. */
static int hpc_send_pages(struct hpc_conn *c, struct mm_struct *mm,
			  unsigned long start, unsigned long end, void *buf,
			  u64 *pages)
{
	struct hpc_walk *w;
	unsigned long ws;
	int err = 0;

	w = kmalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	for (ws = start; ws < end && !err;
	     ws += HPC_WINDOW_PAGES * PAGE_SIZE) {
		unsigned long we = min(end, ws + HPC_WINDOW_PAGES * PAGE_SIZE);
		unsigned int i, nbits = (we - ws) >> PAGE_SHIFT;

		w->base = ws;
		bitmap_zero(w->present, HPC_WINDOW_PAGES);
		mmap_read_lock(mm);
		err = walk_page_range(mm, ws, we, &hpc_walk_ops, w);
		mmap_read_unlock(mm);
		if (err)
			break;
		i = find_first_bit(w->present, nbits);
		while (i < nbits && !err) {
			unsigned int n = 1;

			while (i + n < nbits && n < HPC_PAGES_PER_MSG &&
			       test_bit(i + n, w->present))
				n++;
			err = hpc_send_run(c, mm, ws + i * PAGE_SIZE, n, buf);
			*pages += n;
			i = find_next_bit(w->present, nbits, i + n);
		}
		cond_resched();
	}
	kfree(w);
	return err;
}

/* One VMA: its descriptor, then its pages. vma_start is its address. */
static int hpc_send_vma(struct hpc_conn *c, struct mm_struct *mm,
			unsigned long *addr, void *buf, char *pathbuf,
			u32 *vmas, u64 *pages, bool *done)
{
	struct hpc_vma_desc v = {};
	struct vm_area_struct *vma;
	struct file *file = NULL;
	vm_flags_t flags;
	const char *path = NULL;
	int err;

	mmap_read_lock(mm);
	vma = find_vma(mm, *addr);
	if (!vma) {
		mmap_read_unlock(mm);
		*done = true;
		return 0;
	}
	v.start = vma->vm_start;
	v.end = vma->vm_end;
	flags = vma->vm_flags;
	v.pgoff = vma->vm_pgoff;
	if (vma->vm_file)
		file = get_file(vma->vm_file);
	/* vDSO, vvar and other special mappings are the target's own */
	if (!file && vma->vm_ops && !vma_is_anonymous(vma)) {
		mmap_read_unlock(mm);
		*addr = v.end;
		return 0;
	}
	mmap_read_unlock(mm);
	*addr = v.end;

	v.flags = (flags & VM_READ ? HPC_VMA_READ : 0) |
		  (flags & VM_WRITE ? HPC_VMA_WRITE : 0) |
		  (flags & VM_EXEC ? HPC_VMA_EXEC : 0) |
		  (flags & VM_GROWSDOWN ? HPC_VMA_GROWSDOWN : 0) |
		  (flags & VM_SHARED ? HPC_VMA_SHARED : 0);
	if (flags & (VM_IO | VM_PFNMAP | VM_MIXEDMAP)) {
		err = -EINVAL;
		goto out;
	}
	if (file) {
		path = d_path(&file->f_path, pathbuf, PATH_MAX);
		if (IS_ERR(path)) {
			err = PTR_ERR(path);
			goto out;
		}
		v.path_len = strlen(path);
		if (v.path_len > HPC_PATH_MAX) {
			err = -ENAMETOOLONG;
			goto out;
		}
		hpc_file_identity(file, &v.file_size, &v.file_mtime);
	} else {
		v.pgoff = 0;
	}
	hpc_wire_encode_vma(buf, &v);
	err = hpc_conn_send2(c, HPC_MSG_MIG_VMA, buf,
			     sizeof(struct hpc_wire_vma), path, v.path_len);
	if (err)
		goto out;
	(*vmas)++;
	if (!(flags & VM_SHARED))
		err = hpc_send_pages(c, mm, v.start, v.end, buf, pages);
out:
	if (file)
		fput(file);
	return err;
}

static void hpc_fill_task(u8 *t, struct hpc_conn *c)
{
	struct task_struct *tsk = current;
	struct mm_struct *mm = tsk->mm;
	u64 ut, st;
	int i;

	memset(t, 0, sizeof(struct hpc_wire_task));
	if (tsk->hpc.role == HPC_ROLE_BODY) {
		/* what it used here is the process's, counted at home */
		hpc_body_cputime(tsk, &ut, &st);
		HPC_PUT32(t, hpc_wire_task, home_pid, tsk->hpc.home_pid);
		hpc_put_be16(t + offsetof(struct hpc_wire_task, home_node),
			     tsk->hpc.home);
	} else {
		/* what it used so far, which the body's clocks start from */
		task_cputime_adjusted(tsk, &ut, &st);
		ut = min_t(u64, ut, HPC_CPUTIME_MAX);
		st = min_t(u64, st, HPC_CPUTIME_MAX);
		HPC_PUT32(t, hpc_wire_task, home_pid, task_tgid_nr(tsk));
		hpc_put_be16(t + offsetof(struct hpc_wire_task, home_node),
			     hpc_node_id());
	}
	HPC_PUT64(t, hpc_wire_task, cpu_utime_ns, ut);
	HPC_PUT64(t, hpc_wire_task, cpu_stime_ns, st);
	hpc_put_be16(t + offsetof(struct hpc_wire_task, attrs),
		     (READ_ONCE(tsk->hpc.hint) & HPC_ATTR_HINT_MASK) |
		     (READ_ONCE(tsk->hpc.decay) ? HPC_ATTR_DECAY_SLOW : 0));
	HPC_PUT32(t, hpc_wire_task, personality, tsk->personality);
	HPC_PUT32(t, hpc_wire_task, nr_vmas, mm->map_count);
	{
		char comm[TASK_COMM_LEN];

		BUILD_BUG_ON(TASK_COMM_LEN != HPC_COMM_LEN);
		get_task_comm(comm, tsk);
		memcpy(t + offsetof(struct hpc_wire_task, comm), comm,
		       HPC_COMM_LEN);
	}
	HPC_PUT64(t, hpc_wire_task, blocked, tsk->blocked.sig[0]);
	HPC_PUT64(t, hpc_wire_task, sas_ss_sp, tsk->sas_ss_sp);
	HPC_PUT64(t, hpc_wire_task, sas_ss_size, tsk->sas_ss_size);
	HPC_PUT32(t, hpc_wire_task, sas_ss_flags, tsk->sas_ss_flags);
	HPC_PUT64(t, hpc_wire_task, robust_list,
		  (unsigned long)tsk->robust_list);
	HPC_PUT64(t, hpc_wire_task, robust_list_len,
		  sizeof(*tsk->robust_list));
	HPC_PUT64(t, hpc_wire_task, clear_child_tid,
		  (unsigned long)tsk->clear_child_tid);
	task_lock(tsk->group_leader);
	for (i = 0; i < HPC_RLIMITS && i < RLIM_NLIMITS; i++) {
		const struct rlimit *r = &tsk->signal->rlim[i];
		u8 *p = t + offsetof(struct hpc_wire_task, rlim) + i * 16;

		hpc_put_be64(p, r->rlim_cur);
		hpc_put_be64(p + 8, r->rlim_max);
	}
	/* what the deputy compares with (hpc_deputy_limits_changed()) */
	memcpy(c->rlim_sent, tsk->signal->rlim, sizeof(c->rlim_sent));
	task_unlock(tsk->group_leader);
	HPC_PUT64(t, hpc_wire_task, start_code, mm->start_code);
	HPC_PUT64(t, hpc_wire_task, end_code, mm->end_code);
	HPC_PUT64(t, hpc_wire_task, start_data, mm->start_data);
	HPC_PUT64(t, hpc_wire_task, end_data, mm->end_data);
	HPC_PUT64(t, hpc_wire_task, start_brk, mm->start_brk);
	HPC_PUT64(t, hpc_wire_task, brk, mm->brk);
	HPC_PUT64(t, hpc_wire_task, start_stack, mm->start_stack);
	HPC_PUT64(t, hpc_wire_task, arg_start, mm->arg_start);
	HPC_PUT64(t, hpc_wire_task, arg_end, mm->arg_end);
	HPC_PUT64(t, hpc_wire_task, env_start, mm->env_start);
	HPC_PUT64(t, hpc_wire_task, env_end, mm->env_end);
	HPC_PUT64(t, hpc_wire_task, mmap_base, mm->mmap_base);
	HPC_PUT64(t, hpc_wire_task, vdso, hpc_arch_vdso(mm));
	for (i = 0; i < HPC_AUXV_WORDS && i < ARRAY_SIZE(mm->saved_auxv); i++)
		hpc_put_be64(t + offsetof(struct hpc_wire_task, saved_auxv) +
			     i * 8, mm->saved_auxv[i]);
	HPC_PUT32(t, hpc_wire_task, migrations, tsk->hpc.migrations + 1);
	/*
	 * A body going home takes along the signals it has not taken yet
	 * (forwarded ones it blocks); at home they are still the deputy's.
	 */
	if (tsk->hpc.role == HPC_ROLE_BODY) {
		spin_lock_irq(&tsk->sighand->siglock);
		HPC_PUT64(t, hpc_wire_task, pending,
			  tsk->pending.signal.sig[0] |
			  tsk->signal->shared_pending.signal.sig[0]);
		spin_unlock_irq(&tsk->sighand->siglock);
		hpc_wire_encode_sleep(t, &tsk->hpc.conn->sleep);
	}
}

static int hpc_send_sigactions(struct hpc_conn *c, u8 *buf)
{
	struct k_sigaction *ka = current->sighand->action;
	int i;

	spin_lock_irq(&current->sighand->siglock);
	for (i = 0; i < HPC_NSIG; i++) {
		u8 *p = buf + i * sizeof(struct hpc_wire_sigaction);

		HPC_PUT64(p, hpc_wire_sigaction, handler,
			  (unsigned long)ka[i].sa.sa_handler);
		HPC_PUT64(p, hpc_wire_sigaction, flags, ka[i].sa.sa_flags);
		HPC_PUT64(p, hpc_wire_sigaction, restorer,
			  (unsigned long)ka[i].sa.sa_restorer);
		HPC_PUT64(p, hpc_wire_sigaction, mask, ka[i].sa.sa_mask.sig[0]);
	}
	spin_unlock_irq(&current->sighand->siglock);
	return hpc_conn_send(c, HPC_MSG_MIG_SIGACT, buf,
			     HPC_NSIG * sizeof(struct hpc_wire_sigaction));
}

/* The receiver's MIG_ACK: 0 if it took the image, else its refusal. */
/*
 * Read one message the receiver sent while the image was going out.
 * Return: 1 for its MIG_ACK (in c->msg and c->buf), 0 for something to
 * skip, or a negative errno. A deputy keeps pinging and forwarding signals
 * until it sees the image: pings need no answer now, and each forwarded
 * signal goes into @late, to travel home in the commit. A recall it sent
 * before it saw the image (a stop that cut a forwarded call short, a body
 * going home by itself) is answered already.
 */
static int hpc_image_read(struct hpc_conn *c, u64 *late, long timeout)
{
	struct hpc_signal_desc d;
	int err;

	err = hpc_conn_recv(c, timeout);
	if (err)
		return err;
	switch (c->msg.type) {
	case HPC_MSG_MIG_ACK:
		return 1;
	case HPC_MSG_PING:
	case HPC_MSG_PONG:
		return 0;
	case HPC_MSG_COME_HOME:
		/* it crossed the image on its way: the body is coming */
		if (!late)
			break;
		return 0;
	case HPC_MSG_SIGNAL:
		/* the decoder refuses SIGKILL and SIGSTOP */
		if (!late ||
		    hpc_wire_decode_signal(c->buf, c->msg.length, &d))
			break;
		*late |= BIT_ULL(d.signo - 1);
		return 0;
	}
	hpc_conn_fail(c, "unexpected message", c->msg.type);
	return -EPROTO;
}

/* The receiver's MIG_ACK, just read: 0 if it took the image. */
static int hpc_image_ack(struct hpc_conn *c)
{
	u32 error;
	int err;

	err = hpc_wire_decode_ack(c->buf, c->msg.length, &error);
	if (!err && error) {
		pr_warn_ratelimited("node %u refused %s: error %u\n", c->peer,
				    current->comm, error);
		err = -(int)error;
	}
	return err;
}

static int hpc_image_answer(struct hpc_conn *c, u64 *late)
{
	int ret;

	do {
		ret = hpc_image_read(c, late, 4 * HPC_IO_TIMEOUT);
	} while (!ret);
	return ret < 0 ? ret : hpc_image_ack(c);
}

/**
 * hpc_image_send() - send current's image and hand the process over
 * @c: a channel after its handshake
 *
 * Sends the image, waits for the receiver's MIG_ACK and answers
 * MIG_COMMIT. Until the commit is sent, current is untouched and stays
 * the authoritative copy: any error leaves it as it was.
 *
 * Return: 0 once committed (current must then stop being the process),
 * or a negative errno.
 */
int hpc_image_send(struct hpc_conn *c)
{
	ktime_t start = ktime_get();
	struct mm_struct *mm = current->mm;
	struct hpc_end_desc end = {};
	u64 late_signals = 0;
	u64 *late = current->hpc.role == HPC_ROLE_BODY ? &late_signals : NULL;
	struct hpc_regsets rs;
	unsigned long addr = 0;
	bool done = false;
	char *pathbuf;
	void *buf;
	int i, err;

	buf = kvmalloc(HPC_PAGES_PER_MSG * PAGE_SIZE, GFP_KERNEL);
	pathbuf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf || !pathbuf) {
		err = -ENOMEM;
		goto out_free;
	}
	err = hpc_arch_get_regs(&rs);
	if (err)
		goto out_free;

	hpc_fill_task(buf, c);
	err = hpc_conn_send(c, HPC_MSG_MIG_TASK, buf,
			    sizeof(struct hpc_wire_task));
	if (!err)
		err = hpc_send_sigactions(c, buf);
	/* a receiver that refuses says so at once: stop sending then */
	while (!err && !done) {
		if (hpc_conn_readable(c)) {
			err = hpc_image_read(c, late, HPC_IO_TIMEOUT);
			if (err > 0) {
				err = hpc_image_ack(c) ?: -EPROTO;
				goto out_regs;
			}
			continue;
		}
		err = hpc_send_vma(c, mm, &addr, buf, pathbuf, &end.vmas,
				   &end.pages, &done);
	}
	for (i = 0; i < ARRAY_SIZE(rs.data) && !err; i++) {
		u8 hdr[sizeof(struct hpc_wire_regset)];

		hpc_wire_encode_regset(hdr, hpc_regset_notes[i], rs.size[i]);
		err = hpc_conn_send2(c, HPC_MSG_MIG_REGSET, hdr, sizeof(hdr),
				     rs.data[i], rs.size[i]);
		end.regsets++;
	}
	if (!err) {
		hpc_wire_encode_end(buf, &end);
		err = hpc_conn_send(c, HPC_MSG_MIG_END, buf,
				    sizeof(struct hpc_wire_end));
	}
	if (!err)
		err = hpc_image_answer(c, late);
	if (!err) {
		hpc_wire_encode_commit(buf, late ? *late : 0);
		err = hpc_conn_send(c, HPC_MSG_MIG_COMMIT, buf,
				    late && *late ?
				    sizeof(struct hpc_wire_commit) : 0);
	}
	if (!err) {
		atomic64_inc(&hpc_move_stats.moves);
		atomic64_add(end.pages << (PAGE_SHIFT - 10),
			     &hpc_move_stats.kib);
		atomic64_add(ktime_us_delta(ktime_get(), start),
			     &hpc_move_stats.usecs);
		pr_debug("sent %s: %u vmas, %llu pages\n", current->comm,
			 end.vmas, end.pages);
	}
out_regs:
	hpc_regsets_free(&rs);
out_free:
	kfree(pathbuf);
	kvfree(buf);
	return err;
}
