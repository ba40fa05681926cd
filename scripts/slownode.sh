#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Slow a virtual node down: cap its QEMU process (all threads) at NUM/DEN of
# one host CPU with the CPU controller, v2 (cpu.max) or v1 (CFS quota).
#
#   scripts/slownode.sh PID NUM DEN      e.g. 650 900: the article's pair
#   scripts/slownode.sh -u PID           remove the cap
# The cgroup is named after the PID and removed with -u (or left empty when
# the process ends; rmdir then succeeds at the next -u).
set -euo pipefail
undo=0
[ "${1:-}" = -u ] && { undo=1; shift; }
pid=${1:?usage: slownode.sh PID NUM DEN | -u PID}
name=hpc-slow-$pid
# A short period: the node runs slower rather than stopping for 28 ms in
# every 100, which would hold up every network reply that falls in a stop.
period=10000

if [ -w /sys/fs/cgroup/cgroup.subtree_control ]; then
	cg=/sys/fs/cgroup/$name
	root=/sys/fs/cgroup
elif [ -d /sys/fs/cgroup/cpu ] && [ -e /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
	cg=/sys/fs/cgroup/cpu/$name
	root=/sys/fs/cgroup/cpu
else
	echo "slownode: no CPU cgroup controller available" >&2
	exit 1
fi

if [ $undo = 1 ]; then
	if [ -d "$cg" ]; then
		# move the tasks back to the root before removing the group
		while read -r t; do echo "$t" > "$root/cgroup.procs" 2>/dev/null || true; done < "$cg/cgroup.procs"
		rmdir "$cg"
	fi
	exit 0
fi
num=${2:?NUM missing} den=${3:?DEN missing}
quota=$((period * num / den))
mkdir -p "$cg"
if [ -e "$cg/cpu.max" ]; then
	echo "$quota $period" > "$cg/cpu.max"
else
	echo "$period" > "$cg/cpu.cfs_period_us"
	echo "$quota" > "$cg/cpu.cfs_quota_us"
fi
# every thread of the process (v1 cgroup.procs moves them all)
echo "$pid" > "$cg/cgroup.procs"
echo "slownode: QEMU $pid capped at $num/$den of a CPU ($quota/$period us)" >&2
