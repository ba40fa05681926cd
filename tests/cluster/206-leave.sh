#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Leaving the cluster waits for the processes to move: setpe -off on a node
# with one of its processes on node 2 and a guest from node 3 returns only
# once both are where they belong, clears the map, and both go on to their
# normal end. mosix-leave (the service's stop command) waits the same way
# for a guest and a process away. mosrun -F falls back when the node asked
# for is down.
# nodes: 3
# boot: hpc.mosixd=1
. "$(dirname "$0")/lib.sh"

T=/opt/hpc/tests/migexit
# the guests on a node: PIDs whose cantmove says so
GUESTS='for c in /proc/[0-9]*/cantmove; do [ "$(cat $c 2>/dev/null)" = "guest from another node" ] && echo ${c%/cantmove}; done'

# job NODE TARGET NAME ARGS...: NODE's shell starts "migexit ARGS" with its
# body sent to TARGET; its PID, output and exit status go to
# /tmp/NAME.{pid,out,st} on NODE.
job() {
	local node=$1 target=$2 name=$3
	shift 3
	on "$node" -t 30 -- "cat > /tmp/$name.sh <<'EOF'
echo \$\$ > /tmp/$name.pid
echo 'exec $target' > /proc/self/goto && exec $T $*
EOF
(sh /tmp/$name.sh > /tmp/$name.out 2>&1; echo \$? > /tmp/$name.st) </dev/null >/dev/null 2>&1 &" >/dev/null 2>&1
}
# where NAME: the where of job NAME, read on its home node
where_is() { echo "cat /proc/\$(cat /tmp/$1.pid)/where"; }
# expect_where NODE NAME N DESCRIPTION: job NAME of NODE runs on N (60 s)
expect_where() {
	if wait_for "$1" 60 "[ \"\$($(where_is "$2"))\" = $3 ]"; then
		ok "$4"
	else
		not_ok "$4" "where = $3" "$(on "$1" -t 30 -- "$(where_is "$2"); ps" 2>&1)" "$1"
	fi
}

# The balancers run (mosrun -F asks them), but must not move anything of
# this test on their own.
for n in 1 2 3; do on $n -t 30 -- 'mosctl stay' >/dev/null 2>&1; done

# --- setpe -off ------------------------------------------------------------
job 1 2 a usr1 2
expect_where 1 a 2 "node 1's job a runs on node 2"
job 3 1 b usr1 2
expect_where 3 b 1 "node 3's job b runs on node 1 as a guest"
check "node 1 counts one guest" 1 "$(on 1 -t 30 -- "$GUESTS | wc -l" 2>&1)"
# one signal each while away: the handlers' count must survive the moves
on 1 -t 30 -- 'kill -USR1 $(cat /tmp/a.pid)' >/dev/null 2>&1
on 3 -t 30 -- 'kill -USR1 $(cat /tmp/b.pid)' >/dev/null 2>&1

# Right when setpe returns, the process must be home and the guest gone.
out=$(on 1 -t 150 -- "
setpe -off -t 90 > /tmp/off.log 2>&1; echo \"rc \$?\"
w=\$($(where_is a))
case \$w in 0|1) echo 'a home' ;; *) echo \"a on node \$w\" ;; esac
echo \"guests \$($GUESTS | wc -l)\"
echo \"map [\$(cat /proc/hpc/admin/config)] mospe \$(cat /proc/hpc/admin/mospe)\"
echo \"block \$(cat /proc/hpc/admin/block) stay \$(cat /proc/hpc/admin/stay)\"
cat /tmp/off.log" 2>&1)
check "setpe -off exits 0" "rc 0" "$(grep '^rc' <<<"$out")"
check "setpe -off returned with job a home" "a home" "$(grep '^a ' <<<"$out")"
check "setpe -off returned with no guest left" "guests 0" "$(grep '^guests' <<<"$out")"
check "setpe -off cleared the map and the node's id" "map [] mospe 0" "$(grep '^map' <<<"$out")"
check "setpe -off put block and stay back (0 and 1)" "block 0 stay 1" "$(grep '^block' <<<"$out")"
grep -q '^rc 0' <<<"$out" || sed 's/^/#   /' <<<"$out"
check "job b is home on node 3" 3 "$(on 3 -t 30 -- "$(where_is b)" 2>&1)" 3

