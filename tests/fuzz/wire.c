// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the node-to-node migration stream decoder (hpc/wire.c),
 * built unchanged in user space as its header intends.
 *
 * Two modes, chosen by the first bytes:
 *
 *  - the input starts with the frame magic "HPC1": a stream, decoded as a
 *    receiver does: header with the expected sequence number (0, 1, ...),
 *    then its payload, handed to the decoder of its type;
 *  - otherwise byte 0 selects one payload decoder (HELLO, VMA, PAGES,
 *    REGSET, END, ACK, COMMIT, the sleep in a TASK) and the rest is its payload, which reaches the
 *    field checks without having to get a header right first.
 *
 * Every header and payload is decoded from its own exact-size heap copy,
 * so a read one byte too far is an ASan report. Properties: errors are
 * the documented ones; whatever decodes encodes back to the same bytes;
 * decoded pointers stay inside the payload and decoded ranges are what
 * the documentation promises (page-aligned, non-empty, no wrap-around).
 */
#include <errno.h>
#include <string.h>

#include "../../hpc/wire.h"

#include "fuzz.h"

static void *dup_exact(const uint8_t *p, size_t n)
{
	void *b = malloc(n ? n : 1);

	if (!b)
		abort();
	memcpy(b, p, n);
	return b;
}

static void check_reencode(const void *payload, size_t n, const void *re)
{
	FUZZ_CHECK(!memcmp(payload, re, n),
		   "decoded message does not encode back to itself");
}

/* Decode one payload of a given type; type 0 or unknown: nothing to do. */
static void decode_payload(u8 type, const uint8_t *data, size_t len)
{
	uint8_t *p = dup_exact(data, len), re[64];
	struct hpc_vma_desc v;
	struct hpc_pages_desc pg;
	struct hpc_regset_desc r;
	struct hpc_end_desc e;
	struct hpc_hello_desc h;
	struct hpc_sleep_desc sl;
	struct hpc_exit_desc ex;
	u64 ut, st;
	uint8_t *q;
	u32 error;
	u64 late;
	int ret = 0;

	switch (type) {
	case HPC_MSG_HELLO:
		ret = hpc_wire_decode_hello(p, len, &h);
		if (!ret) {
			FUZZ_CHECK(len == sizeof(struct hpc_wire_hello) &&
				   h.from && h.to, "hello");
			hpc_wire_encode_hello(re, &h);
			check_reencode(p, len, re);
		}
		break;
	case HPC_MSG_MIG_VMA:
		ret = hpc_wire_decode_vma(p, len, &v);
		if (!ret) {
			FUZZ_CHECK(len == sizeof(struct hpc_wire_vma) + v.path_len,
				   "vma length");
			FUZZ_CHECK(v.start < v.end && !(v.start % HPC_PAGE_SIZE) &&
				   !(v.end % HPC_PAGE_SIZE), "vma range");
			FUZZ_CHECK(!(v.flags & ~(u64)HPC_VMA_FLAGS), "vma flags");
			FUZZ_CHECK(!v.path_len ||
				   ((const uint8_t *)v.path ==
				    p + sizeof(struct hpc_wire_vma) &&
				    v.path[0] == '/' &&
				    !memchr(v.path, '\0', v.path_len)),
				   "vma path");
			FUZZ_CHECK(v.path_len || (!v.file_size && !v.file_mtime),
				   "vma identity");
			hpc_wire_encode_vma(re, &v);
			check_reencode(p, sizeof(struct hpc_wire_vma), re);
		}
		break;
	case HPC_MSG_MIG_PAGES:
		ret = hpc_wire_decode_pages(p, len, &pg);
		if (!ret) {
			FUZZ_CHECK(pg.npages >= 1 && pg.npages <= HPC_PAGES_PER_MSG,
				   "npages %u", pg.npages);
			FUZZ_CHECK(pg.data == p + sizeof(struct hpc_wire_pages) &&
				   len == sizeof(struct hpc_wire_pages) +
					  (size_t)pg.npages * HPC_PAGE_SIZE,
				   "pages length");
			FUZZ_CHECK(!(pg.addr % HPC_PAGE_SIZE) &&
				   pg.addr + (u64)pg.npages * HPC_PAGE_SIZE > pg.addr,
				   "pages range");
			/* touch the last byte the receiver would copy */
			FUZZ_CHECK(pg.data[(size_t)pg.npages * HPC_PAGE_SIZE - 1] ==
				   p[len - 1], "pages data");
			hpc_wire_encode_pages(re, pg.addr, pg.npages);
			check_reencode(p, sizeof(struct hpc_wire_pages), re);
		}
		break;
	case HPC_MSG_MIG_REGSET:
		ret = hpc_wire_decode_regset(p, len, &r);
		if (!ret) {
			FUZZ_CHECK(r.size >= 1 && r.size <= HPC_REGSET_MAX &&
				   r.data == p + sizeof(struct hpc_wire_regset) &&
				   len == sizeof(struct hpc_wire_regset) + r.size,
				   "regset size %u", r.size);
			hpc_wire_encode_regset(re, r.note_type, r.size);
			check_reencode(p, sizeof(struct hpc_wire_regset), re);
		}
		break;
	case HPC_MSG_MIG_END:
		ret = hpc_wire_decode_end(p, len, &e);
		if (!ret) {
			hpc_wire_encode_end(re, &e);
			check_reencode(p, len, re);
		}
		break;
	case HPC_MSG_MIG_ACK:
		ret = hpc_wire_decode_ack(p, len, &error);
		if (!ret) {
			FUZZ_CHECK(error <= 4095, "ack error %u", error);
			hpc_wire_encode_ack(re, error);
			check_reencode(p, len, re);
		}
		break;
	case HPC_MSG_MIG_COMMIT:
		ret = hpc_wire_decode_commit(p, len, &late);
		if (!ret && len) {
			FUZZ_CHECK(!(late & (1ULL << 8 | 1ULL << 18)),
				   "commit carries SIGKILL or SIGSTOP");
			hpc_wire_encode_commit(re, late);
			check_reencode(p, len, re);
		}
		break;
	case HPC_MSG_EXIT:
		ret = hpc_wire_decode_exit(p, len, &ex);
		if (!ret) {
			FUZZ_CHECK(len == sizeof(struct hpc_wire_exit) &&
				   ex.code <= 0xffff &&
				   ex.utime <= HPC_CPUTIME_MAX &&
				   ex.stime <= HPC_CPUTIME_MAX, "exit fields");
			hpc_wire_encode_exit(re, &ex);
			check_reencode(p, len, re);
		}
		break;
	case HPC_MSG_PONG:
		ret = hpc_wire_decode_pong(p, len, &ut, &st);
		if (!ret) {
			FUZZ_CHECK((len == 0 && !ut && !st) ||
				   (len == sizeof(struct hpc_wire_pong) &&
				    ut <= HPC_CPUTIME_MAX &&
				    st <= HPC_CPUTIME_MAX), "pong fields");
			if (len) {
				hpc_wire_encode_pong(re, ut, st);
				check_reencode(p, len, re);
			}
		}
		break;
	case HPC_MSG_MIG_TASK:
		/* the header check lets only whole ones through */
		if (len != sizeof(struct hpc_wire_task))
			break;
		if (!hpc_wire_decode_cputime(p, &ut, &st))
			FUZZ_CHECK(ut <= HPC_CPUTIME_MAX && st <= HPC_CPUTIME_MAX,
				   "body cputime");
		ret = hpc_wire_decode_sleep(p, &sl);
		if (!ret) {
			FUZZ_CHECK(sl.on || (!sl.clock && !sl.left_ns && !sl.rmtp),
				   "sleep fields without a sleep");
			FUZZ_CHECK(!sl.on || sl.clock == 0 || sl.clock == 1 ||
				   sl.clock == 7 || sl.clock == 11,
				   "sleep clock %u", sl.clock);
			FUZZ_CHECK(sl.left_ns <= (u64)1 << 62, "sleep length");
			FUZZ_CHECK(sl.futex || (!sl.shared && !sl.uaddr &&
						!sl.val && !sl.bitset),
				   "futex fields without a futex wait");
			FUZZ_CHECK(!sl.futex || (sl.clock <= 1 && !sl.rmtp &&
						 sl.uaddr && !(sl.uaddr & 3) &&
						 sl.bitset),
				   "futex wait %#llx clock %u",
				   (unsigned long long)sl.uaddr, sl.clock);
			q = dup_exact(p, len);
			hpc_wire_encode_sleep(q, &sl);
			check_reencode(p, len, q);
			free(q);
		}
		break;
	default:
		break;
	}
	FUZZ_CHECK(ret == 0 || ret == -EBADMSG, "type %u payload: %d", type, ret);
	free(p);
}

