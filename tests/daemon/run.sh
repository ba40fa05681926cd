#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Two mosixd instances in a private network namespace, on 127.0.0.1 and
# 127.0.0.2 (nothing leaves the loopback): they must see each other, and
# count (and survive) garbage, wrong-key and replayed packets. Without
# --discover they neither send to nor read the discovery group. Then two
# more, 127.0.0.11 and .12, with discovery on and maps that list only
# themselves: they must find each other over multicast on lo, put the
# other in the (fake) kernel map, keep it across SIGHUP, and drop and
# count forged, malformed, replayed, misaddressed and conflicting
# announcements. Last, node 31 on a fake /proc/hpc: two of its four jobs
# leave at once and, while their images are on the way, no third follows.
#
# usage: tests/daemon/run.sh [BUILD_DIR]     (default: build)
# Exit 0 pass, 1 fail, 4 skip (no network namespace available).
set -u
B=${1:-${B:-build}}
MOSIXD=$(realpath "$B/bin/mosixd")
SEND=$(realpath "$B/tests/lvec-send")

if [ "${MOSIXD_TEST_NETNS:-}" != 1 ]; then
	if ! unshare -n true 2>/dev/null; then
		echo "1..0 # SKIP cannot create a network namespace"
		exit 4
	fi
	MOSIXD_TEST_NETNS=1 exec unshare -n "$0" "$B"
fi
ip link set lo up || exit 1

T=$(mktemp -d /tmp/mosixd-test.XXXXXX)
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
PORT=5001
n=0
fails=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "#   $l"; done; }

# The admin socket speaks line protocol; python stands in for socat.
ask() {
	python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(2)
s.connect(sys.argv[1])
s.sendall((sys.argv[2] + "\n").encode())
data = b""
while not data.endswith(b"\n.\n") and data != b".\n":
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
sys.stdout.write(data.decode())
PY
}

# wait_for TIMEOUT_S DESCRIPTION COMMAND...: poll until COMMAND succeeds.
wait_for() {
	limit=$1; what=$2; shift 2
	end=$(( $(date +%s) + limit ))
	while [ "$(date +%s)" -le "$end" ]; do
		if "$@" >/dev/null 2>&1; then ok "$what"; return 0; fi
		sleep 0.1
	done
	return 1
}

counter() { ask "$1" counters | awk -v c="$2" '$1 == "counter" && $2 == c { print $3 }'; }
counter_at_least() { v=$(counter "$1" "$2"); [ "${v:-0}" -ge "$3" ]; }
counter_is() { [ "$(counter "$1" "$2")" = "$3" ]; }
# node_field SOCKET ID KEY: a key=value of the node's line in "nodes".
node_field() { ask "$1" nodes | awk -v id="$2" -v k="$3=" '$1 == "node" && $2 == id { for (i = 3; i <= NF; i++) if (index($i, k) == 1) print substr($i, length(k) + 1) }'; }
node_state() { node_field "$1" "$2" state; }
node_is() { [ "$(node_state "$1" "$2")" = "$3" ]; }
node_line() { ask "$1" nodes | grep "^node $2 " || echo "(no node $2)"; }

expect() {	# expect DESC SOCKET KIND ARG VALUE
	desc=$1; sock=$2; kind=$3; arg=$4; want=$5
	if [ "$kind" = counter ]; then
		if wait_for 5 "$desc" counter_at_least "$sock" "$arg" "$want"; then return; fi
		not_ok "$desc" "expected counter $arg >= $want" "saw: $(counter "$sock" "$arg")"
	else
		if wait_for 5 "$desc" node_is "$sock" "$arg" "$want"; then return; fi
		not_ok "$desc" "expected node $arg state=$want" "saw: $(ask "$sock" nodes | grep "^node $arg ")"
	fi
}

# A fake /proc without /proc/hpc: load vectors only, never a migration.
fake_proc() {
	mkdir -p "$1"
	for f in stat meminfo uptime loadavg; do ln -s "/proc/$f" "$1/$f"; done
}
fake_proc "$T/proc"
GROUP=239.255.77.1	# mosixd's default discovery group; port 5001 = -p
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$T/key"
head -c 32 /dev/urandom > "$T/wrongkey"
chmod 600 "$T/key" "$T/wrongkey"
printf '# test cluster\n1 127.0.0.1 3\n' > "$T/map"

