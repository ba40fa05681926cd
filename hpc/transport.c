// SPDX-License-Identifier: GPL-2.0-only
/*
 * Transport: in-kernel TCP between nodes.
 *
 * Every node listens on HPC_PORT. A home node that sends a process away
 * connects to the target; the connection then carries the migration image,
 * and afterwards stays as the channel between the deputy and the body.
 * Messages are framed by struct hpc_msg_hdr and decoded in wire.c only.
 * Nothing but the handshake is parsed before the peer has proved that it
 * holds the cluster key; after it, every frame is sealed or signed (auth.c).
 *
 * Sockets are used non-blocking with our own waits, so that a signal to
 * the task that owns a channel never cuts a message in half, and a silent
 * peer is noticed by timeouts instead of hanging anybody.
 */
#define pr_fmt(fmt) "hpc: " fmt

#include <linux/in.h>
#include <linux/kthread.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <net/sock.h>
#include <net/tcp.h>
#include "internal.h"

static struct socket *hpc_listen_sock;

static struct hpc_conn *hpc_conn_alloc(struct socket *sock)
{
	struct sockaddr_in sin = { };
	struct hpc_conn *c;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return NULL;
	c->buf = kvmalloc(HPC_MSG_MAX_PAYLOAD + HPC_SEAL_TAG_SIZE, GFP_KERNEL);
	c->txbuf = kvmalloc(HPC_MSG_MAX_PAYLOAD, GFP_KERNEL);
	if (!c->buf || !c->txbuf) {
		kvfree(c->buf);
		kvfree(c->txbuf);
		kfree(c);
		return NULL;
	}
	c->sock = sock;
	/* known now for an accepted socket; hpc_conn_connect() sets its own */
	if (kernel_getpeername(sock, (struct sockaddr *)&sin) >= 0)
		c->peer_addr = sin.sin_addr.s_addr;
	c->ra_fd = -1;
	c->wb_fd = -1;
	refcount_set(&c->ref, 1);
	c->last_rx = jiffies;
	atomic_set(&c->kick_queued, 0);
	tcp_sock_set_nodelay(sock->sk);
	/*
	 * TCP keepalive backs up our pings: a body blocked in a long
	 * forwarded call learns within seconds that its home is gone.
	 */
	sock_set_keepalive(sock->sk);
	tcp_sock_set_keepidle(sock->sk, 5);
	tcp_sock_set_keepintvl(sock->sk, 1);
	tcp_sock_set_keepcnt(sock->sk, 3);
	sock->sk->sk_allocation = GFP_KERNEL;
	return c;
}

/**
 * hpc_conn_put() - drop a reference to a channel; the last one closes it
 * @c: the channel
 */
void hpc_conn_put(struct hpc_conn *c)
{
	if (!c || !refcount_dec_and_test(&c->ref))
		return;
	hpc_conn_no_kick(c);
	kernel_sock_shutdown(c->sock, SHUT_RDWR);
	sock_release(c->sock);
	hpc_auth_forget(c);
	kvfree(c->buf);
	kvfree(c->txbuf);
	kvfree(c->ra_buf);
	kvfree(c->ra_next);
	kvfree(c->wb_buf);
	kvfree(c->wb_sent);
	kfree(c);
}

/**
 * hpc_conn_fail() - mark a channel broken, count and log why (once)
 * @c: the channel
 * @what: what went wrong
 * @err: the error, or the offending message type
 */
void hpc_conn_fail(struct hpc_conn *c, const char *what, int err)
{
	if (!c->broken) {
		atomic_long_inc(&hpc_sec_stats.channel_errors);
		pr_warn_ratelimited("channel to node %u (%pI4): %s: error %d\n",
				    c->peer, &c->peer_addr, what, err);
	}
	c->broken = true;
}

/* Is there something to read (@out false) or room to write, or an error? */
static bool hpc_conn_ready(struct hpc_conn *c, bool out)
{
	__poll_t mask = c->sock->ops->poll(NULL, c->sock, NULL);

	return c->broken ||
	       (mask & (EPOLLHUP | EPOLLERR | (out ? EPOLLOUT | EPOLLWRNORM :
			EPOLLIN | EPOLLRDNORM | EPOLLRDHUP)));
}

/**
 * hpc_conn_readable() - is there something to read (or an error/EOF)?
 * @c: the channel
 */
