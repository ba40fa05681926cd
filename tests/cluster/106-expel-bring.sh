#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# /proc/hpc/admin/bring calls a node's processes home; /proc/hpc/admin/expel
# sends the guests of a node back to their homes.
# nodes: 2
. "$(dirname "$0")/lib.sh"

T=/opt/hpc/tests/migexit
start_remote() {
	on 1 -t 30 -- "sh -c 'echo \"exec 2\" > /proc/self/goto && exec $T loop' </dev/null >/dev/null 2>&1 &" >/dev/null 2>&1
}
all_where() { echo "for p in \$(pidof migexit); do cat /proc/\$p/where; done | sort -u"; }

start_remote
start_remote
if wait_for 1 60 "[ \"\$($(all_where))\" = 2 ] && [ \$(pidof migexit | wc -w) = 2 ]"; then
	ok "two processes run on node 2"
else
	not_ok "two processes run on node 2" "where = 2" "$(on 1 -t 30 -- "$(all_where)" 2>&1)"
fi
on 1 -t 30 -- 'echo 1 > /proc/hpc/admin/bring' >/dev/null 2>&1
if wait_for 1 60 "[ \"\$($(all_where))\" = 1 ]"; then
	ok "bring: both are home"
else
	not_ok "bring: both are home" "where = 1" "$(on 1 -t 30 -- "$(all_where)" 2>&1)"
fi
on 1 -t 30 -- 'for p in $(pidof migexit); do echo 2 > /proc/$p/goto; done' >/dev/null 2>&1
wait_for 1 60 "[ \"\$($(all_where))\" = 2 ]" || not_ok "moved again" "where = 2" "$(on 1 -t 30 -- "$(all_where)" 2>&1)"
on 2 -t 30 -- 'echo 1 > /proc/hpc/admin/expel' >/dev/null 2>&1
if wait_for 1 60 "[ \"\$($(all_where))\" = 1 ]"; then
	ok "expel on node 2: both are home"
else
	not_ok "expel on node 2: both are home" "where = 1" "$(on 1 -t 30 -- "$(all_where)" 2>&1)"
fi
check "still alive, then killed" "2" "$(on 1 -t 30 -- 'n=$(pidof migexit | wc -w); kill $(pidof migexit); echo $n' 2>&1)"
finish
