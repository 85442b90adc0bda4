#!/bin/sh
# Regenerates tests/golden/parse/*.expected from the current cspgate.
#
#   tests/golden/update.sh [path/to/cspgate]
#
# Only run this after checking the diff: `ctest -R golden` prints a unified
# diff for every mismatch, and each changed diagnostic must be read — right
# line and column, caret under the right token, a message a person
# understands — before it becomes the new expectation.  Review the result
# with `git diff tests/golden` before committing.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build/release/cspgate}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
if [ ! -x "$bin" ]; then
  echo "update.sh: no cspgate binary at $bin (pass its path)" >&2
  exit 2
fi
cd "$root"
for input in tests/golden/parse/*.csp; do
  expected=${input%.csp}.expected
  set +e
  "$bin" parse "$input" >/dev/null 2>"$expected"
  code=$?
  set -e
  if [ "$code" -ne 2 ]; then
    echo "update.sh: warning: $input exited with $code, not 2" >&2
  fi
done
echo "updated $(ls tests/golden/parse/*.expected | wc -l) expected files; now read: git diff tests/golden"
