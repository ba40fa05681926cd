// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the cluster map parser (userland/lib/map.c). */
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
	};

	return cmocka_run_group_tests_name("map", tests, NULL, NULL);
}
