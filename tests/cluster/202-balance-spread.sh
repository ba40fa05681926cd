#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Four CPU-bound processes started on node 1 of an equal pair are spread
# 2 + 2 within a few seconds of the minimum age, and nothing moves after.
# nodes: 2
# boot: hpc.mosixd=1 hpc.minage=1
. "$(dirname "$0")/lib.sh"
SPIN=/opt/hpc/tests/spin

out=$(on 1 -t 300 -- "
pids=
for i in 1 2 3 4; do $SPIN 40 > /dev/null & pids=\"\$pids \$!\"; done
# wait (bounded) until two of them run on node 2
t=0; spread=no
while [ \$t -lt 150 ]; do
	n=0; for p in \$pids; do [ \"\$(cat /proc/\$p/where)\" = 2 ] && n=\$((n+1)); done
	[ \$n = 2 ] && { spread=yes; break; }
	usleep 200000; t=\$((t+1))
done
echo \"spread \$spread after \$((t / 5)) s\"
# then watch for ten more seconds: no process may move again
before=; for p in \$pids; do before=\"\$before \$(cat /proc/\$p/migrate)\"; done
places1=; for p in \$pids; do places1=\"\$places1 \$(cat /proc/\$p/where)\"; done
sleep 10
after=; for p in \$pids; do after=\"\$after \$(cat /proc/\$p/migrate)\"; done
places2=; for p in \$pids; do places2=\"\$places2 \$(cat /proc/\$p/where)\"; done
echo \"moves before:\$before after:\$after\"
echo \"places before:\$places1 after:\$places2\"
kill \$pids
" 2>&1)
sp=$(grep '^spread' <<<"$out")
if [[ $sp == "spread yes"* ]]; then ok "four jobs split 2 + 2 ($sp)"
else not_ok "four jobs split 2 + 2" "spread yes within 30 s" "$out
$(on 1 -t 30 -- 'cat /var/log/mosixd.log')"; fi
mv=$(grep '^moves' <<<"$out")
b=${mv#moves before:}; b=${b%% after:*}; a=${mv#* after:}
check "no further moves in the next 10 s" "$b" "$a"
pl=$(grep '^places' <<<"$out")
pb=${pl#places before:}; pb=${pb%% after:*}; pa=${pl#* after:}
check "every job stays where it was placed" "$pb" "$pa"
finish
