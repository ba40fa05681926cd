// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the UDP load-vector decoder as the daemon calls it, on
 * raw bytes from the network (userland/lib/lvec.c). Almost every input
 * stops at the framing checks or the tag; that is the attack surface an
 * outsider without the cluster key reaches. lvec_signed covers what lies
 * behind the tag.
 *
 * Also fed to the announcement decoder (discovery's multicast group), and
 * to the key-file parser, which reads a root-owned file but is a decoder
 * all the same.
 */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lvec_packet out;
	struct lvec_announce ann;
	struct lvec_key key;
	enum lvec_status st;
	uint8_t *buf, re[LVEC_MAX_PACKET];
	int n;

	/* An exact-size copy, so that any read past the datagram is a
	 * heap-buffer-overflow for ASan. */
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);

	st = lvec_decode(buf, size, &test_key, &out);
	FUZZ_CHECK((unsigned int)st < LVEC_NSTATUS, "status %d", st);
	FUZZ_CHECK(strcmp(lvec_strstatus(st), "unknown") != 0, "status %d", st);
	FUZZ_CHECK(lvec_status_malformed(st) == (st != LVEC_OK && st != LVEC_EAUTH),
		   "status %d", st);
	if (size < LVEC_MIN_PACKET)
		FUZZ_CHECK(st == LVEC_ESHORT, "%zu bytes gave %s", size,
			   lvec_strstatus(st));
	if (size > LVEC_MAX_PACKET)
		FUZZ_CHECK(st == LVEC_ELONG, "%zu bytes gave %s", size,
			   lvec_strstatus(st));
	if (st == LVEC_OK) {
		/* Only a corpus entry made with the test key gets here: what
		 * verified must be what the encoder makes of the result. */
		n = lvec_encode(&out, &test_key, re, sizeof(re));
		FUZZ_CHECK(n == (int)size && !memcmp(re, buf, size),
			   "accepted packet does not re-encode to itself");
	}

	st = lvec_decode_announce(buf, size, &test_key, &ann);
	FUZZ_CHECK((unsigned int)st < LVEC_NSTATUS, "announce status %d", st);
	if (size != LVEC_ANNOUNCE_SIZE)
		FUZZ_CHECK(st == (size < LVEC_ANNOUNCE_SIZE ? LVEC_ESHORT :
				  LVEC_ELONG), "%zu bytes gave %s", size,
			   lvec_strstatus(st));
	if (st == LVEC_OK) {
		n = lvec_encode_announce(&ann, &test_key, re, sizeof(re));
		FUZZ_CHECK(n == (int)size && !memcmp(re, buf, size),
			   "accepted announcement does not re-encode to itself");
	}

	if (lvec_key_parse(buf, size, &key) == 0)
		FUZZ_CHECK(size >= LVEC_KEY_SIZE,
			   "%zu bytes accepted as a key", size);
	free(buf);
	return 0;
}
