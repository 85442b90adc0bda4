#!/bin/sh
# `cspgate trace-check` end to end: exit codes 0, 1, 2 and 3, the diagnostic
# of a truncated file, --allow and --skew, byte-identical reruns, and the
# --json output validated against docs/schema/trace-check.schema.json
# (python3 + jsonschema; key fields only without jsonschema).
#
#   tests/telemetry/cli.sh CSPGATE SOURCE_DIR
set -u
bin=$1 src=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
bad=0
fail() { echo "FAIL: $*"; bad=$((bad + 1)); }
expect_exit() {  # expect_exit CODE ARGS...
  want=$1; shift
  "$bin" trace-check "$@" >out.txt 2>err.txt
  got=$?
  [ "$got" = "$want" ] || { fail "trace-check $*: exit $got, expected $want"; cat out.txt err.txt; }
}

T=4bf92f3577b34da6a3ce929d0e0e4736
# A complete tree: a root and two children, times as strings and numbers.
cat > clean.json <<JSON
{"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{},"spans":[
 {"traceId":"$T","spanId":"00f067aa0ba902b7","parentSpanId":"","startTimeUnixNano":"1000000000"},
 {"traceId":"$T","spanId":"00f067aa0ba902b8","parentSpanId":"00F067AA0BA902B7","startTimeUnixNano":1000000001},
 {"traceId":"$T","spanId":"00f067aa0ba902b9","parentSpanId":"00f067aa0ba902b8","startTimeUnixNano":"1000000002"}]}]}]}
JSON
# One violation of each kind, as JSON Lines: an orphan, a redelivered span, a
# child 5 ms early, and a cycle of two spans.
U=0af7651916cd43dd8448eb211c80319c
cat > faults.json <<JSON
{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"$U","spanId":"0000000000000001","startTimeUnixNano":"2000000000"},{"traceId":"$U","spanId":"0000000000000002","parentSpanId":"0000000000000001","startTimeUnixNano":"1995000000"},{"traceId":"$U","spanId":"0000000000000003","parentSpanId":"00000000000000ff","startTimeUnixNano":"2000000000"}]}]}]}
{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"$U","spanId":"0000000000000002","parentSpanId":"0000000000000001","startTimeUnixNano":"1995000000"},{"traceId":"$U","spanId":"0000000000000010","parentSpanId":"0000000000000011"},{"traceId":"$U","spanId":"0000000000000011","parentSpanId":"0000000000000010"}]}]}]}
JSON
head -c 200 faults.json > trunc.json

expect_exit 0 clean.json --json clean.out.json
grep -q "traces: 1 (1 complete tree)" out.txt || fail "clean: one complete tree"
grep -q "^result: pass" out.txt || fail "clean: result pass"
expect_exit 1 faults.json --json faults.out.json
grep -q "^result: fail (orphans, duplicates, skew, cycles not allowed)" out.txt || fail "faults: result line"
grep -q "skew: trace $U span 0000000000000002: starts 5000000 ns before its parent 0000000000000001 at faults.json:span 2" out.txt \
  || fail "faults: the skew line"
grep -q "duplicate: trace $U span 0000000000000002: seen again (first at faults.json:span 2) at faults.json:span 4" out.txt \
  || fail "faults: the duplicate line"
expect_exit 0 faults.json --allow orphans,duplicates,skew,cycles
grep -q "^result: pass" out.txt || fail "all allowed: pass"
expect_exit 1 faults.json --allow orphans,duplicates,cycles
expect_exit 0 faults.json --allow orphans --allow duplicates,cycles --skew 5ms
grep -q "skew: 0 (tolerance 5000000 ns)" out.txt || fail "--skew 5ms: no skew"
expect_exit 1 faults.json --allow orphans,duplicates,cycles --skew 4.999ms
expect_exit 3 faults.json --max-spans 5 --json limit.out.json
grep -q "inconclusive: the span limit was reached" out.txt || fail "--max-spans: inconclusive"
expect_exit 1 clean.json faults.json --show 1
grep -q "violations (first 1 of 4)" out.txt || fail "--show 1"
expect_exit 1 faults.json --max-violations 0
grep -q "^violations" out.txt && fail "--max-violations 0: no list"
grep -q "^  cycles: 1" out.txt || fail "--max-violations 0: counts stay complete"

