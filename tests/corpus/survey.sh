#!/bin/sh
# Survey: checks every assertion of every .csp file of the CSPM corpus that
# has one (the libcspm parser/typechecker should_fail files excepted), and
# writes one TSV row per assertion. Not a test: it records what cspgate does,
# for docs/cspm-coverage.md ("Every assertion of the corpus").
#
#   tests/corpus/survey.sh CSPGATE CORPUS_DIR OUT.tsv
#
# Each file is checked once, the files one after the other, with
#   CSPGATE check FILE --no-timings --quiet --max-states 2000000 --timeout 30
#                      --max-memory 4G --json TMP
# timed by /usr/bin/time. Columns of OUT.tsv:
#   file  index  line  assertion  verdict  states  reason  file_seconds  file_max_rss_kb
# file is relative to CORPUS_DIR; verdict is pass, fail, inconclusive or error;
# reason is, for inconclusive, cspgate's reason and, for error, its message
# followed by ` -- ` and the diagnostic cspgate printed on stderr for that
# assertion. For a file that does not load (or a run that crashed or was
# killed) the reason is the first error line on stderr (or the signal) and the
# rows are the file's `assert` lines outside comments, with line and text from
# the source, index in file order. file_seconds and file_max_rss_kb are
# those of the whole `check` run of the file, repeated on each of its rows.
# stderr of each run is kept next to OUT.tsv in OUT.tsv.stderr/ (one file per
# .csp file that wrote to stderr).
#
# Exit status: 0 done, 2 usage, 77 corpus missing.
set -u
if [ $# -ne 3 ]; then
  echo "usage: $0 CSPGATE CORPUS_DIR OUT.tsv" >&2
  exit 2
fi
bin=$1
corpus=$2
out=$3
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
if [ ! -d "$corpus" ]; then
  echo "SKIPPED: $corpus not found"
  exit 77
fi
if [ ! -x "$bin" ]; then
  echo "survey.sh: no cspgate binary at $bin" >&2
  exit 2
fi
for tool in jq /usr/bin/time timeout; do
  command -v "$tool" >/dev/null 2>&1 || { echo "survey.sh: $tool is needed" >&2; exit 2; }
done

errdir=$out.stderr
rm -rf "$errdir"
mkdir -p "$errdir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One line: tabs and newlines of a field become spaces.
clean() { tr '\t\n' '  ' | sed -e 's/  *$//'; }
# Each line: tabs become spaces.
clean_lines() { tr '\t' ' '; }
# The `assert` lines of file $1 outside comments ({- -} nested, --), as
# LINE<tab>TEXT (the text after `assert`).
asserts() {
  awk '{
    s = $0; o = ""
    while (s != "") {
      if (depth > 0) {
        i = index(s, "{-"); j = index(s, "-}")
        if (j == 0 && i == 0) { s = ""; break }
        if (i > 0 && (j == 0 || i < j)) { depth++; s = substr(s, i + 2) }
        else { depth--; s = substr(s, j + 2) }
      } else {
        i = index(s, "{-"); k = index(s, "--")
        if (k > 0 && (i == 0 || k < i)) { o = o substr(s, 1, k - 1); s = "" }
        else if (i > 0) { o = o substr(s, 1, i - 1); depth++; s = substr(s, i + 2) }
        else { o = o s; s = "" }
      }
    }
    if (o ~ /^[ \t]*assert[ \t]/) {
      sub(/^[ \t]*assert[ \t]*/, "", o); sub(/[ \t]*$/, "", o); gsub(/\t/, " ", o)
      print NR "\t" o
    }
  }' "$1"
}

printf 'file\tindex\tline\tassertion\tverdict\tstates\treason\tfile_seconds\tfile_max_rss_kb\n' > "$out"
cd "$corpus" || exit 2
find -L . -name '*.csp' -type f | sed 's|^\./||' | LC_ALL=C sort \
  | grep -v -e '/should_fail/' > "$tmp/all"
