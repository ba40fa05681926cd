// SPDX-License-Identifier: GPL-2.0
/*
 * hpc-sim core: virtual nodes running the real gossip and decision engine.
 * See sim.h. The model is deliberately simple where the engine does not
 * care (one CPU per node, processor sharing among CPU-bound jobs, a job in
 * flight makes no progress for its migration time) so that the numbers
 * say something about the decisions, not about the model.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpc/lvec.h>

#include "sim.h"

#define SIM_MEMTOTAL_KIB	(UINT64_C(4) << 20)	/* 4 GiB per node */

struct job {
	double left;		/* yardstick-ms of work still to do */
	double cpu_ms;		/* CPU time received so far */
	double runnable_ms;	/* runnable this interval (running or waiting) */
	uint64_t start_ms;
	uint64_t moved_ms;
	uint64_t land_ms;	/* in flight until then */
	uint64_t finish_ms;
	uint16_t home, where, dest;
	uint32_t runnable_pct;
	bool flying, done;
};

struct vnode {
	uint16_t speed;
	uint32_t smoothed;
	uint32_t seq;
	uint32_t running;	/* CPU-bound jobs on it this tick */
	uint32_t received;	/* packets this interval */
	uint64_t mem_used;
	struct gossip_table view;
	struct engine_recent recent;	/* moves its view does not show yet */
};

struct packet {
	uint16_t to;
	uint16_t count;
	struct lvec_entry e[LVEC_MAX_ENTRIES];
};

struct sim {
	const struct sim_config *c;
	struct sim_result *r;
	struct vnode *node;		/* index = node id; 0 unused */
	struct job *job;
	struct packet *out;		/* one per node per interval */
	uint32_t *by_node_start;	/* counting sort of jobs by where/home */
	uint32_t *by_node;
	struct engine_proc *procs;
	size_t *proc_job;
	uint64_t rng;
	double age_sum, target_age_sum;
	uint64_t age_n;
	uint32_t unfinished;
};

void sim_config_default(struct sim_config *c)
{
	memset(c, 0, sizeof(*c));
	c->nodes = 2;
	c->jobs = 13;
	c->seed = 1;
	c->interval_ms = 1000;
	c->tick_ms = 100;
	c->window = 16;
	c->dead_after_ms = 30000;
	c->work_ms = 120000;
	c->mem_kib = 16 << 10;
	c->work = SIM_WORK_EQUAL;
	c->place = SIM_PLACE_FIRST;
	c->speeds[0] = 900;
	c->speeds[1] = 650;
	c->nspeeds = 2;
	c->max_ms = UINT64_C(100) * 24 * 3600 * 1000;
	c->balance = true;
	engine_params_default(&c->engine);
}

static double uniform01(uint64_t *rng)
{
	/* (0, 1]: never 0, so log() and pow() stay finite. */
	return ((engine_rand(rng) >> 11) + 1) * (1.0 / 9007199254740992.0);
}

static double job_work(const struct sim_config *c, uint64_t *rng)
{
	const double alpha = 1.5;

	switch (c->work) {
	case SIM_WORK_EXP:
		return -log(uniform01(rng)) * c->work_ms;
	case SIM_WORK_PARETO:
		return c->work_ms * (alpha - 1) / alpha /
		       pow(uniform01(rng), 1 / alpha);
	default:
		return (double)c->work_ms;
	}
}

