// SPDX-License-Identifier: GPL-2.0
/*
 * UDP load vectors. Every interval one packet (our vector and a window of
 * others) goes to one peer picked at random from the map; every packet
 * received is decoded by lvec_decode() and dropped, counted and (rate-
 * limited) logged unless it is well formed, authenticated, new, from a map
 * node and from that node's address.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
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
	p.epoch = d.epoch;
	/* A wrapped sequence would look like a replay: start a new epoch. */
	if (d.seq == UINT32_MAX) {
		d.epoch++;
		d.seq = 0;
		p.epoch = d.epoch;
	}
	p.seq = ++d.seq;
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

static void receive_one(const uint8_t *buf, size_t len,
			const struct sockaddr_in *from, uint64_t now)
{
	struct lvec_packet p;
	enum lvec_status st;
	struct in_addr want;
	char addr[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &from->sin_addr, addr, sizeof(addr));
	st = lvec_decode(buf, len, &d.key, &p);
	if (st == LVEC_EAUTH) {
		d.cnt.rx_unauthenticated++;
		log_peer(now, "%s: unauthenticated packet dropped", addr);
		return;
	}
	if (st != LVEC_OK) {
		d.cnt.rx_malformed++;
		log_peer(now, "%s: malformed packet dropped (%s, %zu bytes)",
			 addr, lvec_strstatus(st), len);
		return;
	}
	if (map_id_to_addr(&d.map, p.sender, &want)) {
		d.cnt.rx_unknown_node++;
		log_peer(now, "%s: node %u is not in the map", addr, p.sender);
		return;
	}
	if (want.s_addr != from->sin_addr.s_addr) {
		d.cnt.rx_bad_source++;
		log_peer(now, "%s: claims to be node %u", addr, p.sender);
		return;
	}
	/* Only now, authenticated and plausible, may it move the window. */
	if (!lvec_replay_accept(&d.replay[p.sender], p.epoch, p.seq)) {
		d.cnt.rx_replayed++;
		log_peer(now, "%s: replayed packet (epoch %u seq %u) dropped",
			 addr, p.epoch, p.seq);
		return;
	}
	d.cnt.rx_accepted++;
	for (unsigned int i = 0; i < p.count; i++) {
		enum gossip_result r;

		/* Entries about nodes outside our map are somebody else's
		 * business (maps being changed); ignore, do not store. */
		if (map_id_to_addr(&d.map, p.entries[i].node, &want))
			continue;
		r = gossip_merge(&d.view, &p.entries[i], now);
		if (r == GOSSIP_NEW || r == GOSSIP_UPDATED)
			d.cnt.entries_merged++;
	}
}

void net_receive(uint64_t now)
{
	/* One extra byte so an oversized datagram is seen as such. */
	uint8_t buf[LVEC_MAX_PACKET + 1];

	for (int budget = 256; budget > 0; budget--) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(d.udp_fd, buf, sizeof(buf), MSG_TRUNC,
				     (struct sockaddr *)&from, &fl);

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				log_peer(now, "receive: %s", strerror(errno));
			return;
		}
		d.cnt.rx_packets++;
		if (fl != sizeof(from) || from.sin_family != AF_INET) {
			d.cnt.rx_malformed++;
			continue;
		}
		/* MSG_TRUNC returns the real length: longer than the buffer
		 * means longer than any valid packet. */
		receive_one(buf, (size_t)n > sizeof(buf) ? sizeof(buf) : (size_t)n,
			    &from, now);
	}
}
