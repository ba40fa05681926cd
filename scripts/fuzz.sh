#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fuzz every decoder for a fixed budget (Documentation/fuzzing.rst).
#
#   scripts/fuzz.sh [-t SECONDS_PER_TARGET] [-R] [target...]
#
# Builds the libFuzzer targets (tests/fuzz/Makefile), replays the
# regression inputs of tests/fuzz/regress/<target>/, then fuzzes each
# target for SECONDS (default 60) starting from tests/fuzz/corpus/<target>/
# plus what earlier runs found (build/fuzz/corpus/<target>/). Any crash,
# leak, timeout or sanitizer report fails the target; its input is saved
# under build/fuzz/artifacts/<target>/ (turn it into a regression test by
# copying it to tests/fuzz/regress/<target>/).
#
#   -t N   seconds of fuzzing per target; make check uses -t 10
#   -R     replay the regression inputs only, no fuzzing
#
# Prints TAP, one line per target and per regression directory; exits
# non-zero if any line is "not ok" (TODO lines excepted).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

BUDGET=60
REPLAY_ONLY=0
while getopts "t:Rh" opt; do
	case $opt in
	t) BUDGET=$OPTARG ;;
	R) REPLAY_ONLY=1 ;;
	*) sed -n '4,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case $BUDGET in
''|*[!0-9]*) echo "fuzz.sh: -t wants whole seconds" >&2; exit 2 ;;
esac

ALL_TARGETS=(lvec_raw lvec_signed lvec_replay map_diff adminc wire)
# Largest input per target: a little above the largest valid message, so
# that the "too long" checks are reached too.
declare -A MAX_LEN=(
	[lvec_raw]=1300		# LVEC_MAX_PACKET 1208
	[lvec_signed]=1240	# packet without its 32-byte tag: 1176
	[lvec_replay]=3000	# 1000 packets
	[map_diff]=4096		# MAP_TEXT_MAX is 64 KiB; lines stop at 1 KiB
	[adminc]=4096		# ADMINC_LINE_MAX 1024, reader buffer 4096
	[wire]=12288		# one MIG_PAGES message of 1 page and more
)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL_TARGETS[@]}")
for t in "${TARGETS[@]}"; do
	if [ -z "${MAX_LEN[$t]:-}" ]; then
		echo "fuzz.sh: no target '$t' (${ALL_TARGETS[*]})" >&2
		exit 2
	fi
done

# Kernel sources a target needs; while one is not in the tree yet the
# target is skipped (TAP SKIP), not failed.
declare -A NEEDS=([map_diff]=hpc/map.c [wire]=hpc/wire.c)
BUILD=()
for t in "${TARGETS[@]}"; do
	[ -z "${NEEDS[$t]:-}" ] || [ -f "${NEEDS[$t]}" ] && BUILD+=("build/fuzz/$t")
done

O=build/fuzz
LOGS=$O/logs
mkdir -p "$LOGS"

echo "# building fuzz targets"
if [ ${#BUILD[@]} -gt 0 ] && ! make -s -f tests/fuzz/Makefile -j"${JOBS:-2}" \
	"${BUILD[@]}" >"$LOGS/build.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - fuzz targets build (log: $LOGS/build.log)"
	tail -20 "$LOGS/build.log" | sed 's/^/#   /'
	exit 1
fi

n=0
failed=0
plan=$(( ${#TARGETS[@]} * (REPLAY_ONLY ? 1 : 2) + 1 ))
echo "1..$plan"

# The seeds are generated from the codecs; a format change must be
# followed by a regenerated corpus, or fuzzing starts from stale inputs.
n=$((n + 1))
fresh=$(mktemp -d)
if make -s -f tests/fuzz/Makefile build/fuzz/gen-corpus >"$LOGS/gen.log" 2>&1 &&
	build/fuzz/gen-corpus "$fresh" >>"$LOGS/gen.log" 2>&1 &&
	diff -rq "$fresh" tests/fuzz/corpus >"$LOGS/corpus.diff" 2>&1; then
	echo "ok $n - the seed corpus is what gen-corpus makes now"
else
	echo "not ok $n - the seed corpus is stale: make -f tests/fuzz/Makefile corpus"
	sed "s|$fresh|(generated)|; s/^/#   /" "$LOGS/corpus.diff" | head -10
	failed=$((failed + 1))
fi
rm -rf "$fresh"

# replay TARGET: run the target once on each regression input.
replay() {
	local t=$1 dir=tests/fuzz/regress/$1 log=$LOGS/$1.regress.log
	local files=() known=() f
	n=$((n + 1))
	if [ -d "$dir" ]; then
		for f in "$dir"/*; do
			[ -f "$f" ] || continue
			files+=("$f")
			case ${f##*/} in known-*) known+=("$f") ;; esac
		done
	fi
	if [ ${#files[@]} -eq 0 ]; then
		echo "ok $n - regress $t: no inputs"
		return
	fi
	if "$O/$t" -runs=1 "${files[@]}" >"$log" 2>&1; then
		echo "ok $n - regress $t: ${#files[@]} inputs replayed"
	else
		echo "not ok $n - regress $t: an input fails (log: $log)"
		grep -E 'property broken|ERROR|SUMMARY|runtime error|Running:' \
			"$log" | tail -8 | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
	# A known-* input shows a reported bug that is not fixed yet: replay
	# it strictly and report it as TODO until it passes.
	for f in "${known[@]}"; do
		if HPC_FUZZ_STRICT=1 "$O/$t" -runs=1 "$f" >"$log.strict" 2>&1; then
			echo "# $t: ${f##*/} no longer diverges: drop it from known_divergence()"
		else
			echo "# TODO $t: ${f##*/}: $(grep -m1 -o 'property broken.*' \
				"$log.strict" | cut -c1-160)"
		fi
	done
}

# fuzz TARGET: fixed-budget libFuzzer run.
fuzz() {
	local t=$1 log=$LOGS/$1.log work=$O/corpus/$1 art=$O/artifacts/$1/
	local status execs cov seed
	n=$((n + 1))
	mkdir -p "$work" "$art"
	"$O/$t" -max_total_time="$BUDGET" -max_len="${MAX_LEN[$t]}" \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$art" "$work" "tests/fuzz/corpus/$t" \
		>"$log" 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
	seed=$(sed -n 's/.*Seed: \([0-9]*\).*/\1/p' "$log" | head -1)
	if [ "$status" = 0 ]; then
		echo "ok $n - fuzz $t: ${execs:-?} execs in ${BUDGET} s, cov ${cov:-?}, seed ${seed:-?}"
	else
		echo "not ok $n - fuzz $t: exit $status after ${execs:-?} execs, seed ${seed:-?} (log: $log)"
		grep -E 'property broken|ERROR: |SUMMARY|runtime error|Test unit written' \
			"$log" | head -8 | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
}

for t in "${TARGETS[@]}"; do
	if [ -n "${NEEDS[$t]:-}" ] && [ ! -f "${NEEDS[$t]}" ]; then
		n=$((n + 1))
		echo "ok $n - regress $t # SKIP ${NEEDS[$t]} is not in the tree"
		if [ "$REPLAY_ONLY" = 0 ]; then
			n=$((n + 1))
			echo "ok $n - fuzz $t # SKIP ${NEEDS[$t]} is not in the tree"
		fi
		continue
	fi
	replay "$t"
	[ "$REPLAY_ONLY" = 1 ] || fuzz "$t"
done
[ "$failed" = 0 ]
