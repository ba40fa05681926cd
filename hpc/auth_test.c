// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for signed frames (hpc/auth.c): the one-time key is derived
 * as RFC 8439 derives Poly1305's, the tag does not depend on how the
 * payload is split in pieces, and it binds key, sequence number, header
 * and payload.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include "internal.h"

/* RFC 8439 2.6.2: key 80..9f; nonce 00000000 0001020304050607 */
static void hpc_sign_fill(u8 *key, u8 *hdr, u8 *payload, size_t len)
{
	size_t i;

	for (i = 0; i < HPC_KEY_SIZE; i++)
		key[i] = 0x80 + i;
	for (i = 0; i < HPC_HDR_SIZE; i++)
		hdr[i] = i;
	for (i = 0; i < len; i++)
		payload[i] = i * 7;
}

#define HPC_TEST_SEQ	0x0706050403020100ull
#define HPC_TEST_LEN	100

static void hpc_sign_known_answer(struct kunit *test)
{
	/*
	 * Poly1305 of header || payload under the RFC's one-time key
	 * 8ad5a08b...fdd1a646, computed by an independent implementation
	 * checked against RFC 8439 2.5.2.
	 */
	static const u8 want[HPC_SEAL_TAG_SIZE] = {
		0x86, 0xd0, 0xa5, 0xd8, 0x2e, 0x66, 0x77, 0xc9,
		0xba, 0xf3, 0x99, 0xfd, 0x35, 0x46, 0x39, 0xc3,
	};
	u8 key[HPC_KEY_SIZE], hdr[HPC_HDR_SIZE], p[HPC_TEST_LEN];
	u8 tag[HPC_SEAL_TAG_SIZE];

	hpc_sign_fill(key, hdr, p, sizeof(p));
	hpc_sign(key, HPC_TEST_SEQ, hdr, p, sizeof(p), NULL, 0, tag);
	KUNIT_EXPECT_MEMEQ(test, tag, want, sizeof(want));
}

static void hpc_sign_pieces(struct kunit *test)
{
	u8 key[HPC_KEY_SIZE], hdr[HPC_HDR_SIZE], p[HPC_TEST_LEN];
	u8 whole[HPC_SEAL_TAG_SIZE], split[HPC_SEAL_TAG_SIZE];
	static const size_t cuts[] = { 0, 1, 15, 16, 17, 99, 100 };
	size_t i;

	hpc_sign_fill(key, hdr, p, sizeof(p));
	hpc_sign(key, 5, hdr, p, sizeof(p), NULL, 0, whole);
	for (i = 0; i < ARRAY_SIZE(cuts); i++) {
		hpc_sign(key, 5, hdr, p, cuts[i], p + cuts[i],
			 sizeof(p) - cuts[i], split);
		KUNIT_EXPECT_MEMEQ_MSG(test, split, whole, sizeof(whole),
				       "payload cut at %zu", cuts[i]);
	}
}

static void hpc_sign_binds(struct kunit *test)
{
	u8 key[HPC_KEY_SIZE], hdr[HPC_HDR_SIZE], p[HPC_TEST_LEN];
	u8 t0[HPC_SEAL_TAG_SIZE], t[HPC_SEAL_TAG_SIZE];

	hpc_sign_fill(key, hdr, p, sizeof(p));
	hpc_sign(key, 5, hdr, p, sizeof(p), NULL, 0, t0);

	hpc_sign(key, 6, hdr, p, sizeof(p), NULL, 0, t);
	KUNIT_EXPECT_MEMNEQ(test, t, t0, sizeof(t));		/* sequence */
	hdr[3] ^= 1;
	hpc_sign(key, 5, hdr, p, sizeof(p), NULL, 0, t);
	KUNIT_EXPECT_MEMNEQ(test, t, t0, sizeof(t));		/* header */
	hdr[3] ^= 1;
	p[sizeof(p) - 1] ^= 0x80;
	hpc_sign(key, 5, hdr, p, sizeof(p), NULL, 0, t);
	KUNIT_EXPECT_MEMNEQ(test, t, t0, sizeof(t));		/* payload */
	p[sizeof(p) - 1] ^= 0x80;
	hpc_sign(key, 5, hdr, p, sizeof(p) - 1, NULL, 0, t);
	KUNIT_EXPECT_MEMNEQ(test, t, t0, sizeof(t));		/* length */
	key[31] ^= 1;
	hpc_sign(key, 5, hdr, p, sizeof(p), NULL, 0, t);
	KUNIT_EXPECT_MEMNEQ(test, t, t0, sizeof(t));		/* key */
	key[31] ^= 1;
	hpc_sign(key, 5, hdr, p, sizeof(p), NULL, 0, t);
	KUNIT_EXPECT_MEMEQ(test, t, t0, sizeof(t));		/* and back */
}

static void hpc_sign_check_frames(struct kunit *test)
{
	struct hpc_conn *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	u8 hdr[HPC_HDR_SIZE], *buf;

	KUNIT_ASSERT_NOT_NULL(test, c);
	buf = kunit_kzalloc(test, HPC_TEST_LEN + HPC_SEAL_TAG_SIZE,
			    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	hpc_sign_fill(c->rx_key, hdr, buf, HPC_TEST_LEN);
	hpc_sign(c->rx_key, 9, hdr, buf, HPC_TEST_LEN, NULL, 0,
		 buf + HPC_TEST_LEN);
	KUNIT_EXPECT_TRUE(test, hpc_sign_check(c, hdr, buf, HPC_TEST_LEN, 9));
	/* replayed under another sequence number */
	KUNIT_EXPECT_FALSE(test,
			   hpc_sign_check(c, hdr, buf, HPC_TEST_LEN, 10));
	buf[HPC_TEST_LEN] ^= 1;					/* the tag */
	KUNIT_EXPECT_FALSE(test, hpc_sign_check(c, hdr, buf, HPC_TEST_LEN, 9));
}

static struct kunit_case hpc_auth_cases[] = {
	KUNIT_CASE(hpc_sign_known_answer),
	KUNIT_CASE(hpc_sign_pieces),
	KUNIT_CASE(hpc_sign_binds),
	KUNIT_CASE(hpc_sign_check_frames),
	{}
};

static struct kunit_suite hpc_auth_suite = {
	.name = "hpc_auth",
	.test_cases = hpc_auth_cases,
};

kunit_test_suite(hpc_auth_suite);
