#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A limit set at home by another process (prlimit) while the process is
# away reaches it: home calls it back, it takes the new limit and goes
# back out with it. Lowered data and CPU-time limits hold there.
# nodes: 2
. "$(dirname "$0")/lib.sh"
T=/opt/hpc/tests

# started PID NAME: wait until the child started with & has exec'd NAME
# (asked to move before, it is the shell, whose execve takes it home)
started='i=0; while [ $i -lt 100 ] && [ "$(cat /proc/$1/comm)" != "$2" ]; do usleep 50000; i=$((i+1)); done'
# away PID: wait until the process runs on node 2
away='i=0; while [ $i -lt 100 ] && [ "$(cat /proc/$1/where)" != 2 ]; do usleep 100000; i=$((i+1)); done; cat /proc/$1/where'

# prlim alloc maps 64 MiB every 1/10 s and says when that stops working:
# mmap meets the RLIMIT_DATA of the node it runs on
out=$(on 1 -t 120 -- "
away() { $away; }
started() { $started; }
$T/prlim alloc 40 64 > /tmp/alloc &
pid=\$!
started \$pid prlim
echo 2 > /proc/\$pid/goto
echo \"where \$(away \$pid)\"
i=0; while [ \$i -lt 100 ] && ! grep -q 'where 2 alloc ok' /tmp/alloc; do usleep 100000; i=\$((i+1)); done
$T/prlim \$pid data 16777216
i=0; while [ \$i -lt 200 ] && [ \"\$(tail -n 1 /tmp/alloc)\" != 'where 2 alloc failed' ]; do usleep 100000; i=\$((i+1)); done
sed 's/^/alloc /' /tmp/alloc
kill \$pid
echo \"pid \$pid\"" 2>&1)
pid=$(sed -n 's/^pid //p' <<<"$out")
check "the process is on node 2" "where 2" "$(grep '^where' <<<"$out")"
check "prlimit at home lowers its data limit to 16 MiB" \
	"data 18446744073709551615 -> 16777216" "$(grep '^data' <<<"$out")"
check "on node 2, 64 MiB maps before, and not after: the body has the limit" \
	"$(printf '%s\n' 'alloc where 2 alloc ok' 'alloc where 2 alloc failed')" \
	"$(grep '^alloc where 2' <<<"$out")"
check "node 1 logged why it called the process home" "1" \
	"$(on 1 -t 30 -- "dmesg | grep -c 'prlim ($pid): limits changed at home'" 2>&1)"

# a CPU-time limit lowered from home holds on node 2
out=$(on 1 -t 120 -- "
away() { $away; }
started() { $started; }
$T/spin 60 0 > /dev/null &
pid=\$!
started \$pid spin
echo 2 > /proc/\$pid/goto
echo \"where \$(away \$pid)\"
set -- \$(cat /proc/\$pid/stat)
$T/prlim \$pid cpu \$(( (\${14} + \${15}) / 100 + 3 )) > /dev/null
start=\$(date +%s)
wait \$pid
echo \"status \$?\"
echo \"after \$(( \$(date +%s) - start ))\"" 2>&1)
check "the second process is on node 2" "where 2" "$(grep '^where' <<<"$out")"
check "a CPU-time limit 3 s ahead, set from home, ends it with SIGXCPU" \
	"status 152" "$(grep '^status' <<<"$out")"
check_like "well before its 60 s" "after [0-9]" "under 10 s" \
	"$(grep '^after' <<<"$out")"
finish
