#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the hpc-tools package and check it with the Debian tools: files,
# systemd unit, man pages, conffiles, maintainer scripts (dpkg-deb -c/-I),
# lintian without errors, and mosix-leave against a fake /proc. TAP.
#
#   tests/packaging/run.sh [DEB]     (DEB: check this package, don't build)

set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
n=0 fail=0
ok()   { n=$((n + 1)); echo "ok $n - $*"; }
nok()  { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else nok "$what"; fi; }

if [ $# -gt 0 ]; then
	deb=$1
else
	deb=$("$ROOT/scripts/deb-tools.sh" -n 2>/tmp/deb-tools.$$.log | tail -1)
	if [ ! -f "$deb" ]; then
		echo "1..1"
		echo "not ok 1 - scripts/deb-tools.sh builds the package"
		sed 's/^/# /' /tmp/deb-tools.$$.log
		rm -f /tmp/deb-tools.$$.log
		exit 1
	fi
	rm -f /tmp/deb-tools.$$.log
	ok "scripts/deb-tools.sh builds $(basename "$deb")"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -c "$deb" | awk '{print $1, $2, $6}' | sed 's|\./|/|' > "$work/list"
dpkg-deb -e "$deb" "$work/DEBIAN"
dpkg-deb -x "$deb" "$work/root"

has() { grep -q " $1\$" "$work/list"; }
mode_of() { awk -v f="$1" '$3 == f {print $1}' "$work/list"; }

# --- files -----------------------------------------------------------------------
for b in mosrun runhome migrate mosctl mps mmon; do
	check "/usr/bin/$b is executable" [ "$(mode_of "/usr/bin/$b")" = -rwxr-xr-x ]
done
for b in mosixd setpe; do
	check "/usr/sbin/$b is executable" [ "$(mode_of "/usr/sbin/$b")" = -rwxr-xr-x ]
done
check "/usr/lib/hpc-tools/mosix-leave is executable" \
	[ "$(mode_of /usr/lib/hpc-tools/mosix-leave)" = -rwxr-xr-x ]
check "every file is owned by root" \
	[ -z "$(awk '$2 != "root/root"' "$work/list")" ]
check "no developer tools (hpc-sim, flacverify)" \
	bash -c "! grep -Eq 'hpc-sim|flacverify' '$work/list'"
check "binaries are stripped" \
	bash -c "! file '$work'/root/usr/{bin,sbin}/* | grep -q 'not stripped'"

# --- man pages -------------------------------------------------------------------
for m in man1/mosrun.1 man1/runhome.1 man1/migrate.1 man1/mosctl.1 man1/mps.1 \
	 man1/mmon.1 man8/mosixd.8 man8/setpe.8; do
	f=$work/root/usr/share/man/$m.gz
	check "man page $m.gz: gzip without a name (-n), renders" bash -c "
		gzip -t '$f' &&
		[ \$((\$(od -An -tu1 -j3 -N1 '$f') & 8)) = 0 ] &&
		MANWIDTH=80 man -l '$f' >/dev/null 2>&1"
done

# --- configuration, unit -------------------------------------------------------------
check "conffiles: /etc/mosix.map and /etc/default/mosixd" \
	diff <(sort "$work/DEBIAN/conffiles") <(printf '/etc/default/mosixd\n/etc/mosix.map\n')
check "/etc/mosix.map ships only comments (no node configured by default)" \
	bash -c "! grep -Ev '^[[:space:]]*(#|\$)' '$work/root/etc/mosix.map'"
map=$work/example.map
sed -n 's/^#\([0-9][0-9]*[[:space:]]\)/\1/p' "$work/root/etc/mosix.map" > "$map"
if [ -x "$ROOT/build/sbin/setpe" ]; then
	check "the commented example map is valid (setpe -c)" \
		"$ROOT/build/sbin/setpe" -c -f "$map"
fi
unit=$work/root/lib/systemd/system/mosixd.service
check "unit: After=network-online.target" grep -qx 'After=network-online.target' "$unit"
check "unit: Restart=on-failure" grep -qx 'Restart=on-failure' "$unit"
check "unit: runs /usr/sbin/mosixd in the foreground" grep -q '^ExecStart=/usr/sbin/mosixd -f' "$unit"
check "unit: ExecStop brings processes home (mosix-leave)" \
	grep -q '^ExecStop=/usr/lib/hpc-tools/mosix-leave' "$unit"
check "unit: only on a migration kernel" \
	grep -qx 'ConditionPathExists=/proc/hpc/admin/config' "$unit"
for o in NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
	 'RestrictAddressFamilies=AF_UNIX AF_INET AF_NETLINK' \
	 'CapabilityBoundingSet=CAP_SYS_ADMIN CAP_DAC_OVERRIDE CAP_SETUID CAP_SETGID CAP_SYS_CHROOT' \
	 SystemCallFilter=@system-service; do
	check "unit: $o" grep -qx "$o" "$unit"
done
if command -v systemd-analyze >/dev/null; then
	# The programs are not installed here: only their absence may show.
	systemd-analyze --man=no verify "$unit" 2>&1 |
		grep -v 'is not executable: No such file' > "$work/verify.log"
	check "systemd-analyze verify" [ ! -s "$work/verify.log" ]
	sed 's/^/# /' "$work/verify.log"
fi
check "tmpfiles: /run/mosixd.sock links to the daemon's socket" \
	grep -q '^L+ /run/mosixd.sock .* /run/mosixd/mosixd.sock$' \
	"$work/root/usr/lib/tmpfiles.d/hpc-tools.conf"

# --- control data, maintainer scripts ---------------------------------------------
ctl=$work/DEBIAN/control
check "control: Package hpc-tools, Section admin" \
	bash -c "grep -qx 'Package: hpc-tools' '$ctl' && grep -qx 'Section: admin' '$ctl'"
check "control: Depends computed (libc6, libsodium, libncursesw6)" bash -c "
	dep=\$(sed -n 's/^Depends: //p' '$ctl'); [[ \$dep == *libc6* && \$dep == *libsodium* && \$dep == *libncursesw6* ]]"
check "control: md5sums cover every shipped file but conffiles" diff \
	<(sed 's/^[0-9a-f]*  //' "$work/DEBIAN/md5sums" | sort) \
	<(awk '/^-/ && $3 !~ "^/etc/" {print substr($3, 2)}' "$work/list" | sort)
for s in postinst prerm postrm; do
	check "$s is an executable sh script (sh -n)" \
		bash -c "[ -x '$work/DEBIAN/$s' ] && sh -n '$work/DEBIAN/$s'"
done
check "postinst creates the key with head -c 32 /dev/urandom under umask 077, if absent" \
	bash -c "grep -q 'umask 077' '$work/DEBIAN/postinst' &&
		 grep -q 'head -c 32 /dev/urandom' '$work/DEBIAN/postinst' &&
		 grep -q '! -e \"\$KEY\"' '$work/DEBIAN/postinst'"
check "prerm stops the daemon (mosix-leave via ExecStop, or directly)" \
	bash -c "grep -q 'deb-systemd-invoke stop .mosixd.service' '$work/DEBIAN/prerm' &&
		 grep -q 'mosix-leave' '$work/DEBIAN/prerm'"
check "postrm purge removes the generated key" \
	grep -q 'rm -f /etc/mosix/cluster.key' "$work/DEBIAN/postrm"

# postinst's key step, run against a scratch root.
key_test() {
	local r=$work/keyroot
	mkdir -p "$r"
	# shellcheck disable=SC2016 # the $KEY is postinst's, not ours
	sed -n '/^KEY=/p; /if \[ ! -e "\$KEY" \]/,/^\tfi/p' "$work/DEBIAN/postinst" |
		sed "s|/etc/mosix|$r/etc/mosix|g" > "$work/key.sh"
	umask 022
	sh "$work/key.sh" 2>/dev/null || return 1
	[ "$(stat -c '%a %s' "$r/etc/mosix/cluster.key")" = "600 32" ] || return 1
	local before; before=$(md5sum < "$r/etc/mosix/cluster.key")
	sh "$work/key.sh" 2>/dev/null || return 1
	[ "$(md5sum < "$r/etc/mosix/cluster.key")" = "$before" ]
}
check "postinst key step: 32 bytes, mode 600, never overwritten" key_test

# --- mosix-leave against a fake /proc ------------------------------------------------
leave=$work/root/usr/lib/hpc-tools/mosix-leave
# fake_proc DIR: node 1 with pid 100 at home, 101 away on node 2, 102 a guest
fake_proc() {
	mkdir -p "$1/hpc/admin" "$1/100" "$1/101" "$1/102"
	echo 1 > "$1/hpc/admin/mospe"
	: > "$1/hpc/admin/expel"; : > "$1/hpc/admin/bring"
	echo 1 > "$1/100/where"; echo movable > "$1/100/cantmove"
	echo 2 > "$1/101/where"; echo movable > "$1/101/cantmove"
	echo 1 > "$1/102/where"; echo "guest from another node" > "$1/102/cantmove"
}
# until_asked DIR: poll (at most 10 s) until expel and bring were written
until_asked() {
	local end=$((SECONDS + 10))
	until grep -qx 1 "$1/hpc/admin/expel" 2>/dev/null &&
	      grep -qx 1 "$1/hpc/admin/bring" 2>/dev/null; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.05
	done
}
leave_test() {
	local p=$work/proc mover
	fake_proc "$p"
	HPC_PROCFS=$p MOSIX_LEAVE_TIMEOUT=10 "$leave" --pid= 2>/dev/null || return 1
	[ ! -s "$p/hpc/admin/bring" ] || { echo "# empty --pid=: bring was written"; return 1; }
	# A stand-in for the kernel: once asked, the process comes home, then
	# the guest leaves (its body ends here).
	(until_asked "$p" && echo 1 > "$p/101/where" && rm -rf "$p/102") &
	mover=$!
	sleep 0 & local daemon=$!
	HPC_PROCFS=$p MOSIX_LEAVE_TIMEOUT=10 "$leave" --pid=$daemon || return 1
	# mosix-leave may only return once both moved: look before the mover ends
	local seen; seen="$(cat "$p/101/where") $([ -e "$p/102" ] && echo guest-here || echo guest-gone)"
	wait $mover
	[ "$seen" = "1 guest-gone" ] || { echo "# expected '1 guest-gone' on return, saw '$seen'"; return 1; }
	[ "$(cat "$p/hpc/admin/bring") $(cat "$p/hpc/admin/expel")" = "1 1" ]
}
check "mosix-leave: asks expel and bring, waits for the process to come home and the guest to go" leave_test
timeout_test() {
	local p=$work/proc2 t0=$SECONDS msg
	fake_proc "$p"
	echo 1 > "$p/101/where"		# only the guest stays
	msg=$(HPC_PROCFS=$p "$leave" --timeout=2 2>&1) || return 1
	[ $((SECONDS - t0)) -le 5 ] || { echo "# took $((SECONDS - t0)) s"; return 1; }
	case $msg in
	*"0 process(es) still away and 1 guest(s) still here"*) ;;
	*) echo "# expected the guest to be counted, saw: $msg"; return 1 ;;
	esac
}
check "mosix-leave: gives up after the timeout, names what stayed, still exits 0" timeout_test

