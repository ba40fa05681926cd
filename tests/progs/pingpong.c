// SPDX-License-Identifier: GPL-2.0
/*
 * pingpong: the raw TCP round trip between two nodes, to compare the
 * forwarded system call against.
 *   pingpong -s PORT             serve: echo every byte back
 *   pingpong -c ADDR PORT N      send 1 byte, wait for it, N times;
 *                                print the mean round trip in us
 *   pingpong -b ADDR PORT MIB    send MIB MiB; print MB/s (bandwidth)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int dial(const char *addr, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	inet_pton(AF_INET, addr, &sa.sin_addr);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("connect");
		exit(1);
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

int main(int argc, char **argv)
{
	static char buf[1 << 16];

	if (argc == 3 && !strcmp(argv[1], "-s")) {
		struct sockaddr_in sa = { .sin_family = AF_INET,
					  .sin_port = htons(atoi(argv[2])) };
		int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;

		setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(l, (struct sockaddr *)&sa, sizeof(sa)) || listen(l, 4)) {
			perror("listen");
			return 1;
		}
		for (;;) {
			int c = accept(l, NULL, NULL);
			ssize_t n;

			setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
			while ((n = read(c, buf, sizeof(buf))) > 0)
				if (n == 1 && write(c, buf, 1) != 1)
					break;
			close(c);
		}
	}
	if (argc == 5 && !strcmp(argv[1], "-c")) {
		int fd = dial(argv[2], atoi(argv[3])), n = atoi(argv[4]);
		double t0 = now();

		for (int i = 0; i < n; i++)
			if (write(fd, "x", 1) != 1 || read(fd, buf, 1) != 1)
				return 1;
		printf("%.1f\n", (now() - t0) / n * 1e6);
		return 0;
	}
	if (argc == 5 && !strcmp(argv[1], "-b")) {
		int fd = dial(argv[2], atoi(argv[3]));
		long left = atol(argv[4]) << 20;
		double t0 = now();

		while (left > 0) {
			ssize_t w = write(fd, buf, left < (long)sizeof(buf) ? left : (long)sizeof(buf));

			if (w <= 0)
				return 1;
			left -= w;
		}
		close(fd);
		printf("%.1f\n", atol(argv[4]) * 1.048576 / (now() - t0));
		return 0;
	}
	fprintf(stderr, "usage: pingpong -s PORT | -c ADDR PORT N | -b ADDR PORT MIB\n");
	return 2;
}
