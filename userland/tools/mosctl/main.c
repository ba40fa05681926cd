// SPDX-License-Identifier: GPL-2.0
/*
 * mosctl: switch this node's migration flags, translate node ids, and read
 * the numbers the balancer knows about any node.
 */
#include "mosctl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpc/admin.h>
#include <hpc/key.h>
#include <hpc/map.h>
#include <hpc/procfs.h>

#include "../common/tool.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mosctl [-S socket] command [arg]\n"
		"  stay | nostay      forbid/allow automatic migration of local processes\n"
		"  lstay | nolstay    keep local processes here, still accept guests\n"
		"  block | noblock    refuse/accept guest processes\n"
		"  quiet | noquiet    stop/resume exchanging load information\n"
		"  expel              send all guests back to their homes\n"
		"  bring              bring all local processes back home\n"
		"  whois [id|addr]    this node's id, a node's address, or an address's id\n"
		"  getload [node]     load (100 = one CPU-bound process on a yardstick CPU)\n"
		"  getspeed [node]    speed (1000 = yardstick)\n"
		"  getmem [node]      total memory, KiB\n"
		"  getfree [node]     free memory, KiB\n"
		"  getutil [node]     CPU utilisation, percent\n"
		"  setspeed N         set this node's speed\n"
		"  status [node]      flags and state of a node\n"
		"  isup node          exit 0 if the node is up, 1 if not\n"
		"  stats              migration channel and balancer counters\n"
		"  setkey [file]      give the kernel the cluster key (default %s)\n"
		"  encrypt | noencrypt  seal migration traffic (default) / only\n"
		"                     sign it (in clear), for a trusted LAN\n"
		"The balancer socket is $MOSIXD_SOCKET or %s.\n",
		HPC_KEY_FILE, ADMINC_DEFAULT_PATH);
}

static int read_map(struct map *m)
{
	struct map_error e;
	char msg[256];
	int ret = hpcfs_map_read(m, &e);

	if (ret == -EINVAL) {
		map_error_str(&e, msg, sizeof(msg));
		tool_err("cannot parse the installed map: %s", msg);
	} else if (ret) {
		tool_procfs_err("reading the cluster map", ret);
	}
	return ret;
}

/* A node argument, or this node when arg is NULL. */
static int resolve_node(const char *arg, uint32_t *id)
{
	int ret;

	if (!arg) {
		ret = hpcfs_self_id(id);
		if (ret == -ENOENT)
			tool_err("this node is not configured (run setpe -w)");
		else if (ret)
			tool_procfs_err("reading this node's id", ret);
		return ret ? -1 : 0;
	}
	ret = hpcfs_node_check(arg, id);
	if (ret == -EINVAL) {
		tool_err("'%s' is not a node id (1-65535)", arg);
		return -1;
	}
	if (ret == -ENOENT) {
		tool_unknown_node(arg);
		return -1;
	}
	if (ret) {
		tool_procfs_err("reading the cluster map", ret);
		return -1;
	}
	return 0;
}

static int whois(const char *arg)
{
	struct map m;
	struct in_addr a;
	uint32_t id;
	int rc = 1;

	if (!arg) {
		if (resolve_node(NULL, &id))
			return 1;
		printf("%u\n", id);
		return 0;
	}
	map_init(&m);
	if (read_map(&m))
		goto out;
	if (inet_pton(AF_INET, arg, &a) == 1) {
		if (map_addr_to_id(&m, a, &id)) {
			tool_err("address %s is not in the cluster map (%s/hpc/admin/config)",
				 arg, hpcfs_root());
			goto out;
		}
		printf("%u\n", id);
	} else if (!hpcfs_parse_node(arg, &id)) {
		if (map_id_to_addr(&m, id, &a)) {
			tool_unknown_node(arg);
			goto out;
		}
		printf("%s\n", inet_ntoa(a));
	} else {
		tool_err("'%s' is neither a node id nor an IPv4 address", arg);
		goto out;
	}
	rc = 0;
out:
	map_fini(&m);
	return rc;
}

