// SPDX-License-Identifier: GPL-2.0
/*
 * Load-vector and announcement codec: encode, authenticate, decode field
 * by field, and the per-sender anti-replay window. The layout is
 * documented in <hpc/lvec.h>; no received buffer is ever cast to a
 * structure.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <sodium.h>

#include <hpc/lvec.h>

_Static_assert(crypto_auth_hmacsha512256_BYTES == LVEC_TAG_SIZE,
	       "tag size is part of the wire format");
_Static_assert(crypto_auth_hmacsha512256_KEYBYTES == LVEC_KEY_SIZE,
	       "key size is part of the key file format");
_Static_assert(LVEC_HDR_SIZE == 4 + 1 + 1 + 2 + 2 + 2 + 4 + 4 + 4,
	       "header layout");
_Static_assert(LVEC_ENTRY_SIZE ==
	       2 + 2 + 2 + 2 + 4 + 4 + 4 + 2 + 2 + 8 + 8 + 4 + 4,
	       "entry layout");
_Static_assert(LVEC_ANNOUNCE_BODY_SIZE == 4 + 2 + 2, "announcement layout");
_Static_assert(LVEC_ANNOUNCE_SIZE == 64, "announcement size");
_Static_assert(LVEC_MAX_PACKET == 1208, "largest packet must stay unfragmented");
_Static_assert(LVEC_REPLAY_WINDOW == 64, "window is one uint64_t bitmap");

static const char *const status_names[LVEC_NSTATUS] = {
	[LVEC_OK]	 = "ok",
	[LVEC_ESHORT]	 = "short",
	[LVEC_ELONG]	 = "long",
	[LVEC_EMAGIC]	 = "bad-magic",
	[LVEC_EVERSION]	 = "bad-version",
	[LVEC_ETYPE]	 = "bad-type",
	[LVEC_ECOUNT]	 = "bad-count",
	[LVEC_ELENGTH]	 = "bad-length",
	[LVEC_EAUTH]	 = "unauthenticated",
	[LVEC_ERESERVED] = "reserved-not-zero",
	[LVEC_EFIELD]	 = "bad-field",
	[LVEC_ESENDER]	 = "bad-sender",
};

int lvec_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

const char *lvec_strstatus(enum lvec_status st)
{
	if ((unsigned int)st >= LVEC_NSTATUS)
		return "unknown";
	return status_names[st];
}

bool lvec_status_malformed(enum lvec_status st)
{
	return st != LVEC_OK && st != LVEC_EAUTH;
}

/* Big-endian accessors: the only way bytes become numbers. */
static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, v >> 32);
	put32(p + 4, v);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

/* The header both types share; reserved fields are left as the caller's
 * memset made them, zero. */
static void put_header(uint8_t *buf, uint8_t type, uint16_t count,
		       uint16_t sender, uint32_t epoch, uint32_t seq)
{
	put32(buf + 0, LVEC_MAGIC);
	buf[4] = LVEC_VERSION;
	buf[5] = type;
	put16(buf + 6, count);
	put16(buf + 8, sender);
	put32(buf + 12, epoch);
	put32(buf + 16, seq);
}

/* Framing first, for both types: cheap checks that need no trust in the
 * sender. */
static enum lvec_status check_frame(const uint8_t *buf, size_t len,
				    size_t min, size_t max, uint8_t type)
{
	if (len < min)
		return LVEC_ESHORT;
	if (len > max)
		return LVEC_ELONG;
	if (get32(buf) != LVEC_MAGIC)
		return LVEC_EMAGIC;
	if (buf[4] != LVEC_VERSION)
		return LVEC_EVERSION;
	if (buf[5] != type)
		return LVEC_ETYPE;
	return LVEC_OK;
}

static bool header_reserved_zero(const uint8_t *buf)
{
	return get16(buf + 10) == 0 && get32(buf + 20) == 0;
}

/* The range rules shared by encoder and decoder. */
static bool entry_valid(const struct lvec_entry *e)
{
	return e->node != 0 && (e->flags & ~LVEC_F_ALL) == 0 &&
	       e->ncpus != 0 && e->speed != 0 && e->util <= 100 &&
	       e->memfree_kib <= e->memtotal_kib;
}

