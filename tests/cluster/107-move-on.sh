#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A process running on node 2 asked to go to node 3 gets there (through
# home), keeps computing, and ends with its own status.
# nodes: 3
. "$(dirname "$0")/lib.sh"

on 1 -t 30 -- "sh -c 'sh -c \"echo \\\"exec 2\\\" > /proc/self/goto && exec /opt/hpc/tests/migexit loop\"; echo \$? > /tmp/st' </dev/null >/dev/null 2>&1 &" >/dev/null 2>&1
wait_for 1 60 'p=$(pidof migexit) && [ "$(cat /proc/$p/where)" = 2 ]' &&
	ok "running on node 2" || not_ok "running on node 2" "where 2" "$(on 1 -t 30 -- 'ps' 2>&1)"
on 1 -t 30 -- 'echo 3 > /proc/$(pidof migexit)/goto' >/dev/null 2>&1
if wait_for 1 60 'p=$(pidof migexit) && [ "$(cat /proc/$p/where)" = 3 ]'; then
	ok "moved on to node 3"
else
	not_ok "moved on to node 3" "where 3" "$(on 1 -t 30 -- 'cat /proc/$(pidof migexit)/where; dmesg | tail -3' 2>&1)"
fi
check "migrations: away, home, away" "3" "$(on 1 -t 30 -- 'cat /proc/$(pidof migexit)/migrate' 2>&1)"
on 1 -t 30 -- 'kill -TERM $(pidof migexit)' >/dev/null 2>&1
wait_for 1 60 'test -s /tmp/st' || true
check "SIGTERM status" "143" "$(on 1 -t 30 -- 'cat /tmp/st' 2>&1)"
finish
