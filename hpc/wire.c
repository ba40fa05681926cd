// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one place where node-to-node messages are decoded.
 *
 * Every function here is pure: a buffer and its length in, host values or
 * a negative errno out. Nothing is cast from the buffer to a structure;
 * each field is read at its offset with an explicit byte order. Built into
 * the kernel and, with -DHPC_WIRE_USER, into user-space fuzzers.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/stddef.h>
#else
#include <errno.h>
#endif
#include "wire.h"

u16 hpc_get_be16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] << 8 | b[1]);
}

u32 hpc_get_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

u64 hpc_get_be64(const void *p)
{
	const u8 *b = p;

	return (u64)hpc_get_be32(b) << 32 | hpc_get_be32(b + 4);
}

void hpc_put_be16(void *p, u16 v)
{
	u8 *b = p;

	b[0] = v >> 8;
	b[1] = v;
}

void hpc_put_be32(void *p, u32 v)
{
	u8 *b = p;

	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
}

void hpc_put_be64(void *p, u64 v)
{
	hpc_put_be32(p, v >> 32);
	hpc_put_be32((u8 *)p + 4, (u32)v);
}

/* Payload length limits per message type: [min, max]. */
static const struct {
	u32 min, max;
} hpc_msg_len[HPC_MSG_TYPE_MAX + 1] = {
	[HPC_MSG_HELLO]		= { sizeof(struct hpc_wire_hello),
				    sizeof(struct hpc_wire_hello) },
	[HPC_MSG_MIG_TASK]	= { sizeof(struct hpc_wire_task),
				    sizeof(struct hpc_wire_task) },
	[HPC_MSG_MIG_SIGACT]	= { HPC_NSIG * 32, HPC_NSIG * 32 },
	[HPC_MSG_MIG_VMA]	= { 56, 56 + HPC_PATH_MAX },
	[HPC_MSG_MIG_PAGES]	= { 16 + HPC_PAGE_SIZE,
				    16 + HPC_PAGES_PER_MSG * HPC_PAGE_SIZE },
	[HPC_MSG_MIG_REGSET]	= { 8, 8 + HPC_REGSET_MAX },
	[HPC_MSG_MIG_END]	= { 16, 16 },
	[HPC_MSG_MIG_ACK]	= { 8, 8 },
	[HPC_MSG_MIG_COMMIT]	= { 0, sizeof(struct hpc_wire_commit) },
	[HPC_MSG_PING]		= { 0, 0 },
	[HPC_MSG_PONG]		= { 0, sizeof(struct hpc_wire_pong) },
	[HPC_MSG_COME_HOME]	= { 0, 0 },
	[HPC_MSG_SYSCALL]	= { 80, 80 + HPC_FWD_MAX + 2 * HPC_PATH_MAX },
	[HPC_MSG_SYSRET]	= { 40, 40 + HPC_FWD_MAX },
	[HPC_MSG_EXIT]		= { 24, 24 },
	[HPC_MSG_SIGNAL]	= { 16, 16 },
	[HPC_MSG_AUTH]		= { HPC_AUTH_MAC_SIZE, HPC_AUTH_MAC_SIZE },
};

/**
 * hpc_wire_decode_hdr() - check and decode a message header
 * @buf: the received bytes
 * @len: how many there are
 * @expect_seq: the sequence number the next message must carry
 * @msg: the decoded header
 *
 * Return: 0, -EBADMSG for a truncated or malformed header, -EPROTO for a
 * wrong magic or sequence, -EPROTONOSUPPORT for another protocol version,
 * -EMSGSIZE for a payload length the type does not allow.
 */
int hpc_wire_decode_hdr(const void *buf, size_t len, u64 expect_seq,
			struct hpc_msg *msg)
{
	const u8 *b = buf;
	u16 flags;
	u8 type;
	u32 length;

