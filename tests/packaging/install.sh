#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the packages for real, as a user does with apt, in a throwaway
# Debian 12 system (mmdebstrap into a directory, used with chroot) and walk
# them through their life: install, upgrade with a local edit, remove,
# purge for hpc-tools; install and remove next to another kernel for the
# kernel package. No systemd runs in the chroot, which is the path the
# maintainer scripts take on a system without it. TAP.
#
#   tests/packaging/install.sh [TOOLS_DEB [KERNEL_DEB]]
#
# Without arguments: build/deb/hpc-tools_*.deb (built by tests/packaging/
# run.sh or scripts/deb-tools.sh) and the newest linux-image in
# build/deb/test (scripts/deb-kernel.sh -t); the kernel part is skipped
# when there is none. Needs root, mmdebstrap and the Debian mirror.

set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
n=0 fail=0
ok()   { n=$((n + 1)); echo "ok $n - $*"; }
nok()  { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else nok "$what"; fi; }
finish() { echo "1..$n"; [ $fail = 0 ]; exit $?; }

shopt -s nullglob
tools=${1:-}
kernel=${2:-}
if [ -z "$tools" ]; then
	t=("$ROOT"/build/deb/hpc-tools_*.deb)
	[ ${#t[@]} -gt 0 ] && tools=${t[-1]}
fi
if [ -z "$kernel" ]; then
	for d in "$ROOT"/build/deb/test/linux-image-*.deb; do
		case $d in *-dbg_*) ;; *) kernel=$d ;; esac
	done
fi
if [ ! -f "$tools" ]; then
	nok "no hpc-tools package (run scripts/deb-tools.sh or tests/packaging/run.sh first)"
	finish
fi
if [ "$(id -u)" != 0 ] || ! command -v mmdebstrap >/dev/null; then
	nok "needs root and mmdebstrap (apt-get install mmdebstrap)"
	finish
fi

root=$(mktemp -d "$ROOT/build/pkg-root.XXXXXX")
trap 'rm -rf "$root" "$root.apt.log" "$root.log"' EXIT
in_root() { chroot "$root" "$@"; }
# apt inside the chroot, its output kept for the failure message
apt_in() {
	if ! in_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
		"$@" > "$root.apt.log" 2>&1; then
		sed 's/^/#   /' "$root.apt.log" | tail -20
		return 1
	fi
}

# The package's run-time dependencies come in with the base system, so
# that nothing but our packages is installed later on.
deps=$(dpkg-deb -f "$tools" Depends | tr ',' '\n' | sed 's/(.*//; s/|.*//; s/ //g' |
	grep . | paste -sd,)
echo "# building a Debian 12 chroot with $deps"
if ! mmdebstrap --variant=apt --mode=root --include="$deps" bookworm "$root" \
	http://deb.debian.org/debian > "$root.log" 2>&1; then
	nok "mmdebstrap builds a Debian 12 chroot"
	sed 's/^/#   /' "$root.log" | tail -20
	rm -f "$root.log"
	finish
fi
rm -f "$root.log"
ok "mmdebstrap builds a Debian 12 chroot"

