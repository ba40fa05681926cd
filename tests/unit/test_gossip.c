// SPDX-License-Identifier: GPL-2.0
/*
 * Gossip view: freshness merge, ages along paths, death and return, the
 * freshest window, eviction, and spread over a small cluster.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <hpc/engine.h>
#include <hpc/gossip.h>

static struct lvec_entry vec(uint16_t node, uint32_t epoch, uint32_t seq,
			     uint32_t age_ms)
{
	struct lvec_entry e = {
		.node = node, .ncpus = 1, .speed = 1000, .epoch = epoch,
		.seq = seq, .load = 100, .memtotal_kib = 1000,
		.memfree_kib = 500, .age_ms = age_ms,
	};
	return e;
}

static void test_merge(void **state)
{
	struct gossip_table t;
	struct lvec_entry e;

	(void)state;
	assert_int_equal(gossip_init(&t, 1, 8, 5000), 0);
	e = vec(2, 10, 5, 0);
	assert_int_equal(gossip_merge(&t, &e, 1000), GOSSIP_NEW);
	assert_int_equal(gossip_merge(&t, &e, 1000), GOSSIP_STALE);
	e.seq = 4;
	assert_int_equal(gossip_merge(&t, &e, 1000), GOSSIP_STALE);
	e.seq = 6;
	e.load = 300;
	assert_int_equal(gossip_merge(&t, &e, 1100), GOSSIP_UPDATED);
	assert_int_equal(gossip_find(&t, 2)->v.load, 300);
	/* A restarted node's new epoch wins even with a smaller seq. */
	e = vec(2, 11, 1, 0);
	assert_int_equal(gossip_merge(&t, &e, 1200), GOSSIP_UPDATED);
	e = vec(2, 10, 99, 0);
	assert_int_equal(gossip_merge(&t, &e, 1300), GOSSIP_STALE);
	/* Nobody else knows our own load better than we do. */
	e = vec(1, 99, 99, 0);
	assert_int_equal(gossip_merge(&t, &e, 1300), GOSSIP_SELF);
	assert_null(gossip_find(&t, 1));
	gossip_fini(&t);
}

static void test_age_death_return(void **state)
{
	struct gossip_table t;
	struct lvec_entry e;

	(void)state;
	assert_int_equal(gossip_init(&t, 1, 8, 3000), 0);
	assert_int_equal(gossip_state(&t, 1, 0), GOSSIP_S_SELF);
	assert_int_equal(gossip_state(&t, 2, 0), GOSSIP_S_UNKNOWN);
	/* Heard second-hand: it was already 800 ms old. */
	e = vec(2, 1, 1, 800);
	gossip_merge(&t, &e, 10000);
	assert_int_equal(gossip_age(&t, 2, 10000), 800);
	assert_int_equal(gossip_state(&t, 2, 12200), GOSSIP_S_UP);
	assert_int_equal(gossip_state(&t, 2, 12201), GOSSIP_S_DEAD);
	assert_string_equal(gossip_strstate(GOSSIP_S_DEAD), "dead");
	e = vec(2, 1, 2, 0);
	assert_int_equal(gossip_merge(&t, &e, 20000), GOSSIP_UPDATED);
	assert_int_equal(gossip_state(&t, 2, 20000), GOSSIP_S_UP);
	/* An age larger than our clock does not wrap. */
	e = vec(3, 1, 1, 50000);
	gossip_merge(&t, &e, 20000);
	assert_int_equal(gossip_age(&t, 3, 20000), 20000);
	gossip_fini(&t);
}

static void test_window(void **state)
{
	struct lvec_entry out[LVEC_MAX_ENTRIES], e;
	struct gossip_table t;
	size_t n;

	(void)state;
	assert_int_equal(gossip_init(&t, 1, 64, 10000), 0);
	assert_int_equal(gossip_window(&t, 0, NULL, out, 16), 0);	/* no self yet */
	e = vec(1, 1, 1, 0);
	gossip_set_self(&t, &e, 50000);
	/* Node i was heard at 40000 + i*100 with age i*10. */
	for (uint16_t i = 2; i <= 40; i++) {
		e = vec(i, 1, 1, i * 10u);
		gossip_merge(&t, &e, 40000 + i * 100u);
	}
	n = gossip_window(&t, 50000, NULL, out, 5);
	assert_int_equal(n, 5);
	assert_int_equal(out[0].node, 1);
	assert_int_equal(out[0].age_ms, 0);
	for (size_t i = 1; i < n; i++) {
		uint16_t id = (uint16_t)(41 - i);

		assert_int_equal(out[i].node, id);
		assert_int_equal(out[i].age_ms, 50000 - (40000 + id * 100 - id * 10));
	}
	/* Entries past dead_after are not passed on. */
	n = gossip_window(&t, 40000 + 3700 - 370 + 10000 + 1, NULL, out, 24);
	for (size_t i = 1; i < n; i++)
		assert_true(out[i].node > 37);
	assert_int_equal(n, 1 + 3);
	gossip_fini(&t);
}