static int sim_alloc(struct sim *s)
{
	const struct sim_config *c = s->c;
	size_t cap = c->view_cap ? c->view_cap : c->nodes;

	s->node = calloc(c->nodes + 1, sizeof(*s->node));
	s->job = calloc(c->jobs ? c->jobs : 1, sizeof(*s->job));
	s->out = calloc(c->nodes + 1, sizeof(*s->out));
	s->by_node_start = calloc(c->nodes + 2, sizeof(*s->by_node_start));
	s->by_node = calloc(2 * (size_t)c->jobs + 1, sizeof(*s->by_node));
	s->procs = calloc(2 * (size_t)c->jobs + 1, sizeof(*s->procs));
	s->proc_job = calloc(2 * (size_t)c->jobs + 1, sizeof(*s->proc_job));
	if (!s->node || !s->job || !s->out || !s->by_node_start ||
	    !s->by_node || !s->procs || !s->proc_job)
		return -ENOMEM;
	for (uint32_t i = 1; i <= c->nodes; i++) {
		struct vnode *n = &s->node[i];
		int err;

		n->speed = c->speeds[(i - 1) % c->nspeeds];
		if (c->speed_jitter) {
			int64_t sp = (int64_t)n->speed - c->speed_jitter +
				     engine_rand_below(&s->rng,
						       2 * c->speed_jitter + 1);

			n->speed = (uint16_t)(sp < 1 ? 1 : sp > 65535 ? 65535 : sp);
		}
		n->recent.settle_ms = 3ull * c->interval_ms;
		err = gossip_init(&n->view, (uint16_t)i, cap, c->dead_after_ms);
		if (err)
			return err;
	}
	return 0;
}

static void sim_free(struct sim *s)
{
	if (s->node)
		for (uint32_t i = 1; i <= s->c->nodes; i++)
			gossip_fini(&s->node[i].view);
	free(s->node);
	free(s->job);
	free(s->out);
	free(s->by_node_start);
	free(s->by_node);
	free(s->procs);
	free(s->proc_job);
}

static void place_jobs(struct sim *s)
{
	const struct sim_config *c = s->c;

	for (uint32_t j = 0; j < c->jobs; j++) {
		struct job *jb = &s->job[j];
		uint16_t at = c->place == SIM_PLACE_FIRST ? 1 :
			      (uint16_t)(1 + engine_rand_below(&s->rng, c->nodes));

		jb->left = job_work(c, &s->rng);
		jb->home = jb->where = at;
		s->node[at].mem_used += c->mem_kib;
	}
	s->unfinished = c->jobs;
}

/* Lower bounds: the fluid split, and the best static split of equal jobs
 * (greedy by finish time is optimal for equal jobs on related machines). */
static void bounds(struct sim *s)
{
	const struct sim_config *c = s->c;
	double total = 0, biggest = 0, speed_sum = 0, fastest = 0, split = 0;
	uint32_t *count = calloc(c->nodes + 1, sizeof(*count));

	for (uint32_t j = 0; j < c->jobs; j++) {
		total += s->job[j].left;
		if (s->job[j].left > biggest)
			biggest = s->job[j].left;
	}
	for (uint32_t i = 1; i <= c->nodes; i++) {
		speed_sum += s->node[i].speed / 1000.0;
		if (s->node[i].speed / 1000.0 > fastest)
			fastest = s->node[i].speed / 1000.0;
	}
	s->r->ideal_ms = (uint64_t)fmax(total / speed_sum, biggest / fastest);
	if (c->work != SIM_WORK_EQUAL || !count || c->nodes > 4096) {
		free(count);
		return;
	}
	for (uint32_t j = 0; j < c->jobs; j++) {
		uint32_t best = 1;

		for (uint32_t i = 2; i <= c->nodes; i++)
			if ((count[i] + 1) / (double)s->node[i].speed <
			    (count[best] + 1) / (double)s->node[best].speed)
				best = i;
		count[best]++;
	}
	for (uint32_t i = 1; i <= c->nodes; i++)
		split = fmax(split, count[i] * (double)c->work_ms * 1000.0 /
					    s->node[i].speed);
	s->r->best_split_ms = (uint64_t)split;
	free(count);
}

