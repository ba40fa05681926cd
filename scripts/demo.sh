#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The FLAC batch on a 2-node virtual cluster: the seed article's four
# experiments and the best split by hand, every output verified against the
# host's own encode.
#
#   scripts/demo.sh [-n TRACKS] [-s SECONDS] [-r REPEAT] [-o] [-S] [-E] [-j JSON] [-B]
#     -n TRACKS   number of tracks (default 4, even so the pair can split them)
#     -s SECONDS  length of each track (default 30)
#     -r REPEAT   run the experiments REPEAT times (default 1)
#     -o          the remote overhead only: experiments 3 and 4, back to back
#                 in each round, their order swapped every other round
#     -S          slow node 2 to 650/900 of node 1 (the article's uneven pair)
#     -E          migration channels signed, not encrypted (hpc.encrypt=0 on
#                 both nodes: a trusted LAN, as the article's); sealed by
#                 default
#     -j JSON     also write the figures to this file
#     -B          use the kernel already built (no kernel build step)
#
# Experiments, run on node 1 in /data:
#   1. for x in *.wav; do runhome flac -8 $x; done        sequential, at home
#   2. for x in *.wav; do flac -8 $x & done; wait         the balancer spreads them
#   3. for x in *.wav; do mosrun -2 flac -8 $x & done     all as remote bodies on 2
#   4. the same jobs run directly on node 2, migration off
#   5. the best whole-track split by hand: k tracks on node 1 and the rest on
#      node 2, each node encoding its local copies at once, migration off;
#      what this pair of nodes can do at best with no process moved
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TRACKS=4 SECS=30 REPEAT=1 SLOW=0 JSON='' BUILD=1 SEAL=1 ONLY_OVERHEAD=0
while getopts "n:s:r:oSEj:B" opt; do
	case $opt in
	n) TRACKS=$OPTARG ;;
	s) SECS=$OPTARG ;;
	r) REPEAT=$OPTARG ;;
	o) ONLY_OVERHEAD=1 ;;
	S) SLOW=1 ;;
	E) SEAL=0 ;;
	j) JSON=$OPTARG ;;
	B) BUILD=0 ;;
	*) sed -n '7,19p' "$0" >&2; exit 2 ;;
	esac
done

log() { printf '[demo] %s\n' "$*" >&2; }
die() { printf '[demo] FAILED: %s\n' "$*" >&2; exit 1; }

W=build/demo
VC=scripts/vcluster
DIR=$ROOT/$W/vc
mkdir -p "$W"

log "step 1/5: building the kernel, the tools and the corpus"
make -s userland
[ "$BUILD" = 0 ] || scripts/kernel.sh build on
scripts/mkcorpus.sh -q -n "$TRACKS" -s "$SECS" -o "$W/corpus"
rm -rf "$W/extra" "$W/ref"
mkdir -p "$W/extra/data" "$W/ref"
cp "$W"/corpus/*.wav "$W/extra/data/"
scripts/mkinitramfs.sh -o "$W/initramfs.cpio.gz" -x "$W/extra"

log "step 2/5: reference encodes on the host"
for w in "$W"/corpus/*.wav; do
	b=${w##*/}
	flac -s -8 -f -o "$W/ref/${b%.wav}.flac" "$w"
done
(cd "$W/ref" && sha256sum -- *.flac > SHA256SUMS)

log "step 3/5: booting a 2-node cluster with the balancer"
cleanup() {
	[ "$SLOW" = 1 ] && [ -f "$DIR/node2.pid" ] &&
		scripts/slownode.sh -u "$(cat "$DIR/node2.pid")" 2>/dev/null
	"$VC" stop -d "$DIR" >/dev/null 2>&1 || true
}
trap cleanup EXIT
"$VC" start -d "$DIR" -n 2 --initrd "$W/initramfs.cpio.gz" --mem 768 \
	--append "hpc.mosixd=1 hpc.minage=1$([ "$SEAL" = 0 ] && echo ' hpc.encrypt=0')" \
	--limit 7200 ||
	die "the cluster did not boot"
if [ "$SLOW" = 1 ]; then
	scripts/slownode.sh "$(cat "$DIR/node2.pid")" 650 900 ||
		die "cannot slow node 2 (needs cgroup v2)"
