# SPDX-License-Identifier: GPL-2.0
# Helpers for cluster scenarios. A scenario is tests/cluster/NNN-name.sh; it
# runs on the host against a booted cluster (VC_DIR, VC_NODES), prints TAP
# lines through ok/not_ok and exits non-zero if any check failed.
#
# Header comments read by run.sh:
#   # nodes: N          how many nodes the scenario needs (default 2)
#   # hpc: any          also run it on the kernel built with CONFIG_HPC off
#   # boot: ARGS        extra kernel arguments (e.g. hpc.mosixd=1)

VC=${VC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/vcluster}
FAILED=0

# on NODE [-t SECS] -- SCRIPT: run a shell script on a node
on() {
	local node=$1
	shift
	"$VC" run -d "$VC_DIR" "$node" "$@"
}

ok() { echo "ok - $*"; }

# not_ok DESCRIPTION EXPECTED SEEN [NODE]: report a failure with context
not_ok() {
	local desc=$1 expected=$2 seen=$3 node=${4:-1}
	FAILED=1
	echo "not ok - $desc"
	echo "#   expected: $expected"
	printf '%s\n' "$seen" | sed 's/^/#   seen:     /' | head -20
	echo "#   console of node $node ($VC_DIR/node$node.log):"
	tail -n 25 "$VC_DIR/node$node.log" 2>/dev/null | sed 's/^/#     /'
	# the console shows warnings only: the subsystem's log says more
	echo "#   kernel log of node $node (hpc):"
	"$VC" run -d "$VC_DIR" "$node" -t 20 -- 'dmesg | grep "hpc:" | tail -n 25' \
		2>&1 | sed 's/^/#     /'
}

# check DESCRIPTION EXPECTED SEEN: equality check
check() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "$2" "$3" "${4:-1}"; fi
}

# check_like DESCRIPTION PATTERN EXPECTED SEEN: SEEN matches the glob
# PATTERN; EXPECTED says what that means, for the failure report
check_like() {
	# shellcheck disable=SC2053 # PATTERN is a glob on purpose
	if [[ $4 == $2 ]]; then ok "$1"; else not_ok "$1" "$3" "$4"; fi
}

# wait_for NODE SECS SCRIPT: poll SCRIPT on NODE until it exits 0
wait_for() {
	local node=$1 secs=$2 script=$3 end=$((SECONDS + $2))
	while [ $SECONDS -lt $end ]; do
		on "$node" -t 30 -- "$script" >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	return 1
}

finish() { exit $FAILED; }
