#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check the kernel package from the packaging path (scripts/deb-kernel.sh -t):
# it holds a kernel image, and that image boots the virtual cluster with the
# migration subsystem alive. TAP.
#
#   tests/packaging/kernel.sh [-s | -a] [DEBDIR]
#
# DEBDIR defaults to build/deb/test. With -s the core cluster scenarios
# (a process moved and back, forwarded I/O, exit and signals, the balanced
# FLAC batch) run on the packaged kernel as well; with -a all of them, as
# on the development kernel. The package is built from the same patches
# and configuration as that kernel, so make check runs the core set only.
# Skips (exit 4) when no package was built.

set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VC=$ROOT/scripts/vcluster
DIR=$ROOT/build/vc-deb
scenarios=0
CORE="001 101 102 103 200"
case ${1:-} in
-s) scenarios=1; shift ;;
-a) scenarios=1; CORE=; shift ;;
esac
DEBDIR=${1:-$ROOT/build/deb/test}

n=0 fail=0
ok()  { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else nok "$what"; fi; }

shopt -s nullglob
debs=("$DEBDIR"/linux-image-*.deb)
image=
for d in "${debs[@]}"; do
	case $d in *-dbg_*) ;; *) image=$d ;; esac
done
if [ -z "$image" ]; then
	echo "1..0 # SKIP no linux-image package in $DEBDIR (scripts/deb-kernel.sh -t)"
	exit 4
fi

work=$(mktemp -d)
trap '"$VC" stop -d "$DIR" >/dev/null 2>&1; rm -rf "$work"' EXIT

ok "package $(basename "$image")"
dpkg-deb -c "$image" | awk '{print $6}' > "$work/list"
check "it holds /boot/vmlinuz-*" grep -q '^\./boot/vmlinuz-' "$work/list"
check "it holds /boot/config-* and System.map-*" bash -c "
	grep -q '^\./boot/config-' '$work/list' && grep -q '^\./boot/System.map-' '$work/list'"
dpkg-deb -x "$image" "$work/root"
vmlinuz=$(echo "$work"/root/boot/vmlinuz-*)
release=${vmlinuz##*/vmlinuz-}
check "release $release carries LOCALVERSION -hpc" bash -c "[[ '$release' == *-hpc* ]]"
check "CONFIG_HPC=y in its config" grep -qx 'CONFIG_HPC=y' "$work/root/boot/config-$release"
check "vmlinuz is an x86 boot image" bash -c "file -L '$vmlinuz' | grep -q 'Linux kernel x86 boot executable'"
check "control: Package linux-image-$release" \
	bash -c "[ \"\$(dpkg-deb -f '$image' Package)\" = 'linux-image-$release' ]"
check "maintainer scripts run /etc/kernel hooks (update-grub keeps other kernels)" \
	bash -c "dpkg-deb -e '$image' '$work/ctl' && grep -q 'etc/kernel' '$work/ctl/postinst'"

# --- boot it ----------------------------------------------------------------------
if [ ! -f "$ROOT/build/initramfs.cpio.gz" ]; then
	nok "boot: build/initramfs.cpio.gz missing (make initramfs)"
else
	"$VC" stop -d "$DIR" >/dev/null 2>&1
	if "$VC" start -d "$DIR" -n 2 --kernel "$vmlinuz" --limit 900 > "$work/boot.log" 2>&1; then
		ok "2-node virtual cluster boots the packaged kernel"
		out=$("$VC" run -d "$DIR" 1 -t 30 -- cat /proc/hpc/admin/mospe 2>&1)
		check "node 1: /proc/hpc/admin/mospe is 1 (got '$out')" [ "$out" = 1 ]
		out=$("$VC" run -d "$DIR" 2 -t 30 -- cat /proc/hpc/admin/mospe 2>&1)
		check "node 2: /proc/hpc/admin/mospe is 2 (got '$out')" [ "$out" = 2 ]
		out=$("$VC" run -d "$DIR" 1 -t 30 -- uname -r 2>&1)
		check "node 1 runs $release (got '$out')" [ "$out" = "$release" ]
	else
		nok "2-node virtual cluster boots the packaged kernel"
		sed 's/^/# /' "$work/boot.log"
	fi
	"$VC" stop -d "$DIR" >/dev/null 2>&1
fi

if [ $scenarios = 1 ]; then
	echo "# cluster scenarios on the packaged kernel: ${CORE:-all}"
	# shellcheck disable=SC2086 # CORE is a list of scenario numbers
	if "$ROOT/tests/cluster/run.sh" -k "$vmlinuz" $CORE | sed 's/^/# /'; then
		ok "cluster scenarios pass on the packaged kernel"
	else
		nok "cluster scenarios pass on the packaged kernel"
	fi
fi

echo "1..$n"
[ $fail = 0 ]
