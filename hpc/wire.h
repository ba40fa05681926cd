/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding and encoding of the node-to-node wire format: pure functions on
 * a buffer and its length, built into the kernel and, unchanged, into user
 * space programs (fuzzers, the stream decoder in tools/).
 */
#ifndef _HPC_WIRE_H
#define _HPC_WIRE_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <uapi/linux/hpc.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/hpc.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#endif

#define HPC_HDR_SIZE	24

/* A decoded header, host byte order. */
struct hpc_msg {
	u8	type;
	u16	flags;		/* HPC_MSG_F_SEALED or _SIGNED: a tag follows */
	u32	length;
	u64	seq;
};

/* A decoded HELLO (the nonce stays in the buffer). */
struct hpc_hello_desc {
	u16		from, to;
	u32		purpose;
	u32		flags;
	const u8	*nonce;		/* HPC_HELLO_NONCE_SIZE bytes */
};

/* A decoded MIG_VMA (the path stays in the buffer, not NUL-terminated). */
struct hpc_vma_desc {
	u64		start, end, flags, pgoff;
	u32		path_len;
	const char	*path;
	u64		file_size;	/* the mapped file's size... */
	int64_t		file_mtime;	/* ...and mtime in ns; 0, 0: anonymous */
};

struct hpc_pages_desc {
	u64		addr;
	u32		npages;
	const u8	*data;
};

struct hpc_regset_desc {
	u32		note_type;
	u32		size;
	const u8	*data;
};

struct hpc_end_desc {
	u64	pages;
	u32	vmas;
	u32	regsets;
};

struct hpc_syscall_desc {
	u32		nr;
	u64		args[6];
	u32		len[6];
	const u8	*data;
};

struct hpc_sysret_desc {
	int64_t		result;
	u32		len[6];
	const u8	*data;
};

struct hpc_signal_desc {
	u32	signo;
	int32_t	code;
	u32	pid;
	u32	uid;
};

int hpc_wire_decode_hdr(const void *buf, size_t len, u64 expect_seq,
			struct hpc_msg *msg);
void hpc_wire_encode_hdr(void *buf, u8 type, u32 length, u64 seq, u16 flags);
int hpc_wire_decode_hello(const void *buf, size_t len,
			  struct hpc_hello_desc *h);
void hpc_wire_encode_hello(void *buf, const struct hpc_hello_desc *h);
int hpc_wire_decode_vma(const void *buf, size_t len, struct hpc_vma_desc *v);
void hpc_wire_encode_vma(void *buf, const struct hpc_vma_desc *v);
int hpc_wire_decode_pages(const void *buf, size_t len,
			  struct hpc_pages_desc *p);
void hpc_wire_encode_pages(void *buf, u64 addr, u32 npages);
int hpc_wire_decode_regset(const void *buf, size_t len,
			   struct hpc_regset_desc *r);
void hpc_wire_encode_regset(void *buf, u32 note_type, u32 size);
int hpc_wire_decode_end(const void *buf, size_t len, struct hpc_end_desc *e);
void hpc_wire_encode_end(void *buf, const struct hpc_end_desc *e);
int hpc_wire_decode_ack(const void *buf, size_t len, u32 *error);
void hpc_wire_encode_ack(void *buf, u32 error);
/*
 * The rest of a sleep in a MIG_TASK (host values; on is false for none):
 * a nanosleep(), or with futex a timed futex wait.
 */
struct hpc_sleep_desc {
	bool	on;
	bool	futex;
	bool	shared;		/* futex: not a private one */
	u32	clock;
	u64	left_ns;
	u64	rmtp;		/* 0: the caller wants no time left */
	u64	uaddr;		/* futex: the word */
	u32	val;		/* futex: the value it waits while the word holds */
	u32	bitset;		/* futex: the waker bits it answers */
};

int hpc_wire_decode_sleep(const void *task, struct hpc_sleep_desc *s);
void hpc_wire_encode_sleep(void *task, const struct hpc_sleep_desc *s);

int hpc_wire_decode_commit(const void *buf, size_t len, u64 *late);
void hpc_wire_encode_commit(void *buf, u64 late);

int hpc_wire_decode_syscall(const void *buf, size_t len,
			    struct hpc_syscall_desc *sc);
void hpc_wire_encode_syscall(void *buf, const struct hpc_syscall_desc *sc);
int hpc_wire_decode_sysret(const void *buf, size_t len,
			   struct hpc_sysret_desc *r);
void hpc_wire_encode_sysret(void *buf, const struct hpc_sysret_desc *r);
/* EXIT: the status and the CPU time the body used, ns */
struct hpc_exit_desc {
	u32	code;
	u64	utime, stime;
};
int hpc_wire_decode_exit(const void *buf, size_t len, struct hpc_exit_desc *e);
void hpc_wire_encode_exit(void *buf, const struct hpc_exit_desc *e);
/* MIG_TASK (a whole, length-checked one): the body's CPU time, ns */
int hpc_wire_decode_cputime(const void *task, u64 *utime, u64 *stime);
/* PONG: a body's CPU time so far, ns; an empty one (a deputy's) gives 0 */
int hpc_wire_decode_pong(const void *buf, size_t len, u64 *utime, u64 *stime);
void hpc_wire_encode_pong(void *buf, u64 utime, u64 stime);

int hpc_wire_decode_signal(const void *buf, size_t len,
			   struct hpc_signal_desc *sig);
void hpc_wire_encode_signal(void *buf, const struct hpc_signal_desc *sig);

/* Field access for the fixed structures (struct hpc_wire_task, ...). */
u16 hpc_get_be16(const void *p);
u32 hpc_get_be32(const void *p);
u64 hpc_get_be64(const void *p);
void hpc_put_be16(void *p, u16 v);
void hpc_put_be32(void *p, u32 v);
void hpc_put_be64(void *p, u64 v);

#define HPC_GET32(buf, s, f) \
	hpc_get_be32((const u8 *)(buf) + offsetof(struct s, f))
#define HPC_GET64(buf, s, f) \
	hpc_get_be64((const u8 *)(buf) + offsetof(struct s, f))
#define HPC_PUT32(buf, s, f, v) \
	hpc_put_be32((u8 *)(buf) + offsetof(struct s, f), (v))
#define HPC_PUT64(buf, s, f, v) \
	hpc_put_be64((u8 *)(buf) + offsetof(struct s, f), (v))

#endif /* _HPC_WIRE_H */