static void measure_and_gossip(struct sim *s, uint64_t now)
{
	const struct sim_config *c = s->c;
	uint32_t window = c->window < 1 ? 1 : c->window > LVEC_MAX_ENTRIES ?
			  LVEC_MAX_ENTRIES : c->window;

	for (uint32_t i = 1; i <= c->nodes; i++) {
		struct vnode *n = &s->node[i];
		uint32_t raw = engine_normalise(n->running * 100, n->speed, 1);
		struct lvec_entry e = {
			.node = (uint16_t)i, .ncpus = 1, .speed = n->speed,
			.epoch = 1, .seq = ++n->seq,
			.util = n->running ? 100 : 0,
			.memtotal_kib = SIM_MEMTOTAL_KIB,
		};

		n->smoothed = engine_smooth(&c->engine, n->smoothed, raw);
		/* as mosixd: an idle node is seen idle at once */
		n->smoothed = engine_load_cap(n->smoothed, raw, e.util,
					      n->speed, 1);
		e.load = n->smoothed;
		e.memfree_kib = n->mem_used >= SIM_MEMTOTAL_KIB ? 0 :
				SIM_MEMTOTAL_KIB - n->mem_used;
		gossip_set_self(&n->view, &e, now);
		n->received = 0;
	}
	/* Everybody sends, then everybody receives: the order in which nodes
	 * are visited must not matter. */
	for (uint32_t i = 1; i <= c->nodes; i++) {
		struct packet *p = &s->out[i];
		uint32_t to;

		p->count = 0;
		if (c->nodes < 2)
			continue;
		to = 1 + engine_rand_below(&s->rng, c->nodes - 1);
		if (to >= i)
			to++;
		p->to = (uint16_t)to;
		p->count = (uint16_t)gossip_window(&s->node[i].view, now,
						   &s->rng, p->e, window);
		s->r->messages++;
		s->r->entries_sent += p->count;
		s->r->bytes += LVEC_HDR_SIZE + LVEC_TAG_SIZE +
			       (uint64_t)p->count * LVEC_ENTRY_SIZE;
	}
	for (uint32_t i = 1; i <= c->nodes; i++) {
		struct packet *p = &s->out[i];
		struct vnode *to = &s->node[p->to];

		if (!p->count)
			continue;
		for (uint16_t k = 0; k < p->count; k++)
			gossip_merge(&to->view, &p->e[k], now);
		if (++to->received > s->r->max_received)
			s->r->max_received = to->received;
	}
}

static void sample_ages(struct sim *s, uint64_t now)
{
	const struct sim_config *c = s->c;
	uint32_t step = c->nodes > 64 ? c->nodes / 64 : 1;

	for (uint32_t i = 1; i <= c->nodes; i += step) {
		const struct gossip_table *t = &s->node[i].view;

		for (size_t k = 0; k < t->nslots; k++) {
			const struct gossip_node *g = &t->slots[k];

			if (!g->id || g->id == i ||
			    gossip_state(t, g->id, now) != GOSSIP_S_UP)
				continue;
			s->age_sum += (double)(now - g->origin_ms);
			s->age_n++;
		}
	}
}

static void check_coverage(struct sim *s)
{
	const struct sim_config *c = s->c;

	if (!c->track_coverage || s->r->coverage_intervals >= 0)
		return;
	for (uint32_t i = 1; i <= c->nodes; i++)
		if (s->node[i].view.count < c->nodes)
			return;
	s->r->coverage_intervals = (int64_t)s->r->intervals;
}

/* Jobs listed by the node that decides about them: where they run, and
 * (for bring-home) their home when they run elsewhere. */
static void index_jobs(struct sim *s)
{
	const struct sim_config *c = s->c;
	uint32_t *start = s->by_node_start;

	memset(start, 0, (c->nodes + 2) * sizeof(*start));
	for (uint32_t j = 0; j < c->jobs; j++) {
		const struct job *jb = &s->job[j];

		if (jb->done || jb->flying)
			continue;
		start[jb->where + 1]++;
		if (jb->home != jb->where)
			start[jb->home + 1]++;
	}
	for (uint32_t i = 1; i <= c->nodes + 1; i++)
		start[i] += start[i - 1];
	for (uint32_t j = 0; j < c->jobs; j++) {
		const struct job *jb = &s->job[j];

		if (jb->done || jb->flying)
			continue;
		s->by_node[start[jb->where]++] = j;
		if (jb->home != jb->where)
			s->by_node[start[jb->home]++] = j;
	}
	/* start[i] now holds the end of node i's list; shift back. */
	for (uint32_t i = c->nodes + 1; i > 0; i--)
		start[i] = start[i - 1];
	start[0] = 0;
}

