// SPDX-License-Identifier: GPL-2.0
/*
 * migio: vectored I/O and waiting on descriptors from a remote body.
 *
 *   migio DIR     (start it on another node: "exec N" in /proc/self/goto)
 *   migio -g N DIR  take the supplementary groups 7, 42 and 1000 (as
 *                 root), then run "migio DIR" again on node N
 *
 * writev/readv/pwritev/preadv on a file in DIR, writev into a pipe, and
 * select, pselect6 and ppoll on the pipe (ready and timing out); then the
 * copies the kernel makes between descriptors: copy_file_range into a
 * second file, sendfile and splice from the file into the pipe, tee from
 * one pipe into another; the process's groups and CPU mask, which stay at
 * home; last reads longer than one forwarded call, from a file and from
 * /dev/zero. Prints what each call returned and saw, then the node it
 * ran on: a run at home and a run elsewhere print the same lines but the
 * last.
 */
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "progs.h"

/* -g N DIR: the groups, then this program again from its start on node N */
static int regroup(const char *node, char *dir)
{
	static const gid_t groups[] = { 7, 42, 1000 };
	char *args[] = { "migio", dir, NULL };
	FILE *f;

	if (setgroups(3, groups)) {
		perror("setgroups");
		return 1;
	}
	f = fopen("/proc/self/goto", "w");
	if (!f || fprintf(f, "exec %s\n", node) < 0 || fclose(f)) {
		perror("/proc/self/goto");
		return 1;
	}
	execv("/proc/self/exe", args);
	perror("execv");
	return 1;
}

/* the groups (only the entries the call fills may change) and the CPUs */
static void identity(void)
{
	gid_t g[8];
	cpu_set_t cpus;
	int i, n;

	memset(g, 0xa5, sizeof(g));
	n = getgroups(0, NULL);
	printf("getgroups: %d, then %d:", n, getgroups(n + 2, g));
	for (i = 0; i < n && i < 8; i++)
		printf(" %u", (unsigned int)g[i]);
	printf(", next entry %s\n", n < 8 && g[n] == (gid_t)0xa5a5a5a5 ?
	       "untouched" : "written");
	CPU_ZERO(&cpus);
	n = syscall(__NR_sched_getaffinity, 0, sizeof(cpus), &cpus);
	printf("sched_getaffinity: %s, %d CPUs\n", n > 0 ? "bytes" : "failed",
	       CPU_COUNT(&cpus));
}

/*
 * Reads of more than a forwarded call carries (60 KiB): a regular file
 * and /dev/zero fill the buffer in one call, as they do at home.
 */
static void long_reads(const char *dir)
{
	static char big[300000];
	unsigned long sum = 0;
	char path[4096];
	ssize_t n, m, z;
	int fd;

	for (size_t i = 0; i < 250000; i++)
		big[i] = (char)(i * 7 + i / 1000);
	snprintf(path, sizeof(path), "%s/migio.big", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, big, 250000) != 250000 ||
	    lseek(fd, 0, SEEK_SET)) {
		perror(path);
		return;
	}
	memset(big, 0, sizeof(big));
	n = read(fd, big, sizeof(big));
	for (ssize_t i = 0; i < n; i++)
		sum = sum * 31 + (unsigned char)big[i];
	m = pread(fd, big, 200000, 30000);
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	z = fd < 0 ? -1 : read(fd, big, sizeof(big));
	if (fd >= 0)
		close(fd);
	printf("long reads: file %zd (sum %lx), pread %zd, /dev/zero %zd\n",
	       n, sum, m, z);
}

int main(int argc, char **argv)
{
	char a[8] = "", b[16] = "", path[4096];
	struct iovec w[3] = { { "one-", 4 }, { "two-", 4 }, { "three", 5 } };
	struct iovec r[2] = { { a, 6 }, { b, sizeof(b) - 1 } };
	struct timeval tv = { 0, 100000 };
	struct timespec ts = { 0, 100000000 };
	struct pollfd pfd;
	fd_set rd;
	int fd, fd2, p[2], q[2];
	loff_t in_off, out_off;
	off_t off;
	ssize_t n;

	if (argc == 4 && !strcmp(argv[1], "-g"))
		return regroup(argv[2], argv[3]);
	if (argc != 2) {
		fprintf(stderr, "usage: migio [-g NODE] DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/migio.dat", argv[1]);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || pipe(p)) {
		perror("open");
		return 1;
	}
	printf("writev: %zd\n", writev(fd, w, 3));
	lseek(fd, 0, SEEK_SET);
	n = readv(fd, r, 2);
	printf("readv: %zd '%s' '%s'\n", n, a, b);
	printf("pwritev: %zd\n", pwritev(fd, w + 1, 1, 2));
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	n = preadv(fd, r, 2, 1);
	printf("preadv: %zd '%s' '%s'\n", n, a, b);
	close(fd);

	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	printf("select, empty pipe: %d\n", select(p[0] + 1, &rd, NULL, NULL, &tv));
	printf("writev to the pipe: %zd\n", writev(p[1], w, 3));
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv.tv_sec = 5;
	n = select(p[0] + 1, &rd, NULL, NULL, &tv);
	printf("select, data: %zd, set %d\n", n, FD_ISSET(p[0], &rd));
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	printf("pselect, data: %d\n", pselect(p[0] + 1, &rd, NULL, NULL, &ts, NULL));
	pfd.fd = p[0];
	pfd.events = POLLIN;
	n = ppoll(&pfd, 1, &ts, NULL);
	printf("ppoll, data: %zd, revents %#x\n", n, pfd.revents);
	memset(b, 0, sizeof(b));
	printf("read the pipe: %zd '%s'\n", read(p[0], b, sizeof(b) - 1), b);
	printf("ppoll, empty: %d\n", ppoll(&pfd, 1, &ts, NULL));

	fd = open(path, O_RDONLY);
	snprintf(path, sizeof(path), "%s/migio.cp", argv[1]);
	fd2 = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || fd2 < 0 || pipe(q)) {
		perror("open");
		return 1;
	}
	in_off = 2;
	out_off = 1;
	n = copy_file_range(fd, &in_off, fd2, &out_off, 100, 0);
	memset(b, 0, sizeof(b));
	printf("copy_file_range: %zd, offsets %lld %lld, copy '%.*s'\n", n,
	       (long long)in_off, (long long)out_off, (int)pread(fd2, b, 15, 1), b);
	off = 4;
	n = sendfile(p[1], fd, &off, 5);
	memset(b, 0, sizeof(b));
	printf("sendfile: %zd, offset %lld, pipe '%.*s'\n", n, (long long)off,
	       (int)read(p[0], b, sizeof(b) - 1), b);
	n = splice(fd, NULL, p[1], NULL, 3, 0);
	printf("splice: %zd, file offset %lld\n", n, (long long)lseek(fd, 0, SEEK_CUR));
	n = tee(p[0], q[1], 8, 0);
	memset(b, 0, sizeof(b));
	printf("tee: %zd, copy '%.*s'", n, (int)read(q[0], b, sizeof(b) - 1), b);
	memset(b, 0, sizeof(b));
	printf(", pipe '%.*s'\n", (int)read(p[0], b, sizeof(b) - 1), b);
	identity();
	long_reads(argv[1]);
	printf("ran on node %d\n", where());
	return 0;
}
