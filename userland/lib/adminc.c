// SPDX-License-Identifier: GPL-2.0
/*
 * Admin socket client: one request line out, "key=value" lines back until a
 * lone ".". Lines are bounded (ADMINC_LINE_MAX) and unknown keys ignored, as
 * the protocol asks.
 */
#include <hpc/admin.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

const char *adminc_socket_path(const char *opt)
{
	const char *e;

	if (opt && *opt)
		return opt;
	e = getenv(ADMINC_ENV);
	return e && *e ? e : ADMINC_DEFAULT_PATH;
}

int adminc_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	/* A wedged daemon must not hang a shell script forever. */
	struct timeval tv = { .tv_sec = 5 };
	int fd, ret;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}

void adminc_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

static int send_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t n = send(fd, s, len, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

struct reader {
	int fd;
	char buf[4096];
	size_t start, end;
};

/* Next line into out (NUL-terminated, no newline): 1, 0 at EOF, -errno. */
static int read_line(struct reader *r, char *out, size_t outlen)
{
	for (;;) {
		char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		ssize_t n;

		if (nl) {
			size_t len = (size_t)(nl - (r->buf + r->start));

			if (len >= outlen)
				return -EMSGSIZE;
			memcpy(out, r->buf + r->start, len);
			out[len] = '\0';
			r->start += len + 1;
			return 1;
		}
		if (r->end - r->start > ADMINC_LINE_MAX)
			return -EMSGSIZE;
		if (r->start) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		n = recv(r->fd, r->buf + r->end, sizeof(r->buf) - r->end, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		}
		if (n == 0)
			return 0;
		r->end += (size_t)n;
	}
}

int adminc_request(int fd, const char *req, adminc_line_fn fn, void *arg,
		   char *err, size_t errlen)
{
	struct reader *r;
	char line[ADMINC_LINE_MAX + 1];
	char *out;
	size_t len = strlen(req);
	int ret;

	if (err && errlen)
		err[0] = '\0';
	if (memchr(req, '\n', len))
		return -EINVAL;
	out = malloc(len + 2);
	r = calloc(1, sizeof(*r));
	if (!out || !r) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(out, req, len);
	out[len] = '\n';
	ret = send_all(fd, out, len + 1);
	if (ret)
		goto out;
	r->fd = fd;
	for (;;) {
		ret = read_line(r, line, sizeof(line));
		if (ret == 0) {
			ret = -ECONNRESET;	/* closed before "." */
			break;
		}
		if (ret < 0)
			break;
		if (!strcmp(line, ".")) {
			ret = 0;
			break;
		}
		if (!strncmp(line, "ERR", 3) && (line[3] == ' ' || !line[3])) {
			if (err && errlen)
				snprintf(err, errlen, "%s", line[3] ? line + 4 : "error");
			/* drain up to the terminating "." */
			while (read_line(r, line, sizeof(line)) > 0 &&
			       strcmp(line, "."))
				;
			ret = -EPROTO;
			break;
		}
		if (fn) {
			ret = fn(line, arg);
			if (ret)
				break;
		}
	}
out:
	free(out);
	free(r);
	return ret;
}

static int parse_long(const char *s, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return errno || end == s || *end ? -EINVAL : 0;
}

static int parse_ull(const char *s, unsigned long long *v)
{
	char *end;

	if (*s == '-')
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || end == s || *end ? -EINVAL : 0;
}

static unsigned int parse_flags(const char *s)
{
	static const struct { const char *name; unsigned int bit; } names[] = {
		{ "blocked", ADMINC_F_BLOCKED }, { "quiet", ADMINC_F_QUIET },
		{ "stay", ADMINC_F_STAY }, { "lstay", ADMINC_F_LSTAY },
	};
	unsigned int f = 0;

	while (*s) {
		size_t n = strcspn(s, ",");

		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == n &&
			    !strncmp(s, names[i].name, n))
				f |= names[i].bit;
		s += n;
		if (*s == ',')
			s++;
	}
	return f;
}

static enum adminc_state parse_state(const char *s)
{
	if (!strcmp(s, "self"))
		return ADMINC_SELF;
	if (!strcmp(s, "up"))
		return ADMINC_UP;
	if (!strcmp(s, "dead"))
		return ADMINC_DEAD;
	return ADMINC_UNKNOWN;
}

