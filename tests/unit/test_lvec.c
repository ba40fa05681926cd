// SPDX-License-Identifier: GPL-2.0
/*
 * Load-vector codec: round trips, every rejection class, keys, replay;
 * announcements (discovery) likewise.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include <hpc/lvec.h>

static struct lvec_key key_a, key_b;

static void fill_packet(struct lvec_packet *p, unsigned int count)
{
	memset(p, 0, sizeof(*p));
	p->sender = 7;
	p->epoch = 1700000000;
	p->seq = 42;
	p->count = count;
	for (unsigned int i = 0; i < count; i++) {
		struct lvec_entry *e = &p->entries[i];

		e->node = (uint16_t)(i == 0 ? 7 : 100 + i);
		e->flags = (uint16_t)(i & LVEC_F_ALL);
		e->ncpus = (uint16_t)(1 + i);
		e->speed = (uint16_t)(650 + i);
		e->epoch = i == 0 ? p->epoch : 1600000000u + i;
		e->seq = 0xfffffff0u + i;
		e->load = 0x80000000u + i;
		e->util = (uint16_t)(i * 4);
		e->guests = (uint16_t)(0xff00 + i);
		e->memtotal_kib = UINT64_C(0x123456789abcdef0) + i;
		e->memfree_kib = UINT64_C(0x0123456789abcdef) + i;
		e->age_ms = i * 1000;
	}
}

/* Rewrite the tag after tampering, as a peer holding the key could. */
static void resign(uint8_t *buf, size_t len, const struct lvec_key *k)
{
	crypto_auth_hmacsha512256(buf + len - LVEC_TAG_SIZE, buf,
				  len - LVEC_TAG_SIZE, k->bytes);
}

static int encode(const struct lvec_packet *p, uint8_t *buf)
{
	int len = lvec_encode(p, &key_a, buf, LVEC_MAX_PACKET);

	assert_true(len > 0);
	return len;
}

static void test_round_trip(void **state)
{
	struct lvec_packet in, out;
	uint8_t buf[LVEC_MAX_PACKET];

	(void)state;
	for (unsigned int count = 1; count <= LVEC_MAX_ENTRIES; count++) {
		int len;

		fill_packet(&in, count);
		len = encode(&in, buf);
		assert_int_equal(len, LVEC_HDR_SIZE + count * LVEC_ENTRY_SIZE +
					      LVEC_TAG_SIZE);
		assert_int_equal(lvec_decode(buf, (size_t)len, &key_a, &out),
				 LVEC_OK);
		assert_int_equal(out.sender, in.sender);
		assert_int_equal(out.epoch, in.epoch);
		assert_int_equal(out.seq, in.seq);
		assert_int_equal(out.count, count);
		assert_memory_equal(out.entries, in.entries,
				    count * sizeof(in.entries[0]));
	}
}

/* Big-endian, byte for byte: the layout documented in lvec.h. */
static void test_layout(void **state)
{
	struct lvec_packet in;
	uint8_t buf[LVEC_MAX_PACKET];
	const uint8_t *e;

	(void)state;
	fill_packet(&in, 1);
	encode(&in, buf);
	assert_memory_equal(buf, "HPCL", 4);
	assert_int_equal(buf[4], 1);
	assert_int_equal(buf[5], 1);
	assert_int_equal(buf[6], 0);
	assert_int_equal(buf[7], 1);
	assert_int_equal(buf[9], 7);
	assert_int_equal(buf[19], 42);
	e = buf + LVEC_HDR_SIZE;
	assert_int_equal(e[1], 7);			/* node */
	assert_int_equal(e[6] << 8 | e[7], 650);	/* speed */
	assert_int_equal(e[16], 0x80);			/* load MSB */
	assert_int_equal(e[24], 0x12);			/* memtotal MSB */
	assert_int_equal(e[31], 0xf0);			/* memtotal LSB */
}