fi
# The guest's own clock, 10 ms resolution: immune to host scheduling noise
# in how long the command takes to reach the node.
NOW='cut -d" " -f1 /proc/uptime'

# run_timed NODE SCRIPT: time SCRIPT in /data on NODE, print seconds
run_timed() {
	local node=$1 body=$2 out
	out=$("$VC" run -d "$DIR" "$node" -t 3600 -- "
		cd /data && rm -f *.flac
		t0=\$($NOW)
		$body
		t1=\$($NOW)
		echo \"TIME \$t0 \$t1\"
	") || die "experiment failed on node $node: $out"
	awk '/^TIME/ { printf "%.2f\n", $3 - $2 }' <<<"$out"
}

# verify NODE [TRACKS]: the .flac files in /data on NODE decode to their
# WAVs and are byte-identical to the host's encode; TRACKS (names of WAV
# files) when the experiment encoded only those
verify() {
	local node=$1 only=${2:-} out ref sums x
	out=$("$VC" run -d "$DIR" "$node" -t 3600 -- "
		cd /data && sha256sum *.flac
		for f in *.flac; do flacverify \$f \${f%.flac}.wav >/dev/null || echo \"BAD \$f\"; done
	") || die "cannot check the outputs on node $node: $out"
	grep -q '^BAD' <<<"$out" && die "flacverify rejected: $(grep '^BAD' <<<"$out")"
	sums=$(grep -v '^BAD' <<<"$out")
	ref=$(cat "$W/ref/SHA256SUMS")
	if [ -n "$only" ]; then
		ref=$(for x in $only; do grep "  ${x%.wav}.flac\$" "$W/ref/SHA256SUMS"; done)
	fi
	if ! diff <(sort -k2 <<<"$sums") <(sort -k2 <<<"$ref") >/dev/null; then
		diff <(sort -k2 <<<"$sums") <(sort -k2 <<<"$ref") >&2 || true
		die "node $node produced FLAC files that differ from the host's encode"
	fi
}

# run_exp NODE SCRIPT [TRACKS]: run_timed, then verify
run_exp() {
	run_timed "$1" "$2"
	verify "$1" "${3:-}"
}

# Experiment 5 splits the tracks as well as whole tracks can be split over
# speeds 1 and s: node 1 keeps the k that minimise max(k, (n - k) / s).
SPLIT_K=$(python3 -c "
n, s = $TRACKS, $([ "$SLOW" = 1 ] && echo 650 / 900 || echo 1.0)
print(min(range(n + 1), key=lambda k: (max(k, (n - k) / s), -k)))")
mapfile -t ALL < <(cd "$W/corpus" && ls -- *.wav)
SPLIT1="${ALL[*]:0:SPLIT_K}"
SPLIT2="${ALL[*]:SPLIT_K}"

# run_split: experiment 5, both nodes at once; prints the later finish
run_split() {
	local loop='for x in $TRACKS; do runhome flac -s -8 $x & done; wait'
	local p1 p2 t1=0 t2=0
	[ -z "$SPLIT1" ] || { run_exp 1 "TRACKS='$SPLIT1'; $loop" "$SPLIT1" > "$W/split1" & p1=$!; }
	[ -z "$SPLIT2" ] || { run_exp 2 "TRACKS='$SPLIT2'; $loop" "$SPLIT2" > "$W/split2" & p2=$!; }
	if [ -n "$SPLIT1" ]; then wait "$p1" || exit 1; t1=$(cat "$W/split1"); fi
	if [ -n "$SPLIT2" ]; then wait "$p2" || exit 1; t2=$(cat "$W/split2"); fi
	awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f\n", (a > b ? a : b) }'
}

# where_monitor start|stop: show where the jobs are while experiment 2
# runs. The looking is done inside node 1, every 4 s, and written to its
# console; here the console log is only followed. A host-side query every
# few seconds (a Python process per look) took enough of the host's two
# cores to slow the very experiment it watched.
WHERE_LOOP='while sleep 4; do l=; for p in $(pidof flac); do l="$l pid $p on node $(cat /proc/$p/where 2>/dev/null || echo 1);"; done; [ -n "$l" ] && echo "where:$l"; done'
where_monitor() {
	case $1 in
	start)
		"$VC" run -d "$DIR" 1 -t 20 -- \
			"setsid sh -c '$WHERE_LOOP' </dev/null >/dev/console 2>&1 & echo \$! > /tmp/where.pid"
		(tail -n0 -F "$DIR/node1.log" 2>/dev/null |
			sed -un 's/\r//g; s/^where:/[demo]   where:/p' >&2) &
		MON=$!
		;;
	stop)
		"$VC" run -d "$DIR" 1 -t 20 -- 'kill $(cat /tmp/where.pid)' || true
		# SIGPIPE, which the subshell does not report as it would SIGTERM
		pkill -PIPE -P "$MON" 2>/dev/null || true
		wait "$MON" 2>/dev/null || true
		;;
	esac
}

# cpu_ticks NODE: the node's user and kernel (system + softirq) time so far,
# in 1/100 s, from the first line of its /proc/stat
cpu_ticks() {
	"$VC" run -d "$DIR" "$1" -t 60 -- 'head -1 /proc/stat' |
		awk '/^cpu / { print $2 + $3, $4 + $7 }'
}
# vcpu_thread: the busiest thread of node 2's QEMU process, its vCPU
vcpu_thread() {
	local t
	for t in /proc/"$(cat "$DIR/node2.pid")"/task/*; do
		echo "$(cut -d' ' -f1 "$t/schedstat" 2>/dev/null || echo 0) ${t##*/}"
	done | sort -n | tail -1 | cut -d' ' -f2
}
# host_wait TID: nanoseconds that thread of node 2's QEMU has waited, ready
# to run, for a host core (the scheduler's run delay)
host_wait() {
	cut -d' ' -f2 "/proc/$(cat "$DIR/node2.pid")/task/$1/schedstat"
}
# cpu_spent BEFORE AFTER: what experiments 3 and 4 cost each node's CPU,
# as "node2_user,node2_kernel,node1_kernel,node2_vcpu_wait" in seconds.
# Where the remote overhead goes: the body's node working for the
# forwarding (its kernel time), and home serving the deputies, which a real
# cluster does on another machine but this one does on the host's other
# core. The last figure tells the host taking node 2's core away from the
# host's cores running slower, which the guest, timing by the host's
# clock, counts as time of whatever it was doing.
cpu_spent() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		split(a, x, " "); split(b, y, " ")
		printf "%.2f,%.2f,%.2f,%.2f\n", (y[2] - x[2]) / 100, (y[3] - x[3]) / 100,
			(y[1] - x[1]) / 100, (y[4] - x[4]) / 1e9 }'
}
# cpu_exp LIST NODE SCRIPT: run_exp, also noting both nodes' CPU time
# during the timed part in LIST
cpu_exp() {
	local -n times=T$1 cpu=C$1
	local before after tid
	tid=$(vcpu_thread)
	before="$(cpu_ticks 1 | cut -d' ' -f2) $(cpu_ticks 2) $(host_wait "$tid")"
	times+=("$(run_timed "$2" "$3")")
	after="$(cpu_ticks 1 | cut -d' ' -f2) $(cpu_ticks 2) $(host_wait "$tid")"
	cpu+=("$(cpu_spent "$before" "$after")")
	verify "$2"
}

