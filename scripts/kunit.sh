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
# The suites the tree defines: every one must report, or a suite that was
# left out of the build (or never ran) would pass unnoticed.
expected=$(sed -n 's/^[[:space:]]*\.name = "\([a-z0-9_]*\)",.*/\1/p' \
	"$ROOT"/hpc/*_test.c | sort -u | tr '\n' ' ')
python3 - "$DIR/ktap.log" $expected <<'PY'
"""Check the boot log's KTAP: one TAP line per test case, and every suite
must be present, complete (as many results as its plan) and end with its
own "ok" line: a suite that crashed half-way or failed to initialise has
no case lines to fail, only a missing or "not ok" suite line."""
import re, sys

lines = open(sys.argv[1], errors="replace").read().splitlines()
expected = sys.argv[2:]
suites = {}          # name -> {"plan": n, "cases": n, "result": "ok"/"not ok"}
order = []
suite, failed, out = None, 0, []


def bad(msg):
    global failed
    failed += 1
    out.append(f"not ok - {msg}")


for raw in lines:
    line = re.sub(r"^\[[ 0-9.]+\]\s?", "", raw)
    m = re.match(r"^    # Subtest: (\S+)", line)
    if m:
        suite = m.group(1)
        suites[suite] = {"plan": None, "cases": 0, "result": None}
        order.append(suite)
        continue
    m = re.match(r"^    1\.\.(\d+)", line)
    if m and suite:
        suites[suite]["plan"] = int(m.group(1))
        continue
    m = re.match(r"^(\s*)(not )?ok (\d+) (\S+)(.*)$", line)
    if not m:
        continue
    indent, nok, _, name, rest = m.groups()
    if len(indent) == 0 and name in suites:
        suites[name]["result"] = "not ok" if nok else "ok"
        suite = None
    elif len(indent) == 4 and suite:
        suites[suite]["cases"] += 1
        skip = "# SKIP" in rest
        if nok and not skip:
            bad(f"kunit {suite}.{name}{rest}")
            out.extend(f"#   {c}" for c in [l for l in lines if name in l][-5:])
        else:
            out.append(f"ok - kunit {suite}.{name}{rest}")

for name in order:
    s = suites[name]
    if s["result"] is None:
        bad(f"kunit {name}: no suite result line (crashed or cut short?); "
            f"saw {s['cases']} of {s['plan']} cases")
    elif s["plan"] is not None and s["cases"] != s["plan"]:
        bad(f"kunit {name}: plan says {s['plan']} cases, saw {s['cases']}")
    elif s["result"] == "not ok" and s["cases"] and \
            not any(l.startswith(f"not ok - kunit {name}.") for l in out):
        bad(f"kunit {name}: suite reported not ok with every case passing "
            f"(init or exit failed?)")
    elif s["result"] == "not ok" and not s["cases"]:
        bad(f"kunit {name}: suite reported not ok and ran no case")
for name in expected:
    if name not in suites:
        bad(f"kunit {name}: suite defined in hpc/ but absent from the "
            f"kernel log (expected suites: {' '.join(expected)})")
print("\n".join(out))
if not order:
    print("not ok - kunit: no KUnit results in the kernel log (is CONFIG_KUNIT on?)")
    sys.exit(1)
sys.exit(1 if failed else 0)
PY
