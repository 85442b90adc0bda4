#!/usr/bin/env bash
# Side by side: SPIN (the Promela peers in ../shared/bench/spin, compiled with
# -O2 -DSAFETY -DNOREDUCE, exhaustive) and cspgate's deadlock check of the
# same system, in one run on one machine.  Prints, per system and size: wall
# time, peak memory (RSS), states, states per second, bytes per state, and
# the ratios SPIN/cspgate (above 1: cspgate is better).
#
# Usage: bench/spin_compare.sh [CSPGATE] [SPIN_DIR] [QUICK]
#   QUICK=1 runs only the small sizes (for a smoke run).
# Needs spin and gcc (apt-get install -y spin) and GNU time.
set -u
HERE=$(cd "$(dirname "$0")/.." && pwd)
CSPGATE=${1:-$HERE/build/release/cspgate}
SPIN_DIR=${2:-$HERE/../shared/bench/spin}
QUICK=${3:-0}
command -v spin >/dev/null || { echo "spin is not installed (apt-get install -y spin)"; exit 2; }
[ -d "$SPIN_DIR" ] || { echo "no SPIN models at $SPIN_DIR"; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# label | pml | spin defines | hash log2 | cspgate model | substitutions (sed) | assertion (appended)
CONFIGS=(
"dining N=8|dining_deadlock.pml|-DN=8|22|bench/models/dining.csp|s/^N = 5/N = 8/|SYSTEM :[deadlock free [F]]"
"dining asym N=8|dining_butler.pml|-DN=8 -DASYM|22|bench/models/dining.csp|s/^N = 5/N = 8/|ASSYSTEM :[deadlock free [F]]"
"pipeline V=3 N=8|pipeline.pml|-DN=8 -DV=3|22|models/classic/buffers.csp|s/^N = 4 /N = 8 /;s/^T = {0, 1}/T = {0, 1, 2}/|CHAINH :[deadlock free [F]]"
)
if [ "$QUICK" != 1 ]; then
CONFIGS+=(
"dining N=10|dining_deadlock.pml|-DN=10|22|bench/models/dining.csp|s/^N = 5/N = 10/|SYSTEM :[deadlock free [F]]"
"dining N=12|dining_deadlock.pml|-DN=12|24|bench/models/dining.csp|s/^N = 5/N = 12/|SYSTEM :[deadlock free [F]]"
"dining N=13|dining_deadlock.pml|-DN=13|25|bench/models/dining.csp|s/^N = 5/N = 13/|SYSTEM :[deadlock free [F]]"
"dining asym N=9|dining_butler.pml|-DN=9 -DASYM|25|bench/models/dining.csp|s/^N = 5/N = 9/|ASSYSTEM :[deadlock free [F]]"
"pipeline V=3 N=10|pipeline.pml|-DN=10 -DV=3|24|models/classic/buffers.csp|s/^N = 4 /N = 10 /;s/^T = {0, 1}/T = {0, 1, 2}/|CHAINH :[deadlock free [F]]"
)
fi

printf '%-20s | %8s %8s %11s %9s %6s | %8s %8s %11s %9s %6s | %6s %6s\n' system "spin s" "MB" states "st/s" "B/st" "cspg s" "MB" states "st/s" "B/st" "time×" "mem×"
for c in "${CONFIGS[@]}"; do
  IFS='|' read -r label pml defs w model subst assertion <<<"$c"
  # SPIN
  (cd "$WORK" && rm -f pan* && spin $defs -a "$SPIN_DIR/$pml" >/dev/null 2>&1 &&
     gcc -O2 -DSAFETY -DNOREDUCE -DMEMLIM=16000 -o pan pan.c 2>/dev/null) || { echo "$label: spin build failed"; continue; }
  /usr/bin/time -f "%e %M" -o "$WORK/spin.time" "$WORK/pan" -m10000000 -c0 -w"$w" >"$WORK/spin.out" 2>&1
  read -r s_sec s_kb < <(tail -1 "$WORK/spin.time")
  s_states=$(grep -oE '[0-9]+ states, stored' "$WORK/spin.out" | grep -oE '^[0-9]+')
  # cspgate
  sed "$subst" "$HERE/$model" >"$WORK/model.csp"
  printf '\nassert %s\n' "$assertion" >>"$WORK/model.csp"
  n=$(grep -c '^assert' "$WORK/model.csp")
  /usr/bin/time -f "%e %M" -o "$WORK/cg.time" "$CSPGATE" check "$WORK/model.csp" --assert "$n" --quiet --no-timings >"$WORK/cg.out" 2>&1
  read -r c_sec c_kb < <(tail -1 "$WORK/cg.time")
  c_states=$(grep -oE '\(([0-9,]+) states' "$WORK/cg.out" | head -1 | tr -dc '0-9')
  awk -v l="$label" -v ss="$s_sec" -v sk="$s_kb" -v sn="${s_states:-0}" -v cs="$c_sec" -v ck="$c_kb" -v cn="${c_states:-0}" 'BEGIN {
    if (ss < 0.01) ss = 0.01; if (cs < 0.01) cs = 0.01;
    printf "%-20s | %8.2f %8.0f %11d %9.0f %6.0f | %8.2f %8.0f %11d %9.0f %6.0f | %6.1f %6.1f\n",
      l, ss, sk/1024, sn, sn/ss, (sn ? sk*1024/sn : 0), cs, ck/1024, cn, cn/cs, (cn ? ck*1024/cn : 0), ss/cs, sk/ck }'
done
