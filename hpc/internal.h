/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private declarations shared by the files of hpc/.
 */
#ifndef _HPC_INTERNAL_H
#define _HPC_INTERNAL_H

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/rcupdate.h>
#include <linux/hpc.h>
#include <linux/refcount.h>
#include <linux/resource.h>
#include <linux/task_work.h>
#include <linux/net.h>

#include "map.h"

/* proc.c */
int hpc_proc_init(void);
extern int hpc_admin_block, hpc_admin_stay, hpc_admin_lstay, hpc_admin_quiet;
extern int hpc_admin_speed, hpc_admin_encrypt;

/*
 * Roles of a task (task->hpc.role). The migration phases and how a task
 * moves between roles are tabled in Documentation/hpc/design.rst.
 */
enum hpc_role {
	HPC_ROLE_HOME = 0,	/* runs at home, the ordinary case */
	HPC_ROLE_DEPUTY,	/* at home, body elsewhere: serves it */
	HPC_ROLE_BODY,		/* on a foreign node, home is elsewhere */
};

/* Timing of the channel, in jiffies. */
#define HPC_PING_INTERVAL	(HZ)
#define HPC_DEAD_TIMEOUT	(6 * HZ)	/* silence that means "node lost" */
#define HPC_IO_TIMEOUT		(10 * HZ)	/* one message in transit */

#include "wire.h"
#include "syscall.h"

/* descriptors below this get read-ahead when they are regular files */
#define HPC_RA_FDS		256

/*
 * A node-to-node channel: one TCP connection carrying one process between
 * its home (the deputy) and the node its body runs on. At any moment one
 * task owns each end and is the only one to send or receive on it: the
 * migrating task while an image travels, then the deputy at home and the
 * body remotely. Socket callbacks only wake that owner, so the structure
 * needs no lock; the refcount covers the owner and the socket callbacks.
 */
struct hpc_conn {
	struct socket		*sock;
	refcount_t		ref;
	u16			peer;		/* node id at the other end */
	__be32			peer_addr;	/* its address, for the log */
	u64			tx_seq;
	u64			rx_seq;
	unsigned long		last_rx;	/* jiffies of the last byte in */
	bool			broken;		/* an error ended the channel */
	struct hpc_msg		msg;		/* last message received */
	u8			*buf;		/* its payload */
	u8			*txbuf;		/* forwarded calls: request/reply */
	/* security (auth.c): keys per direction once the handshake passed */
	u16			frame_flags;	/* HPC_MSG_F_*, 0: handshake */
	u8			*sealbuf;	/* outgoing sealed frame */
	u8			tx_key[HPC_KEY_SIZE];
	u8			rx_key[HPC_KEY_SIZE];
	unsigned long		scratch;	/* deputy: buffers of its calls */
	u64			acct_utime;	/* deputy: body's CPU time */
	u64			acct_stime;	/* counted at home so far, ns */
	/* deputy: the limits the process left with, to see prlimit's */
	struct rlimit		rlim_sent[RLIM_NLIMITS];
	/* body side: read-ahead of one regular file (remote.c) */
	int			ra_fd;		/* -1: nothing cached */
	u32			ra_len, ra_pos;
	u8			*ra_buf;
	u8			*ra_next;	/* the piece after, asked ahead */
	u32			ra_next_len;
	bool			ra_next_ok;	/* ra_next holds it */
	bool			ra_inflight;	/* its answer is due */
	u32			ra_want;	/* piece size, 0: HPC_FWD_MAX */
	bool			ra_no_ahead;	/* ask for no piece ahead */
	/* body side: what it learnt of its descriptors below HPC_RA_FDS */
	DECLARE_BITMAP(fd_known, HPC_RA_FDS);	/* the next three are set */
	DECLARE_BITMAP(fd_regular, HPC_RA_FDS);
	DECLARE_BITMAP(fd_async, HPC_RA_FDS);	/* may be written behind */
	DECLARE_BITMAP(fd_append, HPC_RA_FDS);	/* O_APPEND */
	DECLARE_BITMAP(fd_fills, HPC_RA_FDS);	/* reads give all they ask */
	DECLARE_BITMAP(fd_off_known, HPC_RA_FDS); /* fd_off is right */
	u64			fd_file[HPC_RA_FDS];	/* device and inode */
	s64			fd_off[HPC_RA_FDS];	/* file offset at home */
	/* body side: write-behind of one regular file (remote.c) */
	int			wb_fd;		/* -1: nothing buffered */
	u32			wb_len;
	u8			*wb_buf;
	u8			*wb_sent;	/* a write on its way home... */
	u32			wb_sent_len;
	int			wb_sent_fd;
	bool			wb_inflight;	/* ...whose answer is due */
	bool			wb_overtaken;	/* a later call went after it */
	int			wb_err_fd;	/* a write that failed late... */
	int			wb_err;		/* ...and its error, or 0 */
	/* body side: kick the body when data comes in */
	bool			in_call;	/* waiting for a forwarded call */
	bool			restart_home;	/* its -ERESTART* is home's */
	bool			sig_in_call;	/* a SIGNAL came during it */
	u64			base_utime;	/* the process's CPU time */
	u64			base_stime;	/* before it came, ns */
	u64			mask_sent;	/* its mask as home knows it */
	struct hpc_sleep_desc	sleep;		/* going home: a sleep's rest */
	struct task_struct	*kick_task;
	atomic_t		kick_queued;
	struct callback_head	kick_work;
	void			(*saved_data_ready)(struct sock *sk);
	void			(*saved_state_change)(struct sock *sk);
};