static void test_encode_refuses_invalid(void **state)
{
	struct lvec_packet p;
	uint8_t buf[LVEC_MAX_PACKET];

	(void)state;
	fill_packet(&p, 2);
	p.entries[1].util = 101;
	assert_int_equal(lvec_encode(&p, &key_a, buf, sizeof(buf)), -EINVAL);
	fill_packet(&p, 2);
	p.count = 0;
	assert_int_equal(lvec_encode(&p, &key_a, buf, sizeof(buf)), -EINVAL);
	fill_packet(&p, 2);
	p.entries[0].node = 8;
	assert_int_equal(lvec_encode(&p, &key_a, buf, sizeof(buf)), -EINVAL);
	fill_packet(&p, 2);
	assert_int_equal(lvec_encode(&p, &key_a, buf, 100), -ENOSPC);
}

static void test_framing(void **state)
{
	struct lvec_packet p, out;
	uint8_t buf[LVEC_MAX_PACKET + 8];
	int len;

	(void)state;
	fill_packet(&p, 3);
	len = encode(&p, buf);

	assert_int_equal(lvec_decode(buf, 0, &key_a, &out), LVEC_ESHORT);
	assert_int_equal(lvec_decode(buf, LVEC_MIN_PACKET - 1, &key_a, &out),
			 LVEC_ESHORT);
	assert_int_equal(lvec_decode(buf, LVEC_MAX_PACKET + 1, &key_a, &out),
			 LVEC_ELONG);
	assert_int_equal(lvec_decode(buf, (size_t)len - 1, &key_a, &out),
			 LVEC_ELENGTH);
	assert_int_equal(lvec_decode(buf, (size_t)len + 1, &key_a, &out),
			 LVEC_ELENGTH);

	buf[0] ^= 1;
	assert_int_equal(lvec_decode(buf, (size_t)len, &key_a, &out),
			 LVEC_EMAGIC);
	buf[0] ^= 1;
	buf[4] = 2;
	assert_int_equal(lvec_decode(buf, (size_t)len, &key_a, &out),
			 LVEC_EVERSION);
	buf[4] = 1;
	buf[5] = 9;
	assert_int_equal(lvec_decode(buf, (size_t)len, &key_a, &out),
			 LVEC_ETYPE);
	buf[5] = 1;
	buf[7] = 0;
	assert_int_equal(lvec_decode(buf, (size_t)len, &key_a, &out),
			 LVEC_ECOUNT);
	buf[7] = LVEC_MAX_ENTRIES + 1;
	assert_int_equal(lvec_decode(buf, (size_t)len, &key_a, &out),
			 LVEC_ECOUNT);
	buf[7] = 2;	/* a valid count that does not match the length */
	assert_int_equal(lvec_decode(buf, (size_t)len, &key_a, &out),
			 LVEC_ELENGTH);
	buf[7] = 3;
	assert_int_equal(lvec_decode(buf, (size_t)len, &key_a, &out), LVEC_OK);
}

static void test_auth(void **state)
{
	struct lvec_packet p, out;
	uint8_t buf[LVEC_MAX_PACKET];
	int len;

	(void)state;
	fill_packet(&p, 2);
	len = encode(&p, buf);
	assert_int_equal(lvec_decode(buf, (size_t)len, &key_b, &out),
			 LVEC_EAUTH);
	/* Any change to an authenticated byte or to the tag is caught. */
	for (int i = 0; i < len; i++) {
		enum lvec_status st;

		buf[i] ^= 0x20;
		st = lvec_decode(buf, (size_t)len, &key_a, &out);
		assert_int_not_equal(st, LVEC_OK);
		/* Past the framing bytes, every change is an auth failure. */
		if (i >= 8)
			assert_int_equal(st, LVEC_EAUTH);
		buf[i] ^= 0x20;
	}
	assert_int_equal(lvec_decode(buf, (size_t)len, &key_a, &out), LVEC_OK);
}

struct field_case {
	const char *name;
	size_t off;		/* byte offset in the packet */
	uint8_t value;		/* OR-ed into that byte */
	enum lvec_status want;
};

/* Entry 1 starts at HDR + ENTRY. */
#define E1(off) (LVEC_HDR_SIZE + LVEC_ENTRY_SIZE + (off))

