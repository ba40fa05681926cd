// SPDX-License-Identifier: GPL-2.0
/*
 * The gossip view: merge by freshness, age, death, and the window of
 * freshest entries to pass on. See <hpc/gossip.h>.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <hpc/engine.h>
#include <hpc/gossip.h>

static size_t slot_of(const struct gossip_table *t, uint16_t id)
{
	/* Fibonacci hashing: consecutive ids (the usual map) spread out. */
	return (size_t)(((uint32_t)id * 2654435761u) & (t->nslots - 1));
}

int gossip_init(struct gossip_table *t, uint16_t self, size_t cap,
		uint32_t dead_after_ms)
{
	size_t n = 4;

	memset(t, 0, sizeof(*t));
	if (cap < 1 || self == 0 || cap > 65536)
		return -EINVAL;
	while (n < 2 * cap)
		n <<= 1;
	t->slots = calloc(n, sizeof(*t->slots));
	if (!t->slots)
		return -ENOMEM;
	t->nslots = n;
	t->cap = cap;
	t->self = self;
	t->dead_after_ms = dead_after_ms;
	return 0;
}

void gossip_fini(struct gossip_table *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

const struct gossip_node *gossip_find_const(const struct gossip_table *t,
					    uint16_t id)
{
	size_t i;

	if (id == 0)
		return NULL;
	/* The table is never full (nslots >= 2 * cap), so this ends. */
	for (i = slot_of(t, id); t->slots[i].id; i = (i + 1) & (t->nslots - 1))
		if (t->slots[i].id == id)
			return &t->slots[i];
	return NULL;
}

struct gossip_node *gossip_find(struct gossip_table *t, uint16_t id)
{
	return (struct gossip_node *)gossip_find_const(t, id);
}

static struct gossip_node *slot_insert(struct gossip_table *t, uint16_t id)
{
	size_t i;

	for (i = slot_of(t, id); t->slots[i].id; i = (i + 1) & (t->nslots - 1))
		;
	memset(&t->slots[i], 0, sizeof(t->slots[i]));
	t->slots[i].id = id;
	t->count++;
	return &t->slots[i];
}

/* Backward-shift deletion keeps probe chains intact without tombstones. */
static void slot_delete(struct gossip_table *t, struct gossip_node *n)
{
	size_t mask = t->nslots - 1;
	size_t hole = (size_t)(n - t->slots), i = hole;

	for (;;) {
		size_t home;

		i = (i + 1) & mask;
		if (!t->slots[i].id)
			break;
		home = slot_of(t, t->slots[i].id);
		/* Move i into the hole unless its home lies cyclically in
		 * (hole, i]. */
		if (((i - home) & mask) >= ((i - hole) & mask)) {
			t->slots[hole] = t->slots[i];
			hole = i;
		}
	}
	memset(&t->slots[hole], 0, sizeof(t->slots[hole]));
	t->count--;
}

static void fresh_remove(struct gossip_table *t, uint16_t id)
{
	for (size_t i = 0; i < t->nfresh; i++) {
		if (t->fresh[i].id != id)
			continue;
		memmove(&t->fresh[i], &t->fresh[i + 1],
			(t->nfresh - i - 1) * sizeof(t->fresh[0]));
		t->nfresh--;
		return;
	}
}

static void fresh_offer(struct gossip_table *t, uint16_t id, uint64_t origin)
{
	size_t i;

	fresh_remove(t, id);
	for (i = 0; i < t->nfresh; i++)
		if (origin > t->fresh[i].origin_ms)
			break;
	if (i == GOSSIP_WINDOW_MAX)
		return;
	if (t->nfresh == GOSSIP_WINDOW_MAX)
		t->nfresh--;
	memmove(&t->fresh[i + 1], &t->fresh[i],
		(t->nfresh - i) * sizeof(t->fresh[0]));
	t->fresh[i].id = id;
	t->fresh[i].origin_ms = origin;
	t->nfresh++;
}

void gossip_set_self(struct gossip_table *t, const struct lvec_entry *e,
		     uint64_t now_ms)
{
	struct gossip_node *n = gossip_find(t, t->self);

	if (!n)
		n = slot_insert(t, t->self);
	n->v = *e;
	n->v.node = t->self;
	n->v.age_ms = 0;
	n->origin_ms = now_ms;
	n->heard_ms = now_ms;
}

static bool newer(const struct lvec_entry *a, const struct lvec_entry *b)
{
	return a->epoch > b->epoch || (a->epoch == b->epoch && a->seq > b->seq);
}

/* Make room for one entry by evicting the stalest non-self entry, if it is
 * staler than the newcomer. */
static bool make_room(struct gossip_table *t, uint64_t origin)
{
	struct gossip_node *victim = NULL;

	for (size_t i = 0; i < t->nslots; i++) {
		struct gossip_node *n = &t->slots[i];

		if (!n->id || n->id == t->self)
			continue;
		if (!victim || n->origin_ms < victim->origin_ms)
			victim = n;
	}
	if (!victim || victim->origin_ms >= origin)
		return false;
	fresh_remove(t, victim->id);
	slot_delete(t, victim);
	t->evicted++;
	return true;
}

enum gossip_result gossip_merge(struct gossip_table *t,
				const struct lvec_entry *e, uint64_t now_ms)
{
	struct gossip_node *n;
	enum gossip_result res = GOSSIP_UPDATED;
	uint64_t origin;

	if (e->node == t->self)
		return GOSSIP_SELF;
	origin = e->age_ms > now_ms ? 0 : now_ms - e->age_ms;
	n = gossip_find(t, e->node);
	if (n) {
		if (!newer(e, &n->v))
			return GOSSIP_STALE;
	} else {
		if (t->count >= t->cap && !make_room(t, origin))
			return GOSSIP_NOROOM;
		n = slot_insert(t, e->node);
		res = GOSSIP_NEW;
	}
	n->v = *e;
	n->v.age_ms = 0;
	/* A vector produced later cannot be older than the one it replaces;
	 * keep ages monotonic when path delays disagree by a few ms. */
	if (origin < n->origin_ms)
		origin = n->origin_ms;
	n->origin_ms = origin;
	n->heard_ms = now_ms;
	fresh_offer(t, n->id, origin);
	return res;
}

void gossip_forget(struct gossip_table *t, uint16_t id)
{
	struct gossip_node *n = gossip_find(t, id);

	if (!n || id == t->self)
		return;
	fresh_remove(t, id);
	slot_delete(t, n);
}

uint64_t gossip_age(const struct gossip_table *t, uint16_t id,
		    uint64_t now_ms)
{
	const struct gossip_node *n = gossip_find_const(t, id);

	if (!n)
		return UINT64_MAX;
	return now_ms > n->origin_ms ? now_ms - n->origin_ms : 0;
}

enum gossip_state gossip_state(const struct gossip_table *t, uint16_t id,
			       uint64_t now_ms)
{
	uint64_t age;

	if (id == t->self)
		return GOSSIP_S_SELF;
	age = gossip_age(t, id, now_ms);
	if (age == UINT64_MAX)
		return GOSSIP_S_UNKNOWN;
	return age > t->dead_after_ms ? GOSSIP_S_DEAD : GOSSIP_S_UP;
}

const char *gossip_strstate(enum gossip_state st)
{
	switch (st) {
	case GOSSIP_S_SELF:	return "self";
	case GOSSIP_S_UP:	return "up";
	case GOSSIP_S_DEAD:	return "dead";
	default:		return "unknown";
	}
}

static bool in_window(const struct lvec_entry *out, size_t n, uint16_t id)
{
	for (size_t i = 0; i < n; i++)
		if (out[i].node == id)
			return true;
	return false;
}

static void window_put(struct lvec_entry *out, size_t *n,
		       const struct gossip_node *g, uint64_t age)
{
	out[*n] = g->v;
	out[(*n)++].age_ms = age > UINT32_MAX ? UINT32_MAX : (uint32_t)age;
}

size_t gossip_window(const struct gossip_table *t, uint64_t now_ms,
		     uint64_t *rng, struct lvec_entry *out, size_t max)
{
	const struct gossip_node *self = gossip_find_const(t, t->self);
	size_t n = 0, fresh_max = max;

	if (!self || max == 0)
		return 0;
	out[n] = self->v;
	out[n++].age_ms = 0;
	/* Half the window for random live entries: freshest-only windows
	 * travel as a block (each node mostly forwards what it just got), so
	 * membership would spread far slower than the bandwidth allows. */
	if (rng && max > 2)
		fresh_max = 1 + (max - 1 + 1) / 2;
	for (size_t i = 0; i < t->nfresh && n < fresh_max; i++) {
		const struct gossip_node *g = gossip_find_const(t, t->fresh[i].id);
		uint64_t age;

		if (!g)
			continue;
		age = now_ms > g->origin_ms ? now_ms - g->origin_ms : 0;
		/* Never pass on what we would call dead ourselves: a silent
		 * node must not be kept alive by rumours about it. The list is
		 * newest first, so the rest is older still. */
		if (age > t->dead_after_ms)
			break;
		window_put(out, &n, g, age);
	}
	if (!rng)
		return n;
	/* Random probes, bounded so a sparse table costs little. */
	for (size_t tries = 0; n < max && tries < 4 * max; tries++) {
		size_t i = engine_rand_below(rng, (uint32_t)t->nslots);
		const struct gossip_node *g = &t->slots[i];
		uint64_t age;

		if (!g->id || g->id == t->self || in_window(out, n, g->id))
			continue;
		age = now_ms > g->origin_ms ? now_ms - g->origin_ms : 0;
		if (age > t->dead_after_ms)
			continue;
		window_put(out, &n, g, age);
	}
	return n;
}
