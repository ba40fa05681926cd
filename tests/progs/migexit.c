// SPDX-License-Identifier: GPL-2.0
/*
 * migexit: how a (possibly remote) process ends, for exit-status tests.
 *
 *   migexit exit N      compute ~2 s without system calls, then exit(N)
 *   migexit segv        compute ~2 s, then dereference NULL
 *   migexit loop        compute forever (to be killed)
 *   migexit bigloop M   touch M MiB of memory, then compute forever
 *   migexit usr1 N      count SIGUSR1 in a handler while computing; once
 *                       N arrived print "where W" and exit with the count
 *   migexit nap S       sleep S seconds with a SIGUSR1 handler (no
 *                       SA_RESTART); print how the sleep ended, where,
 *                       and the time left that nanosleep() reported
 *   migexit fwait S     wait S seconds on a futex nobody wakes (a relative
 *                       FUTEX_WAIT), SIGUSR1 handled as for nap; print how
 *                       the wait ended and where (the caller times it: a
 *                       process that moved has read two nodes' clocks)
 *   migexit fwaitrt S   the same with an absolute CLOCK_REALTIME deadline
 *                       (FUTEX_WAIT_BITSET, as glibc's timed waits)
 *   migexit poll S      poll() S seconds on a pipe nobody writes to (a
 *                       remote body's poll waits at home), SIGUSR1 handled
 *                       as for nap; print how it ended and where
 *   migexit select S    the same with select(), which also prints the
 *                       time it left in its struct timeval
 *   migexit read R      read() standard input (a pipe a remote body
 *                       reads at home) with a SIGUSR1 handler, with
 *                       SA_RESTART if R is 1 (the handler also creates
 *                       $MIGEXIT_READY.sig); print how the read ended (the
 *                       bytes, or the error), the signals the handler took
 *                       and where
 *   migexit read 2      the same with SIGUSR1 blocked (by a body, after
 *                       its move: home's mask still lets it through); the
 *                       read must not end early. Then unblock it and
 *                       print the same line, the handler having run
 *   migexit read 3      the same with SIGTSTP blocked (no handler): home
 *                       keeps it pending and the read goes on where it is;
 *                       SIGTSTP stays blocked
 *   migexit alarm N     N times: arm the real-time timer (alarm(1) and
 *                       setitimer(ITIMER_REAL, 0.3 s) in turn) and compute
 *                       until the SIGALRM handler ran; print the count and
 *                       where
 *   migexit clocks      compute ~2 s at home, move itself to node 2,
 *                       compute ~1 s there, then print its CPU time from
 *                       CLOCK_PROCESS_CPUTIME_ID and getrusage(RUSAGE_SELF)
 *                       (in 1/10 s) and where; then the CPU clock and
 *                       times() in 1/100 s
 *   migexit back        move itself to node 2, compute ~1.5 s there, go
 *                       home again, and print where it was at each step
 *                       (it drives its own moves, so a slow move cannot
 *                       make it finish before it went or came back)
 *   migexit xcpu        compute for ever, printing a line (with where it
 *                       is) each time its SIGXCPU handler has run
 *   migexit term        block SIGTERM (no handler), compute until
 *                       $MIGEXIT_READY.go exists, print where it is and
 *                       whether sigpending() has SIGTERM, then unblock
 *                       SIGTERM and print where it is again (which a
 *                       pending SIGTERM must prevent)
 *   migexit pending     block SIGUSR1, compute until one is pending, say
 *                       where; once back on node 1 unblock it and print
 *                       how many the handler took there (exit status too)
 *
 * With $MIGEXIT_READY set, usr1, pending, nap, fwait, poll, read and term
 * create that file
 * once their handler (and mask) are in place, so a test sends signals only
 * then.
 */
#include <errno.h>
#include <linux/futex.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "progs.h"

static volatile sig_atomic_t usr1;

static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void compute(double seconds)
{
	double end = now() + seconds;
	volatile unsigned long x = 0;

	while (now() < end)
		for (int i = 0; i < 100000; i++)
			x += i;
}

/* read: the handler also leaves $MIGEXIT_READY.sig, for the caller */
static char sig_mark[256];

static void on_usr1_mark(int sig)
{
	int fd;

	on_usr1(sig);
	if (sig_mark[0]) {
		fd = open(sig_mark, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0)
			close(fd);
	}
}

