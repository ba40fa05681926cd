#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the patched Linux 6.12 tree from the repository alone.
#
#   scripts/kernel.sh tree              extract 6.12, apply kernel/series, sync hpc/
#   scripts/kernel.sh build [on|off]    configure and build bzImage (HPC on or off)
#   scripts/kernel.sh patchset          write the whole change as a numbered series
#   scripts/kernel.sh checkpatch        run checkpatch.pl over that series
#
# Environment: KSRC (a 6.12.y tree or tarball; default Debian's linux-source-6.12),
# BUILD (default ./build), JOBS (default nproc).
#
# The extracted tree is a git repository whose first commit is the pristine
# source (tag "pristine") and whose next commits are kernel/patches in series
# order. hpc/ and kernel/include/ are synced into it with content checks, so
# editing one file in hpc/ rebuilds only that file.

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
TREE=$BUILD/linux
JOBS=${JOBS:-$(nproc)}
DEBIAN_TARBALL=/usr/src/linux-source-6.12.tar.xz

log() { printf '[kernel] %s\n' "$*" >&2; }
die() { printf '[kernel] error: %s\n' "$*" >&2; exit 1; }

git_t() { git -C "$TREE" -c user.name="HPC project" -c user.email=hpc@localhost "$@"; }

series_hash() {
	(cd "$ROOT/kernel" && cat series && sed -e 's/#.*//' series |
		while read -r p; do [ -n "$p" ] && cat "patches/$p"; done) |
		sha256sum | cut -d' ' -f1
}

ensure_source() {
	if [ -n "${KSRC:-}" ]; then
		[ -e "$KSRC" ] || die "KSRC=$KSRC does not exist"
		return
	fi
	if [ ! -f "$DEBIAN_TARBALL" ]; then
		log "installing Debian's linux-source-6.12 (needs root)"
		[ "$(id -u)" = 0 ] || die "run as root, or set KSRC=/path/to/linux-6.12.y"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q linux-source-6.12 >&2
	fi
	KSRC=$DEBIAN_TARBALL
}

extract() {
	local src=$1
	rm -rf "$TREE" "$TREE.tmp"
	mkdir -p "$TREE.tmp"
	if [ -d "$src" ]; then
		log "copying kernel tree from $src"
		rsync -a --exclude=.git "$src/" "$TREE.tmp/"
	else
		log "extracting $src (about a minute)"
		tar -xf "$src" -C "$TREE.tmp" --strip-components=1
	fi
	[ -f "$TREE.tmp/Makefile" ] || die "$src does not look like a kernel tree"
	local ver
	ver=$(make -s -C "$TREE.tmp" kernelversion 2>/dev/null)
	case $ver in
	6.12|6.12.*) ;;
	*) die "$src is Linux $ver, this patch set is for 6.12.y" ;;
	esac
	mv "$TREE.tmp" "$TREE"
	log "recording pristine Linux $ver"
	git_t init -q
	git_t add -A -f .
	git_t commit -q -m "Linux $ver (pristine)"
	git_t tag pristine
	echo "$ver" > "$TREE/.hpc-kernelversion"
	echo "$src" > "$TREE/.hpc-source"
}

apply_series() {
	local want have
	want=$(series_hash)
	have=$(cat "$TREE/.hpc-series" 2>/dev/null || true)
	[ "$want" = "$have" ] && return 0
	log "applying kernel/series"
	git_t am --abort >/dev/null 2>&1 || true
	git_t reset -q --hard pristine
	local p
	sed -e 's/#.*//' "$ROOT/kernel/series" | while read -r p; do
		[ -n "$p" ] || continue
		log "  $p"
		git_t am -q --keep-cr "$ROOT/kernel/patches/$p" ||
			die "patch $p does not apply to $(cat "$TREE/.hpc-kernelversion")"
	done
	echo "$want" > "$TREE/.hpc-series"
}

sync_sources() {
	rsync -rlc --delete --exclude=fuzz/ "$ROOT/hpc/" "$TREE/hpc/"
	rsync -rlc "$ROOT/kernel/include/" "$TREE/include/"
}

cmd_tree() {
	local src
	ensure_source
	src=$(readlink -f "$KSRC")
	if [ ! -d "$TREE/.git" ] || [ "$(cat "$TREE/.hpc-source" 2>/dev/null)" != "$src" ]; then
		extract "$src"
	fi
	apply_series
	sync_sources
}

