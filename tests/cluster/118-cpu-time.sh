#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The CPU time a process uses on another node is its own: when it ends
# there, or comes home, home adds it to the process's times, so its
# parent's wait4() (and so `time`) and /proc/PID/stat count it.
# nodes: 2
. "$(dirname "$0")/lib.sh"

T=/opt/hpc/tests/migexit
# cpu OUT: user + sys seconds (x100) that busybox time printed in OUT
# ("user<TAB>0m 1.98s": minutes, then seconds)
cpu() { awk '$1 == "user" || $1 == "sys" { m = $2; sub(/m$/, "", m); s = $3; sub(/s$/, "", s); t += 60 * m + s }
	END { printf "%d\n", t * 100 }' <<<"$1"; }

# migexit exit computes 2 s (by the clock), all of it on node 2
out=$(on 1 -t 120 -- "time $T exit 0 2>&1; time mosrun -2 $T exit 0" 2>&1)
home=$(cpu "$(sed -n '1,/^sys/p' <<<"$out")")
away=$(cpu "$(sed '1,/^sys/d' <<<"$out")")
if [ "${home:-0}" -ge 150 ] && [ "${away:-0}" -ge 150 ]; then
	ok "2 s of computing on node 2 count as 2 s of CPU time at home ($((away))/100 s; $((home))/100 s at home)"
else
	not_ok "2 s of computing on node 2 count as 2 s of CPU time at home" \
		"user + sys >= 1.50 s in both runs" "$out"
fi

# called home after 1 s: the first second, on node 2, is counted too
out=$(on 1 -t 120 -- "time sh -c '$T exit 0 & p=\$!
n=0; while [ \"\$(cat /proc/\$p/where)\" != 2 ] && [ \$n -lt 100 ]; do echo 2 > /proc/\$p/goto; usleep 100000; n=\$((n+1)); done
usleep 800000; echo home > /proc/\$p/goto; wait \$p'" 2>&1)
if [ "$(cpu "$out")" -ge 150 ]; then
	ok "a process called home mid-run has its time on node 2 counted ($(cpu "$out")/100 s)"
else
	not_ok "a process called home mid-run has its time on node 2 counted" \
		"user + sys >= 1.50 s" "$out"
fi
finish
