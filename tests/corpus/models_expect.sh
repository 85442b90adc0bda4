#!/bin/sh
# Pins the verdicts of the example models: every assertion under MODELS_DIR
# (default: models/) that is preceded by a comment
#
#   -- expect: pass|fail|inconclusive [-- why]
#
# must give that verdict with `cspgate check`.  The comment applies to the
# next `assert` declaration; only comment lines and blank lines may stand
# between them (an `-- expect:` followed by any other line is reported as
# dangling).  Assertions without an `-- expect:` comment are checked but not
# compared.
#
#   tests/corpus/models_expect.sh CSPGATE [MODELS_DIR [SKIP_FILE]]
#
# SKIP_FILE (default: models_expect_skip.txt next to this script) lists files
# (as found under MODELS_DIR, e.g. models/otlp/topology.csp) that are not run,
# one a line, `#` starting a comment with the reason.
#
# Each .csp file is checked once with
#   cspgate check FILE --json OUT --no-timings --quiet --max-states 5000000 --timeout 60
# and the verdicts of OUT (schema cspgate.check/v1: index, location.line,
# verdict) are matched to the comments by the line of the `assert` keyword.
# Assertions that come from an included file are matched against that file's
# comments when that file is checked on its own, not through the include.
#
# Exit status: 0 all as expected, 1 a mismatch, 2 usage.
set -u
. "$(dirname "$0")/models_common.sh"
total=0 matched=0 bad=0 skipped=0

# `line verdict` for every assert line that has an expectation; `line dangling`
# for an expectation that no assert follows.
expectations() {
  awk '
    function flush() { if (pending != "") print pending_line, "dangling"; pending = "" }
    /^[[:space:]]*--[[:space:]]*expect:/ {
      flush()
      v = $0
      sub(/^[[:space:]]*--[[:space:]]*expect:[[:space:]]*/, "", v)
      split(v, w, /[^a-z]/)
      pending = w[1]; pending_line = NR
      if (pending != "pass" && pending != "fail" && pending != "inconclusive") {
        print NR, "bad:" pending; pending = ""
      }
      next
    }
    /^[[:space:]]*assert([^A-Za-z0-9_'"'"']|$)/ {
      if (pending != "") print NR, pending
      pending = ""
      next
    }
    /^[[:space:]]*(--.*)?$/ { next }
    { flush() }
    END { flush() }
  ' "$1"
}

# `index line verdict` of the assertions of FILE's JSON report that are
# located in FILE itself (pretty-printed cspgate.check/v1).
json_verdicts() {
  awk -v want="$2" '
    /"index":/ { gsub(/[^0-9]/, "", $0); idx = $0; loc = ""; line = ""; next }
    /"location":/ { inloc = 1; next }
    inloc && /"file":/ { f = $0; sub(/^[^:]*:[[:space:]]*"/, "", f); sub(/",?[[:space:]]*$/, "", f); loc = f; next }
    inloc && /"line":/ { l = $0; gsub(/[^0-9]/, "", l); line = l; inloc = 0; next }
    /"verdict":/ {
      v = $0; sub(/^[^:]*:[[:space:]]*"/, "", v); sub(/".*$/, "", v)
      if (idx != "" && loc == want) print idx, line, v
      idx = ""
    }
  ' "$1"
}

for f in $(find "$dir" -name '*.csp' | LC_ALL=C sort); do
  expectations "$f" > "$tmp/expect"
  [ -s "$tmp/expect" ] || continue
  if is_skipped "$f"; then
    echo "skipped: $f ($(grep -c . "$tmp/expect") expectations)"
    skipped=$((skipped + 1))
    continue
  fi
  while read -r line kind; do
    case $kind in
      dangling) echo "MISMATCH: $f:$line: '-- expect:' not followed by an assert"; bad=$((bad + 1)) ;;
      bad:*) echo "MISMATCH: $f:$line: '-- expect:' wants pass, fail or inconclusive, not '${kind#bad:}'"; bad=$((bad + 1)) ;;
    esac
  done < "$tmp/expect"
  check_model "$f"
  if [ ! -s "$tmp/out.json" ]; then
    echo "MISMATCH: $f: cspgate check wrote no JSON (exit $code):"
    head -n 6 "$tmp/out.txt" | sed 's/^/    /'
    bad=$((bad + 1))
    continue
  fi
  json_verdicts "$tmp/out.json" "$fbase" > "$tmp/got"
  while read -r line want; do
    case $want in pass|fail|inconclusive) ;; *) continue ;; esac
    total=$((total + 1))
    got=$(awk -v l="$line" '$2 == l { print $1, $3; exit }' "$tmp/got")
    idx=${got% *}
    verdict=${got#* }
    if [ -z "$got" ]; then
      echo "MISMATCH: $f:$line: expected $want, but cspgate reported no assertion at this line"
      bad=$((bad + 1))
    elif [ "$verdict" = "$want" ]; then
      matched=$((matched + 1))
    else
      echo "MISMATCH: $f:$line (assertion $idx): expected $want, got $verdict"
      bad=$((bad + 1))
    fi
  done < "$tmp/expect"
done

echo "$total assertions with '-- expect:': $matched match, $bad mismatches; $skipped file(s) skipped"
[ "$bad" -eq 0 ] || exit 1
exit 0
