// SPDX-License-Identifier: GPL-2.0
/*
 * UDP load vectors. Every interval one packet (our vector and a window of
 * others) goes to one peer picked at random from the members (the map
 * and, with discovery, the nodes found by discover.c); every packet
 * received is decoded by lvec_decode() and dropped, counted and (rate-
 * limited) logged unless it is well formed, authenticated, new, from a map
 * node and from that node's address.
 *
 * Privilege separation: the bytes that arrive from the network are read
 * and decoded by a child process (net_privsep()) that runs as "nobody",
 * without capabilities or new privileges, chrooted into an empty
 * directory. It reads discovery's multicast socket too and decodes those
 * datagrams as announcements. It hands the parent a fixed-size struct per
 * datagram over a socketpair; the parent, which must stay root to write
 * /proc/PID/goto, never parses network input. It still checks what the
 * child sends.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mosixd.h"

int net_open(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct in_addr self;
	int fd;

	if (map_id_to_addr(&d.map, d.self, &self))
		return -ENOENT;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* Bound to our map address: with several nodes on one host (tests)
	 * each daemon owns its own address and source checks stay exact. */
	sa.sin_addr = self;
	sa.sin_port = htons(d.port);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	d.udp_fd = fd;
	return 0;
}

/* The (epoch, seq) of our next packet, gossip or announcement: one
 * sequence, so that one replay window per sender covers both. */
void net_next_seq(uint32_t *epoch, uint32_t *seq)
{
	/* A wrapped sequence would look like a replay: start a new epoch. */
	if (d.seq == UINT32_MAX) {
		d.epoch++;
		d.seq = 0;
	}
	*epoch = d.epoch;
	*seq = ++d.seq;
}

void net_send(uint64_t now)
{
	struct lvec_packet p;
	uint8_t buf[LVEC_MAX_PACKET];
	struct sockaddr_in sa = { .sin_family = AF_INET };
	size_t nodes = map_node_count(&d.map);
	uint32_t to;
	int len;

	if (nodes < 2 || (d.admin & ENGINE_A_QUIET))
		return;
	do
		to = map_node_at(&d.map, engine_rand_below(&d.rng, (uint32_t)nodes));
	while (to == d.self);
	if (map_id_to_addr(&d.map, to, &sa.sin_addr))
		return;
	sa.sin_port = htons(d.port);

	memset(&p, 0, sizeof(p));
	p.sender = d.self;
	net_next_seq(&p.epoch, &p.seq);
	p.count = (uint16_t)gossip_window(&d.view, now, &d.rng, p.entries,
					  d.window);
	if (!p.count)
		return;
	p.entries[0].epoch = p.epoch;
	len = lvec_encode(&p, &d.key, buf, sizeof(buf));
	if (len < 0) {
		d.cnt.tx_errors++;
		log_warn("cannot encode our own vector: %s", strerror(-len));
		return;
	}
	if (sendto(d.udp_fd, buf, (size_t)len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0) {
		d.cnt.tx_errors++;
		log_peer(now, "send to node %u: %s", to, strerror(errno));
		return;
	}
	d.cnt.tx_packets++;
}

/* What the network child hands the parent for one datagram. */
struct rx_msg {
	uint32_t kind;			/* RX_GOSSIP or RX_ANNOUNCE */
	int32_t status;			/* enum lvec_status; RX_NOT_INET */
	uint32_t len;			/* datagram length */
	struct sockaddr_in from;
	/* valid when status == LVEC_OK, the one kind says */
	struct lvec_packet p;
	struct lvec_announce a;
};
#define RX_GOSSIP	1		/* from the unicast socket */
#define RX_ANNOUNCE	2		/* from the discovery group */
#define RX_NOT_INET	(-1)

static int rx_fd = -1;		/* parent's end of the socketpair */

static void receive_one(const struct rx_msg *m, uint64_t now)
{
	const struct lvec_packet *pk = &m->p;
	enum lvec_status st = (enum lvec_status)m->status;
	struct in_addr want;
	char addr[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &m->from.sin_addr, addr, sizeof(addr));
	if (st == LVEC_EAUTH) {
		d.cnt.rx_unauthenticated++;
		log_peer(now, "%s: unauthenticated packet dropped", addr);
		return;
	}
	if (st != LVEC_OK) {
		d.cnt.rx_malformed++;
		log_peer(now, "%s: malformed packet dropped (%s, %u bytes)",
			 addr, lvec_strstatus(st), m->len);
		return;
	}
	if (map_id_to_addr(&d.map, pk->sender, &want)) {
		d.cnt.rx_unknown_node++;
		log_peer(now, "%s: node %u is not in the map", addr, pk->sender);
		return;
	}
	if (want.s_addr != m->from.sin_addr.s_addr) {
		d.cnt.rx_bad_source++;
		log_peer(now, "%s: claims to be node %u", addr, pk->sender);
		return;
	}
	/* Only now, authenticated and plausible, may it move the window. */
	if (!lvec_replay_accept(&d.replay[pk->sender], pk->epoch, pk->seq)) {
		d.cnt.rx_replayed++;
		log_peer(now, "%s: replayed packet (epoch %u seq %u) dropped",
			 addr, pk->epoch, pk->seq);
		return;
	}
	d.cnt.rx_accepted++;
	for (unsigned int i = 0; i < pk->count; i++) {
		enum gossip_result r;

		/* Entries about nodes outside our map are somebody else's
		 * business (maps being changed); ignore, do not store. */
		if (map_id_to_addr(&d.map, pk->entries[i].node, &want))
			continue;
		r = gossip_merge(&d.view, &pk->entries[i], now);
		if (r == GOSSIP_NEW || r == GOSSIP_UPDATED)
			d.cnt.entries_merged++;
	}
}

/* Parent: take what the network child decoded. */
void net_receive(uint64_t now)
{
	struct rx_msg m;

	for (int budget = 256; budget > 0; budget--) {
		ssize_t n = recv(rx_fd, &m, sizeof(m), MSG_DONTWAIT);

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				fatal("network child: %s", strerror(errno));
			return;
		}
		if (n == 0)
			fatal("the network child exited");
		if ((size_t)n == sizeof(m) && m.kind == RX_ANNOUNCE) {
			d.cnt.announce_rx++;
			if (m.status == LVEC_OK && m.a.sender == 0)
				m.status = LVEC_ESENDER;
			if (m.status < 0 || m.status >= LVEC_NSTATUS)
				m.status = RX_NOT_INET;
			discover_receive(m.status, &m.from, m.len, &m.a, now);
			continue;
		}
		d.cnt.rx_packets++;
		/* Trust the child no more than needed: it parses the network. */
		if ((size_t)n != sizeof(m) || m.kind != RX_GOSSIP ||
		    m.status == RX_NOT_INET ||
		    m.status < 0 || m.status >= LVEC_NSTATUS ||
		    (m.status == LVEC_OK && (m.p.count > LVEC_MAX_ENTRIES ||
					     m.p.sender == 0))) {
			d.cnt.rx_malformed++;
			continue;
		}
		receive_one(&m, now);
	}
}

