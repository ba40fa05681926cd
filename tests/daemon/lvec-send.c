// SPDX-License-Identifier: GPL-2.0
/*
 * lvec-send: send crafted load-vector packets or announcements to a
 * mosixd, for tests/daemon/run.sh. Loopback only: refuses any address
 * outside 127.0.0.0/8, but for announcements to a local-scope group
 * (239.255.0.0/16), which go out of the FROM address's interface (lo)
 * with TTL 1.
 *
 *   lvec-send -k KEY -f FROM -t TO -p PORT -s SENDER [-e EPOCH] [-q SEQ]
 *             [-r REPEAT] [-g] [-A [-a ADDR]]
 *
 * -r sends the same bytes REPEAT times (a replay); -g sends random bytes;
 * -A sends an announcement of SENDER at ADDR (default FROM) instead of a
 * load vector.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sodium.h>

#include <hpc/lvec.h>

static int loopback(const char *s, struct in_addr *a)
{
	return inet_pton(AF_INET, s, a) == 1 &&
	       (ntohl(a->s_addr) >> 24) == 127 ? 0 : -1;
}

static int local_group(const char *s, struct in_addr *a)
{
	return inet_pton(AF_INET, s, a) == 1 &&
	       (ntohl(a->s_addr) >> 16) == 0xefff ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in from = { .sin_family = AF_INET };
	struct sockaddr_in to = { .sin_family = AF_INET };
	uint8_t buf[LVEC_MAX_PACKET], kb[256];
	struct lvec_packet p = { 0 };
	struct lvec_announce an = { 0 };
	struct lvec_key key;
	const char *keyfile = NULL, *to_arg = NULL;
	int opt, fd, len, repeat = 1, garbage = 0, announce = 0, ttl = 1;
	ssize_t kn;

	p.sender = 0;
	p.epoch = 1;
	p.seq = 1;
	while ((opt = getopt(argc, argv, "k:f:t:p:s:e:q:r:gAa:")) != -1) {
		switch (opt) {
		case 'k': keyfile = optarg; break;
		case 'f': if (loopback(optarg, &from.sin_addr)) goto bad; break;
		case 't': to_arg = optarg; break;
		case 'A': announce = 1; break;
		case 'a': if (inet_pton(AF_INET, optarg, &an.addr) != 1) goto bad; break;
		case 'p': to.sin_port = htons((uint16_t)atoi(optarg)); break;
		case 's': p.sender = (uint16_t)atoi(optarg); break;
		case 'e': p.epoch = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'q': p.seq = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'r': repeat = atoi(optarg); break;
		case 'g': garbage = 1; break;
		default: goto bad;
		}
	}
	if (!to_arg || (announce ? local_group(to_arg, &to.sin_addr) :
			loopback(to_arg, &to.sin_addr)))
		goto bad;
	if (!from.sin_addr.s_addr || !to.sin_port)
		goto bad;
	if (lvec_init() < 0)
		return 1;
	if (garbage) {
		len = 300;
		randombytes_buf(buf, (size_t)len);
	} else {
		if (!keyfile || !p.sender)
			goto bad;
		fd = open(keyfile, O_RDONLY);
		kn = fd < 0 ? -1 : read(fd, kb, sizeof(kb));
		if (fd >= 0)
			close(fd);
		if (kn < 0 || lvec_key_parse(kb, (size_t)kn, &key)) {
			fprintf(stderr, "lvec-send: bad key file %s\n", keyfile);
			return 1;
		}
		p.count = 1;
		p.entries[0] = (struct lvec_entry){
			.node = p.sender, .ncpus = 1, .speed = 1000,
			.epoch = p.epoch, .seq = p.seq, .load = 0,
			.memtotal_kib = 1 << 20, .memfree_kib = 1 << 19,
		};
		an.sender = p.sender;
		an.epoch = p.epoch;
		an.seq = p.seq;
		if (!an.addr.s_addr)
			an.addr = from.sin_addr;
		len = announce ? lvec_encode_announce(&an, &key, buf, sizeof(buf)) :
				 lvec_encode(&p, &key, buf, sizeof(buf));
		if (len < 0) {
			fprintf(stderr, "lvec-send: cannot encode\n");
			return 1;
		}
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&from, sizeof(from)) < 0) {
		perror("lvec-send: bind");
		return 1;
	}
	/* Multicast leaves by FROM's interface, lo, and goes no further. */
	if (announce &&
	    (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &from.sin_addr,
			sizeof(from.sin_addr)) ||
	     setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl)))) {
		perror("lvec-send: multicast");
		return 1;
	}
	for (int i = 0; i < repeat; i++)
		if (sendto(fd, buf, (size_t)len, 0, (struct sockaddr *)&to,
			   sizeof(to)) != len) {
			perror("lvec-send: sendto");
			return 1;
		}
	close(fd);
	return 0;
bad:
	fprintf(stderr, "usage: lvec-send -k KEY -f FROM -t TO -p PORT -s SENDER "
		"[-e EPOCH] [-q SEQ] [-r REPEAT] [-g] [-A [-a ADDR]]\n"
		"  (127.0.0.0/8 only; TO in 239.255.0.0/16 with -A)\n");
	return 2;
}