declare -a T1 T2 T3 T4 T5 C3 C4
log "step 4/5: the experiments ($TRACKS tracks of $SECS s, $REPEAT round(s))"
exp3() {
	log "round $1: 3. all forced to node 2 (mosrun -2)"
	cpu_exp 3 1 'for x in *.wav; do mosrun -2 flac -s -8 $x & done; wait'
}
exp4() {
	log "round $1: 4. the same jobs run locally on node 2"
	cpu_exp 4 2 'for x in *.wav; do runhome flac -s -8 $x & done; wait'
}
for r in $(seq 1 "$REPEAT"); do
	if [ "$ONLY_OVERHEAD" = 1 ]; then
		# a slow drift of the host's speed would favour whichever ran first
		if [ $((r % 2)) = 1 ]; then exp3 "$r"; exp4 "$r"; else exp4 "$r"; exp3 "$r"; fi
		continue
	fi
	log "round $r: 1. sequential at home (runhome)"
	T1+=("$(run_exp 1 'for x in *.wav; do runhome flac -s -8 $x; done')")
	log "round $r: 2. all at once, the balancer spreads them"
	where_monitor start
	T2+=("$(run_exp 1 'for x in *.wav; do flac -s -8 $x & done; wait')")
	where_monitor stop
	exp3 "$r"
	exp4 "$r"
	log "round $r: 5. best split by hand: $SPLIT_K track(s) on node 1, $((TRACKS - SPLIT_K)) on node 2, no migration"
	t5=$(run_split)
	T5+=("$t5")
