// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the cluster map parser (userland/lib/map.c), map_add()
 * and the kernel map writer hpcfs_map_write() (userland/lib/procfs.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <hpc/map.h>
#include <hpc/procfs.h>
#include <linux/hpc.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int parse(struct map *m, const char *text, struct map_error *e)
{
	map_init(m);
	return map_parse(m, text, strlen(text), e);
}

/* Expect text to be rejected on line `line` with msg containing `what`. */
static void expect_bad(const char *text, unsigned int line, const char *what)
{
	struct map m;
	struct map_error e;

	assert_int_equal(parse(&m, text, &e), -EINVAL);
	assert_int_equal(e.line, line);
	if (!strstr(e.msg, what))
		fail_msg("for \"%s\": expected an error about '%s', got '%s'",
			 text, what, e.msg);
	assert_int_equal(m.nranges, 0);
	map_fini(&m);
}

static void test_good_map(void **state)
{
	struct map m;
	struct map_error e;
	struct in_addr a;
	uint32_t id;
	char *s;

	(void)state;
	assert_int_equal(parse(&m,
		"# cluster\n"
		"\n"
		"5\t10.0.1.1   2   # second rack\n"
		"1 10.0.0.1 4\n"
		"   # only a comment\n"
		"100 192.168.7.250 1", &e), 0);
	assert_int_equal(m.nranges, 3);
	assert_int_equal(map_node_count(&m), 7);
	assert_int_equal(map_node_at(&m, 0), 1);
	assert_int_equal(map_node_at(&m, 4), 5);
	assert_int_equal(map_node_at(&m, 6), 100);

	assert_int_equal(map_id_to_addr(&m, 3, &a), 0);
	assert_string_equal(inet_ntoa(a), "10.0.0.3");
	assert_int_equal(map_id_to_addr(&m, 6, &a), 0);
	assert_string_equal(inet_ntoa(a), "10.0.1.2");
	assert_int_equal(map_id_to_addr(&m, 7, &a), -ENOENT);
	assert_int_equal(map_id_to_addr(&m, 0, &a), -ENOENT);

	inet_pton(AF_INET, "10.0.0.4", &a);
	assert_int_equal(map_addr_to_id(&m, a, &id), 0);
	assert_int_equal(id, 4);
	inet_pton(AF_INET, "10.0.0.5", &a);
	assert_int_equal(map_addr_to_id(&m, a, &id), -ENOENT);

	s = map_format(&m);
	assert_non_null(s);
	assert_string_equal(s, "1 10.0.0.1 4\n5 10.0.1.1 2\n100 192.168.7.250 1\n");
	free(s);
	map_fini(&m);
}

static void test_format_roundtrip(void **state)
{
	struct map m, m2;
	struct map_error e;
	char *s, *s2;

	(void)state;
	assert_int_equal(parse(&m, "3 1.2.3.4 2\n1 1.2.3.1 2\n65535 9.9.9.9 1\n", &e), 0);
	s = map_format(&m);
	assert_int_equal(parse(&m2, s, &e), 0);
	s2 = map_format(&m2);
	assert_string_equal(s, s2);
	free(s);
	free(s2);
	map_fini(&m);
	map_fini(&m2);
}

static void test_empty(void **state)
{
	struct map m;
	struct map_error e;
	char *s;

	(void)state;
	assert_int_equal(parse(&m, "# nothing\n\n", &e), 0);
	assert_int_equal(m.nranges, 0);
	assert_int_equal(map_node_count(&m), 0);
	s = map_format(&m);
	assert_string_equal(s, "");
	free(s);
	map_fini(&m);
}

static void test_malformed(void **state)
{
	(void)state;
	expect_bad("1 10.0.0.1\n", 1, "expected 'first-id address count'");
	expect_bad("1 10.0.0.1 2 3\n", 1, "expected");
	expect_bad("# ok\n1 10.0.0.1 1\nfoo 10.0.0.9 1\n", 3, "bad node id 'foo'");
	expect_bad("-1 10.0.0.1 1\n", 1, "bad node id");
	expect_bad("1 10.0.0.1 x\n", 1, "bad count 'x'");
	expect_bad("1 10.0.0.1 -2\n", 1, "bad count");
	expect_bad("1 10.0.0.1 1junk\n", 1, "bad count");
}

static void test_zero(void **state)
{
	(void)state;
	expect_bad("\n0 10.0.0.1 1\n", 2, "node id 0");
	expect_bad("1 10.0.0.1 0\n", 1, "count 0");
}

static void test_bad_ipv4(void **state)
{
	(void)state;
	expect_bad("1 10.0.0\n", 1, "expected");
	expect_bad("1 10.0.0 1\n", 1, "bad IPv4 address '10.0.0'");
	expect_bad("1 10.0.0.256 1\n", 1, "bad IPv4");
	expect_bad("1 node7.example 1\n", 1, "bad IPv4");
	expect_bad("1 ::1 1\n", 1, "bad IPv4");
	expect_bad("1 255.255.255.254 3\n", 1, "run past");
}

static void test_id_limits(void **state)
{
	struct map m;
	struct map_error e;

	(void)state;
	expect_bad("65536 10.0.0.1 1\n", 1, "above 65535");
	expect_bad("99999999999 10.0.0.1 1\n", 1, "bad node id");
	expect_bad("65530 10.0.0.1 7\n", 1, "go above 65535");
	assert_int_equal(parse(&m, "65530 10.0.0.1 6\n", &e), 0);
	assert_int_equal(map_node_count(&m), 6);
	map_fini(&m);
}

static void test_overlaps(void **state)
{
	(void)state;
	expect_bad("1 10.0.0.1 4\n4 10.0.1.1 2\n", 2, "overlap line 1");
	expect_bad("5 10.0.1.1 2\n1 10.0.0.1 5\n", 2, "ids 1-5 overlap line 1 (ids 5-6)");
	expect_bad("1 10.0.0.1 4\n9 10.0.0.4 1\n", 2, "addresses from 10.0.0.4 overlap line 1");
	expect_bad("1 10.0.0.1 1\n1 10.0.0.2 1\n", 2, "id 1 overlaps line 1 (id 1)");
}

static void test_line_numbers_crlf(void **state)
{
	struct map m;
	struct map_error e;
	char buf[128];

	(void)state;
	assert_int_equal(parse(&m, "1 10.0.0.1 1\r\n2 10.0.0.2 1\r\n", &e), 0);
	assert_int_equal(map_node_count(&m), 2);
	map_fini(&m);
	assert_int_equal(parse(&m, "1 10.0.0.1 1\n\n\n\nbad\n", &e), -EINVAL);
	map_error_str(&e, buf, sizeof(buf));
	assert_string_equal(buf,
		"line 5: expected 'first-id address count', found 1 field");
	map_fini(&m);
}

static int add(struct map *m, uint32_t id, const char *addr)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, addr, &a), 1);
	return map_add(m, id, a);
}

