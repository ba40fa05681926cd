/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HPC_MIGRATE_H
#define HPC_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum migrate_target {
	MIGRATE_NODE,
	MIGRATE_HOME,
	MIGRATE_BALANCE,
};

struct migrate_opts {
	bool help;
	pid_t pid;
	enum migrate_target target;
	uint32_t node;
	const char *node_arg;
};

int migrate_parse_args(int argc, char **argv, struct migrate_opts *o,
		       char *err, size_t errlen);

#endif
