/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Load vectors: the balancer's UDP wire format (Documentation/balancer.rst).
 *
 * A packet is a header, 1..LVEC_MAX_ENTRIES load-vector entries and a
 * 32-byte HMAC-SHA-512-256 tag (libsodium crypto_auth) over everything
 * before it, keyed with the cluster key. Every field is fixed-width
 * big-endian; reserved fields are sent as zero and a packet with a
 * non-zero reserved field is rejected, so that a later version can give
 * them a meaning.
 *
 * Wire version changelog (LVEC_VERSION):
 *   1  first version: header 24 bytes, entry 48 bytes, tag 32 bytes.
 *      Type 2 (announcement, 64 bytes) added with peer discovery; a
 *      receiver without it drops type 2 as bad-type, gossip is unchanged.
 *
 * Header (24 bytes):
 *   0  be32 magic        LVEC_MAGIC ("HPCL")
 *   4  u8   version      LVEC_VERSION
 *   5  u8   type         LVEC_TYPE_GOSSIP or LVEC_TYPE_ANNOUNCE
 *   6  be16 count        number of entries, 1..LVEC_MAX_ENTRIES (gossip),
 *                        0 (announcement)
 *   8  be16 sender       sender's node id, 1..65535
 *  10  be16 reserved0    0
 *  12  be32 epoch        sender's epoch (start time, s); see lvec_replay
 *  16  be32 seq          packet sequence within the epoch, from 1
 *  20  be32 reserved1    0
 *
 * Entry (48 bytes), the first one is the sender's own vector:
 *   0  be16 node         node id, 1..65535
 *   2  be16 flags        LVEC_F_*; unknown bits rejected
 *   4  be16 ncpus        >= 1
 *   6  be16 speed        relative to the yardstick, 1000 = yardstick, >= 1
 *   8  be32 epoch        the node's epoch when it produced this vector
 *  12  be32 seq          the node's vector sequence (freshness order)
 *  16  be32 load         normalised smoothed load, 100 = one CPU-bound
 *                        process on one yardstick CPU
 *  20  be16 util         CPU utilisation, 0..100
 *  22  be16 guests       guest bodies hosted
 *  24  be64 memtotal     KiB
 *  32  be64 memfree      KiB, <= memtotal
 *  40  be32 age_ms       how old the vector was when this packet left
 *  44  be32 reserved     0
 *
 * Announcement (type 2): header, then this body, then the tag; multicast
 * on the cluster LAN by nodes that run discovery (Documentation/
 * balancer.rst, "Discovery"). It shares the sender's (epoch, seq) space
 * with its gossip packets, so one replay window per sender covers both.
 * The address is inside the authenticated bytes: a receiver takes it only
 * from a datagram whose source it is, so a captured announcement resent
 * from elsewhere cannot point a node id at another machine.
 *
 * Announcement body (8 bytes):
 *   0  be32 addr         the sender's IPv4 address (its gossip socket's)
 *   4  be16 flags        LVEC_A_*; unknown bits rejected
 *   6  be16 reserved     0
 */
#ifndef HPC_LVEC_H
#define HPC_LVEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define LVEC_MAGIC		0x4850434cu	/* "HPCL" */
#define LVEC_VERSION		1
#define LVEC_TYPE_GOSSIP	1
#define LVEC_TYPE_ANNOUNCE	2

#define LVEC_HDR_SIZE		24
#define LVEC_ENTRY_SIZE		48
#define LVEC_TAG_SIZE		32
#define LVEC_KEY_SIZE		32
/* Keeps the largest packet (24 + 24 * 48 + 32 = 1208 bytes) below an
 * IPv4 minimum-MTU-safe 1232 bytes, so it is never fragmented. */
#define LVEC_MAX_ENTRIES	24
#define LVEC_MAX_PACKET \
	(LVEC_HDR_SIZE + LVEC_MAX_ENTRIES * LVEC_ENTRY_SIZE + LVEC_TAG_SIZE)
#define LVEC_MIN_PACKET \
	(LVEC_HDR_SIZE + LVEC_ENTRY_SIZE + LVEC_TAG_SIZE)
#define LVEC_ANNOUNCE_BODY_SIZE	8
#define LVEC_ANNOUNCE_SIZE \
	(LVEC_HDR_SIZE + LVEC_ANNOUNCE_BODY_SIZE + LVEC_TAG_SIZE)

/* Admin state advertised in an entry. */
#define LVEC_F_BLOCKED		0x0001	/* refuses guests */
#define LVEC_F_QUIET		0x0002	/* stopped exchanging load */
#define LVEC_F_STAY		0x0004	/* no automatic migration away */
#define LVEC_F_LSTAY		0x0008	/* local processes stay */
#define LVEC_F_ALL		0x000f