# Counts what arrives on the default discovery group, as a daemon with
# --discover would receive it; writes the count to $T/heard.
python3 - "$GROUP" "$PORT" "$T/heard" <<'PY' &
import os, socket, sys
group, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((group, port))
s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
             socket.inet_aton(group) + socket.inet_aton("127.0.0.1"))
n = 0
while True:
    with open(out + ".tmp", "w") as f:
        f.write("%d\n" % n)
    os.rename(out + ".tmp", out)
    s.recv(2048)
    n += 1
PY
PIDS="$PIDS $!"
heard() { cat "$T/heard" 2>/dev/null; }
heard_some() { [ "$(heard)" -gt 0 ] 2>/dev/null; }

echo "1..53"
wait_for 5 "multicast listener ready" test -s "$T/heard" ||
	not_ok "multicast listener ready" "expected $T/heard" "saw: nothing"
for i in 1 2; do
	HPC_PROCFS=$T/proc "$MOSIXD" -f -n $i -k "$T/key" -m "$T/map" -p $PORT \
		-S "$T/sock$i" -i 200 -D 2000 2>"$T/log$i" &
	PIDS="$PIDS $!"
	eval "PID$i=$!"
done
wait_for 5 "daemons answer on their admin sockets" sh -c "[ -S '$T/sock1' ] && [ -S '$T/sock2' ]" ||
	not_ok "daemons answer" "expected $T/sock1 and sock2" "saw: $(ls "$T"; cat "$T"/log*)"
# Privilege separation: node 1's network child runs as nobody, the parent as root.
child=$(pgrep -P "$PID1" -x mosixd | head -1)
cuid=$(awk '/^Uid:/ { print $2 }' "/proc/${child:-0}/status" 2>/dev/null)
nobody=$(id -u nobody 2>/dev/null || echo 65534)
if [ -n "$child" ] && [ "$cuid" = "$nobody" ] &&
   [ "$(awk '/^Uid:/ { print $2 }' "/proc/$PID1/status")" = 0 ]; then
	ok "the network child runs as nobody, the parent as root"
else
	not_ok "the network child runs as nobody" "expected a child of $PID1 with uid $nobody" \
		"saw: child '${child}' uid '${cuid}'"
