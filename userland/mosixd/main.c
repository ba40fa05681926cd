// SPDX-License-Identifier: GPL-2.0
/*
 * mosixd: options, signals, the event loop and the engine glue. See
 * mosixd.8 and Documentation/balancer.rst.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include <hpc/procfs.h>

#include "mosixd.h"

struct mosixd d;

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: mosixd [-dfN] [-k keyfile] [-m map] [-p port] [-i interval_ms]\n"
"              [-a min_age_s] [-n node] [-S socket] [-D dead_after_ms]\n"
"              [-W window] [-B bandwidth_kib_s] [-M moves]\n"
"              [--discover[=group[:port]]]\n");
}

static unsigned long number(const char *arg, unsigned long min,
			    unsigned long max, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || v < min || v > max)
		fatal("%s must be a number from %lu to %lu: %s", what, min, max,
		      arg);
	return v;
}

/*
 * A process asked to leave is still listed here, at full share, until its
 * image has gone: the kernel moves it at its next return to user mode and
 * it runs on while its memory is sent, a second or more under emulation.
 * Its target counts it already (engine_recent_note()). It is on its way
 * until its migrate count moves, or until the move has had the time it
 * may take (engine_transit_ms()): a move that failed leaves it here, and
 * then it counts here again.
 */
static bool leaving(const struct lproc *p, uint64_t now)
{
	return p->ep.where == d.self && p->ep.moved_ms &&
	       p->migrations == p->asked_at &&
	       now - p->ep.moved_ms <
	       engine_transit_ms(&d.ep, &p->ep, d.recent.settle_ms);
}

/*
 * What the decision sees must include its own recent effects, or the
 * round after a move repeats it. This node's smoothed load decays slowly
 * on purpose (so peers do not rush work at us), so for the decision only
 * it is what runs here now: the runnable shares of the local processes
 * that are not on their way out. The targets of recent moves are raised
 * by engine_recent_apply().
 */
static void load_now(uint64_t now)
{
	struct gossip_node *self = gossip_find(&d.view, d.self);
	uint32_t runnable = 0;

	for (size_t i = 0; i < d.nprocs; i++) {
		struct lproc *p = &d.procs[i];

		if (leaving(p, now))
			snprintf(p->state, sizeof(p->state), "leaving");
		else if (p->ep.where == d.self)
			runnable += p->ep.runnable_pct;
	}
	if (self)
		self->v.load = engine_normalise(runnable, self->v.speed,
						self->v.ncpus);
}

/*
 * The price of a move is learnt from the moves this node has made: what
 * the kernel counted since the last round (memory sent, time to commit)
 * moves the fixed cost or the bandwidth half-way to what was seen.
 */
static void learn_move_price(void)
{
	static bool said;
	uint32_t bw = d.ep.bandwidth_kib_s, fixed = d.ep.move_overhead_ms;
	uint64_t moves, kib, usecs;
	int err;

	err = kern_move_stats(&moves, &kib, &usecs);
	if (err == -EBADMSG && !said)
		log_warn("/proc/hpc/admin/stats gives no move counters: the "
			 "move price stays %u ms + %u KiB/s", fixed, bw);
	said = err == -EBADMSG;
	if (err)
		return;
	if (d.moves_read && moves > d.moves_sent && kib >= d.move_kib &&
	    usecs >= d.move_usecs) {
		engine_learn_move_cost(&d.ep, moves - d.moves_sent,
				       kib - d.move_kib,
				       usecs - d.move_usecs);
		if (bw != d.ep.bandwidth_kib_s ||
		    fixed != d.ep.move_overhead_ms)
			log_info("move price: %u ms + %u KiB/s (was %u ms + "
				 "%u KiB/s), from %llu move(s) of %llu KiB "
				 "in %llu ms", d.ep.move_overhead_ms,
				 d.ep.bandwidth_kib_s, fixed, bw,
				 (unsigned long long)(moves - d.moves_sent),
				 (unsigned long long)(kib - d.move_kib),
				 (unsigned long long)(usecs - d.move_usecs) /
				 1000);
	}
	d.moves_sent = moves;
	d.move_kib = kib;
	d.move_usecs = usecs;
	d.moves_read = true;
}