static void test_fields(void **state)
{
	static const struct field_case cases[] = {
		{ "header reserved0", 11, 1, LVEC_ERESERVED },
		{ "header reserved1", 23, 1, LVEC_ERESERVED },
		{ "entry reserved", E1(47), 1, LVEC_ERESERVED },
		{ "unknown flag", E1(2), 0x80, LVEC_EFIELD },
		{ "util > 100", E1(20), 0x01, LVEC_EFIELD },
		{ "sender", 9, 0x08, LVEC_ESENDER },
		{ "own epoch", LVEC_HDR_SIZE + 11, 0x02, LVEC_ESENDER },
	};
	struct lvec_packet p, out;
	uint8_t buf[LVEC_MAX_PACKET];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int len;

		fill_packet(&p, 2);
		p.entries[1].util = 50;
		len = encode(&p, buf);
		buf[cases[i].off] |= cases[i].value;
		resign(buf, (size_t)len, &key_a);
		print_message("case %s\n", cases[i].name);
		assert_int_equal(lvec_decode(buf, (size_t)len, &key_a, &out),
				 cases[i].want);
	}
}

/* Zeroed or inconsistent values a buggy peer might send. */
static void test_field_values(void **state)
{
	struct lvec_packet p, out;
	uint8_t buf[LVEC_MAX_PACKET];
	int len;

	(void)state;
	for (int c = 0; c < 5; c++) {
		uint8_t *e;

		fill_packet(&p, 2);
		len = encode(&p, buf);
		e = buf + LVEC_HDR_SIZE + LVEC_ENTRY_SIZE;
		switch (c) {
		case 0: e[0] = e[1] = 0; break;		/* node 0 */
		case 1: e[4] = e[5] = 0; break;		/* ncpus 0 */
		case 2: e[6] = e[7] = 0; break;		/* speed 0 */
		case 3: e[32] = 0xff; break;		/* memfree > memtotal */
		case 4: e[0] = 0; e[1] = 7; break;	/* duplicate node */
		}
		resign(buf, (size_t)len, &key_a);
		print_message("value case %d\n", c);
		assert_int_equal(lvec_decode(buf, (size_t)len, &key_a, &out),
				 LVEC_EFIELD);
	}
}

/* Random input and random mutations: never a crash, never accepted. */
static void test_fuzz(void **state)
{
	struct lvec_packet p, out;
	uint8_t buf[LVEC_MAX_PACKET], orig[LVEC_MAX_PACKET];
	uint32_t seed = 12345;
	int len;

	(void)state;
	fill_packet(&p, 5);
	len = encode(&p, orig);
	for (int iter = 0; iter < 20000; iter++) {
		size_t n;

		seed = seed * 1103515245u + 12345u;
		if (iter & 1) {
			n = (seed >> 8) % (LVEC_MAX_PACKET + 1);
			randombytes_buf(buf, n);
		} else {
			memcpy(buf, orig, (size_t)len);
			n = (size_t)len;
			buf[(seed >> 8) % n] ^= (uint8_t)(1 + (seed >> 20) % 255);
		}
		assert_int_not_equal(lvec_decode(buf, n, &key_a, &out), LVEC_OK);
	}
}

static void test_key_parse(void **state)
{
	static const char hex[] =
		"000102030405060708090a0b0c0d0e0f"
		"101112131415161718191A1B1C1D1E1F\n";
	uint8_t raw[33];	/* one more, for the too-long case */
	struct lvec_key k;

	(void)state;
	for (int i = 0; i < 33; i++)
		raw[i] = (uint8_t)i;
	assert_int_equal(lvec_key_parse(hex, strlen(hex), &k), 0);
	assert_memory_equal(k.bytes, raw, 32);
	memset(&k, 0, sizeof(k));
	assert_int_equal(lvec_key_parse(raw, 32, &k), 0);
	assert_memory_equal(k.bytes, raw, 32);
	assert_int_equal(lvec_key_parse(raw, 31, &k), -EINVAL);
	assert_int_equal(lvec_key_parse(raw, 33, &k), -EINVAL);
	assert_int_equal(lvec_key_parse(hex, 63, &k), -EINVAL);
	assert_int_equal(lvec_key_parse("zz" "0102030405060708090a0b0c0d0e0f"
					"101112131415161718191a1b1c1d1e1f",
					64, &k), -EINVAL);
}

