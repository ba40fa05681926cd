#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A node with /proc/hpc/admin/block set refuses guests: the process asked
# to go there stays home and runs to its normal end.
# nodes: 2
. "$(dirname "$0")/lib.sh"

on 2 -t 30 -- 'echo 1 > /proc/hpc/admin/block' >/dev/null 2>&1
out=$(on 1 -t 120 -- "sh -c 'echo \"exec 2\" > /proc/self/goto && exec /opt/hpc/tests/migexit exit 4'; echo \$?; dmesg | grep -c 'node 2 refused migexit: error 16'" 2>&1)
check "refused, ran at home, exit 4" "$(printf '4\n1')" "$out"
on 2 -t 30 -- 'echo 0 > /proc/hpc/admin/block' >/dev/null 2>&1
check "accepted again once unblocked" "4" \
	"$(on 1 -t 120 -- "sh -c 'echo \"exec 2\" > /proc/self/goto && exec /opt/hpc/tests/migexit exit 4'; echo \$?" 2>&1)"
check "one body on node 2" "1" "$(on 2 -t 30 -- 'dmesg | grep -c "hpc: body of pid .* runs here"' 2>&1)" 2
finish