bool hpc_conn_readable(struct hpc_conn *c)
{
	return hpc_conn_ready(c, false);
}

static int hpc_conn_wait_for(struct hpc_conn *c, bool out, long timeout,
			     bool interruptible)
{
	wait_queue_head_t *wq = sk_sleep(c->sock->sk);
	unsigned long end = jiffies + timeout;
	long t;

	/*
	 * Socket wake-ups are "interruptible" ones: a killable sleep would
	 * never see them. So sleep interruptibly, and only while a signal
	 * is pending (which such a sleep cannot wait out) poll each jiffy.
	 */
	if (!signal_pending(current)) {
		t = wait_event_interruptible_timeout(*wq,
						     hpc_conn_ready(c, out),
						     timeout);
		if (t > 0)
			return 1;
		if (t == 0)
			return 0;
		if (interruptible || fatal_signal_pending(current))
			return -ERESTARTSYS;
	} else if (interruptible) {
		return -ERESTARTSYS;
	}
	while (!hpc_conn_ready(c, out)) {
		if (fatal_signal_pending(current))
			return -ERESTARTSYS;
		if (time_after_eq(jiffies, end))
			return 0;
		schedule_timeout_killable(1);
	}
	return 1;
}

/**
 * hpc_conn_wait() - sleep until the channel is readable
 * @c: the channel
 * @timeout: in jiffies
 * @interruptible: wake for any signal (else only for fatal ones)
 *
 * Return: >0 readable, 0 timed out, -ERESTARTSYS on a signal.
 */
int hpc_conn_wait(struct hpc_conn *c, long timeout, bool interruptible)
{
	return hpc_conn_wait_for(c, false, timeout, interruptible);
}

/*
 * Send all of @iov, or fail. The socket is written without blocking and
 * we wait for room ourselves: a blocking send returns early when any
 * signal is pending, and a message cut there could never be completed.
 * Only a fatal signal, an error, or @HPC_IO_TIMEOUT without progress ends
 * it early.
 */
static int hpc_send_all(struct hpc_conn *c, struct kvec *iov, int n,
			size_t total)
{
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL | MSG_DONTWAIT };
	int ret;

	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, iov, n, total);
	while (msg_data_left(&msg)) {
		ret = sock_sendmsg(c->sock, &msg);
		if (ret > 0)
			continue;
		if (ret != -EAGAIN)
			return ret ? ret : -EPIPE;
		ret = hpc_conn_wait_for(c, true, HPC_IO_TIMEOUT, false);
		if (ret < 0)
			return -EINTR;
		if (ret == 0)
			return -ETIMEDOUT;
	}
	return 0;
}

/**
 * hpc_conn_send2() - send one message whose payload is in two pieces
 * @c: the channel
 * @type: HPC_MSG_*
 * @p1: first piece of the payload (may be NULL if @len1 is 0)
 * @len1: its length
 * @p2: second piece (page data), may be NULL
 * @len2: its length
 *
 * Return: 0 or a negative errno; the channel is broken afterwards.
 */
int hpc_conn_send2(struct hpc_conn *c, u8 type, const void *p1, size_t len1,
		   const void *p2, size_t len2)
{
	u8 hdr[HPC_HDR_SIZE], tag[HPC_SEAL_TAG_SIZE];
	struct kvec iov[4];
	size_t len = len1 + len2, total = sizeof(hdr) + len;
	u64 seq = c->tx_seq++;
	int n = 0, ret;

	if (c->broken)
		return -ENOTCONN;
	hpc_wire_encode_hdr(hdr, type, len, seq, c->frame_flags);
	iov[n++] = (struct kvec){ hdr, sizeof(hdr) };
	if (c->frame_flags == HPC_MSG_F_SEALED) {
		if (len1)
			memcpy(c->sealbuf, p1, len1);
		if (len2)
			memcpy(c->sealbuf + len1, p2, len2);
		hpc_seal(c, hdr, c->sealbuf, len, seq);
		total += HPC_SEAL_TAG_SIZE;
		iov[n++] = (struct kvec){ c->sealbuf, len + HPC_SEAL_TAG_SIZE };
		if (hpc_tamper_due())
			c->sealbuf[len / 2] ^= 0x10;
	} else {
		if (len1)
			iov[n++] = (struct kvec){ (void *)p1, len1 };
		if (len2)
			iov[n++] = (struct kvec){ (void *)p2, len2 };
	}
	if (c->frame_flags == HPC_MSG_F_SIGNED) {
		/* the payload goes out as it is: no copy, only a tag */
		hpc_sign(c->tx_key, seq, hdr, p1, len1, p2, len2, tag);
		if (hpc_tamper_due())
			tag[seq % sizeof(tag)] ^= 0x10;
		total += sizeof(tag);
		iov[n++] = (struct kvec){ tag, sizeof(tag) };
	}
	ret = hpc_send_all(c, iov, n, total);
	if (!ret)
		return 0;
	hpc_conn_fail(c, "send", ret);
	return ret;
}

