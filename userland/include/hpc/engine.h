/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The balancer's decision engine (Documentation/balancer.rst, "Decision").
 *
 * Pure: no I/O, no clock, no global state. The caller passes the time, the
 * view of the cluster (a gossip table whose self entry holds this node's
 * smoothed load), the processes, and a random state; the engine returns
 * which process should go where and adjusts the view to anticipate the
 * moves it asked for. mosixd(8) and hpc-sim drive the same code.
 *
 * Units: load is normalised so that one CPU-bound process on one
 * yardstick-speed CPU is 100 (ENGINE_LOAD_ONE); speed 1000 is the
 * yardstick (ENGINE_SPEED_ONE).
 */
#ifndef HPC_ENGINE_H
#define HPC_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hpc/gossip.h>

#define ENGINE_LOAD_ONE		100
#define ENGINE_SPEED_ONE	1000

struct engine_params {
	uint32_t min_age_ms;		/* younger processes stay (openMosix: ~5 s) */
	uint32_t cpu_bound_pct;		/* runnable share that makes it CPU-bound */
	uint32_t hysteresis_pct;	/* a move must cut the finish time this much */
	uint32_t cooldown_ms;		/* a process that moved stays this long */
	uint32_t max_moves;		/* per node per decision round, at most
					 * ENGINE_MOVES_MAX */
	uint32_t mem_low_pct;		/* free memory below this % of total: usher */
	uint32_t bandwidth_kib_s;	/* expected migration bandwidth */
	uint32_t move_overhead_ms;	/* fixed cost of one migration */
	uint32_t tie_pct;		/* targets this close to the best are equal */
	uint32_t idle_load;		/* at or below it a node may bring work home */
	uint32_t rise_16ths;		/* smoothing weight when load rises */
	uint32_t decay_16ths;		/* ... and when it falls */
};

#define ENGINE_MOVES_MAX	16

/* Process flags. */
#define ENGINE_P_LOCKED		0x01	/* /proc/PID/lock is 1 */
#define ENGINE_P_CANTMOVE	0x02	/* /proc/PID/cantmove says why not */
#define ENGINE_P_HINT_IO	0x04	/* mosrun -i: never a load candidate */
#define ENGINE_P_HINT_CPU	0x08	/* mosrun -c: CPU-bound whatever measured */

struct engine_proc {
	int32_t pid;
	uint16_t home;		/* node id of its home */
	uint16_t where;		/* node id its body runs on now */
	uint32_t flags;		/* ENGINE_P_* */
	uint32_t runnable_pct;	/* % of the time it was runnable (running
				 * or waiting for a CPU): the last interval,
				 * or engine_runnable_avg()'s average */
	uint64_t age_ms;	/* since it started */
	uint64_t cpu_ms;	/* CPU time used so far */
	uint64_t mem_kib;	/* resident memory */
	uint64_t moved_ms;	/* when it last moved (0: never); caller keeps it */
	uint32_t move_fails;	/* moves asked for in a row that did not
				 * happen (refused, failed): each doubles
				 * the cooldown, up to ENGINE_MAX_BACKOFF
				 * times; caller keeps it */
};
#define ENGINE_MAX_BACKOFF	6	/* 2^6: 10 s grows to 640 s */

/* Admin state of this node (/proc/hpc/admin), ENGINE_A_*. */
#define ENGINE_A_BLOCK		0x01	/* refuse guests: advertised, not a target */
#define ENGINE_A_QUIET		0x02	/* do not send load information */
#define ENGINE_A_STAY		0x04	/* no automatic moves of anything here */
#define ENGINE_A_LSTAY		0x08	/* local processes stay; guests may go */
#define ENGINE_A_EXPEL		0x10	/* one round: every guest goes home */
#define ENGINE_A_BRING		0x20	/* one round: every remote process comes home */

enum engine_reason {
	ENGINE_R_LOAD,		/* finishes sooner there */
	ENGINE_R_MEMORY,	/* this node runs short of memory */
	ENGINE_R_HOME,		/* home became the better place */
	ENGINE_R_EXPEL,
	ENGINE_R_BRING,
};

struct engine_move {
	size_t proc;		/* index into the procs array */
	uint16_t target;	/* node id; the home node's id to go home */
	enum engine_reason reason;
	uint64_t t_here_ms;	/* expected finish where it is */
	uint64_t t_there_ms;	/* expected finish at target, move included */
};

void engine_params_default(struct engine_params *p);

/* Load of `runnable` CPU-bound processes (in hundredths) on a node. */
uint32_t engine_normalise(uint32_t runnable_x100, uint16_t speed,
			  uint16_t ncpus);

/* One smoothing step: rises fast, decays slowly; reaches raw exactly. */
uint32_t engine_smooth(const struct engine_params *p, uint32_t prev,
		       uint32_t raw);

/*
 * A node idle for part of the last interval cannot have had more runnable
 * work than its busy share: below ENGINE_BUSY_PCT utilisation the smoothed
 * load is capped at what util_pct (busy share of all CPUs over the
 * interval) allows, never below raw (the load now). engine_smooth()'s slow
 * fall would otherwise hide for several seconds a node whose jobs ended.
 */
