#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mps: the NODE column and the migrated-only filter.
. "$(dirname "$0")/lib.sh"
make_tree

run_tool "$BIN/mps"
check "mps exits 0" 0 "$RC"
check_contains "mps header" "PID TTY       NODE S    TIME COMMAND" "$OUT"
check_contains "mps: process at home on node 1" "    100 pts/0        1 S    0:02 sleep 1000" "$OUT"
check_contains "mps: process away on node 2" "    200 ?            2 R    1:00 flac -8 track.wav" "$OUT"
run_tool "$BIN/mps" -m
check "mps -m lists only migrated processes" 2 "$(printf '%s\n' "$OUT" | wc -l)"
check_contains "mps -m shows the migrated one" "flac -8 track.wav" "$OUT"
run_tool "$BIN/mps" -p 100
check "mps -p 100" 2 "$(printf '%s\n' "$OUT" | wc -l)"
run_tool "$BIN/mps" -p 4242
check_contains "mps -p of a missing pid" "pid 4242: no such process" "$ERR"
run_tool env HPC_PROCFS=$WORK/nothing "$BIN/mps"
check_contains "no /proc/hpc" "no process migration support" "$ERR"
run_tool "$BIN/mps" --help
check_contains "--help" "usage: mps" "$OUT"
finish
