#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test layer, in order, with a summary at the end.
#   1. userland unit tests (cmocka), host-level tool/daemon/packaging tests,
#      a short fuzzing run of every decoder
#   2. the kernel: patch series applies, build, checkpatch on the patchset
#   3. KUnit suites, run at boot in a node; make cluster's console
#      shell, driven in tmux
#   4. cluster scenarios on the test kernel
#   5. packaging: the kernel package path, built small, boots the cluster;
#      both packages are installed, upgraded and removed in a Debian chroot
#   6. the stock-kernel proof: CONFIG_HPC off boots and passes the
#      scenarios that do not need migration
# Every layer prints TAP; this script counts it. Logs: build/check/.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
LOGS=build/check
rm -rf "$LOGS"
mkdir -p "$LOGS"
export JOBS=${JOBS:-$(nproc)}

declare -a LAYERS
total_pass=0
total_fail=0

# layer NAME COMMAND...: run one layer, show its TAP, count it
layer() {
	local name=$1 log=$LOGS/$1.log start=$SECONDS status pass fail
	shift
	printf '\n=== %s ===\n' "$name"
	"$@" 2>&1 | tee "$log" | grep --line-buffered -E '^(not ok|ok|#|\[)' 
	status=${PIPESTATUS[0]}
	pass=$(grep -c '^ok ' "$log")
	fail=$(grep -c '^not ok ' "$log")
	if [ "$status" != 0 ] && [ "$fail" = 0 ]; then
		fail=1
		echo "not ok - $name: exited with status $status (log: $log)"
		tail -30 "$log" | sed 's/^/#   /'
	fi
	LAYERS+=("$(printf '%-22s %4d passed %4d failed %5d s' "$name" "$pass" "$fail" $((SECONDS - start)))")
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
}

tap_cmd() {	# run a command, turn its exit status into one TAP line
	local desc=$1
	shift
	if "$@"; then echo "ok - $desc"; else echo "not ok - $desc"; return 1; fi
}

layer build-userland tap_cmd "userland builds with -Werror" make -s userland
layer unit make -s unit
for t in tests/tools/run.sh tests/daemon/run.sh tests/corpus/test-mkcorpus.sh \
	 tests/packaging/run.sh; do
	[ -x "$t" ] && layer "host-$(basename "$(dirname "$t")")" "$t"
done
layer docs scripts/docs-check.sh
layer fuzz scripts/fuzz.sh -t 8
layer kernel-on tap_cmd "patch series applies and the test kernel builds" \
	scripts/kernel.sh build on
layer patchset tap_cmd "make patchset writes a series and checkpatch finds no errors" \
	scripts/kernel.sh checkpatch
layer initramfs tap_cmd "initramfs builds" scripts/mkinitramfs.sh
layer kunit scripts/kunit.sh
layer cluster-shell tests/harness/cluster-shell.sh
layer scenarios tests/cluster/run.sh
layer deb-kernel tap_cmd "the kernel package builds (test configuration)" \
	scripts/deb-kernel.sh -t
layer deb-kernel-boot tests/packaging/kernel.sh -s
layer deb-install tests/packaging/install.sh
layer kernel-off tap_cmd "the kernel builds with CONFIG_HPC off" \
	scripts/kernel.sh build off
layer scenarios-off tests/cluster/run.sh -m off \
	-k build/kobj-off/arch/x86/boot/bzImage

printf '\n=== summary ===\n'
printf '%s\n' "${LAYERS[@]}"
if [ "$total_fail" != 0 ]; then
	# name every failing check, nested ones (scenarios run inside a layer)
	# included, so the end of the output says what broke
	printf '\n=== failures ===\n'
	for log in "$LOGS"/*.log; do
		grep -E -A4 --no-group-separator '^(# )*not ok ' "$log" | sed "s|^|$(basename "$log" .log): |"
	done
fi
echo
echo "check: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
