#!/usr/bin/env bash
# Simulator speed (issue 7): events per second on one thread, and the same
# M/M/1 queue in cspgate and in SimPy (Debian's python3-simpy, SimPy 2.3).
#
# Usage: bench/sim/compare.sh [CSPGATE] [EVENTS]
#   EVENTS: events of the pipeline run (default 10,000,000; 100,000,000 shows
#   that memory stays flat: compare the peak RSS of the two sizes).
# Needs GNU time (/usr/bin/time) and, for the SimPy side, /usr/bin/python3
# with python3-simpy.
set -u
HERE=$(cd "$(dirname "$0")/../.." && pwd)
CSPGATE=${1:-$HERE/build/release/cspgate}
EVENTS=${2:-10000000}
run() {  # label, then the command: prints the simulator's rate line and peak RSS
    local label=$1; shift
    local out
    out=$(/usr/bin/time -f "peak RSS %M KB, wall %e s" "$@" 2>&1 >/dev/null | grep -E "events/s|peak RSS" | tr '\n' ' ')
    echo "$label: $out"
}
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run "pipeline, 1 event (compile only)" "$CSPGATE" simulate --scenario "$HERE/bench/sim/pipeline.json" --max-events 1 --timings
run "pipeline, $EVENTS events" "$CSPGATE" simulate --scenario "$HERE/bench/sim/pipeline.json" --max-events "$EVENTS" --timings
mm1=$(run "M/M/1 cspgate, 20,000,000 events" "$CSPGATE" simulate --scenario "$HERE/bench/sim/mm1.json" --max-events 20000000 --timings)
echo "$mm1"
c=$(echo "$mm1" | sed -n 's/.* \([0-9]*\) events\/s.*/\1/p')
if /usr/bin/python3 -c 'import SimPy' 2>/dev/null; then
    line=$(/usr/bin/python3 "$HERE/bench/sim/mm1_simpy.py" 500000 1)
    echo "M/M/1 SimPy, 500,000 customers: $line"
    s=$(echo "$line" | sed -n 's/.* \([0-9]*\) events\/s.*/\1/p')
    echo "ratio cspgate / SimPy: $(awk -v c="$c" -v s="$s" 'BEGIN { printf "%.1f", c / s }')"
else
    echo "SimPy not installed (apt-get install -y python3-simpy): no comparison"
fi
