#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A body's poll() and select() wait at home, in its deputy. Stopped and
# continued there (a job scheduler's SIGSTOP/SIGCONT, a shell's ^Z and
# fg), the process comes home and its wait goes on until the deadline it
# had: poll through the restart block its deputy left, which must point
# at the process's own pollfd array, select from the time left it wrote
# into the caller's timeval. A signal with a handler cuts either short
# with EINTR, as at home: the deputy sends it to the body ahead of the
# call's result, so the handler runs on node 2 and the process stays. So
# does one that interrupts a read of a pipe, which goes on after the
# handler with SA_RESTART and ends with EINTR without. alarm() and
# setitimer(ITIMER_REAL) are made at home; SIGALRM still reaches the body.
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
check_like "a handled signal cuts a remote body's poll short with EINTR, handled on node 2" \
	"poll: Interrupted system call after a signal: 1 at node 2"$'\n'"[3-9] s" \
	"poll: Interrupted system call after a signal: 1 at node 2 / 3..9 s" "$(interrupted poll USR1)"
check_like "a handled signal cuts a remote body's select short with EINTR and the time left, on node 2" \
	"select: Interrupted system call after a signal: 1 at node 2, [67] s left"$'\n'"[3-9] s" \
	"select: Interrupted system call after a signal: 1 at node 2, 6..7 s left / 3..9 s" "$(interrupted select USR1)"
# pipe_read R: migexit read R on node 2 reads a fifo (opened at home);
# SIGUSR1 comes once it waits there, "hello" once the handler ran
pipe_read() {
	on 1 -t 120 -- "rm -f /tmp/r.ready /tmp/r.ready.sig /tmp/r.fifo; mkfifo /tmp/r.fifo
MIGEXIT_READY=/tmp/r.ready sh -c 'exec 0<>/tmp/r.fifo; echo \"exec 2\" > /proc/self/goto && exec $T read $1' & p=\$!
n=0; while { [ \"\$(cat /proc/\$p/where)\" != 2 ] || ! [ -e /tmp/r.ready ]; } && [ \$n -lt 300 ]; do usleep 100000; n=\$((n+1)); done
sleep 2
kill -USR1 \$p
n=0; while ! [ -e /tmp/r.ready.sig ] && [ \$n -lt 200 ]; do usleep 100000; n=\$((n+1)); done
exec 4<>/tmp/r.fifo; echo hello >&4
wait \$p" 2>&1
}
check "a handled SA_RESTART signal during a remote body's read of a pipe: the read goes on, on node 2" \
	"read: hello after a signal: 1 at node 2" "$(pipe_read 1)"
check "a handled signal without SA_RESTART ends a remote body's read of a pipe with EINTR, on node 2" \
	"read: Interrupted system call after a signal: 1 at node 2" "$(pipe_read 0)"
# blocked_read R SIG: migexit read R on node 2 blocks SIG after its move
# (home is told before the read); SIG comes while it reads a fifo
blocked_read() {
	on 1 -t 120 -- "rm -f /tmp/r.ready /tmp/r.fifo; mkfifo /tmp/r.fifo
MIGEXIT_READY=/tmp/r.ready sh -c 'exec 0<>/tmp/r.fifo; echo \"exec 2\" > /proc/self/goto && exec $T read $1' & p=\$!
n=0; while { [ \"\$(cat /proc/\$p/where)\" != 2 ] || ! [ -e /tmp/r.ready ]; } && [ \$n -lt 300 ]; do usleep 100000; n=\$((n+1)); done
sleep 2
kill -$2 \$p
sleep 2
exec 4<>/tmp/r.fifo; echo hello >&4
wait \$p; echo \"status \$?\"" 2>&1
}
check "a handled signal a remote body blocks does not cut its read of a pipe short" \
	"read: hello after a signal: 1 at node 2"$'\n'"status 0" "$(blocked_read 2 USR1)"
check "nor does a blocked SIGTSTP, which home holds: the read goes on, on node 2" \
	"read: hello after a signal: 0 at node 2"$'\n'"status 0" "$(blocked_read 3 TSTP)"

# a remote body that arms alarm() and setitimer(ITIMER_REAL) again and
# again: the timer runs at home, SIGALRM comes to the body's handler
out=$(on 1 -t 120 -- "sh -c 'echo \"exec 2\" > /proc/self/goto && exec $T alarm 4'" 2>&1)
check "alarm() and setitimer(ITIMER_REAL) from node 2: four SIGALRMs handled there" \
	"alarm: 4 signals at node 2" "$out"
finish
