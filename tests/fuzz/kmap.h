/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's map parser seen from a user-space harness: kmap.c is built
 * with the kernel shim and hpc/map.h; the harness only sees this.
 */
#ifndef HPC_FUZZ_KMAP_H
#define HPC_FUZZ_KMAP_H

#include <stddef.h>
#include <stdint.h>

struct kmap_range {
	uint32_t first, count, addr;	/* addr in host byte order */
};

/*
 * hpc_map_parse() on text; on success *ranges (malloc()ed, free() it)
 * holds its *nr ranges in map order, after hpc_map_addr_of() and
 * hpc_map_id_of() were checked against each of them.
 */
int kmap_parse(const char *text, size_t len, struct kmap_range **ranges,
	       unsigned int *nr, unsigned int *bad_line);

#endif
