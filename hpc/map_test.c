// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the cluster map parser.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "map.h"

static struct hpc_map *parse_ok(struct kunit *test, const char *text)
{
	struct hpc_map *map;
	unsigned int bad;
	int err;

	err = hpc_map_parse(text, strlen(text), &map, &bad);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "map \"%s\" rejected at line %u",
			    text, bad);
	KUNIT_ASSERT_NOT_NULL(test, map);
	return map;
}

static void expect_bad(struct kunit *test, const char *text, int want_err,
		       unsigned int want_line)
{
	struct hpc_map *map;
	unsigned int bad;
	int err;

	err = hpc_map_parse(text, strlen(text), &map, &bad);
	KUNIT_EXPECT_EQ_MSG(test, err, want_err, "map \"%s\"", text);
	KUNIT_EXPECT_EQ_MSG(test, bad, want_line, "map \"%s\"", text);
	KUNIT_EXPECT_NULL(test, map);
	kfree(map);
}

static void hpc_map_single_range(struct kunit *test)
{
	struct hpc_map *map = parse_ok(test, "1 10.77.0.1 4\n");
	u32 addr = 0;

	KUNIT_EXPECT_EQ(test, map->nr, 1U);
	KUNIT_EXPECT_EQ(test, hpc_map_nodes(map), 4U);
	KUNIT_EXPECT_TRUE(test, hpc_map_addr_of(map, 3, &addr));
	KUNIT_EXPECT_EQ(test, addr, 0x0a4d0003U);
	KUNIT_EXPECT_FALSE(test, hpc_map_addr_of(map, 5, &addr));
	KUNIT_EXPECT_FALSE(test, hpc_map_addr_of(map, 0, &addr));
	KUNIT_EXPECT_EQ(test, hpc_map_id_of(map, 0x0a4d0004), 4);
	KUNIT_EXPECT_EQ(test, hpc_map_id_of(map, 0x0a4d0005), 0);
	kfree(map);
}

static void hpc_map_comments_and_ranges(struct kunit *test)
{
	struct hpc_map *map = parse_ok(test,
		"# openMosix map\r\n"
		"\n"
		"  1   192.168.1.10  2   # first rack\r\n"
		"\t10\t192.168.2.1\t1\n"
		"20 192.168.3.1 3");
	u32 addr;

	KUNIT_EXPECT_EQ(test, map->nr, 3U);
	KUNIT_EXPECT_EQ(test, hpc_map_nodes(map), 6U);
	KUNIT_EXPECT_TRUE(test, hpc_map_addr_of(map, 22, &addr));
	KUNIT_EXPECT_EQ(test, addr, 0xc0a80303U);
	KUNIT_EXPECT_EQ(test, hpc_map_id_of(map, 0xc0a8010b), 2);
	KUNIT_EXPECT_TRUE(test, hpc_map_contains(map, 10));
	KUNIT_EXPECT_FALSE(test, hpc_map_contains(map, 3));
	kfree(map);
}

static void hpc_map_empty(struct kunit *test)
{
	struct hpc_map *map = parse_ok(test, "# nothing\n\n");

	KUNIT_EXPECT_EQ(test, map->nr, 0U);
	KUNIT_EXPECT_FALSE(test, hpc_map_contains(map, 1));
	kfree(map);
}

static void hpc_map_malformed(struct kunit *test)
{
	expect_bad(test, "1 10.0.0.1\n", -EINVAL, 1);
	expect_bad(test, "1 10.0.0.1 2 9\n", -EINVAL, 1);
	expect_bad(test, "\n1 10.0.0.256 2\n", -EINVAL, 2);
	expect_bad(test, "1 10.0.0 2\n", -EINVAL, 1);
	expect_bad(test, "0 10.0.0.1 2\n", -EINVAL, 1);
	expect_bad(test, "1 10.0.0.1 0\n", -EINVAL, 1);
	expect_bad(test, "x 10.0.0.1 1\n", -EINVAL, 1);
	expect_bad(test, "1 10.0.0.1 -1\n", -EINVAL, 1);
	expect_bad(test, "65536 10.0.0.1 1\n", -EINVAL, 1);
	expect_bad(test, "65535 10.0.0.1 2\n", -EINVAL, 1);
	expect_bad(test, "1 255.255.255.255 2\n", -EINVAL, 1);
	expect_bad(test, "1 10.0.0.1 11111111111111111111111111\n", -EINVAL, 1);
	/* found by fuzzing against the userland parser (tests/fuzz) */
	expect_bad(test, "+1 10.0.0.1 1\n", -EINVAL, 1);
	expect_bad(test, "1 10.0.0.1 +1\n", -EINVAL, 1);
	expect_bad(test, "1 10.0.0.01 1\n", -EINVAL, 1);
	expect_bad(test, "1 10.0.0.1:7 1\n", -EINVAL, 1);
	expect_bad(test, "1 10..0.1 1\n", -EINVAL, 1);
	expect_bad(test, "1 10.0.0.1. 1\n", -EINVAL, 1);
	expect_bad(test, "1\v10.0.0.1 1\n", -EINVAL, 1);
}