# --window: trace A's child comes 3 spans after A's root.  With --window 3
# A is checked and released before its child arrives, so the child is an
# orphan and the summary says a trace id was met again; with --window 4 (and
# 0, every trace kept) the file is clean.  A pretty-printed document over
# several lines reads the same.
A=000000000000000000000000000000aa
{
  printf '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"%s","spanId":"0000000000000001"}' $A
  for t in b1 b2 b3; do printf ',{"traceId":"000000000000000000000000000000%s","spanId":"0000000000000001"}' $t; done
  printf ',{"traceId":"%s","spanId":"0000000000000002","parentSpanId":"0000000000000001"}]}]}]}\n' $A
} > window.json
expect_exit 1 window.json --window 3 --json window.out.json
grep -q "^  reopened traces: at least 1 trace id was met again 3 or more spans after its last span" out.txt ||
  fail "--window 3: reopened line"
grep -q "^  orphans: 1" out.txt || fail "--window 3: the late child is an orphan"
expect_exit 0 window.json --window 4
grep -q "reopened" out.txt && fail "--window 4: no reopened line"
grep -q "traces: 4 (4 complete trees)" out.txt || fail "--window 4: four complete trees"
expect_exit 0 window.json --window 0
sed 's/},{/},\n  {/g' window.json > window_pretty.json
expect_exit 0 window_pretty.json --window 4
grep -q "traces: 4 (4 complete trees)" out.txt || fail "pretty-printed: four complete trees"
expect_exit 2 window.json --window -1

# Bad input and usage: exit 2 with a diagnostic.
expect_exit 2 trunc.json
line1=$(sed -n 1p err.txt)
case $line1 in
  "trunc.json:1:201: error: invalid JSON: "*) ;;
  *) fail "truncated: first line '$line1'" ;;
esac
[ "$(sed -n 3p err.txt | tr -d ' ')" = "^" ] || fail "truncated: caret line"
expect_exit 2 missing.json
grep -q "cannot open 'missing.json'" err.txt || fail "missing file message"
expect_exit 2 .
expect_exit 2 clean.json --skew 3h
expect_exit 2 clean.json --skew 99999999999999999999s
expect_exit 2 clean.json --allow everything
expect_exit 2
printf '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz","spanId":"0000000000000001"}]}]}]}' > badid.json
expect_exit 2 badid.json
grep -q "^badid.json:1:55: error: traceId 'xyz' is not 32 hexadecimal digits" err.txt || { fail "bad id message"; cat err.txt; }

# Determinism: the same input gives the same bytes.
"$bin" trace-check faults.json clean.json --json a.json >a.txt
"$bin" trace-check faults.json clean.json --json b.json >b.txt
cmp -s a.json b.json || fail "JSON differs between runs"
cmp -s a.txt b.txt || fail "summary differs between runs"

