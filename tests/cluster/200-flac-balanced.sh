#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo in small: a plain shell loop of four flac -8 jobs started on
# node 1 is spread to node 2 by the balancer, and every .flac is
# byte-identical to the host's encode and passes flacverify. No timing is
# asserted here (that is make bench).
# nodes: 2
# boot: hpc.mosixd=1 hpc.minage=1
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/w"
for i in 1 2 3 4; do
	python3 "$(dirname "$0")/../harness/mkwav.py" "$tmp/w/t$i.wav" $((5 + i))
	flac -s -8 -f -o "$tmp/t$i.flac" "$tmp/w/t$i.wav"
done
want=$(cd "$tmp" && sha256sum t?.flac)

tar -C "$tmp/w" -cf - . | on 1 -t 120 -i -- 'mkdir -p /data && tar -C /data -xf -' ||
	not_ok "corpus copied to node 1" "tar exit 0" "$?"

# A watcher on node 1 records every flac seen running elsewhere while the
# loop runs; the loop itself is the article's, untouched.
out=$(on 1 -t 1200 -- '
cd /data
(
	while [ ! -e /tmp/done ]; do
		for p in $(pidof flac); do
			w=$(cat /proc/$p/where 2>/dev/null)
			[ -n "$w" ] && [ "$w" != 1 ] && echo "$p $w" >> /tmp/moved
		done
		usleep 300000
	done
) &
pids=
for x in *.wav; do flac -s -8 $x & pids="$pids $!"; done
st=0
for p in $pids; do wait $p || st=$?; done
touch /tmp/done
wait
echo "status $st"
sha256sum t?.flac
for f in t?.flac; do flacverify $f ${f%.flac}.wav >/dev/null || echo "flacverify failed on $f"; done
echo "moved: $(sort -u /tmp/moved 2>/dev/null | cut -d" " -f1 | sort -u | wc -l)"
' 2>&1)

check "every flac job exits 0" "status 0" "$(grep '^status' <<<"$out")"
got=$(grep -E '^[0-9a-f]{64} ' <<<"$out")
check "every .flac is byte-identical to the host's encode" "$want" "$got"
if grep -q "flacverify failed" <<<"$out"; then
	not_ok "every .flac passes flacverify" "no failure" "$(grep flacverify <<<"$out")"
else
	ok "every .flac passes flacverify (MD5 and PCM against the WAV)"
fi
moved=$(sed -n 's/^moved: //p' <<<"$out")
if [ "${moved:-0}" -ge 1 ]; then
	ok "the balancer moved $moved flac job(s) to node 2"
else
	not_ok "the balancer moved flac jobs to node 2" "at least 1 job seen on node 2" \
		"$out
$(on 1 -t 30 -- 'mmon -1; tail -20 /var/log/mosixd.log' 2>&1)"
fi
finish
