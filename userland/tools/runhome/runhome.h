/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HPC_RUNHOME_H
#define HPC_RUNHOME_H

#include <stdbool.h>
#include <stddef.h>

struct runhome_opts {
	bool help;
	int cmd;	/* index of the command in argv */
};

int runhome_parse_args(int argc, char **argv, struct runhome_opts *o,
		       char *err, size_t errlen);

#endif
