#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mmon driven headlessly in tmux: nodes and numbers on screen, keys switch
# views, scrolling, resize redraws, and the one-shot text mode.
. "$(dirname "$0")/lib.sh"

# 20 nodes: more than the 12 columns of an 80x24 terminal.
snap=$WORK/snap
for i in $(seq 1 20); do
	state=up; [ $i = 1 ] && state=self; [ $i = 7 ] && state=dead
	echo "node $i addr=10.0.0.$i state=$state load=$((i * 10)) speed=$((1000 + i)) ncpus=2 memtotal=4096000 memfree=$((i * 102400)) util=$((i * 5)) guests=0 flags=- age=$((i * 1000))"
done >"$snap"

run_tool "$BIN/mmon" -1 -F "$snap"
check "mmon -1 exits 0" 0 "$RC"
check_contains "mmon -1: node line" "3     10.0.0.3        up          30   1003     2    4096000     307200   15      0 -" "$OUT"
check_contains "mmon -1: totals" "total nodes=20 up=19 dead=1" "$OUT"
run_tool "$BIN/mmon" -1 -S "$WORK/none.sock"
check_contains "mmon -1 without daemon" "daemon not running" "$ERR"
check "mmon -1 without daemon: exit 1" 1 "$RC"
run_tool "$BIN/mmon" --help
check_contains "--help" "usage: mmon" "$OUT"

if ! command -v tmux >/dev/null; then
	skip "mmon in tmux: tmux is not installed"
	finish
fi
TMUX_SOCK=hpc-mmon-$$
T="tmux -L $TMUX_SOCK"
$T -f /dev/null new-session -d -s mmon -x 80 -y 24 "TERM=xterm-256color '$BIN/mmon' -F '$snap' -t 0.2"
screen() { $T capture-pane -p -t mmon 2>/dev/null; }
screen_has() { screen | grep -qF -- "$1"; }
screen_lacks() { ! screen_has "$1"; }
screen_lines() { [ "$(screen | wc -l)" = "$1" ]; }
session_gone() { ! $T has-session -t mmon 2>/dev/null; }
# expect NAME TEXT: wait up to 5 s for TEXT on screen
expect() {
	if wait_for 5 screen_has "$2"; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   expected on screen: $2"
		screen | sed 's/^/#   | /'
	fi
}
expect_not() {
	if wait_for 5 screen_lacks "$2"; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   expected gone from screen: $2"
		screen | sed 's/^/#   | /'
	fi
}

expect "load view at 80x24" "mmon: load"
expect "first 12 of 20 nodes shown" "nodes 1-12 of 20"
expect "node ids under the bars" "node  1     2     3     4     5     6     7     8     9     10    11    12"
expect "load values on the bars" "120"
expect "dead node marked" "dead"
check "screen is 24 lines" 24 "$(screen | wc -l)"

$T send-keys -t mmon Right
expect "right arrow scrolls by one node" "nodes 2-13 of 20"
$T send-keys -t mmon '>'
expect "> scrolls a screen (clamped at the end)" "nodes 9-20 of 20"
expect "scrolled node ids" "node  9     10    11    12    13    14    15    16    17    18    19    20"
$T send-keys -t mmon '<' '<'
expect "< scrolls back" "nodes 1-12 of 20"

$T send-keys -t mmon s
expect "s: speed view" "mmon: speed"
expect "speed numbers" "1012"
$T send-keys -t mmon m
expect "m: memory view" "mmon: memory (used/free MiB)"
expect "m: free memory row" "free  100   200   300"
$T send-keys -t mmon u
expect "u: utilisation view" "mmon: utilisation %"
$T send-keys -t mmon d
expect "d: dead nodes view" "7      10.0.0.7         dead     7 s ago"
$T send-keys -t mmon t
expect "t: totals view" "nodes:        20 (19 up, 1 dead)"
$T send-keys -t mmon h
expect "h: help" "this help (any key returns)"
$T send-keys -t mmon x
expect "any key leaves help" "mmon: totals"
$T send-keys -t mmon l
expect "l: back to load" "mmon: load"

# the source is re-read: a change shows up without a key press
sed -i 's/^node 2 \(.*\) load=20 /node 2 \1 load=777 /' "$snap"
expect "new numbers appear on refresh" "777"

$T resize-window -t mmon -x 110 -y 30
expect "resize redraws with more columns" "nodes 1-17 of 20"
if wait_for 5 screen_lines 30; then ok "resize redraws all 30 lines"; else not_ok "resize redraws all 30 lines"; fi
$T resize-window -t mmon -x 80 -y 24
expect "resize back to 80x24" "nodes 1-12 of 20"

$T send-keys -t mmon q
if wait_for 5 session_gone; then
	ok "q quits"
else
	not_ok "q quits"
	screen | sed 's/^/#   | /'
fi
finish
