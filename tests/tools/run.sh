#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-level tests of the user tools (setpe, mosrun, runhome, migrate,
# mosctl, mps, mmon) against a fake HPC_PROCFS tree and a fake balancer
# socket; mmon runs in tmux. Prints TAP. Needs the tools built (make
# userland); B= selects the build directory (default build).
set -u
here=$(cd "$(dirname "$0")" && pwd)
B=${B:-$here/../../build}
export B=$(cd "$B" 2>/dev/null && pwd || echo "$B")

for p in bin/mosrun bin/runhome bin/migrate bin/mosctl bin/mps bin/mmon sbin/setpe; do
	if [ ! -x "$B/$p" ]; then
		echo "Bail out! $B/$p is not built (run make userland)"
		exit 1
	fi
done
command -v python3 >/dev/null || { echo "Bail out! python3 is needed for the fake balancer"; exit 1; }

n=0 rc=0
for t in "$here"/test_*.sh; do
	name=$(basename "$t" .sh)
	name=${name#test_}
	fails=0
	while IFS= read -r line; do
		case "$line" in
		"ok - "*|"not ok - "*)
			n=$((n + 1))
			[ "${line%% - *}" = "not ok" ] && fails=1
			echo "${line%% - *} $n - $name: ${line#* - }"
			;;
		"#status "*)
			status=${line#\#status }
			if [ "$status" != 0 ] && [ $fails = 0 ]; then
				n=$((n + 1))
				echo "not ok $n - $name: script exited with status $status"
			fi
			[ "$status" != 0 ] && rc=1
			;;
		*) echo "$line" ;;
		esac
	done < <(timeout 300 bash "$t" 2>&1; echo "#status $?")
done
echo "1..$n"
exit $rc
