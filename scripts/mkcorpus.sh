#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a corpus of CD-format WAV files (44.1 kHz, 16-bit, stereo) from the
# recorded music of Debian's singularity-music package, for the FLAC batch demo.
#
#   scripts/mkcorpus.sh -n COUNT -s SECONDS -o DIR [-f] [-q]
#
#   -n COUNT    number of tracks (default 8)
#   -s SECONDS  length of each track in whole seconds (default 30)
#   -o DIR      output directory (created if missing)
#   -f          rebuild even if DIR already holds this corpus
#   -q          no progress lines
#
# Writes DIR/track01.wav ... and DIR/SHA256SUMS (sha256sum -c format).
#
# The output is deterministic: the same sox and libvorbis give the same bytes
# on every run.  Source tracks are taken in byte order of their names; track i
# (0-based) uses source i mod 13 starting at a fixed sample offset that
# depends only on i, SECONDS and the source's length, so tracks beyond the 13th
# reuse a source at a different offset.  sox runs with -R (repeatable) and -D
# (no dither, so not even seeded randomness); the resampler is "rate -h".
# Cutting happens in the source's own samples, so every track is exactly
# SECONDS * 44100 frames.
#
# Installs singularity-music and sox with apt-get when missing (needs root or
# sudo).  The music is CC BY-SA 3.0; see Documentation/demo.rst.

set -euo pipefail

MUSIC=${MUSIC:-/usr/share/games/singularity/music}
RATE=44100
# Each track starts this far into its source; later rounds over the 13
# sources move on by SECONDS plus a prime number of samples, so no two tracks
# start at the same sample of the same source.
BASE_OFFSET_S=15
ROUND_STEP_EXTRA=4801

log() { if [ "$quiet" != 1 ]; then printf '[mkcorpus] %s\n' "$*" >&2; fi; }
die() { printf '[mkcorpus] error: %s\n' "$*" >&2; exit 1; }
usage() {
	[ $# -eq 0 ] || printf '[mkcorpus] error: %s\n' "$*" >&2
	printf 'usage: %s -n COUNT -s SECONDS -o DIR [-f] [-q]\n' "$0" >&2
	exit 2
}

count=8
seconds=30
outdir=
force=0
quiet=0
while getopts 'n:s:o:fqh' opt; do
	case $opt in
	n) count=$OPTARG ;;
	s) seconds=$OPTARG ;;
	o) outdir=$OPTARG ;;
	f) force=1 ;;
	q) quiet=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
[ -n "$outdir" ] || usage
[[ $count =~ ^[1-9][0-9]{0,3}$ ]] || usage "COUNT must be a whole number from 1 to 9999, got '$count'"
[[ $seconds =~ ^[1-9][0-9]{0,3}$ ]] || usage "SECONDS must be a whole number from 1 to 9999, got '$seconds'"

# The corpus needs the music, sox and sox's Ogg Vorbis reader.
have_deps() {
	command -v sox >/dev/null && command -v soxi >/dev/null &&
		sox -h 2>/dev/null | grep -w vorbis >/dev/null &&
		compgen -G "$MUSIC/*.ogg" >/dev/null
}

install_deps() {
	local pkgs=(singularity-music sox libsox-fmt-base) as_root=()
	if [ "$(id -u)" != 0 ]; then
		command -v sudo >/dev/null ||
			die "missing ${pkgs[*]} and not root; install them: apt-get install ${pkgs[*]}"
		as_root=(sudo)
	fi
	command -v apt-get >/dev/null || die "missing ${pkgs[*]} and no apt-get to install them"
	log "installing ${pkgs[*]}"
	local install=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive
		apt-get install -y -q --no-install-recommends "${pkgs[@]}")
	# A fresh machine may have no package lists yet.
	if ! "${install[@]}" >&2; then
		"${as_root[@]}" apt-get update -q >&2
		"${install[@]}" >&2
	fi
}

have_deps || install_deps
have_deps || die "sox with Ogg Vorbis support and $MUSIC/*.ogg are still missing"

sources=()
while IFS= read -r -d '' f; do
	sources+=("$f")
done < <(find "$MUSIC" -maxdepth 1 -name '*.ogg' -print0 | LC_ALL=C sort -z)
nsrc=${#sources[@]}
[ "$nsrc" -gt 0 ] || die "no .ogg files in $MUSIC"

width=2
[ "$count" -lt 100 ] || width=${#count}
name_of() { printf 'track%0*d.wav' "$width" "$(($1 + 1))"; }

mkdir -p "$outdir"
stamp="$outdir/.mkcorpus"
want_stamp="count=$count seconds=$seconds sources=$nsrc sox=$(sox --version 2>&1 | tr -s ' ' | tail -n1)"

# Same parameters as last time and every file still checks out: nothing to do.
if [ "$force" = 0 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_stamp" ] &&
	(cd "$outdir" && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1); then
	log "$outdir already holds $count tracks of $seconds s, up to date"
	exit 0
fi

rm -f "$stamp" "$outdir/SHA256SUMS"
# Tracks left over from a larger corpus would otherwise join the batch.
find "$outdir" -maxdepth 1 -name 'track[0-9]*.wav' -delete

start_time=$SECONDS
names=()
tmp=
trap 'rm -f "$tmp"' EXIT	# a half-written track from an interrupted run
for ((i = 0; i < count; i++)); do
	src=${sources[i % nsrc]}
	round=$((i / nsrc))
	src_rate=$(soxi -r "$src")
	src_len=$(soxi -s "$src")
	len=$((seconds * src_rate))
	step=$((len + ROUND_STEP_EXTRA))
	effects=()
	if [ "$len" -le "$src_len" ]; then
		max_start=$((src_len - len))
		start=$(((BASE_OFFSET_S * src_rate + round * step) % (max_start + 1)))
	else
		# Longer than the source: loop it, then cut as usual.
		reps=$((len / src_len + 1))
		effects+=(repeat "$reps")
		start=$(((round * step) % src_len))
	fi
	effects+=(trim "${start}s" "${len}s" rate -h "$RATE")

	name=$(name_of "$i")
	tmp="$outdir/.$name.tmp"
	sox -R -D -V1 "$src" -t wav -b 16 -e signed-integer -c 2 "$tmp" "${effects[@]}"
	got=$(soxi -s "$tmp")
	[ "$got" = $((seconds * RATE)) ] ||
		die "$name has $got frames, expected $((seconds * RATE))"
	mv -f "$tmp" "$outdir/$name"
	names+=("$name")
	log "$(printf '%d/%d %s <- %s @ %d.%03d s' $((i + 1)) "$count" "$name" \
		"$(basename "$src")" $((start / src_rate)) $((start % src_rate * 1000 / src_rate)))"
done

(cd "$outdir" && sha256sum -- "${names[@]}" > SHA256SUMS.tmp && mv -f SHA256SUMS.tmp SHA256SUMS)
printf '%s\n' "$want_stamp" > "$stamp"
bytes=$(cd "$outdir" && stat -c %s -- "${names[@]}" | awk '{ n += $1 } END { print n }')
log "$count tracks of $seconds s ($((bytes / 1048576)) MiB) in $outdir in $((SECONDS - start_time)) s"
