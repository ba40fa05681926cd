// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of every fuzz target: valid messages made by the
 * project's own encoders (with the fuzzers' test key), then edge cases
 * one step away from valid. Deterministic: same tree, same files.
 *
 *   gen-corpus DIR    (make -f tests/fuzz/Makefile corpus)
 */
#include <errno.h>
#include <stdarg.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hpc/lvec.h>

#include "../../hpc/wire.h"
#include "fuzz.h"

static const char *root;

static void put(const char *target, const char *name, const void *p,
		size_t n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, target);
	if (mkdir(path, 0755) && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s", root, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void put_str(const char *target, const char *name, const char *s)
{
	put(target, name, s, strlen(s));
}

/* --- load vectors ----------------------------------------------------- */

static struct lvec_packet packet(unsigned int count)
{
	struct lvec_packet p = { .sender = 1, .epoch = 1700000000, .seq = 7,
				 .count = (uint16_t)count };

	for (unsigned int i = 0; i < count; i++) {
		struct lvec_entry *e = &p.entries[i];

		e->node = (uint16_t)(i + 1);
		e->flags = (uint16_t)(i % 16);
		e->ncpus = (uint16_t)(1 + i % 4);
		e->speed = (uint16_t)(1000 + 17 * i);
		e->epoch = i ? 1600000000 + i : p.epoch;
		e->seq = 100 + i;
		e->load = 37 * i;
		e->util = (uint16_t)(i * 4 % 101);
		e->guests = (uint16_t)(i % 3);
		e->memtotal_kib = 2097152;
		e->memfree_kib = 1048576 - 1024 * i;
		e->age_ms = 250 * i;
	}
	return p;
}

static void gen_lvec(void)
{
	static const unsigned int counts[] = { 1, 2, 3, 8, LVEC_MAX_ENTRIES };
	struct lvec_key key;
	uint8_t buf[LVEC_MAX_PACKET];
	char name[64];
	int n;

	fuzz_test_key(key.bytes);
	for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		struct lvec_packet p = packet(counts[c]);

		n = lvec_encode(&p, &key, buf, sizeof(buf));
		if (n < 0)
			exit(1);
		snprintf(name, sizeof(name), "valid-%u", counts[c]);
		put("lvec_raw", name, buf, (size_t)n);
		put("lvec_signed", name, buf, (size_t)n - LVEC_TAG_SIZE);
	}
	/* discovery announcements: plain, soliciting, extremes */
	{
		struct lvec_announce a = { .sender = 7, .epoch = 3, .seq = 9 };

		a.addr.s_addr = htonl(0x0a4d0007);
		n = lvec_encode_announce(&a, &key, buf, sizeof(buf));
		if (n < 0)
			exit(1);
		put("lvec_raw", "announce", buf, (size_t)n);
		put("lvec_signed", "announce", buf, (size_t)n - LVEC_TAG_SIZE);
		a.flags = LVEC_A_SOLICIT;
		a.sender = 65535;
		a.epoch = a.seq = UINT32_MAX;
		a.addr.s_addr = htonl(0xfffffffe);
		n = lvec_encode_announce(&a, &key, buf, sizeof(buf));
		if (n < 0)
			exit(1);
		put("lvec_raw", "announce-solicit", buf, (size_t)n);
		put("lvec_signed", "announce-solicit", buf,
		    (size_t)n - LVEC_TAG_SIZE);
	}
	/* extremes of every field */
	{
		struct lvec_packet p = packet(2);

		p.sender = p.entries[0].node = 65535;
		p.epoch = p.entries[0].epoch = UINT32_MAX;
		p.seq = UINT32_MAX;
		p.entries[1].flags = LVEC_F_ALL;
		p.entries[1].util = 100;
		p.entries[1].memfree_kib = p.entries[1].memtotal_kib = UINT64_MAX;
		p.entries[1].load = UINT32_MAX;
		n = lvec_encode(&p, &key, buf, sizeof(buf));
		if (n < 0)
			exit(1);
		put("lvec_raw", "extremes", buf, (size_t)n);
		put("lvec_signed", "extremes", buf, (size_t)n - LVEC_TAG_SIZE);
	}
	/* one step from valid: each a different rejection */
	{
		struct lvec_packet p = packet(2);
		size_t body;

		n = lvec_encode(&p, &key, buf, sizeof(buf));
		body = (size_t)n - LVEC_TAG_SIZE;
		put("lvec_raw", "short", buf, LVEC_MIN_PACKET - 1);
		put("lvec_signed", "count-mismatch", buf, body - LVEC_ENTRY_SIZE);
		buf[11] = 1;				/* reserved0 */
		put("lvec_signed", "reserved0", buf, body);
		buf[11] = 0;
		buf[LVEC_HDR_SIZE + LVEC_ENTRY_SIZE + 47] = 1;	/* entry reserved */
		put("lvec_signed", "entry-reserved", buf, body);
		buf[LVEC_HDR_SIZE + LVEC_ENTRY_SIZE + 47] = 0;
		buf[LVEC_HDR_SIZE + LVEC_ENTRY_SIZE + 1] = 1;	/* node 2 -> 1 */
		put("lvec_signed", "duplicate-node", buf, body);
		buf[LVEC_HDR_SIZE + LVEC_ENTRY_SIZE + 1] = 2;
		buf[LVEC_HDR_SIZE + 1] = 9;			/* not the sender */
		put("lvec_signed", "not-sender", buf, body);
		buf[LVEC_HDR_SIZE + 1] = 1;
		buf[LVEC_HDR_SIZE + 21] = 101;			/* util */
		put("lvec_signed", "util-101", buf, body);
		buf[LVEC_HDR_SIZE + 21] = 0;
		buf[4] = 2;					/* version */
		put("lvec_raw", "version-2", buf, (size_t)n);
		put("lvec_signed", "version-2", buf, body);
	}
	put_str("lvec_raw", "key-hex",
		"000102030405060708090a0b0c0d0e0f"
		"101112131415161718191a1b1c1d1e1f\n");
	{
		uint8_t k[32];

		fuzz_test_key(k);
		put("lvec_raw", "key-raw", k, sizeof(k));
	}

	/* replay windows: in order, reordered, duplicates, epoch changes */
	{
		uint8_t s[3 * 80];
		size_t m = 0;

		for (unsigned int i = 1; i <= 70; i++) {
			s[m++] = 1;
			s[m++] = 0;
			s[m++] = (uint8_t)(i % 5 ? i : i - 3);
		}
		put("lvec_replay", "in-order", s, m);
		m = 0;
		for (unsigned int i = 0; i < 20; i++) {
			s[m++] = (uint8_t)(i / 8);
			s[m++] = (uint8_t)(i & 1);
			s[m++] = (uint8_t)(200 - 7 * i);
		}
		put("lvec_replay", "epochs", s, m);
		m = 0;
		s[m++] = 0x80; s[m++] = 0; s[m++] = 0;	/* UINT32_MAX */
		s[m++] = 0x80; s[m++] = 0; s[m++] = 64;
		s[m++] = 0x80; s[m++] = 0; s[m++] = 63;
		s[m++] = 0x80; s[m++] = 0; s[m++] = 0;
		put("lvec_replay", "top", s, m);
	}
}

