// SPDX-License-Identifier: GPL-2.0
/*
 * The decision engine: which process should run where. See <hpc/engine.h>
 * and Documentation/balancer.rst for the model; in short, a process is
 * expected to run for as long again as it has run so far (the heavy-tailed
 * lifetimes of Harchol-Balter and Downey, which openMosix relied on), and it
 * goes to the node where that remaining work finishes soonest once the cost
 * of carrying its memory there is added.
 */
#include <string.h>

#include <hpc/engine.h>

void engine_params_default(struct engine_params *p)
{
	memset(p, 0, sizeof(*p));
	p->min_age_ms = 5000;
	p->cpu_bound_pct = 50;
	p->hysteresis_pct = 3;
	p->cooldown_ms = 10000;
	p->max_moves = 2;
	p->mem_low_pct = 5;
	p->bandwidth_kib_s = 10 * 1024;		/* Fast Ethernet, as the seed */
	p->move_overhead_ms = 50;
	p->tie_pct = 2;
	p->idle_load = 50;
	p->rise_16ths = 12;			/* 3/4 of the way up per round */
	p->decay_16ths = 2;			/* 1/8 of the way down */
}

uint32_t engine_normalise(uint32_t runnable_x100, uint16_t speed,
			  uint16_t ncpus)
{
	uint64_t div = (uint64_t)(speed ? speed : 1) * (ncpus ? ncpus : 1);
	uint64_t v = (uint64_t)runnable_x100 * ENGINE_SPEED_ONE / div;

	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

uint32_t engine_smooth(const struct engine_params *p, uint32_t prev,
		       uint32_t raw)
{
	uint64_t diff;

	/* Round the step up so the smoothed value reaches raw instead of
	 * stalling a few units short. */
	if (raw > prev) {
		diff = raw - prev;
		return prev + (uint32_t)((diff * p->rise_16ths + 15) / 16);
	}
	diff = prev - raw;
	return prev - (uint32_t)((diff * p->decay_16ths + 15) / 16);
}

uint32_t engine_load_cap(uint32_t smoothed, uint32_t raw, uint32_t util_pct,
			 uint16_t speed, uint16_t ncpus)
{
	uint32_t cap;

	if (util_pct >= ENGINE_BUSY_PCT)
		return smoothed;
	cap = engine_normalise(util_pct * (ncpus ? ncpus : 1), speed, ncpus);
	if (cap < raw)
		cap = raw;
	return smoothed < cap ? smoothed : cap;
}

uint32_t engine_runnable_avg(enum engine_decay decay, bool have_prev,
			     uint32_t prev, uint32_t sample)
{
	if (decay != ENGINE_DECAY_SLOW || !have_prev)
		return sample;
	/* new = 3/4 prev + 1/4 sample, the step toward sample rounded up */
	if (sample > prev)
		return prev + (uint32_t)(((uint64_t)sample - prev + 3) / 4);
	return prev - (uint32_t)(((uint64_t)prev - sample + 3) / 4);
}

/* Half-way from @from to @to, rounded toward @to so that it gets there. */
static uint64_t halfway(uint64_t from, uint64_t to)
{
	return to > from ? from + (to - from + 1) / 2 :
			   from - (from - to + 1) / 2;
}

void engine_learn_move_cost(struct engine_params *p, uint64_t moves,
			    uint64_t kib, uint64_t usecs)
{
	uint64_t bw = p->bandwidth_kib_s ? p->bandwidth_kib_s : 1;
	uint64_t fixed, carry, v;

	if (!moves || !usecs || kib > UINT64_MAX / 1000000)
		return;
	if (kib / moves < ENGINE_LEARN_MIN_KIB) {
		carry = kib * 1000000ull / bw;
		v = usecs > carry ? (usecs - carry) / moves / 1000 : 0;
		v = halfway(p->move_overhead_ms, v);
		p->move_overhead_ms = v > ENGINE_OVERHEAD_MAX_MS ?
				      ENGINE_OVERHEAD_MAX_MS : (uint32_t)v;
		return;
	}
	fixed = moves * p->move_overhead_ms * 1000ull;
	usecs -= fixed < usecs / 2 ? fixed : usecs / 2;
	v = halfway(bw, kib * 1000000ull / usecs);
	if (v < ENGINE_BW_MIN)
		v = ENGINE_BW_MIN;
	p->bandwidth_kib_s = v > ENGINE_BW_MAX ? ENGINE_BW_MAX : (uint32_t)v;
}

uint64_t engine_rand(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

uint32_t engine_rand_below(uint64_t *state, uint32_t n)
{
	return (uint32_t)(((engine_rand(state) >> 32) * (uint64_t)n) >> 32);
}

const char *engine_strreason(enum engine_reason r)
{
	switch (r) {
	case ENGINE_R_LOAD:	return "load";
	case ENGINE_R_MEMORY:	return "memory";
	case ENGINE_R_HOME:	return "home";
	case ENGINE_R_EXPEL:	return "expel";
	case ENGINE_R_BRING:	return "bring";
	}
	return "unknown";
}

/* CPU-bound processes a vector stands for. */
static double procs_on(const struct lvec_entry *v)
{
	return (double)v->load * v->speed * v->ncpus /
	       ((double)ENGINE_LOAD_ONE * ENGINE_SPEED_ONE);
}

/* Yardstick-ms of work one of k CPU-bound processes gets per ms. */
static double rate_with(const struct lvec_entry *v, double k)
{
	double share = k <= v->ncpus ? 1.0 : v->ncpus / k;

	return v->speed / (double)ENGINE_SPEED_ONE * share;
}

static uint64_t clamp_ms(double ms)
{
	if (ms < 0)
		return 0;
	if (ms > 1e18)
		return UINT64_C(1000000000000000000);
	return (uint64_t)ms;
}

/* The process's remaining work: as much as it has done (at least the
 * minimum age's worth, so a young process is not thought free to move). */
static double remaining_work(const struct engine_params *p,
			     const struct engine_proc *pr,
			     const struct lvec_entry *runs_on)
{
	double ms = pr->cpu_ms > p->min_age_ms ? pr->cpu_ms : p->min_age_ms;

	return ms * runs_on->speed / (double)ENGINE_SPEED_ONE;
}

static double move_cost_ms(const struct engine_params *p,
			   const struct engine_proc *pr)
{
	double bw = p->bandwidth_kib_s ? p->bandwidth_kib_s : 1;

	return p->move_overhead_ms + pr->mem_kib * 1000.0 / bw;
}

uint64_t engine_transit_ms(const struct engine_params *p,
			   const struct engine_proc *pr, uint64_t settle_ms)
{
	return settle_ms + clamp_ms(2 * move_cost_ms(p, pr));
}

static bool memory_short(const struct engine_params *p,
			 const struct lvec_entry *v)
{
	return v->memtotal_kib &&
	       v->memfree_kib * 100 < v->memtotal_kib * p->mem_low_pct;
}

/* Would taking mem_kib push the node below its own ushering mark? */
static bool memory_fits(const struct engine_params *p,
			const struct lvec_entry *v, uint64_t mem_kib)
{
	if (!v->memtotal_kib)
		return true;	/* not advertised: do not guess */
	return v->memfree_kib >= mem_kib &&
	       (v->memfree_kib - mem_kib) * 100 >= v->memtotal_kib * p->mem_low_pct;
}

static bool usable_target(const struct gossip_table *view,
			  const struct gossip_node *n, uint64_t now_ms)
{
	if (n->id == view->self)
		return false;
	if (n->v.flags & (LVEC_F_BLOCKED | LVEC_F_QUIET))
		return false;
	return gossip_state(view, n->id, now_ms) == GOSSIP_S_UP;
}

/* Account a move in the view so the next decision sees it. */
static void anticipate(struct gossip_table *view, uint16_t from, uint16_t to,
		       const struct engine_proc *pr)
{
	struct gossip_node *f = gossip_find(view, from);
	struct gossip_node *t = gossip_find(view, to);

	if (f) {
		uint32_t one = engine_normalise(100, f->v.speed, f->v.ncpus);

		f->v.load = f->v.load > one ? f->v.load - one : 0;
		f->v.memfree_kib += pr->mem_kib;
		if (f->v.memfree_kib > f->v.memtotal_kib)
			f->v.memfree_kib = f->v.memtotal_kib;
	}
	if (t) {
		uint32_t one = engine_normalise(100, t->v.speed, t->v.ncpus);

		t->v.load = t->v.load > UINT32_MAX - one ? UINT32_MAX :
			    t->v.load + one;
		t->v.memfree_kib -= pr->mem_kib < t->v.memfree_kib ?
				    pr->mem_kib : t->v.memfree_kib;
	}
}

struct choice {
	const struct gossip_node *target;
	double t_there;
	unsigned int ties;
};

/*
 * The best target for one process, or none. With memory_only, CPU gain is
 * not required (ushering); the target must still have room.
 */
static struct choice best_target(const struct engine_params *p,
				 const struct gossip_table *view,
				 const struct engine_proc *pr, double work,
				 uint64_t now_ms)
{
	struct choice c = { NULL, 0, 0 };
	double cost = move_cost_ms(p, pr);

	for (size_t i = 0; i < view->nslots; i++) {
		const struct gossip_node *n = &view->slots[i];
		double t;

		if (!n->id || !usable_target(view, n, now_ms) ||
		    !memory_fits(p, &n->v, pr->mem_kib))
			continue;
		t = cost + work / rate_with(&n->v, procs_on(&n->v) + 1);
		if (!c.target || t < c.t_there) {
			c.target = n;
			c.t_there = t;
		}
	}
	return c;
}

/* Among targets within tie_pct of the best, pick one at random so that
 * nodes sharing the same view do not all pile onto the same idle node. */
static const struct gossip_node *pick_tie(const struct engine_params *p,
					  const struct gossip_table *view,
					  const struct engine_proc *pr,
					  double work, double best,
					  uint64_t now_ms, uint64_t *rng)
{
	double cost = move_cost_ms(p, pr), limit = best * (100 + p->tie_pct) / 100;
	const struct gossip_node *pick = NULL;
	uint32_t seen = 0;

	for (size_t i = 0; i < view->nslots; i++) {
		const struct gossip_node *n = &view->slots[i];
		double t;

		if (!n->id || !usable_target(view, n, now_ms) ||
		    !memory_fits(p, &n->v, pr->mem_kib))
			continue;
		t = cost + work / rate_with(&n->v, procs_on(&n->v) + 1);
		if (t > limit)
			continue;
		/* Reservoir sampling: one pass, uniform choice. */
		if (engine_rand_below(rng, ++seen) == 0)
			pick = n;
	}
	return pick;
}

uint64_t engine_cooldown(const struct engine_params *p,
			 const struct engine_proc *pr)
{
	uint32_t n = pr->move_fails < ENGINE_MAX_BACKOFF ?
		     pr->move_fails : ENGINE_MAX_BACKOFF;

	return p->cooldown_ms << n;
}

static bool movable(const struct engine_params *p, const struct engine_proc *pr,
		    uint64_t now_ms)
{
	if (pr->flags & (ENGINE_P_LOCKED | ENGINE_P_CANTMOVE))
		return false;
	if (pr->age_ms < p->min_age_ms)
		return false;
	if (pr->moved_ms && now_ms - pr->moved_ms < engine_cooldown(p, pr))
		return false;
	return true;
}

static bool may_leave(uint16_t self, uint32_t admin,
		      const struct engine_proc *pr)
{
	if (pr->where != self || (admin & ENGINE_A_STAY))
		return false;
	if ((admin & ENGINE_A_LSTAY) && pr->home == self)
		return false;
	return true;
}

static bool cpu_bound(const struct engine_params *p,
		      const struct engine_proc *pr)
{
	if (pr->flags & ENGINE_P_HINT_IO)
		return false;
	return (pr->flags & ENGINE_P_HINT_CPU) || pr->runnable_pct >= p->cpu_bound_pct;
}

static bool taken(const struct engine_move *out, size_t n, size_t idx)
{
	for (size_t i = 0; i < n; i++)
		if (out[i].proc == idx)
			return true;
	return false;
}

/* Admin requests: every guest home, every remote process home. */
static size_t admin_moves(uint16_t self, uint32_t admin,
			  const struct engine_proc *procs, size_t nprocs,
			  struct engine_move *out, size_t max_out)
{
	size_t n = 0;

	for (size_t i = 0; i < nprocs && n < max_out; i++) {
		const struct engine_proc *pr = &procs[i];

		if ((admin & ENGINE_A_EXPEL) && pr->where == self &&
		    pr->home != self)
			out[n++] = (struct engine_move){ i, pr->home,
							ENGINE_R_EXPEL, 0, 0 };
		else if ((admin & ENGINE_A_BRING) && pr->home == self &&
			 pr->where != self)
			out[n++] = (struct engine_move){ i, self,
							ENGINE_R_BRING, 0, 0 };
	}
	return n;
}

/* A node short of memory sends its biggest movable process away. */
static bool usher(const struct engine_params *p, struct gossip_table *view,
		  uint32_t admin, const struct engine_proc *procs,
		  size_t nprocs, uint64_t now_ms, uint64_t *rng,
		  struct engine_move *out, size_t n)
{
	const struct gossip_node *self = gossip_find_const(view, view->self);
	const struct engine_proc *big = NULL;
	size_t bi = 0;
	struct choice c;
	const struct gossip_node *t;
	double work;

	if (!memory_short(p, &self->v))
		return false;
	for (size_t i = 0; i < nprocs; i++) {
		const struct engine_proc *pr = &procs[i];

		if (!may_leave(view->self, admin, pr) || !movable(p, pr, now_ms) ||
		    taken(out, n, i))
			continue;
		if (!big || pr->mem_kib > big->mem_kib) {
			big = pr;
			bi = i;
		}
	}
	if (!big)
		return false;
	work = remaining_work(p, big, &self->v);
	c = best_target(p, view, big, work, now_ms);
	if (!c.target)
		return false;
	t = pick_tie(p, view, big, work, c.t_there, now_ms, rng);
	out[n] = (struct engine_move){ bi, t->id, ENGINE_R_MEMORY,
				       clamp_ms(work / rate_with(&self->v,
						procs_on(&self->v))),
				       clamp_ms(c.t_there) };
	anticipate(view, view->self, t->id, big);
	return true;
}

/* The move of one of our CPU-bound processes that gains the most. */
static bool load_move(const struct engine_params *p, struct gossip_table *view,
		      uint32_t admin, const struct engine_proc *procs,
		      size_t nprocs, uint64_t now_ms, uint64_t *rng,
		      struct engine_move *out, size_t n)
{
	const struct gossip_node *self = gossip_find_const(view, view->self);
	double k_here = procs_on(&self->v);
	double best_gain = 0, best_here = 0, best_there = 0, best_work = 0;
	const struct engine_proc *best = NULL;
	const struct gossip_node *t;
	size_t bi = 0;

	/* The process is one of those the load counts; never fewer than it. */
	if (k_here < 1)
		k_here = 1;
	for (size_t i = 0; i < nprocs; i++) {
		const struct engine_proc *pr = &procs[i];
		double work, here;
		struct choice c;

		if (!may_leave(view->self, admin, pr) || !movable(p, pr, now_ms) ||
		    !cpu_bound(p, pr) || taken(out, n, i))
			continue;
		work = remaining_work(p, pr, &self->v);
		here = work / rate_with(&self->v, k_here);
		c = best_target(p, view, pr, work, now_ms);
		if (!c.target)
			continue;
		/* Hysteresis: a marginal gain is not worth the risk that
		 * stale information sends it straight back. */
		if (c.t_there * 100 > here * (100 - p->hysteresis_pct))
			continue;
		if (here - c.t_there > best_gain) {
			best_gain = here - c.t_there;
			best = pr;
			bi = i;
			best_here = here;
			best_there = c.t_there;
			best_work = work;
		}
	}
	if (!best)
		return false;
	t = pick_tie(p, view, best, best_work, best_there, now_ms, rng);
	out[n] = (struct engine_move){ bi, t->id, ENGINE_R_LOAD,
				       clamp_ms(best_here), clamp_ms(best_there) };
	anticipate(view, view->self, t->id, best);
	return true;
}

/* An idle home takes back the remote process that gains most from it. */
static bool home_move(const struct engine_params *p, struct gossip_table *view,
		      const struct engine_proc *procs, size_t nprocs,
		      uint64_t now_ms, struct engine_move *out, size_t n)
{
	const struct gossip_node *self = gossip_find_const(view, view->self);
	double best_gain = 0, best_here = 0, best_there = 0;
	const struct engine_proc *best = NULL;
	size_t bi = 0;

	if (self->v.load > p->idle_load || (self->v.flags & LVEC_F_BLOCKED) ||
	    memory_short(p, &self->v))
		return false;
	for (size_t i = 0; i < nprocs; i++) {
		const struct engine_proc *pr = &procs[i];
		const struct gossip_node *host;
		double work, there, home, k;

		if (pr->home != view->self || pr->where == view->self ||
		    !movable(p, pr, now_ms) || !cpu_bound(p, pr) ||
		    taken(out, n, i) || !memory_fits(p, &self->v, pr->mem_kib))
			continue;
		host = gossip_find_const(view, pr->where);
		/* Without a fresh word from the host we cannot tell whether
		 * home is better; the kernel handles hosts that die. */
		if (!host || gossip_state(view, pr->where, now_ms) != GOSSIP_S_UP)
			continue;
		k = procs_on(&host->v);
		work = remaining_work(p, pr, &host->v);
		there = work / rate_with(&host->v, k < 1 ? 1 : k);
		home = move_cost_ms(p, pr) +
		       work / rate_with(&self->v, procs_on(&self->v) + 1);
		if (home * 100 > there * (100 - p->hysteresis_pct))
			continue;
		if (there - home > best_gain) {
			best_gain = there - home;
			best = pr;
			bi = i;
			best_here = there;
			best_there = home;
		}
	}
	if (!best)
		return false;
	out[n] = (struct engine_move){ bi, view->self, ENGINE_R_HOME,
				       clamp_ms(best_here), clamp_ms(best_there) };
	anticipate(view, best->where, view->self, best);
	return true;
}

void engine_recent_apply(struct engine_recent *r, struct gossip_table *view,
			 uint64_t now_ms)
{
	size_t kept = 0;

	for (size_t i = 0; i < r->n; i++) {
		struct gossip_node *t = gossip_find(view, r->e[i].target);

		/* Once a vector produced well after the move is in, the
		 * target's own word counts the body: adding it again would
		 * make the target look busier than it is. */
		if (!t || now_ms - r->e[i].when_ms > 10 * r->settle_ms ||
		    t->origin_ms >= r->e[i].when_ms + r->settle_ms)
			continue;
		/* Entries are oldest first: a later move to the same target
		 * raises from where the earlier ones left it. */
		r->e[i].added = 0;
		if (t->v.load < r->e[i].expect) {
			r->e[i].added = r->e[i].expect - t->v.load;
			t->v.load = r->e[i].expect;
		}
		r->e[kept++] = r->e[i];
	}
	r->n = kept;
}

void engine_recent_note(struct engine_recent *r, struct gossip_table *view,
			uint16_t target, uint64_t now_ms)
{
	const struct gossip_node *t = gossip_find_const(view, target);
	size_t i;

	if (!t)
		return;
	/* Several moves to one target in one round: the view already holds
	 * them all, so one entry says what to expect. */
	for (i = 0; i < r->n; i++)
		if (r->e[i].target == target && r->e[i].when_ms == now_ms)
			break;
	if (i == r->n) {
		if (r->n == ENGINE_RECENT_MAX) {
			memmove(r->e, r->e + 1, (r->n - 1) * sizeof(r->e[0]));
			r->n--;
		}
		i = r->n++;
		r->e[i].target = target;
		r->e[i].when_ms = now_ms;
		r->e[i].added = 0;
	}
	r->e[i].expect = t->v.load;
}

void engine_recent_undo(struct engine_recent *r, struct gossip_table *view)
{
	for (size_t i = 0; i < r->n; i++) {
		struct gossip_node *t = gossip_find(view, r->e[i].target);

		if (t)
			t->v.load = t->v.load > r->e[i].added ?
				    t->v.load - r->e[i].added : 0;
		r->e[i].added = 0;
	}
}

size_t engine_decide(const struct engine_params *p, struct gossip_table *view,
		     uint32_t admin, const struct engine_proc *procs,
		     size_t nprocs, uint64_t now_ms, uint64_t *rng,
		     struct engine_move *out, size_t max_out)
{
	size_t n, budget;

	if (!gossip_find(view, view->self) || max_out == 0)
		return 0;
	n = admin_moves(view->self, admin, procs, nprocs, out, max_out);
	/* An admin request is the whole round: balancing on top of it would
	 * undo what was asked for. */
	if (admin & (ENGINE_A_EXPEL | ENGINE_A_BRING))
		return n;

	budget = p->max_moves < max_out ? p->max_moves : max_out;
	while (n < budget) {
		if (usher(p, view, admin, procs, nprocs, now_ms, rng, out, n) ||
		    load_move(p, view, admin, procs, nprocs, now_ms, rng, out, n) ||
		    home_move(p, view, procs, nprocs, now_ms, out, n))
			n++;
		else
			break;
	}
	return n;
}
