/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A node's view of the cluster: the freshest load vector it knows for each
 * node, merged from gossip (Documentation/balancer.rst, "Gossip").
 *
 * Freshness is the origin's (epoch, seq): a newer pair replaces an older
 * one whatever path it came by. Each entry remembers when, on this node's
 * clock, the vector was produced (receipt time minus the age the sender
 * reported), so ages add up along a gossip path and a node that falls
 * silent is seen as dead everywhere after the same time.
 *
 * The table has a fixed capacity: the daemon sizes it to the cluster map;
 * the simulator may make it smaller than the cluster, and then the stalest
 * entry gives way to a fresher one. No I/O and no clock reads: the caller
 * passes the time in.
 */
#ifndef HPC_GOSSIP_H
#define HPC_GOSSIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hpc/lvec.h>

/* Entries other than self a window can carry. */
#define GOSSIP_WINDOW_MAX	(LVEC_MAX_ENTRIES - 1)

struct gossip_node {
	uint16_t id;		/* 0: empty slot */
	uint64_t origin_ms;	/* our clock: when the vector was produced */
	uint64_t heard_ms;	/* our clock: when we took this version */
	struct lvec_entry v;	/* v.age_ms is not used in the table */
};

struct gossip_fresh {
	uint16_t id;
	uint64_t origin_ms;
};

struct gossip_table {
	struct gossip_node *slots;	/* open addressing, linear probing */
	size_t nslots;			/* power of two, >= 2 * cap */
	size_t cap;			/* most entries held, self included */
	size_t count;
	uint16_t self;
	uint32_t dead_after_ms;
	/* The freshest entries other than self, newest first: kept up to
	 * date on every merge so a window costs O(window), not O(nodes). */
	struct gossip_fresh fresh[GOSSIP_WINDOW_MAX];
	size_t nfresh;
	uint64_t evicted;		/* entries dropped to make room */
};

enum gossip_result {
	GOSSIP_NEW,		/* first vector from this node */
	GOSSIP_UPDATED,		/* newer than the one we had */
	GOSSIP_STALE,		/* not newer: ignored */
	GOSSIP_SELF,		/* about us: ignored, we know better */
	GOSSIP_NOROOM,		/* table full of fresher entries */
};

enum gossip_state {
	GOSSIP_S_UNKNOWN,	/* never heard of */
	GOSSIP_S_SELF,
	GOSSIP_S_UP,
	GOSSIP_S_DEAD,		/* silent for more than dead_after_ms */
};

/* 0, or -ENOMEM / -EINVAL (cap < 1 or self == 0). */
int gossip_init(struct gossip_table *t, uint16_t self, size_t cap,
		uint32_t dead_after_ms);
void gossip_fini(struct gossip_table *t);

struct gossip_node *gossip_find(struct gossip_table *t, uint16_t id);
const struct gossip_node *gossip_find_const(const struct gossip_table *t,
					    uint16_t id);

/* Install this node's own vector, produced now. */
void gossip_set_self(struct gossip_table *t, const struct lvec_entry *e,
		     uint64_t now_ms);

/* Merge one received entry, whose v.age_ms is its age when sent. */
enum gossip_result gossip_merge(struct gossip_table *t,
				const struct lvec_entry *e, uint64_t now_ms);

/* Drop a node (it left the cluster map). */
void gossip_forget(struct gossip_table *t, uint16_t id);

enum gossip_state gossip_state(const struct gossip_table *t, uint16_t id,
			       uint64_t now_ms);
const char *gossip_strstate(enum gossip_state st);

/* Age of a node's vector now, in ms (UINT64_MAX if unknown). */
uint64_t gossip_age(const struct gossip_table *t, uint16_t id,
		    uint64_t now_ms);

/*
 * What to send: our own vector first (age 0), then the freshest live
 * entries we know, each with its age now; with rng, the second half of the
 * window is live entries picked at random instead, which spreads
 * membership several times faster. Returns the number of entries written
 * (0 if self is not set yet).
 */
size_t gossip_window(const struct gossip_table *t, uint64_t now_ms,
		     uint64_t *rng, struct lvec_entry *out, size_t max);

/* Iterate: for (i = 0; i < t->nslots; i++) if (t->slots[i].id) ... */

#endif