# The config fragment is the one source of truth for the test kernel.
configure() {
	local obj=$1 mode=$2 frag=$ROOT/kernel/config/test.config
	local stamp want
	want=$( (cat "$frag"; echo "mode=$mode"; cat "$TREE/.hpc-series") | sha256sum)
	stamp=$obj/.hpc-config-stamp
	if [ -f "$obj/.config" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
		return 0
	fi
	log "configuring ($mode): tinyconfig + kernel/config/test.config"
	mkdir -p "$obj"
	make -s -C "$TREE" O="$obj" ARCH=x86_64 tinyconfig >/dev/null
	local frags=("$frag")
	if [ "$mode" = off ]; then
		printf '# CONFIG_HPC is not set\n' > "$obj/hpc-off.config"
		frags+=("$obj/hpc-off.config")
	fi
	(cd "$obj" && "$TREE/scripts/kconfig/merge_config.sh" -m -O "$obj" .config "${frags[@]}" >/dev/null)
	make -s -C "$TREE" O="$obj" ARCH=x86_64 olddefconfig >/dev/null
	# Every option the fragment asks for must have survived olddefconfig.
	local line missing=0
	while read -r line; do
		case $line in
		CONFIG_HPC*=*) [ "$mode" = off ] && continue ;;
		CONFIG_*=*) ;;
		*) continue ;;
		esac
		if ! grep -qx "$line" "$obj/.config"; then
			log "config: $line was dropped (missing dependency?)"
			missing=1
		fi
	done < "$frag"
	if [ "$mode" = off ] && grep -q '^CONFIG_HPC=y' "$obj/.config"; then
		die "config: CONFIG_HPC still on in the off build"
	fi
	[ $missing = 0 ] || die "config fragment not satisfied"
	echo "$want" > "$stamp"
}

cmd_build() {
	local mode=${1:-on} obj cc=gcc
	case $mode in on|off) ;; *) die "build mode is on or off, not $mode" ;; esac
	obj=$BUILD/kobj-$mode
	cmd_tree
	configure "$obj" "$mode"
	# Paths under the project become relative in ccache's hash, so another
	# clone of the project (CI's) reuses the objects of this one.
	command -v ccache >/dev/null && cc="ccache gcc" &&
		export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=true
	# The build's own identity: no user, host or time stamps of this run.
	export KBUILD_BUILD_USER=hpc KBUILD_BUILD_HOST=hpc \
		KBUILD_BUILD_TIMESTAMP="$(git_t log -1 --format=%cd pristine)"
	log "building bzImage ($mode) with $JOBS jobs in $obj"
	local start=$SECONDS
	make -C "$TREE" O="$obj" ARCH=x86_64 CC="$cc" -j"$JOBS" bzImage 2>&1 |
		while IFS= read -r l; do
			case $l in
			*warning:*|*error:*|*Error*) printf '%s\n' "$l" >&2 ;;
			*" CC "*|*" LD "*|*" AR "*) n=$((${n:-0} + 1))
				[ $((n % 200)) = 0 ] && log "  ... $n objects, $((SECONDS - start)) s" ;;
			esac
		done
	[ "${PIPESTATUS[0]}" = 0 ] || die "kernel build failed (run make -C $TREE O=$obj to see why)"
	log "built $obj/arch/x86/boot/bzImage in $((SECONDS - start)) s"
}

# The new files, as they go into the kernel tree.
subsystem_files() {
	(cd "$TREE" && find hpc -type f ! -name '*.o' ! -name '.*' | sort
	 cd "$ROOT/kernel/include" && find . -type f | sed 's|^\./|include/|' | sort)
}

# maintainers_insert ENTRY: MAINTAINERS on stdin, with ENTRY (a section)
# before the first section whose title sorts after its own
maintainers_insert() {
	python3 -c '
import os, re, sys
entry = open(sys.argv[1]).read().rstrip("\n").split("\n")
lines = sys.stdin.read().split("\n")
title = entry[0]
heads = [i for i in range(1, len(lines) - 1)
	 if lines[i - 1] == "" and lines[i] and re.match(r"[A-Z]:\t", lines[i + 1])]
# the list is sorted, give or take a few strays: of the places where the
# title fits between its neighbours, take the one that shares most with them
best, where = -1, None
for prev, nxt in zip(heads, heads[1:]):
	if lines[prev] < title < lines[nxt]:
		score = max(len(os.path.commonprefix([lines[prev], title])),
			    len(os.path.commonprefix([lines[nxt], title])))
		if score > best:
			best, where = score, nxt
if where is None:
	sys.exit("MAINTAINERS: no place for " + title)
lines[where:where] = entry + [""]
sys.stdout.write("\n".join(lines))
' "$1"
}

