#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Everyday programs started on node 2 (mosrun style) give the same output
# and exit status as at home: sha256sum, gzip -9, sort, a shell pipeline.
# nodes: 2
. "$(dirname "$0")/lib.sh"

on 1 -t 60 -- 'cd /tmp && i=0; while [ $i -lt 20000 ]; do echo "line $((i * 7919 % 10007)) of $i"; i=$((i+1)); done > in.txt' >/dev/null 2>&1
r() { echo "sh -c 'echo \"exec 2\" > /proc/self/goto && exec $*'"; }

for cmd in "sha256sum in.txt" "gzip -9 -c in.txt | sha256sum" "sort in.txt | sha256sum" \
	   "cat in.txt | sort -r | head -3" "wc -l in.txt" "ls -l in.txt"; do
	local_out=$(on 1 -t 300 -- "cd /tmp && $cmd; echo \"status \$?\"" 2>&1)
	first=${cmd%% *}
	rest=${cmd#"$first"}
	remote_out=$(on 1 -t 300 -- "cd /tmp && $(r "$first ${rest%%|*}") ${rest#*"${rest%%|*}"}; echo \"status \$?\"" 2>&1)
	check "remote '$cmd' matches local" "$local_out" "$remote_out"
done
# dd reads 1 MiB blocks: each read must fill its block, as at home
for cmd in "dd if=in.txt bs=1M" "dd if=/dev/zero bs=1M count=2"; do
	check "'$cmd' on node 2 copies what it copies at home" \
		"$(on 1 -t 120 -- "cd /tmp && $cmd 2>&1 >/dev/null | head -2; $cmd 2>/dev/null | sha256sum" 2>&1)" \
		"$(on 1 -t 300 -- "cd /tmp && mosrun -2 $cmd 2>&1 >/dev/null | head -2; mosrun -2 $cmd 2>/dev/null | sha256sum" 2>&1)"
done
check "false on node 2 gives 1" "1" "$(on 1 -t 60 -- "$(r false); echo \$?" 2>&1)"
# busybox runs some applets (wc, ls, false...) in-process on "exec", with
# no execve(2) to trigger "exec 2"; sha256sum, gzip and sort do exec
check "node 2 hosted the bodies of sha256sum, gzip and sort" "yes" \
	"$(n=$(on 2 -t 30 -- 'dmesg | grep -c "hpc: body of pid .* runs here"'); [ "${n:-0}" -ge 3 ] && echo yes || echo "$n")" 2
finish
