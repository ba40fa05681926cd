#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A process that maps a data file sees home's file wherever it runs. A
# node whose file at that path is another (node-local /tmp, /scratch)
# refuses the process rather than map its own copy; a body that maps such
# a file goes home for the mmap(). A copy that matches (same size and
# modification time, as installed packages have) is mapped where the
# process runs.
# nodes: 2
. "$(dirname "$0")/lib.sh"

M=/opt/hpc/tests/migmap
# data: a different file on each node; same: the same bytes and times
mk='mkdir -p /tmp/m && cd /tmp/m && i=0; while [ $i -lt 4000 ]; do echo "$1 row $i"; i=$((i+1)); done > data
i=0; while [ $i -lt 4000 ]; do echo "same row $i"; i=$((i+1)); done > same && touch -d "2020-01-01 00:00:00" same'
on 1 -t 60 -- "set -- home; $mk" >/dev/null 2>&1
on 2 -t 60 -- "set -- away; $mk" >/dev/null 2>&1

home_sum=$(on 1 -t 60 -- "$M /tmp/m/data 0" 2>&1)
case $home_sum in
"sum "*" at node 1") ok "migmap reads the file at home" ;;
*) not_ok "migmap reads the file at home" "sum S at node 1" "$home_sum" ;;
esac

out=$(on 1 -t 120 -- "$M /tmp/m/data 6 & p=\$!; sleep 1; echo 2 > /proc/\$p/goto; wait \$p" 2>&1)
check "asked to move to node 2, where /tmp/m/data is another file: stays home, reads home's" \
	"$home_sum" "$out"
check "node 2 said why it refused" 1 \
	"$(on 2 -t 30 -- 'dmesg | grep -c "/tmp/m/data differs from the home node"' 2>&1)" 2

out=$(on 1 -t 120 -- "sh -c 'echo \"exec 2\" > /proc/self/goto && exec $M /tmp/m/data 0'" 2>&1)
check "started on node 2, its mmap() of another file goes home and reads home's" \
	"$home_sum" "$out"

same=$(on 1 -t 60 -- "$M /tmp/m/same 0" 2>&1)
out=$(on 1 -t 120 -- "$M /tmp/m/same 5 & p=\$!; sleep 1; echo 2 > /proc/\$p/goto; wait \$p" 2>&1)
check "a matching copy is mapped on node 2" "${same% at node 1} at node 2" "$out"
finish
