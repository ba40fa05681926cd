#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A remote body's writes to regular files are gathered and sent home in
# large pieces (write-behind), yet the files end up exactly as a run at
# home leaves them: order kept across descriptors, seeks, pwrite and
# reads of the same file and of pipes, and a write that fails at home (a
# full file system) is still reported to the process, by a later write,
# fsync or close, also when another call has followed it home.
# nodes: 2
. "$(dirname "$0")/lib.sh"

W=/opt/hpc/tests/migwrite
remote() { echo "sh -c 'echo \"exec 2\" > /proc/self/goto && exec $W $*'"; }

home=$(on 1 -t 120 -- "$W mix /tmp/home.txt" 2>&1)
away=$(on 1 -t 300 -- "$(remote mix /tmp/away.txt)" 2>&1)
check "mixed writes, seeks and reads: the same as at home" "$home" "$away"
case $home in *"checksum "*) ok "the run at home wrote its files" ;;
*) not_ok "the run at home wrote its files" "a checksum line" "$home" ;; esac
check "the body ran on node 2" 1 \
	"$(on 2 -t 30 -- 'dmesg | grep -c "hpc: body of pid .* runs here"' 2>&1)" 2

on 1 -t 30 -- 'mkdir -p /mnt/small && mount -t tmpfs -o size=64k small /mnt/small' \
	>/dev/null 2>&1
home=$(on 1 -t 120 -- "$W full /mnt/small/home 64; echo \$?; rm -f /mnt/small/home" 2>&1)
check "a full file system at home: the error" \
	"$(printf 'reported by write: No space left on device\n1')" "$home"
away=$(on 1 -t 300 -- "$(remote full /mnt/small/away 64); echo \$?" 2>&1)
check "written behind from node 2: the error still reaches the process" "$home" "$away"

# a call that follows the writes home before their answer is back (a
# byte through a pipe after every 6 blocks): the write that fills the disk
# comes out short after it, and the error must still surface
on 1 -t 30 -- 'rm -f /mnt/small/away' >/dev/null 2>&1
home=$(on 1 -t 120 -- "$W full /mnt/small/home 64 6; echo \$?; rm -f /mnt/small/home" 2>&1)
check "a full file system, pipe calls between the writes: the error at home" \
	"$(printf 'reported by write: No space left on device\n1')" "$home"
away=$(on 1 -t 300 -- "$(remote full /mnt/small/away 64 6); echo \$?; rm -f /mnt/small/away" 2>&1)
check "a write overtaken by a pipe call fills the disk: the error still reaches the process" \
	"$home" "$away"

# writes to a file alternating with reads of /dev/zero and a pipe: each
# write leaves ahead of the next read, answered with it
home=$(on 1 -t 120 -- "$W pipe /tmp/home.pipe" 2>&1)
away=$(on 1 -t 300 -- "$(remote pipe /tmp/away.pipe)" 2>&1)
check "writes between reads of /dev/zero and a pipe: the same as at home" "$home" "$away"
case $home in *"checksum "*) ok "the piped run at home wrote its file" ;;
*) not_ok "the piped run at home wrote its file" "a checksum line" "$home" ;; esac

# all of it still in the buffer when the disk fills: fsync must say so
on 1 -t 30 -- 'mkdir -p /mnt/tiny && mount -t tmpfs -o size=32k tiny /mnt/tiny' \
	>/dev/null 2>&1
away=$(on 1 -t 300 -- "$(remote full /mnt/tiny/away 10); echo \$?" 2>&1)
case $away in
"reported by "*": No space left on device"*1) ok "an error met only when fsync flushes is fsync's: '${away%%$'\n'*}'" ;;
*) not_ok "an error met only when fsync flushes reaches the process" \
	"reported by write|fsync|close: No space left on device / 1" "$away" ;;
esac
finish
