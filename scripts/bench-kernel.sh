#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernel-core benchmarks on a 2-node virtual cluster, each figure next to
# the network it runs on, measured in the same run:
#   - migration time of a process of 1, 16, 64 and 256 MiB (there and back,
#     memory verified afterwards) against the TCP bandwidth between the nodes;
#   - a forwarded system call's round trip against a raw TCP ping-pong.
# Writes build/bench/kernel.json.
#
#   scripts/bench-kernel.sh [-s "1 16 64 256"] [-B]    (-B: no kernel build)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SIZES="1 16 64 256" BUILD=1
while getopts "s:B" opt; do
	case $opt in
	s) SIZES=$OPTARG ;;
	B) BUILD=0 ;;
	*) echo "usage: $0 [-s SIZES] [-B]" >&2; exit 2 ;;
	esac
done
VC=scripts/vcluster
DIR=$ROOT/build/bench/vc
mkdir -p build/bench
log() { printf '[bench-kernel] %s\n' "$*" >&2; }
make -s userland
[ "$BUILD" = 0 ] || scripts/kernel.sh build on
scripts/mkinitramfs.sh -o build/bench/initramfs.cpio.gz
trap '"$VC" stop -d "$DIR" >/dev/null 2>&1 || true' EXIT
"$VC" start -d "$DIR" -n 2 --mem 1024 --initrd build/bench/initramfs.cpio.gz --limit 3600
T=/opt/hpc/tests
on() { "$VC" run -d "$DIR" "$@"; }

on 2 -t 30 -- "setsid $T/pingpong -s 5000 </dev/null >/dev/null 2>&1 &"
log "TCP bandwidth and round trip, node 1 -> node 2"
bw=$(on 1 -t 300 -- "$T/pingpong -b 10.77.0.2 5000 64")
rtt=$(on 1 -t 300 -- "$T/pingpong -c 10.77.0.2 5000 500")
log "forwarded system call round trip"
sys_local=$(on 1 -t 300 -- "$T/sysrtt 5000")
sys_remote=$(on 1 -t 300 -- "mosrun -2 $T/sysrtt 500")

declare -a MIG
for s in $SIZES; do
	log "migrating a $s MiB process to node 2 and back"
	out=$(on 1 -t 1800 -- "
		up() { cut -d' ' -f1 /proc/uptime; }
		$T/memhog $s $((60 + s)) > /tmp/m.out &
		pid=\$!
		while ! grep -q ready /tmp/m.out; do usleep 20000; done
		t0=\$(up); echo 2 > /proc/\$pid/goto
		while [ \"\$(cat /proc/\$pid/where)\" != 2 ]; do usleep 10000; done
		t1=\$(up); echo home > /proc/\$pid/goto
		while [ \"\$(cat /proc/\$pid/where)\" != 1 ]; do usleep 10000; done
		t2=\$(up)
		kill -USR1 \$pid; wait \$pid
		echo \"\$t0 \$t1 \$t2 \$(tail -1 /tmp/m.out)\"")
	read -r t0 t1 t2 verdict _ <<<"$out"
	[ "$verdict" = intact ] || { log "FAILED: memory after migration: $out"; exit 1; }
	MIG+=("$s $t0 $t1 $t2")
done

python3 - "$bw" "$rtt" "$sys_local" "$sys_remote" "${MIG[@]}" <<'PY'
import json, sys
bw, rtt, sl, sr = map(float, sys.argv[1:5])
print()
print(f"TCP between the nodes: {bw:.1f} MB/s, round trip {rtt:.0f} us")
print(f"system call: local {sl:.1f} us, forwarded {sr:.0f} us = {sr / rtt:.2f}x the TCP round trip")
print()
print(f"{'size MiB':>8} {'to node 2 s':>12} {'home s':>8} {'MB/s':>7} {'vs TCP':>7}")
rows = []
for m in sys.argv[5:]:
    s, t0, t1, t2 = m.split()
    s = int(s); there = float(t1) - float(t0); back = float(t2) - float(t1)
    rate = s * 1.048576 / there if there > 0 else float("nan")
    rows.append({"mib": s, "to_s": there, "home_s": back, "mb_s": rate, "vs_tcp": rate / bw})
    print(f"{s:8d} {there:12.2f} {back:8.2f} {rate:7.1f} {rate / bw:6.0%}")
json.dump({"tcp_mb_s": bw, "tcp_rtt_us": rtt, "syscall_local_us": sl,
           "syscall_forwarded_us": sr, "syscall_vs_tcp_rtt": sr / rtt,
           "migration": rows}, open("build/bench/kernel.json", "w"), indent=2)
print("\nfigures written to build/bench/kernel.json")
PY
