// SPDX-License-Identifier: GPL-2.0
/*
 * mmon's data sources: the balancer's admin socket, or a snapshot file in
 * the same "node ..." line format (re-read at every refresh, so a test can
 * change it under a running mmon).
 */
#include "mmon.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct path_ctx {
	char *path;
};

static int socket_fetch(void *ctx, struct adminc_nodes *out, char *err,
			size_t len)
{
	struct path_ctx *c = ctx;
	struct adminc_nodes ns = { 0 };
	char e[256];
	int ret = adminc_get_nodes(c->path, &ns, e, sizeof(e));

	if (ret) {
		if (ret == -EPROTO)
			snprintf(err, len, "balancer error: %s", e);
		else
			snprintf(err, len, "%s: %s", c->path, adminc_strerror(ret));
		adminc_nodes_fini(&ns);
		return ret;
	}
	adminc_nodes_fini(out);
	*out = ns;
	return 0;
}

int mmon_parse_nodes(const char *text, struct adminc_nodes *out)
{
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, "\n");
		char line[ADMINC_LINE_MAX + 1];
		struct adminc_node node;

		if (n <= ADMINC_LINE_MAX) {
			memcpy(line, p, n);
			line[n] = '\0';
			if (!strcmp(line, "."))
				break;
			/* lines that are not nodes are skipped, as the socket
			 * client does */
			if (!adminc_parse_node(line, &node) &&
			    adminc_nodes_add(out, &node))
				return -ENOMEM;
		}
		p += n;
		if (*p)
			p++;
	}
	return 0;
}

static int file_fetch(void *ctx, struct adminc_nodes *out, char *err,
		      size_t len)
{
	struct path_ctx *c = ctx;
	struct adminc_nodes ns = { 0 };
	FILE *f = fopen(c->path, "r");
	char *buf;
	size_t n;
	int ret;

	if (!f) {
		ret = -errno;
		snprintf(err, len, "%s: %s", c->path, strerror(errno));
		return ret;
	}
	buf = malloc(1 << 20);
	if (!buf) {
		fclose(f);
		return -ENOMEM;
	}
	n = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	buf[n] = '\0';
	ret = mmon_parse_nodes(buf, &ns);
	free(buf);
	if (ret) {
		adminc_nodes_fini(&ns);
		snprintf(err, len, "out of memory");
		return ret;
	}
	adminc_nodes_fini(out);
	*out = ns;
	return 0;
}

static void path_close(void *ctx)
{
	struct path_ctx *c = ctx;

	free(c->path);
	free(c);
}

static const struct mmon_source_ops socket_ops = {
	.fetch = socket_fetch,
	.close = path_close,
};

static const struct mmon_source_ops file_ops = {
	.fetch = file_fetch,
	.close = path_close,
};

static int path_source(struct mmon_source *s, const struct mmon_source_ops *ops,
		       const char *path)
{
	struct path_ctx *c = calloc(1, sizeof(*c));

	if (!c || !(c->path = strdup(path))) {
		free(c);
		return -ENOMEM;
	}
	s->ops = ops;
	s->ctx = c;
	s->desc = c->path;
	return 0;
}

int mmon_source_socket(struct mmon_source *s, const char *path)
{
	return path_source(s, &socket_ops, path);
}

int mmon_source_file(struct mmon_source *s, const char *path)
{
	return path_source(s, &file_ops, path);
}

void mmon_source_close(struct mmon_source *s)
{
	if (s->ops)
		s->ops->close(s->ctx);
	s->ops = NULL;
}
