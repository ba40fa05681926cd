// SPDX-License-Identifier: GPL-2.0
/*
 * The cluster key and the cluster map.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hpc/key.h>

#include "mosixd.h"

/* The key authenticates every load vector: hpc_key_load() refuses a key
 * file that others could read (and so forge with). */
int config_load_key(const char *path, struct lvec_key *key)
{
	return hpc_key_load(path, key);
}

int config_load_map(const char *path, struct map *m)
{
	struct map_error me;
	char msg[256];
	int err;

	err = map_load(m, path, &me);
	if (err) {
		map_error_str(&me, msg, sizeof(msg));
		log_warn("%s: %s", path, msg);
		return err;
	}
	if (map_node_count(m) == 0) {
		log_warn("%s: no nodes", path);
		return -EINVAL;
	}
	return 0;
}

/*
 * Make m the membership: nodes that left are forgotten, the view is
 * resized to the new cluster. On failure the old membership stays.
 */
static int install_members(struct map *m, uint64_t now)
{
	struct gossip_table nt;
	struct in_addr a;
	size_t n = map_node_count(m);
	int err;

	err = gossip_init(&nt, d.self, n, d.dead_after_ms);
	if (err)
		return err;
	/* Carry over what we knew about nodes still in the map. */
	if (d.view.slots) {
		for (size_t i = 0; i < d.view.nslots; i++) {
			struct gossip_node *g = &d.view.slots[i];
			struct gossip_node *ng;

			if (!g->id || map_id_to_addr(m, g->id, &a))
				continue;
			if (g->id == d.self) {
				gossip_set_self(&nt, &g->v, now);
				continue;
			}
			g->v.age_ms = (uint32_t)(now - g->origin_ms);
			gossip_merge(&nt, &g->v, now);
			ng = gossip_find(&nt, g->id);
			if (ng)
				ng->heard_ms = g->heard_ms;
		}
		gossip_fini(&d.view);
	}
	d.view = nt;
	map_fini(&d.map);
	d.map = *m;
	map_init(m);
	return 0;
}

/*
 * Install a freshly loaded map file. Discovered nodes it does not
 * contradict stay members (and stay in the kernel's map, which setpe -w
 * has just replaced if this is systemd's reload). On failure the old map
 * stays.
 */
int config_apply_map(struct map *m, uint64_t now)
{
	int err;

	if (map_id_to_addr(m, d.self, NULL)) {
		log_warn("node %u is not in the new map; keeping the old one",
			 d.self);
		return -ENOENT;
	}
	discover_merge(m);
	err = install_members(m, now);
	if (!err)
		kern_map_sync();
	return err;
}

/* One more member, found by discovery. */
int config_add_node(uint16_t id, struct in_addr addr, uint64_t now)
{
	struct map m;
	int err;

	map_init(&m);
	err = map_copy(&m, &d.map);
	if (!err)
		err = map_add(&m, id, addr);
	if (!err)
		err = install_members(&m, now);
	map_fini(&m);
	return err;
}
