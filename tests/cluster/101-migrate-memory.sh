#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A CPU-bound process moved to node 2 mid-computation and back, three
# times, keeps its memory (dense, sparse, .data, .bss, stack), its xmm
# registers, a floating-point series and its TLS.
# nodes: 2
. "$(dirname "$0")/lib.sh"

out=$(on 1 -t 300 -- '/opt/hpc/tests/migmem 3 2; echo "exit $?"' 2>&1)
check "migmem 3 rounds via node 2" \
	"$(printf 'round 1: migrations 2\nround 2: migrations 4\nround 3: migrations 6\nPASS: 3 rounds, 6 migrations\nexit 0')" "$out"
bodies=$(on 2 -t 30 -- 'dmesg | grep -c "hpc: body of pid .* runs here"' 2>&1)
check "node 2 ran the body three times" "3" "$bodies" 2
finish
