// SPDX-License-Identifier: GPL-2.0
/*
 * sandbox: run as a remote body (mosrun -2), check that everything it
 * touches is the home node's, never the host's.
 *
 *   - a file that exists only on the host cannot be opened;
 *   - a file that exists only at home can;
 *   - /proc and uname describe the home node;
 *   - a listening socket is reachable at home (so it lives there).
 * Prints one "ok"/"FAIL" line per check, then PASS or FAIL; exit 0 or 1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

static int failed;

static void expect(int cond, const char *what, const char *seen)
{
	printf("%s %s%s%s\n", cond ? "ok" : "FAIL", what, seen ? ": " : "",
	       seen ? seen : "");
	if (!cond)
		failed = 1;
}

static void read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, size - 1);

	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	char buf[256], where[32];
	struct utsname u;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd, port;

	if (argc != 4) {
		fprintf(stderr, "usage: sandbox HOSTFILE HOMEFILE PORT\n");
		return 2;
	}
	port = atoi(argv[3]);
	read_small("/proc/self/where", where, sizeof(where));
	printf("running on node %s\n", where);

	fd = open(argv[1], O_RDONLY);
	snprintf(buf, sizeof(buf), "open %s: %s", argv[1],
		 fd < 0 ? strerror(errno) : "opened");
	expect(fd < 0 && errno == ENOENT, "the host's file is out of reach", buf);
	if (fd >= 0)
		close(fd);

	read_small(argv[2], buf, sizeof(buf));
	expect(!strcmp(buf, "home"), "the home node's file is readable", buf);

	read_small("/proc/hpc/admin/mospe", buf, sizeof(buf));
	expect(!strcmp(buf, "1"), "/proc is the home node's", buf);

	uname(&u);
	expect(!strcmp(u.nodename, "node1"), "uname is the home node's",
	       u.nodename);

	/* A socket the body listens on must be the home node's. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(fd, 1)) {
		snprintf(buf, sizeof(buf), "%s", strerror(errno));
		expect(0, "listen on the loopback", buf);
	} else {
		/* tell the test, then wait for its connection from home */
		printf("listening\n");
		fflush(stdout);
		int c = accept(fd, NULL, NULL);

		expect(c >= 0, "a connection from the home node arrives", NULL);
		if (c >= 0)
			close(c);
		close(fd);
	}
	printf("%s\n", failed ? "FAIL" : "PASS");
	return failed;
}
