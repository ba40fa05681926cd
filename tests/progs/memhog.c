// SPDX-License-Identifier: GPL-2.0
/*
 * memhog MIB SECONDS [ALARM_US]: touch MIB MiB of anonymous memory with a
 * pattern, print "ready", then compute (never blocking in a system call, so
 * it can be moved at any moment) until SIGUSR1 arrives or SECONDS have
 * passed; then verify the pattern and print "intact" or "CORRUPT at
 * OFFSET". A process of a known size for the migration-time benchmark.
 * With ALARM_US, an interval timer also sends SIGALRM every ALARM_US
 * microseconds, so signals keep arriving while the process moves; the
 * last line then ends with the number of SIGALRMs handled.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t done;
static volatile sig_atomic_t alarms;

static void on_alrm(int sig)
{
	(void)sig;
	alarms++;
}

static void on_usr1(int sig)
{
	(void)sig;
	done = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t n, i;
	unsigned long *p, x = 1;
	double end;

	long alarm_us = argc == 4 ? atol(argv[3]) : 0;

	if (argc < 3 || argc > 4 || atol(argv[1]) <= 0 || alarm_us < 0) {
		fprintf(stderr, "usage: memhog MIB SECONDS [ALARM_US]\n");
		return 2;
	}
	signal(SIGUSR1, on_usr1);
	n = (size_t)atol(argv[1]) << 20;
	p = malloc(n);
	if (!p) {
		perror("malloc");
		return 1;
	}
	for (i = 0; i < n / sizeof(*p); i++)
		p[i] = i * 2654435761UL;
	if (alarm_us) {
		struct itimerval it = {
			.it_interval = { alarm_us / 1000000, alarm_us % 1000000 },
			.it_value = { alarm_us / 1000000, alarm_us % 1000000 },
		};
		struct sigaction sa = { .sa_handler = on_alrm,
					.sa_flags = SA_RESTART };

		sigaction(SIGALRM, &sa, NULL);
		if (setitimer(ITIMER_REAL, &it, NULL)) {
			perror("setitimer");
			return 1;
		}
	}
	printf("ready\n");
	fflush(stdout);
	end = now() + atof(argv[2]);
	while (!done && now() < end)
		for (int k = 0; k < 10000; k++)
			x = x * 6364136223846793005UL + 1;
	for (i = 0; i < n / sizeof(*p); i++) {
		if (p[i] != i * 2654435761UL) {
			printf("CORRUPT at %zu\n", i * sizeof(*p));
			return 1;
		}
	}
	if (alarm_us)
		printf("intact %lx alarms %ld\n", x & 1, (long)alarms);
	else
		printf("intact %lx\n", x & 1);
	return 0;
}
