/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the user tools: messages and exit codes. */
#ifndef HPC_TOOL_H
#define HPC_TOOL_H

#include <stdint.h>

/* Program name used as the prefix of every message. */
extern const char *tool_name;

__attribute__((format(printf, 1, 2)))
void tool_err(const char *fmt, ...);

/* Print "<prog>: <what>: <error wording>" for a /proc error and return the
 * exit code. node is used for "-ENOENT/-EINVAL on goto" wording when non-0. */
int tool_procfs_err(const char *what, int err);

/* Message for a node missing from the map. */
int tool_unknown_node(const char *arg);

#endif
