#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The documentation renders: every .rst under Documentation/ parses with
# docutils without a warning, and every man page formats with man(1)
# without one (an undefined macro drops its line from the page). TAP, one
# line per file.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2

rc=0
report() {	# report FILE MESSAGES
	if [ -z "$2" ]; then
		echo "ok - $1 renders cleanly"
	else
		echo "not ok - $1 renders cleanly"
		echo "#   expected: no warnings; seen:"
		printf '%s\n' "$2" | head -20 | sed 's/^/#     /'
		rc=1
	fi
}

if ! python3 -c 'import docutils' 2>/dev/null; then
	echo "not ok - docutils is importable (apt-get install python3-docutils)"
	exit 1
fi
for f in $(find Documentation -name '*.rst' | sort); do
	msgs=$(python3 - "$f" <<'PY' 2>&1
import io, sys
import docutils.core
src = open(sys.argv[1], encoding="utf-8").read()
out = io.StringIO()
docutils.core.publish_doctree(src, source_path=sys.argv[1], settings_overrides={
    "report_level": 2, "halt_level": 5, "warning_stream": out})
sys.stdout.write(out.getvalue())
PY
)
	report "$f" "$msgs"
done
for f in $(find tools userland -name '*.[1-8]' | sort); do
	msgs=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$f" 2>&1 >/dev/null)
	report "$f" "$msgs"
done
exit $rc
