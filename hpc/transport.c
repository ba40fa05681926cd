// SPDX-License-Identifier: GPL-2.0-only
/*
 * Transport: in-kernel TCP between nodes.
 *
 * Every node listens on HPC_PORT. A home node that sends a process away
 * connects to the target; the connection then carries the migration image,
 * and afterwards stays as the channel between the deputy and the body.
 * Messages are framed by struct hpc_msg_hdr and decoded in wire.c only.
 *
 * Sockets are used non-blocking with our own waits, so that a signal to
 * the task that owns a channel never cuts a message in half, and a silent
 * peer is noticed by timeouts instead of hanging anybody.
 */
#define pr_fmt(fmt) "hpc: " fmt

#include <linux/in.h>
#include <linux/kthread.h>
#include <linux/net.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <net/sock.h>
#include <net/tcp.h>
#include "internal.h"

static struct socket *hpc_listen_sock;

static struct hpc_conn *hpc_conn_alloc(struct socket *sock)
{
	struct hpc_conn *c;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return NULL;
	c->buf = kvmalloc(HPC_MSG_MAX_PAYLOAD, GFP_KERNEL);
	c->txbuf = kvmalloc(HPC_MSG_MAX_PAYLOAD, GFP_KERNEL);
	if (!c->buf || !c->txbuf) {
		kvfree(c->buf);
		kvfree(c->txbuf);
		kfree(c);
		return NULL;
	}
	c->sock = sock;
	c->ra_fd = -1;
	refcount_set(&c->ref, 1);
	c->last_rx = jiffies;
	atomic_set(&c->kick_queued, 0);
	sock->sk->sk_sndtimeo = HPC_IO_TIMEOUT;
	sock->sk->sk_rcvtimeo = HPC_IO_TIMEOUT;
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
	kvfree(c->buf);
	kvfree(c->txbuf);
	kvfree(c->ra_buf);
	kfree(c);
}

static void hpc_conn_fail(struct hpc_conn *c, const char *what, int err)
{
	if (!c->broken)
		pr_warn_ratelimited("channel to node %u: %s: error %d\n",
				    c->peer, what, err);
	c->broken = true;
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
	u8 hdr[HPC_HDR_SIZE];
	struct kvec iov[3];
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	size_t total = sizeof(hdr) + len1 + len2;
	int n = 0, ret;

	if (c->broken)
		return -ENOTCONN;
	hpc_wire_encode_hdr(hdr, type, len1 + len2, c->tx_seq++);
	iov[n++] = (struct kvec){ hdr, sizeof(hdr) };
	if (len1)
		iov[n++] = (struct kvec){ (void *)p1, len1 };
	if (len2)
		iov[n++] = (struct kvec){ (void *)p2, len2 };
	ret = kernel_sendmsg(c->sock, &msg, iov, n, total);
	if (ret == total)
		return 0;
	ret = ret < 0 ? ret : -EPIPE;
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

/**
 * hpc_conn_readable() - is there something to read (or an error/EOF)?
 * @c: the channel
 */
bool hpc_conn_readable(struct hpc_conn *c)
{
	__poll_t mask = c->sock->ops->poll(NULL, c->sock, NULL);

	return c->broken ||
	       (mask & (EPOLLIN | EPOLLRDNORM | EPOLLHUP | EPOLLERR |
			EPOLLRDHUP));
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
	wait_queue_head_t *wq = sk_sleep(c->sock->sk);
	unsigned long end = jiffies + timeout;
	long t;

	/*
	 * Socket wake-ups are "interruptible" ones: a killable sleep would
	 * never see data. So sleep interruptibly, and only while a signal
	 * is pending (which such a sleep cannot wait out) poll each jiffy.
	 */
	if (!signal_pending(current)) {
		t = wait_event_interruptible_timeout(*wq, hpc_conn_readable(c),
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
	while (!hpc_conn_readable(c)) {
		if (fatal_signal_pending(current))
			return -ERESTARTSYS;
		if (time_after_eq(jiffies, end))
			return 0;
		schedule_timeout_killable(1);
	}
	return 1;
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
	c->rx_seq++;
	err = hpc_recv_exact(c, c->buf, c->msg.length, timeout);
	if (err)
		goto fail;
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
	if (c && c->kick_task && !atomic_xchg(&c->kick_queued, 1))
		if (task_work_add(c->kick_task, &c->kick_work, TWA_RESUME))
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
	sock->sk->sk_sndtimeo = 5 * HZ;
	err = kernel_connect(sock, (struct sockaddr *)&sin, sizeof(sin), 0);
	if (err)
		goto out_release;
	c = hpc_conn_alloc(sock);
	if (!c) {
		err = -ENOMEM;
		goto out_release;
	}
	c->peer = node;
	return c;

out_release:
	sock_release(sock);
	return ERR_PTR(err);
}

/**
 * hpc_handshake_connect() - first exchange on a channel we opened
 * @c: the channel
 *
 * Return: 0 or a negative errno. (Peer authentication goes here.)
 */
int hpc_handshake_connect(struct hpc_conn *c)
{
	u8 hello[sizeof(struct hpc_wire_hello)];
	u16 from, to;
	u32 purpose;
	int err;

	hpc_wire_encode_hello(hello, hpc_node_id(), c->peer,
			      HPC_HELLO_MIGRATE);
	err = hpc_conn_send(c, HPC_MSG_HELLO, hello, sizeof(hello));
	if (err)
		return err;
	err = hpc_conn_expect(c, HPC_MSG_HELLO, HPC_IO_TIMEOUT);
	if (err)
		return err;
	err = hpc_wire_decode_hello(c->buf, c->msg.length, &from, &to,
				    &purpose);
	if (!err && (from != c->peer || to != hpc_node_id()))
		err = -EPROTO;
	if (err)
		hpc_conn_fail(c, "bad handshake", err);
	return err;
}

/**
 * hpc_handshake_accept() - first exchange on a channel a peer opened
 * @c: the channel
 *
 * Return: 0 or a negative errno.
 */
int hpc_handshake_accept(struct hpc_conn *c)
{
	u8 hello[sizeof(struct hpc_wire_hello)];
	u16 from, to;
	u32 purpose;
	u32 addr;
	bool ok;
	int err;

	err = hpc_conn_expect(c, HPC_MSG_HELLO, HPC_IO_TIMEOUT);
	if (err)
		return err;
	err = hpc_wire_decode_hello(c->buf, c->msg.length, &from, &to,
				    &purpose);
	if (err || to != hpc_node_id()) {
		hpc_conn_fail(c, "bad handshake", err ?: -EPROTO);
		return err ?: -EPROTO;
	}
	/* the peer must be in the map under the id it claims */
	rcu_read_lock();
	ok = hpc_config_map() && hpc_map_addr_of(hpc_config_map(), from,
						  &addr);
	rcu_read_unlock();
	if (!ok) {
		hpc_conn_fail(c, "handshake from unknown node", -EPERM);
		return -EPERM;
	}
	c->peer = from;
	hpc_wire_encode_hello(hello, hpc_node_id(), from, HPC_HELLO_MIGRATE);
	return hpc_conn_send(c, HPC_MSG_HELLO, hello, sizeof(hello));
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
