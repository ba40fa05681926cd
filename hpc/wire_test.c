// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the wire decoder (hpc/wire.c): every header field is
 * checked, payload lengths follow the type, truncation is refused.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include <linux/time.h>
#include "internal.h"

static void hpc_wire_hdr_roundtrip(struct kunit *test)
{
	u8 b[HPC_HDR_SIZE];
	struct hpc_msg m;

	hpc_wire_encode_hdr(b, HPC_MSG_PING, 0, 7, 0);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_hdr(b, sizeof(b), 7, &m), 0);
	KUNIT_EXPECT_EQ(test, m.type, HPC_MSG_PING);
	KUNIT_EXPECT_EQ(test, m.length, 0u);
	KUNIT_EXPECT_EQ(test, m.seq, 7ull);
	/* big-endian on the wire */
	KUNIT_EXPECT_EQ(test, b[0], 0x48);
	KUNIT_EXPECT_EQ(test, b[23], 7);
}

static void hpc_wire_hdr_rejects(struct kunit *test)
{
	u8 b[HPC_HDR_SIZE], c[HPC_HDR_SIZE];
	struct hpc_msg m;
	size_t i;

	hpc_wire_encode_hdr(b, HPC_MSG_MIG_ACK, 8, 1, 0);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_hdr(b, sizeof(b), 1, &m), 0);
	for (i = 0; i < sizeof(b); i++)
		KUNIT_EXPECT_EQ(test, hpc_wire_decode_hdr(b, i, 1, &m),
				-EBADMSG);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_hdr(b, sizeof(b), 2, &m),
			-EPROTO);			/* sequence gap */
	memcpy(c, b, sizeof(b));
	c[0] ^= 1;					/* magic */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_hdr(c, sizeof(c), 1, &m),
			-EPROTO);
	memcpy(c, b, sizeof(b));
	c[4] = HPC_PROTO_VERSION + 1;			/* version */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_hdr(c, sizeof(c), 1, &m),
			-EPROTONOSUPPORT);
	memcpy(c, b, sizeof(b));
	c[5] = HPC_MSG_TYPE_MAX + 1;			/* type */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_hdr(c, sizeof(c), 1, &m),
			-EBADMSG);
	c[5] = 0;
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_hdr(c, sizeof(c), 1, &m),
			-EBADMSG);
	memcpy(c, b, sizeof(b));
	c[7] = 4;					/* flags */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_hdr(c, sizeof(c), 1, &m),
			-EBADMSG);
	c[7] = HPC_MSG_F_SEALED | HPC_MSG_F_SIGNED;	/* never both */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_hdr(c, sizeof(c), 1, &m),
			-EBADMSG);
	c[7] = HPC_MSG_F_SEALED;			/* sealed: fine */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_hdr(c, sizeof(c), 1, &m), 0);
	KUNIT_EXPECT_EQ(test, m.flags, HPC_MSG_F_SEALED);
	c[7] = HPC_MSG_F_SIGNED;			/* signed: fine */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_hdr(c, sizeof(c), 1, &m), 0);
	KUNIT_EXPECT_EQ(test, m.flags, HPC_MSG_F_SIGNED);
	memcpy(c, b, sizeof(b));
	c[15] = 1;					/* reserved */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_hdr(c, sizeof(c), 1, &m),
			-EBADMSG);
	hpc_wire_encode_hdr(c, HPC_MSG_MIG_ACK, 9, 1, 0);	/* ACK is 8 bytes */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_hdr(c, sizeof(c), 1, &m),
			-EMSGSIZE);
	hpc_wire_encode_hdr(c, HPC_MSG_MIG_PAGES, 0xffffffff, 1, 0);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_hdr(c, sizeof(c), 1, &m),
			-EMSGSIZE);
}