	if (len < HPC_HDR_SIZE)
		return -EBADMSG;
	if (HPC_GET32(b, hpc_msg_hdr, magic) != HPC_MSG_MAGIC)
		return -EPROTO;
	if (b[offsetof(struct hpc_msg_hdr, version)] != HPC_PROTO_VERSION)
		return -EPROTONOSUPPORT;
	type = b[offsetof(struct hpc_msg_hdr, type)];
	if (type == 0 || type > HPC_MSG_TYPE_MAX)
		return -EBADMSG;
	flags = hpc_get_be16(b + offsetof(struct hpc_msg_hdr, flags));
	if ((flags != 0 && flags != HPC_MSG_F_SEALED &&
	     flags != HPC_MSG_F_SIGNED) || HPC_GET32(b, hpc_msg_hdr, reserved))
		return -EBADMSG;
	length = HPC_GET32(b, hpc_msg_hdr, length);
	if (length < hpc_msg_len[type].min || length > hpc_msg_len[type].max)
		return -EMSGSIZE;
	if (HPC_GET64(b, hpc_msg_hdr, seq) != expect_seq)
		return -EPROTO;
	msg->type = type;
	msg->length = length;
	msg->seq = expect_seq;
	msg->flags = flags;
	return 0;
}

void hpc_wire_encode_hdr(void *buf, u8 type, u32 length, u64 seq, u16 flags)
{
	u8 *b = buf;

	HPC_PUT32(b, hpc_msg_hdr, magic, HPC_MSG_MAGIC);
	b[offsetof(struct hpc_msg_hdr, version)] = HPC_PROTO_VERSION;
	b[offsetof(struct hpc_msg_hdr, type)] = type;
	hpc_put_be16(b + offsetof(struct hpc_msg_hdr, flags), flags);
	HPC_PUT32(b, hpc_msg_hdr, length, length);
	HPC_PUT32(b, hpc_msg_hdr, reserved, 0);
	HPC_PUT64(b, hpc_msg_hdr, seq, seq);
}

int hpc_wire_decode_hello(const void *buf, size_t len,
			  struct hpc_hello_desc *h)
{
	const u8 *b = buf;

	if (len != sizeof(struct hpc_wire_hello))
		return -EBADMSG;
	if (HPC_GET32(b, hpc_wire_hello, reserved) != 0)
		return -EBADMSG;
	h->from = hpc_get_be16(b + offsetof(struct hpc_wire_hello, from_node));
	h->to = hpc_get_be16(b + offsetof(struct hpc_wire_hello, to_node));
	h->purpose = HPC_GET32(b, hpc_wire_hello, purpose);
	h->flags = HPC_GET32(b, hpc_wire_hello, flags);
	h->nonce = b + offsetof(struct hpc_wire_hello, nonce);
	if (h->from == 0 || h->to == 0 || h->purpose != HPC_HELLO_MIGRATE ||
	    (h->flags & ~(u32)HPC_HELLO_F_SEAL))
		return -EBADMSG;
	return 0;
}

void hpc_wire_encode_hello(void *buf, const struct hpc_hello_desc *h)
{
	u8 *b = buf;
	size_t i;

	hpc_put_be16(b + offsetof(struct hpc_wire_hello, from_node), h->from);
	hpc_put_be16(b + offsetof(struct hpc_wire_hello, to_node), h->to);
	HPC_PUT32(b, hpc_wire_hello, purpose, h->purpose);
	HPC_PUT32(b, hpc_wire_hello, flags, h->flags);
	HPC_PUT32(b, hpc_wire_hello, reserved, 0);
	for (i = 0; i < HPC_HELLO_NONCE_SIZE; i++)
		b[offsetof(struct hpc_wire_hello, nonce) + i] = h->nonce[i];
}

int hpc_wire_decode_vma(const void *buf, size_t len, struct hpc_vma_desc *v)
{
	const u8 *b = buf;
	size_t i;

	if (len < sizeof(struct hpc_wire_vma))
		return -EBADMSG;
	v->start = HPC_GET64(b, hpc_wire_vma, start);
	v->end = HPC_GET64(b, hpc_wire_vma, end);
	v->flags = HPC_GET64(b, hpc_wire_vma, flags);
	v->pgoff = HPC_GET64(b, hpc_wire_vma, pgoff);
	v->path_len = HPC_GET32(b, hpc_wire_vma, path_len);
	v->file_size = HPC_GET64(b, hpc_wire_vma, file_size);
	v->file_mtime = (int64_t)HPC_GET64(b, hpc_wire_vma, file_mtime);
	if (HPC_GET32(b, hpc_wire_vma, reserved) != 0)
		return -EBADMSG;
	if (!v->path_len && (v->file_size || v->file_mtime))
		return -EBADMSG;
	if (v->path_len > HPC_PATH_MAX ||
	    len != sizeof(struct hpc_wire_vma) + v->path_len)
		return -EBADMSG;
	if (v->start >= v->end || (v->start | v->end) % HPC_PAGE_SIZE ||
	    (v->flags & ~(u64)HPC_VMA_FLAGS))
		return -EBADMSG;
	if ((v->flags & HPC_VMA_SHARED) &&
	    (!v->path_len || (v->flags & HPC_VMA_WRITE)))
		return -EBADMSG;
	if (v->pgoff > ((u64)1 << 52))
		return -EBADMSG;
	v->path = (const char *)b + sizeof(struct hpc_wire_vma);
	if (v->path_len && v->path[0] != '/')
		return -EBADMSG;
	for (i = 0; i < v->path_len; i++)
		if (v->path[i] == '\0')
			return -EBADMSG;
	return 0;
}