static void hpc_map_long_line(struct kunit *test)
{
	char *text = kunit_kzalloc(test, HPC_MAP_MAX_LINE + 16, GFP_KERNEL);
	struct hpc_map *map;
	unsigned int bad;

	KUNIT_ASSERT_NOT_NULL(test, text);
	strscpy(text, "1 10.0.0.1 1 #", HPC_MAP_MAX_LINE + 16);
	memset(text + 14, 'x', HPC_MAP_MAX_LINE - 14);
	/* exactly HPC_MAP_MAX_LINE bytes: accepted */
	KUNIT_EXPECT_EQ(test, hpc_map_parse(text, HPC_MAP_MAX_LINE, &map, &bad), 0);
	kfree(map);
	text[HPC_MAP_MAX_LINE] = 'x';
	KUNIT_EXPECT_EQ(test, hpc_map_parse(text, HPC_MAP_MAX_LINE + 1, &map, &bad),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, bad, 1U);
}

static void hpc_map_overlaps(struct kunit *test)
{
	expect_bad(test, "1 10.0.0.1 4\n4 10.0.1.1 1\n", -EINVAL, 2);
	expect_bad(test, "1 10.0.0.1 4\n# c\n9 10.0.0.4 1\n", -EINVAL, 3);
	expect_bad(test, "5 10.0.0.5 1\n1 10.0.0.1 10\n", -EINVAL, 2);
}

static void hpc_map_nul_byte(struct kunit *test)
{
	static const char text[] = "1 10.0.0.1 1\n2 10.0.0.2 1 # \0\n";
	struct hpc_map *map;
	unsigned int bad;

	KUNIT_EXPECT_EQ(test, hpc_map_parse(text, sizeof(text) - 1, &map, &bad),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, bad, 2U);
}

static void hpc_map_too_many_ranges(struct kunit *test)
{
	size_t size = (HPC_MAP_MAX_RANGES + 1) * 24, len = 0;
	char *text = kunit_kzalloc(test, size, GFP_KERNEL);
	struct hpc_map *map;
	unsigned int i, bad;

	KUNIT_ASSERT_NOT_NULL(test, text);
	for (i = 0; i <= HPC_MAP_MAX_RANGES; i++)
		len += scnprintf(text + len, size - len, "%u 10.%u.%u.1 1\n",
				 i + 1, i / 256, i % 256);
	KUNIT_EXPECT_EQ(test, hpc_map_parse(text, len, &map, &bad), -E2BIG);
	KUNIT_EXPECT_EQ(test, bad, HPC_MAP_MAX_RANGES + 1);
	KUNIT_EXPECT_NULL(test, map);
}

static struct kunit_case hpc_map_cases[] = {
	KUNIT_CASE(hpc_map_single_range),
	KUNIT_CASE(hpc_map_comments_and_ranges),
	KUNIT_CASE(hpc_map_empty),
	KUNIT_CASE(hpc_map_malformed),
	KUNIT_CASE(hpc_map_overlaps),
	KUNIT_CASE(hpc_map_nul_byte),
	KUNIT_CASE(hpc_map_long_line),
	KUNIT_CASE(hpc_map_too_many_ranges),
	{}
};

static struct kunit_suite hpc_map_suite = {
	.name = "hpc_map",
	.test_cases = hpc_map_cases,
};

kunit_test_suite(hpc_map_suite);

MODULE_DESCRIPTION("KUnit tests for the hpc cluster map");
MODULE_LICENSE("GPL");