static void hpc_wire_vma_checks(struct kunit *test)
{
	u8 b[sizeof(struct hpc_wire_vma) + 8];
	struct hpc_vma_desc v = { .start = 0x400000, .end = 0x401000,
				  .flags = HPC_VMA_READ, .path_len = 8,
				  .file_size = 125640,
				  .file_mtime = 1700000000123456789LL };
	struct hpc_vma_desc d;

	hpc_wire_encode_vma(b, &v);
	memcpy(b + sizeof(struct hpc_wire_vma), "/bin/sh1", 8);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_vma(b, sizeof(b), &d), 0);
	KUNIT_EXPECT_EQ(test, d.path_len, 8u);
	KUNIT_EXPECT_EQ(test, d.file_size, 125640ull);
	KUNIT_EXPECT_EQ(test, d.file_mtime, 1700000000123456789LL);
	/* an anonymous mapping has no file to describe */
	v.path_len = 0;
	hpc_wire_encode_vma(b, &v);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_vma(b, sizeof(struct hpc_wire_vma),
						  &d), -EBADMSG);
	v.file_size = 0;
	v.file_mtime = 0;
	hpc_wire_encode_vma(b, &v);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_vma(b, sizeof(struct hpc_wire_vma),
						  &d), 0);
	v.path_len = 8;
	hpc_wire_encode_vma(b, &v);
	memcpy(b + sizeof(struct hpc_wire_vma), "/bin/sh1", 8);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_vma(b, sizeof(b) - 1, &d),
			-EBADMSG);
	b[sizeof(struct hpc_wire_vma) + 3] = '\0';	/* NUL in a path */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_vma(b, sizeof(b), &d),
			-EBADMSG);
	v.end = v.start;				/* empty */
	hpc_wire_encode_vma(b, &v);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_vma(b, sizeof(b), &d),
			-EBADMSG);
	v.end = 0x401000;
	v.flags = HPC_VMA_SHARED | HPC_VMA_WRITE;	/* writable shared */
	hpc_wire_encode_vma(b, &v);
	memcpy(b + sizeof(struct hpc_wire_vma), "/bin/sh1", 8);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_vma(b, sizeof(b), &d),
			-EBADMSG);
}

static void hpc_wire_pages_checks(struct kunit *test)
{
	static u8 b[sizeof(struct hpc_wire_pages) + 2 * HPC_PAGE_SIZE];
	struct hpc_pages_desc p;

	hpc_wire_encode_pages(b, 0x10000, 2);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_pages(b, sizeof(b), &p), 0);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_pages(b, sizeof(b) - 1, &p),
			-EBADMSG);
	hpc_wire_encode_pages(b, 0x10001, 2);		/* unaligned */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_pages(b, sizeof(b), &p),
			-EBADMSG);
	hpc_wire_encode_pages(b, ~0ull & ~4095ull, 2);	/* wraps */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_pages(b, sizeof(b), &p),
			-EBADMSG);
}

static void hpc_wire_syscall_lengths(struct kunit *test)
{
	static u8 b[sizeof(struct hpc_wire_syscall) + 16];
	struct hpc_syscall_desc sc = { .nr = 1, .len = { 0, 16 } }, d;

	hpc_wire_encode_syscall(b, &sc);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_syscall(b, sizeof(b), &d), 0);
	KUNIT_EXPECT_EQ(test, d.len[1], 16u);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_syscall(b, sizeof(b) - 1, &d),
			-EBADMSG);
	sc.len[1] = 0xfffffff0;				/* overflow attempt */
	sc.len[2] = 0x20;
	hpc_wire_encode_syscall(b, &sc);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_syscall(b, sizeof(b), &d),
			-EBADMSG);
}

static void hpc_wire_signal_checks(struct kunit *test)
{
	u8 b[sizeof(struct hpc_wire_signal)];
	struct hpc_signal_desc s = { .signo = 10, .code = -6, .pid = 7 }, d;

	hpc_wire_encode_signal(b, &s);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_signal(b, sizeof(b), &d), 0);
	KUNIT_EXPECT_EQ(test, d.code, -6);
	s.signo = 9;				/* SIGKILL is never forwarded */
	hpc_wire_encode_signal(b, &s);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_signal(b, sizeof(b), &d),
			-EBADMSG);
	s.signo = 65;
	hpc_wire_encode_signal(b, &s);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_signal(b, sizeof(b), &d),
			-EBADMSG);
}

/* EXIT and a body's MIG_TASK carry the CPU time the body used */
static void hpc_wire_cputime_checks(struct kunit *test)
{
	static u8 t[sizeof(struct hpc_wire_task)];
	struct hpc_exit_desc e = { .code = 3 << 8, .utime = 2500000000ULL,
				   .stime = 7 }, d;
	u8 b[sizeof(struct hpc_wire_exit)];
	u64 ut, st;

	hpc_wire_encode_exit(b, &e);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_exit(b, sizeof(b), &d), 0);
	KUNIT_EXPECT_EQ(test, d.code, 3u << 8);
	KUNIT_EXPECT_EQ(test, d.utime, 2500000000ULL);
	KUNIT_EXPECT_EQ(test, d.stime, 7ULL);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_exit(b, 8, &d), -EBADMSG);
	e.utime = HPC_CPUTIME_MAX + 1;
	hpc_wire_encode_exit(b, &e);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_exit(b, sizeof(b), &d),
			-EBADMSG);
	hpc_put_be64(t + offsetof(struct hpc_wire_task, cpu_utime_ns), 5);
	hpc_put_be64(t + offsetof(struct hpc_wire_task, cpu_stime_ns), 6);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_cputime(t, &ut, &st), 0);
	KUNIT_EXPECT_EQ(test, ut, 5ULL);
	KUNIT_EXPECT_EQ(test, st, 6ULL);
	hpc_put_be64(t + offsetof(struct hpc_wire_task, cpu_stime_ns),
		     HPC_CPUTIME_MAX + 1);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_cputime(t, &ut, &st), -EBADMSG);
}

