// SPDX-License-Identifier: GPL-2.0
/*
 * migread: file offsets stay exact when a remote body reads ahead.
 *
 *   migread FILE     (start it on another node: "exec N" in /proc/self/goto)
 *
 * Reads FILE in small pieces, checks each piece against pread(2) at the
 * offset it should come from and lseek(fd, 0, SEEK_CUR) after it; then
 * reads runs of pieces, each piece followed by a write to /dev/null (a
 * call elsewhere, which makes the body give back what it read ahead) or
 * not (so the pieces it asks for grow again), checking each run after it;
 * then forks (which takes the process home) and checks the offset and the
 * next read again at home. Prints PASS or FAIL.
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

/*
 * @count reads of @n bytes, each followed by a write of it to @out if
 * @out is open; the whole run is then checked against pread(2).
 */
static void read_run(int fd, int out, off_t *off, size_t n, int count,
		     const char *when)
{
	static char got[256 * 1024], want[256 * 1024];
	size_t total = 0;
	ssize_t r;
	int i;

	for (i = 0; i < count && total + n <= sizeof(got); i++) {
		r = read(fd, got + total, n);
		if (r <= 0)
			break;
		if (out >= 0 && write(out, got + total, r) != r) {
			printf("FAIL %s: write to /dev/null\n", when);
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

int main(int argc, char **argv)
{
	int fd = open(argc > 1 ? argv[1] : "/proc/self/exe", O_RDONLY);
	int null = open("/dev/null", O_WRONLY);
	off_t off = 0;
	pid_t child;
	int i;

	if (fd < 0 || null < 0) {
		perror("open");
		return 1;
	}
	for (i = 0; i < 40; i++)
		read_and_check(fd, &off, 1 + i * 97 % 5000, "away");
	read_run(fd, null, &off, 4096, 20, "reads, each written elsewhere");
	read_run(fd, -1, &off, 4096, 40, "reads on");
	read_run(fd, null, &off, 100, 30, "small reads, written elsewhere");
	read_run(fd, -1, &off, 3000, 60, "reads on again");
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