static bool packet_valid(const struct lvec_packet *p)
{
	if (p->sender == 0 || p->count == 0 || p->count > LVEC_MAX_ENTRIES)
		return false;
	/* The first entry is the sender's own, current vector. */
	if (p->entries[0].node != p->sender ||
	    p->entries[0].epoch != p->epoch)
		return false;
	for (unsigned int i = 0; i < p->count; i++) {
		if (!entry_valid(&p->entries[i]))
			return false;
		/* One entry per node: a duplicate would make the merge order
		 * decide which one wins. */
		for (unsigned int j = 0; j < i; j++)
			if (p->entries[j].node == p->entries[i].node)
				return false;
	}
	return true;
}

int lvec_encode(const struct lvec_packet *p, const struct lvec_key *key,
		uint8_t *buf, size_t len)
{
	size_t body, total;
	uint8_t *q;

	if (!packet_valid(p))
		return -EINVAL;
	body = LVEC_HDR_SIZE + (size_t)p->count * LVEC_ENTRY_SIZE;
	total = body + LVEC_TAG_SIZE;
	if (len < total)
		return -ENOSPC;

	memset(buf, 0, total);
	put_header(buf, LVEC_TYPE_GOSSIP, p->count, p->sender, p->epoch,
		   p->seq);

	q = buf + LVEC_HDR_SIZE;
	for (unsigned int i = 0; i < p->count; i++, q += LVEC_ENTRY_SIZE) {
		const struct lvec_entry *e = &p->entries[i];

		put16(q + 0, e->node);
		put16(q + 2, e->flags);
		put16(q + 4, e->ncpus);
		put16(q + 6, e->speed);
		put32(q + 8, e->epoch);
		put32(q + 12, e->seq);
		put32(q + 16, e->load);
		put16(q + 20, e->util);
		put16(q + 22, e->guests);
		put64(q + 24, e->memtotal_kib);
		put64(q + 32, e->memfree_kib);
		put32(q + 40, e->age_ms);
		/* q + 44: reserved, zeroed by the memset above */
	}
	crypto_auth_hmacsha512256(buf + body, buf, body, key->bytes);
	return (int)total;
}

enum lvec_status lvec_decode(const uint8_t *buf, size_t len,
			     const struct lvec_key *key,
			     struct lvec_packet *out)
{
	const uint8_t *q;
	unsigned int count;
	size_t body;
	enum lvec_status st;

	st = check_frame(buf, len, LVEC_MIN_PACKET, LVEC_MAX_PACKET,
			 LVEC_TYPE_GOSSIP);
	if (st != LVEC_OK)
		return st;
	count = get16(buf + 6);
	if (count == 0 || count > LVEC_MAX_ENTRIES)
		return LVEC_ECOUNT;
	body = LVEC_HDR_SIZE + (size_t)count * LVEC_ENTRY_SIZE;
	if (len != body + LVEC_TAG_SIZE)
		return LVEC_ELENGTH;

	/* Then the tag, before any field is believed. */
	if (crypto_auth_hmacsha512256_verify(buf + body, buf, body,
					     key->bytes) != 0)
		return LVEC_EAUTH;

	/* Authenticated: a peer with the key may still be buggy. */
	if (!header_reserved_zero(buf))
		return LVEC_ERESERVED;
	memset(out, 0, sizeof(*out));
	out->count = count;
	out->sender = get16(buf + 8);
	out->epoch = get32(buf + 12);
	out->seq = get32(buf + 16);

	q = buf + LVEC_HDR_SIZE;
	for (unsigned int i = 0; i < count; i++, q += LVEC_ENTRY_SIZE) {
		struct lvec_entry *e = &out->entries[i];

		if (get32(q + 44) != 0)
			return LVEC_ERESERVED;
		e->node = get16(q + 0);
		e->flags = get16(q + 2);
		e->ncpus = get16(q + 4);
		e->speed = get16(q + 6);
		e->epoch = get32(q + 8);
		e->seq = get32(q + 12);
		e->load = get32(q + 16);
		e->util = get16(q + 20);
		e->guests = get16(q + 22);
		e->memtotal_kib = get64(q + 24);
		e->memfree_kib = get64(q + 32);
		e->age_ms = get32(q + 40);
	}
	if (out->sender == 0 || out->entries[0].node != out->sender ||
	    out->entries[0].epoch != out->epoch)
		return LVEC_ESENDER;
	if (!packet_valid(out))
		return LVEC_EFIELD;
	return LVEC_OK;
}

