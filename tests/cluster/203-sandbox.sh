#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A remote body cannot reach the host's files or network: every file, /proc
# entry, name and socket it touches is the home node's.
# nodes: 2
. "$(dirname "$0")/lib.sh"

on 2 -t 30 -- 'echo host > /tmp/hostonly' >/dev/null
out=$(on 1 -t 300 -- '
echo home > /tmp/homeonly
rm -f /tmp/hostonly
mosrun -2 /opt/hpc/tests/sandbox /tmp/hostonly /tmp/homeonly 7777 > /tmp/sb.out 2>&1 &
pid=$!
# when it listens, connect from home: only a socket at home can answer
t=0; while [ $t -lt 300 ] && ! grep -q listening /tmp/sb.out 2>/dev/null; do usleep 100000; t=$((t+1)); done
echo | nc 127.0.0.1 7777 >/dev/null 2>&1
wait $pid; echo "exit $?"
cat /tmp/sb.out' 2>&1)
check "the body ran on node 2" "running on node 2" "$(grep '^running' <<<"$out")"
while read -r line; do
	case $line in
	ok\ *) ok "body: ${line#ok }" ;;
	FAIL\ *) not_ok "body: ${line#FAIL }" "ok" "$line" 2 ;;
	esac
done <<<"$out"
check "the sandbox program passes" "PASS" "$(grep -E '^(PASS|FAIL)$' <<<"$out")"
check "and exits 0" "exit 0" "$(grep '^exit' <<<"$out")"
finish
