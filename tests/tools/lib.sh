# SPDX-License-Identifier: GPL-2.0
# Helpers for the host-level tool tests: a fake /proc tree (HPC_PROCFS), a
# fake balancer socket, result lines, and waiting with a timeout.
# Each test prints "ok - ..." / "not ok - ..." lines; run.sh numbers them.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=${B:-$TOP/build}
BIN=$B/bin
SBIN=$B/sbin
WORK=$(mktemp -d /tmp/hpc-tools-test.XXXXXX)
export HPC_PROCFS=$WORK/proc
export MOSIXD_SOCKET=$WORK/mosixd.sock
SERVER_PID=
FAILED=0

cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
	[ -n "${TMUX_SOCK:-}" ] && tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

ok()     { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; FAILED=1; }
skip()   { echo "ok - $* # SKIP"; }

# check NAME EXPECTED SEEN: equality, with both shown on failure
check() {
	if [ "$2" == "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '#   expected: %s\n#   seen:     %s\n' "$2" "$3" | sed '3,$s/^/#             /'
	fi
}

# check_contains NAME NEEDLE HAYSTACK
check_contains() {
	if [[ "$3" == *"$2"* ]]; then
		ok "$1"
	else
		not_ok "$1"
		printf '#   expected to contain: %s\n' "$2"
		printf '%s\n' "$3" | sed 's/^/#   seen: /'
	fi
}

# run_tool CMD...: sets OUT, ERR, RC
run_tool() {
	OUT=$("$@" 2>"$WORK/stderr" </dev/null)
	RC=$?
	ERR=$(cat "$WORK/stderr")
}

# wait_for TIMEOUT_S CMD...: poll until CMD succeeds; 1 on timeout
wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.05
	done
}

# A configured node 1 of a 3-node map, with /proc/self and pid 100 (at
# home) and 200 (away on node 2).
make_tree() {
	local p=$HPC_PROCFS
	rm -rf "$p"
	mkdir -p "$p/hpc/admin" "$p/self" "$p/100" "$p/200"
	printf '1 10.0.0.1 3\n' >"$p/hpc/admin/config"
	echo 1 >"$p/hpc/admin/mospe"
	for f in block stay lstay quiet; do echo 0 >"$p/hpc/admin/$f"; done
	echo 1000 >"$p/hpc/admin/speed"
	: >"$p/hpc/admin/expel"
	: >"$p/hpc/admin/bring"
	: >"$p/hpc/admin/key"
	echo 1 >"$p/hpc/admin/encrypt"
	echo "hpc 0.1 proto 1" >"$p/hpc/admin/version"
	for d in self 100 200; do
		: >"$p/$d/goto"
		echo 0 >"$p/$d/lock"
		echo none >"$p/$d/hint"
		echo fast >"$p/$d/decay"
		echo movable >"$p/$d/cantmove"
		echo 1 >"$p/$d/where"
	done
	echo 2 >"$p/200/where"
	echo '100 (sleep) S 1 100 100 34816 100 0 0 0 0 0 150 50 0 0' >"$p/100/stat"
	printf 'sleep\0001000\000' >"$p/100/cmdline"
	echo '200 (flac) R 1 200 200 0 200 0 0 0 0 0 6000 0 0 0' >"$p/200/stat"
	printf 'flac\000-8\000track.wav\000' >"$p/200/cmdline"
}

# Fake balancer: answers "nodes" with the contents of $WORK/nodes (re-read
# for each request), "version" with "version 1", "counters" with two
# counters and a gauge, anything else with ERR.
start_server() {
	rm -f "$MOSIXD_SOCKET"
	python3 - "$MOSIXD_SOCKET" "$WORK/nodes" <<'PY' &
import os, socket, sys
path, nodes = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path)
s.listen(8)
while True:
    c, _ = s.accept()
    f = c.makefile("rwb")
    req = f.readline().decode().strip()
    if req == "nodes":
        with open(nodes) as n:
            body = n.read()
    elif req == "version":
        body = "version 1\n"
    elif req == "counters":
        body = ("counter rx_ok 12\ncounter rx_unauthenticated 3\n"
                "gauge move_bandwidth_kib_s 15360\n")
    else:
        body = "ERR unknown request %s\n" % req
    f.write((body + ".\n").encode())
    f.flush()
    c.close()
PY
	SERVER_PID=$!
	wait_for 5 test -S "$MOSIXD_SOCKET" || { not_ok "fake balancer did not start"; exit 1; }
}

write_nodes() {
	cat >"$WORK/nodes" <<'N'
node 1 addr=10.0.0.1 state=self load=120 speed=1000 ncpus=4 memtotal=8000000 memfree=3000000 util=55 guests=1 flags=- age=0
node 2 addr=10.0.0.2 state=up load=40 speed=1500 ncpus=2 memtotal=4000000 memfree=3500000 util=12 guests=0 flags=blocked age=300
node 3 addr=10.0.0.3 state=dead load=0 speed=1000 ncpus=2 memtotal=4000000 memfree=0 util=0 guests=0 flags=- age=90000
N
}

# Run "$@" as an unprivileged user when we are root (DAC is not bypassed
# then); returns 2 if that is impossible here.
as_nobody() {
	if [ "$(id -u)" != 0 ]; then
		"$@"
	elif command -v setpriv >/dev/null; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		return 2
	fi
}

finish() { exit $FAILED; }
