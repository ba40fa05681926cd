#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Only holders of the cluster key take part: migration channels prove the
# key and seal their frames (on by default; when both ends switch
# encryption off, frames are signed instead, never bare); a node with
# another key can neither send nor receive a process and
# its load vectors are dropped; a frame spoiled in flight is caught, and
# the process carries on at home or ends, never runs on with bad data.
# nodes: 3
# boot: hpc.mosixd=1
. "$(dirname "$0")/lib.sh"

T=/opt/hpc/tests/migexit
stat() { on "$1" -t 30 -- "awk '\$1 == \"$2\" { print \$2 }' /proc/hpc/admin/stats" 2>&1; }
# run "migexit ARGS" on node $1 (mosrun style) from node $2, print its $?
remote() { echo "sh -c 'echo \"exec $1\" > /proc/self/goto && exec $T ${*:2}'"; }
# grew DESCRIPTION BEFORE AFTER [NODE]: a counter went up
grew() {
	if [ "${3:-x}" -gt "${2:-0}" ] 2>/dev/null; then ok "$1 ($2 -> $3)"
	else not_ok "$1" "more than $2" "$3" "${4:-1}"; fi
}
# start "migexit exit $2", ask it to go to node $1, wait until the kernel
# says the move failed; print where it is then and its exit status
refused() {
	echo "$T exit $2 & pid=\$!; echo $1 > /proc/\$pid/goto; n=0
until dmesg | grep -q \"(\$pid) stays home: migration to node $1\" || [ \$n -ge 300 ]; do usleep 100000; n=\$((n+1)); done
w=\$(cat /proc/\$pid/where); wait \$pid; echo \$w \$?"
}

# --- keyed and sealed by default ------------------------------------------------
check "node 1 has the cluster key" 1 "$(stat 1 key)"
# (the KUnit suites that ran at boot take their own test frames back out)
check "a node fresh from boot has counted no bad frame" 0 "$(stat 3 bad_frames)" 3
check "encryption is on by default" 1 "$(on 1 -t 30 -- cat /proc/hpc/admin/encrypt 2>&1)"
check "the key cannot be read back" denied \
	"$(on 1 -t 30 -- 'cat /proc/hpc/admin/key >/dev/null 2>&1 && echo read || echo denied' 2>&1)"
s0=$(stat 2 channels_sealed)
out=$(on 1 -t 300 -- '/opt/hpc/tests/migmem 1 2; echo "exit $?"' 2>&1)
check "memory, registers and TLS survive a sealed round trip" \
	"$(printf 'round 1: migrations 2\nPASS: 1 rounds, 2 migrations\nexit 0')" "$out"
s1=$(stat 2 channels_sealed)
grew "node 2 counts the sealed channel" "$s0" "$s1" 2

# --- encryption off: only when both ends say so ---------------------------------
on 1 -t 30 -- 'mosctl noencrypt' >/dev/null 2>&1
p0=$(stat 2 channels_plain)
s0=$(stat 2 channels_sealed)
check "one end off: still sealed, exit 7 comes home" 7 \
	"$(on 1 -t 300 -- "$(remote 2 exit 7); echo \$?" 2>&1)"
s1=$(stat 2 channels_sealed)
grew "one end off: the channel was sealed" "$s0" "$s1" 2
on 2 -t 30 -- 'mosctl noencrypt' >/dev/null 2>&1
check "both ends off: exit 8 comes home" 8 \
	"$(on 1 -t 300 -- "$(remote 2 exit 8); echo \$?" 2>&1)"
p1=$(stat 2 channels_plain)
grew "both ends off: the channel was plain" "$p0" "$p1" 2
# a frame is still authenticated in clear: a spoiled image frame (its tag
# flipped) is refused and the process finishes at home
b0=$(stat 2 bad_frames)
check "both ends off: a spoiled image frame, the process ends at home, exit 4" 4 \
	"$(on 1 -t 300 -- "echo 3 > /proc/hpc/admin/tamper; $(remote 2 exit 4); echo \$?" 2>&1)"
b1=$(stat 2 bad_frames)
grew "both ends off: node 2 caught the spoiled signed frame" "$b0" "$b1" 2
on 1 -t 30 -- 'mosctl encrypt' >/dev/null 2>&1
on 2 -t 30 -- 'mosctl encrypt' >/dev/null 2>&1