void hpc_wire_encode_vma(void *buf, const struct hpc_vma_desc *v)
{
	u8 *b = buf;

	HPC_PUT64(b, hpc_wire_vma, start, v->start);
	HPC_PUT64(b, hpc_wire_vma, end, v->end);
	HPC_PUT64(b, hpc_wire_vma, flags, v->flags);
	HPC_PUT64(b, hpc_wire_vma, pgoff, v->pgoff);
	HPC_PUT32(b, hpc_wire_vma, path_len, v->path_len);
	HPC_PUT32(b, hpc_wire_vma, reserved, 0);
	HPC_PUT64(b, hpc_wire_vma, file_size, v->file_size);
	HPC_PUT64(b, hpc_wire_vma, file_mtime, (u64)v->file_mtime);
}

int hpc_wire_decode_pages(const void *buf, size_t len,
			  struct hpc_pages_desc *p)
{
	const u8 *b = buf;

	if (len < sizeof(struct hpc_wire_pages))
		return -EBADMSG;
	p->addr = HPC_GET64(b, hpc_wire_pages, addr);
	p->npages = HPC_GET32(b, hpc_wire_pages, npages);
	if (HPC_GET32(b, hpc_wire_pages, reserved) != 0)
		return -EBADMSG;
	if (p->npages == 0 || p->npages > HPC_PAGES_PER_MSG ||
	    len != sizeof(struct hpc_wire_pages) +
		   (size_t)p->npages * HPC_PAGE_SIZE)
		return -EBADMSG;
	if (p->addr % HPC_PAGE_SIZE ||
	    p->addr + (u64)p->npages * HPC_PAGE_SIZE < p->addr)
		return -EBADMSG;
	p->data = b + sizeof(struct hpc_wire_pages);
	return 0;
}

void hpc_wire_encode_pages(void *buf, u64 addr, u32 npages)
{
	u8 *b = buf;

	HPC_PUT64(b, hpc_wire_pages, addr, addr);
	HPC_PUT32(b, hpc_wire_pages, npages, npages);
	HPC_PUT32(b, hpc_wire_pages, reserved, 0);
}

int hpc_wire_decode_regset(const void *buf, size_t len,
			   struct hpc_regset_desc *r)
{
	const u8 *b = buf;

	if (len < sizeof(struct hpc_wire_regset))
		return -EBADMSG;
	r->note_type = HPC_GET32(b, hpc_wire_regset, note_type);
	r->size = HPC_GET32(b, hpc_wire_regset, size);
	if (r->size == 0 || r->size > HPC_REGSET_MAX ||
	    len != sizeof(struct hpc_wire_regset) + r->size)
		return -EBADMSG;
	r->data = b + sizeof(struct hpc_wire_regset);
	return 0;
}

void hpc_wire_encode_regset(void *buf, u32 note_type, u32 size)
{
	u8 *b = buf;

	HPC_PUT32(b, hpc_wire_regset, note_type, note_type);
	HPC_PUT32(b, hpc_wire_regset, size, size);
}

int hpc_wire_decode_end(const void *buf, size_t len, struct hpc_end_desc *e)
{
	const u8 *b = buf;

	if (len != sizeof(struct hpc_wire_end))
		return -EBADMSG;
	e->pages = HPC_GET64(b, hpc_wire_end, pages);
	e->vmas = HPC_GET32(b, hpc_wire_end, vmas);
	e->regsets = HPC_GET32(b, hpc_wire_end, regsets);
	return 0;
}

