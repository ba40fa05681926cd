// SPDX-License-Identifier: GPL-2.0
/*
 * migread: file offsets stay exact when a remote body reads ahead.
 *
 *   migread FILE     (start it on another node: "exec N" in /proc/self/goto)
 *   migread -e N     copy N bytes of stdin to stdout, 100 at a time, and exit
 *
 * Reads FILE in small pieces, checks each piece against pread(2) at the
 * offset it should come from and lseek(fd, 0, SEEK_CUR) after it; then
 * reads runs of pieces, each piece followed by an fstat(2) of /dev/null (a
 * call elsewhere, which makes the body give back what it read ahead), by a
 * write to /dev/null (which does not) or by nothing (so the pieces it asks
 * for grow again), checking each run after it; then forks (which takes the
 * process home) and checks the offset and the next read again at home.
 * Prints PASS or FAIL.
 *
 * With -e the caller checks the offset of its stdin afterwards: a body
 * that exits gives back what it read ahead.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
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

enum between { NOTHING, WRITE, FSTAT };

/*
 * @count reads of @n bytes, each followed by a write of it to @out or an
 * fstat of @out (@between); the whole run is then checked against pread(2).
 */
static void read_run(int fd, int out, enum between between, off_t *off,
		     size_t n, int count, const char *when)
{
	static char got[256 * 1024], want[256 * 1024];
	size_t total = 0;
	struct stat st;
	ssize_t r;
	int i;

	for (i = 0; i < count && total + n <= sizeof(got); i++) {
		r = read(fd, got + total, n);
		if (r <= 0)
			break;
		if (between == WRITE && write(out, got + total, r) != r) {
			printf("FAIL %s: write to /dev/null\n", when);
			failures++;
		}
		if (between == FSTAT && fstat(out, &st)) {
			printf("FAIL %s: fstat of /dev/null\n", when);
			failures++;
		}
		total += r;
	}
	/* a remote pread returns at most HPC_FWD_MAX bytes at a time */
	for (i = 0; (size_t)i < total; i += r) {
		r = pread(fd, want + i, total - i, *off + i);
		if (r <= 0)
			break;
	}
	if (i != (int)total || memcmp(got, want, total)) {
		printf("FAIL %s: %zu bytes read at %lld, pread %d\n", when,
		       total, (long long)*off, i);
		failures++;
	}
	*off += total;
	expect_offset(fd, *off, when);
}

/* copy @n bytes of stdin to stdout in reads of 100 and exit at once */
static int copy_and_exit(long n)
{
	char buf[100];
	ssize_t r;

	while (n > 0) {
		r = read(0, buf, n < 100 ? n : 100);
		if (r <= 0 || write(1, buf, r) != r)
			return 1;
		n -= r;
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	int fd, null;
	off_t off = 0;
	pid_t child;
	int i;

	if (argc == 3 && !strcmp(argv[1], "-e"))
		return copy_and_exit(atol(argv[2]));
	fd = open(argc > 1 ? argv[1] : "/proc/self/exe", O_RDONLY);
	null = open("/dev/null", O_WRONLY);
	if (fd < 0 || null < 0) {
		perror("open");
		return 1;
	}
	for (i = 0; i < 40; i++)
		read_and_check(fd, &off, 1 + i * 97 % 5000, "away");
	read_run(fd, null, FSTAT, &off, 4096, 20, "reads, a call after each");
	read_run(fd, null, NOTHING, &off, 4096, 40, "reads on");
	read_run(fd, null, FSTAT, &off, 100, 30, "small reads, calls between");
	read_run(fd, null, NOTHING, &off, 3000, 60, "reads on again");
	read_run(fd, null, WRITE, &off, 4096, 40, "reads, each written out");
	read_run(fd, null, WRITE, &off, 100, 30, "small reads, written out");
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