/* --- cluster maps ----------------------------------------------------- */

static void gen_map(void)
{
	put_str("map_diff", "one", "1 10.0.0.1 1\n");
	put_str("map_diff", "openmosix",
		"# openMosix map: first-id address count\n"
		"1 192.168.1.10 4\n"
		"5\t192.168.2.1\t2\t# second switch\n"
		"\n"
		"   20 10.1.0.1 1   \r\n");
	put_str("map_diff", "edges",
		"65535 255.255.255.255 1\n"
		"1 0.0.0.0 1\n"
		"2 0.0.0.1 65533\n");
	put_str("map_diff", "no-newline", "3 10.0.0.3 2");
	put_str("map_diff", "empty", "");
	put_str("map_diff", "comment-only", "# nothing\n\n");
	put_str("map_diff", "overlap-ids", "1 10.0.0.1 4\n3 10.0.1.1 1\n");
	put_str("map_diff", "overlap-addrs", "1 10.0.0.1 4\n9 10.0.0.4 1\n");
	put_str("map_diff", "id-zero", "0 10.0.0.1 1\n");
	put_str("map_diff", "id-too-big", "65536 10.0.0.1 1\n");
	put_str("map_diff", "ids-past-end", "65530 10.0.0.1 7\n");
	put_str("map_diff", "addrs-wrap", "1 255.255.255.254 3\n");
	put_str("map_diff", "count-zero", "1 10.0.0.1 0\n");
	put_str("map_diff", "four-fields", "1 10.0.0.1 1 x\n");
	put_str("map_diff", "two-fields", "1 10.0.0.1\n");
	put_str("map_diff", "bad-addr", "1 10.0.0.256 1\n");
	put_str("map_diff", "huge-id", "4294967297 10.0.0.1 1\n");
}

