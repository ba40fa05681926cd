#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The CPU time a process uses on another node is its own: home adds it to
# the process's times while it is away (each keepalive answer reports it),
# and the rest when it ends there or comes home, so /proc/PID/stat (ps,
# top) and its parent's wait4() (and so `time`) count it, once. The other
# way, a body's own CPU clocks start from the time used before it came,
# and a CPU-time limit holds there.
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
if [ "${home:-0}" -ge 150 ] && [ "${away:-0}" -ge 150 ] && [ "${away:-0}" -le 320 ]; then
	ok "2 s of computing on node 2 count as 2 s of CPU time at home ($((away))/100 s; $((home))/100 s at home)"
else
	not_ok "2 s of computing on node 2 count as 2 s of CPU time at home" \
		"user + sys >= 1.50 s in both runs, <= 3.20 s on node 2 (counted once)" "$out"
fi

# while it computes on node 2, its home /proc/PID/stat counts that time:
# utime + stime (fields 14 and 15, in 1/100 s) pass 1.5 s with the
# process still there
out=$(on 1 -t 120 -- "mosrun -2 $T loop & p=\$!
n=0; while [ \"\$(cat /proc/\$p/where)\" != 2 ] && [ \$n -lt 100 ]; do usleep 100000; n=\$((n+1)); done
t=0; n=0; while [ \$n -lt 200 ]; do set -- \$(sed 's/.*) //' /proc/\$p/stat)
t=\$((\${12} + \${13})); [ \$t -ge 150 ] && break; usleep 100000; n=\$((n+1)); done
echo \"ticks \$t where \$(cat /proc/\$p/where)\"; kill \$p" 2>&1)
ticks=$(awk '$1 == "ticks" { print $2 }' <<<"$out")
if [ "${ticks:-0}" -ge 150 ] && grep -q ' where 2$' <<<"$out"; then
	ok "home's /proc/PID/stat counts the time computed on node 2 while it is there (${ticks}/100 s)"
else
	not_ok "home's /proc/PID/stat counts the time computed on node 2 while it is there" \
		"utime + stime >= 150 ticks within 20 s, where 2" "$out"
fi

# the body's own clocks go on from the time used at home: 2 s there, 1 s
# on node 2, read on node 2 (clock() and getrusage() run there, times()
# at home with the body's own figures, not home's, which lag by up to a
# keepalive); counted once at home in the end
out=$(on 1 -t 120 -- "time $T clocks" 2>&1)
read -r c r w c2 t <<<"$(awk '$1 == "clocks:" { sub(/;/, "", $8); print $3, $5, $8, $13, $15 }' <<<"$out")"
if [ "${c:-0}" -ge 28 ] && [ "${r:-0}" -ge 28 ] && [ "$w" = 2 ] &&
   [ "${t:-0}" -ge $((${c2:-0} - 5)) ] && [ "${t:-0}" -le $((${c2:-0} + 20)) ] &&
   [ "$(cpu "$out")" -ge 280 ] && [ "$(cpu "$out")" -le 450 ]; then
	ok "a body's CPU clock, getrusage() and times() include its time at home (${c}/10 s, ${r}/10 s, times ${t}/100 s for ${c2}/100 s; $(cpu "$out")/100 s at home)"
else
	not_ok "a body's CPU clock, getrusage() and times() include its time at home" \
		"cpu and rusage >= 28 (1/10 s) at node 2, times within -0.05..+0.20 s of the CPU clock; 2.80 s <= user + sys <= 4.50 s" "$out"
fi

# a CPU-time limit holds on node 2 as at home: SIGXCPU at 3 s of CPU
# (the soft limit; a hard one equal to it would be SIGKILL), status 152
out=$(on 1 -t 120 -- "sh -c 'ulimit -S -t 3; exec mosrun -2 $T loop' & p=\$!
n=0; while kill -0 \$p 2>/dev/null && [ \$n -lt 300 ]; do usleep 100000; n=\$((n+1)); done
kill -0 \$p 2>/dev/null && { kill -9 \$p; echo 'still running after 30 s'; }
wait \$p; echo \"status \$?\"" 2>&1)
check "a CPU-time limit (ulimit -S -t 3) ends a process computing on node 2 with SIGXCPU" \
	"status 152" "$(grep -E '^(status|still)' <<<"$out")"

# a handled SIGXCPU comes once per second over the soft limit, from the
# node that counts the time (home, which hears of it later, stays quiet):
# soft 2 s, hard 5 s gives it at 2, 3 and 4 s, then SIGKILL
out=$(on 1 -t 120 -- "sh -c 'ulimit -S -t 2; ulimit -H -t 5; exec mosrun -2 $T xcpu'; echo \"status \$?\"" 2>&1)
check "a handled SIGXCPU on node 2 comes once a second over the soft limit, as at home" \
	"$(printf 'SIGXCPU %d at node 2\n' 1 2 3)"$'\n'"status 137" "$(grep -E '^(SIGXCPU|status)' <<<"$out")"

# called home after 1.5 s on node 2: that time is counted too (the
# process drives its own moves, so it does not end before either)
out=$(on 1 -t 120 -- "time $T back" 2>&1)
if [ "$(cpu "$out")" -ge 130 ] && [ "$(cpu "$out")" -le 320 ] &&
   grep -q '^back: computed at node 2, ended at node 1$' <<<"$out"; then
	ok "a process called home mid-run has its time on node 2 counted ($(cpu "$out")/100 s)"
else
	not_ok "a process called home mid-run has its time on node 2 counted" \
		"back: computed at node 2, ended at node 1; 1.30 s <= user + sys <= 3.20 s" "$out"
fi
finish
