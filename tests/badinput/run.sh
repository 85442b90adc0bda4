#!/usr/bin/env bash
# Bad input for `cspgate parse` (issue 2, section 5): every case must end in
# exit 0, or in exit 2 with a diagnostic -- never a crash (exit >= 128), a
# hang or unbounded memory.  Each case asserts its exact expected outcome.
#
#   tests/badinput/run.sh CSPGATE [CASE...]
#
# Without CASE names every case runs.  ctest registers one test per case
# (label `badinput`).  CSPGATE_BADINPUT_SLOW=N multiplies the time limits
# (the sanitizer build passes 5); CSPGATE_BADINPUT_RSS_MB is the memory limit
# of the 50 MB case (default 3072: the syntax tree takes about 43 bytes per input byte; see docs/perf.md).  Inputs are generated here, deterministically
# (no randomness beyond a fixed-seed generator), in a temporary folder.
set -uo pipefail

if (($# < 1)); then
  echo "usage: $0 CSPGATE [CASE...]" >&2
  exit 64
fi
cspgate=$(realpath "$1")
shift
slow=${CSPGATE_BADINPUT_SLOW:-1}
all_cases=(empty garbage utf8_ident utf8_string utf8_comment parens ifs chain chain_limit big missing directory)
cases=("$@")
((${#cases[@]})) || cases=("${all_cases[@]}")

work=$(mktemp -d "${TMPDIR:-/tmp}/cspgate-badinput.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LC_ALL=C
failures=0

fail() {
  echo "FAIL [$current]: $*" >&2
  failures=$((failures + 1))
}

# show FILE: the first lines of FILE, each cut to 200 bytes (a diagnostic
# quotes its source line, which may be megabytes long here).
show() { head -n 10 "$1" | cut -b 1-200 >&2; }

# run FILE SECONDS [ARGS...]: runs `cspgate parse FILE ARGS` under timeout and /usr/bin/time;
# sets rc, secs (wall clock), rss_kb and leaves stdout/stderr in $work/out, $work/err.
run() {
  local file=$1 limit=$(($2 * slow))
  shift 2
  rc=0
  timeout -s KILL "$limit" /usr/bin/time -f '%e %M' -o "$work/time" \
    "$cspgate" parse "$file" "$@" >"$work/out" 2>"$work/err" || rc=$?
  # /usr/bin/time passes the child's status on, and reports a signal as
  # "Command terminated by signal N" on the first line of its output file.
  if grep -q 'terminated by signal' "$work/time" 2>/dev/null; then
    rc=$((128 + $(sed -n 's/.*signal \([0-9]*\).*/\1/p' "$work/time")))
  fi
  read -r secs rss_kb < <(tail -n 1 "$work/time" 2>/dev/null || echo "? ?")
  echo "  [$current] exit $rc, ${secs} s, max RSS $((${rss_kb:-0} / 1024)) MB, stderr $(wc -c <"$work/err") bytes"
  if ((rc == 137)); then fail "killed after ${limit} s (timeout)"; fi
  if ((rc >= 128 && rc != 137)); then fail "crashed (exit $rc)"; show "$work/err"; fi
}

# expect CODE [PATTERN]: the exit code, and for exit 2 an error diagnostic
# whose text contains PATTERN (a grep -E expression).
expect() {
  local code=$1 pattern=${2:-}
  if ((rc != code)); then
    fail "expected exit $code, got $rc"
    show "$work/err"
    return
  fi
  if ((code == 2)) && ! grep -q 'error: ' "$work/err"; then fail "exit 2 without a diagnostic"; fi
  if [[ -n $pattern ]] && ! grep -Eq -- "$pattern" "$work/err"; then
    fail "no diagnostic matching /$pattern/"
    show "$work/err"
  fi
  if ((code == 0)) && grep -q 'error: ' "$work/err"; then fail "exit 0 but an error was printed"; fi
  # Diagnostics quote source lines; bytes that are not UTF-8 must not reach the terminal.
  if ! iconv -f UTF-8 -t UTF-8 "$work/err" >/dev/null 2>&1; then fail "stderr is not valid UTF-8"; fi
}

# repeat N STRING: STRING N times, without a newline.
repeat() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

case_empty() {
  : >"$work/empty.csp"
  run "$work/empty.csp" 10
  expect 0
}

# 1 MiB of bytes from a fixed-seed linear congruential generator (Knuth's
# 69069; every product stays below 2^53, so awk's doubles compute it exactly).
case_garbage() {
  awk 'BEGIN { x = 20240601; for (i = 0; i < 1048576; i++) {
         x = (x * 69069 + 1) % 4294967296; printf "%c", int(x / 16777216) } }' >"$work/garbage.csp"
  [[ $(wc -c <"$work/garbage.csp") -eq 1048576 ]] || fail "generator wrote $(wc -c <"$work/garbage.csp") bytes"
  run "$work/garbage.csp" 30
  expect 2 'too many errors emitted'
}

case_utf8_ident() {
  printf 'channel a\nP = a -> STOP\nbad\xff\xfename = 1\nQ\xc3 = 2\nR\xc0\xaf = 3\n' >"$work/ident.csp"
  run "$work/ident.csp" 10
  expect 2 'ident\.csp:3:4: error: .*0xFF'
}

case_utf8_string() {
  printf 'S = "abc\xff\xfe\xc0\xafdef"\nT = "\xed\xa0\x80"\nU = "\xf8\x88\x80\x80\x80"\n' >"$work/string.csp"
  # A string literal holds bytes: they parse, and the JSON dump, which must be
  # UTF-8, shows each invalid byte as U+FFFD.
  run "$work/string.csp" 10
  expect 0
  run "$work/string.csp" 10 --json
  expect 0
  iconv -f UTF-8 -t UTF-8 "$work/out" >/dev/null 2>&1 || fail "--json output is not valid UTF-8"
  grep -q '"kind": *"string_literal"' "$work/out" || fail "--json output has no string literal"
}

case_utf8_comment() {
  printf -- '-- \xff\xfe\xc0\xaf overlong and stray bytes\n{- \xed\xa0\x80 surrogate {- \xf8\x88\x80\x80\x80 -} -}\nP = STOP -- \x80\n' \
    >"$work/comment.csp"
  run "$work/comment.csp" 10
  expect 0
}

case_parens() {
  { printf 'x = '; repeat 100000 '('; printf '1'; repeat 100000 ')'; printf '\n'; } >"$work/parens.csp"
  run "$work/parens.csp" 30
  expect 2 'nested too deeply'
}

case_ifs() {
  { printf 'channel a\nP = '; repeat 100000 'if a then '; printf 'STOP'; repeat 100000 ' else STOP'; printf '\n'; } \
    >"$work/ifs.csp"
  run "$work/ifs.csp" 30
  expect 2 'nested too deeply'
}

# A prefix chain is deep but not nested in brackets: it must parse.
case_chain() {
  { printf 'channel a\nP = '; repeat 150000 'a -> '; printf 'STOP\n'; } >"$work/chain.csp"
  run "$work/chain.csp" 30
  expect 0
}

# A chain past the tree-depth limit (200,000) is refused with a diagnostic.
case_chain_limit() {
  { printf 'channel a\nP = '; repeat 250000 'a -> '; printf 'STOP\n'; } >"$work/chain_limit.csp"
  run "$work/chain_limit.csp" 30
  expect 2 'nested too deeply'
}

# About 50 MB of small process definitions, all different names.
case_big() {
  awk 'BEGIN {
    print "channel in, out : {0..7}"
    print "channel ping, pong"
    print "datatype Mode = On | Off.{0..3}"
    for (i = 0; size < 52428800; i++) {
      if (i % 4 == 0)      line = sprintf("P%d(x) = in?y -> out!((x + y) %% 8) -> P%d(y)\n", i, i)
      else if (i % 4 == 1) line = sprintf("Q%d = ping -> pong -> Q%d [] in.%d -> STOP\n", i, i, i % 8)
      else if (i % 4 == 2) line = sprintf("R%d(n) = if n > 0 then out!(n %% 8) -> R%d(n - 1) else SKIP\n", i, i)
      else                 line = sprintf("S%d = {x * 2 | x <- {0..%d}, x != %d}\n", i, i % 50, i % 7)
      printf "%s", line
      size += length(line)
    }
  }' >"$work/big.csp"
  local bytes
  bytes=$(wc -c <"$work/big.csp")
  echo "  [$current] generated $((bytes / 1048576)) MB"
  run "$work/big.csp" 120
  expect 0
  ((rc == 0)) || return
  local time_limit=$((60 * slow)) rss_limit_mb=${CSPGATE_BADINPUT_RSS_MB:-3072}
  awk -v s="$secs" -v l="$time_limit" 'BEGIN { exit !(s < l) }' || fail "took ${secs} s (limit ${time_limit} s)"
  ((rss_kb / 1024 < rss_limit_mb)) || fail "max RSS $((rss_kb / 1024)) MB (limit ${rss_limit_mb} MB)"
  rm -f "$work/big.csp"
}

case_missing() {
  run "$work/does-not-exist.csp" 10
  expect 2 'does-not-exist\.csp'
}

case_directory() {
  mkdir -p "$work/a-directory.csp"
  run "$work/a-directory.csp" 10
  expect 2 'directory'
}

for current in "${cases[@]}"; do
  if ! declare -F "case_$current" >/dev/null; then
    echo "unknown case '$current' (cases: ${all_cases[*]})" >&2
    exit 64
  fi
  before=$failures
  "case_$current"
  ((failures == before)) && echo "ok   [$current]"
done
((failures == 0)) || { echo "$failures failure(s)" >&2; exit 1; }
