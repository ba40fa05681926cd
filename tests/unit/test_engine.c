// SPDX-License-Identifier: GPL-2.0
/*
 * Decision engine on hand-built cases: equal nodes, the 900 vs 650 pair of
 * the openMosix article, memory shortage, blocked/quiet/dead targets,
 * candidate rules, admin flags, bring-home, smoothing, load decay.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <hpc/engine.h>

#define NOW	100000

static struct engine_params params;

static struct lvec_entry node(uint16_t id, uint16_t speed, double procs)
{
	struct lvec_entry e = {
		.node = id, .ncpus = 1, .speed = speed, .epoch = 1, .seq = 1,
		.memtotal_kib = 1 << 20, .memfree_kib = 1 << 19,
	};

	e.load = engine_normalise((uint32_t)(procs * 100), speed, 1);
	return e;
}

/* A view with self = 1 and peers, all heard just now. */
static void view_init(struct gossip_table *t, const struct lvec_entry *self,
		      const struct lvec_entry *peers, size_t n)
{
	assert_int_equal(gossip_init(t, 1, 16, 10000), 0);
	gossip_set_self(t, self, NOW);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(gossip_merge(t, &peers[i], NOW), GOSSIP_STALE);
}

static struct engine_proc cpu_proc(int32_t pid)
{
	struct engine_proc p = {
		.pid = pid, .home = 1, .where = 1, .runnable_pct = 100,
		.age_ms = 60000, .cpu_ms = 60000, .mem_kib = 1024,
	};
	return p;
}

static size_t decide(struct gossip_table *t, uint32_t admin,
		     const struct engine_proc *procs, size_t n,
		     struct engine_move *out)
{
	uint64_t rng = 1;

	return engine_decide(&params, t, admin, procs, n, NOW, &rng, out, 8);
}

static void test_equal_nodes(void **state)
{
	struct engine_proc procs[2] = { cpu_proc(10), cpu_proc(11) };
	struct lvec_entry peer = node(2, 1000, 2);
	struct engine_move out[8];
	struct gossip_table t;
	struct lvec_entry self = node(1, 1000, 2);

	(void)state;
	view_init(&t, &self, &peer, 1);
	assert_int_equal(decide(&t, 0, procs, 2, out), 0);
	gossip_fini(&t);

	/* An idle equal peer takes one of two, and only one. */
	peer = node(2, 1000, 0);
	params.max_moves = 4;
	view_init(&t, &self, &peer, 1);
	assert_int_equal(decide(&t, 0, procs, 2, out), 1);
	assert_int_equal(out[0].target, 2);
	assert_int_equal(out[0].reason, ENGINE_R_LOAD);
	assert_true(out[0].t_there_ms < out[0].t_here_ms);
	/* The view anticipates the move: both now hold one. */
	assert_int_equal(gossip_find(&t, 1)->v.load, 100);
	assert_int_equal(gossip_find(&t, 2)->v.load, 100);
	gossip_fini(&t);
}

/* Run the engine on both nodes of a pair until nothing moves. */
static void settle_pair(uint16_t speed_a, uint16_t speed_b, int *na, int *nb,
			int *moves)
{
	for (int round = 0; round < 100; round++) {
		int moved = 0;

		for (int side = 0; side < 2; side++) {
			struct engine_proc procs[32];
			struct engine_move out[8];
			struct gossip_table t;
			struct lvec_entry self, peer;
			int *mine = side ? nb : na, *theirs = side ? na : nb;
			size_t n;

			self = node(1, side ? speed_b : speed_a, *mine);
			peer = node(2, side ? speed_a : speed_b, *theirs);
			view_init(&t, &self, &peer, 1);
			for (int i = 0; i < *mine; i++)
				procs[i] = cpu_proc(100 + i);
			n = decide(&t, 0, procs, (size_t)*mine, out);
			assert_true(n <= params.max_moves);
			*mine -= (int)n;
			*theirs += (int)n;
			moved += (int)n;
			gossip_fini(&t);
		}
		*moves += moved;
		if (!moved)
			return;
	}
	fail_msg("no fixed point after 100 rounds: %d + %d", *na, *nb);
}

