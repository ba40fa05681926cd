#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Malformed, truncated and silent connections to the migration port are
# closed with a logged error; nothing is left behind and migration still
# works afterwards.
# nodes: 2
. "$(dirname "$0")/lib.sh"

# the protocol version a valid header carries (HPC_PROTO_VERSION)
V=$(awk '$2 == "HPC_PROTO_VERSION" { printf "\\x%02x", $3 }' \
	"$(dirname "$0")/../../kernel/include/uapi/linux/hpc.h")
# garbage; a valid header announcing more than is sent; wrong version
on 2 -t 60 -- '
(printf "GARBAGEGARBAGEGARBAGEGARBAGE"; sleep 1) | nc 10.77.0.1 7270
(printf "\x48\x50\x43\x31'"$V"'\x01\x00\x00\x00\x00\x00\x30\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02"; sleep 1) | nc 10.77.0.1 7270
(printf "\x48\x50\x43\x31\x63\x01\x00\x00\x00\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"; sleep 1) | nc 10.77.0.1 7270
(printf "\x48\x50\x43\x31'"$V"'\x0c\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"; sleep 1) | nc 10.77.0.1 7270
true' >/dev/null 2>&1
check "bad magic logged" "1" "$(on 1 -t 30 -- 'dmesg | grep -c "receive: error -71"' 2>&1)"
check "wrong version logged" "1" "$(on 1 -t 30 -- 'dmesg | grep -c "receive: error -93"' 2>&1)"
check "unexpected first message logged" "1" "$(on 1 -t 30 -- 'dmesg | grep -c "unexpected message: error 12"' 2>&1)"
check "truncated message logged" "1" "$(on 1 -t 30 -- 'dmesg | grep -c "receive: error -104"' 2>&1)"
# a connection's task is a child of kthreadd named after the listener
# until it becomes a body; only the listener itself must remain
wait_for 1 30 '[ $(ps | grep -c "[h]pc_listen") = 1 ]' &&
	ok "no task left behind" || not_ok "no task left behind" "only [hpc_listen]" "$(on 1 -t 30 -- 'ps' 2>&1)"
check "a migration still works" "5" \
	"$(on 1 -t 120 -- "sh -c 'echo \"exec 2\" > /proc/self/goto && exec /opt/hpc/tests/migexit exit 5'; echo \$?" 2>&1)"
finish