void hpc_wire_encode_end(void *buf, const struct hpc_end_desc *e)
{
	u8 *b = buf;

	HPC_PUT64(b, hpc_wire_end, pages, e->pages);
	HPC_PUT32(b, hpc_wire_end, vmas, e->vmas);
	HPC_PUT32(b, hpc_wire_end, regsets, e->regsets);
}

int hpc_wire_decode_ack(const void *buf, size_t len, u32 *error)
{
	const u8 *b = buf;

	if (len != sizeof(struct hpc_wire_ack) ||
	    HPC_GET32(b, hpc_wire_ack, reserved) != 0)
		return -EBADMSG;
	*error = HPC_GET32(b, hpc_wire_ack, error);
	if (*error > 4095)
		return -EBADMSG;
	return 0;
}

void hpc_wire_encode_ack(void *buf, u32 error)
{
	u8 *b = buf;

	HPC_PUT32(b, hpc_wire_ack, error, error);
	HPC_PUT32(b, hpc_wire_ack, reserved, 0);
}

/* CPU times past HPC_CPUTIME_MAX are refused: no peer can have used them */
static bool hpc_wire_cputime_ok(u64 utime, u64 stime)
{
	return utime <= HPC_CPUTIME_MAX && stime <= HPC_CPUTIME_MAX;
}

int hpc_wire_decode_cputime(const void *task, u64 *utime, u64 *stime)
{
	const u8 *t = task;

	*utime = HPC_GET64(t, hpc_wire_task, cpu_utime_ns);
	*stime = HPC_GET64(t, hpc_wire_task, cpu_stime_ns);
	return hpc_wire_cputime_ok(*utime, *stime) ? 0 : -EBADMSG;
}

/*
 * The sleep fields of a MIG_TASK (@task: a whole one, as its length was
 * checked with its header). The clocks are those a relative nanosleep()
 * or clock_nanosleep() sleeps on with an hrtimer, and those a futex wait
 * times out on; Linux clockids are ABI.
 */
int hpc_wire_decode_sleep(const void *task, struct hpc_sleep_desc *s)
{
	const u8 *t = task;
	u32 flags = HPC_GET32(t, hpc_wire_task, sleep_flags);

	s->clock = HPC_GET32(t, hpc_wire_task, sleep_clock);
	s->left_ns = HPC_GET64(t, hpc_wire_task, sleep_left_ns);
	s->rmtp = HPC_GET64(t, hpc_wire_task, sleep_rmtp);
	s->uaddr = HPC_GET64(t, hpc_wire_task, futex_uaddr);
	s->val = HPC_GET32(t, hpc_wire_task, futex_val);
	s->bitset = HPC_GET32(t, hpc_wire_task, futex_bitset);
	s->on = flags & HPC_SLEEP_ON;
	s->futex = flags & HPC_SLEEP_FUTEX;
	s->shared = flags & HPC_SLEEP_SHARED;
	if (flags & ~HPC_SLEEP_KNOWN)
		return -EBADMSG;
	if (!s->on)
		return flags || s->clock || s->left_ns || s->rmtp || s->uaddr ||
		       s->val || s->bitset ? -EBADMSG : 0;
	switch (s->clock) {
	case 0:		/* CLOCK_REALTIME */
	case 1:		/* CLOCK_MONOTONIC */
		break;
	case 7:		/* CLOCK_BOOTTIME */
	case 11:	/* CLOCK_TAI */
		if (!s->futex)	/* a futex times out on the first two */
			break;
		return -EBADMSG;
	default:
		return -EBADMSG;
	}
	if (s->left_ns > (u64)1 << 62 ||	/* beyond any ktime_t */
	    !(flags & HPC_SLEEP_RMTP) != !s->rmtp)
		return -EBADMSG;
	if (!s->futex)
		return s->shared || s->uaddr || s->val || s->bitset ?
		       -EBADMSG : 0;
	/* a futex word is a u32 of user memory; a wait answers some waker */
	if (s->rmtp || !s->uaddr || s->uaddr & 3 || !s->bitset)
		return -EBADMSG;
	return 0;
}

