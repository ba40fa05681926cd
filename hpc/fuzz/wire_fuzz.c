// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target for the wire decoder (hpc/wire.c), built in user space.
 * Not part of the kernel build.
 *
 * libFuzzer:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Ikernel/include/uapi \
 *         hpc/fuzz/wire_fuzz.c hpc/wire.c -o wire_fuzz && ./wire_fuzz
 * standalone (random inputs, any C compiler):
 *   cc -g -O1 -fsanitize=address,undefined -DWIRE_FUZZ_MAIN \
 *      -Ikernel/include/uapi hpc/fuzz/wire_fuzz.c hpc/wire.c -o wire_fuzz
 *   ./wire_fuzz [iterations]
 *
 * The first byte picks the decoder, the rest is its input: every decoder
 * must reject or accept without reading outside the buffer, and what it
 * accepts must satisfy the invariants its callers rely on.
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hpc_msg m;
	struct hpc_vma_desc v;
	struct hpc_pages_desc p;
	struct hpc_regset_desc r;
	struct hpc_end_desc e;
	struct hpc_syscall_desc sc;
	struct hpc_sysret_desc sr;
	struct hpc_signal_desc sg;
	u16 from, to;
	u32 u;
	uint8_t *buf;
	size_t n, i, sum;

	if (size < 1)
		return 0;
	n = size - 1;
	/* an exact-size copy, so ASan sees any read past the end */
	buf = malloc(n ? n : 1);
	memcpy(buf, data + 1, n);
	switch (data[0] % 11) {
	case 0:
		if (!hpc_wire_decode_hdr(buf, n, 0, &m))
			assert(m.type >= 1 && m.type <= HPC_MSG_TYPE_MAX &&
			       m.length <= HPC_MSG_MAX_PAYLOAD);
		break;
	case 1:
		if (!hpc_wire_decode_hello(buf, n, &from, &to, &u))
			assert(from && to);
		break;
	case 2:
		if (!hpc_wire_decode_vma(buf, n, &v)) {
			assert(v.start < v.end && v.path_len <= HPC_PATH_MAX);
			assert(!v.path_len ||
			       !memchr(v.path, 0, v.path_len));
		}
		break;
	case 3:
		if (!hpc_wire_decode_pages(buf, n, &p))
			assert(p.npages >= 1 && p.npages <= HPC_PAGES_PER_MSG &&
			       p.data + (size_t)p.npages * HPC_PAGE_SIZE ==
			       buf + n);
		break;
	case 4:
		if (!hpc_wire_decode_regset(buf, n, &r))
			assert(r.data + r.size == buf + n);
		break;
	case 5:
		hpc_wire_decode_end(buf, n, &e);
		break;
	case 6:
		if (!hpc_wire_decode_ack(buf, n, &u))
			assert(u <= 4095);
		break;
	case 7:
		if (!hpc_wire_decode_syscall(buf, n, &sc)) {
			for (i = 0, sum = 0; i < 6; i++)
				sum += sc.len[i];
			assert(sc.data + sum == buf + n);
		}
		break;
	case 8:
		if (!hpc_wire_decode_sysret(buf, n, &sr)) {
			for (i = 0, sum = 0; i < 6; i++)
				sum += sr.len[i];
			assert(sr.data + sum == buf + n);
		}
		break;
	case 9:
		if (!hpc_wire_decode_exit(buf, n, &u))
			assert(u <= 0xffff);
		break;
	case 10:
		if (!hpc_wire_decode_signal(buf, n, &sg))
			assert(sg.signo >= 1 && sg.signo <= 64);
		break;
	}
	free(buf);
	return 0;
}

#ifdef WIRE_FUZZ_MAIN
int main(int argc, char **argv)
{
	long iterations = argc > 1 ? atol(argv[1]) : 1000000;
	uint8_t in[200];
	long k;

	srand(1);
	for (k = 0; k < iterations; k++) {
		size_t len = rand() % sizeof(in), i;

		for (i = 0; i < len; i++)
			in[i] = rand();
		/* a plausible header now and then, to get past the magic */
		if (len > 25 && rand() % 2) {
			hpc_wire_encode_hdr(in + 1, rand() % 20, rand() % 300,
					    0);
			in[0] = 0;
		}
		LLVMFuzzerTestOneInput(in, len);
	}
	printf("wire_fuzz: %ld inputs, no finding\n", iterations);
	return 0;
}
#endif
