#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A remote body reads regular files ahead of the program; the file offset
# the program sees (away, and at home after a fork took it back) is exact,
# and so is the one it leaves behind when it exits.
# nodes: 2
. "$(dirname "$0")/lib.sh"

out=$(on 1 -t 300 -- "sh -c 'echo \"exec 2\" > /proc/self/goto && exec /opt/hpc/tests/migread /opt/hpc/tests/migmem'; echo \"exit \$?\"" 2>&1)
check "offsets exact with read-ahead" "$(printf 'PASS\nexit 0')" "$out"
# a body that copies part of its stdin to a pipe and exits leaves the
# shared offset where it stopped reading, not where it had read ahead to
out=$(on 1 -t 300 -- "(sh -c 'echo \"exec 2\" > /proc/self/goto && exec /opt/hpc/tests/migread -e 1000' | wc -c; grep pos /proc/self/fdinfo/0) < /opt/hpc/tests/migmem" 2>&1)
check "an exit gives back what was read ahead" "$(printf '1000\npos:\t1000')" "$out"
check "they ran on node 2" "2" "$(on 2 -t 30 -- 'dmesg | grep -c "hpc: body of pid .* runs here"' 2>&1)" 2
finish
