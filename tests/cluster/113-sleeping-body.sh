#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A body that sleeps on its node (nanosleep runs locally) still answers
# its deputy's keepalives, takes signals at once and can be called home
# mid-sleep: a long sleep is not mistaken for a lost node.
# nodes: 2
. "$(dirname "$0")/lib.sh"

T=/opt/hpc/tests/migexit
NOW='cut -d" " -f1 /proc/uptime'
out=$(on 1 -t 120 -- "t0=\$($NOW); mosrun -2 sleep 10 & p=\$!
n=0; while [ \"\$(cat /proc/\$p/where)\" != 2 ] && [ \$n -lt 300 ]; do usleep 100000; n=\$((n+1)); done
sleep 8; w=\$(cat /proc/\$p/where); wait \$p; s=\$?
echo \"\$w \$s \$(awk -v a=\$t0 -v b=\$($NOW) 'BEGIN { print (b - a >= 10) }')\"" 2>&1)
check "sleep 10 on node 2: still there after 8 s, exit 0, 10 s or more" "2 0 1" "$out"
check "no node was declared lost" 0 "$(on 1 -t 30 -- 'dmesg | grep -c "lost"' 2>&1)"

out=$(on 1 -t 120 -- "mosrun -2 sleep 6 & p=\$!
n=0; while [ \"\$(cat /proc/\$p/where)\" != 2 ] && [ \$n -lt 300 ]; do usleep 100000; n=\$((n+1)); done
echo home > /proc/\$p/goto
n=0; while [ \"\$(cat /proc/\$p/where)\" != 1 ] && [ \$n -lt 50 ]; do usleep 100000; n=\$((n+1)); done
echo \"\$(cat /proc/\$p/where) after \$n\"; wait \$p; echo \"exit \$?\"" 2>&1)
case $out in
"1 after "*"exit 0") ok "called home mid-sleep: home within 5 s, the sleep ends there, exit 0" ;;
*) not_ok "called home mid-sleep: home within 5 s, the sleep ends there, exit 0" \
	"1 after N / exit 0" "$out" ;;
esac

out=$(on 1 -t 120 -- "sh -c 'echo \"exec 2\" > /proc/self/goto && exec $T nap 30' & p=\$!
n=0; while [ \"\$(cat /proc/\$p/where)\" != 2 ] && [ \$n -lt 300 ]; do usleep 100000; n=\$((n+1)); done
kill -USR1 \$p; wait \$p" 2>&1)
check "a signal cuts a sleep on node 2 short (EINTR), the handler ran there" \
	"nap: Interrupted system call after a signal: 1 at node 2" "$out"
finish
