/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cluster map: openMosix's "first-id address count" text format.
 *
 * One range per line: nodes first-id .. first-id+count-1 have consecutive
 * IPv4 addresses starting at address. '#' starts a comment. Ids are 1..65535.
 * Ranges may not overlap in ids or in addresses.
 */
#ifndef HPC_MAP_H
#define HPC_MAP_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define MAP_ID_MAX	65535u
/* The kernel takes the whole map in one write of at most this many bytes. */
#define MAP_TEXT_MAX	65536u

struct map_range {
	uint32_t first;		/* first node id */
	uint32_t addr;		/* first IPv4 address, host byte order */
	uint32_t count;		/* number of nodes, >= 1 */
	unsigned int line;	/* source line, for error messages */
};

struct map {
	struct map_range *ranges;	/* sorted by first id after parse */
	size_t nranges;
	size_t cap;
};

struct map_error {
	unsigned int line;	/* 0 when the error is not about one line */
	char msg[192];
};

void map_init(struct map *m);
void map_fini(struct map *m);

/* Parse text (not necessarily NUL-terminated). On error the map is left
 * empty, err says why and on which line; returns -EINVAL (or -ENOMEM). */
int map_parse(struct map *m, const char *text, size_t len,
	      struct map_error *err);

/* dst becomes a copy of src (what dst held is freed); 0 or -ENOMEM. */
int map_copy(struct map *dst, const struct map *src);

/* Add one node, joining the range it continues if there is one. 0, or
 * -EINVAL (id not 1..MAP_ID_MAX), -EEXIST (the id or the address is taken),
 * -ENOSPC (already HPC_MAP_MAX_RANGES ranges), -ENOMEM. */
int map_add(struct map *m, uint32_t id, struct in_addr addr);

/* Read and parse a file; path "-" is standard input. */
int map_load(struct map *m, const char *path, struct map_error *err);

/* 0 and *addr set if id is in the map, -ENOENT otherwise. */
int map_id_to_addr(const struct map *m, uint32_t id, struct in_addr *addr);
/* 0 and *id set if addr is in the map, -ENOENT otherwise. */
int map_addr_to_id(const struct map *m, struct in_addr addr, uint32_t *id);

/* Number of nodes the map describes. */
size_t map_node_count(const struct map *m);
/* The n-th node id in increasing order (n < map_node_count()). */
uint32_t map_node_at(const struct map *m, size_t n);

/* The map in normalised text form, one "first address count" line per
 * range ordered by id; malloc()ed, NULL on allocation failure. */
char *map_format(const struct map *m);

/* "line 3: message" or "message" into buf. */
void map_error_str(const struct map_error *err, char *buf, size_t len);

#endif
