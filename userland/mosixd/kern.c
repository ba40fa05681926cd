// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel interface (Documentation/ABI/testing/procfs-hpc) and the
 * node's own measurements, all read under $HPC_PROCFS so that the daemon
 * runs against a fake tree on a host without the migration kernel.
 *
 * Without <root>/hpc the daemon still gossips (every node looks like home
 * to all its processes) but never asks for a move.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpc/procfs.h>

#include "mosixd.h"

static int read_file(const char *rel, char *buf, size_t len)
{
	char path[512];
	ssize_t n;
	int fd;

	hpcfs_path(path, sizeof(path), rel);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return (int)n;
}

int kern_self_id(uint32_t *id)
{
	return hpcfs_self_id(id);
}

static uint32_t admin_flags(void)
{
	static const struct { const char *name; uint32_t bit; } f[] = {
		{ "block", ENGINE_A_BLOCK }, { "quiet", ENGINE_A_QUIET },
		{ "stay", ENGINE_A_STAY }, { "lstay", ENGINE_A_LSTAY },
	};
	uint32_t flags = 0;

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		unsigned long v;

		if (!hpcfs_admin_read_ulong(f[i].name, &v) && v)
			flags |= f[i].bit;
	}
	return flags;
}

static uint64_t meminfo_kib(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? strtoull(p + strlen(key), NULL, 10) : 0;
}

/*
 * Our own vector: CPUs and utilisation from stat, runnable processes from
 * stat's procs_running (less ourselves), memory from meminfo, speed and
 * admin flags from /proc/hpc/admin.
 */
/* Runnable tasks per CPU at the last measure, for the schedstat fallback. */
static uint64_t runnable_per_cpu = 1;

void kern_measure(uint64_t now, struct lvec_entry *e)
{
	static char buf[65536];
	unsigned long speed;
	uint64_t running = 0, busy = 0, total = 0;
	uint32_t raw;
	uint16_t ncpus = 0;
	bool util_ok;
	char *line, *save = NULL;

	d.admin = admin_flags();
	if (!hpcfs_admin_read_ulong("speed", &speed) && speed >= 1 &&
	    speed <= 65535)
		d.speed = (uint16_t)speed;
	if (read_file("stat", buf, sizeof(buf)) > 0) {
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			if (!strncmp(line, "cpu ", 4)) {
				uint64_t v[8] = { 0 };

				sscanf(line + 4, "%" SCNu64 " %" SCNu64 " %" SCNu64
				       " %" SCNu64 " %" SCNu64 " %" SCNu64
				       " %" SCNu64 " %" SCNu64, &v[0], &v[1],
				       &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
				for (int i = 0; i < 8; i++)
					total += v[i];
				busy = total - v[3] - v[4];	/* idle, iowait */
			} else if (!strncmp(line, "cpu", 3) &&
				   isdigit((unsigned char)line[3])) {
				ncpus++;
			} else if (!strncmp(line, "procs_running ", 14)) {
				running = strtoull(line + 14, NULL, 10);
			}
		}
	}
	if (ncpus)
		d.ncpus = ncpus;
	util_ok = total > d.last_total && d.last_total;
	if (util_ok) {
		d.util = (uint32_t)((busy - d.last_busy) * 100 /
				    (total - d.last_total));
		if (d.util > 100)
			d.util = 100;
	}
	d.last_busy = busy;
	d.last_total = total;
	if (running)
		running--;	/* the daemon reading the file */
	runnable_per_cpu = running / (d.ncpus ? d.ncpus : 1);
	if (runnable_per_cpu < 1)
		runnable_per_cpu = 1;
	raw = engine_normalise((uint32_t)running * 100, d.speed, d.ncpus);
	d.smoothed = engine_smooth(&d.ep, d.smoothed, raw);
	if (util_ok)	/* util covers the whole last interval */
		d.smoothed = engine_load_cap(d.smoothed, raw, d.util, d.speed,
					     d.ncpus);

	memset(e, 0, sizeof(*e));
	e->node = d.self;
	e->epoch = d.epoch;
	e->seq = ++d.vseq;
	e->ncpus = d.ncpus;
	e->speed = d.speed;
	e->load = d.smoothed;
	e->util = (uint16_t)d.util;
	if (read_file("meminfo", buf, sizeof(buf)) > 0) {
		e->memtotal_kib = meminfo_kib(buf, "MemTotal:");
		e->memfree_kib = meminfo_kib(buf, "MemAvailable:");
		if (e->memfree_kib > e->memtotal_kib)
			e->memfree_kib = e->memtotal_kib;
	}
	if (d.admin & ENGINE_A_BLOCK)
		e->flags |= LVEC_F_BLOCKED;
	if (d.admin & ENGINE_A_QUIET)
		e->flags |= LVEC_F_QUIET;
	if (d.admin & ENGINE_A_STAY)
		e->flags |= LVEC_F_STAY;
	if (d.admin & ENGINE_A_LSTAY)
		e->flags |= LVEC_F_LSTAY;
	(void)now;
}

