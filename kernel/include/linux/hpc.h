/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hooks of the process migration subsystem (hpc/) into core kernel code.
 *
 * Core code calls these unconditionally; with CONFIG_HPC off they are empty
 * inline stubs and the kernel behaves exactly like stock.
 */
#ifndef _LINUX_HPC_H
#define _LINUX_HPC_H

#include <uapi/linux/hpc.h>

#if IS_ENABLED(CONFIG_HPC)

/**
 * hpc_node_id() - this node's id in the cluster
 *
 * Return: the id installed through /proc/hpc/admin/mospe, 0 if none.
 */
u16 hpc_node_id(void);

#else /* !CONFIG_HPC */

static inline u16 hpc_node_id(void)
{
	return 0;
}

#endif /* CONFIG_HPC */

#endif /* _LINUX_HPC_H */
