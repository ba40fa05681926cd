// SPDX-License-Identifier: GPL-2.0
/*
 * hpc-sim: run the balancer's engine over virtual nodes and print a
 * report. See sim.h and scripts/sim-report.sh.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: hpc-sim [options]\n"
"  -n NODES        virtual nodes (default 2)\n"
"  -j JOBS         jobs (default 13)\n"
"  -s SEED         random seed (default 1)\n"
"  -w MS           work per job in yardstick-ms, mean (default 120000)\n"
"  -d equal|exp|pareto   work distribution (default equal)\n"
"  -P first|random where jobs start (default first: all on node 1)\n"
"  -S LIST         node speeds, comma separated, cycled (default 900,650)\n"
"  -J N            add a random +-N to every node's speed\n"
"  -W N            gossip window, entries per message (default 16)\n"
"  -c N            view capacity per node (default: all nodes)\n"
"  -i MS           interval (default 1000)\n"
"  -a MS           minimum process age (default 5000)\n"
"  -D MS           dead after this silence (default 30000)\n"
"  -m KIB          memory per job (default 16384)\n"
"  -K MS           cooldown after a move (engine default)\n"
"  -M N            moves per node per interval (engine default)\n"
"  -H PCT          hysteresis (engine default)\n"
"  -T S            stop after this much virtual time\n"
"  -C              track when every node knows every node (O(N^2))\n"
"  -0              never migrate (baseline)\n");
}

static int parse_speeds(struct sim_config *c, char *s)
{
	char *tok, *save = NULL;

	c->nspeeds = 0;
	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		unsigned long v = strtoul(tok, NULL, 10);

		if (c->nspeeds == 16 || v < 1 || v > 65535)
			return -EINVAL;
		c->speeds[c->nspeeds++] = (uint16_t)v;
	}
	return c->nspeeds ? 0 : -EINVAL;
}

static void print_line(const char *line, void *arg)
{
	fprintf(arg, "%s\n", line);
}

int main(int argc, char **argv)
{
	struct sim_config c;
	struct sim_result r;
	int opt, err;

	sim_config_default(&c);
	while ((opt = getopt(argc, argv, "n:j:s:w:d:P:S:J:W:c:i:a:D:m:T:K:H:M:C0h")) != -1) {
		switch (opt) {
		case 'n': c.nodes = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'j': c.jobs = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 's': c.seed = strtoull(optarg, NULL, 10); break;
		case 'w': c.work_ms = strtoull(optarg, NULL, 10); break;
		case 'd':
			if (!strcmp(optarg, "equal"))
				c.work = SIM_WORK_EQUAL;
			else if (!strcmp(optarg, "exp"))
				c.work = SIM_WORK_EXP;
			else if (!strcmp(optarg, "pareto"))
				c.work = SIM_WORK_PARETO;
			else
				goto bad;
			break;
		case 'P':
			if (!strcmp(optarg, "first"))
				c.place = SIM_PLACE_FIRST;
			else if (!strcmp(optarg, "random"))
				c.place = SIM_PLACE_RANDOM;
			else
				goto bad;
			break;
		case 'S':
			if (parse_speeds(&c, optarg))
				goto bad;
			break;
		case 'J': c.speed_jitter = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'W': c.window = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'c': c.view_cap = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'i': c.interval_ms = (uint32_t)strtoul(optarg, NULL, 10);
			  c.tick_ms = c.interval_ms >= 10 ? c.interval_ms / 10 : 1;
			  break;
		case 'a': c.engine.min_age_ms = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'D': c.dead_after_ms = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'm': c.mem_kib = strtoull(optarg, NULL, 10); break;
		case 'T': c.max_ms = strtoull(optarg, NULL, 10) * 1000; break;
		case 'K': c.engine.cooldown_ms = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'H': c.engine.hysteresis_pct = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'M': c.engine.max_moves = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'C': c.track_coverage = true; break;
		case '0': c.balance = false; break;
		case 'h': usage(stdout); return 0;
		default: goto bad;
		}
	}
	if (optind != argc)
		goto bad;
	err = sim_run(&c, &r);
	if (err) {
		fprintf(stderr, "hpc-sim: %s\n", strerror(-err));
		return 1;
	}
	sim_print(&c, &r, print_line, stdout);
	return 0;
bad:
	usage(stderr);
	return 2;
}