static void test_speed_pair(void **state)
{
	int a = 13, b = 0, moves = 0;

	(void)state;
	/* 13 jobs: 8 on the 900, 5 on the 650 is the best split. */
	settle_pair(900, 650, &a, &b, &moves);
	assert_int_equal(a, 8);
	assert_int_equal(b, 5);
	assert_int_equal(moves, 5);

	/* Started on the slow node, they end the same way. */
	a = 0;
	b = 13;
	moves = 0;
	settle_pair(900, 650, &a, &b, &moves);
	assert_int_equal(a, 8);
	assert_int_equal(b, 5);
	assert_int_equal(moves, 8);

	/* Four on node 1 of an equal pair: 2 + 2 and no more moves. */
	a = 4;
	b = 0;
	moves = 0;
	settle_pair(1000, 1000, &a, &b, &moves);
	assert_int_equal(a, 2);
	assert_int_equal(b, 2);
	assert_int_equal(moves, 2);
}

static void test_memory_starved(void **state)
{
	struct engine_proc procs[3] = { cpu_proc(10), cpu_proc(11), cpu_proc(12) };
	struct lvec_entry peers[2] = { node(2, 1000, 3), node(3, 1000, 3) };
	struct lvec_entry self = node(1, 1000, 3);
	struct engine_move out[8];
	struct gossip_table t;

	(void)state;
	self.memfree_kib = self.memtotal_kib / 50;		/* 2% free */
	procs[1].mem_kib = 300 << 10;				/* the big one */
	procs[1].runnable_pct = 0;					/* even idle */
	peers[0].memfree_kib = 100 << 10;			/* no room */
	view_init(&t, &self, peers, 2);
	assert_int_equal(decide(&t, 0, procs, 3, out), 1);
	assert_int_equal(out[0].reason, ENGINE_R_MEMORY);
	assert_int_equal(procs[out[0].proc].pid, 11);
	assert_int_equal(out[0].target, 3);
	gossip_fini(&t);

	/* Nowhere with room: it stays. */
	peers[1].memfree_kib = 100 << 10;
	view_init(&t, &self, peers, 2);
	assert_int_equal(decide(&t, 0, procs, 3, out), 0);
	gossip_fini(&t);
}

static void test_unusable_targets(void **state)
{
	struct engine_proc procs[3] = { cpu_proc(10), cpu_proc(11), cpu_proc(12) };
	struct lvec_entry peers[4] = {
		node(2, 2000, 0), node(3, 2000, 0), node(4, 2000, 0),
		node(5, 1000, 1),
	};
	struct lvec_entry self = node(1, 1000, 3);
	struct engine_move out[8];
	struct gossip_table t;

	(void)state;
	peers[0].flags = LVEC_F_BLOCKED;
	peers[1].flags = LVEC_F_QUIET;
	peers[2].age_ms = 20000;		/* older than dead_after */
	view_init(&t, &self, peers, 4);
	assert_int_equal(gossip_state(&t, 4, NOW), GOSSIP_S_DEAD);
	assert_int_equal(decide(&t, 0, procs, 3, out), 1);
	assert_int_equal(out[0].target, 5);
	gossip_fini(&t);
}

