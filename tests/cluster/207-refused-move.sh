#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A move the target refuses is not asked for every round. Two busy
# processes on node 1 map /tmp/m/data, which is another file on node 2, so
# node 2 refuses them. mosixd on node 1 sees each refused move (the
# process's /proc/PID/migrate did not change by the next request) and
# waits twice as long before the next try: 10 s, then 20 s, then 40 s.
# nodes: 2
# boot: hpc.mosixd=1 hpc.minage=1
. "$(dirname "$0")/lib.sh"

M=/opt/hpc/tests/migmap
mk='mkdir -p /tmp/m && i=0; while [ $i -lt 2000 ]; do echo "$1 row $i"; i=$((i+1)); done > /tmp/m/data'
on 1 -t 60 -- "set -- home; $mk" >/dev/null 2>&1
on 2 -t 60 -- "set -- away; $mk" >/dev/null 2>&1

# run both until mosixd has logged its second doubling (60 s at most)
out=$(on 1 -t 200 -- "
$M /tmp/m/data 100 > /dev/null & a=\$!
$M /tmp/m/data 100 > /dev/null & b=\$!
t=0
while [ \$t -lt 300 ] && ! grep -q 'next try in 40 s' /var/log/mosixd.log; do usleep 200000; t=\$((t+1)); done
echo \"after \$((t / 5)) s: where \$(cat /proc/\$a/where) \$(cat /proc/\$b/where)\"
grep -o 'did not happen; next try in [0-9]* s' /var/log/mosixd.log
kill \$a \$b" 2>&1)

check "node 2 refuses both: they stay on node 1" "where 1 1" \
	"$(grep -o 'where [0-9]* [0-9]*' <<<"$out")"
waits=$(grep -o 'next try in [0-9]* s' <<<"$out" | awk '{ print $4 }' | sort -un | tr '\n' ' ')
check "each refused move doubles the wait before the next: 20 s, then 40 s" \
	"20 40 " "$waits"
if [ "$waits" != "20 40 " ]; then
	echo "# mosixd.log of node 1:"
	on 1 -t 30 -- 'tail -n 30 /var/log/mosixd.log' 2>&1 | sed 's/^/#   /'
fi
finish