/**
 * hpc_conn_send() - send one message
 * @c: the channel
 * @type: HPC_MSG_*
 * @payload: its payload
 * @len: payload length
 *
 * Return: 0 or a negative errno.
 */
int hpc_conn_send(struct hpc_conn *c, u8 type, const void *payload,
		  size_t len)
{
	return hpc_conn_send2(c, type, payload, len, NULL, 0);
}

static int hpc_recv_exact(struct hpc_conn *c, void *buf, size_t len,
			  long timeout)
{
	while (len) {
		struct kvec iov = { buf, len };
		struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
		int n, w;

		n = kernel_recvmsg(c->sock, &msg, &iov, 1, len, MSG_DONTWAIT);
		if (n > 0) {
			buf += n;
			len -= n;
			c->last_rx = jiffies;
			continue;
		}
		if (n == 0)
			return -ECONNRESET;
		if (n != -EAGAIN)
			return n;
		w = hpc_conn_wait(c, timeout, false);
		if (w < 0)
			return -EINTR;
		if (w == 0)
			return -ETIMEDOUT;
	}
	return 0;
}

/**
 * hpc_conn_recv() - receive and check one message
 * @c: the channel
 * @timeout: longest silence allowed, in jiffies
 *
 * The header lands in @c->msg, the payload in @c->buf. Any error (EOF,
 * timeout, malformed header) breaks the channel and is logged, rate-limited.
 *
 * Return: 0 or a negative errno.
 */
int hpc_conn_recv(struct hpc_conn *c, long timeout)
{
	u8 hdr[HPC_HDR_SIZE];
	int err;

	if (c->broken)
		return -ENOTCONN;
	err = hpc_recv_exact(c, hdr, sizeof(hdr), timeout);
	if (err)
		goto fail;
	err = hpc_wire_decode_hdr(hdr, sizeof(hdr), c->rx_seq, &c->msg);
	if (err)
		goto fail;
	if (c->msg.flags != c->frame_flags) {
		hpc_conn_fail(c, !c->frame_flags ?
				  "tagged frame before the handshake" :
				  !c->msg.flags ? "untagged frame after the handshake" :
				  "sealed and signed frames mixed", -EPROTO);
		return -EPROTO;
	}
	c->rx_seq++;
	err = hpc_recv_exact(c, c->buf, c->msg.length +
			     (c->frame_flags ? HPC_SEAL_TAG_SIZE : 0), timeout);
	if (err)
		goto fail;
	if ((c->frame_flags == HPC_MSG_F_SEALED &&
	     !hpc_unseal(c, hdr, c->buf, c->msg.length, c->msg.seq)) ||
	    (c->frame_flags == HPC_MSG_F_SIGNED &&
	     !hpc_sign_check(c, hdr, c->buf, c->msg.length, c->msg.seq))) {
		atomic_long_inc(&hpc_sec_stats.bad_frames);
		hpc_conn_fail(c, "frame failed authentication", -EBADMSG);
		return -EBADMSG;
	}
	return 0;
fail:
	hpc_conn_fail(c, "receive", err);
	return err;
}

/**
 * hpc_conn_expect() - receive one message that must be of @type
 * @c: the channel
 * @type: the only acceptable HPC_MSG_*
 * @timeout: in jiffies
 *
 * Return: 0, a receive error, or -EPROTO for another type.
 */
int hpc_conn_expect(struct hpc_conn *c, u8 type, long timeout)
{
	int err = hpc_conn_recv(c, timeout);

	if (err)
		return err;
	if (c->msg.type != type) {
		hpc_conn_fail(c, "unexpected message", c->msg.type);
		return -EPROTO;
	}
	return 0;
}

/* Socket callbacks of a body's channel: wake the body on its way out. */