static void test_candidates(void **state)
{
	struct lvec_entry peer = node(2, 1000, 0), self = node(1, 1000, 2);
	struct engine_proc procs[2];
	struct engine_move out[8];
	struct gossip_table t;
	static const struct { const char *why; int field; } cases[] = {
		{ "young", 0 }, { "locked", 1 }, { "cantmove", 2 },
		{ "io hint", 3 }, { "not cpu-bound", 4 }, { "cooling down", 5 },
		{ "huge memory on slow link", 6 },
	};

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		procs[0] = cpu_proc(10);
		procs[1] = cpu_proc(11);
		for (int i = 0; i < 2; i++) {
			switch (cases[c].field) {
			case 0: procs[i].age_ms = params.min_age_ms - 1; break;
			case 1: procs[i].flags = ENGINE_P_LOCKED; break;
			case 2: procs[i].flags = ENGINE_P_CANTMOVE; break;
			case 3: procs[i].flags = ENGINE_P_HINT_IO; break;
			case 4: procs[i].runnable_pct = params.cpu_bound_pct - 1; break;
			case 5: procs[i].moved_ms = NOW - params.cooldown_ms + 1; break;
			case 6: procs[i].mem_kib = 400 << 10;
				procs[i].cpu_ms = 10000; break;
			}
		}
		view_init(&t, &self, &peer, 1);
		print_message("case %s\n", cases[c].why);
		assert_int_equal(decide(&t, 0, procs, 2, out), 0);
		gossip_fini(&t);
	}
	/* The CPU hint overrides a low measured share. */
	procs[0] = cpu_proc(10);
	procs[0].runnable_pct = 0;
	procs[0].flags = ENGINE_P_HINT_CPU;
	procs[1] = procs[0];
	view_init(&t, &self, &peer, 1);
	assert_int_equal(decide(&t, 0, procs, 2, out), 1);
	gossip_fini(&t);
}

/* Moves that did not happen double the wait before the next, up to 64x. */
static void test_move_backoff(void **state)
{
	struct lvec_entry peer = node(2, 1000, 0), self = node(1, 1000, 2);
	struct engine_proc procs[2] = { cpu_proc(10), cpu_proc(11) };
	struct engine_move out[8];
	struct gossip_table t;

	(void)state;
	assert_int_equal(engine_cooldown(&params, &procs[0]),
			 params.cooldown_ms);
	procs[0].move_fails = 2;
	assert_int_equal(engine_cooldown(&params, &procs[0]),
			 4 * params.cooldown_ms);
	procs[0].move_fails = 50;
	assert_int_equal(engine_cooldown(&params, &procs[0]),
			 (uint64_t)params.cooldown_ms << ENGINE_MAX_BACKOFF);

	/* past the plain cooldown, one miss: still waiting */
	for (int i = 0; i < 2; i++) {
		procs[i].moved_ms = NOW - params.cooldown_ms - 1;
		procs[i].move_fails = 1;
	}
	view_init(&t, &self, &peer, 1);
	assert_int_equal(decide(&t, 0, procs, 2, out), 0);
	gossip_fini(&t);
	/* past twice the cooldown: a candidate again */
	procs[1].moved_ms = NOW - 2 * params.cooldown_ms - 1;
	view_init(&t, &self, &peer, 1);
	assert_int_equal(decide(&t, 0, procs, 2, out), 1);
	assert_int_equal(out[0].proc, 1);
	gossip_fini(&t);
}

static void test_admin(void **state)
{
	struct lvec_entry peer = node(2, 1000, 0), self = node(1, 1000, 3);
	struct engine_proc procs[4] = {
		cpu_proc(10), cpu_proc(11), cpu_proc(12), cpu_proc(13),
	};
	struct engine_move out[8];
	struct gossip_table t;
	size_t n;

	(void)state;
	procs[2].home = 3;			/* a guest from node 3 */
	procs[3].where = 2;			/* ours, running on node 2 */

	view_init(&t, &self, &peer, 1);
	assert_int_equal(decide(&t, ENGINE_A_STAY, procs, 4, out), 0);
	gossip_fini(&t);

	view_init(&t, &self, &peer, 1);
	assert_int_equal(decide(&t, ENGINE_A_LSTAY, procs, 4, out), 1);
	assert_int_equal(procs[out[0].proc].pid, 12);	/* only the guest */
	gossip_fini(&t);

	view_init(&t, &self, &peer, 1);
	n = decide(&t, ENGINE_A_EXPEL, procs, 4, out);
	assert_int_equal(n, 1);
	assert_int_equal(procs[out[0].proc].pid, 12);
	assert_int_equal(out[0].target, 3);
	assert_int_equal(out[0].reason, ENGINE_R_EXPEL);
	n = decide(&t, ENGINE_A_BRING, procs, 4, out);
	assert_int_equal(n, 1);
	assert_int_equal(procs[out[0].proc].pid, 13);
	assert_int_equal(out[0].target, 1);
	assert_string_equal(engine_strreason(out[0].reason), "bring");
	gossip_fini(&t);
}