fi
[ "$(ask "$T/sock1" version)" = "version 1
." ] && ok "version request" || not_ok "version request" "expected 'version 1'" "saw: $(ask "$T/sock1" version)"

expect "node 1 sees node 2 up" "$T/sock1" node 2 up
expect "node 2 sees node 1 up" "$T/sock2" node 1 up
[ "$(node_state "$T/sock1" 3)" = unknown ] && ok "node 3 never heard: unknown" ||
	not_ok "node 3 unknown" "expected state=unknown" "saw: $(ask "$T/sock1" nodes | grep '^node 3 ')"

# Discovery is off by default: once both have gossiped for a while, not
# one datagram went to the group.
expect "node 1 gossips" "$T/sock1" counter tx_packets 10
expect "node 2 gossips" "$T/sock2" counter tx_packets 10
if [ "$(heard)" = 0 ] && counter_is "$T/sock1" announce_tx 0 &&
   counter_is "$T/sock2" announce_tx 0; then
	ok "discovery off by default: nothing sent to the group"
else
	not_ok "discovery off by default" "expected 0 datagrams on $GROUP:$PORT, announce_tx 0" \
		"saw: $(heard) datagrams, announce_tx $(counter "$T/sock1" announce_tx) and $(counter "$T/sock2" announce_tx)"
fi

"$SEND" -g -f 127.0.0.9 -t 127.0.0.1 -p $PORT -r 3
expect "garbage counted as malformed" "$T/sock1" counter rx_malformed 3
"$SEND" -k "$T/wrongkey" -f 127.0.0.2 -t 127.0.0.1 -p $PORT -s 2 -e 1 -q 1
expect "wrong key counted as unauthenticated" "$T/sock1" counter rx_unauthenticated 1
"$SEND" -k "$T/key" -f 127.0.0.3 -t 127.0.0.1 -p $PORT -s 3 -e "$(date +%s)" -q 7 -r 2
expect "replayed packet counted" "$T/sock1" counter rx_replayed 1
expect "the first copy was taken: node 3 up" "$T/sock1" node 3 up
"$SEND" -k "$T/key" -f 127.0.0.9 -t 127.0.0.1 -p $PORT -s 2 -e "$(date +%s)" -q 1
expect "a sender at the wrong address is counted" "$T/sock1" counter rx_bad_source 1
# Node 3 falls silent: dead after 2 s.
expect "silent node 3 is marked dead" "$T/sock1" node 3 dead

kill -TERM "$PID1"
if wait_for 5 "SIGTERM: node 1 exits" sh -c "! kill -0 $PID1" && wait "$PID1"; then
	[ ! -e "$T/sock1" ] && ok "SIGTERM: exit 0 and socket removed" ||
		not_ok "socket removed" "expected $T/sock1 gone" "saw: it is still there"
else
	not_ok "SIGTERM: exit status 0" "expected exit 0" "saw: $? $(tail -3 "$T/log1")"
fi

# --- discovery ---------------------------------------------------------------
# Nodes 11 and 12, each map listing only itself. Node 11 has a fake
# /proc/hpc whose admin/config stands for the kernel's map.
kmap=$T/proc11/hpc/admin/config
fake_proc "$T/proc11"
fake_proc "$T/proc12"
mkdir -p "$T/proc11/hpc/admin"
# what the kernel says earlier moves cost: the baseline of the move price
printf 'key 1\nmoves_sent 3\nmove_kib_sent 600\nmove_usecs_sent 90000\n' \
	> "$T/proc11/hpc/admin/stats"
printf '11 127.0.0.11 1\n' > "$T/map11"
printf '12 127.0.0.12 1\n' > "$T/map12"
cp "$T/map11" "$kmap"
for i in 11 12; do
	HPC_PROCFS=$T/proc$i "$MOSIXD" -f -n $i -k "$T/key" -m "$T/map$i" -p $PORT \
		-S "$T/sock$i" -i 200 -D 2000 --discover 2>"$T/log$i" &
	PIDS="$PIDS $!"
	eval "PID$i=$!"
done

# kmap_addr ID: node ID's address in the fake kernel map, ranges expanded.
kmap_addr() {
	awk -v id="$1" '$1 + 0 <= id && id < $1 + $3 {
		split($2, o, "."); a = ((o[1] * 256 + o[2]) * 256 + o[3]) * 256 + o[4] + id - $1
		printf "%d.%d.%d.%d\n", int(a / 16777216), int(a / 65536) % 256, int(a / 256) % 256, a % 256 }' "$kmap"
}
kmap_has() { [ "$(kmap_addr "$1")" = "$2" ]; }
check_kmap() {	# check_kmap DESC ID ADDR
	wait_for 5 "$1" kmap_has "$2" "$3" ||
		not_ok "$1" "expected node $2 at $3 in the kernel map" "saw: $(cat "$kmap")"
}

expect "discovery: node 11 sees node 12 up" "$T/sock11" node 12 up
expect "discovery: node 12 sees node 11 up" "$T/sock12" node 11 up
want="addr=127.0.0.12 source=discovered"
got="addr=$(node_field "$T/sock11" 12 addr) source=$(node_field "$T/sock11" 12 source)"
[ "$got" = "$want" ] && ok "node 12 is a discovered member of node 11" ||
	not_ok "node 12 discovered by node 11" "expected $want" "saw: $(node_line "$T/sock11" 12)"
expect "node 11 counts the node it discovered" "$T/sock11" counter nodes_discovered 1
check_kmap "node 12 joins the kernel map" 12 127.0.0.12
kmap_has 11 127.0.0.11 && ok "the kernel map keeps node 11" ||
	not_ok "the kernel map keeps node 11" "expected node 11 at 127.0.0.11" "saw: $(cat "$kmap")"
# Privilege separation holds: the group is read by node 11's network
# child only, and the child is still nobody.
child=$(pgrep -P "$PID11" -x mosixd | head -1)
owners=$(ss -H -uanp "src $GROUP:$PORT" | grep -o 'pid=[0-9]*' | sort -u | tr '\n' ' ')
case " $owners " in
*" pid=$PID11 "*) not_ok "the group is read by the network child only" \
	"expected no socket of parent $PID11" "saw: $owners" ;;
*" pid=$child "*) [ "$(awk '/^Uid:/ { print $2 }' "/proc/$child/status")" = "$nobody" ] &&
	ok "the group is read by the network child (nobody) only" ||
	not_ok "the group reader runs as nobody" "expected uid $nobody" \
		"saw: $(awk '/^Uid:/ { print $2 }' "/proc/$child/status")" ;;
