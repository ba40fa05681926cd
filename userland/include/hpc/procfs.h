/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's /proc interface (Documentation/ABI/testing/procfs-hpc).
 *
 * Every path is taken relative to $HPC_PROCFS (default "/proc") so that the
 * tools can be tested against a fake tree. Functions return 0 or a negative
 * errno; the errors that matter to users are:
 *   -ENOSYS  the kernel has no migration support (no <root>/hpc)
 *   -ESRCH   no such process
 *   -EPERM / -EACCES  not permitted
 *   -EINVAL  rejected by the kernel (for goto: unknown node)
 */
#ifndef HPC_PROCFS_H
#define HPC_PROCFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <hpc/map.h>

#define HPCFS_ENV	"HPC_PROCFS"

/* The /proc root in use. */
const char *hpcfs_root(void);

/* 0 if the kernel has migration support, -ENOSYS if not. */
int hpcfs_check(void);

/* /proc/hpc/admin/<name>: read (trailing newline removed) or write. */
int hpcfs_admin_read(const char *name, char *buf, size_t len);
int hpcfs_admin_write(const char *name, const char *val);
/* Read a decimal value (e.g. mospe, speed, a flag). */
int hpcfs_admin_read_ulong(const char *name, unsigned long *val);

/* /proc/<pid>/<name>; pid 0 means "self". */
int hpcfs_pid_read(pid_t pid, const char *name, char *buf, size_t len);
int hpcfs_pid_write(pid_t pid, const char *name, const char *val);

/*
 * Every process id under the /proc root, ascending, in a malloc'd array
 * (*out, *n; free it). 0 or -errno.
 */
int hpcfs_list_pids(pid_t **out, size_t *n);

/* The wording of /proc/PID/cantmove for a guest body (from another node). */
#define HPCFS_CANTMOVE_GUEST	"guest from another node"

/* Node the process runs on (its "where" file). */
int hpcfs_pid_where(pid_t pid, uint32_t *node);

/* The installed cluster map; -ENOSYS without support, -EINVAL (err set)
 * if it cannot be parsed. */
int hpcfs_map_read(struct map *m, struct map_error *err);

/* Install a map in the kernel, in one write as the kernel wants it;
 * -E2BIG if its text exceeds MAP_TEXT_MAX, -EINVAL if the kernel rejects
 * it (it says why in its log). */
int hpcfs_map_write(const struct map *m);

/* This node's id (mospe); -ENOENT if the node is not configured. */
int hpcfs_self_id(uint32_t *id);

/* Resolve a node argument ("3", "home" is not handled here) against the
 * installed map: 0 if it is a node of the map, -ENOENT if it is not, -EINVAL
 * if not a number, other negative errno if the map cannot be read. */
int hpcfs_node_check(const char *arg, uint32_t *id);

/* Human wording of an error returned above. */
const char *hpcfs_strerror(int err);

/* Path of a file under the root, for messages. */
const char *hpcfs_path(char *buf, size_t len, const char *rel);

/* Parse a node id "1".."65535"; 0 or -EINVAL. */
int hpcfs_parse_node(const char *s, uint32_t *id);

#endif
