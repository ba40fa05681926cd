// SPDX-License-Identifier: GPL-2.0
/*
 * migread: file offsets stay exact when a remote body reads ahead.
 *
 *   migread FILE     (start it on another node: "exec N" in /proc/self/goto)
 *
 * Reads FILE in small pieces, checks each piece against pread(2) at the
 * offset it should come from and lseek(fd, 0, SEEK_CUR) after it, then
 * forks (which takes the process home) and checks the offset and the next
 * read again at home. Prints PASS or FAIL.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

static void expect_offset(int fd, off_t want, const char *when)
{
	off_t got = lseek(fd, 0, SEEK_CUR);

	if (got != want) {
		printf("FAIL %s: offset %lld, want %lld\n", when,
		       (long long)got, (long long)want);
		failures++;
	}
}

static void read_and_check(int fd, off_t *off, size_t n, const char *when)
{
	char a[8192], b[8192];
	ssize_t r = read(fd, a, n), p = pread(fd, b, n, *off);

	if (r != p || (r > 0 && memcmp(a, b, r))) {
		printf("FAIL %s: read %zd bytes at %lld, pread %zd\n", when, r,
		       (long long)*off, p);
		failures++;
	}
	if (r > 0)
		*off += r;
	expect_offset(fd, *off, when);
}

int main(int argc, char **argv)
{
	int fd = open(argc > 1 ? argv[1] : "/proc/self/exe", O_RDONLY);
	off_t off = 0;
	pid_t child;
	int i;

	if (fd < 0) {
		perror("open");
		return 1;
	}
	for (i = 0; i < 40; i++)
		read_and_check(fd, &off, 1 + i * 97 % 5000, "away");
	child = fork();			/* goes home first */
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	expect_offset(fd, off, "home");
	read_and_check(fd, &off, 1000, "home");
	lseek(fd, 0, SEEK_END);
	off = lseek(fd, 0, SEEK_CUR);
	read_and_check(fd, &off, 100, "end of file");
	printf(failures ? "FAIL\n" : "PASS\n");
	return failures != 0;
}
