#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""mkwav.py OUT SECONDS: a deterministic CD-format test WAV (chords + noise)."""
import math
import struct
import sys
import wave

out, secs = sys.argv[1], float(sys.argv[2])
rate, n = 44100, int(44100 * float(sys.argv[2]))
seed = 12345
frames = bytearray()
for i in range(n):
    seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
    noise = (seed >> 16) % 2001 - 1000
    t = i / rate
    left = 9000 * math.sin(2 * math.pi * 220 * t) + 4000 * math.sin(2 * math.pi * 277.2 * t)
    right = 9000 * math.sin(2 * math.pi * 330 * t) + 3000 * math.sin(2 * math.pi * 440 * t * (1 + t / 50))
    frames += struct.pack("<hh", int(left) + noise, int(right) - noise)
with wave.open(out, "wb") as w:
    w.setnchannels(2)
    w.setsampwidth(2)
    w.setframerate(rate)
    w.writeframes(bytes(frames))
