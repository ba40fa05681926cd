// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the admin-socket client's parsing of the daemon's answers
 * (userland/lib/adminc.c). The input is what the daemon sends back; it
 * goes through a socketpair into adminc_request(), the line reader, and
 * adminc_parse_node() for every line, exactly as adminc_get_nodes() does.
 * The whole input is also given to adminc_parse_node() as one line.
 *
 * Properties: a parsed node has an id in 1..65535, a NUL-terminated
 * address, util in 0..100, only known flags and a known state.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <hpc/admin.h>

#include "fuzz.h"

static void check_node(const struct adminc_node *n)
{
	FUZZ_CHECK(n->id >= 1 && n->id <= 65535, "id %u", n->id);
	FUZZ_CHECK(memchr(n->addr, '\0', sizeof(n->addr)) != NULL,
		   "address not terminated");
	FUZZ_CHECK(n->util >= 0 && n->util <= 100, "util %d", n->util);
	FUZZ_CHECK(!(n->flags & ~0xfu), "flags %#x", n->flags);
	FUZZ_CHECK(n->state <= ADMINC_DEAD, "state %d", n->state);
}

static int collect(const char *line, void *arg)
{
	struct adminc_node n;

	FUZZ_CHECK(strlen(line) <= ADMINC_LINE_MAX, "line of %zu bytes",
		   strlen(line));
	if (adminc_parse_node(line, &n))
		return 0;
	check_node(&n);
	return adminc_nodes_add(arg, &n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct adminc_nodes ns = { 0 };
	struct adminc_node n;
	char err[128], *line;
	int sv[2], ret;

	line = malloc(size + 1);
	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	if (adminc_parse_node(line, &n) == 0)
		check_node(&n);
	free(line);

	/* max_len keeps the input below the socket buffer: one write. */
	if (size > 64 * 1024)
		return 0;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		abort();
	if (size && write(sv[1], data, size) != (ssize_t)size)
		abort();
	shutdown(sv[1], SHUT_WR);
	ret = adminc_request(sv[0], "nodes", collect, &ns, err, sizeof(err));
	FUZZ_CHECK(ret == 0 || ret == -EPROTO || ret == -ECONNRESET ||
		   ret == -EMSGSIZE || ret == -ENOMEM,
		   "adminc_request returned %d", ret);
	if (ret == -EPROTO)
		FUZZ_CHECK(memchr(err, '\0', sizeof(err)) != NULL,
			   "error message not terminated");
	for (size_t i = 0; i < ns.n; i++)
		FUZZ_CHECK(adminc_nodes_find(&ns, ns.v[i].id) != NULL,
			   "node %u not found", ns.v[i].id);
	adminc_nodes_fini(&ns);
	close(sv[0]);
	close(sv[1]);
	return 0;
}