/* transport.c */
int hpc_transport_init(void);
struct hpc_conn *hpc_conn_connect(u16 node);
void hpc_conn_put(struct hpc_conn *c);
int hpc_conn_send(struct hpc_conn *c, u8 type, const void *payload,
		  size_t len);
int hpc_conn_send2(struct hpc_conn *c, u8 type, const void *p1, size_t len1,
		   const void *p2, size_t len2);
int hpc_conn_recv(struct hpc_conn *c, long timeout);
int hpc_conn_expect(struct hpc_conn *c, u8 type, long timeout);
void hpc_conn_fail(struct hpc_conn *c, const char *what, int err);
bool hpc_conn_readable(struct hpc_conn *c);
int hpc_conn_wait(struct hpc_conn *c, long timeout, bool interruptible);
void hpc_conn_kick_on_data(struct hpc_conn *c, struct task_struct *tsk,
			   task_work_func_t fn);
void hpc_conn_no_kick(struct hpc_conn *c);
int hpc_handshake_connect(struct hpc_conn *c);
int hpc_handshake_accept(struct hpc_conn *c);

/* auth.c: the cluster key, handshake proofs and sealed frames */
#define HPC_HELLO_SIZE		sizeof(struct hpc_wire_hello)
struct hpc_sec_stats {
	atomic_long_t	sealed;		/* channels set up, frames sealed */
	atomic_long_t	plain;		/* channels set up, frames signed */
	atomic_long_t	auth_failed;	/* a peer's proof was wrong */
	atomic_long_t	no_key;		/* refused: no cluster key here */
	atomic_long_t	bad_handshake;	/* malformed, unknown node, cut */
	atomic_long_t	bad_frames;	/* a frame failed its tag */
	atomic_long_t	channel_errors;	/* channels ended by any error */
};
extern struct hpc_sec_stats hpc_sec_stats;

/* migrate_send.c: what the images this node sent cost, for mosixd */
struct hpc_move_stats {
	atomic64_t	moves;		/* images sent and committed */
	atomic64_t	kib;		/* their pages, in KiB */
	atomic64_t	usecs;		/* first frame to commit, summed */
};
extern struct hpc_move_stats hpc_move_stats;
int hpc_auth_init(void);
bool hpc_auth_keyed(void);
int hpc_auth_set_key(const u8 *key);
int hpc_auth_proof(bool opener, const u8 *hello_o, const u8 *hello_l,
		   u8 mac[HPC_AUTH_MAC_SIZE]);
