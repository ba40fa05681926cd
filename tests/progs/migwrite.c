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
 *   migwrite full FILE N write N blocks of 4 KiB with write(2), then fsync
 *                        and close; prints which call first reported an
 *                        error and which error (for a file system that
 *                        fills up: a written-behind error must surface)
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

static int full(const char *path, int n)
{
	char block[4096];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644), i;
	const char *who = NULL;
	int err = 0;

	if (fd < 0) {
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

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "mix"))
		return mix(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "full"))
		return full(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: migwrite mix FILE | full FILE N\n");
	return 2;
}
