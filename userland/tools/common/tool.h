/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the user tools: messages and exit codes. */
#ifndef HPC_TOOL_H
#define HPC_TOOL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Program name used as the prefix of every message. */
extern const char *tool_name;

__attribute__((format(printf, 1, 2)))
void tool_err(const char *fmt, ...);

/* Print "<prog>: <what>: <error wording>" for a /proc error and return the
 * exit code. node is used for "-ENOENT/-EINVAL on goto" wording when non-0. */
int tool_procfs_err(const char *what, int err);

/*
 * Every tool's next step once its parser ran. A bad command line prints the
 * parser's message and the usage to stderr and ends with usage_code; -h
 * prints the usage to stdout and ends with 0. Returns the exit code, or -1
 * when the tool goes on.
 */
int tool_args_outcome(int parse_ret, const char *err, bool help,
		      void (*usage)(FILE *), int usage_code);

/* Message for a node missing from the map. */
int tool_unknown_node(const char *arg);

#endif
