// SPDX-License-Identifier: GPL-2.0
/*
 * The admin socket, protocol version 1 (Documentation/admin-socket.rst):
 * one request line per connection, answer lines, then ".". The daemon is
 * single-threaded, so a client gets one second to send its line.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "mosixd.h"

#define CTL_LINE_MAX	1024

int control_open(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	mode_t old;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	/* Readable by anyone (mmon runs as a user); reload is harmless. */
	old = umask(0111);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 8) < 0) {
		int err = -errno;

		umask(old);
		close(fd);
		return err;
	}
	umask(old);
	d.ctl_fd = fd;
	return 0;
}

void control_close(const char *path)
{
	if (d.ctl_fd >= 0) {
		close(d.ctl_fd);
		unlink(path);
		d.ctl_fd = -1;
	}
}

struct reply {
	int fd;
	bool failed;
};

static void say(struct reply *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct reply *r, const char *fmt, ...)
{
	char line[CTL_LINE_MAX + 1];
	va_list ap;
	int n;

	if (r->failed)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	for (int off = 0; off < n;) {
		ssize_t w = send(r->fd, line + off, (size_t)(n - off), MSG_NOSIGNAL);

		if (w <= 0) {
			r->failed = true;
			return;
		}
		off += (int)w;
	}
}

static void flags_str(uint16_t f, char *buf, size_t len)
{
	static const struct { uint16_t bit; const char *name; } names[] = {
		{ LVEC_F_BLOCKED, "blocked" }, { LVEC_F_QUIET, "quiet" },
		{ LVEC_F_STAY, "stay" }, { LVEC_F_LSTAY, "lstay" },
	};
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (f & names[i].bit)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 used ? "," : "", names[i].name);
	if (!used)
		snprintf(buf, len, "-");
}

static void do_nodes(struct reply *r, uint64_t now)
{
	size_t n = map_node_count(&d.map);

	for (size_t i = 0; i < n; i++) {
		uint32_t id = map_node_at(&d.map, i);
		const struct gossip_node *g = gossip_find_const(&d.view, (uint16_t)id);
		enum gossip_state st = gossip_state(&d.view, (uint16_t)id, now);
		char addr[INET_ADDRSTRLEN] = "?", flags[64];
		struct in_addr a;
		struct lvec_entry e = { 0 };
		uint64_t age = 0;

		if (!map_id_to_addr(&d.map, id, &a))
			inet_ntop(AF_INET, &a, addr, sizeof(addr));
		if (g) {
			e = g->v;
			age = st == GOSSIP_S_SELF ? 0 : gossip_age(&d.view, g->id, now);
		}
		flags_str(e.flags, flags, sizeof(flags));
		say(r, "node %u addr=%s state=%s load=%u speed=%u ncpus=%u "
		    "memtotal=%llu memfree=%llu util=%u guests=%u flags=%s age=%llu "
		    "source=%s",
		    id, addr, gossip_strstate(st), e.load, e.speed, e.ncpus,
		    (unsigned long long)e.memtotal_kib,
		    (unsigned long long)e.memfree_kib, e.util, e.guests, flags,
		    (unsigned long long)age,
		    map_id_to_addr(&d.found, id, NULL) ? "map" : "discovered");
	}
}

static void do_procs(struct reply *r)
{
	for (size_t i = 0; i < d.nprocs; i++) {
		const struct lproc *p = &d.procs[i];

		say(r, "proc %d where=%u home=%u age=%llu cpu=%u mem=%llu state=%s",
		    p->ep.pid, p->ep.where, p->ep.home,
		    (unsigned long long)(p->ep.age_ms / 1000), p->ep.runnable_pct,
		    (unsigned long long)p->ep.mem_kib, p->state);
	}
}

static void do_counters(struct reply *r)
{
#define X(name) say(r, "counter " #name " %llu", (unsigned long long)d.cnt.name);
	MOSIXD_COUNTERS(X)
#undef X
	say(r, "gauge move_overhead_ms %u", d.ep.move_overhead_ms);
	say(r, "gauge move_bandwidth_kib_s %u", d.ep.bandwidth_kib_s);
}

/* Requests that change something are for root only: ask the kernel who
 * is on the other end rather than trusting anything the client says. */
static bool peer_is_root(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return false;
	return cred.uid == 0;
}

static void serve(int fd, uint64_t now)
{
	struct reply r = { .fd = fd };
	char line[CTL_LINE_MAX + 1];
	size_t n = 0;
	struct timeval tv = { .tv_sec = 1 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	while (n < CTL_LINE_MAX) {
		ssize_t got = recv(fd, line + n, CTL_LINE_MAX - n, 0);

		if (got <= 0)
			break;
		n += (size_t)got;
		if (memchr(line, '\n', n))
			break;
	}
	line[n] = '\0';
	if (!memchr(line, '\n', n)) {
		say(&r, "ERR request line missing or longer than %d bytes",
		    CTL_LINE_MAX);
		say(&r, ".");
		return;
	}
	line[strcspn(line, "\r\n")] = '\0';

	if (!strcmp(line, "version")) {
		say(&r, "version 1");
	} else if (!strcmp(line, "nodes")) {
		do_nodes(&r, now);
	} else if (!strcmp(line, "procs")) {
		do_procs(&r);
	} else if (!strcmp(line, "counters")) {
		do_counters(&r);
	} else if ((!strcmp(line, "reload") || !strcmp(line, "expel") ||
		    !strcmp(line, "bring")) && !peer_is_root(fd)) {
		/* the socket is world-connectable so anyone may read */
		say(&r, "ERR %s: permission denied (root only)", line);
	} else if (!strcmp(line, "reload")) {
		struct map m;

		map_init(&m);
		if (config_load_map(d.map_path, &m) ||
		    config_apply_map(&m, now))
			say(&r, "ERR cannot load %s; the old map stays", d.map_path);
		map_fini(&m);
	} else if (!strcmp(line, "expel") || !strcmp(line, "bring")) {
		/* Extension: as writing the kernel's trigger, and the engine
		 * holds off for one round so it does not undo it. */
		kern_trigger(line);
		d.pending_admin |= line[0] == 'e' ? ENGINE_A_EXPEL : ENGINE_A_BRING;
	} else {
		say(&r, "ERR unknown request");
	}
	say(&r, ".");
}

void control_accept(uint64_t now)
{
	for (int budget = 16; budget > 0; budget--) {
		int fd = accept4(d.ctl_fd, NULL, NULL, SOCK_CLOEXEC);

		if (fd < 0)
			return;
		serve(fd, now);
		close(fd);
	}
}
