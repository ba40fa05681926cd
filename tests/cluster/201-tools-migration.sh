#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The user's controls on a live cluster: mosrun -2, mosrun -s / -f (load
# decay), migrate there and back, runhome under load, mosctl block.
# nodes: 2
# boot: hpc.mosixd=1 hpc.minage=1
. "$(dirname "$0")/lib.sh"
SPIN=/opt/hpc/tests/spin

# mosrun -2: runs on node 2, output and exit status come home
out=$(on 1 -t 300 -- "
$SPIN 20 7 > /tmp/out1 &
pid=\$!
mosrun -2 $SPIN 3 5; echo \"status \$?\"
kill \$pid
mosrun -2 $SPIN 20 0 > /tmp/out2 &
pid=\$!
i=0; while [ \$i -lt 100 ] && [ \"\$(cat /proc/\$pid/where)\" != 2 ]; do usleep 100000; i=\$((i+1)); done
echo \"where \$(cat /proc/\$pid/where)\"
mps | awk -v p=\$pid '\$1 == p { print \"mps \" \$3 }'
kill \$pid" 2>&1)
check "mosrun -2: the job's exit status reaches the home shell" "status 5" "$(grep '^status' <<<"$out")"
if grep -q '^spun ' <<<"$out"; then ok "mosrun -2: the job's output reaches the home shell"
else not_ok "mosrun -2: the job's output reaches the home shell" "a 'spun' line" "$out"; fi
check "mosrun -2: /proc/PID/where says 2" "where 2" "$(grep '^where' <<<"$out")"
check "mosrun -2: mps shows node 2" "mps 2" "$(grep '^mps' <<<"$out")"

# mosrun -s / -f: /proc/PID/decay is set, survives exec, is inherited by
# children, and a migrated process still reads its own (kept at home): a
# body opens /proc/self/decay through its deputy, whose it is.
out=$(on 1 -t 120 -- '
echo "plain $(cat /proc/self/decay)"
mosrun -s sh -c "echo \"self \$(cat /proc/\$\$/decay)\"; echo \"child \$(cat /proc/self/decay)\""
mosrun -s mosrun -f sh -c "echo \"reset \$(cat /proc/self/decay)\""
echo "remote $(mosrun -2 -s head -q -n 1 /proc/self/where /proc/self/decay | tr "\n" " ")"' 2>&1)
check "a plain process has fast decay" "plain fast" "$(grep '^plain' <<<"$out")"
check "mosrun -s: the command has slow decay" "self slow" "$(grep '^self' <<<"$out")"
check "mosrun -s: a child inherits slow decay" "child slow" "$(grep '^child' <<<"$out")"
check "mosrun -f: back to fast decay" "reset fast" "$(grep '^reset' <<<"$out")"
check "mosrun -2 -s: on node 2 the process reads slow" "remote 2 slow " "$(grep '^remote' <<<"$out")"

# hint and decay travel with the image: node 2's own /proc (what its
# balancer reads) shows them on the guest body
on 1 -t 30 -- 'mosrun -2 -s -c sleep 60 >/dev/null 2>&1 & echo $! > /tmp/guest.pid' >/dev/null
GUESTS='for p in /proc/[0-9]*; do
	grep -qx "guest from another node" $p/cantmove 2>/dev/null &&
		echo "$(cat $p/hint) $(cat $p/decay)"; done'
wait_for 2 60 "[ -n \"\$($GUESTS)\" ]"
check "on node 2 the guest body's hint and decay are its home's" "cpu slow" \
	"$(on 2 -t 30 -- "$GUESTS" 2>&1)"
on 1 -t 30 -- 'kill $(cat /tmp/guest.pid)' >/dev/null 2>&1

# migrate PID 2, then migrate PID home (mosctl stay keeps the balancer's
# hands off node 1's processes meanwhile; manual moves still work)
out=$(on 1 -t 300 -- "
mosctl stay
$SPIN 60 > /dev/null &
pid=\$!
migrate \$pid 2; echo \"migrate-there \$?\"
i=0; while [ \$i -lt 100 ] && [ \"\$(cat /proc/\$pid/where)\" != 2 ]; do usleep 100000; i=\$((i+1)); done
echo \"there \$(cat /proc/\$pid/where)\"
migrate \$pid home; echo \"migrate-home \$?\"
i=0; while [ \$i -lt 100 ] && [ \"\$(cat /proc/\$pid/where)\" != 1 ]; do usleep 100000; i=\$((i+1)); done
echo \"home \$(cat /proc/\$pid/where) migrations \$(cat /proc/\$pid/migrate)\"
kill \$pid
mosctl nostay" 2>&1)
check "migrate PID 2 succeeds" "migrate-there 0" "$(grep '^migrate-there' <<<"$out")"
check "the process runs on node 2" "there 2" "$(grep '^there' <<<"$out")"
check "migrate PID home succeeds" "migrate-home 0" "$(grep '^migrate-home' <<<"$out")"
check "the process is home again after two moves" "home 1 migrations 2" "$(grep '^home' <<<"$out")"

# runhome: never leaves home, even with node 2 idle and node 1 loaded
out=$(on 1 -t 300 -- "
pids=
for i in 1 2 3; do runhome $SPIN 8 > /dev/null & pids=\"\$pids \$!\"; done
away=0
for t in \$(seq 1 40); do
	for p in \$pids; do
		w=\$(cat /proc/\$p/where 2>/dev/null) && [ \"\$w\" != 1 ] && away=1
	done
	usleep 200000
done
wait
echo \"away \$away\"" 2>&1)
check "runhome jobs never leave home under load" "away 0" "$(grep '^away' <<<"$out")"

# mosctl block on node 2 keeps new guests away
on 2 -t 30 -- 'mosctl block' >/dev/null 2>&1
out=$(on 1 -t 300 -- "
$SPIN 15 > /dev/null &
pid=\$!
migrate \$pid 2 2>&1
for t in \$(seq 1 30); do
	[ \"\$(cat /proc/\$pid/where)\" = 2 ] && { echo landed; break; }
	usleep 200000
done
echo \"where \$(cat /proc/\$pid/where)\"
kill \$pid" 2>&1)
check "a blocked node takes no guest" "where 1" "$(grep '^where' <<<"$out")" 2
on 2 -t 30 -- 'mosctl noblock' >/dev/null 2>&1
check "mosctl noblock clears the flag" "0" "$(on 2 -t 30 -- 'cat /proc/hpc/admin/block')" 2
finish