/* --- admin socket answers -------------------------------------------- */

static void gen_adminc(void)
{
	put_str("adminc", "nodes",
		"node 1 addr=10.0.0.1 state=self load=120 speed=1000 ncpus=2 "
		"memtotal=2097152 memfree=1048576 util=55 guests=0 "
		"flags=blocked,stay age=0\n"
		"node 2 addr=10.0.0.2 state=up load=0 speed=900 ncpus=1 "
		"memtotal=1048576 memfree=1000000 util=0 guests=3 flags=- age=850\n"
		"node 3 state=dead\n"
		".\n");
	put_str("adminc", "err", "ERR no such node\n.\n");
	put_str("adminc", "err-bare", "ERR\n.\n");
	put_str("adminc", "unknown-keys", "node 7 future=1 flags=quiet,lstay,new\n.\n");
	put_str("adminc", "bad-util", "node 1 util=101\n.\n");
	put_str("adminc", "no-end", "node 1 addr=10.0.0.1\n");
	put_str("adminc", "line", "node 65535 addr=255.255.255.255 load=-5");
}

/* --- migration stream -------------------------------------------------- */

static size_t msg(uint8_t *out, u64 seq, u8 type, const void *payload,
		  u32 len)
{
	hpc_wire_encode_hdr(out, type, len, seq, 0);
	if (len)
		memcpy(out + HPC_HDR_SIZE, payload, len);
	return HPC_HDR_SIZE + len;
}

