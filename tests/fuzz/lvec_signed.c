// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the load-vector field decoding that only runs after the
 * tag verified (userland/lib/lvec.c). The input is a packet without its
 * tag; the harness appends the HMAC made with the fixed test key, so
 * every input that passes framing reaches the field checks, as a buggy
 * or compromised cluster member's packets would.
 *
 * Properties: a status in range; LVEC_EAUTH never (the tag is right);
 * an accepted packet satisfies every documented range rule and encodes
 * back to exactly the bytes received (so nothing is accepted that our
 * own encoder would not send, and nothing is dropped while decoding).
 * The same input, tagged, goes to the announcement decoder too.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <sodium.h>

#include <hpc/lvec.h>

#include "fuzz.h"

static struct lvec_key test_key;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (lvec_init())
		abort();
	fuzz_test_key(test_key.bytes);
	return 0;
}

static void check_accepted(const struct lvec_packet *p)
{
	FUZZ_CHECK(p->count >= 1 && p->count <= LVEC_MAX_ENTRIES, "count %u",
		   p->count);
	FUZZ_CHECK(p->sender != 0 && p->entries[0].node == p->sender &&
		   p->entries[0].epoch == p->epoch, "sender %u", p->sender);
	for (unsigned int i = 0; i < p->count; i++) {
		const struct lvec_entry *e = &p->entries[i];

		FUZZ_CHECK(e->node != 0, "entry %u: node 0", i);
		FUZZ_CHECK(!(e->flags & ~LVEC_F_ALL), "entry %u: flags %#x",
			   i, e->flags);
		FUZZ_CHECK(e->ncpus && e->speed, "entry %u: ncpus/speed 0", i);
		FUZZ_CHECK(e->util <= 100, "entry %u: util %u", i, e->util);
		FUZZ_CHECK(e->memfree_kib <= e->memtotal_kib,
			   "entry %u: memfree > memtotal", i);
		for (unsigned int j = 0; j < i; j++)
			FUZZ_CHECK(p->entries[j].node != e->node,
				   "node %u twice", e->node);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lvec_packet out;
	struct lvec_announce ann;
	enum lvec_status st;
	uint8_t *buf, re[LVEC_MAX_PACKET];
	size_t len = size + LVEC_TAG_SIZE;
	int n;

	buf = malloc(len);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	crypto_auth_hmacsha512256(buf + size, buf, size, test_key.bytes);

	st = lvec_decode(buf, len, &test_key, &out);
	FUZZ_CHECK((unsigned int)st < LVEC_NSTATUS, "status %d", st);
	FUZZ_CHECK(st != LVEC_EAUTH, "a correct tag did not verify");
	if (st == LVEC_OK) {
		check_accepted(&out);
		n = lvec_encode(&out, &test_key, re, sizeof(re));
		FUZZ_CHECK(n == (int)len, "re-encoded to %d bytes, not %zu", n,
			   len);
		FUZZ_CHECK(!memcmp(re, buf, len),
			   "accepted packet does not re-encode to itself");
		/* The encoder must refuse a too-small buffer, not overrun. */
		FUZZ_CHECK(lvec_encode(&out, &test_key, re, len - 1) == -ENOSPC,
			   "encode into a short buffer");
	}
	st = lvec_decode_announce(buf, len, &test_key, &ann);
	FUZZ_CHECK((unsigned int)st < LVEC_NSTATUS, "announce status %d", st);
	FUZZ_CHECK(st != LVEC_EAUTH || len != LVEC_ANNOUNCE_SIZE,
		   "a correct announcement tag did not verify");
	if (st == LVEC_OK) {
		uint32_t a = ntohl(ann.addr.s_addr);

		FUZZ_CHECK(ann.sender != 0 && a != INADDR_ANY &&
			   a != INADDR_BROADCAST && !IN_MULTICAST(a) &&
			   !(ann.flags & ~LVEC_A_ALL), "accepted announcement");
		n = lvec_encode_announce(&ann, &test_key, re, sizeof(re));
		FUZZ_CHECK(n == (int)len && !memcmp(re, buf, len),
			   "accepted announcement does not re-encode to itself");
	}
	free(buf);
	return 0;
}
