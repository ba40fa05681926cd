// SPDX-License-Identifier: GPL-2.0
/*
 * /proc interface helpers for the user tools. Each access opens, does one
 * read or write and closes, as the kernel files are one value each.
 */
#include <hpc/procfs.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *hpcfs_root(void)
{
	const char *r = getenv(HPCFS_ENV);

	return r && *r ? r : "/proc";
}

const char *hpcfs_path(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", hpcfs_root(), rel);
	return buf;
}

int hpcfs_check(void)
{
	char p[4096];
	struct stat st;

	if (stat(hpcfs_path(p, sizeof(p), "hpc"), &st) < 0 ||
	    !S_ISDIR(st.st_mode))
		return -ENOSYS;
	return 0;
}

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	size_t off = 0;
	int ret = 0;

	if (fd < 0)
		return -errno;
	while (off + 1 < len) {
		n = read(fd, buf + off, len - 1 - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		off += (size_t)n;
	}
	close(fd);
	if (ret)
		return ret;
	buf[off] = '\0';
	while (off && (buf[off - 1] == '\n' || buf[off - 1] == ' '))
		buf[--off] = '\0';
	return 0;
}

/* One write(2) of the whole value: the kernel parses it in one go. */
static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	size_t len = strlen(val);
	ssize_t n;
	int ret = 0;

	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != len)
		ret = -EIO;
	if (close(fd) < 0 && !ret)
		ret = -errno;
	return ret;
}

/* ENOENT from a file of ours means either no support or no such thing. */
static int explain_enoent(const char *parent)
{
	char p[4096];
	struct stat st;

	if (hpcfs_check() < 0)
		return -ENOSYS;
	if (parent && stat(hpcfs_path(p, sizeof(p), parent), &st) < 0)
		return -ESRCH;
	return -ENOSYS;
}

int hpcfs_admin_read(const char *name, char *buf, size_t len)
{
	char rel[256], p[4096];
	int ret;

	snprintf(rel, sizeof(rel), "hpc/admin/%s", name);
	ret = read_file(hpcfs_path(p, sizeof(p), rel), buf, len);
	return ret == -ENOENT ? explain_enoent(NULL) : ret;
}

int hpcfs_admin_write(const char *name, const char *val)
{
	char rel[256], p[4096];
	int ret;

	snprintf(rel, sizeof(rel), "hpc/admin/%s", name);
	ret = write_file(hpcfs_path(p, sizeof(p), rel), val);
	return ret == -ENOENT ? explain_enoent(NULL) : ret;
}

int hpcfs_admin_read_ulong(const char *name, unsigned long *val)
{
	char buf[64], *end;
	int ret = hpcfs_admin_read(name, buf, sizeof(buf));

	if (ret)
		return ret;
	errno = 0;
	*val = strtoul(buf, &end, 10);
	if (errno || end == buf || *end)
		return -EPROTO;
	return 0;
}

static void pid_rel(char *rel, size_t len, pid_t pid, const char *name)
{
	if (pid)
		snprintf(rel, len, "%d/%s", (int)pid, name);
	else
		snprintf(rel, len, "self/%s", name);
}

static int pid_errno(pid_t pid, int ret)
{
	char dir[32];

	if (ret != -ENOENT)
		return ret;
	if (pid)
		snprintf(dir, sizeof(dir), "%d", (int)pid);
	else
		snprintf(dir, sizeof(dir), "self");
	return explain_enoent(dir);
}

int hpcfs_pid_read(pid_t pid, const char *name, char *buf, size_t len)
{
	char rel[256], p[4096];

	pid_rel(rel, sizeof(rel), pid, name);
	return pid_errno(pid, read_file(hpcfs_path(p, sizeof(p), rel), buf, len));
}

int hpcfs_pid_write(pid_t pid, const char *name, const char *val)
{
	char rel[256], p[4096];

	pid_rel(rel, sizeof(rel), pid, name);
	return pid_errno(pid, write_file(hpcfs_path(p, sizeof(p), rel), val));
}

int hpcfs_parse_node(const char *s, uint32_t *id)
{
	unsigned long v = 0;

	if (!*s || strlen(s) > 5)
		return -EINVAL;
	for (const char *c = s; *c; c++) {
		if (*c < '0' || *c > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(*c - '0');
	}
	if (v == 0 || v > MAP_ID_MAX)
		return -EINVAL;
	*id = (uint32_t)v;
	return 0;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

int hpcfs_list_pids(pid_t **out, size_t *n)
{
	DIR *d = opendir(hpcfs_root());
	struct dirent *e;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		char *end;
		long v;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		v = strtol(e->d_name, &end, 10);
		if (*end || v <= 0)
			continue;
		if (*n == cap) {
			pid_t *p;

			cap = cap ? cap * 2 : 256;
			p = realloc(*out, cap * sizeof(*p));
			if (!p) {
				closedir(d);
				free(*out);
				*out = NULL;
				*n = 0;
				return -ENOMEM;
			}
			*out = p;
		}
		(*out)[(*n)++] = (pid_t)v;
	}
	closedir(d);
	qsort(*out, *n, sizeof(**out), cmp_pid);
	return 0;
}

int hpcfs_pid_where(pid_t pid, uint32_t *node)
{
	char buf[32];
	int ret = hpcfs_pid_read(pid, "where", buf, sizeof(buf));

	if (ret)
		return ret;
	/* 0 is a valid answer for an unconfigured node running at home. */
	if (!strcmp(buf, "0")) {
		*node = 0;
		return 0;
	}
	return hpcfs_parse_node(buf, node) ? -EPROTO : 0;
}

int hpcfs_map_read(struct map *m, struct map_error *err)
{
	char *buf = malloc(MAP_TEXT_MAX + 1);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = hpcfs_admin_read("config", buf, MAP_TEXT_MAX + 1);
	if (!ret)
		ret = map_parse(m, buf, strlen(buf), err);
	free(buf);
	return ret;
}

int hpcfs_map_write(const struct map *m)
{
	char *text = map_format(m);
	int ret;

	if (!text)
		return -ENOMEM;
	if (strlen(text) > MAP_TEXT_MAX)
		ret = -E2BIG;
	else	/* an empty write would not reach the parser */
		ret = hpcfs_admin_write("config", *text ? text : "\n");
	free(text);
	return ret;
}

int hpcfs_self_id(uint32_t *id)
{
	unsigned long v;
	int ret = hpcfs_admin_read_ulong("mospe", &v);

	if (ret)
		return ret;
	if (v == 0)
		return -ENOENT;
	if (v > MAP_ID_MAX)
		return -EPROTO;
	*id = (uint32_t)v;
	return 0;
}

int hpcfs_node_check(const char *arg, uint32_t *id)
{
	struct map m;
	struct map_error e;
	int ret;

	if (hpcfs_parse_node(arg, id))
		return -EINVAL;
	map_init(&m);
	ret = hpcfs_map_read(&m, &e);
	if (!ret)
		ret = map_id_to_addr(&m, *id, NULL);
	map_fini(&m);
	return ret;
}

const char *hpcfs_strerror(int err)
{
	switch (-err) {
	case ENOSYS:
		return "this kernel has no process migration support (no /proc/hpc)";
	case ESRCH:
		return "no such process";
	case EPERM:
	case EACCES:
		return "not permitted";
	case ENOENT:
		return "not in the cluster map";
	case EPROTO:
		return "unexpected contents in a /proc/hpc file";
	default:
		return strerror(-err);
	}
}
