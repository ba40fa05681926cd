/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Client of the balancer daemon's admin socket (Documentation/admin-socket.rst).
 * Functions return 0 or a negative errno; -ENOENT/-ECONNREFUSED from connect
 * mean the daemon is not running, -EPROTO means it answered "ERR ...".
 */
#ifndef HPC_ADMIN_H
#define HPC_ADMIN_H

#include <stddef.h>
#include <stdint.h>

#define ADMINC_ENV		"MOSIXD_SOCKET"
#define ADMINC_DEFAULT_PATH	"/run/mosixd.sock"
#define ADMINC_LINE_MAX		1024

enum adminc_state {
	ADMINC_UNKNOWN = 0,
	ADMINC_SELF,
	ADMINC_UP,
	ADMINC_DEAD,
};

#define ADMINC_F_BLOCKED	0x1u
#define ADMINC_F_QUIET		0x2u
#define ADMINC_F_STAY		0x4u
#define ADMINC_F_LSTAY		0x8u

/* One "node" line of the "nodes" answer. Missing keys stay 0. */
struct adminc_node {
	uint32_t id;
	char addr[16];
	enum adminc_state state;
	long load;		/* 100 = one CPU-bound process on a yardstick */
	long speed;		/* 1000 = yardstick */
	long ncpus;
	unsigned long long memtotal;	/* KiB */
	unsigned long long memfree;	/* KiB */
	int util;		/* percent */
	long guests;
	unsigned int flags;	/* ADMINC_F_* */
	long age;		/* ms since last heard */
};

struct adminc_nodes {
	struct adminc_node *v;
	size_t n, cap;
};

/* Called for each answer line (without newline) before the final ".". */
typedef int (*adminc_line_fn)(const char *line, void *arg);

/* Socket path: opt if given, else $MOSIXD_SOCKET, else the default. */
const char *adminc_socket_path(const char *opt);

/* Connect; returns a file descriptor or a negative errno. */
int adminc_connect(const char *path);
void adminc_close(int fd);

/* Send req (no newline) and feed every answer line to fn. An "ERR msg"
 * answer returns -EPROTO with msg copied to err. */
int adminc_request(int fd, const char *req, adminc_line_fn fn, void *arg,
		   char *err, size_t errlen);

/* Parse a "node <id> key=value ..." line. 0, or -EINVAL if it is not one. */
int adminc_parse_node(const char *line, struct adminc_node *n);

/* Append a parsed node; nodes_fini frees. */
int adminc_nodes_add(struct adminc_nodes *ns, const struct adminc_node *n);
void adminc_nodes_fini(struct adminc_nodes *ns);
const struct adminc_node *adminc_nodes_find(const struct adminc_nodes *ns,
					    uint32_t id);

/* Connect to path, ask "nodes", collect the answer. */
int adminc_get_nodes(const char *path, struct adminc_nodes *ns,
		     char *err, size_t errlen);

const char *adminc_state_name(enum adminc_state s);
/* "blocked,quiet" or "-" */
void adminc_flags_str(unsigned int flags, char *buf, size_t len);

/* Wording for an error from the functions above. */
const char *adminc_strerror(int err);

#endif
