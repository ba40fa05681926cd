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
if wait_for 2 60 '! pidof migexit'; then
	took=$((SECONDS - start))
	check "the computing body ended within 15 s of its home's death" "yes" \
		"$([ $took -le 15 ] && echo yes || echo "$took s")"
else
	not_ok "the computing body ended" "no migexit on node 2 within 60 s" \
		"$(on 2 -t 30 -- 'ps; dmesg | tail -5' 2>&1)"
fi
if wait_for 2 60 '! pidof flac'; then
	took=$((SECONDS - start))
	check "the body blocked in a forwarded read ended within 20 s" "yes" \
		"$([ $took -le 20 ] && echo yes || echo "$took s")"
else
	not_ok "the body blocked in a forwarded read ended" "no flac on node 2 within 60 s" \
		"$(on 2 -t 30 -- 'ps; dmesg | tail -5' 2>&1)"
fi
check "node 2 logged both homes lost" "2" \
	"$(on 2 -t 30 -- 'dmesg | grep -c "on node 3): home lost"' 2>&1)"
check "node 2 still takes work from node 1" "where 2" \
	"$(on 1 -t 60 -- "mosrun -2 $T usr1 0" 2>&1)"
finish
