#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make cluster N=3: boot N nodes and attach to node 1's console.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-2}
DIR=${VC_DIR:-$ROOT/build/vc-interactive}
VC=$ROOT/scripts/vcluster
trap '"$VC" stop -d "$DIR"' EXIT
"$VC" start -d "$DIR" -n "$N" --interactive --limit 86400
cat <<MSG
Cluster of $N nodes is up (addresses 10.77.0.1-$N, on a private virtual LAN).
Other nodes: scripts/vcluster run -d $DIR NODE -- COMMAND
Leaving the console (Ctrl-]) powers the cluster off.
MSG
"$VC" attach -d "$DIR" 1