static void test_bring_home_when_idle(void **state)
{
	struct lvec_entry host = node(2, 1000, 4), self = node(1, 1000, 0);
	struct engine_proc p = cpu_proc(10);
	struct engine_move out[8];
	struct gossip_table t;

	(void)state;
	p.where = 2;
	view_init(&t, &self, &host, 1);
	assert_int_equal(decide(&t, 0, &p, 1, out), 1);
	assert_int_equal(out[0].reason, ENGINE_R_HOME);
	assert_int_equal(out[0].target, 1);
	gossip_fini(&t);

	/* Home is busy: it stays where it is. */
	self = node(1, 1000, 2);
	view_init(&t, &self, &host, 1);
	assert_int_equal(decide(&t, 0, &p, 1, out), 0);
	gossip_fini(&t);

	/* Home idle but the host is not loaded: no gain, no move. */
	self = node(1, 1000, 0);
	host = node(2, 1000, 1);
	view_init(&t, &self, &host, 1);
	assert_int_equal(decide(&t, 0, &p, 1, out), 0);
	gossip_fini(&t);
}

static void test_tie_is_random(void **state)
{
	struct lvec_entry peers[2] = { node(2, 1000, 0), node(3, 1000, 0) };
	struct lvec_entry self = node(1, 1000, 2);
	struct engine_proc procs[2] = { cpu_proc(10), cpu_proc(11) };
	int hits[4] = { 0 };

	(void)state;
	for (uint64_t seed = 0; seed < 200; seed++) {
		struct engine_move out[2];
		struct gossip_table t;
		uint64_t rng = seed;

		view_init(&t, &self, peers, 2);
		assert_int_equal(engine_decide(&params, &t, 0, procs, 2, NOW,
					       &rng, out, 2), 1);
		hits[out[0].target]++;
		gossip_fini(&t);
	}
	assert_true(hits[2] > 50 && hits[3] > 50);
}

static void test_smooth_and_normalise(void **state)
{
	uint32_t s = 0;
	int up = 0, down = 0;

	(void)state;
	assert_int_equal(engine_normalise(100, 1000, 1), 100);
	assert_int_equal(engine_normalise(400, 1000, 4), 100);
	assert_int_equal(engine_normalise(100, 500, 1), 200);
	assert_int_equal(engine_normalise(0, 0, 0), 0);

	while (s != 400 && up < 100) {
		s = engine_smooth(&params, s, 400);
		up++;
	}
	while (s != 0 && down < 1000) {
		s = engine_smooth(&params, s, 0);
		down++;
	}
	print_message("rise %d rounds, decay %d rounds\n", up, down);
	assert_int_equal(s, 0);
	assert_true(up <= 6);
	assert_true(down > 3 * up);
	/* First step up covers most of the way. */
	assert_true(engine_smooth(&params, 0, 400) >= 300);
	assert_true(engine_smooth(&params, 400, 0) >= 340);
}

/*
 * A node whose jobs ended: the smoothed load falls by 1/8 per interval, but
 * an interval mostly idle caps it at once, so peers see the free CPU.
 */
static void test_load_cap(void **state)
{
	uint32_t s = 200;	/* two CPU-bound jobs on one yardstick CPU */

	(void)state;
	/* both jobs end: the fall alone still shows more than one job */
	s = engine_smooth(&params, s, 0);
	assert_true(s > 150);
	/* half of the interval busy: at most half a job */
	assert_int_equal(engine_load_cap(s, 0, 50, 1000, 1), 50);
	/* idle: next to nothing */
	assert_int_equal(engine_load_cap(s, 0, 3, 1000, 1), 3);
	/* never below what runs now */
	assert_int_equal(engine_load_cap(s, 100, 3, 1000, 1), 100);
	/* a busy node keeps its smoothing: a short lull is not freedom */
	assert_int_equal(engine_load_cap(s, 0, ENGINE_BUSY_PCT, 1000, 1), s);
	assert_int_equal(engine_load_cap(s, 0, 100, 1000, 1), s);
	/* a cap above the smoothed value changes nothing */
	assert_int_equal(engine_load_cap(40, 0, 50, 1000, 1), 40);
	/* four CPUs, 25% busy: one CPU's worth, normalised by the count */
	assert_int_equal(engine_load_cap(400, 0, 25, 1000, 4), 25);
	/* a CPU twice the yardstick does the same work in half the load */
	assert_int_equal(engine_load_cap(400, 0, 50, 2000, 1), 25);
}

