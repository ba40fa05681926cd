#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# flac -8 moved to node 2 (right after exec, and mid-run) writes through
# its deputy a file byte-identical to the host's encode, with exit status 0.
# nodes: 2
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$(dirname "$0")/../harness/mkwav.py" "$tmp/t.wav" 4
flac -s -8 -f -o "$tmp/t.flac" "$tmp/t.wav"
want=$(sha256sum < "$tmp/t.flac" | cut -d' ' -f1)

on 1 -t 60 -i -- 'cat > /tmp/t.wav' < "$tmp/t.wav"

# mosrun style: the whole encode runs on node 2
out=$(on 1 -t 600 -- 'cd /tmp && sh -c "echo \"exec 2\" > /proc/self/goto && exec flac -s -8 -f -o a.flac t.wav"; echo "exit $?"; sha256sum < a.flac' 2>&1)
check "flac started on node 2: exit 0, same bytes" "$(printf 'exit 0\n%s  -' "$want")" "$out"
check "the dynamic loader's file mmaps ran on node 2" "0" \
	"$(on 2 -t 30 -- 'dmesg | grep -c "goes home for system call 9$"' 2>&1)" 2

# moved mid-run, then called home and moved again
out=$(on 1 -t 600 -- '
cd /tmp
flac -s -8 -f -o b.flac t.wav &
pid=$!
moved=0
while kill -0 $pid 2>/dev/null; do
	if [ "$(cat /proc/$pid/where 2>/dev/null)" = 2 ]; then
		moved=1
	elif grep -q flac /proc/$pid/cmdline 2>/dev/null; then
		echo 2 > /proc/$pid/goto 2>/dev/null
	fi
	usleep 200000
done
wait $pid; echo "exit $? moved $moved"; sha256sum < b.flac' 2>&1)
check "flac moved mid-run: exit 0, same bytes" "$(printf 'exit 0 moved 1\n%s  -' "$want")" "$out"
bodies=$(on 2 -t 30 -- 'dmesg | grep -c "hpc: body of pid .* runs here"' 2>&1)
check "node 2 hosted at least two bodies" "yes" "$([ "${bodies:-0}" -ge 2 ] && echo yes || echo "$bodies")" 2
finish
