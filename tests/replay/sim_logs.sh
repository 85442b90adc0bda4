#!/bin/sh
# Every simulated event log replays: for each scenario under
# examples/scenarios/, `cspgate simulate --scenario S --events LOG` (the
# first 3,000 events, seed 1) and then `cspgate replay MODEL PROCESS
# --trace LOG` against the scenario's own model and process must say that
# the trace fits.  A scenario the simulator rejects is reported and not
# counted (the simulator's own tests judge scenarios); the test fails when a
# log does not fit, or when no log could be replayed at all.
#
#   tests/replay/sim_logs.sh CSPGATE SOURCE_DIR
set -u
bin=$1 src=$2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
command -v python3 >/dev/null 2>&1 || { echo "SKIPPED: no python3 (to read the scenario's model)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
replayed=0 bad=0 rejected=0
for s in "$src"/examples/scenarios/*.json; do
  [ -f "$s" ] || continue
  if ! "$bin" simulate --scenario "$s" --seed 1 --max-events 3000 --events "$tmp/log.jsonl" > "$tmp/sim.txt" 2>&1 < /dev/null; then
    echo "not simulated: $s (the simulator rejects it: $(head -n 1 "$tmp/sim.txt"))"
    rejected=$((rejected + 1))
    continue
  fi
  set -- $(python3 -c 'import json, os, sys
d = json.load(open(sys.argv[1]))
print(os.path.join(os.path.dirname(sys.argv[1]), d["model"]), d["process"])' "$s")
  model=$1 process=$2
  if "$bin" replay "$model" "$process" --trace "$tmp/log.jsonl" > "$tmp/replay.txt" 2>&1 < /dev/null &&
     grep -q '^the trace fits' "$tmp/replay.txt"; then
    replayed=$((replayed + 1))
    echo "fits: $s ($(grep '^the trace fits' "$tmp/replay.txt"))"
  else
    echo "FAIL: the event log of $s does not replay against $model $process:"
    sed 's/^/    /' "$tmp/replay.txt" | head -n 8
    bad=$((bad + 1))
  fi
done
echo "$replayed simulated event logs replayed, $bad failed; $rejected scenario(s) not simulated"
[ "$bad" -eq 0 ] && [ "$replayed" -gt 0 ] || exit 1
exit 0