void hpc_wire_encode_sleep(void *task, const struct hpc_sleep_desc *s)
{
	u8 *t = task;
	bool fx = s->on && s->futex;

	HPC_PUT64(t, hpc_wire_task, sleep_left_ns, s->on ? s->left_ns : 0);
	HPC_PUT64(t, hpc_wire_task, sleep_rmtp, s->on ? s->rmtp : 0);
	HPC_PUT32(t, hpc_wire_task, sleep_clock, s->on ? s->clock : 0);
	HPC_PUT32(t, hpc_wire_task, sleep_flags,
		  !s->on ? 0 : HPC_SLEEP_ON | (s->rmtp ? HPC_SLEEP_RMTP : 0) |
		  (fx ? HPC_SLEEP_FUTEX : 0) |
		  (fx && s->shared ? HPC_SLEEP_SHARED : 0));
	HPC_PUT64(t, hpc_wire_task, futex_uaddr, fx ? s->uaddr : 0);
	HPC_PUT32(t, hpc_wire_task, futex_val, fx ? s->val : 0);
	HPC_PUT32(t, hpc_wire_task, futex_bitset, fx ? s->bitset : 0);
}

/* An empty commit has no late signals; SIGKILL and SIGSTOP never travel. */
int hpc_wire_decode_commit(const void *buf, size_t len, u64 *late)
{
	const u8 *b = buf;

	*late = 0;
	if (!len)
		return 0;
	if (len != sizeof(struct hpc_wire_commit))
		return -EBADMSG;
	*late = HPC_GET64(b, hpc_wire_commit, late_signals);
	if (*late & ((u64)1 << (9 - 1) | (u64)1 << (19 - 1)))	/* KILL, STOP */
		return -EBADMSG;
	return 0;
}

void hpc_wire_encode_commit(void *buf, u64 late)
{
	u8 *b = buf;

	HPC_PUT64(b, hpc_wire_commit, late_signals, late);
}

/* the six lengths at @p must add up to exactly @avail bytes */
static int hpc_wire_lens(const u8 *p, u32 lens[6], size_t avail)
{
	size_t sum = 0;
	int i;

	for (i = 0; i < 6; i++) {
		lens[i] = hpc_get_be32(p + 4 * i);
		if (lens[i] > HPC_FWD_MAX + HPC_PATH_MAX)
			return -EBADMSG;
		sum += lens[i];
	}
	return sum == avail ? 0 : -EBADMSG;
}

int hpc_wire_decode_syscall(const void *buf, size_t len,
			    struct hpc_syscall_desc *sc)
{
	const u8 *b = buf;
	int i;

	if (len < sizeof(struct hpc_wire_syscall) ||
	    HPC_GET32(b, hpc_wire_syscall, reserved) != 0)
		return -EBADMSG;
	sc->nr = HPC_GET32(b, hpc_wire_syscall, nr);
	for (i = 0; i < 6; i++)
		sc->args[i] = hpc_get_be64(b +
			offsetof(struct hpc_wire_syscall, args) + 8 * i);
	sc->data = b + sizeof(struct hpc_wire_syscall);
	return hpc_wire_lens(b + offsetof(struct hpc_wire_syscall, len),
			     sc->len, len - sizeof(struct hpc_wire_syscall));
}

void hpc_wire_encode_syscall(void *buf, const struct hpc_syscall_desc *sc)
{
	u8 *b = buf;
	int i;

	HPC_PUT32(b, hpc_wire_syscall, nr, sc->nr);
	HPC_PUT32(b, hpc_wire_syscall, reserved, 0);
	for (i = 0; i < 6; i++) {
		hpc_put_be64(b + offsetof(struct hpc_wire_syscall, args) +
			     8 * i, sc->args[i]);
		hpc_put_be32(b + offsetof(struct hpc_wire_syscall, len) +
			     4 * i, sc->len[i]);
	}
}

int hpc_wire_decode_sysret(const void *buf, size_t len,
			   struct hpc_sysret_desc *r)
{
	const u8 *b = buf;

