#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# /proc while a process is away. Home's /proc/PID/cmdline, environ and
# auxv (ps, mps) still show the process's own. The process's
# own /proc/self/maps and status show its memory: it reads them at home.
# nodes: 2
. "$(dirname "$0")/lib.sh"
T=/opt/hpc/tests

out=$(on 1 -t 120 -- "
HPC_MARK=away-$$ $T/spin 60 0 4 > /dev/null &
pid=\$!
# moved before it has exec'd spin, the shell's execve would take it home
i=0; while [ \$i -lt 100 ] && [ \"\$(cat /proc/\$pid/comm)\" != spin ]; do usleep 50000; i=\$((i+1)); done
echo 2 > /proc/\$pid/goto
i=0; while [ \$i -lt 100 ] && [ \"\$(cat /proc/\$pid/where)\" != 2 ]; do usleep 100000; i=\$((i+1)); done
echo \"where \$(cat /proc/\$pid/where)\"
echo \"cmdline \$(tr '\0' ' ' < /proc/\$pid/cmdline)\"
echo \"environ \$(tr '\0' '\n' < /proc/\$pid/environ | grep '^HPC_MARK=')\"
echo \"auxv \$(wc -c < /proc/\$pid/auxv)\"
echo \"ps \$(ps -o pid,args | awk -v p=\$pid '\$1 == p { \$1 = \"\"; print }')\"
echo \"mps \$(mps -w -p \$pid | awk -v p=\$pid '\$1 == p { print \$3, \$NF }')\"
echo \"pid \$pid\"
echo 1 > /proc/\$pid/goto
i=0; while [ \$i -lt 100 ] && [ \"\$(cat /proc/\$pid/where)\" != 1 ]; do usleep 100000; i=\$((i+1)); done
echo \"back \$(cat /proc/\$pid/where) \$(tr '\0' ' ' < /proc/\$pid/cmdline)\"
kill \$pid" 2>&1)
pid=$(sed -n 's/^pid //p' <<<"$out")
check "the process is on node 2" "where 2" "$(grep '^where' <<<"$out")"
check "home's /proc/PID/cmdline shows its arguments while away" \
	"cmdline $T/spin 60 0 4 " "$(grep '^cmdline' <<<"$out")"
check "home's /proc/PID/environ shows its environment while away" \
	"environ HPC_MARK=away-$$" "$(grep '^environ' <<<"$out")"
check_like "home's /proc/PID/auxv is the process's auxiliary vector" \
	"auxv [1-9]*" "a non-empty vector" "$(grep '^auxv' <<<"$out")"
check "ps at home shows its command line, not [spin]" \
	"ps  $T/spin 60 0 4" "$(grep '^ps' <<<"$out")"
check "mps shows it on node 2 with its arguments" "mps 2 4" "$(grep '^mps' <<<"$out")"
check "back home, cmdline is still its own" "back 1 $T/spin 60 0 4 " \
	"$(grep '^back' <<<"$out")"

out=$(on 1 -t 180 -- "$T/procself 8; echo \"status \$?\"" 2>&1)
check "maps and status read by the process away are its own, read at home" \
	"$(printf '%s\n' 'maps read from node 2' 'maps: the buffer is mapped' \
		'then on node 1' 'status read from node 2' \
		'status: VmRSS counts the buffer' 'then on node 1' 'status 0')" "$out"
check "node 2 logged why the body went home" "yes" \
	"$(n=$(on 2 -t 30 -- 'dmesg | grep -c "goes home for system call 257"'); [ "${n:-0}" -ge 2 ] && echo yes || echo "$n")" 2
finish
