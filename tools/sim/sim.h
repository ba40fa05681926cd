/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hpc-sim: the balancer's decision engine and gossip over virtual nodes.
 *
 * Time advances in ticks; every interval each node measures its load,
 * gossips its window to one random peer and runs engine_decide() on its
 * jobs, exactly as mosixd(8) does, but with the jobs' progress computed
 * instead of measured. Everything random comes from the seed, so a run is
 * reproducible bit for bit.
 */
#ifndef HPC_SIM_H
#define HPC_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hpc/engine.h>

enum sim_work {
	SIM_WORK_EQUAL,		/* every job work_ms */
	SIM_WORK_EXP,		/* exponential, mean work_ms */
	SIM_WORK_PARETO,	/* heavy-tailed (alpha 1.5), mean work_ms */
};

enum sim_place {
	SIM_PLACE_FIRST,	/* every job starts on node 1 */
	SIM_PLACE_RANDOM,	/* on a random node */
};

struct sim_config {
	uint32_t nodes;
	uint32_t jobs;
	uint64_t seed;
	uint32_t interval_ms;
	uint32_t tick_ms;		/* progress step, divides interval_ms */
	uint32_t window;		/* entries per gossip message, self included */
	uint32_t view_cap;		/* entries a node holds (0: all nodes) */
	uint32_t dead_after_ms;
	uint64_t work_ms;		/* yardstick-ms of work per job (mean) */
	uint64_t mem_kib;		/* per job */
	enum sim_work work;
	enum sim_place place;
	uint16_t speeds[16];		/* speeds, cycled over nodes */
	uint32_t nspeeds;
	uint32_t speed_jitter;		/* +- random spread added, 0: none */
	uint64_t max_ms;		/* give up after this much virtual time */
	bool balance;			/* false: never migrate (baseline) */
	bool track_coverage;		/* compute when all know all (O(N^2)) */
	struct engine_params engine;
};

struct sim_result {
	uint64_t makespan_ms;		/* last job's finish time */
	uint64_t ideal_ms;		/* fluid lower bound */
	uint64_t best_split_ms;		/* best static split (equal jobs) */
	uint64_t migrations;
	uint64_t messages;		/* packets sent */
	uint64_t entries_sent;
	uint64_t bytes;			/* on the wire, header and tag included */
	uint64_t intervals;
	uint32_t max_received;		/* most packets one node got in one interval */
	double info_age_ms;		/* mean age of a view's live entries */
	double target_age_ms;		/* mean age of the target's vector at a move */
	int64_t coverage_intervals;	/* until every node knew every node; -1 never */
	uint32_t unfinished;		/* jobs left when max_ms ran out */
};

void sim_config_default(struct sim_config *c);

/* 0, or a negative errno on bad configuration or allocation failure. */
int sim_run(const struct sim_config *c, struct sim_result *r);

/* Human report, one "key value" per line, for scripts/sim-report.sh. */
void sim_print(const struct sim_config *c, const struct sim_result *r,
	       void (*out)(const char *line, void *arg), void *arg);

#endif