cmd_patchset() {
	local out=$BUILD/patchset idx c tree h blob
	cmd_tree
	rm -rf "$out"
	mkdir -p "$out"
	# Build the series with plumbing on a private index, so the work tree
	# (and so the incremental build) is never touched: first the subsystem
	# (hpc/ and the new headers), then the hook patches on top of it.
	idx=$TREE/.git/hpc-patchset-index
	export GIT_INDEX_FILE=$idx
	git_t read-tree pristine
	subsystem_files | (cd "$TREE" && xargs git add -f --)
	# the subsystem's MAINTAINERS entry, in its alphabetical place
	blob=$(git_t show pristine:MAINTAINERS |
	       maintainers_insert "$ROOT/kernel/MAINTAINERS.entry" |
	       git_t hash-object -w --stdin)
	git_t update-index --cacheinfo "100644,$blob,MAINTAINERS"
	tree=$(git_t write-tree)
	c=$(git_t commit-tree "$tree" -p pristine -F - < <(
		cat "$ROOT/kernel/subsystem-commit.txt"
		printf '\nSigned-off-by: HPC project <hpc@localhost>\n'))
	for h in $(git_t rev-list --reverse pristine..HEAD); do
		git_t diff "$h~1" "$h" | git_t apply --cached ||
			die "hook commit $h does not apply on the subsystem commit"
		tree=$(git_t write-tree)
		c=$(GIT_AUTHOR_NAME="$(git_t log -1 --format=%an "$h")" \
		    GIT_AUTHOR_EMAIL="$(git_t log -1 --format=%ae "$h")" \
		    git_t commit-tree "$tree" -p "$c" -F - < <(git_t log -1 --format=%B "$h"))
	done
	unset GIT_INDEX_FILE
	rm -f "$idx"
	git_t format-patch -q --no-signature -o "$out" "pristine..$c"
	ls "$out"
	log "series written to $out (apply to a 6.12.y tree with: git am $out/*.patch)"
}

cmd_checkpatch() {
	local out=$BUILD/patchset p errors=0 n
	cmd_patchset >/dev/null
	for p in "$out"/*.patch; do
		(cd "$TREE" && ./scripts/checkpatch.pl --no-summary --show-types \
			--ignore FILE_PATH_CHANGES "$p") > "$p.check" 2>&1 || true
		n=$(grep -c '^ERROR:' "$p.check" || true)
		log "checkpatch ${p##*/}: $n error(s), $(grep -c '^WARNING:' "$p.check" || true) warning(s)"
		if [ "$n" != 0 ]; then
			cat "$p.check" >&2
			errors=$((errors + n))
		fi
	done
	[ $errors = 0 ] || die "checkpatch: $errors error(s)"
	# The series applies, in order, to the pristine tree (in a private
	# index: the work tree is not touched).
	local idx=$TREE/.git/hpc-applycheck-index
	GIT_INDEX_FILE=$idx git_t read-tree pristine
	for p in "$out"/*.patch; do
		GIT_INDEX_FILE=$idx git_t apply --cached "$p" ||
			die "${p##*/} does not apply to pristine $(cat "$TREE/.hpc-kernelversion")"
	done
	rm -f "$idx"
	log "the series applies to pristine $(cat "$TREE/.hpc-kernelversion")"
	log "checkpatch: no errors"
}

# One kernel build at a time per build directory: two at once corrupt
# ccache entries and dependency files.
mkdir -p "$BUILD"
exec 9> "$BUILD/.kernel.lock"
if ! flock -n 9; then
	log "another kernel build is running in $BUILD; waiting for it"
	flock 9
fi

case ${1:-} in
tree) cmd_tree ;;
build) cmd_build "${2:-on}" ;;
patchset) cmd_patchset ;;
checkpatch) cmd_checkpatch ;;
*) die "usage: $0 {tree|build [on|off]|patchset|checkpatch}" ;;
esac
