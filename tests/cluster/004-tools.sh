#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The tools and the balancer on a booted cluster: setpe -r gives back what
# setpe -w wrote, and every node's mosixd sees every other node up.
# nodes: 3
# boot: hpc.mosixd=1
. "$(dirname "$0")/lib.sh"

map=$'1 10.77.0.1 3'
out=$(on 2 -t 60 -- 'printf "# test map\n1 10.77.0.1 3\n" > /tmp/m && setpe -w -f /tmp/m -p 2 && setpe -r')
check "setpe -r prints back what setpe -w wrote" "$map" "$out" 2

out=$(on 2 -t 60 -- 'printf "1 10.77.0.1 3\nbad line\n" > /tmp/bad; setpe -w -f /tmp/bad; echo "status=$?"' 2>&1)
if grep -q "line 2" <<<"$out" && grep -q "status=[1-9]" <<<"$out"; then
	ok "setpe names the malformed line and fails"
else
	not_ok "setpe names the malformed line and fails" "an error naming line 2, non-zero status" "$out" 2
fi

for n in $(seq 1 "$VC_NODES"); do
	if wait_for "$n" 60 "[ \$(mmon -1 | grep -cE '^[0-9]+ .* (self|up) ') = $VC_NODES ]"; then
		ok "mosixd on node $n sees all $VC_NODES nodes up"
	else
		not_ok "mosixd on node $n sees all $VC_NODES nodes up" "$VC_NODES nodes self/up" \
			"$(on "$n" -t 30 -- 'mmon -1; cat /var/log/mosixd.log' 2>&1)" "$n"
	fi
done
finish
