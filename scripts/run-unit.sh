#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the userland unit tests (cmocka) and print TAP, one line per test case,
# each prefixed with its test program's name.
set -uo pipefail
rc=0
[ $# -gt 0 ] || { echo "unit: no unit tests were built" >&2; exit 1; }
for t in "$@"; do
	name=${t##*/}
	out=$(CMOCKA_MESSAGE_OUTPUT=tap "$t" 2>&1)
	status=$?
	printf '%s\n' "$out" | sed -nE "s/^(not )?ok [0-9]+ -? ?(.*)/\1ok - $name: \2/p"
	if [ $status != 0 ]; then
		rc=1
		printf '%s\n' "$out" | grep -Eq '^not ok ' ||
			echo "not ok - $name exited with status $status"
		printf '%s\n' "$out" | grep -v -E '^(not )?ok ' | sed 's/^/# /' | tail -40
	fi
done
exit $rc