static void hpc_kick(struct sock *sk)
{
	struct hpc_conn *c;

	read_lock_bh(&sk->sk_callback_lock);
	c = sk->sk_user_data;
	/*
	 * A body waiting for a forwarded call reads the channel itself; one
	 * that sleeps locally (nanosleep, futex) must still answer pings and
	 * take signals and calls home: wake it as a signal would. The sleep
	 * restarts afterwards (restart_syscall runs locally).
	 */
	if (c && c->kick_task && !atomic_xchg(&c->kick_queued, 1))
		if (task_work_add(c->kick_task, &c->kick_work,
				  READ_ONCE(c->in_call) ? TWA_RESUME :
							  TWA_SIGNAL))
			atomic_set(&c->kick_queued, 0);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void hpc_sk_data_ready(struct sock *sk)
{
	void (*saved)(struct sock *sk) = NULL;
	struct hpc_conn *c;

	read_lock_bh(&sk->sk_callback_lock);
	c = sk->sk_user_data;
	if (c)
		saved = c->saved_data_ready;
	read_unlock_bh(&sk->sk_callback_lock);
	hpc_kick(sk);
	if (saved)
		saved(sk);
}

static void hpc_sk_state_change(struct sock *sk)
{
	void (*saved)(struct sock *sk) = NULL;
	struct hpc_conn *c;

	read_lock_bh(&sk->sk_callback_lock);
	c = sk->sk_user_data;
	if (c)
		saved = c->saved_state_change;
	read_unlock_bh(&sk->sk_callback_lock);
	hpc_kick(sk);
	if (saved)
		saved(sk);
}

/**
 * hpc_conn_kick_on_data() - run @fn in @tsk's context when data arrives
 * @c: the channel
 * @tsk: the task that owns this end (a body)
 * @fn: task_work callback, run on the task's way to user mode
 *
 * @tsk must stay alive while kicks are on: hpc_conn_no_kick() before it
 * goes away (done by hpc_exit()).
 */
void hpc_conn_kick_on_data(struct hpc_conn *c, struct task_struct *tsk,
			   task_work_func_t fn)
{
	struct sock *sk = c->sock->sk;

	init_task_work(&c->kick_work, fn);
	write_lock_bh(&sk->sk_callback_lock);
	c->kick_task = tsk;
	c->saved_data_ready = sk->sk_data_ready;
	c->saved_state_change = sk->sk_state_change;
	sk->sk_user_data = c;
	sk->sk_data_ready = hpc_sk_data_ready;
	sk->sk_state_change = hpc_sk_state_change;
	write_unlock_bh(&sk->sk_callback_lock);
	/* data that came before the callbacks were in place */
	if (hpc_conn_readable(c))
		hpc_kick(sk);
}

/**
 * hpc_conn_no_kick() - undo hpc_conn_kick_on_data()
 * @c: the channel
 */
void hpc_conn_no_kick(struct hpc_conn *c)
{
	struct sock *sk = c->sock->sk;
	struct task_struct *tsk;

	write_lock_bh(&sk->sk_callback_lock);
	tsk = c->kick_task;
	if (tsk) {
		sk->sk_data_ready = c->saved_data_ready;
		sk->sk_state_change = c->saved_state_change;
		sk->sk_user_data = NULL;
		c->kick_task = NULL;
	}
	write_unlock_bh(&sk->sk_callback_lock);
	if (tsk && atomic_read(&c->kick_queued) &&
	    task_work_cancel(tsk, &c->kick_work))
		atomic_set(&c->kick_queued, 0);
}

/**
 * hpc_conn_connect() - open a channel to a node of the map
 * @node: its id
 *
 * Return: the channel or an ERR_PTR().
 */
struct hpc_conn *hpc_conn_connect(u16 node)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(HPC_PORT) };
	struct hpc_conn *c;
	struct socket *sock;
	u32 addr;
	bool known;
	int err;

	rcu_read_lock();
	known = hpc_config_map() && hpc_map_addr_of(hpc_config_map(), node,
						     &addr);
	rcu_read_unlock();
	if (!known)
		return ERR_PTR(-EHOSTUNREACH);
	sin.sin_addr.s_addr = htonl(addr);
	err = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			       &sock);
	if (err)
		return ERR_PTR(err);
	c = hpc_conn_alloc(sock);
	if (!c) {
		sock_release(sock);
		return ERR_PTR(-ENOMEM);
	}
	c->peer = node;
	c->peer_addr = sin.sin_addr.s_addr;
	/*
	 * Connect without blocking and wait ourselves, like every other
	 * wait on a channel: a process whose timer keeps signalling it must
	 * still be able to leave. SYNs lost on a busy LAN are resent within
	 * the I/O timeout.
	 */
	err = kernel_connect(sock, (struct sockaddr *)&sin, sizeof(sin),
			     O_NONBLOCK);
	if (err == -EINPROGRESS) {
		err = hpc_conn_wait_for(c, true, HPC_IO_TIMEOUT, false);
		if (err < 0)
			err = -EINTR;
		else if (sock->sk->sk_state == TCP_ESTABLISHED)
			err = 0;
		else
			err = sock_error(sock->sk) ?: -ETIMEDOUT;
	}
	if (err) {
		hpc_conn_put(c);
		return ERR_PTR(err);
	}
	return c;
}

