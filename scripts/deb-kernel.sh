#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build installable kernel packages with the migration patch set, using
# the kernel's own bindeb-pkg target.
#
#   scripts/deb-kernel.sh           Debian's own configuration for this
#                                   architecture + CONFIG_HPC=y (hours on 2
#                                   cores: Debian builds every driver)
#   scripts/deb-kernel.sh -t        the small test configuration (tinyconfig
#                                   + kernel/config/test.config), minutes;
#                                   what CI builds to prove the path
#   -l LOCALVERSION                 default -hpc: linux-image-<ver>-hpc
#   -g                              no debug info: no -dbg package, much
#                                   shorter build, but no BTF for BPF tools
#   -c                              compile check only: Debian's
#                                   configuration + CONFIG_HPC=y, then build
#                                   hpc/ and every core file the patch set
#                                   touches (minutes), no packages
#
# Environment:
#   KSRC     another 6.12.y tree or tarball (default Debian's
#            linux-source-6.12); it is prepared in build/deb-ksrc/linux so
#            the development tree build/linux is left alone
#   KCONFIG  another starting configuration (plain or .xz; default
#            /usr/src/linux-config-6.12/config.<arch>_none_<arch>.xz)
#   JOBS     parallel jobs (default nproc)
#
# The tree comes from scripts/kernel.sh tree (pristine 6.12.y + kernel/series
# + hpc/); the build goes to its own output directory (build/kobj-deb, or
# build/kobj-deb-test with -t). Packages land in build/deb/ (build/deb/test/
# with -t): linux-image-*, linux-headers-* (modular configs) and
# linux-image-*-dbg (with debug info). linux-libc-dev is not kept: it would
# replace Debian's userspace kernel headers and nodes do not need it.

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
JOBS=${JOBS:-$(nproc)}

log() { printf '[deb-kernel] %s\n' "$*" >&2; }
die() { printf '[deb-kernel] error: %s\n' "$*" >&2; exit 1; }

test_config=0
localversion=-hpc
no_debug=0
compile_check=0
while getopts tl:gch opt; do
	case $opt in
	t) test_config=1 ;;
	c) compile_check=1 no_debug=1 ;;
	l) localversion=$OPTARG ;;
	g) no_debug=1 ;;
	*) sed -n '4,30p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 0 ] || die "unexpected argument: $1"

# bindeb-pkg's debian/rules says Rules-Requires-Root: no: no fakeroot.
for t in dpkg-buildpackage dpkg-architecture dh_testdir; do
	command -v $t >/dev/null ||
		die "$t missing (apt-get install dpkg-dev debhelper)"
done

debarch=$(dpkg --print-architecture)
case $debarch in
amd64) karch=x86_64 ;;
# hpc/Kconfig depends on X86_64: the register images and the system call
# table are x86-64 only so far.
*) die "architecture $debarch is not supported by the patch set yet (amd64 only)" ;;
esac

# --- the patched tree -------------------------------------------------------------------
tree_build=$BUILD
if [ -n "${KSRC:-}" ]; then
	tree_build=$BUILD/deb-ksrc
	log "preparing $KSRC in $tree_build/linux"
fi
BUILD=$tree_build "$ROOT/scripts/kernel.sh" tree
TREE=$tree_build/linux
kver=$(cat "$TREE/.hpc-kernelversion")

if [ $test_config = 1 ]; then
	OBJ=$BUILD/kobj-deb-test
	OUT=$BUILD/deb/test
else
	OBJ=$BUILD/kobj-deb
	OUT=$BUILD/deb
fi
mkdir -p "$OBJ" "$OUT"
kmake() { make -s -C "$TREE" O="$OBJ" ARCH=$karch "$@"; }

# --- configuration ---------------------------------------------------------------------
# Every option listed in the file $1 must have survived olddefconfig.
check_config() {
	local line missing=0
	while read -r line; do
		case $line in CONFIG_*=*) ;; *) continue ;; esac
		if ! grep -qx "$line" "$OBJ/.config"; then
			log "config: $line was dropped (missing dependency?)"
			missing=1
		fi
	done < "$1"
	[ $missing = 0 ] || die "configuration not satisfied"
}

if [ $test_config = 1 ]; then
	# The same steps as scripts/kernel.sh configure: the fragment is the
	# one source of truth for the test kernel.
	frag=$ROOT/kernel/config/test.config
	log "configuring: tinyconfig + kernel/config/test.config"
	kmake tinyconfig >/dev/null
	(cd "$OBJ" && "$TREE/scripts/kconfig/merge_config.sh" -m -O "$OBJ" \
		.config "$frag" >/dev/null)
	# A git tree with LOCALVERSION_AUTO would add -gSHA to the release.
	"$TREE/scripts/config" --file "$OBJ/.config" -d LOCALVERSION_AUTO
	kmake olddefconfig >/dev/null
	check_config "$frag"
