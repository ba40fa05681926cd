#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every node boots with its own id, address and the whole cluster map.
# nodes: 3
# hpc: any
. "$(dirname "$0")/lib.sh"
proto=$(awk '/#define HPC_PROTO_VERSION/ { print $3 }' \
	"$(dirname "$0")/../../kernel/include/uapi/linux/hpc.h")

for n in $(seq 1 "$VC_NODES"); do
	# one round trip per node: hostname, address, then the /proc/hpc files
	out=$(on "$n" -t 60 -- '
		hostname
		ip -4 -o addr show eth0 | awk "{print \$4}" | cut -d/ -f1
		if [ -e /proc/hpc ]; then
			cat /proc/hpc/admin/mospe /proc/hpc/admin/version
			cat /proc/hpc/admin/config | tr "\n" ";"; echo
		else
			echo absent
		fi')
	line() { sed -n "${1}p" <<<"$out"; }
	check "node $n hostname" "node$n" "$(line 1)" "$n"
	check "node $n address" "10.77.0.$n" "$(line 2)" "$n"
	if [ "$HPC_MODE" = on ]; then
		check "node $n /proc/hpc/admin/mospe" "$n" "$(line 3)" "$n"
		check "node $n protocol version" "hpc 0.1 proto $proto" "$(line 4)" "$n"
		check "node $n cluster map" "1 10.77.0.1 $VC_NODES;" "$(line 5)" "$n"
	else
		check "node $n stock kernel has no /proc/hpc" "absent" "$(line 3)" "$n"
	fi
done

if [ "$HPC_MODE" = on ]; then
	# The kernel rejects a malformed map, names the line, and keeps the old one.
	out=$(on 1 -t 60 -- '
		printf "1 10.77.0.1 3\n2 10.77.0.9 1\n" > /proc/hpc/admin/config 2>/dev/null &&
			echo accepted || echo rejected
		cat /proc/hpc/admin/config
		dmesg | grep "cluster map rejected" | tail -1 | sed "s/^\[[^]]*\] //"')
	check "an overlapping map is rejected" "rejected" "$(sed -n 1p <<<"$out")"
	check "the previous map stays" "1 10.77.0.1 $VC_NODES" "$(sed -n 2p <<<"$out")"
	check "the kernel log names the line" "hpc: cluster map rejected: error -22 at line 2" \
		"$(sed -n 3p <<<"$out")"
fi
finish
