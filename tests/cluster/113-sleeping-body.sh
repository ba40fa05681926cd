#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A body that sleeps on its node (nanosleep runs locally) still answers
# its deputy's keepalives, takes signals at once and can be called home
# mid-sleep: a long sleep is not mistaken for a lost node. Called home,
# or stopped and continued, the sleep goes on for the time it had left;
# so does a timed futex wait called home.
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

out=$(on 1 -t 120 -- "t0=\$($NOW); mosrun -2 sleep 6 & p=\$!
n=0; while [ \"\$(cat /proc/\$p/where)\" != 2 ] && [ \$n -lt 300 ]; do usleep 100000; n=\$((n+1)); done
echo home > /proc/\$p/goto
n=0; while [ \"\$(cat /proc/\$p/where)\" != 1 ] && [ \$n -lt 50 ]; do usleep 100000; n=\$((n+1)); done
echo \"\$(cat /proc/\$p/where) after \$n\"; wait \$p; echo \"exit \$?\"
awk -v a=\$t0 -v b=\$($NOW) 'BEGIN { print (b - a >= 6 ? \"whole\" : \"short\") }'" 2>&1)
check_like "called home mid-sleep: home within 5 s, the sleep ends there, exit 0" \
	"1 after *exit 0*whole" "1 after N / exit 0 / whole (6 s or more in all)" "$out"

# nap_left OUT: the seconds nanosleep() reported left in a nap's line
nap_left() { sed -n 's/.*, \([0-9]*\) s left$/\1/p' <<<"$1"; }

# Called home 10 s into a 30 s sleep, the rest goes on at home: a signal
# there finds 20 s or less left (a sleep that started over would have 29).
out=$(on 1 -t 120 -- "sh -c 'echo \"exec 2\" > /proc/self/goto && exec $T nap 30' & p=\$!
n=0; while [ \"\$(cat /proc/\$p/where)\" != 2 ] && [ \$n -lt 300 ]; do usleep 100000; n=\$((n+1)); done
sleep 10; echo home > /proc/\$p/goto
n=0; while [ \"\$(cat /proc/\$p/where)\" != 1 ] && [ \$n -lt 50 ]; do usleep 100000; n=\$((n+1)); done
kill -USR1 \$p; wait \$p" 2>&1)
left=$(nap_left "$out")
case $out in
"nap: Interrupted system call after a signal: 1 at node 1, "*) good=1 ;;
*) good=0 ;;
esac
if [ "$good" = 1 ] && [ -n "$left" ] && [ "$left" -ge 8 ] && [ "$left" -le 20 ]; then
	ok "called home 10 s into a 30 s sleep: $left s of it left at home"
else
	not_ok "called home 10 s into a 30 s sleep: the rest goes on at home" \
		"nap: Interrupted system call after a signal: 1 at node 1, 8..20 s left" "$out"
fi

# Stopped on node 2, the process goes home to stop (a stop is its home's
# business); continued there, its sleep goes on through the restart block
# home built for it and ends well.
out=$(on 1 -t 120 -- "t0=\$($NOW); mosrun -2 sleep 8 & p=\$!
n=0; while [ \"\$(cat /proc/\$p/where)\" != 2 ] && [ \$n -lt 300 ]; do usleep 100000; n=\$((n+1)); done
kill -STOP \$p
n=0; while [ \"\$(cat /proc/\$p/where)\" != 1 ] && [ \$n -lt 100 ]; do usleep 100000; n=\$((n+1)); done
echo \"stopped at \$(cat /proc/\$p/where)\"; kill -CONT \$p; wait \$p; echo \"exit \$?\"
awk -v a=\$t0 -v b=\$($NOW) 'BEGIN { print (b - a >= 8 ? \"whole\" : \"short\") }'" 2>&1)
check_like "a sleep stopped on node 2 and continued at home ends well after its 8 s" \
	"stopped at 1*exit 0*whole" "stopped at 1 / exit 0 / whole" "$out"

# (the signal goes once the handler is in place: before, it would kill)
out=$(on 1 -t 120 -- "rm -f /tmp/nap.ready
MIGEXIT_READY=/tmp/nap.ready sh -c 'echo \"exec 2\" > /proc/self/goto && exec $T nap 30' & p=\$!
n=0; while { [ \"\$(cat /proc/\$p/where)\" != 2 ] || ! [ -e /tmp/nap.ready ]; } && [ \$n -lt 300 ]; do usleep 100000; n=\$((n+1)); done
kill -USR1 \$p; wait \$p" 2>&1)
case $out in
"nap: Interrupted system call after a signal: 1 at node 2, "*" s left") good=1 ;;
*) good=0 ;;
esac
if [ "$good" = 1 ] && [ "$(nap_left "$out")" -le 30 ]; then
	ok "a signal cuts a sleep on node 2 short (EINTR), the handler ran there"
else
	not_ok "a signal cuts a sleep on node 2 short (EINTR), the handler ran there" \
		"nap: Interrupted system call after a signal: 1 at node 2, N s left" "$out"
fi
# A timed futex wait (a single-threaded process's sem_timedwait or
# pthread_cond_timedwait) runs on the body's node and is woken there by
# every keepalive. Called home 3 s into a 10 s wait, it waits out the rest
# at home: it times out 10 s after it began (the move to node 2 adds a
# little), neither with a spurious EINTR (3 s) nor started over (13 s). A
# signal at home still cuts it short with EINTR.
# fwait_home MODE [SIGNAL]: the line the wait printed, then its seconds
fwait_home() {
	on 1 -t 120 -- "t0=\$($NOW); sh -c 'echo \"exec 2\" > /proc/self/goto && exec $T $1 10' & p=\$!
n=0; while [ \"\$(cat /proc/\$p/where)\" != 2 ] && [ \$n -lt 300 ]; do usleep 100000; n=\$((n+1)); done
sleep 3; echo home > /proc/\$p/goto
n=0; while [ \"\$(cat /proc/\$p/where)\" != 1 ] && [ \$n -lt 50 ]; do usleep 100000; n=\$((n+1)); done
${2:+kill -$2 \$p;} wait \$p
awk -v a=\$t0 -v b=\$($NOW) 'BEGIN { printf \"%d s\\n\", b - a }'" 2>&1
}
for mode in fwait fwaitrt; do
	check_like "$mode 10 s, called home after 3 s: times out at home after 10 s" \
		"$mode: * timed out after a signal: 0 at node 1"$'\n'"1[012] s" \
		"$mode: ... timed out after a signal: 0 at node 1 / 10..12 s" "$(fwait_home $mode)"
done
check_like "a signal at home cuts the rest of a futex wait short (EINTR)" \
	"fwait: Interrupted system call after a signal: 1 at node 1"$'\n'"[3-9] s" \
	"fwait: Interrupted system call after a signal: 1 at node 1 / 3..9 s" "$(fwait_home fwait USR1)"
finish
