#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/mkcorpus.sh builds the same bytes every time, in CD format.
# Builds a tiny corpus twice (and once more past the 13 source tracks) and
# prints TAP.  Skips (exit 4, the kselftest convention) when sox or the music
# is missing and cannot be installed because we are not root.
#
# Environment: KEEP=1 leaves the scratch directory in place; MKCORPUS
# names another script to test.

set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MKCORPUS=${MKCORPUS:-$ROOT/scripts/mkcorpus.sh}
MUSIC=${MUSIC:-/usr/share/games/singularity/music}
KSFT_SKIP=4
COUNT=2
SECS=2
FRAMES=$((SECS * 44100))
WAV_BYTES=$((44 + FRAMES * 4))

planned=12
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	printf '%s\n' "$@" | sed 's/^/#   /'	# diagnostics, every line
}
# check DESCRIPTION EXPECTED GOT
check() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "got:      $3"; fi; }

if ! { command -v sox && command -v soxi && compgen -G "$MUSIC/*.ogg"; } >/dev/null 2>&1 &&
	[ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP sox or singularity-music missing and not root to install them"
	exit $KSFT_SKIP
fi

tmp=$(mktemp -d /tmp/test-mkcorpus.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$tmp"' EXIT

echo "1..$planned"

# Little-endian unsigned integer of WIDTH bytes at OFFSET of FILE.
le() { od -An -t "u$3" -j "$2" -N "$3" --endian=little "$1" | tr -d ' '; }

if "$MKCORPUS" -q -n $COUNT -s $SECS -o "$tmp/a" 2>"$tmp/a.log"; then
	ok "first build of $COUNT tracks x $SECS s"
else
	not_ok "first build of $COUNT tracks x $SECS s" "$(tail -n3 "$tmp/a.log")"
fi
if "$MKCORPUS" -q -n $COUNT -s $SECS -o "$tmp/b" 2>"$tmp/b.log"; then
	ok "second build into another directory"
else
	not_ok "second build into another directory" "$(tail -n3 "$tmp/b.log")"
fi

check "both builds list the same tracks and sha256 sums" \
	"$(cat "$tmp/a/SHA256SUMS" 2>&1)" "$(cat "$tmp/b/SHA256SUMS" 2>&1)"
check "SHA256SUMS names $COUNT tracks" \
	"track01.wav track02.wav" "$(awk '{ printf "%s%s", sep, $2; sep = " " }' "$tmp/a/SHA256SUMS" 2>/dev/null)"
if (cd "$tmp/b" && sha256sum --quiet -c SHA256SUMS) >"$tmp/sum.log" 2>&1; then
	ok "sha256sum -c SHA256SUMS passes"
else
	not_ok "sha256sum -c SHA256SUMS passes" "$(head -n3 "$tmp/sum.log")"
fi

# Format, from soxi and from the header bytes themselves.
f=$tmp/a/track01.wav
check "soxi: 44100 Hz, 2 channels, 16-bit signed PCM, $FRAMES frames" \
	"44100 2 16 Signed Integer PCM $FRAMES" \
	"$(soxi -r "$f" 2>&1) $(soxi -c "$f" 2>&1) $(soxi -b "$f" 2>&1) $(soxi -e "$f" 2>&1) $(soxi -s "$f" 2>&1)"
check "header: RIFF/WAVE, PCM tag 1, 2 ch, 44100 Hz, align 4, 16 bit, data at 36" \
	"RIFF WAVE fmt  16 1 2 44100 176400 4 16 data $((FRAMES * 4))" \
	"$(head -c4 "$f") $(dd if="$f" bs=1 skip=8 count=4 2>/dev/null) $(dd if="$f" bs=1 skip=12 count=4 2>/dev/null) $(le "$f" 16 4) $(le "$f" 20 2) $(le "$f" 22 2) $(le "$f" 24 4) $(le "$f" 28 4) $(le "$f" 32 2) $(le "$f" 34 2) $(dd if="$f" bs=1 skip=36 count=4 2>/dev/null) $(le "$f" 40 4)"
check "file sizes are 44 + frames * 4 bytes" \
	"$WAV_BYTES $WAV_BYTES" "$(stat -c %s "$tmp/a/track01.wav" "$tmp/a/track02.wav" 2>&1 | tr '\n' ' ' | sed 's/ $//')"

if cmp -s "$tmp/a/track01.wav" "$tmp/a/track02.wav"; then
	not_ok "the two tracks differ" "track01.wav and track02.wav are identical"
else
	ok "the two tracks differ"
fi

# A third run over the first directory is a no-op and keeps the bytes.
before=$(stat -c %Y.%s "$tmp/a/track01.wav")
out=$("$MKCORPUS" -n $COUNT -s $SECS -o "$tmp/a" 2>&1)
case $out in
*"up to date"*) check "rerun over the same directory leaves it alone" "$before" "$(stat -c %Y.%s "$tmp/a/track01.wav")" ;;
*) not_ok "rerun over the same directory leaves it alone" "expected 'up to date', got: $out" ;;
esac

# Past the 13 sources, the 14th track reuses the 1st at another offset.
if "$MKCORPUS" -q -n 14 -s 1 -o "$tmp/c" 2>"$tmp/c.log"; then
	if [ "$(soxi -s "$tmp/c/track14.wav")" = 44100 ] &&
		! cmp -s "$tmp/c/track01.wav" "$tmp/c/track14.wav"; then
		ok "14 tracks: track14 is 1 s long and differs from track01"
	else
		not_ok "14 tracks: track14 is 1 s long and differs from track01" \
			"frames: $(soxi -s "$tmp/c/track14.wav")" \
			"$(cmp "$tmp/c/track01.wav" "$tmp/c/track14.wav" 2>&1 || true)"
	fi
else
	not_ok "14 tracks: track14 is 1 s long and differs from track01" "$(tail -n3 "$tmp/c.log")"
fi

"$MKCORPUS" -n 0 -s 1 -o "$tmp/d" >/dev/null 2>&1
check "COUNT 0 is a usage error (exit 2)" 2 $?

[ "$n" = "$planned" ] || { echo "# ran $n tests, planned $planned"; failed=$((failed + 1)); }
[ "$failed" = 0 ]