/* Child: become nobody, in an empty root, for good. */
static void drop_privileges(void)
{
	static const char *const empties[] = { "/var/empty", "/run/mosixd-net" };
	struct passwd *pw = getpwnam("nobody");
	uid_t uid = pw ? pw->pw_uid : 65534;
	gid_t gid = pw ? pw->pw_gid : 65534;
	bool rooted = false;

	if (geteuid() != 0)
		goto nonew;	/* not root: nothing to give up but new privs */
	mkdir(empties[1], 0555);
	for (size_t i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
		if (chroot(empties[i]) == 0 && chdir("/") == 0) {
			rooted = true;
			break;
		}
	}
	if (!rooted)
		log_info("network child: no empty directory to chroot into");
	if (setgroups(0, NULL) || setresgid(gid, gid, gid) ||
	    setresuid(uid, uid, uid))
		fatal("network child: cannot drop privileges: %s", strerror(errno));
	if (setuid(0) == 0)
		fatal("network child: could become root again");
nonew:
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		fatal("network child: no_new_privs: %s", strerror(errno));
}

/* Child: read one datagram from fd and decode it as kind says. */
static void child_read(int fd, uint32_t kind, struct rx_msg *m)
{
	/* One extra byte so an oversized datagram is seen as such. */
	static uint8_t buf[LVEC_MAX_PACKET + 1];
	socklen_t fl = sizeof(m->from);
	ssize_t n;
	size_t len;

	memset(m, 0, sizeof(*m));
	m->kind = kind;
	n = recvfrom(fd, buf, sizeof(buf), MSG_TRUNC | MSG_DONTWAIT,
		     (struct sockaddr *)&m->from, &fl);
	if (n < 0) {
		m->kind = 0;
		return;
	}
	m->len = (uint32_t)n;
	/* MSG_TRUNC gives the real length: longer than the buffer means
	 * longer than any valid packet. */
	len = (size_t)n > sizeof(buf) ? sizeof(buf) : (size_t)n;
	if (fl != sizeof(m->from) || m->from.sin_family != AF_INET)
		m->status = RX_NOT_INET;
	else if (kind == RX_ANNOUNCE)
		m->status = lvec_decode_announce(buf, len, &d.key, &m->a);
	else
		m->status = lvec_decode(buf, len, &d.key, &m->p);
}

static void network_child(int out)
{
	struct pollfd pfd[2] = {
		{ .fd = d.udp_fd, .events = POLLIN },
		{ .fd = d.mc_fd, .events = POLLIN },	/* -1: ignored */
	};
	static const uint32_t kinds[2] = { RX_GOSSIP, RX_ANNOUNCE };
	struct rx_msg m;

	for (;;) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			_exit(1);
		for (int i = 0; i < 2; i++) {
			/* Not only POLLIN: recvfrom() also clears an error. */
			if (!pfd[i].revents)
				continue;
			child_read(pfd[i].fd, kinds[i], &m);
			if (m.kind && send(out, &m, sizeof(m), MSG_NOSIGNAL) < 0)
				_exit(0);	/* the parent is gone */
		}
	}
}

/**
 * net_privsep() - fork the unprivileged process that reads the network
 * @close_fd: a further descriptor the child must not keep (or -1)
 *
 * Return: the descriptor the parent polls for what the child decoded.
 */
int net_privsep(int close_fd)
{
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		fatal("socketpair: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		fatal("fork: %s", strerror(errno));
	if (pid == 0) {
		sigset_t all;

		close(sv[0]);
		if (d.ctl_fd >= 0)
			close(d.ctl_fd);
		if (close_fd >= 0)
			close(close_fd);
		sigfillset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		drop_privileges();
		/* After the credentials change, which clears the setting. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(0);
		network_child(sv[1]);
		_exit(0);
	}
	close(sv[1]);
	/* The group membership lives on in the child's copy. */
	if (d.mc_fd >= 0) {
		close(d.mc_fd);
		d.mc_fd = -1;
	}
	rx_fd = sv[0];
	return rx_fd;
}
