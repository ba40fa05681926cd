// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the admin socket client against a scripted server thread. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <hpc/admin.h>

struct server {
	char path[108];
	int lfd;
	const char *answer;	/* sent after reading one request line */
	char request[256];
	pthread_t thread;
};

static void *serve_once(void *arg)
{
	struct server *s = arg;
	int fd = accept(s->lfd, NULL, NULL);
	size_t off = 0;

	if (fd < 0)
		return NULL;
	while (off + 1 < sizeof(s->request)) {
		ssize_t n = read(fd, s->request + off, 1);

		if (n <= 0 || s->request[off] == '\n')
			break;
		off++;
	}
	s->request[off] = '\0';
	if (write(fd, s->answer, strlen(s->answer)) < 0)
		perror("write");
	close(fd);
	return NULL;
}

static void server_start(struct server *s, const char *answer)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	memset(s, 0, sizeof(*s));
	snprintf(s->path, sizeof(s->path), "/tmp/test_adminc.%d.sock", (int)getpid());
	unlink(s->path);
	strcpy(sa.sun_path, s->path);
	s->lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(s->lfd >= 0);
	assert_int_equal(bind(s->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(s->lfd, 1), 0);
	s->answer = answer;
	assert_int_equal(pthread_create(&s->thread, NULL, serve_once, s), 0);
}

static void server_stop(struct server *s)
{
	pthread_join(s->thread, NULL);
	close(s->lfd);
	unlink(s->path);
}

static void test_parse_node(void **state)
{
	struct adminc_node n;

	(void)state;
	assert_int_equal(adminc_parse_node(
		"node 3 addr=10.0.0.3 state=up load=120 speed=1500 ncpus=4 "
		"memtotal=8000000 memfree=1000 util=77 guests=2 "
		"flags=blocked,lstay age=250 future=whatever", &n), 0);
	assert_int_equal(n.id, 3);
	assert_string_equal(n.addr, "10.0.0.3");
	assert_int_equal(n.state, ADMINC_UP);
	assert_int_equal(n.load, 120);
	assert_int_equal(n.speed, 1500);
	assert_int_equal(n.ncpus, 4);
	assert_int_equal(n.memtotal, 8000000);
	assert_int_equal(n.memfree, 1000);
	assert_int_equal(n.util, 77);
	assert_int_equal(n.guests, 2);
	assert_int_equal(n.flags, ADMINC_F_BLOCKED | ADMINC_F_LSTAY);
	assert_int_equal(n.age, 250);

	assert_int_equal(adminc_parse_node("node 1 state=self flags=-", &n), 0);
	assert_int_equal(n.state, ADMINC_SELF);
	assert_int_equal(n.flags, 0);
	assert_int_equal(adminc_parse_node("node 1 state=sleepy", &n), 0);
	assert_int_equal(n.state, ADMINC_UNKNOWN);

	assert_int_equal(adminc_parse_node("proc 1 where=2", &n), -EINVAL);
	assert_int_equal(adminc_parse_node("node 0 load=1", &n), -EINVAL);
	assert_int_equal(adminc_parse_node("node 70000", &n), -EINVAL);
	assert_int_equal(adminc_parse_node("node 2 load=abc", &n), -EINVAL);
	assert_int_equal(adminc_parse_node("node 2 util=101", &n), -EINVAL);
	assert_int_equal(adminc_parse_node("node 2 memfree=-1", &n), -EINVAL);
	assert_int_equal(adminc_parse_node("node 2 noequals", &n), -EINVAL);
	assert_int_equal(adminc_parse_node("node 2 addr=1234567890123456789", &n), -EINVAL);
}

static void test_get_nodes(void **state)
{
	struct server s;
	struct adminc_nodes ns = { 0 };
	char err[128];
	const struct adminc_node *n;

	(void)state;
	server_start(&s,
		"node 1 addr=10.0.0.1 state=self load=10 speed=1000\n"
		"something new the client must skip\n"
		"node 2 addr=10.0.0.2 state=dead\n"
		".\n");
	assert_int_equal(adminc_get_nodes(s.path, &ns, err, sizeof(err)), 0);
	server_stop(&s);
	assert_string_equal(s.request, "nodes");
	assert_int_equal(ns.n, 2);
	n = adminc_nodes_find(&ns, 2);
	assert_non_null(n);
	assert_int_equal(n->state, ADMINC_DEAD);
	assert_null(adminc_nodes_find(&ns, 3));
	adminc_nodes_fini(&ns);
}

static void test_err_answer(void **state)
{
	struct server s;
	struct adminc_nodes ns = { 0 };
	char err[128];

	(void)state;
	server_start(&s, "ERR unknown request\n.\n");
	assert_int_equal(adminc_get_nodes(s.path, &ns, err, sizeof(err)), -EPROTO);
	server_stop(&s);
	assert_string_equal(err, "unknown request");
	adminc_nodes_fini(&ns);
}

static void test_truncated(void **state)
{
	struct server s;
	struct adminc_nodes ns = { 0 };
	char err[128];

	(void)state;
	server_start(&s, "node 1 state=up\n");	/* no final "." */
	assert_int_equal(adminc_get_nodes(s.path, &ns, err, sizeof(err)), -ECONNRESET);
	server_stop(&s);
	adminc_nodes_fini(&ns);
}

static void test_long_line(void **state)
{
	struct server s;
	struct adminc_nodes ns = { 0 };
	char err[128], *big = malloc(3000);

	(void)state;
	memset(big, 'x', 2998);
	big[2998] = '\n';
	big[2999] = '\0';
	server_start(&s, big);
	assert_int_equal(adminc_get_nodes(s.path, &ns, err, sizeof(err)), -EMSGSIZE);
	server_stop(&s);
	adminc_nodes_fini(&ns);
	free(big);
}

static void test_not_running(void **state)
{
	struct adminc_nodes ns = { 0 };
	char err[128];
	int ret;

	(void)state;
	ret = adminc_get_nodes("/tmp/test_adminc.nonexistent.sock", &ns, err, sizeof(err));
	assert_int_equal(ret, -ENOENT);
	assert_string_equal(adminc_strerror(ret), "daemon not running");
	assert_string_equal(adminc_strerror(-ECONNREFUSED), "daemon not running");
}

static void test_socket_path(void **state)
{
	(void)state;
	unsetenv(ADMINC_ENV);
	assert_string_equal(adminc_socket_path(NULL), "/run/mosixd.sock");
	setenv(ADMINC_ENV, "/tmp/x.sock", 1);
	assert_string_equal(adminc_socket_path(NULL), "/tmp/x.sock");
	assert_string_equal(adminc_socket_path("/a"), "/a");
	unsetenv(ADMINC_ENV);
}

static void test_flags_str(void **state)
{
	char buf[64];

	(void)state;
	adminc_flags_str(0, buf, sizeof(buf));
	assert_string_equal(buf, "-");
	adminc_flags_str(ADMINC_F_QUIET | ADMINC_F_STAY, buf, sizeof(buf));
	assert_string_equal(buf, "quiet,stay");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_node),
		cmocka_unit_test(test_get_nodes),
		cmocka_unit_test(test_err_answer),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_not_running),
		cmocka_unit_test(test_socket_path),
		cmocka_unit_test(test_flags_str),
	};

	return cmocka_run_group_tests_name("adminc", tests, NULL, NULL);
}
