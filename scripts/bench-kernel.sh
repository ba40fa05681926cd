#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernel-core benchmarks on a 2-node virtual cluster, each figure next to
# the network it runs on, measured in the same run:
#   - migration time of a process of 1, 16, 64 and 256 MiB (there and back,
#     memory verified afterwards) against the TCP bandwidth between the nodes;
#   - a forwarded system call's round trip against a raw TCP ping-pong.
# Both with the migration channels sealed (the default) and signed only
# (payload in clear), side by side, so the cost of encryption shows.
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
# Everything that crosses a migration channel is measured twice in this
# run: sealed (the default) and with encryption off on both nodes.
sys_local=$(on 1 -t 300 -- "$T/sysrtt 5000")
declare -a MIG SYS
for mode in sealed plain; do
	e=1; [ $mode = plain ] && e=0
	on 1 -t 30 -- "echo $e > /proc/hpc/admin/encrypt"
	on 2 -t 30 -- "echo $e > /proc/hpc/admin/encrypt"
	log "[$mode] forwarded system call round trip"
	SYS+=("$mode $(on 1 -t 300 -- "mosrun -2 $T/sysrtt 500")")
	for s in $SIZES; do
		log "[$mode] migrating a $s MiB process to node 2 and back"
		out=$(on 1 -t 1800 -- "
			up() { cut -d' ' -f1 /proc/uptime; }
			# wait_for WHAT CMD: poll CMD for up to 10 minutes
			wait_for() {
				i=0
				until eval \"\$2\"; do
					i=\$((i + 1))
					[ \$i -lt 30000 ] || { echo \"timeout: \$1\"; dmesg | grep hpc: | tail -5; exit 1; }
					usleep 20000
				done
			}
			rm -f /tmp/m.out	# a stale \"ready\" would start the clock early
			$T/memhog $s $((60 + s)) > /tmp/m.out &
			pid=\$!
			wait_for 'memhog ready' 'grep -q ready /tmp/m.out'
			t0=\$(up); echo 2 > /proc/\$pid/goto
			wait_for 'the move to node 2' '[ \"\$(cat /proc/\$pid/where)\" = 2 ]'
			t1=\$(up); echo home > /proc/\$pid/goto
			wait_for 'the move home' '[ \"\$(cat /proc/\$pid/where)\" = 1 ]'
			t2=\$(up)
			kill -USR1 \$pid; wait \$pid
			echo \"\$t0 \$t1 \$t2 \$(tail -1 /tmp/m.out)\"") ||
			{ log "FAILED: [$mode] $s MiB: $out"; exit 1; }
		read -r t0 t1 t2 verdict _ <<<"$out"
		[ "$verdict" = intact ] || { log "FAILED: memory after migration: $out"; exit 1; }
		MIG+=("$mode $s $t0 $t1 $t2")
	done
	sealed=$(on 2 -t 30 -- "awk '\$1 == \"channels_$mode\" { print \$2 }' /proc/hpc/admin/stats")
	[ "${sealed:-0}" -gt 0 ] || { log "FAILED: node 2 counted no $mode channel"; exit 1; }
done

# A remote dd reading 4 KiB at a time: into a regular file (read ahead and
# written behind), into /dev/null (a forwarded write after every read; the
# read-ahead copy is kept across it), and from /dev/zero into a file (a
# forwarded read after every write: the write goes home ahead of the read,
# and its answer is taken with the read's). Channels in clear, as the loop
# above left them.
log "[plain] remote dd of 8 MiB in 4 KiB blocks: file to file, file to /dev/null, /dev/zero to file"
dd_times=$(on 1 -t 1200 -- "
	up() { cut -d' ' -f1 /proc/uptime; }
	dd if=/dev/urandom of=/tmp/dd.in bs=64k count=128 2>/dev/null
	t0=\$(up); mosrun -2 dd if=/tmp/dd.in of=/tmp/dd.out bs=4k 2>/dev/null
	t1=\$(up); mosrun -2 dd if=/tmp/dd.in of=/dev/null bs=4k 2>/dev/null
	t2=\$(up); mosrun -2 dd if=/dev/zero of=/tmp/dd.zero bs=4k count=2048 2>/dev/null
	t3=\$(up)
	cmp /tmp/dd.in /tmp/dd.out >/dev/null || echo differ
	[ \$(stat -c %s /tmp/dd.zero) = 8388608 ] && cmp -n 8388608 /tmp/dd.zero /dev/zero >/dev/null || echo differ
	rm -f /tmp/dd.in /tmp/dd.out /tmp/dd.zero
	echo \"\$t0 \$t1 \$t2 \$t3\"") || { log "FAILED: remote dd: $dd_times"; exit 1; }
case $dd_times in *differ*) log "FAILED: a remote dd copy differs"; exit 1 ;; esac

