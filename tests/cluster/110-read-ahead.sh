#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A remote body reads regular files ahead of the program; the file offset
# the program sees (away, and at home after a fork took it back) is exact.
# nodes: 2
. "$(dirname "$0")/lib.sh"

out=$(on 1 -t 300 -- "sh -c 'echo \"exec 2\" > /proc/self/goto && exec /opt/hpc/tests/migread /opt/hpc/tests/migmem'; echo \"exit \$?\"" 2>&1)
check "offsets exact with read-ahead" "$(printf 'PASS\nexit 0')" "$out"
check "it ran on node 2" "1" "$(on 2 -t 30 -- 'dmesg | grep -c "hpc: body of pid .* runs here"' 2>&1)" 2
finish
