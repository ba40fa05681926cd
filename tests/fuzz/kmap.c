// SPDX-License-Identifier: GPL-2.0
/*
 * Bridge from a user-space harness to hpc/map.c, compiled with the kernel
 * shim (tests/fuzz/kshim) like hpc/map.c itself.
 */
#include <stdio.h>
#include "../../hpc/map.h"
#include "kmap.h"

int kmap_parse(const char *text, size_t len, struct kmap_range **ranges,
	       unsigned int *nr, unsigned int *bad_line)
{
	struct hpc_map *map;
	struct kmap_range *r;
	unsigned int i, nodes = 0;
	int err;

	*ranges = NULL;
	*nr = 0;
	err = hpc_map_parse(text, len, &map, bad_line);
	if (err) {
		if (map)
			abort();	/* must be NULL on error */
		return err;
	}
	if (map->nr > HPC_MAP_MAX_RANGES)
		abort();
	r = malloc(sizeof(*r) * (map->nr ? map->nr : 1));
	if (!r)
		abort();
	for (i = 0; i < map->nr; i++) {
		const struct hpc_map_range *m = &map->range[i];
		u16 last = m->first + m->count - 1;
		u32 addr;

		r[i].first = m->first;
		r[i].count = m->count;
		r[i].addr = m->addr;
		nodes += m->count;
		/* the lookups the transport uses agree with the ranges */
		if (!hpc_map_addr_of(map, last, &addr) ||
		    addr != m->addr + m->count - 1 ||
		    hpc_map_id_of(map, addr) != last ||
		    !hpc_map_contains(map, m->first)) {
			fprintf(stderr, "kmap: lookups disagree with range %u\n", i);
			abort();
		}
	}
	if (hpc_map_nodes(map) != nodes)
		abort();
	*ranges = r;
	*nr = map->nr;
	kfree(map);
	return 0;
}
