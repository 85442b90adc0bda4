#!/bin/sh
# Every counterexample that `cspgate check` finds in the shipped models
# replays: for each .csp file under MODELS_DIR (default: models/) not listed
# in SKIP_FILE (default: models_expect_skip.txt next to this script, the
# files too slow for the ctest), run
#   cspgate check FILE --json OUT --no-timings --quiet --max-states 5000000 --timeout 60
# and then, for each assertion of OUT that has a counterexample,
#   cspgate replay FILE --trace OUT --assert N
# which replays it against the process it belongs to (the assertion's
# process; a refinement's implementation, with the event the implementation
# can do and the specification cannot as its last event).  Every one must
# fit (exit 0, "the trace fits").
#
#   tests/corpus/models_replay.sh CSPGATE [MODELS_DIR [SKIP_FILE]]
#
# Exit status: 0 all fit, 1 one does not (or check wrote no report), 2 usage.
set -u
. "$(dirname "$0")/models_common.sh"
files=0 replayed=0 fit=0 bad=0 final=0 skipped=0

for f in $(find "$dir" -name '*.csp' | LC_ALL=C sort); do
  if is_skipped "$f"; then
    echo "skipped: $f"
    skipped=$((skipped + 1))
    continue
  fi
  check_model "$f"
  if [ ! -s "$tmp/out.json" ]; then
    # A file without assertions (a library of processes) gives a report too.
    echo "FAIL: $f: cspgate check wrote no JSON (exit $code):"
    head -n 6 "$tmp/out.txt" | sed 's/^/    /'
    bad=$((bad + 1))
    continue
  fi
  files=$((files + 1))
  # The index of every assertion that has a counterexample (pretty-printed
  # cspgate.check/v1: an assertion's "index" comes before its "counterexample").
  awk '/^      "index":/ { idx = $2; gsub(/[^0-9]/, "", idx) } /^      "counterexample":/ { print idx }' \
    "$tmp/out.json" > "$tmp/indices"
  while read -r n; do
    replayed=$((replayed + 1))
    (cd "$fdir" && timeout 120 "$bin" replay "$fbase" --trace "$tmp/out.json" --assert "$n" --json "$tmp/replay.json") \
      > "$tmp/replay.txt" 2>&1 < /dev/null
    rc=$?
    if [ $rc -eq 0 ] && grep -q '^the trace fits' "$tmp/replay.txt"; then
      fit=$((fit + 1))
      grep -q '"final_event_added": true' "$tmp/replay.json" && final=$((final + 1))
    else
      echo "FAIL: $f assertion $n: the counterexample does not replay (exit $rc):"
      sed 's/^/    /' "$tmp/replay.txt" | head -n 12
      bad=$((bad + 1))
    fi
  done < "$tmp/indices"
done

echo "$replayed counterexamples of $files model files replayed: $fit fit ($final of them refinement traces ending with the event Impl can do), $bad failures; $skipped file(s) skipped"
[ "$bad" -eq 0 ] || exit 1
[ "$replayed" -gt 0 ] || { echo "FAIL: no counterexample found to replay"; exit 1; }
exit 0
