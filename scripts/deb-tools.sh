#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the hpc-tools Debian package (daemon, tools, man pages, systemd
# unit, example map, maintainer scripts) into build/deb/.
#
#   scripts/deb-tools.sh            build and run lintian
#   scripts/deb-tools.sh -n         build only (no lintian)
#
# The files come from the Makefile's install target (make install
# DESTDIR=... PREFIX=/usr), compiled with Debian's hardening build flags in
# a build directory of its own (build/deb/tools-obj), so the development
# build is not touched. Everything Debian-specific is in packaging/hpc-tools:
# control (a debian/control, read by dpkg-shlibdeps and dpkg-gencontrol),
# changelog (the package version), copyright, the maintainer scripts, the
# unit and the configuration files. Needs dpkg-dev and lintian; no fakeroot
# (dpkg-deb --root-owner-group makes every file root's).

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
OUT=$BUILD/deb
PKG=$ROOT/packaging/hpc-tools
NAME=hpc-tools
WORK=$OUT/tools-work
STAGE=$WORK/$NAME

# Built by make install but not part of a node's runtime: developer tools
# from tools/ (the simulator; the FLAC verifier would also pull libFLAC
# onto every node).
EXCLUDE=(usr/bin/hpc-sim usr/bin/flacverify
	 usr/share/man/man1/hpc-sim.1 usr/share/man/man1/flacverify.1)

log() { printf '[deb-tools] %s\n' "$*" >&2; }
die() { printf '[deb-tools] error: %s\n' "$*" >&2; exit 1; }

run_lintian=1
case ${1:-} in
-n) run_lintian=0 ;;
'') ;;
*) die "usage: $0 [-n]" ;;
esac

for t in dpkg-deb dpkg-shlibdeps dpkg-gencontrol dpkg-parsechangelog; do
	command -v $t >/dev/null || die "$t missing (apt-get install dpkg-dev)"
done

rm -rf "$WORK"
mkdir -p "$STAGE" "$OUT"

# --- compile and install, hardened the Debian way ----------------------------
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
# The Makefile appends its include paths to CPPFLAGS, so Debian's CPPFLAGS
# go in with CFLAGS rather than replacing them.
cflags="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
ldflags=$(dpkg-buildflags --get LDFLAGS)
log "building the userland in $OUT/tools-obj"
make -s -C "$ROOT" -j"$(nproc)" B="$OUT/tools-obj" install \
	DESTDIR="$STAGE" PREFIX=/usr CFLAGS="$cflags" LDFLAGS="$ldflags" >&2 ||
	die "make install failed"
for f in "${EXCLUDE[@]}"; do rm -f "$STAGE/$f"; done

# --- lay out the package --------------------------------------------------------
doc=$STAGE/usr/share/doc/$NAME
install -d "$doc" "$STAGE/etc/default" "$STAGE/lib/systemd/system" \
	"$STAGE/usr/lib/$NAME" "$STAGE/usr/lib/tmpfiles.d"
install -m 0644 "$PKG/mosix.map" "$STAGE/etc/mosix.map"
install -m 0644 "$PKG/mosixd.default" "$STAGE/etc/default/mosixd"
install -m 0644 "$PKG/mosixd.service" "$STAGE/lib/systemd/system/mosixd.service"
install -m 0644 "$PKG/tmpfiles.conf" "$STAGE/usr/lib/tmpfiles.d/$NAME.conf"
install -m 0755 "$PKG/mosix-leave" "$STAGE/usr/lib/$NAME/mosix-leave"
install -m 0644 "$PKG/copyright" "$doc/copyright"
# A native package: the changelog is changelog.gz.
gzip -9nc "$PKG/changelog" > "$doc/changelog.gz"
gzip -9nc "$ROOT/Documentation/install.rst" > "$doc/install.rst.gz"
gzip -9nc "$ROOT/Documentation/admin-socket.rst" > "$doc/admin-socket.rst.gz"

# Man pages compressed for man-db and lintian; strip as dh_strip would.
find "$STAGE/usr/share/man" -type f ! -name '*.gz' -exec gzip -9n {} +
find "$STAGE/usr/bin" "$STAGE/usr/sbin" -type f -exec \
	strip --remove-section=.comment --remove-section=.note --strip-unneeded {} +
find "$STAGE" -type d -exec chmod 0755 {} +

# --- control data -------------------------------------------------------------------
install -d -m 0755 "$STAGE/DEBIAN"
for s in postinst prerm postrm; do
	install -m 0755 "$PKG/$s" "$STAGE/DEBIAN/$s"
done
install -m 0644 "$PKG/conffiles" "$STAGE/DEBIAN/conffiles"

# dpkg-shlibdeps and dpkg-gencontrol want a debian/ directory: give them
# one made of packaging/hpc-tools.
mkdir -p "$WORK/debian"
cp "$PKG/control" "$WORK/debian/control"
cp "$PKG/changelog" "$WORK/debian/changelog"
mapfile -t elfs < <(find "$STAGE/usr/bin" "$STAGE/usr/sbin" -type f)
(cd "$WORK" && dpkg-shlibdeps -Tdebian/substvars "${elfs[@]}") ||
	die "dpkg-shlibdeps failed"
(cd "$WORK" && dpkg-gencontrol -p"$NAME" -P"$STAGE" -Tdebian/substvars \
	-fdebian/files) || die "dpkg-gencontrol failed"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o \
	-type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) \
	> "$STAGE/DEBIAN/md5sums"
chmod 0644 "$STAGE/DEBIAN/control" "$STAGE/DEBIAN/md5sums"

version=$(dpkg-parsechangelog -l"$PKG/changelog" -SVersion)
arch=$(dpkg --print-architecture)
deb=$OUT/${NAME}_${version}_${arch}.deb
rm -f "$OUT/${NAME}"_*.deb
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$deb" >&2 ||
	die "dpkg-deb failed"
log "built $deb"
log "  $(dpkg-deb -f "$deb" Depends)"

if [ $run_lintian = 1 ]; then
	command -v lintian >/dev/null || die "lintian missing (apt-get install lintian)"
	log "lintian $deb"
	set +e
	lintian --tag-display-limit 0 --display-info "$deb" >&2
	rc=$?
	set -e
	# lintian exits 1 only when it reports errors (fail-on defaults to error).
	[ $rc = 0 ] || die "lintian reported errors"
	log "lintian: no errors"
fi
echo "$deb"
