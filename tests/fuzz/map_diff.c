// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the two cluster-map parsers, and whether they agree.
 *
 *  - userland/lib/map.c map_parse(): what setpe checks before a map is
 *    written to the kernel;
 *  - hpc/map.c hpc_map_parse(): the kernel's own, built unchanged here
 *    against tests/fuzz/kshim (Documentation/fuzzing.rst).
 *
 * Each parser is checked on its own (no crash, no leak, every accepted
 * range in bounds and disjoint, lookups consistent, the userland map
 * survives a format/parse round trip), then against the other: both
 * accept or both reject, and they accept the same ranges. A map that
 * setpe passes and the kernel refuses, or the reverse, is a bug in one of
 * them.
 *
 * Divergences already reported and not yet fixed are listed in
 * known_divergence(); inputs showing one are still checked for crashes
 * and per-parser properties but not compared, so that fuzzing can find
 * the next one. With HPC_FUZZ_STRICT=1 in the environment nothing is
 * excused (scripts/fuzz.sh replays tests/fuzz/regress/map_diff/known-*
 * that way and reports them as TODO until they are fixed).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <hpc/map.h>

#include "fuzz.h"

/* From hpc/map.h, which needs the kernel shim to include. */
#include "kmap.h"

static bool strict;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	strict = getenv("HPC_FUZZ_STRICT") != NULL;
	return 0;
}

/* --- known divergences ------------------------------------------------ */

/*
 * Names the first reported divergence the input can show, NULL if none.
 * Each is described, with the side that is wrong, in
 * Documentation/fuzzing.rst ("Findings"); delete a case when it is fixed.
 */
static const char *known_divergence(const char *t, size_t len)
{
	/* KD1-KD7 were fixed in both parsers; none is excused any more. */
	(void)t;
	(void)len;
	return NULL;
}

/* --- per-parser properties -------------------------------------------- */

static void check_user_map(const struct map *m)
{
	struct map again;
	struct map_error err;
	char *text;

	for (size_t i = 0; i < m->nranges; i++) {
		const struct map_range *r = &m->ranges[i];
		struct in_addr a;
		uint32_t id;

		FUZZ_CHECK(r->first >= 1 && r->count >= 1 &&
			   (uint64_t)r->first + r->count - 1 <= MAP_ID_MAX &&
			   (uint64_t)r->addr + r->count - 1 <= UINT32_MAX,
			   "range %zu out of bounds", i);
		FUZZ_CHECK(i == 0 || m->ranges[i - 1].first < r->first,
			   "ranges not sorted");
		FUZZ_CHECK(map_id_to_addr(m, r->first + r->count - 1, &a) == 0 &&
			   ntohl(a.s_addr) == r->addr + r->count - 1,
			   "id lookup of range %zu", i);
		FUZZ_CHECK(map_addr_to_id(m, a, &id) == 0 &&
			   id == r->first + r->count - 1,
			   "address lookup of range %zu", i);
	}
	/* Normalised text parses back to the same map. */
	text = map_format(m);
	if (!text)
		return;
	map_init(&again);
	FUZZ_CHECK(map_parse(&again, text, strlen(text), &err) == 0,
		   "formatted map does not parse: %s", err.msg);
	FUZZ_CHECK(again.nranges == m->nranges, "round trip changed the map");
	for (size_t i = 0; i < m->nranges; i++)
		FUZZ_CHECK(again.ranges[i].first == m->ranges[i].first &&
			   again.ranges[i].addr == m->ranges[i].addr &&
			   again.ranges[i].count == m->ranges[i].count,
			   "round trip changed range %zu", i);
	map_fini(&again);
	free(text);
}

static void check_kernel_map(const struct kmap_range *r, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++) {
		FUZZ_CHECK(r[i].first >= 1 && r[i].count >= 1 &&
			   (uint64_t)r[i].first + r[i].count - 1 <= 65535 &&
			   (uint64_t)r[i].addr + r[i].count - 1 <= UINT32_MAX,
			   "kernel range %u out of bounds", i);
		for (unsigned int j = 0; j < i; j++) {
			FUZZ_CHECK(r[i].first + r[i].count <= r[j].first ||
				   r[j].first + r[j].count <= r[i].first,
				   "kernel ranges %u and %u overlap in ids", i, j);
			FUZZ_CHECK((uint64_t)r[i].addr + r[i].count <= r[j].addr ||
				   (uint64_t)r[j].addr + r[j].count <= r[i].addr,
				   "kernel ranges %u and %u overlap in addresses",
				   i, j);
		}
	}
}

static int cmp_kmap_first(const void *a, const void *b)
{
	const struct kmap_range *x = a, *y = b;

	return (x->first > y->first) - (x->first < y->first);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kmap_range *kr = NULL;
	struct map um;
	struct map_error err;
	unsigned int knr = 0, bad_line = 0;
	const char *why;
	char *text;
	int uret, kret;

	/* Exact-size, not NUL-terminated: both parsers take a length. */
	text = malloc(size ? size : 1);
	if (!text)
		return 0;
	memcpy(text, data, size);

	map_init(&um);
	uret = map_parse(&um, text, size, &err);
	FUZZ_CHECK(uret == 0 || uret == -EINVAL, "map_parse returned %d", uret);
	if (uret == 0)
		check_user_map(&um);
	else
		FUZZ_CHECK(um.nranges == 0 && err.msg[0],
			   "failed parse left ranges or no message");

	kret = kmap_parse(text, size, &kr, &knr, &bad_line);
	FUZZ_CHECK(kret == 0 || kret == -EINVAL || kret == -E2BIG,
		   "hpc_map_parse returned %d", kret);
	if (kret == 0)
		check_kernel_map(kr, knr);
	else
		FUZZ_CHECK(bad_line >= 1, "kernel error without a line");

	why = strict ? NULL : known_divergence(text, size);
	if (!why) {
		FUZZ_CHECK((uret == 0) == (kret == 0),
			   "userland %s (%s, line %u), kernel %s (%d, line %u)",
			   uret ? "rejects" : "accepts", uret ? err.msg : "",
			   uret ? err.line : 0, kret ? "rejects" : "accepts",
			   kret, bad_line);
		if (uret == 0) {
			qsort(kr, knr, sizeof(*kr), cmp_kmap_first);
			FUZZ_CHECK(knr == um.nranges, "%u kernel ranges, %zu userland",
				   knr, um.nranges);
			for (unsigned int i = 0; i < knr; i++)
				FUZZ_CHECK(kr[i].first == um.ranges[i].first &&
					   kr[i].count == um.ranges[i].count &&
					   kr[i].addr == um.ranges[i].addr,
					   "range %u differs", i);
		}
	}
	free(kr);
	map_fini(&um);
	free(text);
	return 0;
}