# --- a frame spoiled on its way ---------------------------------------------------
# the third sealed frame node 1 sends is part of the image: node 2 rejects
# it, the migration fails and the process finishes at home
stayed() { on 1 -t 30 -- 'dmesg | grep -c "migexit .* stays home: migration to node 2 failed"' 2>&1; }
b0=$(stat 2 bad_frames)
h0=$(stayed)
out=$(on 1 -t 300 -- "echo 3 > /proc/hpc/admin/tamper; $(remote 2 exit 9); echo \$?" 2>&1)
check "an image frame spoiled in flight: the process ends at home, exit 9" 9 "$out"
b1=$(stat 2 bad_frames)
grew "node 2 caught the spoiled image frame" "$b0" "$b1" 2
check "node 1 logged that it stayed home" $((h0 + 1)) "$(stayed)"
# a reply spoiled while the body runs on node 2: the body cannot trust
# its channel any more and the process ends (SIGKILL), nothing hangs
b0=$(stat 2 bad_frames)
out=$(on 1 -t 300 -- "
sh -c 'echo \"exec 2\" > /proc/self/goto && exec /opt/hpc/tests/sysrtt 100000000' >/dev/null &
pid=\$!
n=0
while [ \"\$(cat /proc/\$pid/where 2>/dev/null)\" != 2 ] && [ \$n -lt 300 ]; do usleep 100000; n=\$((n+1)); done
echo 5 > /proc/hpc/admin/tamper
wait \$pid; echo \$?" 2>&1 | grep -v "^sh:\|Killed")
check "a reply spoiled in flight: the process is killed, \$? 137" 137 "$out"
b1=$(stat 2 bad_frames)
grew "node 2 caught the spoiled reply" "$b0" "$b1" 2
wait_for 2 30 '[ "$(ps | grep -c "[s]ysrtt")" = 0 ]' &&
	ok "no body left on node 2" ||
	not_ok "no body left on node 2" "no sysrtt" "$(on 2 -t 30 -- ps 2>&1)" 2

# --- node 3 holds another key -------------------------------------------------------
on 3 -t 30 -- '
head -c 32 /dev/urandom > /tmp/other.key && chmod 600 /tmp/other.key &&
mosctl setkey /tmp/other.key &&
killall mosixd; n=0; while pidof mosixd >/dev/null && [ $n -lt 100 ]; do usleep 100000; n=$((n+1)); done
mosixd -f -m /etc/mosix.map -n 3 -k /tmp/other.key >>/var/log/mosixd.log 2>&1 </dev/null &' \
	>/dev/null 2>&1
a0=$(stat 1 auth_failed)
check "to a node with another key: the process stays home, exit 5" "1 5" \
	"$(on 1 -t 300 -- "$(refused 3 5)" 2>&1)"
a1=$(stat 1 auth_failed)
grew "node 1 counts node 3's failed proof" "$a0" "$a1"
check "node 1 logged node 3's address" 1 \
	"$(on 1 -t 30 -- 'dmesg | grep -q "(10.77.0.3): peer failed authentication" && echo 1' 2>&1)"
a0=$(stat 3 auth_failed)
h0=$(stat 1 bad_handshake)
check "from a node with another key: nothing arrives, exit 6 on node 3" "3 6" \
	"$(on 3 -t 300 -- "$(refused 1 6)" 2>&1)"
a1=$(stat 3 auth_failed)
h1=$(stat 1 bad_handshake)
grew "node 3 found node 1's proof wrong" "$a0" "$a1" 3
grew "node 1 counts the cut handshake" "$h0" "$h1"
check "no body from node 3 ran on node 1" 0 \
	"$(on 1 -t 30 -- 'dmesg | grep -c "body of pid .* from node 3"' 2>&1)"
# load vectors signed with the other key are dropped: node 3 goes dead
wait_for 1 60 'mosctl isup 3; [ $? = 1 ]' &&
	ok "node 1's balancer drops node 3's load vectors: node 3 is down" ||
	not_ok "node 1's balancer drops node 3's load vectors" "mosctl isup 3: 1 (down)" \
		"$(on 1 -t 30 -- 'mosctl status 3; tail -5 /var/log/mosixd.log' 2>&1)"
check "node 1's balancer logged the dropped packets" 1 \
	"$(on 1 -t 30 -- 'grep -q "10.77.0.3.*unauthenticated packet dropped" /var/log/mosixd.log && echo 1' 2>&1)"
out=$(on 1 -t 30 -- 'mosctl stats' 2>&1)
if awk '$1 == "kernel" && $2 == "auth_failed" && $3 > 0 { k = 1 }
	$1 == "mosixd" && $2 == "rx_unauthenticated" && $3 > 0 { m = 1 }
	END { exit !(k && m) }' <<<"$out"; then
	ok "mosctl stats shows both: failed proofs (kernel) and dropped vectors (mosixd)"
else
	not_ok "mosctl stats shows both: failed proofs (kernel) and dropped vectors (mosixd)" \
		"kernel auth_failed > 0 and mosixd rx_unauthenticated > 0" "$out"
fi
wait_for 1 30 'mosctl isup 2' && ok "node 2 is still up for node 1" ||
	not_ok "node 2 is still up for node 1" "isup 2: 0" "$(on 1 -t 30 -- 'mosctl status 2' 2>&1)"
finish
