#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# /proc/PID/{where,lock,cantmove,migrate,hint,goto} answer as documented.
# nodes: 2
. "$(dirname "$0")/lib.sh"

out=$(on 1 -t 60 -- 'cat /proc/self/where /proc/self/migrate /proc/self/hint /proc/self/lock /proc/self/cantmove' 2>&1)
check "a fresh shell: where 1, migrate 0, hint none, lock 0, movable" \
	"$(printf '1\n0\nnone\n0\nmovable')" "$out"
check "init cannot move" "init" "$(on 1 -t 30 -- 'cat /proc/1/cantmove' 2>&1)"
check "a kernel thread cannot move" "kernel thread" \
	"$(on 1 -t 30 -- 'cat /proc/2/cantmove' 2>&1)"
out=$(on 1 -t 60 -- 'sh -c "echo 1 > /proc/self/lock; cat /proc/self/cantmove; echo 2 > /proc/self/goto 2>/dev/null || echo refused"' 2>&1)
check "a locked process says so and refuses goto" "$(printf 'locked\nrefused')" "$out"
out=$(on 1 -t 60 -- 'sh -c "echo cpu > /proc/self/hint; cat /proc/self/hint"; echo 99 > /proc/self/goto 2>/dev/null || echo einval' 2>&1)
check "hint is writable; goto to an unknown node fails" "$(printf 'cpu\neinval')" "$out"
finish
