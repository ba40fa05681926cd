#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: the FLAC batch at benchmark size, on an equal pair (channels
# sealed, then signed only as on a trusted LAN) and on the article's uneven
# pair (node 2 at 650/900), each experiment repeated; then the remote
# overhead alone (experiments 3 and 4 paired, more rounds), sealed and signed.
# Then the kernel-core benchmarks (scripts/bench-kernel.sh). Figures are
# ratios measured side by side in one run; they are written to
# build/bench/flac-equal.json, build/bench/flac-equal-signed.json,
# build/bench/flac-uneven.json, build/bench/flac-overhead.json,
# build/bench/flac-overhead-signed.json,
# build/bench/kernel.json and a markdown summary build/bench/RESULTS.md.
#
#   scripts/bench.sh [-n TRACKS] [-s SECONDS] [-r REPEAT] [-R ROUNDS] [-k "MIB ..."]
#   (-R: rounds of the overhead runs, default 5; -k: process sizes for the
#   migration-time benchmark, default 1 16 64 256)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TRACKS=4 SECS=90 REPEAT=3 OROUNDS=5 KSIZES="1 16 64 256"
while getopts "n:s:r:R:k:" opt; do
	case $opt in
	n) TRACKS=$OPTARG ;;
	s) SECS=$OPTARG ;;
	r) REPEAT=$OPTARG ;;
	R) OROUNDS=$OPTARG ;;
	k) KSIZES=$OPTARG ;;
	*) echo "usage: $0 [-n TRACKS] [-s SECONDS] [-r REPEAT] [-R ROUNDS] [-k \"MIB ...\"]" >&2; exit 2 ;;
	esac
done
OUT=build/bench
mkdir -p "$OUT"
echo "[bench] equal pair: $TRACKS tracks x $SECS s, $REPEAT rounds" >&2
scripts/demo.sh -n "$TRACKS" -s "$SECS" -r "$REPEAT" -j "$OUT/flac-equal.json" | tee "$OUT/flac-equal.txt"
echo "[bench] equal pair, channels signed, not encrypted (demo.sh -E)" >&2
scripts/demo.sh -B -E -n "$TRACKS" -s "$SECS" -r "$REPEAT" -j "$OUT/flac-equal-signed.json" |
	tee "$OUT/flac-equal-signed.txt"
echo "[bench] uneven pair (node 2 at 650/900)" >&2
scripts/demo.sh -B -S -n "$TRACKS" -s "$SECS" -r "$REPEAT" -j "$OUT/flac-uneven.json" | tee "$OUT/flac-uneven.txt"
for ch in sealed signed; do
	echo "[bench] remote overhead, channels $ch: experiments 3 and 4 paired, $OROUNDS rounds" >&2
	sfx='' opt=()
	[ $ch = signed ] && sfx=-signed opt=(-E)
	scripts/demo.sh -B -o "${opt[@]}" -n "$TRACKS" -s "$SECS" -r "$OROUNDS" \
		-j "$OUT/flac-overhead$sfx.json" | tee "$OUT/flac-overhead$sfx.txt"
done
echo "[bench] kernel core: migration time and forwarded system calls" >&2
scripts/bench-kernel.sh -B -s "$KSIZES" | tee "$OUT/kernel.txt"
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
rows = []
for name in ("equal", "equal-signed", "uneven"):
    d = json.load(open(f"{out}/flac-{name}.json"))
    rows.append((name, d))
with open(f"{out}/RESULTS.md", "w") as f:
    f.write("| pair | channels | tracks x s | sequential s | balanced s | split by hand s | speedup "
            "| by hand | balanced / by hand | ideal | remote overhead |\n")
    f.write("|---|---|---|---|---|---|---|---|---|---|---|\n")
    for name, d in rows:
        m = d["median"]
        f.write(f"| {name.split('-')[0]} | {d.get('channels', 'sealed')} | {d['tracks']} x {d['seconds']} | "
                f"{m['sequential']:.2f} | {m['balanced']:.2f} | {m['hand_split']:.2f} | "
                f"{d['speedup']:.2f}x | {d['hand_split_speedup']:.2f}x | {d['vs_hand_split'] * 100:.0f}% | "
                f"{d['ideal_speedup']:.2f}x | {d['remote_overhead_pct']:.1f}% |\n")
    f.write("\n| remote overhead, 3 over 4 paired | rounds | median | range "
            "| node 2 user s, 3 / 4 | node 2 kernel s, 3 / 4 | node 1 kernel s, 3 "
            "| node 2 vCPU waited s, 3 / 4 | outside user time |\n"
            "|---|---|---|---|---|---|---|---|---|\n")
    for name in ("overhead", "overhead-signed"):
        d = json.load(open(f"{out}/flac-{name}.json"))
        r = d["remote_overhead_rounds_pct"]
        c3, c4 = d["cpu_seconds_median"]["mosrun_remote"], d["cpu_seconds_median"]["local_node2"]
        f.write(f"| {d['channels']}, {d['tracks']} x {d['seconds']} s | {len(r)} | "
                f"{d['remote_overhead_pct']:.1f}% | {min(r):.1f}% to {max(r):.1f}% | "
                f"{c3['node2_user']:.1f} / {c4['node2_user']:.1f} | "
                f"{c3['node2_kernel']:.1f} / {c4['node2_kernel']:.1f} | {c3['node1_kernel']:.1f} | "
                f"{c3['node2_vcpu_wait']:.1f} / {c4['node2_vcpu_wait']:.1f} | "
                f"{d['remote_overhead_outside_user_pct']:.1f}% |\n")
    k = json.load(open(f"{out}/kernel.json"))
    f.write(f"\nTCP between the nodes: {k['tcp_mb_s']:.1f} MB/s, round trip {k['tcp_rtt_us']:.0f} us; "
            f"forwarded system call {k['syscall_forwarded_sealed_us']:.0f} us sealed, "
            f"{k['syscall_forwarded_plain_us']:.0f} us in clear "
            f"({k['syscall_plain_vs_tcp_rtt']:.2f}x the TCP round trip); "
            f"remote dd of 8 MiB in 4 KiB blocks, in clear: file to file "
            f"{k['dd_4k_8mib_to_file_s']:.2f} s, file to /dev/null "
            f"{k['dd_4k_8mib_to_null_s']:.2f} s, /dev/zero to a file "
            f"{k['dd_4k_8mib_zero_to_file_s']:.2f} s\n\n")
    f.write("| process MiB | sealed: to node 2 s | MB/s | in clear: to node 2 s | MB/s | vs TCP |\n"
            "|---|---|---|---|---|---|\n")
    for m in k["migration"]:
        f.write(f"| {m['mib']} | {m['sealed_to_s']:.2f} | {m['sealed_mb_s']:.1f} | "
                f"{m['plain_to_s']:.2f} | {m['plain_mb_s']:.1f} | {m['plain_vs_tcp'] * 100:.0f}% |\n")
print(open(f"{out}/RESULTS.md").read())
PY