corpus="$src/../shared/corpus/otlp"
set --
if [ -f "$corpus/SOURCES.md" ]; then
  expect_exit 1 "$corpus"/*.json --json corpus.out.json
  set -- corpus.out.json
else
  echo "note: ../shared/corpus/otlp absent; corpus run skipped"
fi

# A simulator event log is read as `simulate --otlp` writes its spans: the
# same counts and violations as the run's OTLP export.  A hand-written log
# plants an orphan (parent 7 never stored) and a duplicate (span 2 twice).
"$bin" simulate --scenario "$src/examples/scenarios/topology-faulty.json" --seed 3 \
  --events run.jsonl --otlp run.otlp.json >/dev/null 2>&1
if [ -s run.jsonl ] && [ -s run.otlp.json ]; then
  "$bin" trace-check run.jsonl --events-channel store --start-channel emit --json log.out.json >log.txt 2>&1
  code_log=$?
  "$bin" trace-check run.otlp.json --json otlp.out.json >otlp.txt 2>&1
  code_otlp=$?
  [ "$code_log" = "$code_otlp" ] || fail "event log: exit $code_log, the run's OTLP export $code_otlp"
  # The first line names the file and its size; the rest must be the same.
  sed 1d log.txt >log.body
  sed 1d otlp.txt >otlp.body
  cmp -s log.body otlp.body || fail "event log: the report differs from the OTLP export's"
else
  fail "simulate wrote no event log or OTLP export"
fi
{
  echo '{"time":0.5,"event":"emit.1.1.0","channel":"emit","fields":[1,1,0],"hidden":false,"components":[]}'
  echo '{"time":1,"event":"store.1.1.0","channel":"store","fields":[1,1,0],"hidden":false,"components":[]}'
  echo '{"time":2,"event":"store.1.2.1","channel":"store","fields":[1,2,1],"hidden":false,"components":[]}'
  echo '{"time":3,"event":"store.1.2.1","channel":"store","fields":[1,2,1],"hidden":false,"components":[]}'
  echo '{"time":4,"event":"store.1.3.7","channel":"store","fields":[1,3,7],"hidden":false,"components":[]}'
  echo '{"time":5,"followed":3}'
} > planted.jsonl
expect_exit 1 planted.jsonl --events-channel store --start-channel emit
grep -q "^  orphans: 1" out.txt || fail "event log: the orphan"
grep -q "^  duplicates: 1" out.txt || fail "event log: the duplicate"
grep -q "4 spans" out.txt || fail "event log: four spans"
expect_exit 0 planted.jsonl --events-channel store --allow orphans,duplicates
expect_exit 2 planted.jsonl --events-channel store --fields 1,2
printf '{"time":1,"event":"x","channel":"store","fields":[1,1,0]}\n{"time": 2, "event":\n' > cut.jsonl
expect_exit 2 cut.jsonl --events-channel store
grep -q "^cut.jsonl:2:21: error: invalid JSON" err.txt || fail "event log: a cut line is an error at its place"
printf '{"time":1,"event":"x","channel":"store","fields":"1.1.0"}\n' > nofields.jsonl
expect_exit 2 nofields.jsonl --events-channel store
grep -q "needs \"channel\"" err.txt || fail "event log: fields must be an array"

if command -v python3 >/dev/null 2>&1; then
  python3 - "$src/docs/schema/trace-check.schema.json" clean.out.json faults.out.json limit.out.json window.out.json "$@" <<'PY' || bad=$((bad + 1))
import json, sys
schema = json.load(open(sys.argv[1]))
docs = {p: json.load(open(p)) for p in sys.argv[2:]}
bad = 0
try:
    import jsonschema
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    for p, d in docs.items():
        for e in v.iter_errors(d):
            print(f"{p}: {list(e.absolute_path)}: {e.message}"); bad += 1
except ImportError:
    print("note: no jsonschema module; key fields only")
def expect(cond, what):
    global bad
    if not cond: print("FAIL:", what); bad += 1
c, f, l = docs["clean.out.json"], docs["faults.out.json"], docs["limit.out.json"]
expect(c["schema"] == "cspgate.trace-check/v1" and c["verdict"] == "pass", "clean: pass")
expect(c["totals"] == {"spans": 3, "distinct_spans": 3, "traces": 1, "roots": 1, "complete_trees": 1,
                       "reopened_traces": 0}, "clean: totals")
expect(c["options"]["window"] == 1000000, "clean: the default window")
w = docs["window.out.json"]
expect(w["options"]["window"] == 3 and w["totals"]["reopened_traces"] == 1 and w["counts"]["orphans"] == 1,
       "window 3: one trace reopened, its late child an orphan")
expect(f["verdict"] == "fail" and f["counts"] == {"orphans": 1, "duplicates": 1, "skew": 1, "cycles": 1}, "faults: counts")
kinds = [(v["kind"], v["span_id"]) for v in f["violations"]]
expect(kinds == [("duplicate", "0000000000000002"), ("skew", "0000000000000002"), ("orphan", "0000000000000003"),
                 ("cycle", "0000000000000010")], f"faults: violations in span order, got {kinds}")
expect(f["violations"][3].get("cycle") == ["0000000000000010", "0000000000000011"], "faults: cycle members")
expect(f["violations"][1].get("early_ns") == 5000000, "faults: skew amount")
expect(f["files"][0]["documents"] == 2 and f["files"][0]["spans"] == 6, "faults: two documents, six spans")
expect(l["verdict"] == "inconclusive" and "reason" in l, "limit: inconclusive with a reason")
if "corpus.out.json" in docs:
    k = docs["corpus.out.json"]
    expect(k["counts"] == {"orphans": 6, "duplicates": 1, "skew": 0, "cycles": 0}, "corpus counts")
print("trace-check JSON:", "ok" if bad == 0 else f"{bad} problems")
sys.exit(1 if bad else 0)
PY
else
  echo "note: no python3; JSON not validated"
fi

[ $bad = 0 ] && echo "trace-check CLI: ok" || echo "trace-check CLI: $bad problems"
[ $bad = 0 ]
