/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hooks of the process migration subsystem (hpc/) into core kernel code.
 *
 * Core code calls these unconditionally; with CONFIG_HPC off they are empty
 * inline stubs and the kernel behaves exactly like stock.
 */
#ifndef _LINUX_HPC_H
#define _LINUX_HPC_H

#include <linux/signal_types.h>
#include <uapi/linux/hpc.h>

struct task_struct;
struct pt_regs;

#if IS_ENABLED(CONFIG_HPC)

/**
 * hpc_node_id() - this node's id in the cluster
 *
 * Return: the id installed through /proc/hpc/admin/mospe, 0 if none.
 */
u16 hpc_node_id(void);

/**
 * hpc_fork() - reset the migration state of a new task
 * @p: the child, not yet running
 *
 * Called from copy_process(). The lock, the hint and the load decay are
 * inherited; the role, the channel and the counters are not.
 */
void hpc_fork(struct task_struct *p);

/**
 * hpc_exit() - tear down the migration state of an exiting task
 * @tsk: current, in do_exit() before its mm goes
 */
void hpc_exit(struct task_struct *tsk);

/**
 * hpc_execve() - a successful execve(2) happened in current
 * @tsk: current
 *
 * Turns a pending "exec N" request of /proc/PID/goto into a migration.
 */
void hpc_execve(struct task_struct *tsk);

/**
 * hpc_syscall_enter() - system call entry of a task with SYSCALL_WORK_HPC
 * @regs: the user registers of the call
 *
 * Return: true if the call was handled (forwarded, or deferred until the
 * task is home again) and must be skipped; regs->ax then holds the result.
 */
bool hpc_syscall_enter(struct pt_regs *regs);

/**
 * hpc_proc_sigblk() - the signal mask /proc/PID/status shows
 * @p: the task, its sighand locked
 * @blocked: p->blocked, replaced by the body's mask if @p is a deputy
 *
 * A deputy blocks what its body blocks except the signals the process
 * handles (it forwards those), so its own mask is not the process's.
 */
void hpc_proc_sigblk(struct task_struct *p, sigset_t *blocked);

/* /proc/PID entries, in tgid_base_stuff[] of fs/proc/base.c. */
extern const struct file_operations hpc_proc_where_operations;
extern const struct file_operations hpc_proc_goto_operations;
extern const struct file_operations hpc_proc_lock_operations;
extern const struct file_operations hpc_proc_cantmove_operations;
extern const struct file_operations hpc_proc_migrate_operations;
extern const struct file_operations hpc_proc_hint_operations;
extern const struct file_operations hpc_proc_decay_operations;

#else /* !CONFIG_HPC */

static inline u16 hpc_node_id(void)
{
	return 0;
}

static inline void hpc_fork(struct task_struct *p) { }
static inline void hpc_exit(struct task_struct *tsk) { }
static inline void hpc_execve(struct task_struct *tsk) { }

static inline bool hpc_syscall_enter(struct pt_regs *regs)
{
	return false;
}

static inline void hpc_proc_sigblk(struct task_struct *p, sigset_t *blocked) { }

#endif /* CONFIG_HPC */

#endif /* _LINUX_HPC_H */
