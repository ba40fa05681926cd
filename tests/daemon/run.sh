#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Two mosixd instances in a private network namespace, on 127.0.0.1 and
# 127.0.0.2 (nothing leaves the loopback): they must see each other, and
# count (and survive) garbage, wrong-key and replayed packets.
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
node_state() { ask "$1" nodes | awk -v id="$2" '$1 == "node" && $2 == id { for (i = 3; i <= NF; i++) if ($i ~ /^state=/) print substr($i, 7) }'; }
node_is() { [ "$(node_state "$1" "$2")" = "$3" ]; }

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
mkdir -p "$T/proc"
for f in stat meminfo uptime loadavg; do ln -s "/proc/$f" "$T/proc/$f"; done
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$T/key"
head -c 32 /dev/urandom > "$T/wrongkey"
chmod 600 "$T/key" "$T/wrongkey"
printf '# test cluster\n1 127.0.0.1 3\n' > "$T/map"

echo "1..14"
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
[ $fails -eq 0 ] || { echo "# logs:"; sed 's/^/#   /' "$T"/log*; }
exit $((fails > 0))