*) not_ok "the group is read by the network child" "expected pid=$child" "saw: $owners" ;;
esac
heard_some && ok "announcements go to the default group" ||
	not_ok "announcements on $GROUP:$PORT" "expected some datagrams" "saw: $(heard)"
if counter_is "$T/sock2" announce_rx 0; then
	ok "without --discover nothing is read from the group"
else
	not_ok "node 2 does not read the group" "expected announce_rx 0" "saw: $(counter "$T/sock2" announce_rx)"
fi

# SIGHUP: the map file changes and, as systemd's reload does, setpe -w
# reinstalls it in the kernel first; discovered nodes stay, in both.
printf '11 127.0.0.11 1\n20 127.0.0.20 1\n' > "$T/map11"
cp "$T/map11" "$kmap"
kill -HUP "$PID11"
expect "SIGHUP: the new map node 20 is a member" "$T/sock11" node 20 unknown
want="addr=127.0.0.12 source=discovered"
got="addr=$(node_field "$T/sock11" 12 addr) source=$(node_field "$T/sock11" 12 source)"
[ "$got" = "$want" ] && ok "SIGHUP: discovered node 12 is kept" ||
	not_ok "SIGHUP keeps node 12" "expected $want" "saw: $(node_line "$T/sock11" 12)"
check_kmap "SIGHUP: node 12 is back in the kernel map" 12 127.0.0.12
kmap_has 20 127.0.0.20 && ok "SIGHUP: the kernel map keeps the map file's node 20" ||
	not_ok "kernel map has node 20" "expected node 20 at 127.0.0.20" "saw: $(cat "$kmap")"

# The map wins: node 20 announced from elsewhere is refused (and logged:
# before the forgeries below, which use up the rate limit).
"$SEND" -A -k "$T/key" -f 127.0.0.21 -t $GROUP -p $PORT -s 20 -e "$(date +%s)"
expect "a node id the map gives another address is refused" "$T/sock11" counter announce_refused 1
[ "$(node_field "$T/sock11" 20 addr)" = 127.0.0.20 ] && ok "node 20 stays at its map address" ||
	not_ok "node 20 stays at 127.0.0.20" "expected addr=127.0.0.20" "saw: $(node_line "$T/sock11" 20)"
grep -q "announces node 20, which is at 127.0.0.20 (the map wins); refused" "$T/log11" &&
	ok "the refusal is logged" ||
	not_ok "the refusal is logged" "expected a log line about node 20" "saw: $(tail -3 "$T/log11")"

# Forged, malformed, replayed, misaddressed: dropped and counted.
"$SEND" -A -k "$T/wrongkey" -f 127.0.0.13 -t $GROUP -p $PORT -s 13 -e "$(date +%s)"
expect "wrong-key announcement counted" "$T/sock11" counter announce_unauthenticated 1
"$SEND" -A -g -f 127.0.0.13 -t $GROUP -p $PORT -r 2
expect "garbage on the group counted" "$T/sock11" counter announce_malformed 2
"$SEND" -A -k "$T/key" -f 127.0.0.15 -a 127.0.0.16 -t $GROUP -p $PORT -s 15 -e "$(date +%s)"
expect "announcement of another address counted" "$T/sock11" counter announce_bad_source 1
[ "$(node_line "$T/sock11" 13)$(node_line "$T/sock11" 15)" = "(no node 13)(no node 15)" ] &&
	ok "nodes 13 and 15 did not join" ||
	not_ok "nodes 13 and 15 did not join" "expected neither" "saw: $(node_line "$T/sock11" 13) $(node_line "$T/sock11" 15)"
"$SEND" -A -k "$T/key" -f 127.0.0.14 -t $GROUP -p $PORT -s 14 -e "$(date +%s)" -q 5 -r 2
expect "replayed announcement counted" "$T/sock11" counter announce_replayed 1
expect "its first copy was taken: node 14 joins" "$T/sock11" node 14 unknown