static void decide_all(struct sim *s, uint64_t now)
{
	const struct sim_config *c = s->c;
	struct engine_move moves[ENGINE_MOVES_MAX];

	index_jobs(s);
	for (uint32_t i = 1; i <= c->nodes; i++) {
		uint32_t a = s->by_node_start[i], b = s->by_node_start[i + 1];
		struct gossip_node *self;
		uint32_t smoothed = 0;
		size_t n = 0, nm;

		for (uint32_t k = a; k < b; k++) {
			uint32_t j = s->by_node[k];
			struct job *jb = &s->job[j];

			s->procs[n] = (struct engine_proc){
				.pid = (int32_t)j, .home = jb->home,
				.where = jb->where, .runnable_pct = jb->runnable_pct,
				.age_ms = now - jb->start_ms,
				.cpu_ms = (uint64_t)jb->cpu_ms,
				.mem_kib = c->mem_kib, .moved_ms = jb->moved_ms,
				/* A guest moves only when its home calls it
				 * back: its host's kernel says it cannot. */
				.flags = jb->home != i && jb->where == i ?
					 ENGINE_P_CANTMOVE : 0,
			};
			s->proc_job[n++] = j;
		}
		if (!n)
			continue;
		/* As mosixd does: the decision sees this node's load as what
		 * runs here now, not the smoothed value its vector carries,
		 * or a node that just sent a job away would still look loaded
		 * and send the next one after it; and the targets it sent work
		 * to recently as they will be once the work is there. */
		self = gossip_find(&s->node[i].view, (uint16_t)i);
		if (self) {
			smoothed = self->v.load;
			self->v.load = engine_normalise(s->node[i].running * 100,
							s->node[i].speed, 1);
		}
		engine_recent_apply(&s->node[i].recent, &s->node[i].view, now);
		nm = engine_decide(&c->engine, &s->node[i].view, 0, s->procs, n,
				   now, &s->rng, moves, ENGINE_MOVES_MAX);
		for (size_t m = 0; m < nm; m++) {
			struct job *jb = &s->job[s->proc_job[moves[m].proc]];
			double cost = c->engine.move_overhead_ms +
				      c->mem_kib * 1000.0 /
				      (c->engine.bandwidth_kib_s ?
				       c->engine.bandwidth_kib_s : 1);
			uint64_t age = gossip_age(&s->node[i].view,
						  moves[m].target, now);

			/* Two deciders (host and home) may pick the same job in
			 * one round; the first one wins, as in the kernel. */
			if (jb->flying || moves[m].target == jb->where)
				continue;
			s->target_age_sum += age == UINT64_MAX ? 0 : (double)age;
			s->node[jb->where].mem_used -= c->mem_kib;
			jb->flying = true;
			jb->dest = moves[m].target;
			jb->land_ms = now + (uint64_t)cost;
			jb->moved_ms = now;
			s->r->migrations++;
			if (moves[m].target != jb->home)
				engine_recent_note(&s->node[i].recent,
						   &s->node[i].view,
						   moves[m].target, now);
		}
		engine_recent_undo(&s->node[i].recent, &s->node[i].view);
		if (self)
			self->v.load = smoothed;
	}
}

static void interval(struct sim *s, uint64_t now)
{
	const struct sim_config *c = s->c;

	for (uint32_t j = 0; j < c->jobs; j++) {
		struct job *jb = &s->job[j];

		jb->runnable_pct = (uint32_t)(jb->runnable_ms * 100 /
					      c->interval_ms);
		jb->runnable_ms = 0;
	}
	measure_and_gossip(s, now);
	s->r->intervals++;
	sample_ages(s, now);
	check_coverage(s);
	if (c->balance)
		decide_all(s, now);
}