# Node 1 comes back; then both jobs take their second signal at home and end.
on 1 -t 30 -- 'setpe -w -f /etc/mosix.map -p 1' >/dev/null 2>&1
check "node 1 joins again" 1 "$(on 1 -t 30 -- 'cat /proc/hpc/admin/mospe' 2>&1)"
on 1 -t 30 -- 'kill -USR1 $(cat /tmp/a.pid)' >/dev/null 2>&1
on 3 -t 30 -- 'kill -USR1 $(cat /tmp/b.pid)' >/dev/null 2>&1
for j in "1 a" "3 b"; do
	set -- $j
	if wait_for "$1" 60 "test -s /tmp/$2.st"; then
		check "job $2 ends at home on node $1 after its two signals" \
			"$(printf 'where %s\n2' "$1")" "$(on "$1" -t 30 -- "cat /tmp/$2.out /tmp/$2.st" 2>&1)" "$1"
	else
		not_ok "job $2 ends" "/tmp/$2.st written" "$(on "$1" -t 30 -- 'ps' 2>&1)" "$1"
	fi
done

# --- mosix-leave -------------------------------------------------------------
# Not in the node image: the packaged script is sent over.
on 1 -i -t 30 -- 'cat > /tmp/mosix-leave && chmod +x /tmp/mosix-leave' \
	< "$(dirname "$0")/../../packaging/hpc-tools/mosix-leave" >/dev/null 2>&1
job 3 1 c usr1 1
expect_where 3 c 1 "node 3's job c runs on node 1 as a guest"
job 1 2 d usr1 1
expect_where 1 d 2 "node 1's job d runs on node 2"
out=$(on 1 -t 150 -- "
MOSIX_LEAVE_TIMEOUT=90 /tmp/mosix-leave; echo \"rc \$?\"
w=\$($(where_is d))
[ \"\$w\" = 1 ] && echo 'd home' || echo \"d on node \$w\"
echo \"guests \$($GUESTS | wc -l)\"" 2>&1)
check "mosix-leave returned with job d home" "d home" "$(grep '^d ' <<<"$out")"
check "mosix-leave returned with no guest left" "guests 0" "$(grep '^guests' <<<"$out")"
check "mosix-leave keeps the map" 1 "$(on 1 -t 30 -- 'cat /proc/hpc/admin/mospe' 2>&1)"
check "job c is home on node 3" 3 "$(on 3 -t 30 -- "$(where_is c)" 2>&1)" 3
for j in "3 c" "1 d"; do
	set -- $j
	on "$1" -t 30 -- "kill -USR1 \$(cat /tmp/$2.pid)" >/dev/null 2>&1
	if wait_for "$1" 60 "test -s /tmp/$2.st"; then
		check "job $2 ends at home on node $1" "$(printf 'where %s\n1' "$1")" \
			"$(on "$1" -t 30 -- "cat /tmp/$2.out /tmp/$2.st" 2>&1)" "$1"
	else
		not_ok "job $2 ends" "/tmp/$2.st written" "$(on "$1" -t 30 -- 'ps' 2>&1)" "$1"
	fi
done

# --- mosrun -F with node 2 down --------------------------------------------
# mosrun trusts the balancer: a node is down once it saw it go silent.
wait_for 3 60 'mosctl isup 2' ||
	not_ok "node 3's balancer hears node 2" "isup 2" "$(on 3 -t 30 -- 'mosctl status 2' 2>&1)" 3
"$VC" kill -d "$VC_DIR" 2 >/dev/null 2>&1
if wait_for 3 60 'mosctl status 2 | grep -q "^node 2: dead"'; then
	ok "node 3's balancer sees node 2 dead"
else
	not_ok "node 3's balancer sees node 2 dead" "node 2: dead" "$(on 3 -t 30 -- 'mosctl status 2' 2>&1)" 3
fi
out=$(on 3 -t 120 -- "mosrun -2 $T exit 6 2>&1; echo \"status \$?\"" 2>&1)
check "mosrun -2 without -F refuses a dead node" \
	"$(printf 'mosrun: node 2 is down (use -F to fall back)\nstatus 125')" "$out" 3
# node 1 is the only other live node
BODIES='dmesg | grep -c "hpc: body of pid .* from node 3 runs here"'
before=$(on 1 -t 30 -- "$BODIES" 2>&1)
check "mosrun -F -2 runs the job on node 1 instead" "$(printf 'where 1\nstatus 0')" \
	"$(on 3 -t 120 -- "mosrun -F -2 $T usr1 0; echo \"status \$?\"" 2>&1)" 3
check "mosrun -F -2: the job's exit status comes home" "status 6" \
	"$(on 3 -t 120 -- "mosrun -F -2 $T exit 6; echo \"status \$?\"" 2>&1)" 3
check "node 1 ran both fallback bodies" "$((before + 2))" "$(on 1 -t 30 -- "$BODIES" 2>&1)"
finish
