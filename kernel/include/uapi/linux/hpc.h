/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * openMosix-style process migration: everything that crosses the network
 * or the user/kernel boundary.
 *
 * Protocol changelog (HPC_PROTO_VERSION):
 *   1  first version: cluster map and node identity only.
 *   2  node-to-node TCP channel (HPC_PORT): framing header, handshake,
 *      migration image stream, commit, keepalive, come-home request,
 *      forwarded system calls, the exit of a body, forwarded signals.
 *   3  authenticated channels: HELLO carries a nonce and the sender's wish
 *      for sealed frames, AUTH proves both ends hold the cluster key
 *      (HMAC-SHA256), and every later frame may be sealed (ChaCha20-
 *      Poly1305, header as associated data, sequence number as nonce).
 *      MIG_TASK carries the signals pending at a body that goes home.
 *   4  no unauthenticated frames after the handshake: a channel with
 *      encryption off has every frame signed (HPC_MSG_F_SIGNED, a
 *      Poly1305 tag over header and payload), no longer sent bare.
 *   5  a body going home interleaves nothing but may read PING and SIGNAL
 *      while it sends its image; MIG_COMMIT from a body carries the
 *      signals forwarded to it after its image was taken
 *      (struct hpc_wire_commit), to be raised at home.
 *   6  MIG_TASK from a body going home carries the rest of a relative
 *      sleep it was taken out of (sleep_* fields), so that the sleep goes
 *      on at home for the time it had left rather than starting over.
 *   7  ... and of a timed futex wait (HPC_SLEEP_FUTEX, futex_* fields), so
 *      that the wait goes on at home until its deadline instead of ending
 *      there with EINTR.
 *   8  the deputy answers getgroups and sched_getaffinity, whose results
 *      count units (gids, bytes): a body of this version forwards them,
 *      and a deputy of version 7 would close the channel on them. A body
 *      going home skips a COME_HOME that crossed its image. MIG_VMA
 *      carries the size and modification time of a mapped file, and
 *      HPC_SYS_FDPATH returns them: a node takes a body only if its own
 *      copy of each file matches. EXIT and a body's MIG_TASK carry the
 *      CPU time the body used, which home adds to the process's own.
 *   9  a body's PONG carries the CPU time it has used so far on its node
 *      (struct hpc_wire_pong), so that home counts it every second while
 *      the process is away, not only when it comes home or ends; the
 *      deputy's PONG stays empty. MIG_TASK from home carries the
 *      process's CPU time so far (cpu_*time_ns, formerly body_*), which a
 *      body's clocks start from. A forwarded call cut short by a signal
 *      the process handles has that SIGNAL sent ahead of its SYSRET, and
 *      the body handles it where it is. The deputy answers
 *      getrusage(RUSAGE_CHILDREN), alarm and setitimer/getitimer of
 *      ITIMER_REAL (a version 8 deputy would close the channel on them).
 *  10 the deputy blocks the signals the body blocks, except those the
 *      process handles (which it forwards as before): a body tells it
 *      its mask with the pseudo call HPC_SYS_SIGMASK whenever that
 *      changes for a signal without a handler, and before any call it
 *      forwards; its answer gives the signals held at home, which the
 *      body's sigpending() adds to its own. A version 9 deputy would
 *      close the channel on it.
 *
 * On the wire every integer is big-endian, every structure has a fixed
 * size (locked below by _Static_assert) and reserved fields are zero.
 * Receivers decode field by field (hpc/wire.c), never by casting.
 */
#ifndef _UAPI_LINUX_HPC_H
#define _UAPI_LINUX_HPC_H

#include <linux/types.h>

#define HPC_PROTO_VERSION	10

/* Node ids are 1..HPC_MAX_NODE_ID; 0 means "not configured" or "home". */
#define HPC_MAX_NODE_ID		65535

/* Limits of /proc/hpc/admin/config. */
#define HPC_MAP_MAX_RANGES	1024
#define HPC_MAP_MAX_LINE	1023	/* bytes, without the newline */
#define HPC_MAP_MAX_TEXT	65536

/*
 * The cluster key written to /proc/hpc/admin/key: this many raw bytes,
 * or twice as many hex digits.
 */
#define HPC_KEY_SIZE		32

/* The TCP port every node listens on for migration channels. */
#define HPC_PORT		7270

/*
 * Framing: every message is a header followed by length bytes of payload.
 * seq counts messages per direction of a connection from 0; a gap or a
 * repeat is a protocol error.
 */
