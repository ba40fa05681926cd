#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Failures, the other way round: the home node dies. A body that computes
# stops hearing its deputy's keepalives; a body blocked in a forwarded call
# (its deputy is blocked too, in a read of a pipe, and sends nothing)
# learns it from TCP keepalive. Either way the body ends on its node within
# seconds and the node logs why: no orphan goes on computing for nobody.
# nodes: 3
. "$(dirname "$0")/lib.sh"

T=/opt/hpc/tests/migexit

# bodies on node 2 whose home is node 3: one computing, one (flac, which
# moves as it starts: "exec 2") blocked reading a pipe nobody writes to
# (the writer only sleeps)
on 3 -t 30 -- "(sh -c 'echo \"exec 2\" > /proc/self/goto && exec $T loop') </dev/null >/dev/null 2>&1 &
(sleep 600 | sh -c 'echo \"exec 2\" > /proc/self/goto && exec flac -s -f -o /tmp/x.flac -') </dev/null >/dev/null 2>&1 &" >/dev/null 2>&1
if ! wait_for 2 60 'pidof migexit && pidof flac'; then
	not_ok "two bodies run on node 2" "migexit and flac on node 2" \
		"$(on 3 -t 30 -- 'ps; dmesg | tail -5' 2>&1)"
	finish
fi
ok "two bodies run on node 2"
# The reader must be waiting for its forwarded read, not still on its way.
wait_for 2 30 'p=$(pidof flac) && grep -q "^State:.*S" /proc/$p/status'
"$VC" kill -d "$VC_DIR" 3 >/dev/null 2>&1
start=$SECONDS
# gone PROG LIMIT WHAT: PROG has left node 2, within LIMIT s of the kill
gone() {
	if wait_for 2 60 "! pidof $1"; then
		local took=$((SECONDS - start))
		check "$3 ended within $2 s of its home's death" "yes" \
			"$([ $took -le "$2" ] && echo yes || echo "$took s")"
	else
		not_ok "$3 ended" "no $1 on node 2 within 60 s" \
			"$(on 2 -t 30 -- 'ps; dmesg | tail -5' 2>&1)"
	fi
}
gone migexit 15 "the computing body"
gone flac 20 "the body blocked in a forwarded read"
check "node 2 logged both homes lost" "2" \
	"$(on 2 -t 30 -- 'dmesg | grep -c "on node 3): home lost"' 2>&1)"
check "node 2 still takes work from node 1" "where 2" \
	"$(on 1 -t 60 -- "mosrun -2 $T usr1 0" 2>&1)"
finish