/* The daemon's view of one node; 0, or 1 after printing the error. */
static int daemon_node(const struct mosctl_opts *o, uint32_t id,
		       struct adminc_node *out)
{
	struct adminc_nodes ns = { 0 };
	const struct adminc_node *n;
	const char *path = adminc_socket_path(o->socket);
	char err[256];
	int ret = adminc_get_nodes(path, &ns, err, sizeof(err));

	if (ret == -EPROTO) {
		tool_err("the balancer refused: %s", err);
		return 1;
	}
	if (ret) {
		tool_err("cannot reach the balancer at %s: %s", path,
			 adminc_strerror(ret));
		return 1;
	}
	n = adminc_nodes_find(&ns, id);
	if (n)
		*out = *n;
	adminc_nodes_fini(&ns);
	if (!n) {
		tool_err("the balancer knows nothing about node %u", id);
		return 1;
	}
	return 0;
}

static int get_value(const struct mosctl_opts *o)
{
	struct adminc_node n;
	uint32_t id;

	if (resolve_node(o->arg, &id) || daemon_node(o, id, &n))
		return 1;
	switch (o->cmd->field) {
	case MOSCTL_LOAD:  printf("%ld\n", n.load); break;
	case MOSCTL_SPEED: printf("%ld\n", n.speed); break;
	case MOSCTL_MEM:   printf("%llu\n", n.memtotal); break;
	case MOSCTL_FREE:  printf("%llu\n", n.memfree); break;
	case MOSCTL_UTIL:  printf("%d\n", n.util); break;
	}
	return 0;
}

static const char *yesno(const char *file)
{
	char buf[16];

	if (hpcfs_admin_read(file, buf, sizeof(buf)))
		return "?";
	return strcmp(buf, "0") ? "yes" : "no";
}

static int status(const struct mosctl_opts *o)
{
	struct adminc_node n;
	uint32_t id, self = 0;
	char flags[64], speed[32];

	if (resolve_node(o->arg, &id))
		return 1;
	hpcfs_self_id(&self);
	if (id == self) {
		/* Our own flags come from the kernel, daemon or not. */
		if (hpcfs_admin_read("speed", speed, sizeof(speed)))
			strcpy(speed, "?");
		printf("node %u: this node\n"
		       "stay: %s\nlstay: %s\nblock: %s\nquiet: %s\nspeed: %s\n",
		       id, yesno("stay"), yesno("lstay"), yesno("block"),
		       yesno("quiet"), speed);
		return 0;
	}
	if (daemon_node(o, id, &n))
		return 1;
	adminc_flags_str(n.flags, flags, sizeof(flags));
	printf("node %u: %s\naddress: %s\nload: %ld\nspeed: %ld\nncpus: %ld\n"
	       "memory: %llu KiB, %llu KiB free\nutilisation: %d%%\n"
	       "guests: %ld\nflags: %s\nlast heard: %ld ms ago\n",
	       id, adminc_state_name(n.state), n.addr, n.load, n.speed,
	       n.ncpus, n.memtotal, n.memfree, n.util, n.guests, flags, n.age);
	return 0;
}

static int print_counter(const char *line, void *arg)
{
	(void)arg;
	if (!strncmp(line, "counter ", 8))
		printf("mosixd %s\n", line + 8);
	else if (!strncmp(line, "gauge ", 6))
		printf("mosixd %s\n", line + 6);
	return 0;
}