static void expect_format(const struct map *m, const char *want)
{
	char *s = map_format(m);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void test_add(void **state)
{
	struct map m, c;
	struct map_error e;
	struct in_addr a;

	(void)state;
	assert_int_equal(parse(&m, "10 10.0.0.10 2\n20 10.0.0.20 1\n", &e), 0);
	/* Apart from every range: a range of its own, in id order. */
	assert_int_equal(add(&m, 5, "10.0.0.50"), 0);
	assert_int_equal(add(&m, 30, "10.0.0.99"), 0);
	expect_format(&m, "5 10.0.0.50 1\n10 10.0.0.10 2\n20 10.0.0.20 1\n"
			  "30 10.0.0.99 1\n");
	/* Continuing a range (next id, next address) grows it... */
	assert_int_equal(add(&m, 12, "10.0.0.12"), 0);
	/* ...so does preceding one... */
	assert_int_equal(add(&m, 19, "10.0.0.19"), 0);
	expect_format(&m, "5 10.0.0.50 1\n10 10.0.0.10 3\n19 10.0.0.19 2\n"
			  "30 10.0.0.99 1\n");
	/* ...and filling the gap between two makes one. */
	for (uint32_t id = 13; id <= 18; id++) {
		char ip[16];

		snprintf(ip, sizeof(ip), "10.0.0.%u", id);
		assert_int_equal(add(&m, id, ip), 0);
	}
	expect_format(&m, "5 10.0.0.50 1\n10 10.0.0.10 11\n30 10.0.0.99 1\n");
	assert_int_equal(map_node_count(&m), 13);
	assert_int_equal(map_id_to_addr(&m, 16, &a), 0);
	assert_string_equal(inet_ntoa(a), "10.0.0.16");

	/* Taken ids and addresses, and ids out of range. */
	assert_int_equal(add(&m, 15, "10.0.1.1"), -EEXIST);
	assert_int_equal(add(&m, 40, "10.0.0.15"), -EEXIST);
	assert_int_equal(add(&m, 5, "10.0.0.50"), -EEXIST);
	assert_int_equal(add(&m, 0, "10.0.1.1"), -EINVAL);
	assert_int_equal(add(&m, MAP_ID_MAX + 1, "10.0.1.1"), -EINVAL);
	/* Next id but not next address: no merge. */
	assert_int_equal(add(&m, 31, "10.0.0.101"), 0);
	expect_format(&m, "5 10.0.0.50 1\n10 10.0.0.10 11\n30 10.0.0.99 1\n"
			  "31 10.0.0.101 1\n");

	/* A copy is a copy. */
	map_init(&c);
	assert_int_equal(map_copy(&c, &m), 0);
	assert_int_equal(add(&c, 1, "10.0.2.1"), 0);
	assert_int_equal(map_node_count(&c), map_node_count(&m) + 1);
	assert_int_equal(map_copy(&c, &m), 0);
	assert_int_equal(map_node_count(&c), map_node_count(&m));
	map_fini(&c);

	/* What map_add() makes, the parser takes back unchanged. */
	{
		char *s = map_format(&m);

		assert_int_equal(parse(&c, s, &e), 0);
		expect_format(&c, s);
		free(s);
		map_fini(&c);
	}
	map_fini(&m);

	/* An empty map takes a first node. */
	map_init(&m);
	assert_int_equal(add(&m, 7, "192.168.1.7"), 0);
	expect_format(&m, "7 192.168.1.7 1\n");
	map_fini(&m);
}

static void test_add_range_limit(void **state)
{
	struct map m;
	struct in_addr a;

	(void)state;
	map_init(&m);
	/* Every other id and address: no merging, one range each. */
	for (uint32_t i = 0; i < HPC_MAP_MAX_RANGES; i++) {
		a.s_addr = htonl(0x0a000000u + 2 * i);
		assert_int_equal(map_add(&m, 1 + 2 * i, a), 0);
	}
	assert_int_equal(m.nranges, HPC_MAP_MAX_RANGES);
	a.s_addr = htonl(0x0b000000u);
	assert_int_equal(map_add(&m, 60000, a), -ENOSPC);
	/* Growing a range still works at the limit. */
	a.s_addr = htonl(0x0a000001u);
	assert_int_equal(map_add(&m, 2, a), 0);
	assert_int_equal(m.nranges, HPC_MAP_MAX_RANGES - 1);
	map_fini(&m);
}

/* hpcfs_map_write() against a fake /proc: one write of the normal form. */
static void test_map_write(void **state)
{
	char root[] = "/tmp/test_map.XXXXXX", path[256], buf[256];
	struct map m, back;
	struct map_error e;
	FILE *f;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(root));
	setenv(HPCFS_ENV, root, 1);
	snprintf(path, sizeof(path), "%s/hpc", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/hpc/admin", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/hpc/admin/config", root);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("1 10.0.0.1 1\n", f);
	fclose(f);

	map_init(&back);
	assert_int_equal(hpcfs_map_read(&back, &e), 0);
	assert_int_equal(add(&back, 2, "10.0.0.2"), 0);
	assert_int_equal(add(&back, 9, "10.0.0.90"), 0);
	assert_int_equal(hpcfs_map_write(&back), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, "1 10.0.0.1 2\n9 10.0.0.90 1\n");
	map_fini(&back);

	/* An empty map is written as one newline: the kernel's "no map". */
	map_init(&m);
	assert_int_equal(hpcfs_map_write(&m), 0);
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, "\n");
	map_fini(&m);

	unlink(path);
	snprintf(path, sizeof(path), "%s/hpc/admin", root);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/hpc", root);
	rmdir(path);
	rmdir(root);
	unsetenv(HPCFS_ENV);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_map),
		cmocka_unit_test(test_format_roundtrip),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_zero),
		cmocka_unit_test(test_bad_ipv4),
		cmocka_unit_test(test_id_limits),
		cmocka_unit_test(test_overlaps),
		cmocka_unit_test(test_line_numbers_crlf),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_add_range_limit),
		cmocka_unit_test(test_map_write),
	};

	return cmocka_run_group_tests_name("map", tests, NULL, NULL);
}
