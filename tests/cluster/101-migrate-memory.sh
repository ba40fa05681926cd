#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A CPU-bound process moved to node 2 mid-computation and back, three
# times, keeps its memory (dense, sparse, .data, .bss, stack), its xmm
# registers, a floating-point series and its TLS. Each node counts the
# images it sent, their memory and their time, for the balancer's price.
# nodes: 2
. "$(dirname "$0")/lib.sh"

# moves KIB_MIN NODE: "moves N, at least KIB_MIN KiB each, timed" or what it saw
moves() {
	on "$2" -t 30 -- 'cat /proc/hpc/admin/stats' 2>&1 | awk -v min="$1" '
		{ v[$1] = $2 }
		END { n = v["moves_sent"]; k = v["move_kib_sent"]; u = v["move_usecs_sent"]
		      if (n > 0 && k >= n * min && u > 0) print "moves " n ", at least " min " KiB each, timed"
		      else print "moves " n ", " k " KiB, " u " us" }'
}

out=$(on 1 -t 300 -- '/opt/hpc/tests/migmem 3 2; echo "exit $?"' 2>&1)
check "migmem 3 rounds via node 2" \
	"$(printf 'round 1: migrations 2\nround 2: migrations 4\nround 3: migrations 6\nPASS: 3 rounds, 6 migrations\nexit 0')" "$out"
bodies=$(on 2 -t 30 -- 'dmesg | grep -c "hpc: body of pid .* runs here"' 2>&1)
check "node 2 ran the body three times" "3" "$bodies" 2
# 8 MiB of it dense, written every round: every image carries at least that
check "node 1 counts the three images it sent" \
	"moves 3, at least 8192 KiB each, timed" "$(moves 8192 1)" 1
check "node 2 counts the three it sent back" \
	"moves 3, at least 8192 KiB each, timed" "$(moves 8192 2)" 2
finish