/* The kernel's channel counters, then the balancer's, "who name value". */
static int stats(const struct mosctl_opts *o)
{
	char buf[4096], err[256], *line, *save;
	int fd, ret;

	ret = hpcfs_admin_read("stats", buf, sizeof(buf));
	if (ret)
		return tool_procfs_err("stats", ret);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		printf("kernel %s\n", line);
	fd = adminc_connect(adminc_socket_path(o->socket));
	if (fd < 0) {
		tool_err("stats: balancer at %s: %s (kernel counters above)",
			 adminc_socket_path(o->socket), adminc_strerror(fd));
		return 1;
	}
	ret = adminc_request(fd, "counters", print_counter, NULL, err,
			     sizeof(err));
	adminc_close(fd);
	if (ret) {
		tool_err("stats: balancer: %s", ret == -EPROTO ? err :
			 adminc_strerror(ret));
		return 1;
	}
	return 0;
}

static int isup(const struct mosctl_opts *o)
{
	struct adminc_node n;
	uint32_t id;

	if (resolve_node(o->arg, &id) || daemon_node(o, id, &n))
		return 2;
	return n.state == ADMINC_UP || n.state == ADMINC_SELF ? 0 : 1;
}

/* Hand the cluster key to the kernel, as hex: it never shows in a listing. */
static int setkey(const char *path)
{
	static const char hex[] = "0123456789abcdef";
	char text[2 * LVEC_KEY_SIZE + 1];
	struct lvec_key key;
	int ret;

	path = path ? path : HPC_KEY_FILE;
	ret = hpc_key_load(path, &key);
	if (ret == -EPERM) {
		tool_err("setkey: %s must be a regular file owned by you that "
			 "group and others cannot read (chmod 600)", path);
		return 1;
	}
	if (ret == -EINVAL) {
		tool_err("setkey: %s holds no key: it must be 32 bytes or 64 "
			 "hex digits", path);
		return 1;
	}
	if (ret) {
		tool_err("setkey: %s: %s", path, strerror(-ret));
		return 1;
	}
	for (size_t i = 0; i < LVEC_KEY_SIZE; i++) {
		text[2 * i] = hex[key.bytes[i] >> 4];
		text[2 * i + 1] = hex[key.bytes[i] & 15];
	}
	text[2 * LVEC_KEY_SIZE] = 0;
	ret = hpcfs_admin_write("key", text);
	explicit_bzero(text, sizeof(text));
	explicit_bzero(&key, sizeof(key));
	return ret ? tool_procfs_err("setkey", ret) : 0;
}

static int setspeed(const char *arg)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);
	int ret;

	if (end == arg || *end || *arg == '-' || v == 0 || v > 1000000) {
		tool_err("setspeed: '%s' is not a speed (1-1000000, 1000 = yardstick)",
			 arg);
		return 1;
	}
	ret = hpcfs_admin_write("speed", arg);
	return ret ? tool_procfs_err("setspeed", ret) : 0;
}

int main(int argc, char **argv)
{
	struct mosctl_opts o;
	char err[256];
	int ret;

	tool_name = "mosctl";
	ret = mosctl_parse_args(argc, argv, &o, err, sizeof(err));
	ret = tool_args_outcome(ret, err, o.help, usage, 2);
	if (ret >= 0)
		return ret;
	ret = hpcfs_check();
	if (ret) {
		tool_procfs_err(NULL, ret);
		return o.cmd->kind == MOSCTL_ISUP ? 2 : 1;
	}
	switch (o.cmd->kind) {
	case MOSCTL_FLAG:
	case MOSCTL_TRIGGER:
		ret = hpcfs_admin_write(o.cmd->file, o.cmd->value ? "1" : "0");
		return ret ? tool_procfs_err(o.cmd->name, ret) : 0;
	case MOSCTL_WHOIS:
		return whois(o.arg);
	case MOSCTL_GET:
		return get_value(&o);
	case MOSCTL_SETSPEED:
		return setspeed(o.arg);
	case MOSCTL_STATUS:
		return status(&o);
	case MOSCTL_ISUP:
		return isup(&o);
	case MOSCTL_SETKEY:
		return setkey(o.arg);
	case MOSCTL_STATS:
		return stats(&o);
	}
	return 1;
}
