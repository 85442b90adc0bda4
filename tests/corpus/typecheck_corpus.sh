#!/bin/sh
# Conformance: type-checks every *.csp file of the CSPM corpus with
# `cspgate typecheck` (or, with MODE=parse in the environment, as
# parse_corpus.sh does, only parses it with `cspgate parse`).
#
#   tests/corpus/typecheck_corpus.sh CSPGATE CORPUS_DIR [EXCEPTIONS_FILE]
#
# Every file must type-check (exit 0), except those under
# libcspm/tests/typechecker/should_fail/ and libcspm/tests/parser/should_fail/
# (for parsing: only the latter), which must be rejected with exit 2 and a
# compiler-style `file:line:col: error:` diagnostic.  Files listed in the
# exceptions file (default: typecheck_exceptions.txt, or parse_exceptions.txt,
# next to this script; one path relative to CORPUS_DIR per line, `#` starts a
# comment) are expected to give the opposite result; an exception that no
# longer differs is reported, so the list shrinks as the checker improves.
#
# Exit status: 0 all as expected, 1 a mismatch, 2 usage, 77 corpus missing
# (ctest's SKIP_RETURN_CODE).
set -u
mode=${MODE:-typecheck}
case $mode in
  parse) done_word=parsed; verb=parse; must_fail='libcspm/tests/parser/should_fail/*'; expected_error='a parse error' ;;
  typecheck) done_word=type-check; verb=type-check
    must_fail='libcspm/tests/parser/should_fail/* libcspm/tests/typechecker/should_fail/*'
    expected_error='a parse or type error' ;;
  *) echo "$0: MODE must be parse or typecheck, not $mode" >&2; exit 2 ;;
esac
script=${mode}_corpus.sh
if [ $# -lt 2 ]; then
  echo "usage: $0 CSPGATE CORPUS_DIR [EXCEPTIONS_FILE]" >&2
  exit 2
fi
bin=$1
corpus=$2
exceptions=${3:-$(dirname "$0")/${mode}_exceptions.txt}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
case $exceptions in /*) ;; *) exceptions=$(pwd)/$exceptions ;; esac

if [ ! -d "$corpus" ]; then
  echo "SKIPPED: $corpus not found"
  exit 77
fi
if [ ! -x "$bin" ]; then
  echo "$script: no cspgate binary at $bin" >&2
  exit 2
fi

# The exception paths, comments and blank lines removed.
exc_list=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$exceptions")
is_exception() {
  printf '%s\n' "$exc_list" | grep -Fqx -- "$1"
}

cd "$corpus" || exit 2
passed=0 rejected=0 excepted=0 bad=0 total=0
err=$(mktemp)
trap 'rm -f "$err"' EXIT

# Paths are sorted so that the output is the same on every run.
files=$(find . -name '*.csp' -type f | sed 's|^\./||' | LC_ALL=C sort)
for f in $files; do
  total=$((total + 1))
  should_fail=0
  set -f  # the patterns are split into words, not expanded as file names
  for pattern in $must_fail; do
    # shellcheck disable=SC2254
    case $f in $pattern) should_fail=1 ;; esac
  done
  set +f
  if is_exception "$f"; then
    should_fail=$((1 - should_fail))
    exception=1
  else
    exception=0
  fi
  # A hang must not stall the run: 60 s per file (CSPGATE_FILE_TIMEOUT) is
  # far more than any needs.
  timeout "${CSPGATE_FILE_TIMEOUT:-60}" "$bin" "$mode" "$f" >/dev/null 2>"$err"
  code=$?
  if [ "$should_fail" -eq 0 ]; then
    if [ "$code" -eq 0 ]; then
      if [ "$exception" -eq 1 ]; then excepted=$((excepted + 1)); else passed=$((passed + 1)); fi
    else
      bad=$((bad + 1))
      if [ "$exception" -eq 1 ]; then
        echo "MISMATCH: $f: listed as an exception (expected to $verb) but exited with $code:"
      else
        echo "MISMATCH: $f: expected to $verb, exited with $code:"
      fi
      head -n 12 "$err" | sed 's/^/    /'
    fi
  else
    if [ "$code" -eq 2 ] && grep -Eq "^[^:]+:[0-9]+:[0-9]+: error: " "$err"; then
      if [ "$exception" -eq 1 ]; then excepted=$((excepted + 1)); else rejected=$((rejected + 1)); fi
    else
      bad=$((bad + 1))
      if [ "$exception" -eq 1 ]; then
        echo "MISMATCH: $f: listed as an exception (expected to be rejected), exited with $code"
      elif [ "$code" -eq 2 ]; then
        echo "MISMATCH: $f: rejected, but without a 'file:line:col: error:' diagnostic:"
      else
        echo "MISMATCH: $f: expected $expected_error, exited with $code"
      fi
      head -n 12 "$err" | sed 's/^/    /'
    fi
  fi
done

# An exception naming a file that is not in the corpus is a stale entry.
for e in $exc_list; do
  if [ ! -f "$e" ]; then
    echo "MISMATCH: exception $e: no such file in the corpus"
    bad=$((bad + 1))
  fi
done

echo "$total files: $passed $done_word, $rejected rejected as expected, $excepted exceptions, $bad mismatches"
[ "$bad" -eq 0 ] || exit 1
exit 0
