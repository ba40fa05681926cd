/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cluster map and node identity (map.c). Kept apart from internal.h so
 * the pure parser also builds in user space (tests/fuzz) with few shims.
 */
#ifndef _HPC_MAP_H
#define _HPC_MAP_H

#include <linux/types.h>
#include <linux/rcupdate.h>
#include <uapi/linux/hpc.h>

/*
 * The cluster map: nodes first..first+count-1 have the consecutive IPv4
 * addresses addr..addr+count-1 (openMosix's "first-id address count").
 * A map is immutable once published; a write installs a new one.
 */
struct hpc_map_range {
	u16 first;
	u16 count;
	u32 addr;		/* host byte order, so ranges are easy to add */
};

struct hpc_map {
	struct rcu_head rcu;
	unsigned int nr;
	struct hpc_map_range range[];
};

/* map.c */
int hpc_map_parse(const char *text, size_t len, struct hpc_map **mapp,
		  unsigned int *bad_line);
bool hpc_map_addr_of(const struct hpc_map *map, u16 id, u32 *addr);
u16 hpc_map_id_of(const struct hpc_map *map, u32 addr);
bool hpc_map_contains(const struct hpc_map *map, u16 id);
unsigned int hpc_map_nodes(const struct hpc_map *map);

int hpc_config_install(struct hpc_map *map);
int hpc_config_set_node(u16 id);
struct hpc_map *hpc_config_map(void);	/* caller holds rcu_read_lock() */

#endif /* _HPC_MAP_H */
