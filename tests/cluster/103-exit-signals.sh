#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A process running on node 2 ends exactly as it would at home: its exit
# status, death by SIGSEGV in the body, SIGTERM and SIGKILL sent to its
# home PID, a handler that counts signals, a signal blocked on node 2
# that is still pending when the process comes home (and shown blocked in
# home's /proc/PID/status), and a SIGTERM that
# the body blocks, which must wait for it to unblock it.
# nodes: 2
. "$(dirname "$0")/lib.sh"

T=/opt/hpc/tests/migexit
# run "migexit ARGS" on node 2 (mosrun style), print its $?
remote() { echo "sh -c 'echo \"exec 2\" > /proc/self/goto && exec $T $*'"; }

out=$(on 1 -t 300 -- "$(remote exit 7); echo \$?" 2>&1)
check "exit(7) on node 2 gives \$? 7" "7" "$out"
out=$(on 1 -t 300 -- "$(remote segv) 2>/dev/null; echo \$?" 2>&1)
check "SIGSEGV in the body gives \$? 139" "139" "$out"

# shell lines: wait until \$pid runs on node 2 and, if it makes one, its
# ready file exists (handlers in place: a signal sent before would kill it)
R=/tmp/migexit.ready
on_node2() {
	echo "n=0
while { [ \"\$(cat /proc/\$pid/where 2>/dev/null)\" != 2 ] || ! [ -e $1 ]; } && [ \$n -lt 300 ]; do usleep 100000; n=\$((n+1)); done"
}
# started remotely, then a signal to the home PID
sig_test() {
	on 1 -t 300 -- "
rm -f $R
MIGEXIT_READY=$R $(remote "$1") &
pid=\$!
$(on_node2 "$([ "$1" = loop ] && echo / || echo $R)")
$2
wait \$pid; echo \$?" 2>&1 | grep -v "^sh:\|Terminated\|Killed"
}
check "SIGTERM to the home PID gives \$? 143" "143" "$(sig_test loop 'kill -TERM $pid')"
check "SIGKILL to the home PID gives \$? 137" "137" "$(sig_test loop 'kill -KILL $pid')"
check "a SIGUSR1 handler on node 2 counts three signals" "$(printf 'where 2\n3')" \
	"$(sig_test 'usr1 3' 'for i in 1 2 3; do kill -USR1 $pid; usleep 300000; done')"
# a signal the body blocks stays pending there; going home takes it along
out=$(on 1 -t 300 -- "
rm -f $R
MIGEXIT_READY=$R $(remote pending) > /tmp/pend.out &
pid=\$!
$(on_node2 $R)
kill -USR1 \$pid
n=0
until grep -q pending /tmp/pend.out 2>/dev/null || [ \$n -ge 300 ]; do usleep 100000; n=\$((n+1)); done
echo home > /proc/\$pid/goto
wait \$pid; echo \$?; cat /tmp/pend.out" 2>&1)
check "a signal blocked on node 2 goes home pending and is handled there" \
	"$(printf '1\npending at node 2\nhandled 1 at node 1')" "$out"
# home's /proc/PID/status shows the body's mask as the body last told it
# (here: as it moved), handled signals included, not the deputy's, which
# lets a handled SIGUSR1 through to forward it
out=$(on 1 -t 300 -- "
rm -f $R
MIGEXIT_READY=$R $T pending > /dev/null &
pid=\$!
n=0; until [ -e $R ] || [ \$n -ge 300 ]; do usleep 100000; n=\$((n+1)); done
echo 2 > /proc/\$pid/goto
$(on_node2 $R)
grep ^SigBlk /proc/\$pid/status
kill -KILL \$pid; wait \$pid" 2>&1 | grep -v "^sh:\|Killed")
check "home's SigBlk shows the mask the body moved with (a handled SIGUSR1 blocked)" \
	"$(printf 'SigBlk:\t0000000000000200')" "$out"
# a SIGTERM the body blocks waits at home (ShdPnd shows it, and so does
# sigpending() on node 2) until the body unblocks it, and then ends the
# process before it goes on
out=$(on 1 -t 300 -- "
rm -f $R $R.go
MIGEXIT_READY=$R $(remote term) > /tmp/term.out &
pid=\$!
$(on_node2 $R)
kill -TERM \$pid
n=0
until grep -q '^ShdPnd:.*4000\$' /proc/\$pid/status 2>/dev/null || [ \$n -ge 100 ]; do usleep 100000; n=\$((n+1)); done
grep ^ShdPnd /proc/\$pid/status 2>/dev/null || echo 'gone at once'
touch $R.go
wait \$pid; echo \$?; cat /tmp/term.out" 2>&1 | grep -v "^sh:\|Terminated")
check "a SIGTERM blocked on node 2 is pending there and waits until the body unblocks it" \
	"$(printf 'ShdPnd:\t0000000000004000\n143\nsurvived at node 2, SIGTERM pending')" "$out"
leftover=$(on 2 -t 30 -- 'ps | grep -c "[m]igexit"' 2>&1)
check "no body left on node 2" "0" "$leftover" 2
finish