#define ENGINE_BUSY_PCT	90
uint32_t engine_load_cap(uint32_t smoothed, uint32_t raw, uint32_t util_pct,
			 uint16_t speed, uint16_t ncpus);

/*
 * The price of a move, learnt from the moves this node made: moves moves
 * that carried kib KiB of memory in usecs all told (the growth of
 * /proc/hpc/admin/stats since the last round). Moves of less than
 * ENGINE_LEARN_MIN_KIB each on average are mostly fixed cost: they move
 * p->move_overhead_ms half-way to their time less what their memory took
 * at p->bandwidth_kib_s. Larger ones move p->bandwidth_kib_s half-way to
 * their rate once the fixed cost is taken off (never more than half of
 * their time). Both stay within bounds; nothing moved, nothing learnt.
 */
#define ENGINE_LEARN_MIN_KIB	1024
#define ENGINE_BW_MIN		1024		/* 1 MiB/s */
#define ENGINE_BW_MAX		(16u << 20)	/* 16 GiB/s */
#define ENGINE_OVERHEAD_MAX_MS	60000
void engine_learn_move_cost(struct engine_params *p, uint64_t moves,
			    uint64_t kib, uint64_t usecs);

/* A process's load decay (/proc/PID/decay, mosrun -s / -f). */
enum engine_decay {
	ENGINE_DECAY_FAST,	/* only the last interval counts (default) */
	ENGINE_DECAY_SLOW,	/* 3/4 of the history is kept per interval */
};

/*
 * A process's runnable share once this interval's sample is in. Fast
 * decay, or no history yet (have_prev false: a new process is judged at
 * once), gives the sample itself; slow decay moves prev a quarter of the
 * way to the sample, rounded toward it so the average reaches it.
 */
uint32_t engine_runnable_avg(enum engine_decay decay, bool have_prev,
			     uint32_t prev, uint32_t sample);

/*
 * How long after a move was asked for the process may be moved again:
 * p->cooldown_ms, doubled for each move in a row that did not happen
 * (pr->move_fails), at most ENGINE_MAX_BACKOFF times.
 */
uint64_t engine_cooldown(const struct engine_params *p,
			 const struct engine_proc *pr);

/*
 * How long a process asked to leave may still show where it was before
 * the move is given up as not happening: settle_ms (the caller's three
 * intervals) plus twice the price of its move. The kernel moves a process
 * at its next return to user mode and the process runs on, still listed
 * here, while its image is sent; the caller counts it at its target, not
 * here, until its migrate count moves or this much time has passed.
 */
uint64_t engine_transit_ms(const struct engine_params *p,
			   const struct engine_proc *pr, uint64_t settle_ms);

/*
 * One decision round at time now_ms. procs holds the processes running
 * here (home or guest) and this node's processes running elsewhere
 * (home == self, where != self). Writes at most max_out moves, at most
 * p->max_moves of them for load or memory, and returns their number; the
 * view's self and target entries are adjusted as if the moves had
 * happened, so decisions taken before fresh vectors arrive stay coherent.
 */
size_t engine_decide(const struct engine_params *p, struct gossip_table *view,
		     uint32_t admin, const struct engine_proc *procs,
		     size_t nprocs, uint64_t now_ms, uint64_t *rng,
		     struct engine_move *out, size_t max_out);

/*
 * What a decision must add to its view of the targets it sent work to
 * recently (Documentation/balancer.rst, "What a decision sees"). A
 * target's vector shows a new body only an interval or two after it
 * arrived; a round that took it at its word would send it the same work
 * again. So each move remembers the load the target should show once the
 * body is there, until a vector produced settle_ms after the move comes.
 *
 * In a round: engine_recent_apply() raises each such target to what is
 * expected of it (for this round only), engine_decide() decides,
 * engine_recent_note() records each move that was made (before the undo:
 * it reads the target's raised load, which engine_decide() also raised by
 * one process per move it made there), and engine_recent_undo() takes the
 * raise off again, so an entry gossip does not refresh does not grow.
 */
#define ENGINE_RECENT_MAX	16
struct engine_recent {
	uint64_t settle_ms;	/* the caller sets it once: 3 intervals */
	size_t n;
	struct {
		uint16_t target;
		uint64_t when_ms;
		uint32_t expect;	/* load to expect of the target */
		uint32_t added;		/* raised by this much this round */
	} e[ENGINE_RECENT_MAX];
};

void engine_recent_apply(struct engine_recent *r, struct gossip_table *view,
			 uint64_t now_ms);
void engine_recent_note(struct engine_recent *r, struct gossip_table *view,
			uint16_t target, uint64_t now_ms);
void engine_recent_undo(struct engine_recent *r, struct gossip_table *view);

const char *engine_strreason(enum engine_reason r);

/* Seeded generator (splitmix64) for every random choice. */
uint64_t engine_rand(uint64_t *state);
/* Uniform in [0, n), n > 0. */
uint32_t engine_rand_below(uint64_t *state, uint32_t n);

#endif
