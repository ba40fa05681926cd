/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-task process migration state, embedded in task_struct.
 *
 * Kept free of dependencies so <linux/sched.h> can include it. The fields
 * are documented in hpc/task.c, which owns them.
 */
#ifndef _LINUX_HPC_TASK_H
#define _LINUX_HPC_TASK_H

#include <linux/types.h>

struct hpc_conn;

struct hpc_task {
	u8			lock;		/* /proc/PID/lock; inherited */
	u8			hint;		/* /proc/PID/hint; inherited */
	u8			decay;		/* /proc/PID/decay; inherited */
	u8			role;		/* enum hpc_role */
	u8			queued;		/* migration task_work queued */
	u16			where;		/* node of the body, 0 = here */
	u16			target;		/* requested node, 0 = home */
	u16			exec_target;	/* "exec N": move after execve */
	u16			home;		/* home node id (on a body) */
	u32			home_pid;	/* home PID (on a body) */
	u32			migrations;	/* /proc/PID/migrate */
	u64			body_blocked;	/* deputy: the body's mask */
	struct callback_head	work;		/* migration on resume */
	struct hpc_conn		*conn;		/* deputy/body channel */
};

#endif /* _LINUX_HPC_TASK_H */
