#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every node boots with its own id, address and the whole cluster map.
# nodes: 3
# hpc: any
. "$(dirname "$0")/lib.sh"

for n in $(seq 1 "$VC_NODES"); do
	check "node $n hostname" "node$n" "$(on "$n" -t 30 -- hostname)" "$n"
	check "node $n address" "10.77.0.$n" \
		"$(on "$n" -t 30 -- "ip -4 -o addr show eth0 | awk '{print \$4}' | cut -d/ -f1")" "$n"
	if [ "$HPC_MODE" = on ]; then
		check "node $n /proc/hpc/admin/mospe" "$n" \
			"$(on "$n" -t 30 -- cat /proc/hpc/admin/mospe)" "$n"
		check "node $n cluster map" "1 10.77.0.1 $VC_NODES" \
			"$(on "$n" -t 30 -- cat /proc/hpc/admin/config)" "$n"
		check "node $n protocol version" "hpc 0.1 proto 1" \
			"$(on "$n" -t 30 -- cat /proc/hpc/admin/version)" "$n"
	else
		check "node $n stock kernel has no /proc/hpc" "absent" \
			"$(on "$n" -t 30 -- '[ -e /proc/hpc ] && echo present || echo absent')" "$n"
	fi
done
finish