nfiles=0
while IFS= read -r f; do
  grep -q '^[[:space:]]*assert\b' "$f" || continue
  asserts "$f" > "$tmp/asserts"
  nasserts=$(wc -l < "$tmp/asserts")
  if [ "$nasserts" -eq 0 ]; then
    echo "skipped: $f: its assertions are all in comments" >&2
    continue
  fi
  nfiles=$((nfiles + 1))
  rm -f "$tmp/json"
  # --timeout bounds each assertion (and compiling); the outer timeout guards
  # against a hang.
  limit=$((30 * (nasserts + 1) + 60))
  /usr/bin/time -f '%e %M' -o "$tmp/time" \
    timeout "$limit" "$bin" check "$f" --no-timings --quiet --max-states 2000000 \
      --timeout 30 --max-memory 4G --json "$tmp/json" \
      >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
  code=$?
  secs=$(tail -n 1 "$tmp/time" | cut -d' ' -f1)
  rss=$(tail -n 1 "$tmp/time" | cut -d' ' -f2)
  if [ -s "$tmp/stderr" ]; then
    cp "$tmp/stderr" "$errdir/$(printf '%s' "$f" | tr '/' '_').txt"
  fi
  echo "[$nfiles] $f: exit $code, ${secs}s" >&2
  # The diagnostics on stderr, one line each; cspgate prints one for each
  # assertion in error, in file order.
  grep -E '^([^ ].*:[0-9]+:[0-9]+|cspgate): error: ' "$tmp/stderr" | clean_lines > "$tmp/diags"
  if [ -s "$tmp/json" ] && jq -e '.assertions | length > 0' "$tmp/json" >/dev/null 2>&1; then
    # An assertion in error gets its message and, when the diagnostics are
    # one for each such assertion, its own diagnostic (else the first).
    nerr=$(jq '[.assertions[] | select(.verdict == "error")] | length' "$tmp/json")
    jq -r --arg f "$f" --arg s "$secs" --arg m "$rss" --rawfile d "$tmp/diags" --argjson n "$nerr" '
      ($d | split("\n") | map(select(length > 0))) as $diags
      | [.assertions[] | select(.verdict == "error") | .index] as $errs
      | .assertions[] | . as $a
      | ($errs | index($a.index)) as $k
      | [$f, (.index|tostring), (.location.line|tostring), .assertion, .verdict,
         ((.statistics.states // "") | tostring),
         (if .verdict == "error" then
            .error + (if ($diags | length) == 0 then ""
                      elif ($diags | length) == $n then " -- " + $diags[$k]
                      else " -- " + $diags[0] end)
          elif .verdict == "inconclusive" then .reason else "" end
          | gsub("[\t\n]"; " ")),
         $s, $m] | @tsv' "$tmp/json" >> "$out"
  else
    # The file did not load, or the run crashed or was killed: one error row
    # for each `assert` of the source.
    if [ "$code" -eq 124 ]; then
      reason="killed after ${limit}s (outer timeout)"
    elif [ "$code" -gt 128 ]; then
      reason="crashed (signal $((code - 128)))$(head -n 1 "$tmp/diags" | sed 's/^./: &/')"
    else
      reason=$(grep -m 1 -i 'error' "$tmp/stderr" | clean)
      [ -n "$reason" ] || reason=$(head -n 1 "$tmp/stderr" | clean)
      [ -n "$reason" ] || reason="exit $code, nothing on stderr"
    fi
    awk -F '\t' -v f="$f" -v r="$reason" -v s="$secs" -v m="$rss" '{
        printf "%s\t%d\t%s\t%s\terror\t\t%s\t%s\t%s\n", f, NR, $1, $2, r, s, m }' "$tmp/asserts" >> "$out"
  fi
done < "$tmp/all"
echo "survey.sh: $nfiles files, $(($(wc -l < "$out") - 1)) assertions -> $out" >&2
exit 0
