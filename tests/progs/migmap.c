// SPDX-License-Identifier: GPL-2.0
/*
 * migmap: a mapped data file is the home node's, wherever the process runs.
 *
 *   migmap FILE SECS
 *
 * Maps FILE privately (read-only, untouched), computes for SECS seconds
 * (time for a test to ask for a move), then reads the whole mapping and
 * prints "sum S at node W": the sum of its bytes and the node it read
 * them on. A node whose copy of FILE is not home's must not run it with
 * that copy mapped.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "progs.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	volatile unsigned long spin = 0;
	unsigned long sum = 0;
	const unsigned char *p;
	struct stat st;
	double end;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: migmap FILE SECS\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &st) || !st.st_size) {
		perror(argv[1]);
		return 1;
	}
	p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	close(fd);
	end = now() + atof(argv[2]);
	while (now() < end)
		for (int i = 0; i < 100000; i++)
			spin += i;
	for (off_t i = 0; i < st.st_size; i++)
		sum = sum * 31 + p[i];
	printf("sum %lx at node %d\n", sum, where());
	return 0;
}
