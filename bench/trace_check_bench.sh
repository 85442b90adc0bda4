#!/usr/bin/env bash
# Times `cspgate trace-check` on a generated OTLP/JSON export of about 1 GB
# (issue 6: at least 1 million spans per second, memory bounded).
#
#   bench/trace_check_bench.sh [CSPGATE] [SIZE_MB] [RUNS] [TRACE-CHECK OPTIONS...]
#       defaults: build/release/cspgate, 1024 MB, 3 runs, no options
#
# Options after the third argument go to `cspgate trace-check` (for example
# `--window 0`, which keeps every trace to the end: memory then grows with
# the spans, as before the window existed).  Run it at several sizes to see
# that the peak RSS stays flat once the input holds more spans than the
# window (1,000,000 by default).
#
# bench/otlp_gen.py writes the export to /tmp (never to the repository; it
# is deleted at the end, unless CSPGATE_BENCH_KEEP=1) with a fixed seed, so
# every run reads the same bytes.  Each run is timed with /usr/bin/time -v:
# wall-clock and CPU seconds, peak RSS.  The file is read once beforehand so
# that every run finds it in the page cache (the figure is the checker's
# speed, not the disk's).  Spans per second are spans / wall-clock seconds;
# per CPU second too, since the machine may be shared.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
bin=${1:-$root/build/release/cspgate}
size_mb=${2:-1024}
runs=${3:-3}
shift $(($# < 3 ? $# : 3))
extra=("$@")
[[ -x $bin ]] || { echo "bench: no cspgate at $bin (build it first)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

file=${CSPGATE_BENCH_FILE:-/tmp/cspgate-otlp-bench-${size_mb}MB.json}
if [[ ! -s $file ]]; then
  python3 "$here/otlp_gen.py" "$file" "$size_mb" 1
fi
[[ ${CSPGATE_BENCH_KEEP:-0} = 1 ]] || trap 'rm -f "$file"' EXIT
cat "$file" > /dev/null

echo "machine: $(nproc) cores; $(lscpu | sed -n 's/^Model name: *//p'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "file: $file, $(stat -c %s "$file") bytes; options: ${extra[*]:-(none)}"
for ((i = 1; i <= runs; i++)); do
  log=$(mktemp)
  set +e
  /usr/bin/time -v "$bin" trace-check "$file" --show 0 "${extra[@]}" > "$log.out" 2> "$log"
  code=$?
  set -e
  spans=$(sed -n 's/^trace-check: .*, \([0-9]*\) spans$/\1/p' "$log.out")
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" |
         awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  user=$(sed -n 's/.*User time (seconds): //p' "$log")
  sys=$(sed -n 's/.*System time (seconds): //p' "$log")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  awk -v run="$i" -v code="$code" -v spans="$spans" -v wall="$wall" -v user="$user" -v sys="$sys" -v rss="$rss" 'BEGIN {
    cpu = user + sys
    printf "run %d: exit %d, %d spans, %.2f s wall, %.2f s CPU, %.0f spans/s (wall), %.0f spans/s (CPU), %.1f MB/s (CPU), peak RSS %.0f MiB\n",
      run, code, spans, wall, cpu, spans / wall, spans / cpu, 0, rss / 1024
  }' | sed "s/, 0.0 MB\/s (CPU)/, $(awk -v b="$(stat -c %s "$file")" -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", b / 1048576 / (u + s) }') MiB\/s (CPU)/"
  rm -f "$log" "$log.out"
done
