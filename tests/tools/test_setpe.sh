#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# setpe against a fake /proc/hpc: write, read back, malformed maps, -off.
. "$(dirname "$0")/lib.sh"
make_tree
A=$HPC_PROCFS/hpc/admin

cat >"$WORK/map" <<'M'
# two racks
5 192.168.1.10 2   # second
1 10.0.0.1 4
M
run_tool "$SBIN/setpe" -w -f "$WORK/map" -p 2
check "setpe -w exits 0" 0 "$RC"
check "setpe -w installs the normalised map" "$(printf '1 10.0.0.1 4\n5 192.168.1.10 2')" "$(cat $A/config)"
check "setpe -w sets mospe from -p" 2 "$(cat $A/mospe)"
run_tool "$SBIN/setpe" -r
check "setpe -r prints back what setpe -w wrote" "$(cat $A/config)" "$OUT"

printf '1 127.0.0.1 1\n2 10.255.0.1 1\n' >"$WORK/lomap"
run_tool "$SBIN/setpe" -w -f "$WORK/lomap"
check "setpe -w finds this node's id from its addresses" "0 1" "$RC $(cat $A/mospe)"

printf '1 10.0.0.1 4\n\n6 10.0.0.300 1\n' >"$WORK/bad"
cp $A/config "$WORK/before"
run_tool "$SBIN/setpe" -w -f "$WORK/bad" -p 1
check "malformed map: exit 1" 1 "$RC"
check_contains "malformed map: line number and reason" "line 3: bad IPv4 address '10.0.0.300'" "$ERR"
check "malformed map: installed map unchanged" "$(cat $WORK/before)" "$(cat $A/config)"
run_tool sh -c "printf '1 10.0.0.1 4\n3 10.0.1.1 1\n' | '$SBIN/setpe' -c"
check_contains "overlapping ids are refused" "line 2: id 3 overlaps line 1 (ids 1-4)" "$ERR"
run_tool "$SBIN/setpe" -w -f "$WORK/map" -p 9
check_contains "-p of a node not in the map" "node 9 is not in the map" "$ERR"

run_tool "$SBIN/setpe" -off
check "setpe -off exits 0" 0 "$RC"
check "setpe -off expels guests and brings processes home" "1 1" "$(cat $A/expel) $(cat $A/bring)"
check "setpe -off clears the map" "" "$(tr -d '\n' <$A/config)"

run_tool env HPC_PROCFS=$WORK/nothing "$SBIN/setpe" -w -f "$WORK/map" -p 1
check_contains "no /proc/hpc: says the kernel lacks support" "no process migration support" "$ERR"
run_tool "$SBIN/setpe" -q
check "bad option: exit 2" 2 "$RC"
run_tool "$SBIN/setpe" --help
check_contains "--help" "usage: setpe" "$OUT"
if as_nobody true 2>/dev/null; then
	chmod 0644 $A/config
	chmod 0755 "$WORK" "$HPC_PROCFS" "$HPC_PROCFS/hpc" "$A"
	cp "$WORK/map" "$WORK/map.pub"; chmod 0644 "$WORK/map.pub"
	run_tool as_nobody "$SBIN/setpe" -w -f "$WORK/map.pub" -p 1
	check_contains "unprivileged write: not permitted" "not permitted" "$ERR"
else
	skip "unprivileged write: cannot drop privileges here"
fi
finish