static int node_set(struct adminc_node *n, const char *key, const char *val)
{
	long l;
	int ret = 0;

	if (!strcmp(key, "addr")) {
		if (strlen(val) >= sizeof(n->addr))
			return -EINVAL;
		strcpy(n->addr, val);
	} else if (!strcmp(key, "state")) {
		n->state = parse_state(val);
	} else if (!strcmp(key, "load")) {
		ret = parse_long(val, &n->load);
	} else if (!strcmp(key, "speed")) {
		ret = parse_long(val, &n->speed);
	} else if (!strcmp(key, "ncpus")) {
		ret = parse_long(val, &n->ncpus);
	} else if (!strcmp(key, "memtotal")) {
		ret = parse_ull(val, &n->memtotal);
	} else if (!strcmp(key, "memfree")) {
		ret = parse_ull(val, &n->memfree);
	} else if (!strcmp(key, "util")) {
		ret = parse_long(val, &l);
		if (!ret && (l < 0 || l > 100))
			ret = -EINVAL;
		n->util = (int)l;
	} else if (!strcmp(key, "guests")) {
		ret = parse_long(val, &n->guests);
	} else if (!strcmp(key, "flags")) {
		n->flags = parse_flags(val);
	} else if (!strcmp(key, "age")) {
		ret = parse_long(val, &n->age);
	}
	/* unknown keys are ignored: forward compatibility */
	return ret;
}

int adminc_parse_node(const char *line, struct adminc_node *n)
{
	char buf[ADMINC_LINE_MAX + 1], *save = NULL, *tok;
	long id;

	memset(n, 0, sizeof(*n));
	if (strlen(line) > ADMINC_LINE_MAX)
		return -EINVAL;
	strcpy(buf, line);
	tok = strtok_r(buf, " ", &save);
	if (!tok || strcmp(tok, "node"))
		return -EINVAL;
	tok = strtok_r(NULL, " ", &save);
	if (!tok || parse_long(tok, &id) || id < 1 || id > 65535)
		return -EINVAL;
	n->id = (uint32_t)id;
	while ((tok = strtok_r(NULL, " ", &save))) {
		char *eq = strchr(tok, '=');

		if (!eq)
			return -EINVAL;
		*eq = '\0';
		if (node_set(n, tok, eq + 1))
			return -EINVAL;
	}
	return 0;
}

int adminc_nodes_add(struct adminc_nodes *ns, const struct adminc_node *n)
{
	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 32;
		struct adminc_node *v = realloc(ns->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		ns->v = v;
		ns->cap = cap;
	}
	ns->v[ns->n++] = *n;
	return 0;
}

void adminc_nodes_fini(struct adminc_nodes *ns)
{
	free(ns->v);
	memset(ns, 0, sizeof(*ns));
}

const struct adminc_node *adminc_nodes_find(const struct adminc_nodes *ns,
					    uint32_t id)
{
	for (size_t i = 0; i < ns->n; i++)
		if (ns->v[i].id == id)
			return &ns->v[i];
	return NULL;
}

static int collect_node(const char *line, void *arg)
{
	struct adminc_node n;

	/* A line we cannot read is skipped rather than failing the whole
	 * answer: a newer daemon may send lines we do not know. */
	if (adminc_parse_node(line, &n))
		return 0;
	return adminc_nodes_add(arg, &n);
}

int adminc_get_nodes(const char *path, struct adminc_nodes *ns,
		     char *err, size_t errlen)
{
	int fd = adminc_connect(path), ret;

	if (fd < 0)
		return fd;
	ret = adminc_request(fd, "nodes", collect_node, ns, err, errlen);
	adminc_close(fd);
	return ret;
}

const char *adminc_state_name(enum adminc_state s)
{
	switch (s) {
	case ADMINC_SELF: return "self";
	case ADMINC_UP: return "up";
	case ADMINC_DEAD: return "dead";
	default: return "unknown";
	}
}

void adminc_flags_str(unsigned int flags, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s",
		 flags & ADMINC_F_BLOCKED ? "blocked," : "",
		 flags & ADMINC_F_QUIET ? "quiet," : "",
		 flags & ADMINC_F_STAY ? "stay," : "",
		 flags & ADMINC_F_LSTAY ? "lstay," : "");
	if (!buf[0])
		snprintf(buf, len, "-");
	else
		buf[strlen(buf) - 1] = '\0';
}

const char *adminc_strerror(int err)
{
	switch (-err) {
	case ENOENT:
	case ECONNREFUSED:
		return "daemon not running";
	case EACCES:
	case EPERM:
		return "not permitted";
	case ETIMEDOUT:
		return "daemon did not answer in time";
	case ECONNRESET:
		return "daemon closed the connection";
	case EMSGSIZE:
		return "answer line too long";
	default:
		return strerror(-err);
	}
}