static void test_replay(void **state)
{
	struct lvec_replay w = { 0 };

	(void)state;
	assert_true(lvec_replay_accept(&w, 10, 5));
	assert_false(lvec_replay_accept(&w, 10, 5));		/* replay */
	assert_true(lvec_replay_accept(&w, 10, 7));
	assert_true(lvec_replay_accept(&w, 10, 6));		/* reordered */
	assert_false(lvec_replay_accept(&w, 10, 6));
	assert_true(lvec_replay_accept(&w, 10, 7 + 63));
	assert_false(lvec_replay_accept(&w, 10, 6));		/* too old */
	assert_true(lvec_replay_accept(&w, 10, 8));		/* in window */
	assert_true(lvec_replay_accept(&w, 10, 1000));		/* jump */
	assert_false(lvec_replay_accept(&w, 10, 7 + 63));
	assert_false(lvec_replay_accept(&w, 9, 2000));		/* old epoch */
	assert_true(lvec_replay_accept(&w, 11, 1));		/* restart */
	assert_false(lvec_replay_accept(&w, 10, 1001));
	assert_false(lvec_replay_accept(&w, 11, 1));
}

static void test_strstatus(void **state)
{
	(void)state;
	for (int i = 0; i < LVEC_NSTATUS; i++)
		assert_non_null(lvec_strstatus((enum lvec_status)i));
	assert_string_equal(lvec_strstatus(LVEC_EAUTH), "unauthenticated");
	assert_false(lvec_status_malformed(LVEC_EAUTH));
	assert_false(lvec_status_malformed(LVEC_OK));
	assert_true(lvec_status_malformed(LVEC_EMAGIC));
}

/* --- announcements ------------------------------------------------------ */

static struct lvec_announce announce(void)
{
	struct lvec_announce a = {
		.sender = 0x1234, .epoch = 1700000000, .seq = 0xfffffffe,
		.flags = LVEC_A_SOLICIT,
	};

	inet_pton(AF_INET, "10.77.0.9", &a.addr);
	return a;
}

static int encode_announce(const struct lvec_announce *a, uint8_t *buf)
{
	int len = lvec_encode_announce(a, &key_a, buf, LVEC_ANNOUNCE_SIZE);

	assert_int_equal(len, LVEC_ANNOUNCE_SIZE);
	return len;
}

static void test_announce_round_trip(void **state)
{
	struct lvec_announce in = announce(), out;
	uint8_t buf[LVEC_ANNOUNCE_SIZE];

	(void)state;
	for (uint16_t flags = 0; flags <= LVEC_A_ALL; flags++) {
		in.flags = flags;
		encode_announce(&in, buf);
		memset(&out, 0xee, sizeof(out));
		assert_int_equal(lvec_decode_announce(buf, sizeof(buf), &key_a,
						      &out), LVEC_OK);
		assert_int_equal(out.sender, in.sender);
		assert_int_equal(out.epoch, in.epoch);
		assert_int_equal(out.seq, in.seq);
		assert_int_equal(out.addr.s_addr, in.addr.s_addr);
		assert_int_equal(out.flags, in.flags);
	}
}

/* Byte for byte as documented in lvec.h. */
static void test_announce_layout(void **state)
{
	static const uint8_t want[LVEC_HDR_SIZE + LVEC_ANNOUNCE_BODY_SIZE] = {
		'H', 'P', 'C', 'L', 1, 2, 0, 0,		/* magic version type count */
		0x12, 0x34, 0, 0,			/* sender reserved0 */
		0x65, 0x53, 0xf1, 0x00,			/* epoch 1700000000 */
		0xff, 0xff, 0xff, 0xfe,			/* seq */
		0, 0, 0, 0,				/* reserved1 */
		10, 77, 0, 9,				/* addr */
		0x00, 0x01, 0, 0,			/* flags reserved */
	};
	struct lvec_announce a = announce();
	uint8_t buf[LVEC_ANNOUNCE_SIZE], tag[LVEC_TAG_SIZE];

	(void)state;
	encode_announce(&a, buf);
	assert_memory_equal(buf, want, sizeof(want));
	crypto_auth_hmacsha512256(tag, buf, sizeof(want), key_a.bytes);
	assert_memory_equal(buf + sizeof(want), tag, sizeof(tag));
}