static void gen_wire(void)
{
	static uint8_t s[3 * HPC_PAGE_SIZE], p[HPC_PAGE_SIZE + 64];
	static const char path[] = "/usr/bin/flac";
	struct hpc_vma_desc v = { 0 };
	struct hpc_end_desc e = { .pages = 1, .vmas = 2, .regsets = 1 };
	struct hpc_sleep_desc sleep = {
		.on = true, .clock = 1, .left_ns = 2500000000ull,
		.rmtp = 0x7ffc12345670ull,
	};
	struct hpc_sleep_desc fwait = {
		.on = true, .futex = true, .clock = 0, .left_ns = 7000000000ull,
		.uaddr = 0x7ffc00001234ull, .val = 3, .bitset = ~0u,
	};
	static const u8 nonce[HPC_HELLO_NONCE_SIZE] = { 1, 2, 3, 4 };
	struct hpc_hello_desc hello = {
		.from = 1, .to = 2, .purpose = HPC_HELLO_MIGRATE,
		.flags = HPC_HELLO_F_SEAL, .nonce = nonce,
	};
	size_t m = 0;
	u64 seq = 0;

	/* a whole small image, then the commit and a keepalive */
	hpc_wire_encode_hello(p, &hello);
	m += msg(s + m, seq++, HPC_MSG_HELLO, p, sizeof(struct hpc_wire_hello));
	memset(p, 0x5a, HPC_AUTH_MAC_SIZE);
	m += msg(s + m, seq++, HPC_MSG_AUTH, p, HPC_AUTH_MAC_SIZE);
	v.start = 0x400000;
	v.end = 0x402000;
	v.flags = HPC_VMA_READ | HPC_VMA_EXEC;
	v.path_len = sizeof(path) - 1;
	v.file_size = 8192;
	v.file_mtime = 1700000000000000000LL;
	hpc_wire_encode_vma(p, &v);
	memcpy(p + sizeof(struct hpc_wire_vma), path, v.path_len);
	m += msg(s + m, seq++, HPC_MSG_MIG_VMA, p,
		 sizeof(struct hpc_wire_vma) + v.path_len);
	v.start = 0x7ffff000;
	v.end = 0x80000000;
	v.flags = HPC_VMA_READ | HPC_VMA_WRITE | HPC_VMA_GROWSDOWN;
	v.path_len = 0;
	v.file_size = 0;
	v.file_mtime = 0;
	hpc_wire_encode_vma(p, &v);
	m += msg(s + m, seq++, HPC_MSG_MIG_VMA, p, sizeof(struct hpc_wire_vma));
	hpc_wire_encode_pages(p, 0x7ffff000, 1);
	memset(p + 16, 0xa5, HPC_PAGE_SIZE);
	m += msg(s + m, seq++, HPC_MSG_MIG_PAGES, p, 16 + HPC_PAGE_SIZE);
	hpc_wire_encode_regset(p, 1, 32);
	memset(p + 8, 0x11, 32);
	m += msg(s + m, seq++, HPC_MSG_MIG_REGSET, p, 8 + 32);
	hpc_wire_encode_end(p, &e);
	m += msg(s + m, seq++, HPC_MSG_MIG_END, p, 16);
	hpc_wire_encode_ack(p, 0);
	m += msg(s + m, seq++, HPC_MSG_MIG_ACK, p, 8);
	m += msg(s + m, seq++, HPC_MSG_MIG_COMMIT, NULL, 0);
	hpc_wire_encode_commit(p, 1ULL << 13);
	m += msg(s + m, seq++, HPC_MSG_MIG_COMMIT, p, 8);
	m += msg(s + m, seq++, HPC_MSG_PING, NULL, 0);
	m += msg(s + m, seq++, HPC_MSG_PONG, NULL, 0);
	hpc_wire_encode_pong(p, 1500000000ULL, 20000000ULL);
	m += msg(s + m, seq++, HPC_MSG_PONG, p, sizeof(struct hpc_wire_pong));
	m += msg(s + m, seq++, HPC_MSG_COME_HOME, NULL, 0);
	put("wire", "stream-image", s, m);

	/* header alone, one byte short, wrong sequence number */
	m = msg(s, 0, HPC_MSG_PING, NULL, 0);
	put("wire", "hdr-ping", s, m);
	put("wire", "hdr-short", s, m - 1);
	m = msg(s, 5, HPC_MSG_PING, NULL, 0);
	put("wire", "hdr-bad-seq", s, m);

	/* payload mode: selector byte, then the payload */
	p[0] = 0;
	hello.from = 65535;
	hello.to = 1;
	hpc_wire_encode_hello(p + 1, &hello);
	put("wire", "sel-hello", p, 1 + sizeof(struct hpc_wire_hello));
	p[0] = 1;
	v.start = 0;
	v.end = 0xfffffffffffff000ull;
	v.flags = HPC_VMA_READ | HPC_VMA_SHARED;
	v.pgoff = (u64)1 << 52;
	v.path_len = 1;
	hpc_wire_encode_vma(p + 1, &v);
	p[1 + 40] = '/';
	put("wire", "sel-vma-shared", p, 1 + 40 + 1);
	p[0] = 2;
	hpc_wire_encode_pages(p + 1, 0xffffffffffffe000ull, 1);
	memset(p + 17, 0, HPC_PAGE_SIZE);
	put("wire", "sel-pages-top", p, 1 + 16 + HPC_PAGE_SIZE);
	p[0] = 3;
	hpc_wire_encode_regset(p + 1, 0x202, 4);
	memset(p + 9, 0, 4);
	put("wire", "sel-regset", p, 1 + 8 + 4);
	p[0] = 4;
	hpc_wire_encode_end(p + 1, &e);
	put("wire", "sel-end", p, 1 + 16);
	p[0] = 5;
	hpc_wire_encode_ack(p + 1, 4095);
	put("wire", "sel-ack", p, 1 + 8);
	p[0] = 6;				/* SIGALRM came late */
	hpc_wire_encode_commit(p + 1, 1ULL << 13);
	put("wire", "sel-commit-late", p, 1 + 8);
	p[0] = 7;				/* 2.5 s of a nanosleep left */
	memset(p + 1, 0, sizeof(struct hpc_wire_task));
	hpc_wire_encode_sleep(p + 1, &sleep);
	put("wire", "sel-task-sleep", p, 1 + sizeof(struct hpc_wire_task));
	memset(p + 1, 0, sizeof(struct hpc_wire_task));	/* 7 s of a futex wait */
	hpc_wire_encode_sleep(p + 1, &fwait);
	put("wire", "sel-task-futex", p, 1 + sizeof(struct hpc_wire_task));
	p[0] = 8;				/* exit 3 after 2.5 s of CPU */
	hpc_wire_encode_exit(p + 1, &(struct hpc_exit_desc){
		.code = 3 << 8, .utime = 2400000000ULL, .stime = 100000000 });
	put("wire", "sel-exit", p, 1 + sizeof(struct hpc_wire_exit));
	p[0] = 9;				/* a body's keepalive answer */
	hpc_wire_encode_pong(p + 1, 1500000000ULL, 20000000ULL);
	put("wire", "sel-pong", p, 1 + sizeof(struct hpc_wire_pong));
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen-corpus DIR\n");
		return 2;
	}
	root = argv[1];
	if (mkdir(root, 0755) && errno != EEXIST) {
		perror(root);
		return 1;
	}
	if (lvec_init())
		return 1;
	gen_lvec();
	gen_map();
	gen_adminc();
	gen_wire();
	return 0;
}