static void ready(void)
{
	const char *f = getenv("MIGEXIT_READY");
	int fd;

	if (f) {
		fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0)
			close(fd);
	}
}

/* ask to run on NODE ("2", "home") through /proc/self/goto */
static int goto_node(const char *node)
{
	int fd = open("/proc/self/goto", O_WRONLY);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, node, strlen(node)) == (ssize_t)strlen(node);
	close(fd);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "exit";
	int n = argc > 2 ? atoi(argv[2]) : 0;

	if (!strcmp(mode, "exit")) {
		compute(2);
		exit(n);
	}
	if (!strcmp(mode, "segv")) {
		compute(2);
		*(volatile int *)0 = 1;
		return 0;
	}
	if (!strcmp(mode, "loop")) {
		for (;;)
			compute(1);
	}
	if (!strcmp(mode, "xcpu")) {
		/* on_usr1() counts whichever signal it handles */
		struct sigaction sa = { .sa_handler = on_usr1 };
		sig_atomic_t seen = 0;

		sigaction(SIGXCPU, &sa, NULL);
		for (;;) {
			compute(0.05);
			if (usr1 != seen) {
				seen = usr1;
				printf("SIGXCPU %d at node %d\n", (int)seen,
				       where());
				fflush(stdout);
			}
		}
	}
	if (!strcmp(mode, "bigloop")) {
		size_t len = (size_t)n << 20;
		char *p = malloc(len);

		if (!p)
			return 1;
		for (size_t i = 0; i < len; i += 4096)
			p[i] = (char)i | 1;
		for (;;)
			compute(1);
	}
	if (!strcmp(mode, "usr1")) {
		signal(SIGUSR1, on_usr1);
		ready();
		while (usr1 < n)
			compute(0.2);
		printf("where %d\n", where());
		return usr1;
	}
	if (!strcmp(mode, "pending")) {
		sigset_t set, pend;

		signal(SIGUSR1, on_usr1);
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
		ready();
		do {
			compute(0.1);
			sigpending(&pend);
		} while (!sigismember(&pend, SIGUSR1));
		printf("pending at node %d\n", where());
		fflush(stdout);
		while (where() != 1)
			compute(0.1);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		printf("handled %d at node %d\n", (int)usr1, where());
		return usr1;
	}
	if (!strcmp(mode, "nap")) {
		struct sigaction sa = { .sa_handler = on_usr1 };
		struct timespec ts = { n, 0 };
		int r;

		sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART */
		ready();
		r = nanosleep(&ts, &ts);
		if (!r)
			ts.tv_sec = ts.tv_nsec = 0;
		printf("nap: %s after a signal: %d at node %d, %ld s left\n",
		       r ? strerror(errno) : "slept", (int)usr1, where(),
		       (long)ts.tv_sec + (ts.tv_nsec >= 500000000));
		return 0;
	}
	if (!strcmp(mode, "fwait") || !strcmp(mode, "fwaitrt")) {
		struct sigaction sa = { .sa_handler = on_usr1 };
		static unsigned int word;
		struct timespec ts = { n, 0 };
		long r;

		sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART */
		ready();
		if (!strcmp(mode, "fwaitrt")) {
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += n;
			r = syscall(SYS_futex, &word, FUTEX_WAIT_BITSET |
				    FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME,
				    0, &ts, NULL, FUTEX_BITSET_MATCH_ANY);
		} else {
			r = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0,
				    &ts, NULL, 0);
		}
		printf("%s: %s after a signal: %d at node %d\n", mode,
		       r ? strerror(errno) : "woken", (int)usr1, where());
		return 0;
	}
	if (!strcmp(mode, "poll") || !strcmp(mode, "select")) {
		struct sigaction sa = { .sa_handler = on_usr1 };
		struct timeval tv = { n, 0 };
		struct pollfd pfd;
		int p[2], r;
		fd_set rd;

		if (pipe(p))
			return 1;
		sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART */
		ready();
		if (!strcmp(mode, "poll")) {
			pfd.fd = p[0];
			pfd.events = POLLIN;
			r = poll(&pfd, 1, n * 1000);
		} else {
			FD_ZERO(&rd);
			FD_SET(p[0], &rd);
			r = select(p[0] + 1, &rd, NULL, NULL, &tv);
		}
		printf("%s: %s after a signal: %d at node %d", mode,
		       r < 0 ? strerror(errno) : r ? "ready" : "timed out",
		       (int)usr1, where());
		if (!strcmp(mode, "select"))
			printf(", %ld s left", (long)tv.tv_sec +
			       (tv.tv_usec >= 500000));
		printf("\n");
		return 0;
	}
	if (!strcmp(mode, "alarm")) {
		struct sigaction sa = { .sa_handler = on_usr1 };
		struct itimerval it = { .it_value = { 0, 300000 } }, left;

		sigaction(SIGALRM, &sa, NULL);
		for (int i = 0; i < n; i++) {
			sig_atomic_t before = usr1;

			if (i % 2) {
				alarm(1);
			} else if (setitimer(ITIMER_REAL, &it, NULL) ||
				   getitimer(ITIMER_REAL, &left)) {
				perror("setitimer");
				return 1;
			}
			while (usr1 == before)
				compute(0.05);
		}
		printf("alarm: %d signals at node %d\n", (int)usr1, where());
		return 0;
	}
	if (!strcmp(mode, "clocks")) {
		struct timespec ts;
		struct rusage ru;
		struct tms tm;
		int tries = 0;

		compute(2);
		if (goto_node("2"))
			return 1;
		while (where() != 2 && tries++ < 100)
			compute(0.1);
		compute(1);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
		getrusage(RUSAGE_SELF, &ru);
		times(&tm);
		printf("clocks: cpu %ld rusage %ld at node %d; in 1/100 s: "
		       "cpu %ld times %ld\n",
		       (long)ts.tv_sec * 10 + ts.tv_nsec / 100000000,
		       (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 10 +
		       (long)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 100000,
		       where(), (long)ts.tv_sec * 100 + ts.tv_nsec / 10000000,
		       (long)(tm.tms_utime + tm.tms_stime) * 100 /
		       sysconf(_SC_CLK_TCK));
		return 0;
	}
	if (!strcmp(mode, "back")) {
		int there, tries = 0;

		if (goto_node("2"))
			return 1;
		while ((there = where()) != 2 && tries++ < 300)
			compute(0.1);
		compute(1.5);
		if (goto_node("home"))
			return 1;
		tries = 0;
		while (where() != 1 && tries++ < 300)
			compute(0.1);
		printf("back: computed at node %d, ended at node %d\n", there,
		       where());
		return 0;
	}
	if (!strcmp(mode, "term")) {
		const char *f = getenv("MIGEXIT_READY");
		char go[256];
		sigset_t set, pend;

		snprintf(go, sizeof(go), "%s.go", f ? f : "/tmp/migexit");
		sigemptyset(&set);
		sigaddset(&set, SIGTERM);
		sigprocmask(SIG_BLOCK, &set, NULL);
		ready();
		while (access(go, F_OK))
			compute(0.1);
		sigpending(&pend);
		printf("survived at node %d, SIGTERM %s\n", where(),
		       sigismember(&pend, SIGTERM) ? "pending" : "not pending");
		fflush(stdout);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		printf("unblocked at node %d\n", where());
		return 0;
	}
	if (!strcmp(mode, "read")) {
		struct sigaction sa = { .sa_handler = on_usr1_mark };
		const char *f = getenv("MIGEXIT_READY");
		sigset_t blk;
		char buf[64];
		ssize_t r;

		if (f)
			snprintf(sig_mark, sizeof(sig_mark), "%s.sig", f);
		sa.sa_flags = n == 1 ? SA_RESTART : 0;
		sigaction(SIGUSR1, &sa, NULL);
		sigemptyset(&blk);
		sigaddset(&blk, n == 3 ? SIGTSTP : SIGUSR1);
		if (n >= 2)
			sigprocmask(SIG_BLOCK, &blk, NULL);
		ready();
		r = read(0, buf, sizeof(buf) - 1);
		if (n == 2)
			sigprocmask(SIG_UNBLOCK, &blk, NULL);
		if (r >= 0) {
			buf[r] = '\0';
			buf[strcspn(buf, "\n")] = '\0';
		}
		printf("read: %s after a signal: %d at node %d\n",
		       r < 0 ? strerror(errno) : buf, (int)usr1, where());
		return 0;
	}
	fprintf(stderr, "usage: migexit exit N|segv|loop|usr1 N|pending|nap S|"
		"fwait S|fwaitrt S|poll S|select S|read R|alarm N|clocks|term|"
		"xcpu\n");
	return 2;
}
