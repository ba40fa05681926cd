// SPDX-License-Identifier: GPL-2.0
/*
 * hpc-agent: runs the host's commands inside a virtual cluster node.
 *
 * The host talks to it over a virtio-serial port (/dev/vportNpM). One agent
 * process serves one port, one command at a time; a node has several ports
 * so the host can run commands concurrently. Protocol, all headers one
 * ASCII line:
 *
 *   host -> node   PING <id>
 *                  RUN <id> <script-len> <stdin-len>\n<script><stdin>
 *   node -> host   PONG <id> <node-id>
 *                  OUT <id> <len>\n<bytes>     (stdout)
 *                  ERR <id> <len>\n<bytes>     (stderr)
 *                  EXIT <id> <status>          (exit code, or 128+signal)
 *
 * The script runs as "/bin/sh -c script" in its own session with the
 * node's environment; stdin is the bytes sent with the request.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define MAX_SCRIPT	(1 << 20)
#define MAX_STDIN	(256 << 20)

static int port_fd = -1;
static const char *port_path;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "hpc-agent: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void open_port(void)
{
	if (port_fd >= 0)
		close(port_fd);
	for (;;) {
		port_fd = open(port_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (port_fd >= 0)
			return;
		if (errno != EBUSY && errno != ENXIO)
			die("open %s: %m", port_path);
		usleep(100000);
	}
}

/* Wait until the host side is connected and readable. */
static void wait_readable(void)
{
	struct pollfd p = { .fd = port_fd, .events = POLLIN };

	for (;;) {
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			die("poll: %m");
		if (p.revents & (POLLHUP | POLLERR)) {
			/*
			 * Host not connected: virtio ports report HUP (and
			 * may report IN with nothing to read). Nap, don't spin:
			 * an idle node must leave the host's CPUs alone.
			 */
			usleep(100000);
			continue;
		}
		if (p.revents & POLLIN)
			return;
	}
}

static int read_full(void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n;

		wait_readable();
		n = read(port_fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			usleep(100000);
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

static void write_full(const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(port_fd, p, len);

		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return;	/* host went away: the command still finishes */
		p += n;
		len -= n;
	}
}

static void send_line(const char *fmt, ...)
{
	char line[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	write_full(line, n);
}

static int read_line(char *buf, size_t size)
{
	size_t n = 0;

	while (n + 1 < size) {
		if (read_full(buf + n, 1))
			return -1;
		if (buf[n] == '\n') {
			buf[n] = '\0';
			return 0;
		}
		n++;
	}
	return -1;
}

static void forward(int fd, const char *tag, unsigned long id, int *open_fd)
{
	char buf[65536];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n < 0 && errno == EINTR)
		return;
	if (n <= 0) {
		close(fd);
		*open_fd = -1;
		return;
	}
	send_line("%s %lu %zd\n", tag, id, n);
	write_full(buf, n);
}

static void run(unsigned long id, size_t script_len, size_t stdin_len)
{
	int out[2], err[2], in[2];
	char *script, *input;
	pid_t pid;
	int status, ofd, efd;

	script = calloc(1, script_len + 1);
	input = malloc(stdin_len ? stdin_len : 1);
	if (!script || !input)
		die("out of memory");
	if (read_full(script, script_len) || read_full(input, stdin_len))
		die("short request");
	if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC) ||
	    pipe2(in, O_CLOEXEC))
		die("pipe: %m");

	pid = fork();
	if (pid < 0)
		die("fork: %m");
	if (pid == 0) {
		setsid();
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", script, (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	close(in[0]);

	/* Feed stdin from a helper so a script that never reads can't block us. */
	if (fork() == 0) {
		size_t off = 0;

		close(out[0]);
		close(err[0]);
		signal(SIGPIPE, SIG_IGN);
		while (off < stdin_len) {
			ssize_t n = write(in[1], input + off, stdin_len - off);

			if (n <= 0)
				break;
			off += n;
		}
		_exit(0);
	}
	close(in[1]);
	free(input);
	free(script);

	ofd = out[0];
	efd = err[0];
	while (ofd >= 0 || efd >= 0) {
		struct pollfd p[2] = {
			{ .fd = ofd, .events = POLLIN },
			{ .fd = efd, .events = POLLIN },
		};

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll: %m");
		}
		if (ofd >= 0 && p[0].revents)
			forward(ofd, "OUT", id, &ofd);
		if (efd >= 0 && p[1].revents)
			forward(efd, "ERR", id, &efd);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;	/* the stdin feeder */
	send_line("EXIT %lu %d\n", id, WIFEXITED(status) ? WEXITSTATUS(status) :
		  128 + WTERMSIG(status));
}

int main(int argc, char **argv)
{
	const char *node = getenv("HPC_NODE");
	char line[256];

	if (argc != 2)
		die("usage: hpc-agent /dev/vportNpM");
	port_path = argv[1];
	signal(SIGPIPE, SIG_IGN);
	open_port();
	for (;;) {
		unsigned long id, slen, ilen;

		if (read_line(line, sizeof(line))) {
			open_port();	/* host hung up mid-line: start over */
			continue;
		}
		if (sscanf(line, "PING %lu", &id) == 1) {
			send_line("PONG %lu %s\n", id, node ? node : "0");
		} else if (sscanf(line, "RUN %lu %lu %lu", &id, &slen, &ilen) == 3 &&
			   slen <= MAX_SCRIPT && ilen <= MAX_STDIN) {
			run(id, slen, ilen);
		} else {
			fprintf(stderr, "hpc-agent: bad request '%.64s'\n", line);
		}
	}
}