static void test_announce_encode_refuses_invalid(void **state)
{
	static const char *const bad_addr[] = {
		"0.0.0.0", "255.255.255.255", "224.0.0.1", "239.255.77.1",
	};
	struct lvec_announce a;
	uint8_t buf[LVEC_ANNOUNCE_SIZE];

	(void)state;
	a = announce();
	a.sender = 0;
	assert_int_equal(lvec_encode_announce(&a, &key_a, buf, sizeof(buf)),
			 -EINVAL);
	a = announce();
	a.flags = 0x8000;
	assert_int_equal(lvec_encode_announce(&a, &key_a, buf, sizeof(buf)),
			 -EINVAL);
	for (size_t i = 0; i < sizeof(bad_addr) / sizeof(bad_addr[0]); i++) {
		a = announce();
		inet_pton(AF_INET, bad_addr[i], &a.addr);
		print_message("address %s\n", bad_addr[i]);
		assert_int_equal(lvec_encode_announce(&a, &key_a, buf,
						      sizeof(buf)), -EINVAL);
	}
	a = announce();
	assert_int_equal(lvec_encode_announce(&a, &key_a, buf, sizeof(buf) - 1),
			 -ENOSPC);
}

static void test_announce_framing(void **state)
{
	struct lvec_announce a = announce(), out;
	struct lvec_packet p;
	uint8_t buf[LVEC_MAX_PACKET + 1];
	int len;

	(void)state;
	len = encode_announce(&a, buf);
	assert_int_equal(lvec_decode_announce(buf, 0, &key_a, &out), LVEC_ESHORT);
	assert_int_equal(lvec_decode_announce(buf, (size_t)len - 1, &key_a, &out),
			 LVEC_ESHORT);
	assert_int_equal(lvec_decode_announce(buf, (size_t)len + 1, &key_a, &out),
			 LVEC_ELONG);
	buf[0] ^= 1;
	assert_int_equal(lvec_decode_announce(buf, (size_t)len, &key_a, &out),
			 LVEC_EMAGIC);
	buf[0] ^= 1;
	buf[4] = 2;
	assert_int_equal(lvec_decode_announce(buf, (size_t)len, &key_a, &out),
			 LVEC_EVERSION);
	buf[4] = 1;
	buf[5] = LVEC_TYPE_GOSSIP;
	assert_int_equal(lvec_decode_announce(buf, (size_t)len, &key_a, &out),
			 LVEC_ETYPE);
	buf[5] = LVEC_TYPE_ANNOUNCE;
	buf[7] = 1;
	assert_int_equal(lvec_decode_announce(buf, (size_t)len, &key_a, &out),
			 LVEC_ECOUNT);
	buf[7] = 0;
	assert_int_equal(lvec_decode_announce(buf, (size_t)len, &key_a, &out),
			 LVEC_OK);

	/* Neither decoder takes the other's packets, whatever their size. */
	assert_int_equal(lvec_decode(buf, (size_t)len, &key_a, &p), LVEC_ESHORT);
	fill_packet(&p, 1);
	len = encode(&p, buf);
	assert_int_equal(lvec_decode_announce(buf, (size_t)len, &key_a, &out),
			 LVEC_ELONG);
	buf[5] = LVEC_TYPE_ANNOUNCE;
	assert_int_equal(lvec_decode(buf, (size_t)len, &key_a, &p), LVEC_ETYPE);
}

static void test_announce_auth(void **state)
{
	struct lvec_announce a = announce(), out;
	uint8_t buf[LVEC_ANNOUNCE_SIZE];

	(void)state;
	encode_announce(&a, buf);
	assert_int_equal(lvec_decode_announce(buf, sizeof(buf), &key_b, &out),
			 LVEC_EAUTH);
	for (size_t i = 0; i < sizeof(buf); i++) {
		enum lvec_status st;

		buf[i] ^= 0x20;
		st = lvec_decode_announce(buf, sizeof(buf), &key_a, &out);
		assert_int_not_equal(st, LVEC_OK);
		if (i >= 8)
			assert_int_equal(st, LVEC_EAUTH);
		buf[i] ^= 0x20;
	}
	assert_int_equal(lvec_decode_announce(buf, sizeof(buf), &key_a, &out),
			 LVEC_OK);
}

