#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A process whose interval timer fires every 2 ms moves to node 2 and back
# three times with 32 MiB of memory: signals arriving while its image is on
# the wire must not cut a migration message in half. Every move completes,
# the memory is intact and the handler ran throughout.
# nodes: 2
. "$(dirname "$0")/lib.sh"

out=$(on 1 -t 300 -- '
# poll until the process is on node $2 (10 s at most)
at() { n=0; while [ "$(cat /proc/$1/where 2>/dev/null)" != "$2" ]; do
	n=$((n + 1)); [ $n -lt 100 ] || return 1; usleep 100000; done; }
rm -f /tmp/h.out
/opt/hpc/tests/memhog 32 240 2000 > /tmp/h.out & p=$!
n=0; until grep -q ready /tmp/h.out 2>/dev/null; do n=$((n + 1)); [ $n -lt 300 ] || break; usleep 100000; done
moves=0
for r in 1 2 3; do
	echo 2 > /proc/$p/goto; at $p 2 || break
	echo home > /proc/$p/goto; at $p 1 || break
	moves=$((moves + 2))
done
kill -USR1 $p; wait $p; s=$?
echo "moves $moves exit $s $(tail -1 /tmp/h.out)"' 2>&1)
case $out in
"moves 6 exit 0 intact "?" alarms "[1-9]*)
	ok "6 moves under a 2 ms timer, memory intact, handler ran" ;;
*) not_ok "6 moves under a 2 ms timer, memory intact, handler ran" \
	"moves 6 exit 0 intact X alarms N (N > 0)" "$out" ;;
esac
lost=$(on 1 -t 30 -- 'dmesg | grep -c "lost\|cannot go home\|channel to node"' 2>&1)
check "no channel broke and no process was lost" 0 "$lost"
finish