static struct lproc *find_proc(int32_t pid)
{
	/* The table is sorted by pid: /proc lists in increasing order and we
	 * keep that order. */
	size_t lo = 0, hi = d.nprocs;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (d.procs[mid].ep.pid == pid)
			return &d.procs[mid];
		if (d.procs[mid].ep.pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* One process: stat, schedstat, and the hpc files. 0 to keep it. */
static int scan_one(int32_t pid, uint64_t now, uint64_t uptime_ms,
		    struct lproc *out)
{
	char rel[64], buf[1024], *p;
	unsigned long long utime, stime, start, rss, flags;
	long page_kib = sysconf(_SC_PAGESIZE) / 1024, hz = sysconf(_SC_CLK_TCK);
	struct lproc *old = find_proc(pid);
	enum engine_decay decay = ENGINE_DECAY_FAST;
	uint32_t where, sample = 0;
	bool have_sample = false;
	unsigned long long run_ns = 0, wait_ns = 0;

	snprintf(rel, sizeof(rel), "%d/stat", pid);
	if (read_file(rel, buf, sizeof(buf)) <= 0)
		return -1;
	/* comm may hold spaces and parentheses: parse after the last ')'. */
	p = strrchr(buf, ')');
	if (!p)
		return -1;
	/* fields 3.. : state ppid pgrp session tty tpgid flags minflt
	 * cminflt majflt cmajflt utime stime cutime cstime priority nice
	 * threads itrealvalue starttime vsize rss */
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %llu %*u %*u %*u %*u %llu %llu"
		   " %*d %*d %*d %*d %*d %*d %llu %*u %llu",
		   &flags, &utime, &stime, &start, &rss) != 5)
		return -1;
	if (flags & 0x00200000)		/* PF_KTHREAD */
		return -1;

	memset(out, 0, sizeof(*out));
	out->ep.pid = pid;
	out->ep.home = d.self;
	out->ep.where = d.self;
	out->ep.mem_kib = rss * (unsigned long long)page_kib;
	out->cpu_ticks = utime + stime;
	out->ep.cpu_ms = out->cpu_ticks * 1000 / (unsigned long long)hz;
	start = start * 1000 / (unsigned long long)hz;
	out->ep.age_ms = uptime_ms > start ? uptime_ms - start : 0;

	snprintf(rel, sizeof(rel), "%d/schedstat", pid);
	if (read_file(rel, buf, sizeof(buf)) > 0 &&
	    sscanf(buf, "%llu %llu", &run_ns, &wait_ns) == 2) {
		out->sched_ns = run_ns + wait_ns;
		if (old && old->sched_ns && d.interval_ms) {
			/*
			 * At most all of the interval: a process back from
			 * another node brings the time it used there, which
			 * home adds to its runtime at once.
			 */
			sample = (uint32_t)((out->sched_ns - old->sched_ns) /
					    (10000ull * d.interval_ms));
			if (sample > 100)
				sample = 100;
			have_sample = true;
		}
	} else if (old && d.interval_ms) {
		/*
		 * No schedstat (CONFIG_SCHEDSTATS off): the CPU share is a
		 * lower bound of the runnable time. k CPU-bound tasks sharing
		 * a CPU each get 1/k of it, so scale the share by the number
		 * of runnable tasks per CPU to estimate it.
		 */
		uint64_t pct = (out->cpu_ticks - old->cpu_ticks) * 100000 /
			       (unsigned long long)hz / d.interval_ms;

		pct *= runnable_per_cpu;
		sample = (uint32_t)(pct > 100 ? 100 : pct);
		have_sample = true;
	}
	/* No file (a kernel without it, a fake tree): the default, fast. */
	if (!hpcfs_pid_read(pid, "decay", buf, sizeof(buf)) &&
	    !strncmp(buf, "slow", 4))
		decay = ENGINE_DECAY_SLOW;
	if (!hpcfs_pid_where(pid, &where) && where && where != d.self)
		out->ep.where = (uint16_t)where;
	if (out->ep.where != d.self && old) {
		/*
		 * Away, the process runs in its body; here only the deputy
		 * is seen, asleep between calls. Its share stays the one
		 * measured before it left, so an idle home still knows it
		 * for the CPU-bound job it is and can take it back.
		 */
		out->ep.runnable_pct = old->ep.runnable_pct;
		out->sampled = old->sampled;
	} else if (have_sample) {
		out->ep.runnable_pct = engine_runnable_avg(decay, old->sampled,
							   old->ep.runnable_pct,
							   sample);
		out->sampled = true;
	}
	if (!hpcfs_pid_read(pid, "migrate", buf, sizeof(buf)))
		out->migrations = (uint32_t)strtoul(buf, NULL, 10);
	if (old) {
		out->ep.moved_ms = old->ep.moved_ms;
		out->ep.move_fails = old->ep.move_fails;
		out->asked_at = old->asked_at;
	}

