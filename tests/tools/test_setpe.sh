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

# -off. The tree has pid 200 away on node 2; make pid 100 a guest too.
P=$HPC_PROCFS
echo "guest from another node" >$P/100/cantmove
echo 1 >$P/hpc/admin/stay
cp $A/config "$WORK/before"
run_tool "$SBIN/setpe" -off -t 1
check "-off, one process away and one guest after -t 1: exit 1" 1 "$RC"
check "-off, time-out: expel and bring were asked" "1 1" "$(cat $A/expel) $(cat $A/bring)"
check_contains "-off, time-out: names the process away and its node" "still away: 200 (on node 2)" "$ERR"
check_contains "-off, time-out: names the guest" "guests still here: 100" "$ERR"
check_contains "-off, time-out: says the map stays" "the map stays installed" "$ERR"
check "-off, time-out: the map is still installed" "$(cat "$WORK/before")" "$(cat $A/config)"
check "-off, time-out: block and stay are back as they were (0 and 1)" "0 1" \
	"$(cat $A/block) $(cat $A/stay)"

# Both come home once asked: a stand-in for the kernel waits for the
# requests, notes the flags setpe holds meanwhile, then moves them.
: >$A/expel; : >$A/bring
kernel_moves() {
	wait_for 10 grep -qx 1 $A/bring || return
	echo "$(cat $A/block) $(cat $A/stay)" >"$WORK/held"
	echo movable >$P/100/cantmove
	echo 1 >$P/200/where
}
kernel_moves &
mover=$!
run_tool "$SBIN/setpe" -off -t 20
wait $mover
check "-off, both come home: exit 0" 0 "$RC"
check "-off, both come home: no message" "" "$ERR"
check "-off holds block and stay at 1 while it waits" "1 1" "$(cat $WORK/held 2>&1)"
check "-off, both come home: the map is cleared" "" "$(tr -d '\n' <$A/config)"
check "-off, both come home: block and stay are back as they were" "0 1" \
	"$(cat $A/block) $(cat $A/stay)"

# Nothing away, no guest: done at once. -t 0 does not look at all.
: >$A/expel; : >$A/bring
printf '1 10.0.0.1 3\n' >$A/config
t0=$SECONDS
run_tool "$SBIN/setpe" -off
check "-off with nothing away: exit 0, no message" "0 " "$RC $ERR"
check "-off with nothing away: the map is cleared" "" "$(tr -d '\n' <$A/config)"
check "-off with nothing away: returns at once" yes "$([ $((SECONDS - t0)) -le 2 ] && echo yes || echo "$((SECONDS - t0)) s")"
printf '1 10.0.0.1 3\n' >$A/config
echo 3 >$P/200/where
run_tool "$SBIN/setpe" -off -t 0
check "-off -t 0 clears the map without waiting" "0 " "$RC $(tr -d '\n' <$A/config)"
check "-off -t 0 still asks expel and bring" "1 1" "$(cat $A/expel) $(cat $A/bring)"
run_tool "$SBIN/setpe" -off -t 1h
check_contains "-off -t 1h: not a number of seconds" "-t: '1h' is not a number of seconds" "$ERR"
check "-off -t 1h: usage error, exit 2" 2 "$RC"

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
