#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# migrate PID {node|home|balance} against a fake tree.
. "$(dirname "$0")/lib.sh"
make_tree
P=$HPC_PROCFS/100

run_tool "$BIN/migrate" 100 2
check "migrate 100 2" "0 2" "$RC $(cat $P/goto)"
run_tool "$BIN/migrate" 100 home
check "migrate 100 home" "0 home" "$RC $(cat $P/goto)"
echo 1 >$P/lock
run_tool "$BIN/migrate" 100 balance
check "migrate 100 balance unlocks" "0 0" "$RC $(cat $P/lock)"
run_tool "$BIN/migrate" 100 7
check "unknown node: exit 1" 1 "$RC"
check_contains "unknown node: message" "node 7 is not in the cluster map" "$ERR"
run_tool "$BIN/migrate" 4242 2
check_contains "no such pid" "pid 4242: no such process" "$ERR"
run_tool "$BIN/migrate" 100
check "missing target: usage error" 2 "$RC"
run_tool "$BIN/migrate" abc 2
check_contains "bad pid" "'abc' is not a process id" "$ERR"
run_tool env HPC_PROCFS=$WORK/nothing "$BIN/migrate" 100 2
check_contains "no /proc/hpc" "no process migration support" "$ERR"
run_tool "$BIN/migrate" --help
check_contains "--help" "usage: migrate" "$OUT"
if as_nobody true 2>/dev/null; then
	chmod -R a+rX "$WORK"; chmod 0444 $P/goto
	echo "locked" >$P/cantmove
	run_tool as_nobody "$BIN/migrate" 100 2
	check_contains "not permitted, with the kernel's reason" "pid 100: not permitted: locked" "$ERR"
else
	skip "not permitted: cannot drop privileges"
fi
finish