# --- the price of a move ----------------------------------------------------
# Node 11 read the stats above as its baseline. A move of 100 MiB that took
# 1.05 s (50 ms of it the fixed cost) moves the price half-way from the
# assumed 10 MiB/s (10240 KiB/s) to 100 MiB/s: 56320 KiB/s.
gauge() { ask "$1" counters | awk -v g="$2" '$1 == "gauge" && $2 == g { print $3 }'; }
gauge_is() { [ "$(gauge "$1" "$2")" = "$3" ]; }
gauge_is "$T/sock11" move_bandwidth_kib_s 10240 &&
	ok "the move price starts at the assumed 10 MiB/s" ||
	not_ok "the move price starts at 10240 KiB/s" "expected 10240" \
		"saw: $(gauge "$T/sock11" move_bandwidth_kib_s)"
printf 'key 1\nmoves_sent 4\nmove_kib_sent 103000\nmove_usecs_sent 1140000\n' \
	> "$T/stats.tmp" && mv "$T/stats.tmp" "$T/proc11/hpc/admin/stats"
wait_for 5 "a 100 MiB move in 1.05 s: 56320 KiB/s" \
	gauge_is "$T/sock11" move_bandwidth_kib_s 56320 ||
	not_ok "the move price is learnt" "expected 56320" \
		"saw: $(gauge "$T/sock11" move_bandwidth_kib_s) $(tail -3 "$T/log11")"
grep -q "move price: 50 ms + 56320 KiB/s (was 50 ms + 10240 KiB/s), from 1 move(s) of 102400 KiB in 1050 ms" "$T/log11" &&
	ok "the new price is logged with what it was learnt from" ||
	not_ok "the new price is logged" "expected a move price line" "saw: $(tail -3 "$T/log11")"
# Unreadable stats teach nothing and stop nothing; the daemon says so once.
printf 'moves_sent many\n' > "$T/stats.tmp" && mv "$T/stats.tmp" "$T/proc11/hpc/admin/stats"
wait_for 5 "garbled stats: logged, the price holds" sh -c "grep -q 'gives no move counters: the move price stays 50 ms + 56320 KiB/s' '$T/log11' &&
	[ \"\$(grep -c 'gives no move counters' '$T/log11')\" = 1 ]" ||
	not_ok "garbled stats are logged once" "expected one log line" "saw: $(tail -3 "$T/log11")"
gauge_is "$T/sock11" move_bandwidth_kib_s 56320 && kill -0 "$PID11" &&
	ok "the daemon lives on at the price it had" ||
	not_ok "the price holds" "expected 56320" "saw: $(gauge "$T/sock11" move_bandwidth_kib_s)"
out=$("$MOSIXD" -f -B 100 -S "$T/sockB" 2>&1); rc=$?
case "$rc:$out" in
2:*"bandwidth (KiB/s) must be a number from 1024 to 16777216: 100"*|1:*"bandwidth (KiB/s) must be a number from 1024 to 16777216: 100"*)
	ok "-B below 1 MiB/s is refused with the range" ;;
*) not_ok "-B 100 is refused" "expected the range and a failing exit" "saw: $rc $out" ;;
esac

# --- a process on its way out ---------------------------------------------
# Node 31 (a fake /proc/hpc, one CPU) runs four CPU-bound processes of
# 40 MiB that have used a minute of CPU; node 32 said once that it is
# idle. Two go to node 32 at once. The kernel moves a process at its next
# return to user mode and sends its image while it runs, so /proc lists it
# here for a while yet: counted here as well as at its target, node 31
# would look as loaded as before and send a third after them the next
# round.
P=$T/proc31
fake_proc "$P"
mkdir -p "$P/hpc/admin"
rm "$P/stat"	# one CPU, whatever the host has
printf 'cpu  100 0 100 1000 0 0 0 0 0 0\ncpu0 100 0 100 1000 0 0 0 0 0 0\nprocs_running 5\n' > "$P/stat"
echo 1000 > "$P/hpc/admin/speed"
for pid in 4001 4002 4003 4004; do
	mkdir "$P/$pid"
	# 60 s of CPU, started at boot, 10240 pages resident
	echo "$pid (spin) R 1 $pid $pid 0 -1 4194304 0 0 0 0 6000 0 0 0 20 0 1 0 0 50000000 10240" > "$P/$pid/stat"
	echo 0 > "$P/$pid/schedstat"
	echo 31 > "$P/$pid/where"
	echo 0 > "$P/$pid/migrate"
	echo movable > "$P/$pid/cantmove"
	echo 0 > "$P/$pid/lock"
	: > "$P/$pid/goto"
