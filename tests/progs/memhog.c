// SPDX-License-Identifier: GPL-2.0
/*
 * memhog MIB: touch MIB MiB of anonymous memory with a pattern, print
 * "ready", then wait on stdin; on a line, verify the pattern, print
 * "intact" or "CORRUPT at OFFSET", and exit. A process of a known size
 * for the migration-time benchmark.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	size_t n, i;
	unsigned long *p;
	char line[16];

	if (argc != 2 || atol(argv[1]) <= 0) {
		fprintf(stderr, "usage: memhog MIB\n");
		return 2;
	}
	n = (size_t)atol(argv[1]) << 20;
	p = malloc(n);
	if (!p) {
		perror("malloc");
		return 1;
	}
	for (i = 0; i < n / sizeof(*p); i++)
		p[i] = i * 2654435761UL;
	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	for (i = 0; i < n / sizeof(*p); i++) {
		if (p[i] != i * 2654435761UL) {
			printf("CORRUPT at %zu\n", i * sizeof(*p));
			return 1;
		}
	}
	printf("intact\n");
	return 0;
}
