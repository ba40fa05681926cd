// SPDX-License-Identifier: GPL-2.0-only
/*
 * The architecture part of migration (x86_64): register sets and vDSO.
 *
 * Registers travel as the contents of the ELF notes NT_PRSTATUS and
 * NT_X86_XSTATE, taken with the regset API (the views of ptrace and core
 * dumps); both ends run the same kernel build on the same CPU model.
 * Register sets must not be written to the current task, so a task that
 * adopts an image parks and a worker writes them from outside, the way
 * ptrace does, after wait_task_inactive().
 */
#define pr_fmt(fmt) "hpc: " fmt

#include <linux/elf.h>
#include <linux/mm.h>
#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>
#include <linux/regset.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <asm/unistd.h>
#include <asm/vdso.h>
#include <linux/user.h>
#include "internal.h"

const u32 hpc_regset_notes[2] = { NT_PRSTATUS, NT_X86_XSTATE };

static const struct user_regset *hpc_find_regset(struct task_struct *t,
						 u32 note)
{
	const struct user_regset_view *view = task_user_regset_view(t);
	unsigned int i;

	for (i = 0; i < view->n; i++)
		if (view->regsets[i].core_note_type == note)
			return &view->regsets[i];
	return NULL;
}

/**
 * hpc_regsets_free() - free what hpc_arch_get_regs() or a receiver filled
 * @rs: the register sets
 */
void hpc_regsets_free(struct hpc_regsets *rs)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(rs->data); i++) {
		kfree(rs->data[i]);
		rs->data[i] = NULL;
		rs->size[i] = 0;
	}
}

/**
 * hpc_arch_get_regs() - take current's user registers and FPU state
 * @rs: filled with kmalloc'ed copies
 *
 * Return: 0 or a negative errno.
 */
int hpc_arch_get_regs(struct hpc_regsets *rs)
{
	int i, n;

	memset(rs, 0, sizeof(*rs));
	for (i = 0; i < ARRAY_SIZE(hpc_regset_notes); i++) {
		const struct user_regset *r;

		r = hpc_find_regset(current, hpc_regset_notes[i]);
		if (!r)
			goto fail_nodev;
		n = regset_get_alloc(current, r, r->n * r->size,
				     &rs->data[i]);
		if (n < 0)
			goto fail;
		if (n > HPC_REGSET_MAX) {
			n = -E2BIG;
			goto fail;
		}
		rs->size[i] = n;
	}
	return 0;

fail_nodev:
	n = -ENODEV;
fail:
	hpc_regsets_free(rs);
	return n;
}

/**
 * hpc_arch_saved_ax() - the ax register recorded in a register image
 * @rs: the register sets
 */
unsigned long hpc_arch_saved_ax(const struct hpc_regsets *rs)
{
	const struct user_regs_struct *u = rs->data[0];

	return u->ax;
}

/**
 * hpc_arch_syscall_again() - make the interrupted system call again
 * @regs: the user registers of a task stopped in a system call
 * @resume: continue it with restart_syscall() (its restart block is
 *	    valid here) rather than make the whole call again
 *
 * On return to user mode the task is back at the syscall instruction
 * with the call number in ax, as the kernel's own restart does.
 */
void hpc_arch_syscall_again(struct pt_regs *regs, bool resume)
{
	regs->ax = resume ? __NR_restart_syscall : regs->orig_ax;
	regs->ip -= 2;
}

struct hpc_regs_job {
	struct work_struct	work;
	struct task_struct	*task;
	struct hpc_regsets	*rs;
	int			err;
	bool			done;	/* written last, with release */
};

static void hpc_regs_job_fn(struct work_struct *work)
{
	struct hpc_regs_job *job = container_of(work, struct hpc_regs_job,
						work);
	struct task_struct *t = job->task;
	int i, err = 0;

	/* the task parked itself: wait until it is really off the CPU */
	while (!wait_task_inactive(t, TASK_UNINTERRUPTIBLE))
		cond_resched();
	for (i = 0; i < ARRAY_SIZE(hpc_regset_notes) && !err; i++) {
		const struct user_regset *r;

		r = hpc_find_regset(t, hpc_regset_notes[i]);
		if (!r || job->rs->size[i] != r->n * r->size) {
			err = -EINVAL;
			break;
		}
		err = r->set(t, r, 0, job->rs->size[i], job->rs->data[i],
			     NULL);
	}
	job->err = err;
	/* pairs with the acquire in hpc_arch_set_regs(): err is visible */
	smp_store_release(&job->done, true);
	wake_up_process(t);
}

/**
 * hpc_arch_set_regs() - give current the registers of an image
 * @rs: the register sets, as hpc_arch_get_regs() took them
 *
 * Current parks while a worker writes them from outside.
 *
 * Return: 0 or a negative errno.
 */
int hpc_arch_set_regs(struct hpc_regsets *rs)
{
	struct hpc_regs_job job = { .task = current, .rs = rs };
	struct pt_regs *regs = current_pt_regs();

	/*
	 * A task from user_mode_thread() has zeroed user registers; ptrace's
	 * setters keep the bits user space cannot set (IF), so start from
	 * what start_thread() would have left.
	 */
	regs->flags = X86_EFLAGS_IF;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	INIT_WORK_ONSTACK(&job.work, hpc_regs_job_fn);
	set_current_state(TASK_UNINTERRUPTIBLE);
	queue_work(system_unbound_wq, &job.work);
	for (;;) {
		/* pairs with the release in hpc_regs_job_fn() */
		if (smp_load_acquire(&job.done))
			break;
		schedule();
		set_current_state(TASK_UNINTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	flush_work(&job.work);
	destroy_work_on_stack(&job.work);
	return job.err;
}

/**
 * hpc_arch_vdso() - where the vDSO text of @mm is, 0 if none
 * @mm: an address space
 */
unsigned long hpc_arch_vdso(struct mm_struct *mm)
{
	return (unsigned long)mm->context.vdso;
}

/**
 * hpc_arch_map_vdso() - map this kernel's vDSO into current at @addr
 * @addr: where the text must be (static programs keep pointers into it)
 *
 * Return: 0 or a negative errno.
 */
int hpc_arch_map_vdso(unsigned long addr)
{
	int err;

	if (!addr)
		return 0;
	err = map_vdso_once(&vdso_image_64, addr + vdso_image_64.sym_vvar_start);
	if (err)
		return err;
	if (hpc_arch_vdso(current->mm) != addr)
		return -EADDRINUSE;
	return 0;
}