int hpc_auth_check(bool opener, const u8 *hello_o, const u8 *hello_l,
		   const u8 *mac);
int hpc_auth_start(struct hpc_conn *c, bool opener, const u8 *hello_o,
		   const u8 *hello_l, bool seal);
void hpc_seal(struct hpc_conn *c, const u8 *hdr, u8 *buf, size_t len,
	      u64 seq);
bool hpc_unseal(struct hpc_conn *c, const u8 *hdr, u8 *buf, size_t len,
		u64 seq);
void hpc_sign(const u8 *key, u64 seq, const u8 *hdr, const u8 *p1,
	      size_t len1, const u8 *p2, size_t len2, u8 *tag);
bool hpc_sign_check(struct hpc_conn *c, const u8 *hdr, const u8 *buf,
		    size_t len, u64 seq);
void hpc_auth_forget(struct hpc_conn *c);
#ifdef CONFIG_HPC_FAULT_INJECTION
extern atomic_t hpc_tamper_countdown;
/* test hook: true for the one frame the administrator asked to spoil */
static inline bool hpc_tamper_due(void)
{
	return atomic_read(&hpc_tamper_countdown) > 0 &&
	       atomic_dec_if_positive(&hpc_tamper_countdown) == 0;
}
#else
static inline bool hpc_tamper_due(void)
{
	return false;
}
#endif

/* task.c */
const char *hpc_cantmove_reason(struct task_struct *p);
int hpc_request_move(struct task_struct *p, u16 node);
void hpc_migrate_work(struct callback_head *cb);
int hpc_recall_all(enum hpc_role role);

/* arch_x86.c: registers and the vDSO, the only architecture code */
struct hpc_regsets {
	u32	size[2];
	void	*data[2];		/* NT_PRSTATUS, NT_X86_XSTATE */
};
extern const u32 hpc_regset_notes[2];
int hpc_arch_get_regs(struct hpc_regsets *rs);
int hpc_arch_set_regs(struct hpc_regsets *rs);
void hpc_regsets_free(struct hpc_regsets *rs);
unsigned long hpc_arch_vdso(struct mm_struct *mm);
int hpc_arch_map_vdso(unsigned long addr);
unsigned long hpc_arch_saved_ax(const struct hpc_regsets *rs);
void hpc_arch_syscall_again(struct pt_regs *regs, bool resume);

/* task.c */
u64 hpc_handled_signals(void);
u64 hpc_blocked_pending(void);

/* migrate_send.c / migrate_recv.c */
int hpc_image_send(struct hpc_conn *c);
struct hpc_image_info {
	u32		home_pid;
	u16		home_node;
	u32		migrations;
	unsigned long	saved_ax;
	struct hpc_sleep_desc sleep;	/* the rest of a sleep, to go on */
	u64		utime, stime;	/* CPU time a body used, ns */
};
int hpc_image_receive(struct hpc_conn *c, struct hpc_image_info *info);
int hpc_mm_drop(void);
void hpc_file_identity(struct file *file, u64 *size, s64 *mtime);
bool hpc_file_matches(struct file *file, const char *path, u64 size,
		      s64 mtime);

/* deputy's scratch mapping for the buffers of forwarded calls */
#define HPC_SCRATCH_SIZE	(256 * 1024)

/* a call's result asks for a restart, if no handler runs (errno.h) */
static inline bool hpc_is_restart(long ret)
{
	return ret == -ERESTARTSYS || ret == -ERESTARTNOINTR ||
	       ret == -ERESTARTNOHAND || ret == -ERESTART_RESTARTBLOCK;
}

/* deputy.c */
void hpc_deputy_serve(struct hpc_conn *c);
int hpc_deputy_scratch(struct hpc_conn *c);

/* remote.c */
int hpc_remote_spawn(struct hpc_conn *c);
void hpc_body_go_home(void);
bool hpc_body_syscall(struct pt_regs *regs);
void hpc_body_exit(struct task_struct *tsk);
void hpc_body_cputime(struct task_struct *tsk, u64 *utime, u64 *stime);

#endif /* _HPC_INTERNAL_H */
