/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mosixd: the balancer daemon. One file per concern, as OpenBSD's ntpd:
 *   main.c     options, signals, the event loop, engine glue
 *   config.c   key file and cluster map
 *   net.c      UDP load vectors: send a window, receive and count
 *   discover.c optional discovery of peers by multicast on the cluster LAN
 *   kern.c     the kernel's /proc interface and local measurements
 *   control.c  the admin socket (Documentation/admin-socket.rst)
 *   log.c      stderr or syslog, rate-limited for what peers can trigger
 */
#ifndef MOSIXD_H
#define MOSIXD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <netinet/in.h>

#include <hpc/engine.h>
#include <hpc/gossip.h>
#include <hpc/lvec.h>
#include <hpc/map.h>

#define MOSIXD_KEY	"/etc/mosix/cluster.key"
#define MOSIXD_MAP	"/etc/mosix.map"
#define MOSIXD_SOCKET	"/run/mosixd.sock"
#define MOSIXD_PORT	5001
/* Discovery's default group: IPv4 local scope (RFC 2365), and sent with
 * TTL 1 anyway, so it never leaves the LAN. */
#define MOSIXD_GROUP	"239.255.77.1"

/* Counters shown by the admin socket's "counters" request. */
#define MOSIXD_COUNTERS(X)				\
	X(tx_packets)	X(tx_errors)			\
	X(rx_packets)	X(rx_accepted)			\
	X(rx_malformed)	X(rx_unauthenticated)		\
	X(rx_replayed)	X(rx_bad_source)		\
	X(rx_unknown_node) X(entries_merged)		\
	X(migrations_asked) X(migrations_failed)	\
	X(announce_tx)	X(announce_rx)			\
	X(announce_malformed) X(announce_unauthenticated) \
	X(announce_replayed) X(announce_bad_source)	\
	X(announce_refused) X(nodes_discovered)

struct counters {
#define X(name) uint64_t name;
	MOSIXD_COUNTERS(X)
#undef X
};

/* One local process the balancer considers, carried between scans. */
struct lproc {
	struct engine_proc ep;
	uint64_t sched_ns;	/* running + waiting, from schedstat */
	uint64_t cpu_ticks;	/* utime + stime */
	uint32_t migrations;	/* /proc/PID/migrate now */
	uint32_t asked_at;	/* ... when a move was last asked for */
	bool sampled;		/* ep.runnable_pct holds a measured share */
	bool seen;
	char state[16];		/* for the admin socket */
};

struct mosixd {
	/* settings */
	const char *key_path, *map_path, *sock_path;
	uint16_t port;
	uint32_t interval_ms;
	uint32_t window;
	bool foreground, balance;
	uint32_t forced_id;
	struct engine_params ep;
	uint32_t dead_after_ms;
	bool discover;			/* -d, --discover */
	struct sockaddr_in group;	/* discovery group and port */

	/* state */
	struct lvec_key key;
	struct map map;			/* the map file plus found */
	struct map found;		/* discovered, not in the map file */
	uint16_t self;
	uint32_t epoch, seq, vseq;
	struct gossip_table view;
	struct lvec_replay *replay;	/* indexed by node id, 65536 */
	uint64_t rng;
	int udp_fd, ctl_fd;
	int mc_fd;			/* discovery; read by the child only */
	uint64_t next_announce_ms;
	bool announce_soon;		/* at the next tick, not the period's */
	bool solicit;			/* ask peers to announce (start-up) */
	struct counters cnt;
	struct lproc *procs;
	size_t nprocs;
	uint32_t admin;			/* ENGINE_A_* from /proc/hpc/admin */
	uint32_t pending_admin;		/* one-shot requests from the socket */
	/* Moves not yet visible in the targets' load vectors */
	struct engine_recent recent;
	uint32_t smoothed;
	uint16_t speed, ncpus;
	uint64_t last_busy, last_total;	/* /proc/stat cpu line */
	uint32_t util;
	/* /proc/hpc/admin/stats at the last round: what moves have cost */
	uint64_t moves_sent, move_kib, move_usecs;
	bool moves_read;
};

extern struct mosixd d;

/* log.c */
void log_init(bool to_stderr);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_peer(uint64_t now_ms, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* config.c */
int config_load_key(const char *path, struct lvec_key *key);
int config_load_map(const char *path, struct map *m);
int config_apply_map(struct map *m, uint64_t now_ms);
int config_add_node(uint16_t id, struct in_addr addr, uint64_t now_ms);

/* net.c */
int net_open(void);
void net_next_seq(uint32_t *epoch, uint32_t *seq);
void net_send(uint64_t now_ms);
void net_receive(uint64_t now_ms);
int net_privsep(int close_fd);

/* discover.c */
int discover_parse_group(const char *arg, struct sockaddr_in *group);
int discover_open(void);
void discover_announce(uint64_t now_ms);
void discover_receive(int status, const struct sockaddr_in *from,
		      uint32_t len, const struct lvec_announce *a,
		      uint64_t now_ms);
void discover_merge(struct map *file_map);

/* kern.c */
int kern_self_id(uint32_t *id);
void kern_measure(uint64_t now_ms, struct lvec_entry *self);
void kern_scan_procs(uint64_t now_ms);
int kern_move(pid_t pid, uint16_t target, bool home);
void kern_map_sync(void);
void kern_trigger(const char *name);
int kern_move_stats(uint64_t *moves, uint64_t *kib, uint64_t *usecs);

/* control.c */
int control_open(const char *path);
void control_accept(uint64_t now_ms);
void control_close(const char *path);

/* main.c */
uint64_t now_ms(void);

#endif
