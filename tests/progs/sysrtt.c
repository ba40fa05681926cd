// SPDX-License-Identifier: GPL-2.0
/*
 * sysrtt N: the mean time of N getuid() calls in us. Run at home it is a
 * local system call; run as a remote body (mosrun -2) every call is
 * forwarded to the deputy and back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	int n = argc > 1 ? atoi(argv[1]) : 1000;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < n; i++)
		syscall(SYS_getuid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n / 1e3);
	return 0;
}