#define HPC_MSG_MAGIC		0x48504331	/* "HPC1" */
#define HPC_MSG_MAX_PAYLOAD	(72 * 1024)

/*
 * Header flags. Every frame after the handshake carries exactly one of
 * them, the same one on the whole channel, and is followed by an
 * HPC_SEAL_TAG_SIZE authentication tag that length does not count.
 * HPC_MSG_F_SEALED: the payload is encrypted (ChaCha20-Poly1305).
 * HPC_MSG_F_SIGNED: the payload is in clear; the tag is Poly1305 over
 * header and payload. Handshake frames carry neither, and no tag.
 */
#define HPC_MSG_F_SEALED	0x0001
#define HPC_MSG_F_SIGNED	0x0002
#define HPC_SEAL_TAG_SIZE	16

struct hpc_msg_hdr {
	__be32	magic;
	__u8	version;	/* HPC_PROTO_VERSION */
	__u8	type;		/* enum hpc_msg_type */
	__be16	flags;		/* HPC_MSG_F_*: at most one */
	__be32	length;		/* payload bytes that follow */
	__be32	reserved;	/* must be 0 */
	__be64	seq;
};

/* Message types (a __u8 on the wire; no enum in structures). */
#define HPC_MSG_HELLO		1	/* handshake, first message each way */
#define HPC_MSG_MIG_TASK	2	/* image: task state, starts an image */
#define HPC_MSG_MIG_SIGACT	3	/* image: all signal actions */
#define HPC_MSG_MIG_VMA		4	/* image: one VMA */
#define HPC_MSG_MIG_PAGES	5	/* image: a run of page contents */
#define HPC_MSG_MIG_REGSET	6	/* image: one register set */
#define HPC_MSG_MIG_END		7	/* image: end, with totals */
#define HPC_MSG_MIG_ACK		8	/* receiver: image applied (or errno) */
#define HPC_MSG_MIG_COMMIT	9	/* sender: ownership passes over */
#define HPC_MSG_PING		10	/* keepalive */
#define HPC_MSG_PONG		11
#define HPC_MSG_COME_HOME	12	/* deputy asks the body to come home */
#define HPC_MSG_SYSCALL		13	/* body: run this call at home */
#define HPC_MSG_SYSRET		14	/* deputy: its result */
#define HPC_MSG_EXIT		15	/* body: the process ended */
#define HPC_MSG_SIGNAL		16	/* deputy: deliver this to the body */
#define HPC_MSG_AUTH		17	/* handshake: proof of the cluster key */
#define HPC_MSG_TYPE_MAX	17

/*
 * HELLO: who talks, in which role, and a fresh random nonce. The opener
 * sends its HELLO; the listener answers with its own HELLO and an AUTH;
 * the opener checks it and sends its AUTH. Only then does anything else
 * cross. Documentation/hpc/wire-protocol.rst gives the MAC inputs.
 */
#define HPC_HELLO_MIGRATE	1	/* a home node sends a process */
#define HPC_HELLO_F_SEAL	0x00000001	/* this end wants encryption */
#define HPC_HELLO_NONCE_SIZE	32
struct hpc_wire_hello {
	__be16	from_node;
	__be16	to_node;
	__be32	purpose;	/* HPC_HELLO_* */
	__be32	flags;		/* HPC_HELLO_F_* */
	__be32	reserved;	/* must be 0 */
	__u8	nonce[HPC_HELLO_NONCE_SIZE];
};

/* AUTH: HMAC-SHA256 under the cluster key over both HELLOs. */
#define HPC_AUTH_MAC_SIZE	32
struct hpc_wire_auth {
	__u8	mac[HPC_AUTH_MAC_SIZE];
};

#define HPC_RLIMITS		16
#define HPC_AUXV_WORDS		64
#define HPC_COMM_LEN		16