# --- the install guide names the ports the code uses ---------------------------------
doc=$ROOT/Documentation/install.rst
udp=$(sed -n 's/^#define MOSIXD_PORT[[:space:]]*\([0-9]*\).*/\1/p' "$ROOT/userland/mosixd/mosixd.h")
check "install.rst: UDP $udp (MOSIXD_PORT) for the balancer" grep -q "^  UDP $udp " "$doc"
tcp=$(sed -n 's/^#define HPC_PORT[[:space:]]*\([0-9]*\).*/\1/p' "$ROOT/kernel/include/uapi/linux/hpc.h")
if [ -n "$tcp" ]; then
	check "install.rst: TCP $tcp (HPC_PORT) for migration" grep -q "^  TCP $tcp " "$doc"
else
	check "install.rst: names HPC_PORT (not yet defined in hpc.h)" grep -q HPC_PORT "$doc"
fi

# --- lintian ----------------------------------------------------------------------------
if command -v lintian >/dev/null; then
	lintian --display-info --tag-display-limit 0 "$deb" > "$work/lintian" 2>&1
	lrc=$?
	sed 's/^/# lintian: /' "$work/lintian" | grep -v 'root privileges'
	check "lintian: no errors" bash -c "[ $lrc = 0 ] && ! grep -q '^E:' '$work/lintian'"
else
	nok "lintian: not installed (apt-get install lintian)"
fi

echo "1..$n"
[ $fail = 0 ]
