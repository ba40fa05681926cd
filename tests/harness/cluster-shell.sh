#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make cluster, as a user meets it: scripts/cluster.sh boots three nodes in
# a tmux pane and attaches it to node 1's shell; commands typed there see
# the other nodes; the host reaches node 3 with vcluster run; Ctrl-]
# leaves and powers everything off, leaving no QEMU behind. TAP.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=$ROOT/build/vc-shelltest
VC=$ROOT/scripts/vcluster
T="tmux -L hpc-cluster-$$"
n=0 fail=0
ok()     { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $*"; }
screen() { $T capture-pane -p -S -60 -t vc 2>/dev/null; }
screen_has() { screen | grep -qF -- "$1"; }
session_gone() { ! $T has-session -t vc 2>/dev/null; }
qemu_gone() { ! pgrep -f -- "$DIR/node" >/dev/null; }
# wait_for SECONDS CMD...: poll CMD every 0.2 s until it succeeds
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}
# expect NAME SECONDS TEXT: TEXT must appear on node 1's console pane
expect() {
	if wait_for "$2" screen_has "$3"; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   expected on the console: $3"
		screen | tail -25 | sed 's/^/#   | /'
		tail -20 "$DIR/node1.log" 2>/dev/null | sed 's/^/#   node1.log: /'
	fi
}
cleanup() {
	$T kill-server 2>/dev/null
	"$VC" stop -d "$DIR" >/dev/null 2>&1
}
trap cleanup EXIT

if ! command -v tmux >/dev/null; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
$T -f /dev/null new-session -d -s vc -x 132 -y 40 \
	"VC_DIR='$DIR' '$ROOT/scripts/cluster.sh' 3; echo cluster.sh exited \$?; sleep 600"
expect "make cluster N=3 boots and attaches to node 1" 400 "Ctrl-] leaves"
# The shell's own output, not the echo of the typed line: the marker is
# assembled by the shell when the command runs.
$T send-keys -t vc "echo id=\$(cat /proc/hpc/admin/mospe)-of-\$(grep -c . /proc/hpc/admin/config)-ranges" Enter
expect "the console is node 1's shell" 60 "id=1-of-1-ranges"
$T send-keys -t vc "for a in 2 3; do ping -c 1 -W 5 10.77.0.\$a >/dev/null && echo reach\$a=yes; done" Enter
expect "node 1's shell reaches node 2" 60 "reach2=yes"
expect "node 1's shell reaches node 3" 60 "reach3=yes"
out=$("$VC" run -d "$DIR" 3 -t 60 -- cat /proc/hpc/admin/mospe 2>&1)
if [ "$out" = 3 ]; then
	ok "the host runs a command on node 3"
else
	not_ok "the host runs a command on node 3"
	echo "#   expected: 3"
	echo "#   saw: $out"
fi
$T send-keys -t vc C-]
expect "Ctrl-] leaves the console and cluster.sh ends cleanly" 120 "cluster.sh exited 0"
if wait_for 60 qemu_gone; then
	ok "no QEMU is left running"
else
	not_ok "no QEMU is left running"
	pgrep -af -- "$DIR/node" | sed 's/^/#   /'
fi
echo "1..$n"
[ $fail = 0 ]