/* Authenticated but wrong: what a buggy key holder might send. */
static void test_announce_fields(void **state)
{
	static const struct field_case cases[] = {
		{ "header reserved0", 11, 1, LVEC_ERESERVED },
		{ "header reserved1", 23, 1, LVEC_ERESERVED },
		{ "body reserved", LVEC_HDR_SIZE + 7, 1, LVEC_ERESERVED },
		{ "unknown flag", LVEC_HDR_SIZE + 4, 0x80, LVEC_EFIELD },
		{ "multicast address", LVEC_HDR_SIZE + 0, 0xe0, LVEC_EFIELD },
	};
	struct lvec_announce a, out;
	uint8_t buf[LVEC_ANNOUNCE_SIZE];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a = announce();
		encode_announce(&a, buf);
		buf[cases[i].off] |= cases[i].value;
		resign(buf, sizeof(buf), &key_a);
		print_message("case %s\n", cases[i].name);
		assert_int_equal(lvec_decode_announce(buf, sizeof(buf), &key_a,
						      &out), cases[i].want);
	}
	/* Zeroed fields. */
	a = announce();
	encode_announce(&a, buf);
	buf[8] = buf[9] = 0;
	resign(buf, sizeof(buf), &key_a);
	assert_int_equal(lvec_decode_announce(buf, sizeof(buf), &key_a, &out),
			 LVEC_ESENDER);
	encode_announce(&a, buf);
	memset(buf + LVEC_HDR_SIZE, 0, 4);
	resign(buf, sizeof(buf), &key_a);
	assert_int_equal(lvec_decode_announce(buf, sizeof(buf), &key_a, &out),
			 LVEC_EFIELD);
	encode_announce(&a, buf);
	memset(buf + LVEC_HDR_SIZE, 0xff, 4);
	resign(buf, sizeof(buf), &key_a);
	assert_int_equal(lvec_decode_announce(buf, sizeof(buf), &key_a, &out),
			 LVEC_EFIELD);
}

static void test_announce_fuzz(void **state)
{
	struct lvec_announce a = announce(), out;
	uint8_t buf[LVEC_ANNOUNCE_SIZE + 8], orig[LVEC_ANNOUNCE_SIZE];
	uint32_t seed = 54321;

	(void)state;
	encode_announce(&a, orig);
	for (int iter = 0; iter < 20000; iter++) {
		size_t n;

		seed = seed * 1103515245u + 12345u;
		if (iter & 1) {
			n = (seed >> 8) % sizeof(buf);
			randombytes_buf(buf, n);
		} else {
			memcpy(buf, orig, sizeof(orig));
			n = sizeof(orig);
			buf[(seed >> 8) % n] ^= (uint8_t)(1 + (seed >> 20) % 255);
		}
		assert_int_not_equal(lvec_decode_announce(buf, n, &key_a, &out),
				     LVEC_OK);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_encode_refuses_invalid),
		cmocka_unit_test(test_framing),
		cmocka_unit_test(test_auth),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_field_values),
		cmocka_unit_test(test_fuzz),
		cmocka_unit_test(test_key_parse),
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_strstatus),
		cmocka_unit_test(test_announce_round_trip),
		cmocka_unit_test(test_announce_layout),
		cmocka_unit_test(test_announce_encode_refuses_invalid),
		cmocka_unit_test(test_announce_framing),
		cmocka_unit_test(test_announce_auth),
		cmocka_unit_test(test_announce_fields),
		cmocka_unit_test(test_announce_fuzz),
	};

	if (lvec_init() < 0)
		return 1;
	memset(key_a.bytes, 0xa5, sizeof(key_a.bytes));
	memset(key_b.bytes, 0x5a, sizeof(key_b.bytes));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