static void decode_stream(const uint8_t *data, size_t size)
{
	u64 seq = 0;

	while (size) {
		size_t hlen = size < HPC_HDR_SIZE ? size : HPC_HDR_SIZE;
		uint8_t *h = dup_exact(data, hlen), re[HPC_HDR_SIZE];
		struct hpc_msg msg;
		int ret;

		ret = hpc_wire_decode_hdr(h, hlen, seq, &msg);
		FUZZ_CHECK(ret == 0 || ret == -EBADMSG || ret == -EPROTO ||
			   ret == -EPROTONOSUPPORT || ret == -EMSGSIZE,
			   "header: %d", ret);
		if (ret) {
			free(h);
			return;
		}
		FUZZ_CHECK(hlen == HPC_HDR_SIZE, "short header accepted");
		FUZZ_CHECK(msg.type >= 1 && msg.type <= HPC_MSG_TYPE_MAX &&
			   msg.length <= HPC_MSG_MAX_PAYLOAD && msg.seq == seq,
			   "header fields");
		hpc_wire_encode_hdr(re, msg.type, msg.length, msg.seq, msg.flags);
		check_reencode(h, HPC_HDR_SIZE, re);
		free(h);
		data += HPC_HDR_SIZE;
		size -= HPC_HDR_SIZE;
		if (msg.length > size)
			return;		/* the receiver would wait for more */
		decode_payload(msg.type, data, msg.length);
		data += msg.length;
		size -= msg.length;
		seq++;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u8 select[10] = {
		HPC_MSG_HELLO, HPC_MSG_MIG_VMA, HPC_MSG_MIG_PAGES,
		HPC_MSG_MIG_REGSET, HPC_MSG_MIG_END, HPC_MSG_MIG_ACK,
		HPC_MSG_MIG_COMMIT, HPC_MSG_MIG_TASK, HPC_MSG_EXIT,
		HPC_MSG_PONG,
	};

	if (size >= 4 && !memcmp(data, "HPC1", 4))
		decode_stream(data, size);
	else if (size >= 1)
		decode_payload(select[data[0] % 10], data + 1, size - 1);
	return 0;
}