/* MIG_TASK: everything about the task that is not memory or registers. */
struct hpc_wire_task {
	__be32	home_pid;
	__be16	home_node;
	__be16	attrs;		/* HPC_ATTR_*: the balancer's per-process settings */
	__be32	personality;
	__be32	nr_vmas;
	__u8	comm[HPC_COMM_LEN];
	__be64	blocked;	/* signal mask */
	__be64	sas_ss_sp;
	__be64	sas_ss_size;
	__be32	sas_ss_flags;
	__be32	reserved1;
	__be64	robust_list;
	__be64	robust_list_len;
	__be64	clear_child_tid;
	__be64	rlim[HPC_RLIMITS][2];	/* cur, max */
	/* mm layout */
	__be64	start_code, end_code, start_data, end_data;
	__be64	start_brk, brk, start_stack;
	__be64	arg_start, arg_end, env_start, env_end;
	__be64	mmap_base;
	__be64	vdso;		/* address of the vDSO text */
	__be64	saved_auxv[HPC_AUXV_WORDS];
	__be32	migrations;
	__be32	reserved2;
	__be64	pending;	/* signals pending at a body going home */
	/*
	 * A body going home out of nanosleep() or a relative clock_nanosleep()
	 * sends the rest of the sleep: the nanoseconds it had left on its own
	 * clock, the clock (a Linux clockid: CLOCK_REALTIME, _MONOTONIC,
	 * _BOOTTIME or _TAI), and the caller's struct __kernel_timespec for
	 * the time left should a signal cut the sleep short. All zero when
	 * there is no sleep, and always from a home node.
	 */
	__be64	sleep_left_ns;
	__be64	sleep_rmtp;
	__be32	sleep_clock;
	__be32	sleep_flags;	/* HPC_SLEEP_* */
	/*
	 * With HPC_SLEEP_FUTEX the sleep is a timed futex wait (the clock is
	 * CLOCK_REALTIME or _MONOTONIC, sleep_rmtp is zero): on the word at
	 * futex_uaddr while it holds futex_val, for the waker bits in
	 * futex_bitset; HPC_SLEEP_SHARED when the futex is not private.
	 */
	__be64	futex_uaddr;
	__be32	futex_val;
	__be32	futex_bitset;
	/*
	 * CPU time, ns: from a body going home, what it used on its node;
	 * from home, what the process used so far, which the body's clocks
	 * start from
	 */
	__be64	cpu_utime_ns;
	__be64	cpu_stime_ns;
};

/* hpc_wire_task.attrs: /proc/PID/hint and /proc/PID/decay travel along */
#define HPC_ATTR_HINT_MASK	0x0003	/* 0 none, 1 cpu, 2 io */
#define HPC_ATTR_DECAY_SLOW	0x0004
#define HPC_ATTR_KNOWN		0x0007

/* hpc_wire_task.sleep_flags */
#define HPC_SLEEP_ON		0x0001	/* a sleep goes on at home */
#define HPC_SLEEP_RMTP		0x0002	/* sleep_rmtp is the caller's */
#define HPC_SLEEP_FUTEX		0x0004	/* a futex wait, not a nanosleep() */
#define HPC_SLEEP_SHARED	0x0008	/* ... on a shared futex */
#define HPC_SLEEP_KNOWN		0x000f

/* MIG_SIGACT: 64 of these. */
#define HPC_NSIG		64
struct hpc_wire_sigaction {
	__be64	handler;
	__be64	flags;
	__be64	restorer;
	__be64	mask;
};

/* MIG_VMA: followed by path_len bytes of path (no NUL) for file mappings. */
struct hpc_wire_vma {
	__be64	start;
	__be64	end;
	__be64	flags;		/* HPC_VMA_* */
	__be64	pgoff;		/* file offset in pages */
	__be32	path_len;	/* 0: anonymous */
	__be32	reserved;
	__be64	file_size;	/* the file as the sender sees it: size */
	__be64	file_mtime;	/* and last change, ns (0, 0: anonymous) */
};
#define HPC_VMA_READ		0x01
#define HPC_VMA_WRITE		0x02
#define HPC_VMA_EXEC		0x04
#define HPC_VMA_GROWSDOWN	0x08
#define HPC_VMA_SHARED		0x10	/* read-only shared file mapping */
#define HPC_VMA_FLAGS		0x1f
#define HPC_PATH_MAX		4096

/* MIG_PAGES: followed by npages * 4096 bytes. */
#define HPC_PAGE_SIZE		4096
#define HPC_PAGES_PER_MSG	16
struct hpc_wire_pages {
	__be64	addr;
	__be32	npages;
	__be32	reserved;
};

/* MIG_REGSET: followed by size bytes, an ELF note type's contents. */
struct hpc_wire_regset {
	__be32	note_type;	/* NT_PRSTATUS, NT_X86_XSTATE */
	__be32	size;
};
#define HPC_REGSET_MAX		(16 * 1024)

