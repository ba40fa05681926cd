#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mosrun and runhome: the /proc/self files they set, and that the command
# keeps its input, output and exit status.
. "$(dirname "$0")/lib.sh"
make_tree
S=$HPC_PROCFS/self

run_tool "$BIN/mosrun" -2 sh -c 'echo out; echo err >&2; exit 7'
check "mosrun -2: command's exit status" 7 "$RC"
check "mosrun -2: command's stdout" out "$OUT"
check "mosrun -2: command's stderr" err "$ERR"
check "mosrun -2: asks the kernel to move after exec" "exec 2" "$(cat $S/goto)"
check "mosrun -2: lock left as inherited" 0 "$(cat $S/lock)"
check "mosrun keeps stdin" hello "$(echo hello | "$BIN/mosrun" -2 cat)"

make_tree
run_tool "$BIN/mosrun" -h true
check "mosrun -h: locks" "0 1" "$RC $(cat $S/lock)"
check "mosrun -h at home: no move asked" "" "$(cat $S/goto)"
echo 2 >$S/where
run_tool "$BIN/mosrun" -h true
check "mosrun -h while away: comes home after exec" "exec 1" "$(cat $S/goto)"

make_tree
run_tool "$BIN/mosrun" -L -c -3 true
check "mosrun -L -c -3: lock, hint, goto" "1 cpu exec 3" "$(cat $S/lock) $(cat $S/hint) $(cat $S/goto)"
run_tool "$BIN/mosrun" -l -i true
check "mosrun -l -i: unlock, io hint, no move" "0 io " "$(cat $S/lock) $(cat $S/hint) $(: >$S/goto; cat $S/goto)"

# load decay: -s / -f write it, neither leaves the inherited one alone
make_tree
run_tool "$BIN/mosrun" -s true
check "mosrun -s: slow decay" "0 slow" "$RC $(cat $S/decay)"
run_tool "$BIN/mosrun" -2 true
check "mosrun without -s/-f: decay left as inherited" "0 slow" "$RC $(cat $S/decay)"
run_tool "$BIN/mosrun" -Lf true
check "mosrun -Lf: lock and fast decay" "0 1 fast" "$RC $(cat $S/lock) $(cat $S/decay)"
rm $S/decay
run_tool "$BIN/mosrun" -s true
check "mosrun -s without /proc/self/decay: mosrun's own failure" 125 "$RC"
check_contains "mosrun -s without /proc/self/decay: message" "setting the load decay" "$ERR"

make_tree
run_tool "$BIN/mosrun" -j 2-3 true
case "$(cat $S/goto)" in
"exec 2"|"exec 3") ok "mosrun -j 2-3 picks a node of the list" ;;
*) not_ok "mosrun -j 2-3 picks a node of the list"; echo "#   seen: $(cat $S/goto)" ;;
esac

run_tool "$BIN/mosrun" -9 true
check "unknown node: mosrun's own exit status" 125 "$RC"
check_contains "unknown node: message" "node 9 is not in the cluster map ($HPC_PROCFS/hpc/admin/config)" "$ERR"
run_tool "$BIN/mosrun" -2 /nonexistent/cmd
check "command not found: 127" 127 "$RC"
run_tool "$BIN/mosrun" -2
check_contains "no command: usage error" "no command given" "$ERR"
run_tool env HPC_PROCFS=$WORK/nothing "$BIN/mosrun" -2 true
check_contains "no /proc/hpc" "no process migration support" "$ERR"

# liveness from the balancer
write_nodes
start_server
make_tree
run_tool "$BIN/mosrun" -3 true
check "node down without -F: refused" 125 "$RC"
check_contains "node down without -F: message" "node 3 is down" "$ERR"
run_tool "$BIN/mosrun" -F -3 true
check "node down with -F: another live node" "0 exec 2" "$RC $(cat $S/goto)"
make_tree
run_tool "$BIN/mosrun" -j 2-3 true
check "-j with the balancer: only live nodes" "exec 2" "$(cat $S/goto)"

# runhome
make_tree
run_tool "$BIN/runhome" sh -c 'exit 3'
check "runhome: exit status and lock" "3 1" "$RC $(cat $S/lock)"
echo 2 >$S/where
run_tool "$BIN/runhome" true
check "runhome while away: comes home" "exec 1" "$(cat $S/goto)"
run_tool "$BIN/runhome"
check "runhome without command" 125 "$RC"
for p in mosrun runhome; do
	run_tool "$BIN/$p" --help
	check_contains "$p --help" "usage: $p" "$OUT"
done
if as_nobody true 2>/dev/null; then
	make_tree
	chmod -R a+rX "$WORK"; chmod 0444 $S/lock
	run_tool as_nobody "$BIN/mosrun" -L true
	check_contains "mosrun -L without permission" "not permitted" "$ERR"
else
	skip "mosrun without permission: cannot drop privileges"
fi
finish
