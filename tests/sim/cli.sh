#!/bin/sh
# `cspgate simulate` end to end: bad scenarios give a diagnostic naming the
# JSON path and exit 2; the same seed gives byte-identical summary, JSON and
# event log, at --jobs 1 and 2; --json validates against
# docs/schema/sim.schema.json (when python3 has jsonschema); injected faults
# appear in the event log.
#
#   tests/sim/cli.sh CSPGATE SOURCE_DIR
set -u
bin=$1 src=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

cat > "$dir/m.csp" <<'CSP'
channel emit, store : {0..1}.{0..2}
channel hop : {0..1}.{0..2}
App(t) = [] s : {0..2} @ emit.t.s -> hop.t.s -> App(t)
Sink = hop?t?s -> store.t.s -> Sink
P = (App(0) ||| App(1)) [| {| hop |} |] Sink
CSP

# expect_error NAME JSON EXPECTED-FIRST-LINE-OF-STDERR
expect_error() {
    printf '%s\n' "$2" > "$dir/$1.json"
    (cd "$dir" && "$bin" simulate m.csp P --scenario "$1.json" > out.txt 2> err.txt)
    code=$?
    [ "$code" = 2 ] || fail "$1: exit $code, expected 2"
    first=$(head -n 1 "$dir/err.txt")
    [ "$first" = "$3" ] || fail "$1: got '$first', expected '$3'"
}

expect_error bad_dist '{"channels": {"emit": {"delay": {"dist": "gauss", "mean": "1 s"}}}}' \
    "bad_dist.json: error: /channels/emit/delay: unknown distribution 'gauss' (constant, uniform, exponential, normal, lognormal, pareto, empirical)"
expect_error bad_channel '{"channels": {"emitt": {"delay": "1 s"}}}' \
    "bad_channel.json: error: /channels/emitt: unknown channel 'emitt'"
expect_error bad_component '{"faults": [{"freeze": "Gateway(0)", "from": "1 s"}]}' \
    "bad_component.json: error: /faults/0/freeze: no component 'Gateway(0)' (the components are: App(0), App(1), Sink)"
expect_error bad_unit '{"default": {"dist": "exponential", "mean": "3 fortnights"}}' \
    "bad_unit.json: error: /default/mean: unknown unit 'fortnights' in '3 fortnights' (ns, us, ms, s, min, h)"
expect_error no_unit '{"until": 30}' \
    'no_unit.json: error: /until: a duration needs a unit: write "30 s" (units ns, us, ms, s, min, h)'
expect_error bad_pattern '{"measure": [{"from": "emit.?t.?s", "to": "store.?t.?x"}]}' \
    "bad_pattern.json: error: /measure/0/to: '?x' is not bound by \"from\""
expect_error bad_probability '{"faults": [{"event": "hop", "probability": 2}]}' \
    "bad_probability.json: error: /faults/0/probability: 2 is out of range [0, 1]"
expect_error not_object '[1, 2]' \
    "not_object.json: error: /: a scenario is a JSON object, found array"
expect_error malformed '{"until": "1 s",' \
    "malformed.json: error: parse error at line 2, column 1: syntax error while parsing object key - unexpected end of input; expected string literal"
expect_error huge '{"max_events": 1e300}' \
    "huge.json: error: /max_events: 1e+300 is out of range [1, 1e+15]"

# Usage errors: exit 2.
(cd "$dir" && "$bin" simulate m.csp P --scenario missing.json > /dev/null 2>&1); [ $? = 2 ] || fail "missing scenario: not exit 2"
printf '{}\n' > "$dir/empty.json"
(cd "$dir" && "$bin" simulate --scenario empty.json > /dev/null 2>&1); [ $? = 2 ] || fail "no model: not exit 2"
(cd "$dir" && "$bin" simulate m.csp P --scenario empty.json --runs 0 > /dev/null 2>&1); [ $? = 2 ] || fail "--runs 0: not exit 2"
(cd "$dir" && "$bin" simulate m.csp P --scenario empty.json --until soon > /dev/null 2>&1); [ $? = 2 ] || fail "--until soon: not exit 2"
(cd "$dir" && "$bin" simulate m.csp NoSuch --scenario empty.json > /dev/null 2>&1); [ $? = 2 ] || fail "unknown process: not exit 2"

# Determinism: the scenario names its model; seeds 5..12 at 1 and 2 threads.
cat > "$dir/good.json" <<'JSON'
{"model": "m.csp", "process": "P", "until": "20 s",
 "default": {"dist": "exponential", "mean": "10 ms"},
 "channels": {"hop": {"delay": {"dist": "lognormal", "median": "5 ms", "sigma": 0.5}}},
 "faults": [{"freeze": "Sink", "from": "5 s", "for": "2 s"}, {"block": "emit.1", "from": "8 s", "until": "9 s"}],
 "measure": [{"name": "delivery", "from": "emit.?t.?s", "to": "store.?t.?s"}],
 "count": [{"name": "per trace", "match": "store.?t"}]}
JSON
for j in 1 2; do
    for k in a b; do
        (cd "$dir" && "$bin" simulate --scenario good.json --seed 5 --runs 8 --jobs $j \
            --json "s$j$k.json" --events "e$j$k.jsonl" > "o$j$k.txt" 2>&1) || fail "good scenario: exit $?"
    done
done
for f in o s e; do
    ext=txt; [ $f = s ] && ext=json; [ $f = e ] && ext=jsonl
    cmp -s "$dir/${f}1a.$ext" "$dir/${f}1b.$ext" || fail "$f: two runs at --jobs 1 differ"
    cmp -s "$dir/${f}1a.$ext" "$dir/${f}2a.$ext" || fail "$f: --jobs 1 and --jobs 2 differ"
done
grep -q '"fault":"freeze","target":"Sink","phase":"start"' "$dir/e1a.jsonl" || fail "the freeze is not in the event log"
grep -q '"fault":"block","target":"emit.1","phase":"end"' "$dir/e1a.jsonl" || fail "the block's end is not in the event log"
grep -q '^delivery: matched' "$dir/o1a.txt" || fail "no delivery figures in the summary"

if command -v python3 > /dev/null 2>&1; then
    python3 - "$src/docs/schema/sim.schema.json" "$dir/s1a.json" <<'PY' || fail "the --json output does not validate"
import json, sys
schema, doc = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert doc["schema"] == "cspgate.sim/v1" and doc["runs"] == 8 and len(doc["results"]) == 8
try:
    import jsonschema
except ImportError:
    sys.exit(0)
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
for e in errors:
    print(list(e.absolute_path), e.message)
sys.exit(1 if errors else 0)
PY
fi

[ $failures = 0 ] && echo "all simulate CLI checks passed"
exit $((failures != 0))