# --- hpc-tools: install ------------------------------------------------------------
cp "$tools" "$root/tmp/tools.deb"
check "apt installs $(basename "$tools")" apt_in install /tmp/tools.deb
check "the programs run in the new system (libraries resolved)" \
	bash -c "in_root() { chroot '$root' \"\$@\"; }
		for p in mosrun runhome migrate mosctl setpe mps mmon mosixd; do
			in_root \$p --help >/dev/null 2>&1 ||
				{ echo \"#   \$p --help failed\"; exit 1; }
		done"
check "postinst generated a 32-byte key, root-only, in a root-only directory" \
	bash -c "[ \"\$(stat -c '%s %a %U' '$root/etc/mosix/cluster.key')\" = '32 600 root' ] &&
		 [ \"\$(stat -c '%a' '$root/etc/mosix')\" = 700 ]"
check "the service is enabled (multi-user.target wants mosixd.service)" \
	test -L "$root/etc/systemd/system/multi-user.target.wants/mosixd.service"
check "man pages are installed" bash -c "
	for m in man1/mosrun.1 man1/mmon.1 man1/mps.1 man8/mosixd.8 man8/setpe.8; do
		ls '$root'/usr/share/man/\$m* >/dev/null 2>&1 ||
			{ echo \"#   no \$m\"; exit 1; }
	done"
key_sum=$(sha256sum < "$root/etc/mosix/cluster.key")

# --- hpc-tools: upgrade --------------------------------------------------------------
# The next version of the same package: what apt does with a newer build.
up=$(mktemp -d)
dpkg-deb -R "$tools" "$up/pkg"
version=$(dpkg-deb -f "$tools" Version)
sed -i "s/^Version: .*/Version: $version+test1/" "$up/pkg/DEBIAN/control"
dpkg-deb -b -Zxz "$up/pkg" "$root/tmp/tools-new.deb" >/dev/null
rm -rf "$up"
echo "# a local edit" >> "$root/etc/mosix.map"
echo "MOSIXD_OPTS=\"--discover\"" >> "$root/etc/default/mosixd"
check "apt upgrades to $version+test1" apt_in install /tmp/tools-new.deb
check "the upgraded version is installed" bash -c "
	[ \"\$(chroot '$root' dpkg-query -W -f='\${Version} \${Status}' hpc-tools)\" = \
	  '$version+test1 install ok installed' ]"
check "the upgrade kept the cluster key" \
	bash -c "[ \"\$(sha256sum < '$root/etc/mosix/cluster.key')\" = '$key_sum' ]"
check "the upgrade kept the local edits of /etc/mosix.map and /etc/default/mosixd" \
	bash -c "grep -qx '# a local edit' '$root/etc/mosix.map' &&
		 grep -q -- '--discover' '$root/etc/default/mosixd'"

# --- hpc-tools: remove, purge --------------------------------------------------------
check "apt removes hpc-tools" apt_in remove hpc-tools
check "remove: the programs are gone" bash -c "[ ! -e '$root/usr/bin/mosrun' ] && [ ! -e '$root/usr/sbin/mosixd' ]"
check "remove: configuration and key stay (config-files state)" bash -c "
	[ -f '$root/etc/mosix.map' ] && [ -f '$root/etc/mosix/cluster.key' ] &&
	[ \"\$(chroot '$root' dpkg-query -W -f='\${Status}' hpc-tools)\" = 'deinstall ok config-files' ]"
check "apt purges hpc-tools" apt_in purge hpc-tools
check "purge: map, defaults, key and the service's enable link are gone" bash -c "
	for f in /etc/mosix.map /etc/default/mosixd /etc/mosix/cluster.key /etc/mosix \
		 /etc/systemd/system/multi-user.target.wants/mosixd.service; do
		[ ! -e '$root'\$f ] && [ ! -L '$root'\$f ] || { echo \"#   \$f is left\"; exit 1; }
	done"
check "purge: dpkg no longer knows hpc-tools" \
	bash -c "! chroot '$root' dpkg-query -W -f='\${Status}' hpc-tools 2>/dev/null | grep -q ."

# --- the kernel package ------------------------------------------------------------
if [ ! -f "$kernel" ]; then
	echo "# no linux-image package in build/deb/test: kernel part skipped (scripts/deb-kernel.sh -t)"
	finish
fi
# Another kernel already installed (the stock one a node booted before),
# and /etc/kernel hooks that record their calls: on a real system those
# hooks are what update the boot loader (update-grub) and the initramfs.
mkdir -p "$root/boot" "$root/etc/kernel/postinst.d" "$root/etc/kernel/postrm.d"
echo stock > "$root/boot/vmlinuz-6.1.0-stock-amd64"
for h in postinst postrm; do
	printf '#!/bin/sh\necho "%s $1" >> /var/log/kernel-hooks\n' "$h" \
		> "$root/etc/kernel/$h.d/zz-record"
	chmod +x "$root/etc/kernel/$h.d/zz-record"
done
pkg=$(dpkg-deb -f "$kernel" Package)
release=${pkg#linux-image-}
cp "$kernel" "$root/tmp/kernel.deb"
check "apt installs $(basename "$kernel")" apt_in install /tmp/kernel.deb
check "kernel: /boot/vmlinuz-$release, config and System.map are installed" bash -c "
	[ -f '$root/boot/vmlinuz-$release' ] && [ -f '$root/boot/config-$release' ] &&
	[ -f '$root/boot/System.map-$release' ]"
check "kernel: its postinst ran the /etc/kernel hooks for $release (boot loader update)" \
	grep -qx "postinst $release" "$root/var/log/kernel-hooks"
check "kernel: the other kernel is untouched" \
	bash -c "[ \"\$(cat '$root/boot/vmlinuz-6.1.0-stock-amd64')\" = stock ]"
check "apt removes $pkg" apt_in purge "$pkg"
check "kernel: removal took its /boot files and ran the postrm hooks" bash -c "
	[ ! -e '$root/boot/vmlinuz-$release' ] && [ ! -e '$root/boot/config-$release' ] &&
	grep -qx 'postrm $release' '$root/var/log/kernel-hooks'"
check "kernel: the other kernel is still there to boot" \
	bash -c "[ \"\$(cat '$root/boot/vmlinuz-6.1.0-stock-amd64')\" = stock ]"
rm -f "$root.apt.log"
finish
