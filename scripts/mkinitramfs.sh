#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the initramfs of a virtual cluster node:
#   busybox, the project's programs (build/bin, build/sbin), the in-guest
#   test programs (build/guest), flac with its libraries, the harness agent
#   and the node's init scripts (tests/harness/rootfs).
#
# usage: scripts/mkinitramfs.sh [-o OUT] [-x EXTRA_DIR]...
#   -x copies EXTRA_DIR's contents into the image root (e.g. a corpus).

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$ROOT/build}
OUT=$B/initramfs.cpio.gz
EXTRA=()
while getopts "o:x:" opt; do
	case $opt in
	o) OUT=$OPTARG ;;
	x) EXTRA+=("$OPTARG") ;;
	*) echo "usage: $0 [-o OUT] [-x EXTRA_DIR]..." >&2; exit 2 ;;
	esac
done

log() { printf '[initramfs] %s\n' "$*" >&2; }
die() { printf '[initramfs] error: %s\n' "$*" >&2; exit 1; }

STAGE=$(mktemp -d "$B/initramfs.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT

# Copy a dynamically linked program and every library ldd names for it.
add_prog() {
	local src=$1 dst=$2 lib
	install -D -m 0755 "$src" "$STAGE$dst"
	for lib in $(ldd "$src" 2>/dev/null | grep -o '/[^ ]*' || true); do
		[ -e "$STAGE$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$STAGE$lib"
	done
}

BUSYBOX=/bin/busybox
[ -x "$BUSYBOX" ] || die "$BUSYBOX missing (apt-get install busybox-static)"
if ldd "$BUSYBOX" >/dev/null 2>&1; then
	die "$BUSYBOX is not static (apt-get install busybox-static)"
fi

mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,root,opt/hpc}
install -m 0755 "$BUSYBOX" "$STAGE/bin/busybox"
ln -s busybox "$STAGE/bin/sh"
cp -a "$ROOT/tests/harness/rootfs/." "$STAGE/"
# One cluster key per build tree, shared by every node of the virtual cluster.
[ -s "$B/cluster.key" ] || (umask 077 && head -c 32 /dev/urandom > "$B/cluster.key")
install -D -m 0600 "$B/cluster.key" "$STAGE/etc/mosix/cluster.key"

[ -x "$B/sbin/hpc-agent" ] || die "build/sbin/hpc-agent missing (make userland)"
for d in bin sbin; do
	[ -d "$B/$d" ] || continue
	for p in "$B/$d"/*; do
		[ -f "$p" ] && add_prog "$p" "/usr/$d/${p##*/}"
	done
done
if [ -d "$B/guest" ]; then
	for p in "$B/guest"/*; do
		[ -f "$p" ] && add_prog "$p" "/opt/hpc/tests/${p##*/}"
	done
fi
command -v flac >/dev/null || die "flac missing (apt-get install flac)"
add_prog "$(command -v flac)" /usr/bin/flac
for e in "${EXTRA[@]}"; do
	cp -a "$e/." "$STAGE/"
done

(cd "$STAGE" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc -R 0:0 --quiet) | gzip -1 > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
log "wrote $OUT ($(du -h "$OUT" | cut -f1))"