/* mosrun -s / -f: how a process's runnable share follows its samples. */
static void test_runnable_decay(void **state)
{
	static const uint32_t pause[] = { 100, 100, 0, 100 };
	const uint32_t slow_idle[] = { 75, 56, 42, 31 };
	uint32_t fast = 0, slow = 0, s;
	int n;

	(void)state;
	/* The first sample is taken as it is, whatever the decay. */
	assert_int_equal(engine_runnable_avg(ENGINE_DECAY_SLOW, false, 0, 90), 90);
	assert_int_equal(engine_runnable_avg(ENGINE_DECAY_FAST, false, 0, 90), 90);
	/* Fast: only the last interval counts. */
	assert_int_equal(engine_runnable_avg(ENGINE_DECAY_FAST, true, 100, 0), 0);
	assert_int_equal(engine_runnable_avg(ENGINE_DECAY_FAST, true, 0, 70), 70);
	/* Slow: 3/4 of the history stays. */
	assert_int_equal(engine_runnable_avg(ENGINE_DECAY_SLOW, true, 0, 100), 25);
	assert_int_equal(engine_runnable_avg(ENGINE_DECAY_SLOW, true, 80, 0), 60);
	assert_int_equal(engine_runnable_avg(ENGINE_DECAY_SLOW, true, 40, 40), 40);
	assert_int_equal(engine_runnable_avg(ENGINE_DECAY_SLOW, true, UINT32_MAX, 0),
			 UINT32_MAX - UINT32_MAX / 4 - 1);

	/* A CPU-bound job pausing one interval for I/O: fast decay drops it
	 * below the CPU-bound mark for that round, slow decay does not. */
	for (size_t i = 0; i < sizeof(pause) / sizeof(pause[0]); i++) {
		fast = engine_runnable_avg(ENGINE_DECAY_FAST, i > 0, fast, pause[i]);
		slow = engine_runnable_avg(ENGINE_DECAY_SLOW, i > 0, slow, pause[i]);
		if (pause[i])
			continue;
		assert_true(fast < params.cpu_bound_pct);
		assert_true(slow >= params.cpu_bound_pct);
	}
	assert_int_equal(fast, 100);
	assert_int_equal(slow, 82);	/* 75 + 25/4, rounded up */

	/* Once it really stops, slow decay forgets it over a few rounds. */
	s = 100;
	for (size_t i = 0; i < sizeof(slow_idle) / sizeof(slow_idle[0]); i++) {
		s = engine_runnable_avg(ENGINE_DECAY_SLOW, true, s, 0);
		assert_int_equal(s, slow_idle[i]);
	}
	for (n = 0; s && n < 100; n++)
		s = engine_runnable_avg(ENGINE_DECAY_SLOW, true, s, 0);
	assert_int_equal(s, 0);
	for (n = 0; s != 100 && n < 100; n++)
		s = engine_runnable_avg(ENGINE_DECAY_SLOW, true, s, 100);
	assert_int_equal(s, 100);
}

/* A process asked to leave counts as on its way for three intervals plus
 * twice the price of its move, and the price is the learnt one. */
static void test_transit(void **state)
{
	struct engine_proc pr = cpu_proc(10);

	(void)state;
	pr.mem_kib = 4096;	/* 50 ms + 4096 KiB at 10240 KiB/s: 450 ms */
	assert_int_equal(engine_transit_ms(&params, &pr, 3000), 3900);
	engine_learn_move_cost(&params, 1, 102400, 1050000);
	assert_int_equal(params.bandwidth_kib_s, 56320);
	/* 50 ms + 4096 KiB at 56320 KiB/s: 122.7 ms, twice is 245 */
	assert_int_equal(engine_transit_ms(&params, &pr, 3000), 3245);
	pr.mem_kib = 0;
	assert_int_equal(engine_transit_ms(&params, &pr, 0), 100);
}

