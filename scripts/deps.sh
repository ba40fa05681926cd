#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the build, the virtual cluster and the tests
# need. Does nothing when they are all present.
set -euo pipefail

PKGS=(build-essential bc bison flex libelf-dev libssl-dev dwarves cpio kmod
      rsync ccache git python3 iproute2 util-linux file
      linux-source-6.12 qemu-system-x86 busybox-static
      flac libflac-dev sox singularity-music
      libcmocka-dev libsodium-dev libncurses-dev pkg-config tmux
      clang libclang-rt-14-dev dpkg-dev debhelper lintian linux-config-6.12
      man-db python3-docutils xz-utils systemd mmdebstrap)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} = 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages: ${missing[*]} (run as root to install)" >&2
	exit 1
fi
echo "[deps] installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
