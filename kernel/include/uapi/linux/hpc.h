/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * openMosix-style process migration: everything that crosses the network
 * or the user/kernel boundary.
 *
 * Protocol changelog (HPC_PROTO_VERSION):
 *   1  first version: cluster map and node identity only.
 */
#ifndef _UAPI_LINUX_HPC_H
#define _UAPI_LINUX_HPC_H

#include <linux/types.h>

#define HPC_PROTO_VERSION	1

/* Node ids are 1..HPC_MAX_NODE_ID; 0 means "not configured" or "home". */
#define HPC_MAX_NODE_ID		65535

/* Limits of /proc/hpc/admin/config. */
#define HPC_MAP_MAX_RANGES	1024
#define HPC_MAP_MAX_TEXT	65536

#endif /* _UAPI_LINUX_HPC_H */