	if (len < sizeof(struct hpc_wire_sysret) ||
	    hpc_get_be32(b + offsetof(struct hpc_wire_sysret, reserved)) ||
	    hpc_get_be32(b + offsetof(struct hpc_wire_sysret, reserved) + 4))
		return -EBADMSG;
	r->result = (int64_t)HPC_GET64(b, hpc_wire_sysret, result);
	r->data = b + sizeof(struct hpc_wire_sysret);
	return hpc_wire_lens(b + offsetof(struct hpc_wire_sysret, len),
			     r->len, len - sizeof(struct hpc_wire_sysret));
}

void hpc_wire_encode_sysret(void *buf, const struct hpc_sysret_desc *r)
{
	u8 *b = buf;
	int i;

	HPC_PUT64(b, hpc_wire_sysret, result, (u64)r->result);
	for (i = 0; i < 6; i++)
		hpc_put_be32(b + offsetof(struct hpc_wire_sysret, len) + 4 * i,
			     r->len[i]);
	hpc_put_be32(b + offsetof(struct hpc_wire_sysret, reserved), 0);
	hpc_put_be32(b + offsetof(struct hpc_wire_sysret, reserved) + 4, 0);
}

int hpc_wire_decode_exit(const void *buf, size_t len, struct hpc_exit_desc *e)
{
	const u8 *b = buf;

	if (len != sizeof(struct hpc_wire_exit) ||
	    HPC_GET32(b, hpc_wire_exit, reserved) != 0)
		return -EBADMSG;
	e->code = HPC_GET32(b, hpc_wire_exit, code);
	e->utime = HPC_GET64(b, hpc_wire_exit, utime_ns);
	e->stime = HPC_GET64(b, hpc_wire_exit, stime_ns);
	if (e->code > 0xffff || !hpc_wire_cputime_ok(e->utime, e->stime))
		return -EBADMSG;
	return 0;
}

void hpc_wire_encode_exit(void *buf, const struct hpc_exit_desc *e)
{
	u8 *b = buf;

	HPC_PUT32(b, hpc_wire_exit, code, e->code);
	HPC_PUT32(b, hpc_wire_exit, reserved, 0);
	HPC_PUT64(b, hpc_wire_exit, utime_ns, e->utime);
	HPC_PUT64(b, hpc_wire_exit, stime_ns, e->stime);
}

/*
 * A deputy's PONG is empty (0, 0: nothing to count); a body's gives its
 * CPU time so far.
 */
int hpc_wire_decode_pong(const void *buf, size_t len, u64 *utime, u64 *stime)
{
	const u8 *b = buf;

	*utime = 0;
	*stime = 0;
	if (!len)
		return 0;
	if (len != sizeof(struct hpc_wire_pong))
		return -EBADMSG;
	*utime = HPC_GET64(b, hpc_wire_pong, utime_ns);
	*stime = HPC_GET64(b, hpc_wire_pong, stime_ns);
	return hpc_wire_cputime_ok(*utime, *stime) ? 0 : -EBADMSG;
}

void hpc_wire_encode_pong(void *buf, u64 utime, u64 stime)
{
	u8 *b = buf;

	HPC_PUT64(b, hpc_wire_pong, utime_ns, utime);
	HPC_PUT64(b, hpc_wire_pong, stime_ns, stime);
}

int hpc_wire_decode_signal(const void *buf, size_t len,
			   struct hpc_signal_desc *sig)
{
	const u8 *b = buf;

	if (len != sizeof(struct hpc_wire_signal))
		return -EBADMSG;
	sig->signo = HPC_GET32(b, hpc_wire_signal, signo);
	sig->code = (int32_t)HPC_GET32(b, hpc_wire_signal, code);
	sig->pid = HPC_GET32(b, hpc_wire_signal, pid);
	sig->uid = HPC_GET32(b, hpc_wire_signal, uid);
	/* real-time signals and the ones a handler may catch, not KILL/STOP */
	if (sig->signo < 1 || sig->signo > 64 || sig->signo == 9 ||
	    sig->signo == 19)
		return -EBADMSG;
	return 0;
}

void hpc_wire_encode_signal(void *buf, const struct hpc_signal_desc *sig)
{
	u8 *b = buf;

	HPC_PUT32(b, hpc_wire_signal, signo, sig->signo);
	HPC_PUT32(b, hpc_wire_signal, code, (u32)sig->code);
	HPC_PUT32(b, hpc_wire_signal, pid, sig->pid);
	HPC_PUT32(b, hpc_wire_signal, uid, sig->uid);
}