static void balance(uint64_t now)
{
	struct engine_proc *eps;
	struct engine_move moves[ENGINE_MOVES_MAX];
	uint32_t admin = d.admin | d.pending_admin;
	size_t n;

	d.pending_admin = 0;
	learn_move_price();
	kern_scan_procs(now);
	if (!d.balance || !d.nprocs)
		return;
	eps = calloc(d.nprocs, sizeof(*eps));
	if (!eps)
		return;
	for (size_t i = 0; i < d.nprocs; i++)
		eps[i] = d.procs[i].ep;
	load_now(now);
	engine_recent_apply(&d.recent, &d.view, now);
	n = engine_decide(&d.ep, &d.view, admin, eps, d.nprocs, now, &d.rng,
			  moves, ENGINE_MOVES_MAX);
	for (size_t i = 0; i < n; i++) {
		struct lproc *p = &d.procs[moves[i].proc];
		bool home = moves[i].target == p->ep.home;
		int err;

		/* Expel is the kernel's job (written by the control socket);
		 * the engine only tells us it chose so. */
		if (moves[i].reason == ENGINE_R_EXPEL)
			continue;
		/*
		 * The move asked for last time did not happen (the target
		 * refused it, say a mapped file differs there, or it failed):
		 * each such miss in a row doubles the wait before the next
		 * try, so a process that cannot go is not sent every round.
		 */
		if (p->ep.moved_ms && p->migrations == p->asked_at) {
			if (p->ep.move_fails < ENGINE_MAX_BACKOFF)
				p->ep.move_fails++;
			log_info("pid %d: the move asked for %llu s ago did not happen; next try in %llu s at the earliest",
				 p->ep.pid,
				 (unsigned long long)(now - p->ep.moved_ms) / 1000,
				 (unsigned long long)engine_cooldown(&d.ep, &p->ep) / 1000);
		} else {
			p->ep.move_fails = 0;
		}
		p->asked_at = p->migrations;
		d.cnt.migrations_asked++;
		err = kern_move(p->ep.pid, moves[i].target, home);
		if (err) {
			d.cnt.migrations_failed++;
			log_info("pid %d to node %u (%s): %s", p->ep.pid,
				 moves[i].target, engine_strreason(moves[i].reason),
				 hpcfs_strerror(err));
			continue;
		}
		p->ep.moved_ms = now;
		if (!home)
			engine_recent_note(&d.recent, &d.view, moves[i].target,
					   now);
		log_info("pid %d to node %u (%s, expect %llu ms instead of %llu)",
			 p->ep.pid, moves[i].target,
			 engine_strreason(moves[i].reason),
			 (unsigned long long)moves[i].t_there_ms,
			 (unsigned long long)moves[i].t_here_ms);
	}
	engine_recent_undo(&d.recent, &d.view);
	free(eps);
}

static void tick(uint64_t now)
{
	struct lvec_entry self;

	kern_measure(now, &self);
	gossip_set_self(&d.view, &self, now);
	net_send(now);
	discover_announce(now);
	balance(now);
}

static void reload(uint64_t now)
{
	struct map m;

	map_init(&m);
	if (!config_load_map(d.map_path, &m) && !config_apply_map(&m, now))
		log_info("map reloaded: %zu nodes", map_node_count(&d.map));
	map_fini(&m);
}