python3 - "$bw" "$rtt" "$sys_local" "${SYS[@]}" -- "${MIG[@]}" -- $dd_times <<'PY'
import json, sys
args = sys.argv[1:]
bw, rtt, sl = map(float, args[:3])
sep = args.index("--")
sep2 = args.index("--", sep + 1)
sysr = {m: float(v) for m, v in (a.split() for a in args[3:sep])}
d0, d1, d2, d3 = map(float, args[sep2 + 1:sep2 + 5])
dd_file, dd_null, dd_zero = d1 - d0, d2 - d1, d3 - d2
mig = {}
for m in args[sep + 1:sep2]:
    mode, s, t0, t1, t2 = m.split()
    mig.setdefault(int(s), {})[mode] = (float(t1) - float(t0), float(t2) - float(t1))
print()
print(f"TCP between the nodes: {bw:.1f} MB/s, round trip {rtt:.0f} us")
print(f"system call: local {sl:.1f} us; forwarded {sysr['sealed']:.0f} us sealed, "
      f"{sysr['plain']:.0f} us in clear ({sysr['sealed'] / sysr['plain']:.2f}x); "
      f"in clear = {sysr['plain'] / rtt:.2f}x the TCP round trip")
print(f"remote dd, 8 MiB in 4 KiB blocks, in clear: file to file {dd_file:.2f} s, "
      f"to /dev/null {dd_null:.2f} s ({dd_null / dd_file:.2f}x; a forwarded "
      f"write after every read), /dev/zero to a file {dd_zero:.2f} s "
      f"({dd_zero / dd_file:.2f}x; a forwarded read after every write)")
print()
print(f"{'size MiB':>8} {'sealed s':>9} {'clear s':>8} {'cost':>6} {'sealed MB/s':>12} "
      f"{'clear MB/s':>11} {'clear vs TCP':>13}  (to node 2; home trips in the JSON)")
rows = []
for s in sorted(mig):
    se, cl = mig[s]["sealed"], mig[s]["plain"]
    rs = s * 1.048576 / se[0] if se[0] > 0 else float("nan")
    rc = s * 1.048576 / cl[0] if cl[0] > 0 else float("nan")
    rows.append({"mib": s, "sealed_to_s": se[0], "sealed_home_s": se[1],
                 "plain_to_s": cl[0], "plain_home_s": cl[1],
                 "sealed_mb_s": rs, "plain_mb_s": rc, "plain_vs_tcp": rc / bw})
    print(f"{s:8d} {se[0]:9.2f} {cl[0]:8.2f} {se[0] / cl[0]:5.2f}x {rs:12.1f} {rc:11.1f} {rc / bw:12.0%}")
json.dump({"tcp_mb_s": bw, "tcp_rtt_us": rtt, "syscall_local_us": sl,
           "syscall_forwarded_sealed_us": sysr["sealed"],
           "syscall_forwarded_plain_us": sysr["plain"],
           "syscall_plain_vs_tcp_rtt": sysr["plain"] / rtt,
           "dd_4k_8mib_to_file_s": dd_file, "dd_4k_8mib_to_null_s": dd_null,
           "dd_4k_8mib_zero_to_file_s": dd_zero,
           "migration": rows}, open("build/bench/kernel.json", "w"), indent=2)
print("\nfigures written to build/bench/kernel.json")
PY