static int reset_params(void **state);

/* learn(moves, kib, usecs) on params; what the price became */
static void learn(uint64_t moves, uint64_t kib, uint64_t usecs,
		  uint32_t bw, uint32_t overhead)
{
	engine_learn_move_cost(&params, moves, kib, usecs);
	assert_int_equal(params.bandwidth_kib_s, bw);
	assert_int_equal(params.move_overhead_ms, overhead);
}

static void test_learn_move_cost(void **state)
{
	struct engine_proc big = cpu_proc(10);
	struct lvec_entry peer = node(2, 1000, 0), self = node(1, 1000, 2);
	struct engine_move out[8];
	struct gossip_table t;

	(void)state;
	assert_int_equal(params.bandwidth_kib_s, 10240);
	assert_int_equal(params.move_overhead_ms, 50);
	/* Nothing moved: nothing learnt. */
	learn(0, 0, 0, 10240, 50);
	learn(1, 1u << 30, 0, 10240, 50);
	/* Two moves of 500 KiB in 400 ms: 200 ms each, 49 ms of it their
	 * memory at 10 MiB/s, the rest fixed: half-way from 50 to 151 ms. */
	learn(2, 1000, 400000, 10240, 101);
	/* 100 MiB in 1.101 s, 101 ms of it the fixed cost: half-way from
	 * 10 MiB/s to the 100 MiB/s that leaves, then on toward it. */
	learn(1, 102400, 1101000, 56320, 101);
	learn(1, 102400, 1101000, 79360, 101);
	for (int i = 0; i < 30; i++)
		engine_learn_move_cost(&params, 1, 102400, 1101000);
	assert_int_equal(params.bandwidth_kib_s, 102400);
	/* Two moves at once count as their sum. */
	learn(2, 204800, 2202000, 102400, 101);
	/* The fixed cost never takes more than half the time: 2 MiB in
	 * 60 ms is timed as 30 ms, 68266 KiB/s. */
	params.bandwidth_kib_s = 10240;
	learn(1, 2048, 60000, 39253, 101);
	/* Bounded every way. */
	for (int i = 0; i < 40; i++)
		engine_learn_move_cost(&params, 1, 1024, 100000000);
	assert_int_equal(params.bandwidth_kib_s, ENGINE_BW_MIN);
	for (int i = 0; i < 40; i++)
		engine_learn_move_cost(&params, 1, 1u << 30, 1);
	assert_int_equal(params.bandwidth_kib_s, ENGINE_BW_MAX);
	for (int i = 0; i < 40; i++)
		engine_learn_move_cost(&params, 1, 0, 1000000000);
	assert_int_equal(params.move_overhead_ms, ENGINE_OVERHEAD_MAX_MS);
	for (int i = 0; i < 40; i++)	/* faster than its memory: no cost */
		engine_learn_move_cost(&params, 1, 1000, 1);
	assert_int_equal(params.move_overhead_ms, 0);

	/* What it is for: 400 MiB with 30 s of work left does not pay its
	 * way at 10 MiB/s (70 s there against 60 s here, sharing a CPU) and
	 * does at the 100 MiB/s the moves showed (34 s). */
	reset_params(NULL);
	big.cpu_ms = 30000;
	big.mem_kib = 400 << 10;
	view_init(&t, &self, &peer, 1);
	assert_int_equal(decide(&t, 0, &big, 1, out), 0);
	gossip_fini(&t);
	params.bandwidth_kib_s = 102400;
	view_init(&t, &self, &peer, 1);
	assert_int_equal(decide(&t, 0, &big, 1, out), 1);
	assert_int_equal(out[0].proc, 0);
	assert_int_equal(out[0].target, 2);
	gossip_fini(&t);
}

/*
 * A round must see the moves of the rounds before it in their target until
 * the target's own vector, produced a settle time after them, counts them;
 * two moves to one target in one round make one expectation.
 */
