#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every node reaches every other over the virtual LAN, with jumbo frames.
# nodes: 3
# hpc: any
. "$(dirname "$0")/lib.sh"

for a in $(seq 1 "$VC_NODES"); do
	for b in $(seq 1 "$VC_NODES"); do
		[ "$a" = "$b" ] && continue
		out=$(on "$a" -t 60 -- "ping -c 1 -W 5 -s 8000 10.77.0.$b" 2>&1)
		if [ $? = 0 ]; then
			ok "node $a reaches node $b (8000-byte ping)"
		else
			not_ok "node $a reaches node $b" "a ping reply" "$out" "$a"
		fi
	done
done
finish
