// SPDX-License-Identifier: GPL-2.0-only
/*
 * Node identity and the cluster map.
 *
 * The map is text in openMosix's format, one range per line:
 *
 *	first-id  address  count
 *
 * The parser is pure (no globals, no locks) so KUnit can drive it; the
 * installed map is published with RCU.
 */
#define pr_fmt(fmt) "hpc: " fmt

#include <linux/ctype.h>
#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/hpc.h>
#include "map.h"

/*
 * hpc_config_mutex serialises writers of the map and the node id (the
 * /proc/hpc/admin writes). Readers of the map use RCU; readers of the id
 * use READ_ONCE().
 */
static DEFINE_MUTEX(hpc_config_mutex);
static struct hpc_map __rcu *hpc_cluster_map;
static u16 hpc_this_node;

static const char *skip_blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p;
}

/* Copy the next blank-separated token of [p, end) into buf. */
static const char *next_token(const char *p, const char *end, char *buf,
			      size_t size, bool *too_long)
{
	size_t n = 0;

	p = skip_blank(p, end);
	while (p < end && *p != ' ' && *p != '\t' && *p != '\r') {
		if (n + 1 < size)
			buf[n] = *p;
		else
			*too_long = true;
		n++;
		p++;
	}
	buf[min(n, size - 1)] = '\0';
	return p;
}

/*
 * Four decimal octets without leading zeros: in4_pton() would read "010"
 * as ten where other parsers read eight, and stop quietly at a ':'.
 */
static bool valid_dotted_quad(const char *s)
{
	int octets = 0, digits = 0;

	for (;; s++) {
		if (isdigit(*s)) {
			if (digits == 1 && s[-1] == '0')
				return false;
			if (++digits > 3)
				return false;
		} else if ((*s == '.' || !*s) && digits) {
			octets++;
			digits = 0;
			if (!*s)
				return octets == 4;
		} else {
			return false;
		}
	}
}

static int parse_range(const char *line, const char *end,
		       struct hpc_map_range *r)
{
	char tok[3][24];
	bool too_long = false;
	const char *p = line, *rest;
	unsigned int first, count;
	__be32 addr;
	int i;

	for (i = 0; i < 3; i++) {
		p = next_token(p, end, tok[i], sizeof(tok[i]), &too_long);
		if (!tok[i][0] || too_long)
			return -EINVAL;
	}
	if (skip_blank(p, end) != end)
		return -EINVAL;		/* trailing garbage */
	/* plain decimal only: kstrtouint() alone would accept a '+' sign */
	if (!isdigit(tok[0][0]) || !isdigit(tok[2][0]) ||
	    kstrtouint(tok[0], 10, &first) || kstrtouint(tok[2], 10, &count))
		return -EINVAL;
	if (!valid_dotted_quad(tok[1]) ||
	    !in4_pton(tok[1], -1, (u8 *)&addr, '\0', &rest) || *rest)
		return -EINVAL;
	if (first < 1 || count < 1 || first > HPC_MAX_NODE_ID ||
	    count > HPC_MAX_NODE_ID - first + 1)
		return -EINVAL;
	r->first = first;
	r->count = count;
	r->addr = be32_to_cpu(addr);
	if ((u64)r->addr + count - 1 > U32_MAX)
		return -EINVAL;		/* addresses would wrap */
	return 0;
}

static bool ranges_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/**
 * hpc_map_parse() - parse a cluster map
 * @text: the map text, not necessarily NUL-terminated
 * @len: its length
 * @mapp: where to store the new map (kfree() it, or install it)
 * @bad_line: set to the 1-based line number of the first error
 *
 * Blank lines and '#' comments are ignored. Ranges may not overlap in ids
 * or in addresses.
 *
 * Return: 0, -EINVAL for a malformed map, -E2BIG for too many ranges,
 * -ENOMEM.
 */