done
# and a guest body from another node, asleep
mkdir "$P/4005"
echo "4005 (flac) S 1 4005 4005 0 -1 4194304 0 0 0 0 100 0 0 0 20 0 1 0 0 10000000 1024" > "$P/4005/stat"
echo 0 > "$P/4005/schedstat"
echo 31 > "$P/4005/where"
echo 1 > "$P/4005/migrate"
echo "guest from another node" > "$P/4005/cantmove"
# Runnable all the time: schedstat's run time follows the clock.
python3 - "$P" <<'PY' &
import os, sys, time
root, t0 = sys.argv[1], time.monotonic()
while True:
    ns = int((time.monotonic() - t0) * 1e9)
    for pid in (4001, 4002, 4003, 4004):
        f = "%s/%d/schedstat" % (root, pid)
        with open(f + ".tmp", "w") as o:
            o.write("%d 0 1\n" % ns)
        os.rename(f + ".tmp", f)
    time.sleep(0.05)
PY
PIDS="$PIDS $!"
printf '31 127.0.0.31 2\n' > "$T/map31"
HPC_PROCFS=$P "$MOSIXD" -f -n 31 -k "$T/key" -m "$T/map31" -p $PORT \
	-S "$T/sock31" -i 1000 -a 1 -D 60000 2>"$T/log31" &
PIDS="$PIDS $!"
"$SEND" -k "$T/key" -f 127.0.0.32 -t 127.0.0.31 -p $PORT -s 32 -e "$(date +%s)" -q 1
asked() { grep -l '^32' "$P"/400?/goto 2>/dev/null | sed 's|.*/\(400.\)/goto|\1|' | tr '\n' ' '; }
nasked() { [ "$(asked | wc -w)" = "$1" ]; }
state() { ask "$T/sock31" procs | awk -v p="$1" '$2 == p { sub("state=", "", $NF); print $NF }'; }
state_is() { [ "$(state "$1")" = "$2" ]; }
# rounds so far: one packet (sent or failed) per interval
rounds() { echo $(( $(counter "$T/sock31" tx_packets) + $(counter "$T/sock31" tx_errors) )); }
rounds_pass() {	# rounds_pass N: wait (at most 2N + 5 s) for N more rounds
	until_r=$(( $(rounds) + $1 )) end=$(( $(date +%s) + 2 * $1 + 5 ))
	while [ "$(rounds)" -lt "$until_r" ] && [ "$(date +%s)" -le "$end" ]; do sleep 0.1; done
}
no_third() {
	if nasked 2 && counter_is "$T/sock31" migrations_asked 2; then ok "$1"
	else not_ok "$1" "expected the 2 moves asked before, no more" \
		"saw: $(asked) asked, counter migrations_asked $(counter "$T/sock31" migrations_asked)" \
		"$(tail -5 "$T/log31")"; fi
}
wait_for 10 "four jobs on an idle pair: two go at once" nasked 2 ||
	not_ok "two of four go" "expected two goto files with 32" "saw: $(asked)" "$(tail -5 "$T/log31")"
# shellcheck disable=SC2046 # two pids, split on purpose
set -- $(asked)
a=${1:-4001} b=${2:-4002}
both_leaving() { state_is "$a" leaving && state_is "$b" leaving; }
wait_for 3 "both are listed as leaving" both_leaving ||
	not_ok "both are listed as leaving" "expected state=leaving for $a and $b" "saw: $(ask "$T/sock31" procs)"
state_is 4005 guest && ok "a guest body is listed as a guest" ||
	not_ok "a guest body is listed as a guest" "expected state=guest for 4005" "saw: $(ask "$T/sock31" procs)"
# Three rounds on, still in flight: nothing more goes.
rounds_pass 3
no_third "while they are on their way no third job follows"
# One arrives; the other's move never happens: once the time its move may
# take has passed (3 s + twice 4.05 s here) it counts here again.
echo 32 > "$P/$a/where"; echo 1 > "$P/$a/migrate"
wait_for 5 "the one that arrived is remote" state_is "$a" remote ||
	not_ok "the one that arrived is remote" "expected state=remote" "saw: $(state "$a")"
wait_for 15 "the one that never left is a candidate again" state_is "$b" candidate ||
	not_ok "the one that never left is a candidate again" "expected state=candidate" "saw: $(state "$b")"
rounds_pass 2
no_third "three here and two expected there: still no third move"

[ $fails -eq 0 ] || { echo "# logs:"; sed 's/^/#   /' "$T"/log*; }
exit $((fails > 0))
