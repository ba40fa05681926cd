#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# flac -8 of a short WAV on node 1 is byte-identical to the host's encode.
# nodes: 1
# hpc: any
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$(dirname "$0")/../harness/mkwav.py" "$tmp/t.wav" 2
flac -s -8 -f -o "$tmp/t.flac" "$tmp/t.wav"
want=$(sha256sum < "$tmp/t.flac" | cut -d' ' -f1)

out=$(on 1 -t 300 -i -- 'cat > /tmp/t.wav && cd /tmp && flac -s -8 -f t.wav && sha256sum < t.flac' \
	< "$tmp/t.wav" 2>&1)
check "flac -8 on node 1 matches the host's encode" "$want  -" "$out"
finish