static bool announce_valid(const struct lvec_announce *a)
{
	uint32_t addr = ntohl(a->addr.s_addr);

	return a->sender != 0 && addr != INADDR_ANY &&
	       addr != INADDR_BROADCAST && !IN_MULTICAST(addr) &&
	       (a->flags & ~LVEC_A_ALL) == 0;
}

int lvec_encode_announce(const struct lvec_announce *a,
			 const struct lvec_key *key, uint8_t *buf, size_t len)
{
	uint8_t *b = buf + LVEC_HDR_SIZE;

	if (!announce_valid(a))
		return -EINVAL;
	if (len < LVEC_ANNOUNCE_SIZE)
		return -ENOSPC;
	memset(buf, 0, LVEC_ANNOUNCE_SIZE);
	put_header(buf, LVEC_TYPE_ANNOUNCE, 0, a->sender, a->epoch, a->seq);
	put32(b + 0, ntohl(a->addr.s_addr));
	put16(b + 4, a->flags);
	/* b + 6: reserved, zeroed by the memset above */
	crypto_auth_hmacsha512256(buf + LVEC_ANNOUNCE_SIZE - LVEC_TAG_SIZE, buf,
				  LVEC_ANNOUNCE_SIZE - LVEC_TAG_SIZE, key->bytes);
	return LVEC_ANNOUNCE_SIZE;
}

enum lvec_status lvec_decode_announce(const uint8_t *buf, size_t len,
				      const struct lvec_key *key,
				      struct lvec_announce *out)
{
	const size_t body = LVEC_ANNOUNCE_SIZE - LVEC_TAG_SIZE;
	const uint8_t *b = buf + LVEC_HDR_SIZE;
	enum lvec_status st;

	st = check_frame(buf, len, LVEC_ANNOUNCE_SIZE, LVEC_ANNOUNCE_SIZE,
			 LVEC_TYPE_ANNOUNCE);
	if (st != LVEC_OK)
		return st;
	if (get16(buf + 6) != 0)
		return LVEC_ECOUNT;
	if (crypto_auth_hmacsha512256_verify(buf + body, buf, body,
					     key->bytes) != 0)
		return LVEC_EAUTH;
	if (!header_reserved_zero(buf) || get16(b + 6) != 0)
		return LVEC_ERESERVED;
	memset(out, 0, sizeof(*out));
	out->sender = get16(buf + 8);
	out->epoch = get32(buf + 12);
	out->seq = get32(buf + 16);
	out->addr.s_addr = htonl(get32(b + 0));
	out->flags = get16(b + 4);
	if (out->sender == 0)
		return LVEC_ESENDER;
	if (!announce_valid(out))
		return LVEC_EFIELD;
	return LVEC_OK;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int lvec_key_parse(const void *data, size_t len, struct lvec_key *key)
{
	const uint8_t *s = data;
	size_t n = len;

	/* 64 hex digits and trailing whitespace form a text key; anything
	 * else must be exactly 32 raw bytes. A raw key can look like hex, but
	 * only 64 bytes of hex can, and a raw key is 32 bytes long. */
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' ||
			 s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 2 * LVEC_KEY_SIZE) {
		for (size_t i = 0; i < LVEC_KEY_SIZE; i++) {
			int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

			if (hi < 0 || lo < 0)
				goto raw;
			key->bytes[i] = (uint8_t)(hi << 4 | lo);
		}
		return 0;
	}
raw:
	if (len != LVEC_KEY_SIZE)
		return -EINVAL;
	memcpy(key->bytes, data, LVEC_KEY_SIZE);
	return 0;
}

bool lvec_replay_accept(struct lvec_replay *w, uint32_t epoch, uint32_t seq)
{
	uint32_t diff;

	if (!w->valid || epoch > w->epoch) {
		w->valid = true;
		w->epoch = epoch;
		w->top = seq;
		w->seen = 1;
		return true;
	}
	if (epoch < w->epoch)
		return false;
	if (seq > w->top) {
		diff = seq - w->top;
		w->seen = diff >= LVEC_REPLAY_WINDOW ? 0 : w->seen << diff;
		w->seen |= 1;
		w->top = seq;
		return true;
	}
	diff = w->top - seq;
	if (diff >= LVEC_REPLAY_WINDOW)
		return false;		/* too old to tell: refuse */
	if (w->seen & (UINT64_C(1) << diff))
		return false;
	w->seen |= UINT64_C(1) << diff;
	return true;
}
