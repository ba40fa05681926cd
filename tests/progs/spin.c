// SPDX-License-Identifier: GPL-2.0
/*
 * spin SECONDS [STATUS [MIB]]: burn CPU for SECONDS of wall time (clock
 * reads run locally on a remote body), print what it computed, exit with
 * STATUS. With MIB, first fill that much memory, so that every move carries
 * it. A CPU-bound job for the balancer and tool scenarios.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double end;
	unsigned long x = 1, rounds = 0;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: spin SECONDS [STATUS [MIB]]\n");
		return 2;
	}
	if (argc == 4) {
		size_t len = strtoul(argv[3], NULL, 10) << 20;
		char *mem = malloc(len ? len : 1);

		if (!mem) {
			perror("spin");
			return 1;
		}
		memset(mem, 0x5a, len);
		if (len)
			x += (unsigned char)mem[len / 2];
	}
	end = now() + atof(argv[1]);
	while (now() < end) {
		for (int i = 0; i < 100000; i++)
			x = x * 6364136223846793005UL + 1442695040888963407UL;
		rounds++;
	}
	printf("spun %lu rounds, %lx\n", rounds, x & 0xf);
	return argc >= 3 ? atoi(argv[2]) : 0;
}