static void hpc_wire_pong_checks(struct kunit *test)
{
	u8 b[sizeof(struct hpc_wire_pong)];
	u64 ut = 1, st = 1;

	/* a deputy's PONG: nothing to count */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_pong(b, 0, &ut, &st), 0);
	KUNIT_EXPECT_EQ(test, ut, 0ULL);
	KUNIT_EXPECT_EQ(test, st, 0ULL);
	/* a body's: 1.5 s user, 20 ms system */
	hpc_wire_encode_pong(b, 1500000000ULL, 20000000ULL);
	KUNIT_EXPECT_EQ(test, b[7], 0x00);
	KUNIT_EXPECT_EQ(test, b[4], 0x59);		/* big-endian */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_pong(b, sizeof(b), &ut, &st), 0);
	KUNIT_EXPECT_EQ(test, ut, 1500000000ULL);
	KUNIT_EXPECT_EQ(test, st, 20000000ULL);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_pong(b, 8, &ut, &st), -EBADMSG);
	hpc_wire_encode_pong(b, 1, HPC_CPUTIME_MAX + 1);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_pong(b, sizeof(b), &ut, &st),
			-EBADMSG);
}

static void hpc_wire_commit_checks(struct kunit *test)
{
	u8 b[sizeof(struct hpc_wire_commit)];
	u64 late = 1;

	/* from home: empty, nothing late */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_commit(b, 0, &late), 0);
	KUNIT_EXPECT_EQ(test, late, 0ull);
	/* from a body: SIGALRM (14) and SIGRTMIN+1 (35) came late */
	hpc_wire_encode_commit(b, BIT_ULL(13) | BIT_ULL(34));
	KUNIT_EXPECT_EQ(test, b[7], 0x00);
	KUNIT_EXPECT_EQ(test, b[6], 0x20);		/* big-endian */
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_commit(b, sizeof(b), &late), 0);
	KUNIT_EXPECT_EQ(test, late, BIT_ULL(13) | BIT_ULL(34));
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_commit(b, 4, &late), -EBADMSG);
	/* SIGKILL and SIGSTOP are never forwarded, so never late */
	hpc_wire_encode_commit(b, BIT_ULL(SIGKILL - 1));
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_commit(b, sizeof(b), &late),
			-EBADMSG);
	hpc_wire_encode_commit(b, BIT_ULL(SIGSTOP - 1));
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_commit(b, sizeof(b), &late),
			-EBADMSG);
}

static void hpc_wire_sleep_checks(struct kunit *test)
{
	static u8 t[sizeof(struct hpc_wire_task)];
	struct hpc_sleep_desc s = {
		.on = true, .clock = CLOCK_MONOTONIC, .left_ns = 2500000000ull,
		.rmtp = 0x7ffc12345670ull,
	}, d;
	u8 *flags = t + offsetof(struct hpc_wire_task, sleep_flags);

	/* no sleep: all zero, and nothing else decodes as none */
	memset(t, 0, sizeof(t));
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), 0);
	KUNIT_EXPECT_FALSE(test, d.on);
	hpc_put_be32(t + offsetof(struct hpc_wire_task, sleep_clock), 1);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), -EBADMSG);

	/* 2.5 s left of a nanosleep() that wants the time left */
	hpc_wire_encode_sleep(t, &s);
	KUNIT_EXPECT_EQ(test, flags[3], HPC_SLEEP_ON | HPC_SLEEP_RMTP);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), 0);
	KUNIT_EXPECT_TRUE(test, d.on);
	KUNIT_EXPECT_EQ(test, d.clock, (u32)CLOCK_MONOTONIC);
	KUNIT_EXPECT_EQ(test, d.left_ns, 2500000000ull);
	KUNIT_EXPECT_EQ(test, d.rmtp, 0x7ffc12345670ull);

	/* a flag nobody knows, or an rmtp flag that does not match */
	flags[3] |= 0x10;
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), -EBADMSG);
	flags[3] = HPC_SLEEP_ON;
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), -EBADMSG);

	/* the clocks an hrtimer sleep uses, and no other */
	s.rmtp = 0;
	s.clock = CLOCK_TAI;
	hpc_wire_encode_sleep(t, &s);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), 0);
	KUNIT_EXPECT_EQ(test, d.rmtp, 0ull);
	s.clock = CLOCK_PROCESS_CPUTIME_ID;
	hpc_wire_encode_sleep(t, &s);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), -EBADMSG);

	/* no longer than a ktime_t can hold */
	s.clock = CLOCK_REALTIME;
	s.left_ns = ~0ull;
	hpc_wire_encode_sleep(t, &s);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), -EBADMSG);
}