done

log "step 5/5: results (every .flac verified byte-identical to the host's encode)"
python3 - "$TRACKS" "$SECS" "$SLOW" "${JSON:-}" "${T1[*]}" "${T2[*]}" "${T3[*]}" "${T4[*]}" "${T5[*]}" \
	"$SEAL" "$SPLIT_K" "$ONLY_OVERHEAD" "${C3[*]}" "${C4[*]}" <<'PY'
import json, statistics, sys
tracks, secs, slow, jpath = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4]
t = [list(map(float, a.split())) for a in sys.argv[5:10]]
sealed, split_k, only_overhead = sys.argv[10] == "1", int(sys.argv[11]), sys.argv[12] == "1"
ratio = lambda a, b: a / b if b else float("nan")
# The overhead is taken round by round, 3 against the 4 run next to it,
# and the median of those: the host's speed drifts between rounds by more
# than the overhead itself, much less between two neighbouring runs.
rounds = [(ratio(a, b) - 1) * 100 for a, b in zip(t[2], t[3])]
overhead = statistics.median(rounds)
spread = (f"  (rounds: {', '.join(f'{x:.1f}' for x in rounds)}; "
          f"range {min(rounds):.1f} to {max(rounds):.1f})" if len(rounds) > 1 else "")
channels = "sealed" if sealed else "signed"
# CPU seconds each node spent during 3 and 4: node 2 in user mode and in
# its kernel, node 1 in its kernel (serving the deputies in 3); and the
# seconds node 2's vCPU thread waited for a host core
cpu_keys = ["node2_user", "node2_kernel", "node1_kernel", "node2_vcpu_wait"]
cpu = [[dict(zip(cpu_keys, map(float, r.split(",")))) for r in a.split()]
       for a in sys.argv[13:15]]
cpu_med = [{k: statistics.median(r[k] for r in c) for k in cpu_keys} for c in cpu]
# The same encodes run in 3 and 4, so node 2's user time is the same work
# in both; what differs between two runs is the host's speed, which this
# build machine changes by more than the overhead. Node 2's time outside
# that user code (its kernel, and waiting for home or for a move) is what
# running the jobs as remote bodies adds: round by round, that time in 3
# less the same in 4, against 4's wall time.
outside = [((a - c3["node2_user"]) - (b - c4["node2_user"])) / b * 100
           for a, b, c3, c4 in zip(t[2], t[3], cpu[0], cpu[1])]
outside_med = statistics.median(outside)
user_drift = [(c3["node2_user"] / c4["node2_user"] - 1) * 100 if c4["node2_user"] else 0.0
              for c3, c4 in zip(cpu[0], cpu[1])]
cpu_json = {"cpu_seconds": {"mosrun_remote": cpu[0], "local_node2": cpu[1]},
            "cpu_seconds_median": {"mosrun_remote": cpu_med[0], "local_node2": cpu_med[1]},
            "remote_overhead_outside_user_pct": outside_med,
            "remote_overhead_outside_user_rounds_pct": outside,
            "node2_user_drift_rounds_pct": user_drift}


def print_cpu():
    c3, c4 = cpu_med
    print(f"  CPU seconds, 3 / 4 (medians): node 2 user {c3['node2_user']:.1f} / "
          f"{c4['node2_user']:.1f}, node 2 kernel {c3['node2_kernel']:.1f} / "
          f"{c4['node2_kernel']:.1f}, node 1 kernel {c3['node1_kernel']:.1f} / "
          f"{c4['node1_kernel']:.1f};")
    print(f"  node 2's vCPU thread waited {c3['node2_vcpu_wait']:.1f} / "
          f"{c4['node2_vcpu_wait']:.1f} s for a host core")
    print(f"  outside the encoders' user time: 3 adds {outside_med:.1f}% of 4's time"
          f" (node 2's kernel time and waiting); the same encodes' user time"
          f" differed by {', '.join(f'{x:+.0f}%' for x in user_drift)}, which the host's speed moves")
