// SPDX-License-Identifier: GPL-2.0
/*
 * The simulator's acceptance checks from the balancer issue: the 900+650
 * pair, a consistent view on 1,000 nodes, constant messages per node.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <hpc/lvec.h>

#include "../../tools/sim/sim.h"

/* 13 equal jobs started on the 900 of a 900 + 650 pair. */
static void test_speed_pair(void **state)
{
	struct sim_config c;
	struct sim_result r;

	(void)state;
	sim_config_default(&c);
	assert_int_equal(sim_run(&c, &r), 0);
	print_message("makespan %llu best split %llu ideal %llu\n",
		      (unsigned long long)r.makespan_ms,
		      (unsigned long long)r.best_split_ms,
		      (unsigned long long)r.ideal_ms);
	assert_int_equal(r.unfinished, 0);
	assert_true(r.best_split_ms > 0);
	assert_true(r.makespan_ms * 100 <= r.best_split_ms * 105);
	/* Without the balancer it is 13 on the 900: 62% worse. */
	c.balance = false;
	assert_int_equal(sim_run(&c, &r), 0);
	assert_int_equal(r.migrations, 0);
	assert_true(r.makespan_ms > r.best_split_ms * 3 / 2);
}

/*
 * Jobs that split evenly stay put once split: 2, 4 and 6 equal jobs
 * started on one of two equal nodes. A node that judged itself by its
 * smoothed load (which falls slowly) sent its next job after the one it
 * had just sent away, and the pair played ping-pong: 40 migrations per
 * job and 1.8 times the ideal makespan for 4 jobs.
 */
static void test_equal_pair_settles(void **state)
{
	struct sim_config c;
	struct sim_result r;

	(void)state;
	for (uint32_t jobs = 2; jobs <= 6; jobs += 2) {
		sim_config_default(&c);
		c.jobs = jobs;
		c.speeds[0] = c.speeds[1] = 1000;
		c.nspeeds = 2;
		assert_int_equal(sim_run(&c, &r), 0);
		print_message("%u jobs: makespan %.3f of ideal, %llu migrations\n",
			      jobs, (double)r.makespan_ms / (double)r.ideal_ms,
			      (unsigned long long)r.migrations);
		assert_int_equal(r.unfinished, 0);
		assert_true(r.migrations <= jobs);
		assert_true(r.makespan_ms * 100 <= r.ideal_ms * 110);
	}
}

/*
 * A batch started on one node spreads over the cluster: 64 equal jobs of
 * 30 s on node 1 of 16. One move a round took 60 s to send 60 of them
 * away, and the batch 1.24 times the ideal; two a round take 1.12, with
 * no more moves than jobs.
 */
static void test_batch_spreads(void **state)
{
	struct sim_config c;
	struct sim_result r;

	(void)state;
	sim_config_default(&c);
	c.nodes = 16;
	c.jobs = 64;
	c.work_ms = 30000;
	c.speeds[0] = 1000;
	c.nspeeds = 1;
	assert_int_equal(sim_run(&c, &r), 0);
	print_message("64 jobs on 1 of 16: makespan %.3f of ideal, %llu migrations\n",
		      (double)r.makespan_ms / (double)r.ideal_ms,
		      (unsigned long long)r.migrations);
	assert_int_equal(r.unfinished, 0);
	assert_true(r.makespan_ms * 100 <= r.ideal_ms * 115);
	assert_true(r.migrations <= c.jobs);
}

/* Same seed, same numbers. */
static void test_deterministic(void **state)
{
	struct sim_config c;
	struct sim_result a, b;

	(void)state;
	sim_config_default(&c);
	c.nodes = 50;
	c.jobs = 200;
	c.place = SIM_PLACE_RANDOM;
	c.work = SIM_WORK_EXP;
	c.work_ms = 30000;
	c.seed = 77;
	assert_int_equal(sim_run(&c, &a), 0);
	assert_int_equal(sim_run(&c, &b), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	assert_true(a.migrations > 0);
}

/*
 * 1,000 nodes from cold: every node knows every other one within a bound
 * of 2 (N / (W/2)) ln N intervals (the window carries W/2 random entries;
 * coupon collecting needs (N / W) ln N at the very least).
 */
static void test_consistent_view(void **state)
{
	struct sim_config c;
	struct sim_result r;
	double bound;

	(void)state;
	sim_config_default(&c);
	c.nodes = 1000;
	c.jobs = 0;
	c.track_coverage = true;
	c.dead_after_ms = 10u * 1000 * 1000;
	c.max_ms = 5000u * 1000;
	bound = 2.0 * c.nodes / (c.window / 2) * log(c.nodes);
	assert_int_equal(sim_run(&c, &r), 0);
	print_message("1000 nodes: all know all after %lld intervals (bound %.0f)\n",
		      (long long)r.coverage_intervals, bound);
	assert_true(r.coverage_intervals > 0);
	assert_true(r.coverage_intervals <= bound);
}

/* One message per node per interval whatever the cluster size. */
static void test_constant_messages(void **state)
{
	static const uint32_t sizes[] = { 10, 100, 1000, 10000 };

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct sim_config c;
		struct sim_result r;

		sim_config_default(&c);
		c.nodes = sizes[i];
		c.jobs = sizes[i];
		c.place = SIM_PLACE_RANDOM;
		c.view_cap = 64;
		c.max_ms = 20 * 1000;
		assert_int_equal(sim_run(&c, &r), 0);
		print_message("%u nodes: %.3f messages, %.0f bytes per node per interval\n",
			      sizes[i], (double)r.messages / r.intervals / c.nodes,
			      (double)r.bytes / r.intervals / c.nodes);
		assert_int_equal(r.messages, (uint64_t)r.intervals * c.nodes);
		assert_true(r.bytes <= (uint64_t)r.intervals * c.nodes *
					(LVEC_HDR_SIZE + LVEC_TAG_SIZE +
					 c.window * LVEC_ENTRY_SIZE));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_speed_pair),
		cmocka_unit_test(test_equal_pair_settles),
		cmocka_unit_test(test_batch_spreads),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_consistent_view),
		cmocka_unit_test(test_constant_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
