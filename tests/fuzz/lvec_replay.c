// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the per-sender anti-replay window (lvec_replay_accept() in
 * userland/lib/lvec.c) against a model that remembers every (epoch, seq)
 * it ever accepted. Each 3 input bytes are one authenticated packet:
 *
 *   byte 0: bits 0-1 epoch (0..3), bit 7 puts seq near UINT32_MAX
 *   bytes 1-2: seq (big-endian), small so that the fuzzer hits the
 *              window edges and duplicates often
 *
 * Properties: a pair accepted once is never accepted again (no replay);
 * an older epoch is always refused; a newer epoch, or a seq above the
 * highest accepted in the current epoch, is always accepted (no loss).
 */
#include <stdbool.h>
#include <string.h>

#include <hpc/lvec.h>

#include "fuzz.h"

#define MAX_PACKETS 2048

struct pair {
	uint32_t epoch, seq;
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pair accepted[MAX_PACKETS];
	struct lvec_replay w;
	size_t nacc = 0;
	bool valid = false;
	uint32_t cur_epoch = 0, top = 0;

	memset(&w, 0, sizeof(w));
	for (size_t i = 0; i + 3 <= size && i / 3 < MAX_PACKETS; i += 3) {
		uint32_t epoch = data[i] & 3;
		uint32_t seq = (uint32_t)data[i + 1] << 8 | data[i + 2];
		bool seen = false, ok;

		if (data[i] & 0x80)
			seq = UINT32_MAX - seq;
		for (size_t j = 0; j < nacc; j++)
			if (accepted[j].epoch == epoch && accepted[j].seq == seq)
				seen = true;

		ok = lvec_replay_accept(&w, epoch, seq);

		FUZZ_CHECK(!(ok && seen), "replay of (%u, %u) accepted",
			   epoch, seq);
		if (valid && epoch < cur_epoch)
			FUZZ_CHECK(!ok, "old epoch %u accepted (current %u)",
				   epoch, cur_epoch);
		if (!valid || epoch > cur_epoch ||
		    (epoch == cur_epoch && seq > top))
			FUZZ_CHECK(ok, "fresh (%u, %u) refused (epoch %u top %u)",
				   epoch, seq, cur_epoch, top);
		if (ok) {
			accepted[nacc++] = (struct pair){ epoch, seq };
			if (!valid || epoch > cur_epoch) {
				valid = true;
				cur_epoch = epoch;
				top = seq;
			} else if (seq > top) {
				top = seq;
			}
		}
	}
	return 0;
}
