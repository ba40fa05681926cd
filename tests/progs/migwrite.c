// SPDX-License-Identifier: GPL-2.0
/*
 * migwrite: what a remote body writes lands as it would at home.
 *
 *   migwrite mix FILE    stdio writes, a seek back, pwrite, a write to
 *                        another descriptor in between, fstat, a read
 *                        back, writes through a dup(2) that shares the
 *                        offset and through an O_APPEND descriptor, with
 *                        the offsets after each; prints what it saw and
 *                        a checksum of FILE
 *   migwrite full FILE N [K]
 *                        write N blocks of 4 KiB with write(2), then fsync
 *                        and close; prints which call first reported an
 *                        error and which error (for a file system that
 *                        fills up: a written-behind error must surface).
 *                        With K, a byte goes through a pipe after every K
 *                        blocks: calls that follow a write home before
 *                        its answer is back
 *   migwrite pipe FILE   blocks of 4 KiB written to FILE, each after a
 *                        read of /dev/zero and a message through a pipe,
 *                        with the file offset after some; prints what it
 *                        saw and a checksum of FILE
 *
 * Start it on another node with "exec N" in /proc/self/goto, and compare
 * with a run at home.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long sum(const char *path)
{
	unsigned long h = 5381;
	FILE *f = fopen(path, "r");
	int ch;

	if (!f)
		return 0;
	while ((ch = getc(f)) != EOF)
		h = h * 33 + (unsigned char)ch;
	fclose(f);
	return h;
}

static int mix(const char *path)
{
	char other[4096], buf[64];
	FILE *f = fopen(path, "w+");
	struct stat st;
	int fd, ofd;

	snprintf(other, sizeof(other), "%s.other", path);
	ofd = open(other, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (!f || ofd < 0) {
		perror("open");
		return 1;
	}
	fd = fileno(f);
	for (int i = 0; i < 3000; i++) {
		fprintf(f, "line %05d of the body's output\n", i);
		if (i % 500 == 0) {
			fflush(f);
			/* a write elsewhere must not overtake this file's */
			dprintf(ofd, "at line %d the file had %ld bytes\n", i,
				(long)lseek(fd, 0, SEEK_CUR));
		}
	}
	fflush(f);
	if (fstat(fd, &st) == 0)
		printf("size after the writes: %lld\n", (long long)st.st_size);
	fseek(f, 0, SEEK_SET);
	fputs("HEAD", f);
	fflush(f);
	if (pwrite(fd, "TAIL", 4, st.st_size - 5) != 4)
		perror("pwrite");
	lseek(fd, 5, SEEK_SET);
	if (read(fd, buf, 10) == 10)
		printf("read back at 5: %.10s\n", buf);
	/* a duplicate shares the offset: each sees where the other wrote */
	{
		int d = dup(fd), a;

		lseek(fd, 0, SEEK_END);
		for (int i = 0; i < 50; i++) {
			if (write(i % 2 ? d : fd, "0123456789", 10 - i % 3) < 0)
				perror("write");
			printf("dup %d: at %ld/%ld\n", i,
			       (long)lseek(fd, 0, SEEK_CUR),
			       (long)lseek(d, 0, SEEK_CUR));
		}
		close(d);
		/* appending lands at the end whatever the offset said */
		a = open(path, O_WRONLY | O_APPEND);
		lseek(a, 0, SEEK_SET);
		for (int i = 0; i < 20; i++) {
			if (write(a, "append\n", 7) != 7)
				perror("append");
			printf("append %d: at %ld\n", i, (long)lseek(a, 0, SEEK_CUR));
		}
		close(a);
	}
	if (fclose(f) || close(ofd))
		perror("close");
	printf("checksum %lu other %lu\n", sum(path), sum(other));
	return 0;
}

/* A byte through a pipe: a forwarded call that changes no file. */
static int through(const int p[2])
{
	char ch = 'p';

	if (write(p[1], &ch, 1) != 1 || read(p[0], &ch, 1) != 1) {
		perror("pipe");
		return -1;
	}
	return 0;
}

static int full(const char *path, int n, int k)
{
	char block[4096];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644), i;
	const char *who = NULL;
	int err = 0, p[2];

	if (fd < 0 || pipe(p)) {
		perror("open");
		return 1;
	}
	memset(block, 'x', sizeof(block));
	for (i = 0; i < n; i++) {
		if (write(fd, block, sizeof(block)) != (ssize_t)sizeof(block)) {
			err = errno;
			who = "write";
			break;
		}
		if (k && (i + 1) % k == 0 && through(p))
			return 1;
	}
	if (fsync(fd) && !who) {
		err = errno;
		who = "fsync";
	}
	if (close(fd) && !who) {
		err = errno;
		who = "close";
	}
	if (who)
		printf("reported by %s: %s\n", who, strerror(err));
	else
		printf("no error in %d writes\n", n);
	return who ? 1 : 0;
}

static int piped(const char *path)
{
	char block[4096], msg[32];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int zero = open("/dev/zero", O_RDONLY), p[2];

	if (fd < 0 || zero < 0 || pipe(p)) {
		perror("open");
		return 1;
	}
	for (int i = 0; i < 400; i++) {
		int len = snprintf(msg, sizeof(msg), "block %d", i);

		if (read(zero, block, sizeof(block)) != (ssize_t)sizeof(block) ||
		    write(p[1], msg, len) != len ||
		    read(p[0], block, len) != len) {
			perror("read");
			return 1;
		}
		/* the block carries what came through the pipe */
		if (write(fd, block, sizeof(block) - i % 7) < 0) {
			perror("write");
			return 1;
		}
		if (i % 50 == 0)
			printf("after block %d: at %ld\n", i,
			       (long)lseek(fd, 0, SEEK_CUR));
	}
	if (close(fd))
		perror("close");
	printf("checksum %lu\n", sum(path));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "mix"))
		return mix(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "pipe"))
		return piped(argv[2]);
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "full"))
		return full(argv[2], atoi(argv[3]),
			    argc == 5 ? atoi(argv[4]) : 0);
	fprintf(stderr, "usage: migwrite mix FILE | pipe FILE | full FILE N [K]\n");
	return 2;
}
