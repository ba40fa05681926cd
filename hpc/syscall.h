/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The description of forwarded system calls, shared by the body (what to
 * send) and the deputy (what to accept). Pure: no kernel state, so KUnit
 * and user-space tests can drive it.
 */
#ifndef _HPC_SYSCALL_H
#define _HPC_SYSCALL_H

#include "wire.h"

/* What a system call of a remote body does. */
#define HPC_SC_HOME	0	/* no description: go home and run it there */
#define HPC_SC_LOCAL	1	/* run it on the body */
#define HPC_SC_FORWARD	2	/* run it at home through the deputy */
#define HPC_SC_BOTH	3	/* at home (for the deputy), then here */

/* How an argument travels. */
#define HPC_ARG_VAL	0	/* a plain value */
#define HPC_ARG_IN	1	/* buffer the call reads */
#define HPC_ARG_OUT	2	/* buffer the call fills */
#define HPC_ARG_OUTR	3	/* buffer the call fills with result units */
#define HPC_ARG_INOUT	4	/* both */
#define HPC_ARG_PATH	5	/* NUL-terminated string */

/* A call's arguments, resolved for one set of argument values. */
struct hpc_sc_layout {
	u8	kind[6];
	u32	len[6];		/* buffer length; PATH: at most HPC_PATH_MAX */
	u8	unit[6];	/* OUTR: bytes per unit of the call's result */
};

int hpc_syscall_classify(u32 nr, const u64 args[6], struct hpc_sc_layout *l);
const char *hpc_syscall_name(u32 nr);
bool hpc_proc_own_mm(const char *path, u32 pid);

#endif /* _HPC_SYSCALL_H */
