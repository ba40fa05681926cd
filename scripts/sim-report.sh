#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Reproduce the balancer simulator's report (Documentation/balancer.rst)
# in one command. Deterministic: same seeds, same numbers.
# usage: scripts/sim-report.sh [BUILD_DIR]
set -eu
B=${1:-build}
SIM=$B/bin/hpc-sim
[ -x "$SIM" ] || make "$SIM" B="$B" >/dev/null
run() { echo "## $1"; shift; "$SIM" "$@"; echo; }
run "13 equal jobs on a 900 + 650 pair (openMosix article)" -n 2 -j 13 -S 900,650
run "same, without the balancer" -n 2 -j 13 -S 900,650 -0
run "4 jobs started on node 1 of 2 equal nodes" -n 2 -j 4 -S 1000
run "1000 nodes from cold: intervals until all know all" -n 1000 -j 0 -C -D 100000000 -T 100000
for n in 10 100 1000 10000; do
	run "$n nodes, $n exponential jobs at random places, view of 64" \
		-n $n -j $n -P random -d exp -w 60000 -S 1000,650,2000 -J 100 -c 64 -T 3600
done
run "200 nodes, 1000 heavy-tailed jobs" -n 200 -j 1000 -P random -d pareto -w 60000 -S 1000,650,2000 -J 100 -c 64

# Moves per interval (-M): mean vs ideal and migrations per job over seeds
# 1 to N (8 for the equal batches, 24 for the exponential jobs).
mean() {
	seeds=$1; shift
	for s in $(seq 1 "$seeds"); do "$SIM" "$@" -s "$s"; done |
		awk '$1 == "makespan_vs_ideal" { m += $2; k++ }
		     $1 == "migrations_per_job" { g += $2 }
		     END { printf "%.3f, %.2f", m / k, g / k }'
}
echo "## moves per interval: vs ideal, migrations per job (means over seeds)"
for c in "8 -n 10 -j 40 -S 1000" "8 -n 16 -j 64 -S 1000 -w 30000" \
	 "24 -n 10 -j 10 -P random -d exp -w 60000 -S 1000,650,2000 -J 100 -c 64 -T 3600" \
	 "24 -n 100 -j 100 -P random -d exp -w 60000 -S 1000,650,2000 -J 100 -c 64 -T 3600"; do
	# shellcheck disable=SC2086
	printf '%s\n  -M 1: %s  -M 2: %s  -M 4: %s\n' "${c#* }" \
		"$(mean $c -M 1)" "$(mean $c -M 2)" "$(mean $c -M 4)"
done
