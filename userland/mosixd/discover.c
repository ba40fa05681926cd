// SPDX-License-Identifier: GPL-2.0
/*
 * Discovery of peers by multicast on the cluster LAN (-d, --discover; off
 * by default). Documentation/balancer.rst, "Discovery".
 *
 * A node announces (id, address) to an administratively scoped group with
 * TTL 1, from its gossip socket, on the interface that holds its map
 * address: at start-up with LVEC_A_SOLICIT, which makes every peer
 * announce at its next tick, then every max(10, members) intervals, so
 * each node receives about one announcement per interval however large
 * the cluster.
 *
 * The network child reads the group and decodes announcements
 * (lvec_decode_announce(): framing, tag, fields); here the parent only
 * applies policy to what the child decoded: the announced address must
 * be the datagram's source, the node must not contradict the members
 * (the map wins, then the first discovery), and the (epoch, seq) must be
 * new in the sender's replay window, which gossip shares. A node that
 * passes becomes a member like a mapped one and joins the kernel's map.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mosixd.h"

#define ANNOUNCE_MIN_INTERVALS	10

/**
 * discover_parse_group() - parse "GROUP[:PORT]"
 * @arg: an IPv4 multicast address, optionally with a port
 * @group: set to the address and the port (0 if none was given)
 *
 * Return: 0, or -EINVAL.
 */
int discover_parse_group(const char *arg, struct sockaddr_in *group)
{
	char host[INET_ADDRSTRLEN];
	const char *colon = strchr(arg, ':');
	size_t hlen = colon ? (size_t)(colon - arg) : strlen(arg);
	unsigned long port = 0;

	memset(group, 0, sizeof(*group));
	group->sin_family = AF_INET;
	if (hlen == 0 || hlen >= sizeof(host))
		return -EINVAL;
	memcpy(host, arg, hlen);
	host[hlen] = '\0';
	if (inet_pton(AF_INET, host, &group->sin_addr) != 1 ||
	    !IN_MULTICAST(ntohl(group->sin_addr.s_addr)))
		return -EINVAL;
	if (colon) {
		char *end;

		errno = 0;
		port = strtoul(colon + 1, &end, 10);
		if (errno || end == colon + 1 || *end || port < 1 ||
		    port > 65535)
			return -EINVAL;
	}
	group->sin_port = htons((uint16_t)port);
	return 0;
}

/**
 * discover_open() - join the discovery group on the cluster interface
 *
 * The interface is the one holding this node's map address: sending from
 * the gossip socket (bound to that address) and the membership both name
 * it. Called before net_privsep(), which hands the socket to the child.
 *
 * Return: 0, or a negative errno.
 */
int discover_open(void)
{
	struct ip_mreqn mr = { .imr_multiaddr = d.group.sin_addr };
	int one = 1, zero = 0, ttl = 1, fd, err;
	struct in_addr self;

	if (map_id_to_addr(&d.map, d.self, &self))
		return -ENOENT;
	mr.imr_address = self;
	/* Announcements leave by the gossip socket: cluster interface,
	 * never past a router, and looped back to other daemons on this
	 * host (tests run several); our own come back and are ignored. */
	if (setsockopt(d.udp_fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof(mr)) ||
	    setsockopt(d.udp_fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl)) ||
	    setsockopt(d.udp_fd, IPPROTO_IP, IP_MULTICAST_LOOP, &one, sizeof(one)))
		return -errno;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* Bound to the group, not the wildcard: unicast never arrives here.
	 * SO_REUSEADDR lets several daemons of one host share the group;
	 * IP_MULTICAST_ALL off keeps out groups other sockets joined and the
	 * group as received on any other interface. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&d.group, sizeof(d.group)) ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_ALL, &zero, sizeof(zero)) ||
	    setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr))) {
		err = -errno;
		close(fd);
		return err;
	}
	d.mc_fd = fd;
	d.solicit = true;
	return 0;
}

/* Every interval: announce when the period is up or a peer asked. */
void discover_announce(uint64_t now)
{
	struct lvec_announce a = { .sender = d.self };
	uint8_t buf[LVEC_ANNOUNCE_SIZE];
	uint64_t every = map_node_count(&d.map);
	int len;

	if (!d.discover || (d.admin & ENGINE_A_QUIET))
		return;
	if (now < d.next_announce_ms && !d.announce_soon)
		return;
	if (every < ANNOUNCE_MIN_INTERVALS)
		every = ANNOUNCE_MIN_INTERVALS;
	d.next_announce_ms = now + every * d.interval_ms;
	d.announce_soon = false;

	map_id_to_addr(&d.map, d.self, &a.addr);
	a.flags = d.solicit ? LVEC_A_SOLICIT : 0;
	net_next_seq(&a.epoch, &a.seq);
	len = lvec_encode_announce(&a, &d.key, buf, sizeof(buf));
	if (len < 0) {
		d.cnt.tx_errors++;
		log_warn("cannot encode our announcement: %s", strerror(-len));
		return;
	}
	if (sendto(d.udp_fd, buf, (size_t)len, 0, (struct sockaddr *)&d.group,
		   sizeof(d.group)) < 0) {
		d.cnt.tx_errors++;
		log_peer(now, "announce to the discovery group: %s",
			 strerror(errno));
		return;
	}
	d.solicit = false;
	d.cnt.announce_tx++;
}