static int signals_open(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "discover", optional_argument, NULL, 'd' },
		{ "bandwidth", required_argument, NULL, 'B' },
		{ "moves", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char group[INET_ADDRSTRLEN + 8] = "off";
	uint64_t next, now;
	uint32_t id;
	struct map m;
	int opt, err, sfd, rx;
	bool running = true;

	d.key_path = MOSIXD_KEY;
	d.map_path = MOSIXD_MAP;
	d.sock_path = getenv("MOSIXD_SOCKET") ? getenv("MOSIXD_SOCKET") : MOSIXD_SOCKET;
	d.port = MOSIXD_PORT;
	d.interval_ms = 1000;
	d.window = 16;
	d.balance = true;
	d.udp_fd = d.ctl_fd = d.mc_fd = -1;
	discover_parse_group(MOSIXD_GROUP, &d.group);
	d.speed = ENGINE_SPEED_ONE;
	d.ncpus = 1;
	engine_params_default(&d.ep);
	d.dead_after_ms = 0;

	while ((opt = getopt_long(argc, argv, "dfNk:m:p:i:a:n:S:D:W:B:M:h",
				  longopts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			d.discover = true;
			if (optarg && discover_parse_group(optarg, &d.group))
				fatal("--discover wants a multicast group "
				      "GROUP[:PORT]: %s", optarg);
			break;
		case 'f': d.foreground = true; break;
		case 'N': d.balance = false; break;
		case 'k': d.key_path = optarg; break;
		case 'm': d.map_path = optarg; break;
		case 'p': d.port = (uint16_t)number(optarg, 1, 65535, "port"); break;
		case 'i': d.interval_ms = (uint32_t)number(optarg, 10, 3600000, "interval"); break;
		case 'a': d.ep.min_age_ms = (uint32_t)number(optarg, 0, 86400, "minimum age") * 1000; break;
		case 'n': d.forced_id = (uint32_t)number(optarg, 1, MAP_ID_MAX, "node id"); break;
		case 'S': d.sock_path = optarg; break;
		case 'D': d.dead_after_ms = (uint32_t)number(optarg, 1, UINT32_MAX, "dead time"); break;
		case 'W': d.window = (uint32_t)number(optarg, 1, LVEC_MAX_ENTRIES, "window"); break;
		case 'B': d.ep.bandwidth_kib_s = (uint32_t)number(optarg, ENGINE_BW_MIN, ENGINE_BW_MAX, "bandwidth (KiB/s)"); break;
		case 'M': d.ep.max_moves = (uint32_t)number(optarg, 1, ENGINE_MOVES_MAX, "moves per interval"); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!d.group.sin_port)
		d.group.sin_port = htons(d.port);
	log_init(true);
	if (lvec_init() < 0)
		fatal("libsodium failed to initialise");
	/* Silence longer than ten intervals (and never under 3 s) is death:
	 * with gossip to random peers a live node is heard from every
	 * N intervals on average in an N-node map. */
	if (!d.dead_after_ms)
		d.dead_after_ms = d.interval_ms * 10 > 3000 ? d.interval_ms * 10 : 3000;
	/* a target's vector counts a new body within three intervals */
	d.recent.settle_ms = 3ull * d.interval_ms;

	err = config_load_key(d.key_path, &d.key);
	if (err == -EPERM)
		fatal("%s: must be a regular file owned by us and not readable "
		      "by group or others", d.key_path);
	if (err)
		fatal("%s: %s", d.key_path, err == -EINVAL ?
		      "not 32 raw bytes or 64 hex digits" : strerror(-err));
	if (d.forced_id)
		id = d.forced_id;
	else if ((err = kern_self_id(&id)))
		fatal("cannot tell this node's id (%s); use -n", hpcfs_strerror(err));
	d.self = (uint16_t)id;

	map_init(&d.map);
	map_init(&d.found);
	map_init(&m);
	if (config_load_map(d.map_path, &m))
		fatal("%s: cannot load the cluster map", d.map_path);
	if (config_apply_map(&m, now_ms()))
		fatal("%s: node %u is not in the map", d.map_path, d.self);
	d.replay = calloc(MAP_ID_MAX + 1, sizeof(*d.replay));
	if (!d.replay)
		fatal("out of memory");
	/* Wall-clock seconds: a restarted daemon starts a newer epoch, so its
	 * peers' replay windows take it at once. */
	d.epoch = (uint32_t)time(NULL);
	d.rng = ((uint64_t)d.epoch << 32) ^ (uint64_t)getpid() ^ d.self;
	if (hpcfs_check()) {
		log_info("%s/hpc missing: load vectors only, no migration",
			 hpcfs_root());
		d.balance = false;
	}

	if ((err = net_open()))
		fatal("UDP port %u: %s", d.port, strerror(-err));
	if (d.discover) {
		inet_ntop(AF_INET, &d.group.sin_addr, group, INET_ADDRSTRLEN);
		snprintf(group + strlen(group), sizeof(group) - strlen(group),
			 ":%u", ntohs(d.group.sin_port));
		if ((err = discover_open()))
			fatal("discovery on %s: %s", group, strerror(-err));
	}
	if ((err = control_open(d.sock_path)))
		fatal("%s: %s", d.sock_path, strerror(-err));
	if ((sfd = signals_open()) < 0)
		fatal("signals: %s", strerror(errno));
	if (!d.foreground) {
		if (daemon(0, 0) < 0)
			fatal("daemon: %s", strerror(errno));
		log_init(false);
	}
	log_info("node %u, %zu nodes in the map, port %u, interval %u ms, "
		 "discovery %s", d.self, map_node_count(&d.map), d.port,
		 d.interval_ms, group);
	rx = net_privsep(sfd);

	next = now_ms();
	while (running) {
		struct pollfd pfd[3] = {
			{ .fd = rx, .events = POLLIN },
			{ .fd = d.ctl_fd, .events = POLLIN },
			{ .fd = sfd, .events = POLLIN },
		};
		int timeout;

		now = now_ms();
		if (now >= next) {
			tick(now);
			/* Skip missed intervals instead of bursting. */
			while (next <= now)
				next += d.interval_ms;
		}
		timeout = (int)(next - now);
		if (poll(pfd, 3, timeout) < 0 && errno != EINTR)
			fatal("poll: %s", strerror(errno));
		now = now_ms();
		if (pfd[0].revents & POLLIN)
			net_receive(now);
		if (pfd[1].revents & POLLIN)
			control_accept(now);
		if (pfd[2].revents & POLLIN) {
			struct signalfd_siginfo si;

			while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGHUP)
					reload(now);
				else
					running = false;
			}
		}
	}
	log_info("exiting");
	control_close(d.sock_path);
	close(d.udp_fd);
	gossip_fini(&d.view);
	map_fini(&d.map);
	map_fini(&d.found);
	sodium_memzero(&d.key, sizeof(d.key));
	return 0;
}
