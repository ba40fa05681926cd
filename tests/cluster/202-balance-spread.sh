#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Four CPU-bound processes started on node 1 of an equal pair are spread
# 2 + 2 within a few seconds of the minimum age, and nothing moves after.
# Each holds 4 MiB, so node 1's balancer learns the price of a move from
# the two it made.
# nodes: 2
# boot: hpc.mosixd=1 hpc.minage=1
. "$(dirname "$0")/lib.sh"
SPIN=/opt/hpc/tests/spin

out=$(on 1 -t 300 -- "
pids=
for i in 1 2 3 4; do $SPIN 40 0 4 > /dev/null & pids=\"\$pids \$!\"; done
# wait (bounded) until two of them run on node 2
t=0; spread=no
while [ \$t -lt 150 ]; do
	n=0; for p in \$pids; do [ \"\$(cat /proc/\$p/where)\" = 2 ] && n=\$((n+1)); done
	[ \$n = 2 ] && { spread=yes; break; }
	usleep 200000; t=\$((t+1))
done
echo \"spread \$spread after \$((t / 5)) s\"
# then watch for ten more seconds: no process may move again
before=; for p in \$pids; do before=\"\$before \$(cat /proc/\$p/migrate)\"; done
places1=; for p in \$pids; do places1=\"\$places1 \$(cat /proc/\$p/where)\"; done
sleep 10
after=; for p in \$pids; do after=\"\$after \$(cat /proc/\$p/migrate)\"; done
places2=; for p in \$pids; do places2=\"\$places2 \$(cat /proc/\$p/where)\"; done
echo \"moves before:\$before after:\$after\"
echo \"places before:\$places1 after:\$places2\"
kill \$pids
" 2>&1)
sp=$(grep '^spread' <<<"$out")
if [[ $sp == "spread yes"* ]]; then ok "four jobs split 2 + 2 ($sp)"
else not_ok "four jobs split 2 + 2" "spread yes within 30 s" "$out
$(on 1 -t 30 -- 'cat /var/log/mosixd.log')"; fi
# what both balancers decided and saw, for a failure report
logs() {
	local n
	for n in 1 2; do
		echo "mosixd.log of node $n:"
		on $n -t 30 -- 'tail -n 40 /var/log/mosixd.log' 2>&1
	done
}
mv=$(grep '^moves' <<<"$out")
b=${mv#moves before:}; b=${b%% after:*}; a=${mv#* after:}
if [ "$b" = "$a" ]; then ok "no further moves in the next 10 s"
else
	not_ok "no further moves in the next 10 s" "$b" "$a"
	logs | sed 's/^/#   /'
fi
pl=$(grep '^places' <<<"$out")
pb=${pl#places before:}; pb=${pb%% after:*}; pa=${pl#* after:}
check "every job stays where it was placed" "$pb" "$pa"
# The price: learnt from what the kernel timed, logged, and in use.
price=$(on 1 -t 30 -- 'mosctl stats; grep "move price:" /var/log/mosixd.log' 2>&1)
moves=$(awk '$1 == "kernel" && $2 == "moves_sent" { print $3 }' <<<"$price")
bw=$(awk '$1 == "mosixd" && $2 == "move_bandwidth_kib_s" { print $3 }' <<<"$price")
if [ "${moves:-0}" -ge 2 ] && [ -n "$bw" ] && [ "$bw" != 10240 ] &&
   grep -q "move price: [0-9]* ms + $bw KiB/s" <<<"$price"; then
	ok "node 1 priced its moves from $moves it made: $bw KiB/s"
	echo "# $(grep 'move price:' <<<"$price" | tail -1)"
	echo "# $(grep 'kernel move' <<<"$price" | tr '\n' ' ')"
else
	not_ok "node 1 learns the price of a move" \
		"moves_sent >= 2, a learnt move_bandwidth_kib_s (not the assumed 10240), logged" \
		"$price"
fi
finish
