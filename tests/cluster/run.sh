#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the numbered cluster scenarios. Each gets a freshly booted cluster of
# the size its header asks for; output is TAP.
#
#   tests/cluster/run.sh [-k KERNEL] [-i INITRD] [-t TAG] [-m on|off] [scenario ...]
#   -m off runs only the scenarios marked "# hpc: any" (stock kernel proof)
#   -i boots another initramfs than build/initramfs.cpio.gz
#   -t TAG keeps this run's cluster directories (build/vc-TAG-...) apart
#      from another run's, so two runs can go on side by side
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VC=$ROOT/scripts/vcluster
KERNEL=$ROOT/build/kobj-on/arch/x86/boot/bzImage
INITRD=$ROOT/build/initramfs.cpio.gz
TAG=
MODE=on
while getopts "k:i:t:m:" opt; do
	case $opt in
	k) KERNEL=$OPTARG ;;
	i) INITRD=$OPTARG ;;
	t) TAG=$OPTARG- ;;
	m) MODE=$OPTARG ;;
	*) echo "usage: $0 [-k KERNEL] [-i INITRD] [-t TAG] [-m on|off] [scenario...]" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ "$MODE" = off ] && [ "$KERNEL" = "$ROOT/build/kobj-on/arch/x86/boot/bzImage" ] &&
	KERNEL=$ROOT/build/kobj-off/arch/x86/boot/bzImage
if [ $# -gt 0 ]; then
	SCEN=()
	for s in "$@"; do	# a path, a name (101-migrate-memory) or a number
		[ -f "$s" ] || s=$(echo "$HERE/$s"*.sh | cut -d' ' -f1)
		[ -f "$s" ] || { echo "Bail out! no scenario $s" >&2; exit 2; }
		SCEN+=("$s")
	done
else
	SCEN=("$HERE"/[0-9][0-9][0-9]-*.sh)
fi

rc=0
for s in "${SCEN[@]}"; do
	name=$(basename "$s" .sh)
	nodes=$(sed -n 's/^# nodes: *\([0-9]*\).*/\1/p' "$s" | head -1)
	nodes=${nodes:-2}
	boot=$(sed -n 's/^# boot: *//p' "$s" | head -1)
	if [ "$MODE" = off ] && ! grep -q '^# hpc: any' "$s"; then
		continue
	fi
	dir=$ROOT/build/vc-$TAG$MODE-$name
	echo "# scenario $name ($nodes nodes, kernel $MODE)"
	if ! "$VC" start -d "$dir" -n "$nodes" --kernel "$KERNEL" --initrd "$INITRD" \
		--limit 1200 \
		--append "$boot" > "$dir.boot.log" 2>&1; then
		echo "not ok - $name: the cluster did not boot"
		sed 's/^/#   /' "$dir.boot.log" | tail -60
		rc=1
		continue
	fi
	start=$SECONDS
	VC_DIR=$dir VC_NODES=$nodes HPC_MODE=$MODE timeout 1200 bash "$s" |
		sed "s/^\(\(not \)\?ok - \)/\1$name: /"
	status=${PIPESTATUS[0]}
	"$VC" stop -d "$dir"
	if [ "$status" != 0 ]; then
		rc=1
		[ "$status" = 124 ] && echo "not ok - $name: timed out after 1200 s"
	fi
	echo "# $name took $((SECONDS - start)) s"
done
exit $rc
