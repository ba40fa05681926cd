// SPDX-License-Identifier: GPL-2.0
/*
 * Cluster map parser. The kernel has its own parser for the same format;
 * this one exists so that setpe can point at the offending line before the
 * map ever reaches the kernel, and so that tools can translate ids.
 */
#include <hpc/map.h>
#include <linux/hpc.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void map_init(struct map *m)
{
	memset(m, 0, sizeof(*m));
}

void map_fini(struct map *m)
{
	free(m->ranges);
	memset(m, 0, sizeof(*m));
}

static int map_fail(struct map_error *err, unsigned int line,
		    const char *fmt, ...)
{
	va_list ap;

	if (err) {
		err->line = line;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Strict unsigned decimal: digits only, no sign, no overflow past max. */
/* The longest field the kernel's parser takes (hpc/map.c). */
#define MAP_FIELD_MAX	23

static bool parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	unsigned long long v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return false;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > max)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

static int map_push(struct map *m, const struct map_range *r)
{
	if (m->nranges == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		struct map_range *n = realloc(m->ranges, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		m->ranges = n;
		m->cap = cap;
	}
	m->ranges[m->nranges++] = *r;
	return 0;
}

static void addr_str(uint32_t a, char *buf, size_t len)
{
	struct in_addr in = { .s_addr = htonl(a) };

	inet_ntop(AF_INET, &in, buf, (socklen_t)len);
}

/* Parse one line already stripped of its comment; 1 if it held a range. */
static int map_parse_line(char *s, unsigned int line, struct map_range *r,
			  struct map_error *err)
{
	char *tok[4];
	int ntok = 0;
	char *save = NULL;
	struct in_addr in;

	/* the kernel's parser separates fields by blanks and CR only */
	for (char *t = strtok_r(s, " \t\r", &save); t;
	     t = strtok_r(NULL, " \t\r", &save)) {
		if (ntok == 4)
			break;
		tok[ntok++] = t;
	}
	if (ntok == 0)
		return 0;
	if (ntok != 3)
		return map_fail(err, line,
				"expected 'first-id address count', found %d field%s",
				ntok == 4 ? 4 : ntok, ntok == 1 ? "" : "s");
	for (int i = 0; i < 3; i++)
		if (strlen(tok[i]) > MAP_FIELD_MAX)
			return map_fail(err, line, "field '%.16s...' is too long",
					tok[i]);
	if (!parse_u32(tok[0], UINT32_MAX, &r->first))
		return map_fail(err, line, "bad node id '%s'", tok[0]);
	if (r->first == 0)
		return map_fail(err, line, "node id 0 is reserved (ids start at 1)");
	if (r->first > MAP_ID_MAX)
		return map_fail(err, line, "node id %u is above %u",
				r->first, MAP_ID_MAX);
	if (inet_pton(AF_INET, tok[1], &in) != 1)
		return map_fail(err, line, "bad IPv4 address '%s'", tok[1]);
	r->addr = ntohl(in.s_addr);
	if (!parse_u32(tok[2], UINT32_MAX, &r->count))
		return map_fail(err, line, "bad count '%s'", tok[2]);
	if (r->count == 0)
		return map_fail(err, line, "count 0 describes no node");
	if ((uint64_t)r->first + r->count - 1 > MAP_ID_MAX)
		return map_fail(err, line, "ids %u-%llu go above %u", r->first,
				(unsigned long long)r->first + r->count - 1,
				MAP_ID_MAX);
	if ((uint64_t)r->addr + r->count - 1 > UINT32_MAX)
		return map_fail(err, line, "addresses from %s run past 255.255.255.255",
				tok[1]);
	r->line = line;
	return 1;
}

static int cmp_first(const void *a, const void *b)
{
	const struct map_range *x = a, *y = b;

	return (x->first > y->first) - (x->first < y->first);
}

static void ids_str(const struct map_range *r, char *buf, size_t len)
{
	if (r->count == 1)
		snprintf(buf, len, "id %u", r->first);
	else
		snprintf(buf, len, "ids %u-%u", r->first, r->first + r->count - 1);
}

static bool overlap(uint64_t a, uint64_t na, uint64_t b, uint64_t nb)
{
	return a < b + nb && b < a + na;
}

static int map_check_overlaps(const struct map *m, struct map_error *err)
{
	for (size_t i = 0; i < m->nranges; i++) {
		const struct map_range *r = &m->ranges[i];

		for (size_t j = 0; j < i; j++) {
			const struct map_range *p = &m->ranges[j];
			char a[INET_ADDRSTRLEN];

			char ra[32], pa[32];

			if (overlap(r->first, r->count, p->first, p->count)) {
				ids_str(r, ra, sizeof(ra));
				ids_str(p, pa, sizeof(pa));
				return map_fail(err, r->line,
						"%s overlap%s line %u (%s)", ra,
						r->count == 1 ? "s" : "",
						p->line, pa);
			}
			if (overlap(r->addr, r->count, p->addr, p->count)) {
				addr_str(r->addr, a, sizeof(a));
				return map_fail(err, r->line,
						"addresses from %s overlap line %u",
						a, p->line);
			}
		}
	}
	return 0;
}

int map_parse(struct map *m, const char *text, size_t len,
	      struct map_error *err)
{
	const char *p = text, *end = text + len;
	unsigned int line = 0;
	int ret;

	m->nranges = 0;
	if (err) {
		err->line = 0;
		err->msg[0] = '\0';
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char buf[1024], *hash;
		struct map_range r;

		line++;
		if (n >= sizeof(buf)) {
			ret = map_fail(err, line, "line too long");
			goto fail;
		}
		memcpy(buf, p, n);
		buf[n] = '\0';
		p += n + (nl ? 1 : 0);
		if (memchr(buf, '\0', n)) {
			ret = map_fail(err, line, "NUL byte in line");
			goto fail;
		}
		hash = strchr(buf, '#');
		if (hash)
			*hash = '\0';
		ret = map_parse_line(buf, line, &r, err);
		if (ret < 0)
			goto fail;
		if (ret == 1 && m->nranges == HPC_MAP_MAX_RANGES) {
			ret = map_fail(err, line, "more than %d ranges",
				       HPC_MAP_MAX_RANGES);
			goto fail;
		}
		if (ret == 1) {
			ret = map_push(m, &r);
			if (ret < 0) {
				map_fail(err, line, "out of memory");
				goto fail;
			}
		}
	}
	ret = map_check_overlaps(m, err);
	if (ret < 0)
		goto fail;
	if (m->nranges)
		qsort(m->ranges, m->nranges, sizeof(*m->ranges), cmp_first);
	return 0;
fail:
	m->nranges = 0;
	return ret;
}

int map_load(struct map *m, const char *path, struct map_error *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *buf;
	size_t len = 0;
	int ret;

	if (!f) {
		ret = -errno;
		map_fail(err, 0, "%s: %s", path, strerror(errno));
		return ret;
	}
	/* A map file holds at most a few thousand lines; 1 MiB is plenty. */
	buf = malloc(1 << 20);
	if (!buf) {
		ret = -ENOMEM;
		map_fail(err, 0, "out of memory");
		goto out;
	}
	len = fread(buf, 1, 1 << 20, f);
	if (ferror(f)) {
		ret = -EIO;
		map_fail(err, 0, "%s: read error", path);
	} else if (len == 1 << 20) {
		ret = -EFBIG;
		map_fail(err, 0, "%s: file too large for a cluster map", path);
	} else {
		ret = map_parse(m, buf, len, err);
	}
	free(buf);
out:
	if (f != stdin)
		fclose(f);
	return ret;
}

int map_id_to_addr(const struct map *m, uint32_t id, struct in_addr *addr)
{
	for (size_t i = 0; i < m->nranges; i++) {
		const struct map_range *r = &m->ranges[i];

		if (id >= r->first && id - r->first < r->count) {
			if (addr)
				addr->s_addr = htonl(r->addr + (id - r->first));
			return 0;
		}
	}
	return -ENOENT;
}

int map_addr_to_id(const struct map *m, struct in_addr addr, uint32_t *id)
{
	uint32_t a = ntohl(addr.s_addr);

	for (size_t i = 0; i < m->nranges; i++) {
		const struct map_range *r = &m->ranges[i];

		if (a >= r->addr && a - r->addr < r->count) {
			if (id)
				*id = r->first + (a - r->addr);
			return 0;
		}
	}
	return -ENOENT;
}

int map_copy(struct map *dst, const struct map *src)
{
	struct map_range *r = NULL;

	if (src->nranges) {
		r = malloc(src->nranges * sizeof(*r));
		if (!r)
			return -ENOMEM;
		memcpy(r, src->ranges, src->nranges * sizeof(*r));
	}
	map_fini(dst);
	dst->ranges = r;
	dst->nranges = dst->cap = src->nranges;
	return 0;
}

/* Does range r end just before (id, a)? */
static bool continued_by(const struct map_range *r, uint32_t id, uint32_t a)
{
	return (uint64_t)r->first + r->count == id &&
	       (uint64_t)r->addr + r->count == a;
}

int map_add(struct map *m, uint32_t id, struct in_addr addr)
{
	uint32_t a = ntohl(addr.s_addr);
	struct map_range r = { .first = id, .addr = a, .count = 1 };
	size_t i;
	int err;

	if (id == 0 || id > MAP_ID_MAX)
		return -EINVAL;
	if (!map_id_to_addr(m, id, NULL) || !map_addr_to_id(m, addr, NULL))
		return -EEXIST;
	/* Ranges are sorted by first id; i is where this one goes. Neither
	 * the id nor the address is taken, so growing a neighbour keeps
	 * the ranges apart. */
	for (i = 0; i < m->nranges && m->ranges[i].first < id; i++)
		;
	if (i > 0 && continued_by(&m->ranges[i - 1], id, a)) {
		m->ranges[i - 1].count++;
		if (i < m->nranges && continued_by(&m->ranges[i - 1],
						   m->ranges[i].first,
						   m->ranges[i].addr)) {
			m->ranges[i - 1].count += m->ranges[i].count;
			memmove(&m->ranges[i], &m->ranges[i + 1],
				(m->nranges - i - 1) * sizeof(r));
			m->nranges--;
		}
		return 0;
	}
	if (i < m->nranges && continued_by(&r, m->ranges[i].first,
					   m->ranges[i].addr)) {
		m->ranges[i].first = id;
		m->ranges[i].addr = a;
		m->ranges[i].count++;
		return 0;
	}
	if (m->nranges == HPC_MAP_MAX_RANGES)
		return -ENOSPC;
	err = map_push(m, &r);
	if (err)
		return err;
	memmove(&m->ranges[i + 1], &m->ranges[i],
		(m->nranges - 1 - i) * sizeof(r));
	m->ranges[i] = r;
	return 0;
}

size_t map_node_count(const struct map *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nranges; i++)
		n += m->ranges[i].count;
	return n;
}

uint32_t map_node_at(const struct map *m, size_t n)
{
	for (size_t i = 0; i < m->nranges; i++) {
		if (n < m->ranges[i].count)
			return m->ranges[i].first + (uint32_t)n;
		n -= m->ranges[i].count;
	}
	return 0;
}

char *map_format(const struct map *m)
{
	/* "65535 255.255.255.255 65535\n" is 28 bytes. */
	size_t cap = m->nranges * 32 + 1, off = 0;
	char *s = malloc(cap);

	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < m->nranges; i++) {
		char a[INET_ADDRSTRLEN];

		addr_str(m->ranges[i].addr, a, sizeof(a));
		off += (size_t)snprintf(s + off, cap - off, "%u %s %u\n",
					m->ranges[i].first, a,
					m->ranges[i].count);
	}
	return s;
}

void map_error_str(const struct map_error *err, char *buf, size_t len)
{
	if (err->line)
		snprintf(buf, len, "line %u: %s", err->line, err->msg);
	else
		snprintf(buf, len, "%s", err->msg);
}