int hpc_map_parse(const char *text, size_t len, struct hpc_map **mapp,
		  unsigned int *bad_line)
{
	const char *p = text, *end = text + len;
	struct hpc_map *map;
	unsigned int line = 0, i;
	int err;

	*mapp = NULL;
	*bad_line = 0;
	map = kzalloc(struct_size(map, range, HPC_MAP_MAX_RANGES), GFP_KERNEL);
	if (!map)
		return -ENOMEM;

	while (p < end) {
		const char *eol = memchr(p, '\n', end - p);
		const char *hash, *stop = eol ? eol : end;
		struct hpc_map_range r;

		line++;
		/* a NUL byte anywhere, comments included, is malformed */
		if (memchr(p, '\0', stop - p)) {
			err = -EINVAL;
			goto bad;
		}
		if (stop - p > HPC_MAP_MAX_LINE) {
			err = -EINVAL;
			goto bad;
		}
		hash = memchr(p, '#', stop - p);
		if (hash)
			stop = hash;
		if (skip_blank(p, stop) == stop)
			goto next;
		if (map->nr == HPC_MAP_MAX_RANGES) {
			err = -E2BIG;
			goto bad;
		}
		err = parse_range(p, stop, &r);
		if (err)
			goto bad;
		for (i = 0; i < map->nr; i++) {
			const struct hpc_map_range *o = &map->range[i];

			if (ranges_overlap(r.first, r.count, o->first, o->count) ||
			    ranges_overlap(r.addr, r.count, o->addr, o->count)) {
				err = -EINVAL;
				goto bad;
			}
		}
		map->range[map->nr++] = r;
next:
		p = eol ? eol + 1 : end;
	}
	*mapp = map;
	return 0;
bad:
	*bad_line = line;
	kfree(map);
	return err;
}

/**
 * hpc_map_addr_of() - the IPv4 address of a node
 * @map: a map
 * @id: the node id
 * @addr: set to the address, host byte order
 *
 * Return: true if @id is in @map.
 */
bool hpc_map_addr_of(const struct hpc_map *map, u16 id, u32 *addr)
{
	unsigned int i;

	for (i = 0; map && i < map->nr; i++) {
		const struct hpc_map_range *r = &map->range[i];

		if (id >= r->first && id - r->first < r->count) {
			*addr = r->addr + (id - r->first);
			return true;
		}
	}
	return false;
}

/**
 * hpc_map_id_of() - the node id that owns an IPv4 address
 * @map: a map
 * @addr: the address, host byte order
 *
 * Return: the node id, 0 if the address is not in @map.
 */
u16 hpc_map_id_of(const struct hpc_map *map, u32 addr)
{
	unsigned int i;

	for (i = 0; map && i < map->nr; i++) {
		const struct hpc_map_range *r = &map->range[i];

		if (addr >= r->addr && addr - r->addr < r->count)
			return r->first + (addr - r->addr);
	}
	return 0;
}

/**
 * hpc_map_contains() - is a node id in the map?
 * @map: a map, may be NULL
 * @id: the node id
 */
bool hpc_map_contains(const struct hpc_map *map, u16 id)
{
	u32 addr;

	return hpc_map_addr_of(map, id, &addr);
}

/**
 * hpc_map_nodes() - how many nodes a map names
 * @map: a map, may be NULL
 */
unsigned int hpc_map_nodes(const struct hpc_map *map)
{
	unsigned int i, n = 0;

	for (i = 0; map && i < map->nr; i++)
		n += map->range[i].count;
	return n;
}

/**
 * hpc_config_map() - the installed cluster map
 *
 * Context: caller holds rcu_read_lock().
 * Return: the map, or NULL when none is installed.
 */
struct hpc_map *hpc_config_map(void)
{
	return rcu_dereference(hpc_cluster_map);
}

/**
 * hpc_config_install() - publish a new cluster map
 * @map: a map from hpc_map_parse(); ownership passes to this function
 *
 * If this node's id is not in the new map, the node becomes unconfigured.
 *
 * Return: 0.
 */
int hpc_config_install(struct hpc_map *map)
{
	struct hpc_map *old;

	mutex_lock(&hpc_config_mutex);
	old = rcu_replace_pointer(hpc_cluster_map, map,
				  lockdep_is_held(&hpc_config_mutex));
	if (!hpc_map_contains(map, hpc_this_node))
		WRITE_ONCE(hpc_this_node, 0);
	mutex_unlock(&hpc_config_mutex);
	if (old)
		kfree_rcu(old, rcu);
	pr_info("cluster map installed: %u nodes in %u ranges\n",
		hpc_map_nodes(map), map ? map->nr : 0);
	return 0;
}

/**
 * hpc_config_set_node() - set this node's id
 * @id: a node id of the installed map, or 0 to unconfigure
 *
 * Return: 0, or -EINVAL if @id is not in the installed map.
 */
int hpc_config_set_node(u16 id)
{
	int err = 0;

	mutex_lock(&hpc_config_mutex);
	if (id && !hpc_map_contains(rcu_dereference_protected(hpc_cluster_map,
			lockdep_is_held(&hpc_config_mutex)), id))
		err = -EINVAL;
	else
		WRITE_ONCE(hpc_this_node, id);
	mutex_unlock(&hpc_config_mutex);
	if (!err)
		pr_info("this is node %u\n", id);
	return err;
}

u16 hpc_node_id(void)
{
	return READ_ONCE(hpc_this_node);
}
