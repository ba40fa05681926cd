#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A body's poll() and select() wait at home, in its deputy. Stopped and
# continued there (a job scheduler's SIGSTOP/SIGCONT, a shell's ^Z and
# fg), the process comes home and its wait goes on until the deadline it
# had: poll through the restart block its deputy left, which must point
# at the process's own pollfd array, select from the time left it wrote
# into the caller's timeval. A signal with a handler cuts either short
# with EINTR, as at home.
# nodes: 2
. "$(dirname "$0")/lib.sh"

T=/opt/hpc/tests/migexit
NOW='cut -d" " -f1 /proc/uptime'

# interrupted MODE SIGNALS: the line MODE 10 printed, then its seconds;
# SIGNALS are sent 3 s into the wait, once the body waits on node 2 (a
# stop is followed by a continue once the process is home, stopped)
interrupted() {
	on 1 -t 120 -- "rm -f /tmp/w.ready; t0=\$($NOW)
MIGEXIT_READY=/tmp/w.ready sh -c 'echo \"exec 2\" > /proc/self/goto && exec $T $1 10' & p=\$!
n=0; while { [ \"\$(cat /proc/\$p/where)\" != 2 ] || ! [ -e /tmp/w.ready ]; } && [ \$n -lt 300 ]; do usleep 100000; n=\$((n+1)); done
sleep 3
if [ $2 = STOP ]; then
	kill -STOP \$p
	n=0; while [ \"\$(cat /proc/\$p/where)\" != 1 ] && [ \$n -lt 100 ]; do usleep 100000; n=\$((n+1)); done
	kill -CONT \$p
else
	kill -$2 \$p
fi
wait \$p
awk -v a=\$t0 -v b=\$($NOW) 'BEGIN { printf \"%d s\\n\", b - a }'" 2>&1
}

check_like "poll 10 s on node 2, stopped and continued after 3 s: times out at home after 10 s" \
	"poll: timed out after a signal: 0 at node 1"$'\n'"1[012] s" \
	"poll: timed out after a signal: 0 at node 1 / 10..12 s" "$(interrupted poll STOP)"
check_like "select 10 s on node 2, stopped and continued after 3 s: times out at home after 10 s" \
	"select: timed out after a signal: 0 at node 1, 0 s left"$'\n'"1[012] s" \
	"select: timed out after a signal: 0 at node 1, 0 s left / 10..12 s" "$(interrupted select STOP)"
check_like "a handled signal cuts a remote body's poll short with EINTR" \
	"poll: Interrupted system call after a signal: 1 at node 1"$'\n'"[3-9] s" \
	"poll: Interrupted system call after a signal: 1 at node 1 / 3..9 s" "$(interrupted poll USR1)"
check_like "a handled signal cuts a remote body's select short with EINTR and the time left" \
	"select: Interrupted system call after a signal: 1 at node 1, [67] s left"$'\n'"[3-9] s" \
	"select: Interrupted system call after a signal: 1 at node 1, 6..7 s left / 3..9 s" "$(interrupted select USR1)"
finish