/* Fill in and encode this end's HELLO; returns the flags it carries. */
static u32 hpc_hello_make(u8 *out, u8 *nonce, u16 to)
{
	struct hpc_hello_desc h = {
		.from = hpc_node_id(),
		.to = to,
		.purpose = HPC_HELLO_MIGRATE,
		.flags = READ_ONCE(hpc_admin_encrypt) ? HPC_HELLO_F_SEAL : 0,
		.nonce = nonce,
	};

	get_random_bytes(nonce, HPC_HELLO_NONCE_SIZE);
	hpc_wire_encode_hello(out, &h);
	return h.flags;
}

static int hpc_handshake_fail(struct hpc_conn *c, const char *what, int err,
			      atomic_long_t *counter)
{
	atomic_long_inc(counter);
	hpc_conn_fail(c, what, err);
	return err;
}

/**
 * hpc_handshake_connect() - set up a channel we opened
 * @c: the channel
 *
 * We send our HELLO; the listener answers with its HELLO and its proof of
 * the cluster key, which we check before we send ours.
 *
 * Return: 0, -ENOKEY without a cluster key, -EACCES if the peer's proof
 * is wrong, or another negative errno.
 */
int hpc_handshake_connect(struct hpc_conn *c)
{
	u8 mine[HPC_HELLO_SIZE], theirs[HPC_HELLO_SIZE];
	u8 nonce[HPC_HELLO_NONCE_SIZE], mac[HPC_AUTH_MAC_SIZE];
	struct hpc_hello_desc h;
	u32 flags;
	int err;

	if (!hpc_auth_keyed())
		return hpc_handshake_fail(c, "no cluster key installed here",
					  -ENOKEY, &hpc_sec_stats.no_key);
	flags = hpc_hello_make(mine, nonce, c->peer);
	err = hpc_conn_send(c, HPC_MSG_HELLO, mine, sizeof(mine));
	if (err)
		return err;
	err = hpc_conn_expect(c, HPC_MSG_HELLO, HPC_IO_TIMEOUT);
	if (err)
		goto cut;
	err = hpc_wire_decode_hello(c->buf, c->msg.length, &h);
	if (!err && (h.from != c->peer || h.to != hpc_node_id()))
		err = -EPROTO;
	if (err)
		return hpc_handshake_fail(c, "bad handshake", err,
					  &hpc_sec_stats.bad_handshake);
	memcpy(theirs, c->buf, sizeof(theirs));
	err = hpc_conn_expect(c, HPC_MSG_AUTH, HPC_IO_TIMEOUT);
	if (err)
		goto cut;
	err = hpc_auth_check(false, mine, theirs, c->buf);
	if (err)
		return hpc_handshake_fail(c, "peer failed authentication", err,
					  &hpc_sec_stats.auth_failed);
	err = hpc_auth_proof(true, mine, theirs, mac);
	if (!err)
		err = hpc_conn_send(c, HPC_MSG_AUTH, mac, sizeof(mac));
	if (!err)
		err = hpc_auth_start(c, true, mine, theirs,
				     (h.flags | flags) & HPC_HELLO_F_SEAL);
	return err;
cut:
	/* no key, another key or no HPC at all: the peer hung up on us */
	atomic_long_inc(&hpc_sec_stats.bad_handshake);
	return err;
}