static void tick(struct sim *s, uint64_t now)
{
	const struct sim_config *c = s->c;
	double dt = c->tick_ms;

	for (uint32_t i = 1; i <= c->nodes; i++)
		s->node[i].running = 0;
	for (uint32_t j = 0; j < c->jobs; j++) {
		struct job *jb = &s->job[j];

		if (jb->flying && jb->land_ms <= now) {
			jb->flying = false;
			jb->where = jb->dest;
			s->node[jb->where].mem_used += c->mem_kib;
		}
		if (!jb->done && !jb->flying)
			s->node[jb->where].running++;
	}
	for (uint32_t j = 0; j < c->jobs; j++) {
		struct job *jb = &s->job[j];
		struct vnode *n;
		double share, rate;

		if (jb->done || jb->flying)
			continue;
		n = &s->node[jb->where];
		share = 1.0 / n->running;
		rate = n->speed / 1000.0 * share;	/* yardstick-ms per ms */
		if (jb->left <= rate * dt) {
			double used = jb->left / rate;

			jb->finish_ms = now + (uint64_t)ceil(used);
			jb->cpu_ms += used * share;
			jb->left = 0;
			jb->done = true;
			s->node[jb->where].mem_used -= c->mem_kib;
			s->unfinished--;
			if (jb->finish_ms > s->r->makespan_ms)
				s->r->makespan_ms = jb->finish_ms;
			continue;
		}
		jb->left -= rate * dt;
		jb->cpu_ms += dt * share;
		jb->runnable_ms += dt;
	}
}

int sim_run(const struct sim_config *c, struct sim_result *r)
{
	struct sim s = { .c = c, .r = r, .rng = c->seed };
	uint64_t now;
	int err;

	memset(r, 0, sizeof(*r));
	r->coverage_intervals = -1;
	if (c->nodes < 1 || c->nodes > 65535 || c->nspeeds < 1 ||
	    c->nspeeds > 16 || c->tick_ms == 0 || c->interval_ms == 0 ||
	    c->interval_ms % c->tick_ms)
		return -EINVAL;
	err = sim_alloc(&s);
	if (err)
		goto out;
	place_jobs(&s);
	bounds(&s);
	for (now = 0; s.unfinished && now < c->max_ms; now += c->tick_ms) {
		if (now % c->interval_ms == 0)
			interval(&s, now);
		tick(&s, now);
	}
	/* Coverage runs may have no jobs: let the gossip go on for a while. */
	while (c->track_coverage && r->coverage_intervals < 0 &&
	       now < c->max_ms) {
		interval(&s, now);
		now += c->interval_ms;
	}
	r->unfinished = s.unfinished;
	r->info_age_ms = s.age_n ? s.age_sum / s.age_n : 0;
	r->target_age_ms = r->migrations ? s.target_age_sum / r->migrations : 0;
out:
	sim_free(&s);
	return err;
}

static void emit(void (*out)(const char *, void *), void *arg,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void emit(void (*out)(const char *, void *), void *arg,
		 const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	out(line, arg);
}

void sim_print(const struct sim_config *c, const struct sim_result *r,
	       void (*out)(const char *line, void *arg), void *arg)
{
	double per_node = r->intervals && c->nodes ?
			  (double)r->messages / r->intervals / c->nodes : 0;

	emit(out, arg, "nodes %u", c->nodes);
	emit(out, arg, "jobs %u", c->jobs);
	emit(out, arg, "seed %llu", (unsigned long long)c->seed);
	emit(out, arg, "makespan_ms %llu", (unsigned long long)r->makespan_ms);
	emit(out, arg, "ideal_ms %llu", (unsigned long long)r->ideal_ms);
	emit(out, arg, "makespan_vs_ideal %.4f",
	     r->ideal_ms ? (double)r->makespan_ms / r->ideal_ms : 0);
	if (r->best_split_ms)
		emit(out, arg, "makespan_vs_best_split %.4f",
		     (double)r->makespan_ms / r->best_split_ms);
	emit(out, arg, "migrations_per_job %.3f",
	     c->jobs ? (double)r->migrations / c->jobs : 0);
	emit(out, arg, "messages_per_node_per_interval %.3f", per_node);
	emit(out, arg, "bytes_per_node_per_interval %.1f",
	     r->intervals && c->nodes ?
	     (double)r->bytes / r->intervals / c->nodes : 0);
	emit(out, arg, "max_received_per_interval %u", r->max_received);
	emit(out, arg, "info_age_ms %.0f", r->info_age_ms);
	emit(out, arg, "target_info_age_ms %.0f", r->target_age_ms);
	emit(out, arg, "intervals %llu", (unsigned long long)r->intervals);
	if (c->track_coverage)
		emit(out, arg, "coverage_intervals %lld",
		     (long long)r->coverage_intervals);
	emit(out, arg, "unfinished %u", r->unfinished);
}