static void test_recent_moves(void **state)
{
	struct lvec_entry self = node(1, 1000, 4), peer = node(2, 1000, 0);
	struct engine_recent r = { .settle_ms = 3000 };
	struct engine_proc procs[4];
	struct engine_move out[8];
	struct gossip_table t;
	uint64_t rng = 1;
	size_t n;

	(void)state;
	for (int i = 0; i < 4; i++)
		procs[i] = cpu_proc(10 + i);
	view_init(&t, &self, &peer, 1);
	engine_recent_apply(&r, &t, NOW);
	n = engine_decide(&params, &t, 0, procs, 4, NOW, &rng, out, 8);
	assert_int_equal(n, 2);		/* 4 + 0 becomes 2 + 2 at once */
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(out[i].target, 2);
		procs[out[i].proc].where = 2;
		procs[out[i].proc].moved_ms = NOW;
		engine_recent_note(&r, &t, 2, NOW);
	}
	engine_recent_undo(&r, &t);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.e[0].expect, 200);

	/* A second later node 2's vector does not show the bodies yet, and
	 * this node runs two: nothing more goes. */
	self = node(1, 1000, 2);
	peer.seq = 2;
	gossip_set_self(&t, &self, NOW + 1000);
	assert_int_equal(gossip_merge(&t, &peer, NOW + 1000), GOSSIP_UPDATED);
	engine_recent_apply(&r, &t, NOW + 1000);
	assert_int_equal(gossip_find(&t, 2)->v.load, 200);
	n = engine_decide(&params, &t, 0, procs, 4, NOW + 1000, &rng, out, 8);
	assert_int_equal(n, 0);
	engine_recent_undo(&r, &t);
	assert_int_equal(gossip_find(&t, 2)->v.load, 0);
	/* Taken at its word, node 2 would get one more. */
	n = engine_decide(&params, &t, 0, procs, 4, NOW + 1000, &rng, out, 8);
	assert_int_equal(n, 1);
	/* So would it if this node still counted the two on their way (the
	 * kernel sends a process's image while it runs here): the caller
	 * leaves them out of its load for engine_transit_ms(). */
	self = node(1, 1000, 4);
	gossip_set_self(&t, &self, NOW + 1000);
	engine_recent_apply(&r, &t, NOW + 1000);
	n = engine_decide(&params, &t, 0, procs, 4, NOW + 1000, &rng, out, 8);
	assert_int_equal(n, 1);
	engine_recent_undo(&r, &t);

	/* A vector produced the settle time after the moves is the word. */
	peer = node(2, 1000, 2);
	peer.seq = 3;
	assert_int_equal(gossip_merge(&t, &peer, NOW + 3000), GOSSIP_UPDATED);
	engine_recent_apply(&r, &t, NOW + 3000);
	assert_int_equal(r.n, 0);
	assert_int_equal(gossip_find(&t, 2)->v.load, 200);
	gossip_fini(&t);
}

static int reset_params(void **state)
{
	(void)state;
	engine_params_default(&params);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_equal_nodes, reset_params),
		cmocka_unit_test_setup(test_speed_pair, reset_params),
		cmocka_unit_test_setup(test_memory_starved, reset_params),
		cmocka_unit_test_setup(test_unusable_targets, reset_params),
		cmocka_unit_test_setup(test_candidates, reset_params),
		cmocka_unit_test_setup(test_admin, reset_params),
		cmocka_unit_test_setup(test_bring_home_when_idle, reset_params),
		cmocka_unit_test_setup(test_tie_is_random, reset_params),
		cmocka_unit_test_setup(test_smooth_and_normalise, reset_params),
		cmocka_unit_test_setup(test_load_cap, reset_params),
		cmocka_unit_test_setup(test_runnable_decay, reset_params),
		cmocka_unit_test_setup(test_learn_move_cost, reset_params),
		cmocka_unit_test_setup(test_move_backoff, reset_params),
		cmocka_unit_test_setup(test_recent_moves, reset_params),
		cmocka_unit_test_setup(test_transit, reset_params),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
