// SPDX-License-Identifier: GPL-2.0
/*
 * A test of limits changed at home while the process is away.
 *
 *   prlim PID cpu|data SOFT    set another process's soft limit with
 *                              prlimit(2), as util-linux prlimit(1) would
 *                              (busybox has none); print it before and
 *                              after
 *   prlim alloc SECONDS MIB    for SECONDS, map and unmap MIB MiB of
 *                              private memory every 1/10 s, printing
 *                              "where W alloc ok" (or "failed") each time
 *                              the node or the outcome changes: the
 *                              RLIMIT_DATA that mmap meets is the one of
 *                              the node it runs on (getrlimit() would not
 *                              say: glibc makes it a prlimit64, which a
 *                              body asks home)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include "progs.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int alloc(double seconds, size_t len)
{
	double end = now() + seconds, next;
	volatile unsigned long x = 0;
	int last_where = 0, last_ok = -1, w, ok;
	void *p;

	while (now() < end) {
		w = where();
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ok = p != MAP_FAILED;
		if (ok)
			munmap(p, len);
		if (w != last_where || ok != last_ok) {
			printf("where %d alloc %s\n", w, ok ? "ok" : "failed");
			fflush(stdout);
			last_where = w;
			last_ok = ok;
		}
		next = now() + 0.1;
		while (now() < next)
			for (int i = 0; i < 10000; i++)
				x += i;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct rlimit old, new;
	int res;
	pid_t pid;

	if (argc == 4 && !strcmp(argv[1], "alloc"))
		return alloc(atof(argv[2]), (size_t)atoi(argv[3]) << 20);
	if (argc != 4) {
		fprintf(stderr, "usage: prlim PID cpu|data SOFT | prlim alloc SECONDS MIB\n");
		return 2;
	}
	pid = atoi(argv[1]);
	if (!strcmp(argv[2], "cpu")) {
		res = RLIMIT_CPU;
	} else if (!strcmp(argv[2], "data")) {
		res = RLIMIT_DATA;
	} else {
		fprintf(stderr, "prlim: unknown limit %s (cpu, data)\n",
			argv[2]);
		return 2;
	}
	if (prlimit(pid, res, NULL, &old)) {
		perror("prlim");
		return 1;
	}
	new = old;
	new.rlim_cur = strtoull(argv[3], NULL, 10);
	if (prlimit(pid, res, &new, NULL)) {
		perror("prlim");
		return 1;
	}
	printf("%s %llu -> %llu\n", argv[2], (unsigned long long)old.rlim_cur,
	       (unsigned long long)new.rlim_cur);
	return 0;
}