/**
 * hpc_handshake_accept() - set up a channel a peer opened
 * @c: the channel
 *
 * Nothing from the peer but its HELLO and its AUTH is parsed before its
 * proof of the cluster key has been checked.
 *
 * Return: 0 or a negative errno.
 */
int hpc_handshake_accept(struct hpc_conn *c)
{
	u8 mine[HPC_HELLO_SIZE], theirs[HPC_HELLO_SIZE];
	u8 nonce[HPC_HELLO_NONCE_SIZE], mac[HPC_AUTH_MAC_SIZE];
	struct hpc_hello_desc h;
	u32 addr, flags;
	bool ok;
	int err;

	err = hpc_conn_expect(c, HPC_MSG_HELLO, HPC_IO_TIMEOUT);
	if (err) {
		atomic_long_inc(&hpc_sec_stats.bad_handshake);
		return err;
	}
	err = hpc_wire_decode_hello(c->buf, c->msg.length, &h);
	if (err || h.to != hpc_node_id())
		return hpc_handshake_fail(c, "bad handshake", err ?: -EPROTO,
					  &hpc_sec_stats.bad_handshake);
	/* the peer must be in the map under the id it claims */
	rcu_read_lock();
	ok = hpc_config_map() && hpc_map_addr_of(hpc_config_map(), h.from,
						  &addr);
	rcu_read_unlock();
	if (!ok)
		return hpc_handshake_fail(c, "handshake from unknown node",
					  -EPERM, &hpc_sec_stats.bad_handshake);
	if (!hpc_auth_keyed())
		return hpc_handshake_fail(c, "no cluster key installed here",
					  -ENOKEY, &hpc_sec_stats.no_key);
	memcpy(theirs, c->buf, sizeof(theirs));
	flags = hpc_hello_make(mine, nonce, h.from);
	err = hpc_auth_proof(false, theirs, mine, mac);
	if (!err)
		err = hpc_conn_send(c, HPC_MSG_HELLO, mine, sizeof(mine));
	if (!err)
		err = hpc_conn_send(c, HPC_MSG_AUTH, mac, sizeof(mac));
	if (err)
		return err;
	err = hpc_conn_expect(c, HPC_MSG_AUTH, HPC_IO_TIMEOUT);
	if (err) {
		/* an opener with another key hangs up here */
		atomic_long_inc(&hpc_sec_stats.bad_handshake);
		return err;
	}
	err = hpc_auth_check(true, theirs, mine, c->buf);
	if (err)
		return hpc_handshake_fail(c, "peer failed authentication", err,
					  &hpc_sec_stats.auth_failed);
	c->peer = h.from;
	return hpc_auth_start(c, false, theirs, mine,
			      (h.flags | flags) & HPC_HELLO_F_SEAL);
}

static int hpc_listener(void *unused)
{
	for (;;) {
		struct socket *sock;
		struct hpc_conn *c;
		int err;

		err = kernel_accept(hpc_listen_sock, &sock, 0);
		if (err) {
			pr_warn_ratelimited("accept: error %d\n", err);
			if (kthread_should_stop())
				break;
			schedule_timeout_interruptible(HZ / 10);
			continue;
		}
		c = hpc_conn_alloc(sock);
		if (!c) {
			sock_release(sock);
			continue;
		}
		err = hpc_remote_spawn(c);
		if (err) {
			pr_warn_ratelimited("cannot start a body: %d\n", err);
			hpc_conn_put(c);
		}
	}
	return 0;
}

/**
 * hpc_transport_init() - listen on HPC_PORT for channels from other nodes
 *
 * Return: 0 or a negative errno.
 */
int hpc_transport_init(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(HPC_PORT),
				   .sin_addr.s_addr = htonl(INADDR_ANY) };
	struct task_struct *t;
	int err;

	err = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			       &hpc_listen_sock);
	if (err)
		return err;
	sock_set_reuseaddr(hpc_listen_sock->sk);
	err = kernel_bind(hpc_listen_sock, (struct sockaddr *)&sin,
			  sizeof(sin));
	if (err)
		goto out_release;
	err = kernel_listen(hpc_listen_sock, 16);
	if (err)
		goto out_release;
	t = kthread_run(hpc_listener, NULL, "hpc_listen");
	if (IS_ERR(t)) {
		err = PTR_ERR(t);
		goto out_release;
	}
	return 0;

out_release:
	sock_release(hpc_listen_sock);
	hpc_listen_sock = NULL;
	return err;
}