static void hpc_wire_futex_sleep_checks(struct kunit *test)
{
	static u8 t[sizeof(struct hpc_wire_task)];
	struct hpc_sleep_desc s = {
		.on = true, .futex = true, .clock = CLOCK_MONOTONIC,
		.left_ns = 7000000000ull, .uaddr = 0x7ffc00001234ull,
		.val = 3, .bitset = ~0u,
	}, d;
	u8 *flags = t + offsetof(struct hpc_wire_task, sleep_flags);
	u8 *addr = t + offsetof(struct hpc_wire_task, futex_uaddr);

	/* 7 s left of a private FUTEX_WAIT on a word that holds 3 */
	memset(t, 0, sizeof(t));
	hpc_wire_encode_sleep(t, &s);
	KUNIT_EXPECT_EQ(test, flags[3], HPC_SLEEP_ON | HPC_SLEEP_FUTEX);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), 0);
	KUNIT_EXPECT_TRUE(test, d.on && d.futex && !d.shared);
	KUNIT_EXPECT_EQ(test, d.clock, (u32)CLOCK_MONOTONIC);
	KUNIT_EXPECT_EQ(test, d.left_ns, 7000000000ull);
	KUNIT_EXPECT_EQ(test, d.uaddr, 0x7ffc00001234ull);
	KUNIT_EXPECT_EQ(test, d.val, 3u);
	KUNIT_EXPECT_EQ(test, d.bitset, ~0u);

	/* a shared one on the realtime clock */
	s.shared = true;
	s.clock = CLOCK_REALTIME;
	hpc_wire_encode_sleep(t, &s);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), 0);
	KUNIT_EXPECT_TRUE(test, d.shared);

	/* a futex times out on CLOCK_REALTIME or _MONOTONIC only */
	s.clock = CLOCK_BOOTTIME;
	hpc_wire_encode_sleep(t, &s);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), -EBADMSG);
	s.clock = CLOCK_MONOTONIC;

	/* no time-left struct, a u32-aligned word, some waker bit */
	s.rmtp = 0x7ffc12345670ull;
	hpc_wire_encode_sleep(t, &s);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), -EBADMSG);
	s.rmtp = 0;
	s.uaddr = 0x7ffc00001236ull;
	hpc_wire_encode_sleep(t, &s);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), -EBADMSG);
	s.uaddr = 0;
	hpc_wire_encode_sleep(t, &s);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), -EBADMSG);
	s.uaddr = 0x7ffc00001234ull;
	s.bitset = 0;
	hpc_wire_encode_sleep(t, &s);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), -EBADMSG);

	/* futex fields only come with HPC_SLEEP_FUTEX, and a sleep */
	s.bitset = 1;
	s.futex = false;
	s.shared = false;
	hpc_wire_encode_sleep(t, &s);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), 0);
	KUNIT_EXPECT_EQ(test, d.uaddr, 0ull);
	addr[7] = 0x40;
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), -EBADMSG);
	flags[3] = HPC_SLEEP_ON | HPC_SLEEP_SHARED;
	addr[7] = 0;
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), -EBADMSG);
	s.on = false;
	hpc_wire_encode_sleep(t, &s);
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), 0);
	addr[7] = 0x40;
	KUNIT_EXPECT_EQ(test, hpc_wire_decode_sleep(t, &d), -EBADMSG);
}

static struct kunit_case hpc_wire_cases[] = {
	KUNIT_CASE(hpc_wire_sleep_checks),
	KUNIT_CASE(hpc_wire_futex_sleep_checks),
	KUNIT_CASE(hpc_wire_commit_checks),
	KUNIT_CASE(hpc_wire_cputime_checks),
	KUNIT_CASE(hpc_wire_pong_checks),
	KUNIT_CASE(hpc_wire_signal_checks),
	KUNIT_CASE(hpc_wire_hdr_roundtrip),
	KUNIT_CASE(hpc_wire_hdr_rejects),
	KUNIT_CASE(hpc_wire_vma_checks),
	KUNIT_CASE(hpc_wire_pages_checks),
	KUNIT_CASE(hpc_wire_syscall_lengths),
	{}
};

static struct kunit_suite hpc_wire_suite = {
	.name = "hpc_wire",
	.test_cases = hpc_wire_cases,
};

kunit_test_suite(hpc_wire_suite);