/* Announcement flags. */
#define LVEC_A_SOLICIT		0x0001	/* just started: peers, announce too */
#define LVEC_A_ALL		0x0001

struct lvec_entry {
	uint16_t node;
	uint16_t flags;
	uint16_t ncpus;
	uint16_t speed;
	uint32_t epoch;
	uint32_t seq;
	uint32_t load;
	uint16_t util;
	uint16_t guests;
	uint64_t memtotal_kib;
	uint64_t memfree_kib;
	uint32_t age_ms;
};

struct lvec_packet {
	uint16_t sender;
	uint32_t epoch;
	uint32_t seq;
	uint16_t count;
	struct lvec_entry entries[LVEC_MAX_ENTRIES];
};

struct lvec_announce {
	uint16_t sender;
	uint32_t epoch;
	uint32_t seq;
	struct in_addr addr;	/* network byte order, as in sockaddr_in */
	uint16_t flags;
};

struct lvec_key {
	uint8_t bytes[LVEC_KEY_SIZE];
};

/* Why a packet was rejected; the daemon counts each class. */
enum lvec_status {
	LVEC_OK = 0,
	LVEC_ESHORT,		/* shorter than the smallest packet */
	LVEC_ELONG,		/* longer than the largest packet */
	LVEC_EMAGIC,
	LVEC_EVERSION,
	LVEC_ETYPE,
	LVEC_ECOUNT,		/* count 0 or above LVEC_MAX_ENTRIES */
	LVEC_ELENGTH,		/* length does not match count */
	LVEC_EAUTH,		/* tag does not verify: wrong key or altered */
	LVEC_ERESERVED,		/* a reserved field is not zero */
	LVEC_EFIELD,		/* a field is out of its range */
	LVEC_ESENDER,		/* first entry is not the sender's own;
				 * sender 0 in an announcement */
	LVEC_NSTATUS
};

/* Must be called once before the other functions (initialises libsodium);
 * 0 or -1. */
int lvec_init(void);

/* Short name of a status, for logs and counters. */
const char *lvec_strstatus(enum lvec_status st);

/* true for the rejections that happen before the tag is checked or after
 * it verified (malformed), false for LVEC_EAUTH and LVEC_OK. */
bool lvec_status_malformed(enum lvec_status st);

/*
 * Encode p into buf (at least LVEC_MAX_PACKET bytes is always enough).
 * Returns the packet length, or -EINVAL if p holds out-of-range values
 * (the encoder refuses to send what the decoder would reject), -ENOSPC if
 * buf is too small.
 */
int lvec_encode(const struct lvec_packet *p, const struct lvec_key *key,
		uint8_t *buf, size_t len);

/*
 * Decode and authenticate a received packet. A pure function of its
 * arguments: the length and framing are checked first, then the tag, then
 * each field. *out is only meaningful on LVEC_OK. Replay is not checked
 * here (see lvec_replay_accept()).
 */
enum lvec_status lvec_decode(const uint8_t *buf, size_t len,
			     const struct lvec_key *key,
			     struct lvec_packet *out);

/*
 * Announcements: encode (LVEC_ANNOUNCE_SIZE bytes, -EINVAL for a sender
 * 0, an address that is 0, multicast or broadcast, or unknown flags;
 * -ENOSPC) and decode, with the same order of checks as lvec_decode().
 */
int lvec_encode_announce(const struct lvec_announce *a,
			 const struct lvec_key *key, uint8_t *buf, size_t len);
enum lvec_status lvec_decode_announce(const uint8_t *buf, size_t len,
				      const struct lvec_key *key,
				      struct lvec_announce *out);

/*
 * The cluster key from a key file's contents: exactly 32 raw bytes, or 64
 * hex digits optionally followed by whitespace. 0 or -EINVAL.
 */
int lvec_key_parse(const void *data, size_t len, struct lvec_key *key);

/*
 * Anti-replay window per sender, as IPsec's (RFC 4303 3.4.3): the highest
 * (epoch, seq) accepted plus a bitmap of the LVEC_REPLAY_WINDOW sequence
 * numbers below it. A sender that restarts picks a larger epoch, which
 * resets the window; a packet from an older epoch is a replay.
 */
#define LVEC_REPLAY_WINDOW	64

struct lvec_replay {
	bool valid;
	uint32_t epoch;
	uint32_t top;		/* highest seq accepted in epoch */
	uint64_t seen;		/* bit i: seq top - i was accepted */
};

/* Call only for authenticated packets: true (and the window advances) if
 * (epoch, seq) was not seen before and is not too old, false otherwise. */
bool lvec_replay_accept(struct lvec_replay *w, uint32_t epoch, uint32_t seq);

#endif
