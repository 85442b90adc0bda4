#!/bin/sh
# Conformance: checks the assertions of the CSPM corpus whose verdict
# ../shared/corpus/cspm/EXPECTED.md records, with `cspgate check`: property
# assertions (deadlock free, divergence free, deterministic, has trace),
# refinement assertions ([T=, [F=, [FD=, `assert not`) and the ProB-generated
# `MAIN [T= PROB_TEST_TRACE` trace checks.
#
#   tests/corpus/check_corpus.sh CSPGATE CORPUS_DIR [EXPECTED_FILE [EXCEPTIONS_FILE]]
#
# EXPECTED_FILE (default: check_expected.txt next to this script) lists
# `file N verdict expected-md-line csp-line`; each assertion is checked with
#   cspgate check FILE --assert N --no-timings --quiet --max-states 5000000 --timeout 60
# and its exit status (0 pass, 1 fail; 3 inconclusive and 2 error never
# match) compared with the verdict.
# EXCEPTIONS_FILE (default: check_exceptions.txt) lists `file N wrong|skip`:
# `wrong` entries are expected to give the other verdict (an entry that starts
# to match is reported, so the list shrinks as the checker improves), `skip`
# entries are not run.
#
# Exit status: 0 all as expected, 1 a mismatch, 2 usage, 77 corpus missing
# (ctest's SKIP_RETURN_CODE).
set -u
if [ $# -lt 2 ]; then
  echo "usage: $0 CSPGATE CORPUS_DIR [EXPECTED_FILE [EXCEPTIONS_FILE]]" >&2
  exit 2
fi
bin=$1
corpus=$2
expected=${3:-$(dirname "$0")/check_expected.txt}
exceptions=${4:-$(dirname "$0")/check_exceptions.txt}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
case $expected in /*) ;; *) expected=$(pwd)/$expected ;; esac
case $exceptions in /*) ;; *) exceptions=$(pwd)/$exceptions ;; esac

if [ ! -d "$corpus" ]; then
  echo "SKIPPED: $corpus not found"
  exit 77
fi
if [ ! -x "$bin" ]; then
  echo "check_corpus.sh: no cspgate binary at $bin" >&2
  exit 2
fi

strip() { sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1"; }
exc_list=$(strip "$exceptions")
# The kind (wrong/skip) of the exception for file $1, assertion $2; empty if none.
exception_kind() {
  printf '%s\n' "$exc_list" | awk -v f="$1" -v n="$2" '$1 == f && $2 == n { print $3; exit }'
}

cd "$corpus" || exit 2
total=0 matched=0 excepted=0 skipped=0 bad=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

strip "$expected" > "$out.list"
trap 'rm -f "$out" "$out.list"' EXIT
while read -r f n verdict mdline cspline; do
  total=$((total + 1))
  kind=$(exception_kind "$f" "$n")
  where="$f:$cspline (assertion $n, EXPECTED.md line $mdline)"
  if [ "$kind" = skip ]; then
    skipped=$((skipped + 1))
    echo "skipped: $where"
    continue
  fi
  if [ ! -f "$f" ]; then
    echo "MISMATCH: $where: no such file in the corpus"
    bad=$((bad + 1))
    continue
  fi
  # --timeout bounds the search; the outer timeout guards against a hang.
  timeout 120 "$bin" check "$f" --assert "$n" --no-timings --quiet \
    --max-states 5000000 --timeout 60 >"$out" 2>&1 </dev/null
  code=$?
  case $code in
    0) got=pass ;;
    1) got=fail ;;
    3) got=inconclusive ;;
    *) got="error (exit $code)" ;;
  esac
  if [ "$kind" = wrong ]; then
    case $verdict in pass) want=fail ;; *) want=pass ;; esac
  else
    want=$verdict
  fi
  if [ "$got" = "$want" ]; then
    if [ "$kind" = wrong ]; then excepted=$((excepted + 1)); else matched=$((matched + 1)); fi
  else
    bad=$((bad + 1))
    if [ "$kind" = wrong ]; then
      echo "MISMATCH: $where: listed as wrong (expected $want), got $got:"
    else
      echo "MISMATCH: $where: expected $want, got $got:"
    fi
    head -n 6 "$out" | sed 's/^/    /'
  fi
done < "$out.list"

# An exception that names no listed assertion is a stale entry.
printf '%s\n' "$exc_list" | while read -r f n kind; do
  [ -n "$f" ] || continue
  if ! awk -v f="$f" -v n="$n" '$1 == f && $2 == n { found = 1 } END { exit !found }' "$out.list"; then
    echo "MISMATCH: exception $f $n: not in $(basename "$expected")"
    echo stale >> "$out.stale"
  fi
done
if [ -f "$out.stale" ]; then
  bad=$((bad + $(wc -l < "$out.stale")))
  rm -f "$out.stale"
fi

echo "$total assertions: $matched match, $excepted known wrong, $skipped skipped, $bad mismatches"
[ "$bad" -eq 0 ] || exit 1
exit 0
