// SPDX-License-Identifier: GPL-2.0
/*
 * procself MIB: fill MIB MiB, move to node 2, then read the /proc files of
 * its own address space there: /proc/self/maps must list the filled
 * buffer and /proc/self/status must count it in VmRSS, as at home. Before
 * each read it prints where it is; after it, where the read was made.
 * Exits 0 if both files showed the process's memory, 1 if not, 2 if it
 * could not move.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "progs.h"

/* move to node 2 through /proc/self/goto; 0 once there */
static int go_away(void)
{
	struct timespec tick = { 0, 50 * 1000 * 1000 };
	int fd = open("/proc/self/goto", O_WRONLY), i;

	if (fd < 0 || write(fd, "2", 1) != 1)
		return -1;
	close(fd);
	for (i = 0; i < 200 && where() != 2; i++)
		nanosleep(&tick, NULL);
	return where() == 2 ? 0 : -1;
}

/* does /proc/self/maps list a mapping holding [lo, hi)? */
static int maps_hold(unsigned long lo, unsigned long hi)
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long a, b;
	char line[512];
	int found = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx", &a, &b) == 2 && a <= lo && hi <= b)
			found = 1;
	fclose(f);
	return found;
}

/* VmRSS in KiB, as /proc/self/status says; -1 if it says nothing */
static long vmrss(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

int main(int argc, char **argv)
{
	size_t len;
	char *buf;
	long rss;
	int ok = 1;

	if (argc != 2 || atoi(argv[1]) < 1) {
		fprintf(stderr, "usage: procself MIB\n");
		return 2;
	}
	len = (size_t)atoi(argv[1]) << 20;
	buf = malloc(len);
	if (!buf)
		return 2;
	memset(buf, 0x5a, len);

	if (go_away())
		return 2;
	printf("maps read from node %d\n", where());
	fflush(stdout);
	if (maps_hold((unsigned long)buf, (unsigned long)buf + len)) {
		printf("maps: the buffer is mapped\n");
	} else {
		printf("maps: the buffer is missing\n");
		ok = 0;
	}
	printf("then on node %d\n", where());

	if (go_away())
		return 2;
	printf("status read from node %d\n", where());
	fflush(stdout);
	rss = vmrss();
	if (rss >= (long)(len >> 10)) {
		printf("status: VmRSS counts the buffer\n");
	} else {
		printf("status: VmRSS %ld kB, under the buffer's %zu kB\n",
		       rss, len >> 10);
		ok = 0;
	}
	printf("then on node %d\n", where());
	return ok ? 0 : 1;
}
