#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Nodes whose maps list only themselves find each other by multicast
# (mosixd -d): each balancer hears the others, puts them in the kernel's
# map, and a process can then migrate to a node no file ever named.
# nodes: 3
# boot: hpc.mosixd=1 hpc.discover=1
. "$(dirname "$0")/lib.sh"

check "node 1's map file names node 1 only" "1 10.77.0.1 1" \
	"$(on 1 -t 30 -- 'grep -v "^#" /etc/mosix.map' 2>&1)"
for n in 1 2 3; do
	if wait_for $n 60 'for i in 1 2 3; do [ "$(mosctl whois $i)" = 10.77.0.$i ] || exit 1; done'; then
		ok "node $n: the kernel map holds all three nodes"
	else
		not_ok "node $n: the kernel map holds all three nodes" "nodes 1-3 at 10.77.0.1-3" \
			"$(on $n -t 30 -- 'cat /proc/hpc/admin/config; tail -5 /var/log/mosixd.log' 2>&1)" $n
	fi
done
wait_for 1 60 'mosctl isup 2 && mosctl isup 3' && ok "node 1's balancer sees nodes 2 and 3 up" ||
	not_ok "node 1's balancer sees nodes 2 and 3 up" "isup 2 and 3" \
		"$(on 1 -t 30 -- 'mosctl status 2; mosctl status 3' 2>&1)"
check "a process moves to discovered node 3 and its exit status comes home" 3 \
	"$(on 1 -t 300 -- "sh -c 'echo \"exec 3\" > /proc/self/goto && exec /opt/hpc/tests/migexit exit 3'; echo \$?" 2>&1)"
check "node 3 ran its body" 1 \
	"$(on 3 -t 30 -- 'dmesg | grep -c "hpc: body of pid .* from node 1 runs here"' 2>&1)" 3
finish
