#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mosctl: /proc/hpc/admin switches, whois, and numbers from the balancer.
. "$(dirname "$0")/lib.sh"
make_tree
A=$HPC_PROCFS/hpc/admin

for f in block stay lstay quiet; do
	run_tool "$BIN/mosctl" $f
	check "mosctl $f" "0 1" "$RC $(cat $A/$f)"
	run_tool "$BIN/mosctl" no$f
	check "mosctl no$f" "0 0" "$RC $(cat $A/$f)"
done
for f in expel bring; do
	run_tool "$BIN/mosctl" $f
	check "mosctl $f" "0 1" "$RC $(cat $A/$f)"
done
run_tool "$BIN/mosctl" setspeed 1500
check "mosctl setspeed" "0 1500" "$RC $(cat $A/speed)"
run_tool "$BIN/mosctl" setspeed fast
check_contains "mosctl setspeed: bad value" "'fast' is not a speed" "$ERR"
run_tool "$BIN/mosctl" whois
check "mosctl whois: this node" 1 "$OUT"
run_tool "$BIN/mosctl" whois 3
check "mosctl whois id" 10.0.0.3 "$OUT"
run_tool "$BIN/mosctl" whois 10.0.0.2
check "mosctl whois address" 2 "$OUT"
run_tool "$BIN/mosctl" whois 9
check_contains "mosctl whois unknown node" "node 9 is not in the cluster map" "$ERR"

printf 'key 1\nauth_failed 2\n' > $A/stats
run_tool "$BIN/mosctl" stats
check "stats without daemon: the kernel's counters, exit 1" \
	"$(printf 'kernel key 1\nkernel auth_failed 2\n1')" "$OUT
$RC"
check_contains "stats without daemon: says so" "daemon not running" "$ERR"
run_tool "$BIN/mosctl" getload 2
check_contains "getload without daemon: daemon not running" "daemon not running" "$ERR"
check "getload without daemon: exit 1" 1 "$RC"

write_nodes
start_server
run_tool "$BIN/mosctl" getload 2;  check "getload 2" 40 "$OUT"
run_tool "$BIN/mosctl" stats
check "stats: kernel and balancer counters, the learnt move price" \
	"$(printf 'kernel key 1\nkernel auth_failed 2\nmosixd rx_ok 12\nmosixd rx_unauthenticated 3\nmosixd move_bandwidth_kib_s 15360\n0')" "$OUT
$RC"
run_tool "$BIN/mosctl" getload;    check "getload (self)" 120 "$OUT"
run_tool "$BIN/mosctl" getspeed 2; check "getspeed 2" 1500 "$OUT"
run_tool "$BIN/mosctl" getmem 2;   check "getmem 2" 4000000 "$OUT"
run_tool "$BIN/mosctl" getfree 2;  check "getfree 2" 3500000 "$OUT"
run_tool "$BIN/mosctl" getutil 1;  check "getutil 1" 55 "$OUT"
run_tool "$BIN/mosctl" isup 2;     check "isup 2 (up)" 0 "$RC"
run_tool "$BIN/mosctl" isup 3;     check "isup 3 (dead)" 1 "$RC"
run_tool "$BIN/mosctl" isup 8;     check "isup 8 (unknown node)" 2 "$RC"
run_tool "$BIN/mosctl" status 2
check_contains "status 2" "node 2: up" "$OUT"
check_contains "status 2 flags" "flags: blocked" "$OUT"
echo 1 >$A/block
run_tool "$BIN/mosctl" status
check_contains "status (self, from the kernel)" "block: yes" "$OUT"
run_tool "$BIN/mosctl" -S "$WORK/other.sock" getload 2
check_contains "-S chooses the socket" "$WORK/other.sock: daemon not running" "$ERR"
run_tool "$BIN/mosctl" frobnicate
check "unknown command: exit 2" 2 "$RC"
run_tool env HPC_PROCFS=$WORK/nothing "$BIN/mosctl" block
check_contains "no /proc/hpc" "no process migration support" "$ERR"
run_tool "$BIN/mosctl" --help
check_contains "--help" "usage: mosctl" "$OUT"

# the cluster key: hex into the kernel's key file, only from a private file
head -c 32 /dev/urandom > "$WORK/raw.key"
chmod 600 "$WORK/raw.key"
want=$(od -An -tx1 -v "$WORK/raw.key" | tr -d ' \n')
run_tool "$BIN/mosctl" setkey "$WORK/raw.key"
check "mosctl setkey: raw key goes in as hex" "0 $want" "$RC $(cat $A/key)"
printf '%s\n' "$want" | tr a-f A-F > "$WORK/hex.key"
chmod 600 "$WORK/hex.key"
: > $A/key
run_tool "$BIN/mosctl" setkey "$WORK/hex.key"
check "mosctl setkey: a hex key file" "0 $want" "$RC $(cat $A/key)"
chmod 644 "$WORK/raw.key"
: > $A/key
run_tool "$BIN/mosctl" setkey "$WORK/raw.key"
check "mosctl setkey: a readable key file is refused, nothing written" "1 " "$RC $(cat $A/key)"
check_contains "mosctl setkey: says how to fix it" "chmod 600" "$ERR"
printf 'short' > "$WORK/bad.key"
chmod 600 "$WORK/bad.key"
run_tool "$BIN/mosctl" setkey "$WORK/bad.key"
check_contains "mosctl setkey: contents that are no key" "holds no key" "$ERR"
run_tool "$BIN/mosctl" setkey "$WORK/missing.key"
check_contains "mosctl setkey: a missing file" "No such file" "$ERR"
run_tool "$BIN/mosctl" noencrypt
check "mosctl noencrypt" "0 0" "$RC $(cat $A/encrypt)"
run_tool "$BIN/mosctl" encrypt
check "mosctl encrypt" "0 1" "$RC $(cat $A/encrypt)"

if as_nobody true 2>/dev/null; then
	chmod -R a+rX "$WORK"
	run_tool as_nobody "$BIN/mosctl" block
	check_contains "unprivileged block: not permitted" "block: not permitted" "$ERR"
else
	skip "unprivileged block: cannot drop privileges"
fi
finish
