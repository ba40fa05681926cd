// SPDX-License-Identifier: GPL-2.0
/*
 * Logging to stderr (foreground) or syslog. What a remote peer can trigger
 * goes through log_peer(), which lets at most LOG_PEER_BURST lines out per
 * LOG_PEER_PERIOD_MS and then says how many it held back: a peer sending
 * garbage must not fill the disk. The counters see every packet anyway.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>

#include "mosixd.h"

#define LOG_PEER_BURST		5
#define LOG_PEER_PERIOD_MS	10000

static bool use_stderr = true;
static uint64_t peer_period_start;
static unsigned int peer_lines, peer_suppressed;

void log_init(bool to_stderr)
{
	use_stderr = to_stderr;
	if (!use_stderr)
		openlog("mosixd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

static void vlog(int prio, const char *fmt, va_list ap)
{
	if (use_stderr) {
		fprintf(stderr, "mosixd: ");
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	} else {
		vsyslog(prio, fmt, ap);
	}
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap);
	va_end(ap);
}

void log_peer(uint64_t now, const char *fmt, ...)
{
	va_list ap;

	if (now - peer_period_start >= LOG_PEER_PERIOD_MS) {
		if (peer_suppressed)
			log_warn("%u similar messages suppressed", peer_suppressed);
		peer_period_start = now;
		peer_lines = 0;
		peer_suppressed = 0;
	}
	if (peer_lines >= LOG_PEER_BURST) {
		peer_suppressed++;
		return;
	}
	peer_lines++;
	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap);
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap);
	va_end(ap);
	exit(1);
}
