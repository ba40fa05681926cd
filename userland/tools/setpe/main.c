// SPDX-License-Identifier: GPL-2.0
/*
 * setpe: install, show or remove the cluster map of this node.
 */
#include "setpe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpc/map.h>
#include <hpc/procfs.h>

#include "../common/tool.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: setpe -w [-f mapfile] [-p id]   install a cluster map\n"
		"       setpe -c [-f mapfile]           check a map file only\n"
		"       setpe -r [-f outfile]           print the installed map\n"
		"       setpe -off [-t seconds]         leave the cluster once every\n"
		"                                       guest and process is home\n"
		"The map has one 'first-id address count' line per range; '#' comments.\n"
		"Without -f, -w and -c read standard input. Without -p, this node's id\n"
		"is found by matching its IPv4 addresses against the map.\n"
		"-off waits at most -t seconds (default %d; 0: do not wait) and\n"
		"keeps the map if something is still away.\n"
		"/proc root: $HPC_PROCFS (default /proc).\n",
		SETPE_OFF_TIMEOUT_DEFAULT);
}

/* This node's id: the map entry of one of its IPv4 addresses. */
static int find_self(const struct map *m, uint32_t *id)
{
	struct ifaddrs *ifs, *i;
	uint32_t found = 0;
	int ret = 0;

	if (getifaddrs(&ifs) < 0) {
		tool_err("cannot list network interfaces: %s", strerror(errno));
		return -1;
	}
	for (i = ifs; i; i = i->ifa_next) {
		struct sockaddr_in *sin = (struct sockaddr_in *)i->ifa_addr;
		uint32_t cand;

		if (!sin || sin->sin_family != AF_INET)
			continue;
		if (map_addr_to_id(m, sin->sin_addr, &cand))
			continue;
		if (found && found != cand) {
			tool_err("this node's addresses match nodes %u and %u of the map; choose with -p",
				 found, cand);
			ret = -1;
			break;
		}
		found = cand;
	}
	freeifaddrs(ifs);
	if (!ret && !found) {
		tool_err("none of this node's IPv4 addresses is in the map; give its id with -p");
		ret = -1;
	}
	*id = found;
	return ret;
}

static int load_map(const char *file, struct map *m)
{
	struct map_error e;
	char msg[256];

	if (map_load(m, file ? file : "-", &e)) {
		map_error_str(&e, msg, sizeof(msg));
		if (e.line)
			tool_err("%s: %s", file ? file : "<stdin>", msg);
		else
			tool_err("%s", msg);
		return -1;
	}
	return 0;
}

static int do_write(const struct setpe_opts *o)
{
	struct map m;
	char idbuf[16];
	uint32_t id = o->self_id;
	int ret, rc = 1;

	map_init(&m);
	if (load_map(o->file, &m))
		goto out;
	if (!m.nranges) {
		tool_err("%s: the map is empty (use setpe -off to leave the cluster)",
			 o->file ? o->file : "<stdin>");
		goto out;
	}
	ret = hpcfs_check();
	if (ret) {
		tool_procfs_err(NULL, ret);
		goto out;
	}
	if (id) {
		if (map_id_to_addr(&m, id, NULL)) {
			tool_err("-p %u: node %u is not in the map", id, id);
			goto out;
		}
	} else if (find_self(&m, &id)) {
		goto out;
	}
	ret = hpcfs_map_write(&m);
	if (ret == -E2BIG) {
		tool_err("the map is too large for the kernel (more than %u bytes)",
			 MAP_TEXT_MAX);
		goto out;
	}
	if (ret == -EINVAL) {
		tool_err("the kernel rejected the map (see the kernel log)");
		goto out;
	}
	if (ret) {
		tool_procfs_err("writing the map", ret);
		goto out;
	}
	snprintf(idbuf, sizeof(idbuf), "%u", id);
	ret = hpcfs_admin_write("mospe", idbuf);
	if (ret) {
		tool_procfs_err("setting this node's id", ret);
		goto out;
	}
	rc = 0;
out:
	map_fini(&m);
	return rc;
}

static int do_read(const struct setpe_opts *o)
{
	char *raw = malloc(MAP_TEXT_MAX + 1), *text = NULL;
	struct map m;
	struct map_error e;
	FILE *out = stdout;
	int ret, rc = 1;

	map_init(&m);
	if (!raw) {
		tool_err("out of memory");
		return 1;
	}
	ret = hpcfs_admin_read("config", raw, MAP_TEXT_MAX + 1);
	if (ret) {
		tool_procfs_err("reading the map", ret);
		goto out;
	}
	/* Print it in our normal form so that -r gives back what -w took;
	 * if we cannot parse what the kernel says, show it as it is. */
	if (!map_parse(&m, raw, strlen(raw), &e))
		text = map_format(&m);
	if (o->file && !(out = fopen(o->file, "w"))) {
		tool_err("%s: %s", o->file, strerror(errno));
		goto out;
	}
	if (text)
		fputs(text, out);
	else if (*raw)
		fprintf(out, "%s\n", raw);
	if (out != stdout ? fclose(out) : fflush(out)) {
		tool_err("writing the map: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(text);
	free(raw);
	map_fini(&m);
	return rc;
}

int main(int argc, char **argv)
{
	struct setpe_opts o;
	struct map m;
	char err[256];
	int ret;

	tool_name = "setpe";
	ret = setpe_parse_args(argc, argv, &o, err, sizeof(err));
	ret = tool_args_outcome(ret, err, o.action == SETPE_HELP, usage, 2);
	if (ret >= 0)
		return ret;
	switch (o.action) {
	case SETPE_WRITE:
		return do_write(&o);
	case SETPE_CHECK:
		map_init(&m);
		if (load_map(o.file, &m))
			return 1;
		map_fini(&m);
		return 0;
	case SETPE_READ:
		return do_read(&o);
	case SETPE_OFF:
		return setpe_leave(o.timeout_s);
	default:
		return 2;
	}
}
