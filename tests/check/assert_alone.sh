#!/bin/sh
# An assertion's report is the same bytes whether it is checked alone
# (`--assert N`) or after the others of its file: each FILE is checked whole,
# then assertion by assertion, and every [N] block is compared.
#   tests/check/assert_alone.sh CSPGATE FILE...
set -u
bin=$1
shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
for file in "$@"; do
  "$bin" check "$file" --no-timings --quiet > "$dir/all.txt" 2>/dev/null
  count=$(grep -c '^\[[0-9]*\] ' "$dir/all.txt")
  if [ "$count" -eq 0 ]; then
    echo "FAIL: $file: no assertion reported"; status=1; continue
  fi
  n=1
  while [ "$n" -le "$count" ]; do
    # The [n] block of the whole run: from its header to the next header.
    awk -v n="$n" '/^\[[0-9]+\] / { inside = ($0 ~ "^\\[" n "\\] ") } inside' "$dir/all.txt" > "$dir/whole.txt"
    "$bin" check "$file" --no-timings --quiet --assert "$n" > "$dir/alone.txt" 2>/dev/null
    if ! cmp -s "$dir/whole.txt" "$dir/alone.txt"; then
      echo "FAIL: $file [$n] differs when checked alone:"
      diff "$dir/whole.txt" "$dir/alone.txt" | head -20
      status=1
    fi
    n=$((n + 1))
  done
  echo "ok: $file: $count assertions, each the same alone"
done
exit $status
