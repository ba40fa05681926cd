#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Failures: the node running a body dies -> the deputy notices within
# seconds, ends with SIGKILL status and logs the lost node; the target dies
# while the image is in transit -> the process goes on at home. Needs root
# for the CPU cap on node 3 (scripts/slownode.sh); without it the kill may
# come after the image has arrived.
# nodes: 3
. "$(dirname "$0")/lib.sh"

T=/opt/hpc/tests/migexit

# 1. the body's node dies mid-run
on 1 -t 30 -- "sh -c 'sh -c \"echo \\\"exec 2\\\" > /proc/self/goto && exec $T loop\"; echo \$? > /tmp/st1' </dev/null >/dev/null 2>&1 &" >/dev/null 2>&1
if wait_for 1 60 'p=$(pidof migexit) && [ "$(cat /proc/$p/where)" = 2 ]'; then
	ok "migexit runs on node 2"
else
	not_ok "migexit runs on node 2" "where = 2" "$(on 1 -t 30 -- 'ps; dmesg | tail -5' 2>&1)"
fi
"$VC" kill -d "$VC_DIR" 2 >/dev/null 2>&1
start=$SECONDS
if wait_for 1 60 'test -s /tmp/st1'; then
	check "the deputy ended with SIGKILL status" "137" "$(on 1 -t 30 -- 'cat /tmp/st1' 2>&1)"
	took=$((SECONDS - start))
	check "it noticed within 15 s" "yes" "$([ $took -le 15 ] && echo yes || echo "$took s")"
else
	not_ok "the deputy ended" "/tmp/st1 written" "$(on 1 -t 30 -- 'ps; dmesg | tail -5' 2>&1)"
fi
check "the lost node is logged" "1" "$(on 1 -t 30 -- 'dmesg | grep -c "node 2 lost"' 2>&1)"

# 2. the target dies while a 48 MiB image is in transit. Node 3 is held to
# a tenth of a host CPU, so that the image takes seconds to arrive rather
# than a fraction of one, and is killed once node 1 has a connection to it.
on 1 -t 30 -- "$T bigloop 48 </dev/null >/dev/null 2>&1 &" >/dev/null 2>&1
wait_for 1 120 'p=$(pidof migexit) && [ "$(awk "/VmRSS/{print \$2}" /proc/$p/status)" -ge 49152 ]' ||
	not_ok "bigloop touched its memory" "VmRSS >= 48 MiB" "$(on 1 -t 30 -- 'ps' 2>&1)"
pid3=$(cat "$VC_DIR/node3.pid")
slownode=$(dirname "$0")/../../scripts/slownode.sh
slow=no
"$slownode" "$pid3" 1 10 2>/dev/null && slow=yes
on 1 -t 30 -- 'echo 3 > /proc/$(pidof migexit)/goto' >/dev/null 2>&1
# 10.77.0.3 in /proc/net/tcp, state 01 (established)
[ $slow = yes ] && wait_for 1 20 'grep -qE " 03004D0A:[0-9A-F]{4} 01 " /proc/net/tcp'
"$VC" kill -d "$VC_DIR" 3 >/dev/null 2>&1
[ $slow = yes ] && "$slownode" -u "$pid3"
if wait_for 1 90 'dmesg | grep -q "stays home: migration to node 3 failed"'; then
	ok "the migration to node 3 failed"
else
	not_ok "the migration to node 3 failed" "a 'stays home' log line" "$(on 1 -t 30 -- 'dmesg | tail -5' 2>&1)"
fi
out=$(on 1 -t 60 -- 'p=$(pidof migexit) && cat /proc/$p/where && kill -TERM $p && echo killed' 2>&1)
check "the process goes on at home" "$(printf '1\nkilled')" "$out"
finish