else
	if [ -z "${KCONFIG:-}" ]; then
		KCONFIG=/usr/src/linux-config-6.12/config.${debarch}_none_${debarch}.xz
		if [ ! -f "$KCONFIG" ]; then
			[ "$(id -u)" = 0 ] ||
				die "$KCONFIG missing: apt-get install linux-config-6.12, or set KCONFIG"
			log "installing Debian's linux-config-6.12"
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
				linux-config-6.12 >&2
		fi
	fi
	[ -f "$KCONFIG" ] || die "KCONFIG=$KCONFIG does not exist"
	log "configuring: $KCONFIG + CONFIG_HPC=y"
	case $KCONFIG in
	*.xz) xz -dc "$KCONFIG" > "$OBJ/.config" ;;
	*) cp "$KCONFIG" "$OBJ/.config" ;;
	esac
	cfg() { "$TREE/scripts/config" --file "$OBJ/.config" "$@"; }
	cfg -e HPC
	# Debian's configuration names Debian's own signing certificates,
	# which are not in the source package: build without them (module
	# signing then uses a key generated for this build).
	cfg --set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
	    --set-str BUILD_SALT "" -d LOCALVERSION_AUTO
	if [ $no_debug = 1 ]; then
		cfg -d DEBUG_INFO -d DEBUG_INFO_DWARF5 -d DEBUG_INFO_DWARF4 \
		    -d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT -d DEBUG_INFO_BTF \
		    -e DEBUG_INFO_NONE
	fi
	kmake olddefconfig >/dev/null
	printf 'CONFIG_HPC=y\n' > "$OBJ/hpc-required.config"
	check_config "$OBJ/hpc-required.config"
fi

# --- compile check ------------------------------------------------------------------
if [ $compile_check = 1 ]; then
	# The objects of every .c file the series changes, and hpc/ itself.
	objs=$(sed -n 's|^+++ b/\(.*\)\.c$|\1.o|p' "$ROOT"/kernel/patches/*.patch | sort -u)
	log "compile check with $(basename "${KCONFIG:-test config}"): prepare, then hpc/ $(echo $objs)"
	kmake -j"$JOBS" prepare >/dev/null
	# built afresh, or an earlier build's objects would hide warnings
	rm -rf "$OBJ/hpc"
	for o in $objs; do rm -f "$OBJ/$o"; done
	# hpc/ with the extra warnings; the core files as the kernel builds
	# them (W=1 finds old warnings of their own in them)
	{ kmake -j"$JOBS" W=1 hpc/ && kmake -j"$JOBS" $objs; } 2>&1 |
		tee "$OBJ/compile-check.log" >&2
	[ "${PIPESTATUS[0]}" = 0 ] || die "the patch set does not build with this configuration"
	if grep -Eq '\.[ch]:[0-9]+:[0-9]+: warning:' "$OBJ/compile-check.log"; then
		die "compiler warnings: $OBJ/compile-check.log"
	fi
	log "hpc/ and the patched core files build cleanly with this configuration"
	exit 0
fi

# --- build ------------------------------------------------------------------------
# The package version must grow with every newer patch set, or apt will
# not upgrade a node: the time of the commit built (UTC), which a shallow
# clone knows too; outside git, the time of the build.
stamp=$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || date +%s)
pkgversion=$kver-1+hpc$(date -u -d "@$stamp" +%Y%m%d.%H%M%S)
export DEBFULLNAME=${DEBFULLNAME:-HPC project} DEBEMAIL=${DEBEMAIL:-dev@hpc.invalid}

if [ $test_config = 1 ]; then
	log "building the test kernel packages ($kver$localversion, $pkgversion): minutes"
else
	log "building Debian-config kernel packages ($kver$localversion, $pkgversion) with $JOBS jobs:"
	log "  expect 2-4 hours on 2 cores, about 30 minutes on 16, ~20 GB of disk"
fi
start=$SECONDS
set +e
make -C "$TREE" O="$OBJ" ARCH=$karch -j"$JOBS" LOCALVERSION="$localversion" \
	KDEB_PKGVERSION="$pkgversion" bindeb-pkg 2>&1 |
	while IFS= read -r l; do
		case $l in
		*warning:*|*error:*|*Error*) printf '%s\n' "$l" >&2 ;;
		*" CC "*|*" LD "*|*" AR "*)
			n=$((${n:-0} + 1))
			[ $((n % 500)) = 0 ] &&
				log "  ... $n objects, $((SECONDS - start)) s" ;;
		*"building package"*) log "  ${l#dpkg-deb: }" ;;
		esac
	done
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || die "bindeb-pkg failed (run make -C $TREE O=$OBJ bindeb-pkg to see why)"

# --- collect ------------------------------------------------------------------------
# dpkg-buildpackage writes next to the output directory; take exactly the
# files its .changes lists.
changes=$(dirname "$OBJ")/linux-upstream_${pkgversion}_${debarch}.changes
[ -f "$changes" ] || die "no .changes file after bindeb-pkg"
rm -f "$OUT"/linux-*.deb
sed -n '/^Files:/,/^[^ ]/s/^ [0-9a-f]\{32\} [0-9]* [^ ]* [^ ]* //p' "$changes" |
	while read -r f; do
		p=$(dirname "$changes")/$f
		case $f in
		linux-libc-dev_*) rm -f "$p" ;;
		*) mv "$p" "$OUT/" ;;
		esac
	done
mv "$changes" "$OUT/"
log "built $(cat "$OBJ/include/config/kernel.release") in $((SECONDS - start)) s:"
for d in "$OUT"/linux-*.deb; do log "  $d"; done
