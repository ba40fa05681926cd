/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cluster key file (/etc/mosix/cluster.key): read by mosixd for its
 * load vectors and by mosctl setkey for the kernel's migration channels.
 */
#ifndef HPC_KEY_H
#define HPC_KEY_H

#include <hpc/lvec.h>

#define HPC_KEY_FILE	"/etc/mosix/cluster.key"

/*
 * Load a key file: 32 raw bytes or 64 hex digits. A key others can read
 * is a key others can forge with, so the file must be a regular file owned
 * by the caller that group and others cannot read. Returns 0, -EPERM for
 * such a file, -EINVAL for contents that are no key, or -errno.
 */
int hpc_key_load(const char *path, struct lvec_key *key);

#endif