static void test_eviction(void **state)
{
	struct gossip_table t;
	struct lvec_entry e;

	(void)state;
	assert_int_equal(gossip_init(&t, 1, 3, 100000), 0);
	e = vec(1, 1, 1, 0);
	gossip_set_self(&t, &e, 0);
	e = vec(2, 1, 1, 0);
	assert_int_equal(gossip_merge(&t, &e, 100), GOSSIP_NEW);
	e = vec(3, 1, 1, 0);
	assert_int_equal(gossip_merge(&t, &e, 200), GOSSIP_NEW);
	/* Full: a staler newcomer is refused, a fresher one evicts node 2. */
	e = vec(4, 1, 1, 200);
	assert_int_equal(gossip_merge(&t, &e, 250), GOSSIP_NOROOM);
	e = vec(4, 1, 1, 0);
	assert_int_equal(gossip_merge(&t, &e, 300), GOSSIP_NEW);
	assert_null(gossip_find(&t, 2));
	assert_non_null(gossip_find(&t, 3));
	assert_non_null(gossip_find(&t, 1));
	assert_int_equal(t.evicted, 1);
	gossip_fini(&t);
}

/* Random inserts and removals against a plain array of truth: checks the
 * backward-shift deletion never loses an entry. */
static void test_hash_consistency(void **state)
{
	static bool present[2048];
	struct gossip_table t;
	uint64_t rng = 7;

	(void)state;
	assert_int_equal(gossip_init(&t, 1, 2048, 1000), 0);
	memset(present, 0, sizeof(present));
	for (int i = 0; i < 100000; i++) {
		uint16_t id = (uint16_t)(2 + engine_rand_below(&rng, 2000));
		struct lvec_entry e = vec(id, 1, (uint32_t)i + 1, 0);

		if (engine_rand_below(&rng, 3) == 0) {
			gossip_forget(&t, id);
			present[id] = false;
		} else {
			gossip_merge(&t, &e, (uint64_t)i);
			present[id] = true;
		}
	}
	for (uint16_t id = 2; id < 2002; id++)
		assert_int_equal(gossip_find(&t, id) != NULL, present[id]);
	gossip_fini(&t);
}

/*
 * 64 nodes, each sending its window of 16 to one random peer per round:
 * every node must know every other one as up within a bounded number of
 * rounds: coupon collecting bounds it below by (N / W) ln N = 17; in
 * practice the epidemic start makes it 2-3 times that.
 */
static void test_spread(void **state)
{
	enum { N = 64, W = 16, INTERVAL = 1000 };
	struct gossip_table *t = calloc(N + 1, sizeof(*t));
	uint64_t rng = 99, now = 0;
	int round;

	(void)state;
	assert_non_null(t);
	for (uint16_t i = 1; i <= N; i++)
		assert_int_equal(gossip_init(&t[i], i, N, 30 * INTERVAL), 0);
	for (round = 1; round <= 60; round++) {
		bool all = true;

		now += INTERVAL;
		for (uint16_t i = 1; i <= N; i++) {
			struct lvec_entry e = vec(i, 1, (uint32_t)round, 0);

			gossip_set_self(&t[i], &e, now);
		}
		for (uint16_t i = 1; i <= N; i++) {
			struct lvec_entry w[W];
			size_t n = gossip_window(&t[i], now, &rng, w, W);
			uint16_t to = (uint16_t)(1 + engine_rand_below(&rng, N - 1));

			if (to >= i)
				to++;
			for (size_t k = 0; k < n; k++)
				gossip_merge(&t[to], &w[k], now);
		}
		for (uint16_t i = 1; i <= N && all; i++)
			for (uint16_t j = 1; j <= N && all; j++)
				all = gossip_state(&t[i], j, now) != GOSSIP_S_UNKNOWN;
		if (all)
			break;
	}
	print_message("64 nodes know each other after %d rounds\n", round);
	assert_true(round <= 60);
	for (uint16_t i = 1; i <= N; i++)
		gossip_fini(&t[i]);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_age_death_return),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_eviction),
		cmocka_unit_test(test_hash_consistency),
		cmocka_unit_test(test_spread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
