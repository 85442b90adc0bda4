#!/bin/sh
# `cspgate replay` and `cspgate topology` end to end: exit codes 0/1/2/3 with
# known answers, diagnostics naming the file and the place, byte-identical
# output on a second run, and the JSON documents valid against
# docs/schema/replay.schema.json and topology.schema.json (python3 +
# jsonschema when installed; key fields with python3's json module).
#
#   tests/replay/cli.sh CSPGATE SOURCE_DIR
#
# Exit status: 0 all as expected, 1 a failure.
set -u
bin=$1 src=$2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
bad=0
ok() { :; }
fail() { echo "FAIL: $*"; bad=$((bad + 1)); }

# expect CODE PATTERN -- command...: the exit code, and a line of stdout+stderr matching PATTERN.
expect() {
  want=$1 pattern=$2
  shift 3
  "$@" > out.txt 2>&1 < /dev/null
  got=$?
  if [ "$got" -ne "$want" ]; then
    fail "$* exited $got, not $want:"; sed 's/^/    /' out.txt | head -n 8
  elif ! grep -q -- "$pattern" out.txt; then
    fail "$* printed no line matching '$pattern':"; sed 's/^/    /' out.txt | head -n 8
  fi
}

cat > m.csp <<'CSP'
channel a, b, c, h
channel d : {0..3}
P = a -> b -> STOP |~| a -> c -> STOP
Q0 = a -> h -> b -> Q0
Q = Q0 \ {h}
W = ((h -> a -> STOP) ||| (h -> STOP)) \ {h}
T = d?x -> d!x -> SKIP
N = a -> STOP |~| b -> STOP
assert P :[deadlock free]
assert STOP [T= Q
assert N :[deterministic [FD]]
CSP
printf '["a", "b"]' > ab.json
printf '["a", "c"]' > ac.json
printf '["a", "a"]' > aa.json
printf '["a", "zzz"]' > unknown.json
printf '["a", "d.9"]' > outside.json
printf '["a", 7]' > number.json
printf '["a", "d"]' > partial.json
printf '["a", ' > broken.json
printf '["d.1", "d.1", "✓"]' > tick.json
printf '{"time": 0, "event": "a"}\n{"time": 1, "event": "h", "hidden": true}\n{"time": 2, "event": "b"}\n{"time": 3, "event": "a"}\n' > log.jsonl
printf '{"time": 0, "event": "a"}\n{"time": 1, "event": 3}\n' > badlog.jsonl

expect 0 '^the trace fits (2 events)' -- "$bin" replay m.csp P --trace ab.json
expect 0 'can do no visible event' -- "$bin" replay m.csp P --trace ac.json
expect 0 'it may be deadlocked there' -- "$bin" replay m.csp P --trace ac.json
expect 1 '^the trace does not fit: event 2 of 2, a (\$\[1\]), is not possible after the 1 event before it' -- "$bin" replay m.csp P --trace aa.json
expect 1 '^  possible there: {b, c}' -- "$bin" replay m.csp P --trace aa.json
expect 0 '^the trace fits (3 events)' -- "$bin" replay m.csp Q --trace log.jsonl
expect 0 '1 line without a visible event skipped' -- "$bin" replay m.csp Q --trace log.jsonl
expect 0 'may have terminated' -- "$bin" replay m.csp T --trace tick.json
expect 3 '^inconclusive: after 0 event(s) of the trace the process can be in more than 2 states' -- "$bin" replay m.csp W --trace ab.json --max-states 2
expect 2 "unknown.json: \$\[1\]: 'zzz' is not an event of m.csp" -- "$bin" replay m.csp P --trace unknown.json
expect 2 "outside.json: \$\[1\]: 'd.9' is not an event of m.csp" -- "$bin" replay m.csp P --trace outside.json
expect 2 "partial.json: \$\[1\]: 'd' is not an event of m.csp: it evaluates to d, not to a channel with all its fields" -- "$bin" replay m.csp P --trace partial.json
expect 2 'number.json: \$\[1\]: expected an event as a string, found number' -- "$bin" replay m.csp P --trace number.json
expect 2 'broken.json: parse error at line 1' -- "$bin" replay m.csp P --trace broken.json
expect 2 'badlog.jsonl: line 2: "event" must be a string' -- "$bin" replay m.csp P --trace badlog.jsonl
expect 2 'missing.json: cannot open the trace file' -- "$bin" replay m.csp P --trace missing.json
expect 2 'give the PROCESS to replay against' -- "$bin" replay m.csp --trace ab.json
expect 2 "'Nope'" -- "$bin" replay m.csp Nope --trace ab.json
expect 2 'is not a process' -- "$bin" replay m.csp 3 --trace ab.json
expect 2 'error' -- "$bin" replay m.csp P --trace ab.json --max-states 0
expect 2 'error' -- "$bin" replay m.csp P --trace ab.json --max-states 99999999999999999999999

# Counterexamples of a check report, with and without --assert.
"$bin" check m.csp --json check.json --quiet > /dev/null 2>&1
expect 0 '^the trace fits' -- "$bin" replay m.csp --trace check.json
expect 0 'the counterexample of assertion 1: deadlock' -- "$bin" replay m.csp --trace check.json
expect 0 '^process: Q' -- "$bin" replay m.csp --trace check.json --assert 2
expect 0 'its last event is the one the implementation can do' -- "$bin" replay m.csp --trace check.json --assert 2
expect 0 '^the trace fits (1 event)' -- "$bin" replay m.csp --trace check.json --assert 2
expect 0 '^the trace fits' -- "$bin" replay m.csp --trace check.json --assert 3
# The specification side of a refinement does not have the trace.
expect 1 '^the trace does not fit: event 1 of 1, a' -- "$bin" replay m.csp STOP --trace check.json --assert 2
expect 2 'assertion 9' -- "$bin" replay m.csp --trace check.json --assert 9
printf 'channel a, b, c\nP = a -> STOP\nassert P :[deadlock free [F]]\n' > other.csp
expect 2 'is the report of another file' -- "$bin" replay other.csp --trace check.json

# JSON: schema, key fields, determinism.
"$bin" replay m.csp P --trace aa.json --json r1.json > t1.txt 2>&1
"$bin" replay m.csp P --trace aa.json --json r2.json > t2.txt 2>&1
cmp -s r1.json r2.json || fail "replay --json differs between two runs"
cmp -s t1.txt t2.txt || fail "replay's text differs between two runs"
"$bin" replay m.csp P --trace ab.json --json r3.json > /dev/null 2>&1
"$bin" replay m.csp W --trace ab.json --json r4.json --max-states 2 > /dev/null 2>&1
"$bin" replay m.csp --trace check.json --assert 2 --json r5.json > /dev/null 2>&1

# topology: a pipeline with a hidden channel.
cat > pipe.csp <<'CSP'
channel a, b : {0..2}
channel out : {0..2}
A = a!0 -> a!1 -> A
B = a?x -> b!x -> B
C = b?x -> out!x -> C
P = ((A [| {|a|} |] B) [| {|b|} |] C) \ {|b|}
CSP
expect 0 '^  \[0\] A -> \[1\] B: a (2 events)' -- "$bin" topology pipe.csp P
expect 0 '^  \[1\] B -> \[2\] C: b (3 events, hidden)' -- "$bin" topology pipe.csp P
expect 0 '^  \[2\] C  (alone: out)' -- "$bin" topology pipe.csp P
expect 2 'error' -- "$bin" topology pipe.csp Nope
"$bin" topology pipe.csp P --dot g1.dot --json t1.json > /dev/null 2>&1
"$bin" topology pipe.csp P --dot g2.dot --json t2.json > /dev/null 2>&1
cmp -s g1.dot g2.dot && cmp -s t1.json t2.json || fail "topology output differs between two runs"
grep -q '^digraph G {' g1.dot || fail "DOT: no digraph"
grep -q '^0->1 \[label="a"\]' g1.dot || fail "DOT: no edge 0->1 labelled a"; 
grep -q '^1->2 \[label="b", style=dashed\]' g1.dot || fail "DOT: no dashed (hidden) edge 1->2"
expect 2 'cannot write' -- "$bin" topology pipe.csp P --dot /nonexistent/dir/g.dot

if command -v python3 >/dev/null 2>&1; then
python3 - "$src/docs/schema" r1.json r3.json r4.json r5.json t1.json <<'PY' || bad=$((bad + 1))
import json, sys
schemas = sys.argv[1]
r1, r3, r4, r5, t1 = [json.load(open(p)) for p in sys.argv[2:]]
bad = 0
def expect(cond, what):
    global bad
    if not cond: print("FAIL:", what); bad += 1
try:
    import jsonschema
    for name, docs in (("replay", [r1, r3, r4, r5]), ("topology", [t1])):
        schema = json.load(open(f"{schemas}/{name}.schema.json"))
        jsonschema.Draft202012Validator.check_schema(schema)
        v = jsonschema.Draft202012Validator(schema)
        for d in docs:
            for e in v.iter_errors(d):
                print(f"{name}: {list(e.absolute_path)}: {e.message}"); bad += 1
except ImportError:
    print("note: no jsonschema module; key fields only")
expect(r1["schema"] == "cspgate.replay/v1" and r1["verdict"] == "does not fit", "r1 verdict")
expect(r1["mismatch"] == {"index": 1, "where": "$[1]", "event": "a", "possible": ["b", "c"]}, "r1 mismatch")
expect(r3["verdict"] == "fits" and r3["fitted"] == 2 and r3["end"]["deadlock"] and r3["end"]["possible"] == [], "r3 fits")
expect(r4["verdict"] == "inconclusive" and "more than 2 states" in r4["reason"], "r4 inconclusive")
expect(r5["trace"]["format"] == "check" and r5["trace"]["assertion"] == 2 and r5["trace"]["final_event_added"], "r5 refinement")
expect(r5["process"] == "Q" and r5["verdict"] == "fits", "r5 fits Q")
expect(t1["schema"] == "cspgate.topology/v1" and [c["name"] for c in t1["components"]] == ["A", "B", "C"], "topology nodes")
expect([(e["from"], e["to"], e["channel"], e["directed"], e["hidden"]) for e in t1["edges"]]
       == [(0, 1, "a", True, False), (1, 2, "b", True, True)], "topology edges")
sys.exit(1 if bad else 0)
PY
fi

if [ "$bad" -eq 0 ]; then echo "replay and topology CLI: all as expected"; exit 0; fi
echo "replay and topology CLI: $bad failure(s)"
exit 1