	snprintf(out->state, sizeof(out->state), "candidate");
	if (out->ep.where != d.self)
		snprintf(out->state, sizeof(out->state), "remote");
	if (!hpcfs_pid_read(pid, "lock", buf, sizeof(buf)) && buf[0] == '1') {
		out->ep.flags |= ENGINE_P_LOCKED;
		snprintf(out->state, sizeof(out->state), "locked");
	}
	if (!hpcfs_pid_read(pid, "cantmove", buf, sizeof(buf)) &&
	    strncmp(buf, "movable", 7)) {
		out->ep.flags |= ENGINE_P_CANTMOVE;
		snprintf(out->state, sizeof(out->state), "%s",
			 strcmp(buf, HPCFS_CANTMOVE_GUEST) ? "cantmove" : "guest");
	}
	if (!hpcfs_pid_read(pid, "hint", buf, sizeof(buf))) {
		if (!strncmp(buf, "io", 2))
			out->ep.flags |= ENGINE_P_HINT_IO;
		else if (!strncmp(buf, "cpu", 3))
			out->ep.flags |= ENGINE_P_HINT_CPU;
	}
	(void)now;
	return 0;
}

void kern_scan_procs(uint64_t now)
{
	struct lproc *next;
	size_t n = 0, npids;
	char buf[128];
	uint64_t uptime_ms = 0;
	pid_t *pids;

	if (read_file("uptime", buf, sizeof(buf)) > 0)
		uptime_ms = (uint64_t)(strtod(buf, NULL) * 1000);
	if (hpcfs_list_pids(&pids, &npids))
		return;
	next = malloc((npids ? npids : 1) * sizeof(*next));
	if (!next) {
		free(pids);
		return;
	}
	/* ascending pids keep d.procs sorted for find_proc() */
	for (size_t i = 0; i < npids; i++) {
		if (pids[i] <= 1 || pids[i] == getpid())
			continue;
		if (!scan_one((int32_t)pids[i], now, uptime_ms, &next[n]))
			n++;
	}
	free(pids);
	free(d.procs);
	d.procs = next;
	d.nprocs = n;
}

/* What the images this node sent have cost since boot: 0, or -errno
 * (-EBADMSG: the file is there but does not give all three). */
int kern_move_stats(uint64_t *moves, uint64_t *kib, uint64_t *usecs)
{
	char buf[1024], *line, *save;
	int found = 0, err;

	err = hpcfs_admin_read("stats", buf, sizeof(buf));
	if (err)
		return err;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long long v;
		char name[32];

		if (sscanf(line, "%31s %llu", name, &v) != 2)
			continue;
		if (!strcmp(name, "moves_sent")) {
			*moves = v;
			found |= 1;
		} else if (!strcmp(name, "move_kib_sent")) {
			*kib = v;
			found |= 2;
		} else if (!strcmp(name, "move_usecs_sent")) {
			*usecs = v;
			found |= 4;
		}
	}
	return found == 7 ? 0 : -EBADMSG;
}

int kern_move(pid_t pid, uint16_t target, bool home)
{
	char val[16];

	if (home)
		snprintf(val, sizeof(val), "home");
	else
		snprintf(val, sizeof(val), "%u", target);
	return hpcfs_pid_write(pid, "goto", val);
}

void kern_trigger(const char *name)
{
	int err = hpcfs_admin_write(name, "1");

	if (err)
		log_warn("cannot write %s: %s", name, hpcfs_strerror(err));
}

/*
 * Discovered nodes join the kernel's map too, or no process could go
 * there: read the installed map, add what it lacks and write it back in
 * one piece, as setpe -w does. An id or address the installed map gives
 * to another node stays as it is: the admin installed that map.
 */
void kern_map_sync(void)
{
	size_t n = map_node_count(&d.found);
	struct map_error me;
	struct map k;
	bool changed = false;
	int err;

	if (!n || hpcfs_check())
		return;
	map_init(&k);
	err = hpcfs_map_read(&k, &me);
	if (err) {
		log_warn("cannot read the kernel's cluster map: %s",
			 err == -EINVAL ? me.msg : hpcfs_strerror(err));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t id = map_node_at(&d.found, i), other;
		struct in_addr a, ka;
		char addr[INET_ADDRSTRLEN];

		map_id_to_addr(&d.found, id, &a);
		err = map_add(&k, id, a);
		if (!err) {
			changed = true;
			continue;
		}
		inet_ntop(AF_INET, &a, addr, sizeof(addr));
		if (!map_id_to_addr(&k, id, &ka) && ka.s_addr == a.s_addr)
			continue;	/* there already */
		if (err == -EEXIST && !map_id_to_addr(&k, id, NULL))
			log_warn("node %u at %s: the kernel's map has another "
				 "address for it; left as it is", id, addr);
		else if (err == -EEXIST && !map_addr_to_id(&k, a, &other))
			log_warn("node %u at %s: the kernel's map has node %u "
				 "there; left as it is", id, addr, other);
		else
			log_warn("node %u at %s: cannot join the kernel's map: %s",
				 id, addr, strerror(-err));
	}
	if (!changed)
		goto out;
	err = hpcfs_map_write(&k);
	if (err)
		log_warn("cannot install the cluster map in the kernel: %s",
			 err == -EINVAL ? "rejected (see the kernel log)" :
			 hpcfs_strerror(err));
	else
		log_info("kernel's cluster map: %zu nodes", map_node_count(&k));
out:
	map_fini(&k);
}
