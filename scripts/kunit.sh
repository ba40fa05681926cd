#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot one node of the test kernel, collect the KTAP that the built-in KUnit
# suites printed at boot, and report one TAP line per test case.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VC=$ROOT/scripts/vcluster
DIR=$ROOT/build/vc-kunit
KERNEL=${KERNEL:-$ROOT/build/kobj-on/arch/x86/boot/bzImage}

trap '"$VC" stop -d "$DIR"' EXIT
"$VC" start -d "$DIR" -n 1 --kernel "$KERNEL" --limit 600 ||
	{ echo "not ok - kunit: the test kernel did not boot"; exit 1; }
ktap=$("$VC" run -d "$DIR" 1 -t 60 -- dmesg) ||
	{ echo "not ok - kunit: could not read the kernel log"; exit 1; }
printf '%s\n' "$ktap" > "$DIR/ktap.log"
python3 - "$DIR/ktap.log" <<'PY'
import re, sys
lines = open(sys.argv[1], errors="replace").read().splitlines()
suite, cases, failed, seen_suites = None, 0, 0, 0
for raw in lines:
    line = re.sub(r"^\[[ 0-9.]+\]\s?", "", raw)
    m = re.match(r"^\s*# Subtest: (\S+)", line)
    if m and line.startswith("    "):
        suite = m.group(1)
        seen_suites += 1
        continue
    m = re.match(r"^(\s*)(not )?ok (\d+) (\S+)(.*)$", line)
    if not m or suite is None:
        continue
    indent, bad, _, name, rest = m.groups()
    if len(indent) == 4 and name != suite:
        cases += 1
        skip = "# SKIP" in rest
        print(f"{'not ' if bad and not skip else ''}ok - kunit {suite}.{name}{rest}")
        if bad and not skip:
            failed += 1
            ctx = [l for l in lines if name in l][-5:]
            for c in ctx:
                print(f"#   {c}")
if cases == 0:
    print("not ok - kunit: no KUnit results in the kernel log (is CONFIG_KUNIT on?)")
    sys.exit(1)
sys.exit(1 if failed else 0)
PY
