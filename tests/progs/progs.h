/* SPDX-License-Identifier: GPL-2.0 */
/* What the in-guest test programs share. */
#ifndef HPC_TEST_PROGS_H
#define HPC_TEST_PROGS_H

#include <stdio.h>

/* the node the process runs on, as /proc/self/where says; -1 if unknown */
static inline int where(void)
{
	FILE *f = fopen("/proc/self/where", "r");
	int w = -1;

	if (f) {
		if (fscanf(f, "%d", &w) != 1)
			w = -1;
		fclose(f);
	}
	return w;
}

#endif