/* MIG_END: totals, checked by the receiver. */
struct hpc_wire_end {
	__be64	pages;
	__be32	vmas;
	__be32	regsets;
};

/* MIG_ACK: 0 or a positive errno. */
struct hpc_wire_ack {
	__be32	error;
	__be32	reserved;
};

/*
 * MIG_COMMIT: empty from a home node; from a body going home, the signals
 * (bit n-1 for signal n) its deputy forwarded after the image was taken.
 */
struct hpc_wire_commit {
	__be64	late_signals;
};

/*
 * SYSCALL: followed by the input data of each argument, in argument
 * order (buffers the call reads, and NUL-terminated paths); len[i] says
 * how many bytes belong to argument i (0 for values and output buffers).
 * Which argument is what comes from the shared description table
 * (hpc/syscall.c); the deputy checks every length against it.
 */
#define HPC_FWD_MAX		(60 * 1024)

/*
 * Pseudo system calls a body asks its deputy (SYSCALL.nr, outside the
 * range of real ones):
 *   HPC_SYS_FDPATH(fd, buf, id): the path of the regular file open as fd
 *   at home, for mapping the same file on the body, and in id (two
 *   native __s64) its size and modification time in ns, to check the
 *   body's copy against; returns the path's length with the NUL, or
 *   -errno.
 *   HPC_SYS_SIGMASK(blocked, held): the signals the body blocks (bit n-1
 *   for signal n), which the deputy then blocks too, except SIGKILL,
 *   SIGSTOP and the signals the process handles; fills held (8 bytes,
 *   native __u64) with the signals pending at home that it blocks, and
 *   returns 1 if a signal it held may now be delivered (the body must
 *   come home for it), else 0.
 */
#define HPC_SYS_FDPATH		0x48500001
#define HPC_SYS_SIGMASK		0x48500002
struct hpc_wire_syscall {
	__be32	nr;
	__be32	reserved;
	__be64	args[6];
	__be32	len[6];
};

/* SYSRET: followed by the output data of each argument, in order. */
struct hpc_wire_sysret {
	__be64	result;
	__be32	len[6];
	__be32	reserved[2];
};

/* EXIT: the wait status the process ended with (as do_exit()'s code). */
struct hpc_wire_exit {
	__be32	code;
	__be32	reserved;
	__be64	utime_ns;	/* CPU time the body used on its node */
	__be64	stime_ns;
};
/* the most CPU time one message may report (about 36 years), in ns */
#define HPC_CPUTIME_MAX		(1ULL << 60)

/*
 * PONG from a body: the CPU time it has used on its node so far, in ns
 * (it only grows during one stay). A deputy's PONG has no payload.
 */
struct hpc_wire_pong {
	__be64	utime_ns;
	__be64	stime_ns;
};

/* SIGNAL: a signal the process handles, sent to its home PID. */
struct hpc_wire_signal {
	__be32	signo;
	__be32	code;		/* si_code */
	__be32	pid;		/* si_pid, in the home node's namespace */
	__be32	uid;		/* si_uid */
};

#define HPC_WIRE_ASSERT(t, n) _Static_assert(sizeof(struct t) == (n), #t)
HPC_WIRE_ASSERT(hpc_msg_hdr, 24);
HPC_WIRE_ASSERT(hpc_wire_hello, 48);
HPC_WIRE_ASSERT(hpc_wire_auth, 32);
HPC_WIRE_ASSERT(hpc_wire_task, 1032);
HPC_WIRE_ASSERT(hpc_wire_sigaction, 32);
HPC_WIRE_ASSERT(hpc_wire_vma, 56);
HPC_WIRE_ASSERT(hpc_wire_pages, 16);
HPC_WIRE_ASSERT(hpc_wire_regset, 8);
HPC_WIRE_ASSERT(hpc_wire_end, 16);
HPC_WIRE_ASSERT(hpc_wire_ack, 8);
HPC_WIRE_ASSERT(hpc_wire_commit, 8);
HPC_WIRE_ASSERT(hpc_wire_syscall, 80);
HPC_WIRE_ASSERT(hpc_wire_sysret, 40);
HPC_WIRE_ASSERT(hpc_wire_exit, 24);
HPC_WIRE_ASSERT(hpc_wire_pong, 16);
HPC_WIRE_ASSERT(hpc_wire_signal, 16);
#undef HPC_WIRE_ASSERT

#endif /* _UAPI_LINUX_HPC_H */
