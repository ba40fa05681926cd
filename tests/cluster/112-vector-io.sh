#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# readv/writev/preadv/pwritev, select/pselect/ppoll, and the copies between
# descriptors (copy_file_range, sendfile, splice, tee), getgroups,
# sched_getaffinity and reads longer than a forwarded call (60 KiB) made by
# a body on node 2 are served by its deputy without taking the process
# home, with the results a run at home gets.
# nodes: 2
. "$(dirname "$0")/lib.sh"

P=/opt/hpc/tests/migio
home=$(on 1 -t 120 -- "mkdir -p /tmp/h && $P -g 1 /tmp/h" 2>&1)
away=$(on 1 -t 300 -- "mkdir -p /tmp/a && $P -g 2 /tmp/a" 2>&1)
case $home in *"read the pipe: 13 'one-two-three'"*) ok "the run at home did its I/O" ;;
*) not_ok "the run at home did its I/O" "read the pipe: 13 'one-two-three'" "$home" ;; esac
check "the process's groups, at home" "getgroups: 3, then 3: 7 42 1000, next entry untouched" \
	"$(grep '^getgroups' <<<"$home")"
check "the process's groups, from node 2" "getgroups: 3, then 3: 7 42 1000, next entry untouched" \
	"$(grep '^getgroups' <<<"$away")"
check "a long read fills its buffer at home" "long reads: file 250000 pread 200000 /dev/zero 300000" \
	"$(grep '^long reads' <<<"$home" | sed 's/ (sum [0-9a-f]*)//; s/,//g')"
check "the same results as at home" "$(sed '$d' <<<"$home")" "$(sed '$d' <<<"$away")"
check "it ran at home, then on node 2" "ran on node 1 / ran on node 2" \
	"$(tail -1 <<<"$home") / $(tail -1 <<<"$away")"
check "no call took it home" 0 \
	"$(on 2 -t 30 -- 'dmesg | grep -c "goes home for system call"' 2>&1)" 2
finish