static void add_node(uint16_t id, struct in_addr addr, uint64_t now)
{
	char a[INET_ADDRSTRLEN];
	struct map found;
	int err;

	inet_ntop(AF_INET, &addr, a, sizeof(a));
	map_init(&found);
	err = map_copy(&found, &d.found);
	if (!err)
		err = map_add(&found, id, addr);
	if (!err)
		err = config_add_node(id, addr, now);
	if (err) {
		map_fini(&found);
		log_warn("node %u at %s: cannot add it: %s", id, a,
			 strerror(-err));
		return;
	}
	map_fini(&d.found);
	d.found = found;
	d.cnt.nodes_discovered++;
	log_info("node %u discovered at %s (%zu members)", id, a,
		 map_node_count(&d.map));
	/* It may not know us yet: tell it now rather than in a period. */
	d.announce_soon = true;
	kern_map_sync();
}

/**
 * discover_receive() - policy for one datagram from the discovery group
 * @status: what the network child's lvec_decode_announce() said, or
 *          negative if the datagram was not even IPv4
 * @from: its source
 * @len: its length
 * @a: the announcement, meaningful when @status is LVEC_OK
 * @now: the time
 */
void discover_receive(int status, const struct sockaddr_in *from,
		      uint32_t len, const struct lvec_announce *a,
		      uint64_t now)
{
	char src[INET_ADDRSTRLEN], there[INET_ADDRSTRLEN];
	struct in_addr known;
	uint32_t other;
	bool member;

	inet_ntop(AF_INET, &from->sin_addr, src, sizeof(src));
	if (status == LVEC_EAUTH) {
		d.cnt.announce_unauthenticated++;
		log_peer(now, "%s: unauthenticated announcement dropped", src);
		return;
	}
	if (status != LVEC_OK) {
		d.cnt.announce_malformed++;
		log_peer(now, "%s: malformed announcement dropped (%s, %u bytes)",
			 src, lvec_strstatus((enum lvec_status)status), len);
		return;
	}
	inet_ntop(AF_INET, &a->addr, there, sizeof(there));
	if (a->addr.s_addr != from->sin_addr.s_addr) {
		d.cnt.announce_bad_source++;
		log_peer(now, "%s: announces node %u at %s", src, a->sender,
			 there);
		return;
	}
	member = !map_id_to_addr(&d.map, a->sender, &known);
	if (member && known.s_addr == a->addr.s_addr && a->sender == d.self)
		return;		/* our own, looped back */
	if (member && known.s_addr != a->addr.s_addr) {
		inet_ntop(AF_INET, &known, there, sizeof(there));
		d.cnt.announce_refused++;
		log_peer(now, "%s: announces node %u, which is at %s (%s); refused",
			 src, a->sender, there,
			 map_id_to_addr(&d.found, a->sender, NULL) ?
			 "the map wins" : "discovered first");
		return;
	}
	if (!member && !map_addr_to_id(&d.map, a->addr, &other)) {
		d.cnt.announce_refused++;
		log_peer(now, "%s: announces node %u, but that address is node %u; refused",
			 src, a->sender, other);
		return;
	}
	/* Only now, authenticated and plausible, may it move the window. */
	if (!lvec_replay_accept(&d.replay[a->sender], a->epoch, a->seq)) {
		d.cnt.announce_replayed++;
		log_peer(now, "%s: replayed announcement (epoch %u seq %u) dropped",
			 src, a->epoch, a->seq);
		return;
	}
	if (a->flags & LVEC_A_SOLICIT)
		d.announce_soon = true;
	if (!member)
		add_node(a->sender, a->addr, now);
}

/**
 * discover_merge() - keep the discovered nodes across a map reload
 * @m: the map file just loaded; discovered nodes it does not contradict
 *     are added to it
 *
 * The map wins: a discovered node whose id or address the new map gives
 * to another is dropped (and logged); one the map now lists is a mapped
 * node from now on.
 */
void discover_merge(struct map *m)
{
	size_t n = map_node_count(&d.found);
	struct map keep;

	if (!n)
		return;
	map_init(&keep);
	for (size_t i = 0; i < n; i++) {
		uint32_t id = map_node_at(&d.found, i), other;
		char at[INET_ADDRSTRLEN], mapped[INET_ADDRSTRLEN];
		struct in_addr a, ma;
		int err;

		map_id_to_addr(&d.found, id, &a);
		inet_ntop(AF_INET, &a, at, sizeof(at));
		if (!map_id_to_addr(m, id, &ma)) {
			inet_ntop(AF_INET, &ma, mapped, sizeof(mapped));
			if (ma.s_addr != a.s_addr)
				log_warn("node %u: the map says %s, discovery "
					 "found %s; the map wins", id, mapped, at);
			continue;
		}
		if (!map_addr_to_id(m, a, &other)) {
			log_warn("node %u at %s: the map gives that address to "
				 "node %u; the map wins", id, at, other);
			continue;
		}
		err = map_add(m, id, a);
		if (!err)
			err = map_add(&keep, id, a);
		if (err)
			log_warn("node %u at %s: cannot keep it: %s", id, at,
				 strerror(-err));
	}
	map_fini(&d.found);
	d.found = keep;
}