if only_overhead:
    med3, med4 = statistics.median(t[2]), statistics.median(t[3])
    print()
    print(f"Remote overhead: {tracks} tracks x {secs} s, channels "
          f"{'sealed' if sealed else 'signed (in clear)'}, {len(rounds)} round(s)")
    print(f"3. all on node 2 as remote bodies (mosrun -2)  {med3:9.2f}  "
          f"(runs: {', '.join(f'{x:.2f}' for x in t[2])})")
    print(f"4. same jobs local on node 2                   {med4:9.2f}  "
          f"(runs: {', '.join(f'{x:.2f}' for x in t[3])})")
    print(f"remote overhead of 3 over 4:  {overhead:5.1f}%{spread}")
    print("  (the article: 4% on Fast Ethernet; target < 2%)")
    print_cpu()
    if jpath:
        json.dump({"tracks": tracks, "seconds": secs, "slow_node2": slow, "sealed": sealed,
                   "channels": channels,
                   "times": {"mosrun_remote": t[2], "local_node2": t[3]},
                   "median": {"mosrun_remote": med3, "local_node2": med4},
                   "remote_overhead_pct": overhead, "remote_overhead_rounds_pct": rounds,
                   **cpu_json},
                  open(jpath, "w"), indent=2)
        print(f"figures written to {jpath}")
    sys.exit(0)
med = [statistics.median(x) for x in t]
speedup = ratio(med[0], med[1])
# The hand split (5) is what the pair does at best when no process moves:
# every track encoded where its file is, from the start.
hand = ratio(med[0], med[4])
# Best possible split over speeds 1 and s, computed: with jobs moved while
# they run, the work divides exactly (ideal speedup 1 + s); whole tracks,
# each run where it started, give n / min over k of max(k, (n - k) / s).
s2 = 650 / 900 if slow else 1.0
ideal = 1 + s2
whole = max(tracks / max(k, (tracks - k) / s2) for k in range(1, tracks + 1))
print()
print(f"FLAC batch: {tracks} tracks x {secs} s, 2 nodes{' (node 2 at 650/900)' if slow else ''}, "
      f"channels {'sealed' if sealed else 'signed (in clear)'}")
print(f"{'experiment':52} {'time (s)':>9}")
rows = ["1. sequential at home (runhome)",
        "2. all at once, spread by the balancer",
        "3. all on node 2 as remote bodies (mosrun -2)",
        "4. same jobs local on node 2",
        f"5. best split by hand ({split_k} + {tracks - split_k}, no migration)"]
for name, m, xs in zip(rows, med, t):
    extra = f"  (runs: {', '.join(f'{x:.2f}' for x in xs)})" if len(xs) > 1 else ""
    print(f"{name:52} {m:9.2f}{extra}")
print()
print(f"speedup of 2 over 1:          {speedup:5.2f}x  ({med[1] / med[0] * 100:.0f}% of the single-node time;"
      f" ideal {ideal:.2f}x; the article: 62% on 900+650 MHz)")
print(f"  against the split by hand:  {speedup / hand * 100:5.1f}% of its {hand:.2f}x"
      f" (what these two nodes give with no process moved)")
print(f"  against the computed split: {speedup / ideal * 100:5.1f}% of {ideal:.2f}x (work divided exactly),"
      f" {speedup / whole * 100:.1f}% of {whole:.2f}x (whole tracks)")
print(f"remote overhead of 3 over 4:  {overhead:5.1f}%   (the article: 4% on Fast Ethernet; target < 2%)")
if spread:
    print(f"  round by round, median{spread}")
print_cpu()
if jpath:
    names = ["sequential", "balanced", "mosrun_remote", "local_node2", "hand_split"]
    json.dump({"tracks": tracks, "seconds": secs, "slow_node2": slow, "sealed": sealed,
               "channels": channels,
               "times": dict(zip(names, t)), "median": dict(zip(names, med)),
               "speedup": speedup, "ideal_speedup": ideal,
               "whole_track_speedup": whole, "hand_split_tracks_node1": split_k,
               "hand_split_speedup": hand, "vs_hand_split": speedup / hand,
               "efficiency": speedup / ideal, "remote_overhead_pct": overhead,
               "remote_overhead_rounds_pct": rounds, **cpu_json},
              open(jpath, "w"), indent=2)
    print(f"figures written to {jpath}")
PY
