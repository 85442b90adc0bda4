#!/bin/sh
# `cspgate simulate --follow` end to end:
#  1. a counterexample of `cspgate check --json` on a shipped model is
#     followed to its end (the run's visible events are the counterexample's);
#  2. the event log of a simulated run (with hidden events), followed with
#     the run's seed, gives the same log again (--then free), or its prefix
#     up to the last visible event (--then stop); at --jobs 1 and 2 the
#     outputs are byte-identical;
#  3. a scenario fault that breaks the trace (a component frozen) is
#     reported at the right position, event, time and reason, with --then
#     stop and --then free;
#  4. bad --follow input gives a diagnostic and exit 2;
#  5. the --json output validates against docs/schema/sim.schema.json
#     (python3 + jsonschema when installed).
#
#   tests/sim/follow.sh CSPGATE SOURCE_DIR
set -u
bin=$1 src=$2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
case $src in /*) ;; *) src=$(pwd)/$src ;; esac
command -v python3 > /dev/null 2>&1 || { echo "SKIPPED: no python3 (to read the JSON outputs)"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# py SCRIPT ARGS...: runs a python check; its stdout is shown, a nonzero exit is a failure.
py() {
    name=$1
    shift
    python3 - "$@" || fail "$name"
}

# --- 1. A check counterexample on a shipped model, followed to its end --------------------------
# The philosophers' deadlock, and the OTLP topology's (a faulty gateway:
# its fail events are in the trace).
printf '{"default": {"dist": "exponential", "mean": "1 s"}}\n' > exp.json
follow_cx() {
    model=$1 n=$2 process=$3 name=$4
    "$bin" check "$src/$model" --assert $n --json $name-cx.json > $name-check.txt 2>&1
    [ $? = 1 ] || fail "check of $model assertion $n did not fail (exit 1)"
    "$bin" simulate "$src/$model" "$process" --scenario exp.json --seed 3 --follow $name-cx.json \
        --json $name-sim.json --events $name-log.jsonl > $name-out.txt 2>&1
    code=$?
    [ $code = 1 ] || fail "$name: following the deadlock counterexample: exit $code, expected 1 (the run deadlocks)"
    grep -q '^trace:     followed to its end: ' $name-out.txt || { fail "$name: no 'followed to its end' line:"; sed 's/^/    /' $name-out.txt; }
    py "$name: the counterexample was not followed event for event" $name-cx.json $name-sim.json $name-log.jsonl <<'PY'
import json, sys
cx = json.load(open(sys.argv[1]))
trace = [e if isinstance(e, str) else e["text"] for e in cx["assertions"][0]["counterexample"]["trace"]]
trace = [e for e in trace if e != "τ"]
sim = json.load(open(sys.argv[2]))
f = sim["results"][0]["follow"]
assert sim["follow"]["format"] == "check" and sim["follow"]["events"] == len(trace), sim["follow"]
assert f["outcome"] == "followed" and f["followed"] == len(trace) == f["length"], f
assert sim["results"][0]["end"] == "deadlock", sim["results"][0]["end"]
log = [json.loads(l) for l in open(sys.argv[3])]
visible = [l["event"] for l in log if "event" in l and not l["hidden"]]
assert visible == trace, (visible, trace)
assert len(trace) >= 4, trace
PY
}
follow_cx models/classic/phils.csp 1 SYSTEM phils
follow_cx models/otlp/topology.csp 11 FaultySystem topology

# --- 2. An event log of simulate, followed with the same seed, gives the run again ---------------
# A small pipeline whose hop is hidden: the hidden events are not in the
# trace and happen between its events as drawn.
cat > hidden.csp <<'CSP'
channel emit, store : {0..1}.{0..2}
channel hop : {0..1}.{0..2}
App(t) = [] s : {0..2} @ emit.t.s -> hop.t.s -> App(t)
Sink = hop?t?s -> store.t.s -> Sink
P = ((App(0) ||| App(1)) [| {| hop |} |] Sink) \ {| hop |}
CSP
cat > hidden.json <<'JSON'
{"model": "hidden.csp", "process": "P", "until": "30 s",
 "default": {"dist": "exponential", "mean": "100 ms"},
 "channels": {"hop": {"delay": {"dist": "lognormal", "median": "50 ms", "sigma": 0.5}}},
 "measure": [{"name": "delivery", "from": "emit.?t.?s", "to": "store.?t.?s"}]}
JSON
"$bin" simulate --scenario hidden.json --seed 7 --events orig.jsonl > orig.txt 2>&1 || fail "simulate hidden.json: exit $?"
for j in 1 2; do
    "$bin" simulate --scenario hidden.json --seed 7 --follow orig.jsonl --then free \
        --runs 2 --jobs $j --events free$j.jsonl --json free$j.json > free$j.txt 2>&1 ||
        fail "following the log (--then free, --jobs $j): exit $?"
done
for f in txt json jsonl; do
    cmp -s free1.$f free2.$f || fail "following at --jobs 1 and 2: the .$f outputs differ"
done
grep -q '^trace:     followed to its end in 2 of 2 runs, left in 0$' free1.txt ||
    { fail "seed 7 did not follow its own log to its end:"; sed 's/^/    /' free1.txt | tail -n 12; }
"$bin" simulate --scenario hidden.json --seed 7 --follow orig.jsonl \
    --events stop.jsonl --json stop.json > stop.txt 2>&1 || fail "following the log (--then stop): exit $?"
py "the followed log is not the original run" orig.jsonl free1.jsonl stop.jsonl stop.json <<'PY'
import json, sys
orig = open(sys.argv[1]).read().splitlines()
free = open(sys.argv[2]).read().splitlines()
stop = open(sys.argv[3]).read().splitlines()
assert sum('"hidden":true' in l for l in orig) > 100, "too few hidden events to show anything"
notes = [l for l in free if '"follow"' in l]
assert len(notes) == 1 and json.loads(notes[0])["follow"] == "end", notes
# Byte for byte the same lines, once the note that following ended is taken out.
assert [l for l in free if '"follow"' not in l] == orig, "free: not the same run"
# --then stop: the run up to its last visible event, then the note.
last = max(i for i, l in enumerate(orig) if '"hidden":false' in l)
assert stop[:-1] == orig[:last + 1], "stop: not the prefix up to the last visible event"
assert json.loads(stop[-1])["follow"] == "end"
doc = json.load(open(sys.argv[4]))
f = doc["results"][0]["follow"]
assert doc["results"][0]["end"] == "stopped" and f["outcome"] == "followed" and f["late"] == 0, f
assert f["followed"] == f["length"] == sum('"hidden":false' in l for l in orig), f
PY

# --- 3. A fault that breaks the trace: the sink frozen during the recorded run ------------------
# The same pipeline with every event visible, and a scenario that freezes
# Sink from 5 s: the first event of the log at or after 5 s in which Sink
# takes part cannot happen.
sed 's/ \\ {| hop |}$//' hidden.csp > visible.csp
sed 's/hidden.csp/visible.csp/' hidden.json > visible.json
sed 's/"measure"/"faults": [{"freeze": "Sink", "from": "5 s", "for": "2 s"}], "measure"/' visible.json > frozen.json
"$bin" simulate --scenario visible.json --seed 11 --events long.jsonl > long.txt 2>&1 || fail "simulate visible.json: exit $?"
for then in stop free; do
    "$bin" simulate --scenario frozen.json --seed 11 --follow long.jsonl --then $then \
        --json frozen-$then.json --events frozen-$then.jsonl > frozen-$then.txt 2>&1
    code=$?
    [ $code = 1 ] || { fail "a trace broken by a freeze (--then $then): exit $code, expected 1"; sed 's/^/    /' frozen-$then.txt; }
    grep -q '^trace:     left at event [0-9]* of [0-9]*, .* (line [0-9]*), at .*: blocked by the injected fault freeze Sink from 5 s to 7 s$' frozen-$then.txt ||
        { fail "--then $then: no 'left at event ... blocked by the injected fault' line:"; sed 's/^/    /' frozen-$then.txt | tail -n 8; }
    py "--then $then: the wrong position, event, time or reason" long.jsonl frozen-$then.json frozen-$then.jsonl $then <<'PY'
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])]
visible = [(i + 1, l) for i, l in enumerate(log) if "event" in l and not l["hidden"]]
# Expected: the first visible event at or after 5 s that the frozen Sink takes part in.
k, (line, ev) = next((k, v) for k, v in enumerate(visible) if v[1]["time"] >= 5 and "Sink" in v[1]["components"])
doc = json.load(open(sys.argv[2]))
r = doc["results"][0]
f = r["follow"]
left = f["left"]
assert f["outcome"] == "left" and f["followed"] == k and left["position"] == k, (f["followed"], k)
assert left["event"] == ev["event"] and left["where"] == "line %d" % line, (left, ev, line)
assert abs(f["time"] - ev["time"]) < 1e-6, (f["time"], ev["time"])
assert left["cause"] == "fault" and left["fault"] == {"kind": "freeze", "target": "Sink", "from": 5.0, "until": 7.0}, left
assert left["active_faults"] == ["freeze Sink from 5 s to 7 s"], left
assert ev["event"] in left["possible"], left["possible"]
out = [json.loads(l) for l in open(sys.argv[3])]
notes = [l for l in out if "follow" in l]
assert len(notes) == 1 and notes[0]["follow"] == "left" and notes[0]["position"] == k and notes[0]["then"] == sys.argv[4], notes
followed = [l["event"] for l in out if "event" in l and not l["hidden"]]
assert followed[:k] == [v[1]["event"] for v in visible[:k]], "the events before are not the log's"
if sys.argv[4] == "stop":
    assert r["end"] == "stopped" and len(followed) == k and abs(r["end_time"] - ev["time"]) < 1e-6, (r["end"], len(followed))
else:
    # Free: the run goes on to its time limit, and the sink works again after 7 s.
    assert r["end"] == "time limit" and r["end_time"] == 30.0, (r["end"], r["end_time"])
    assert f["then"] == "free"
    stores = [l["time"] for l in out if l.get("event", "").startswith("store.")]
    assert not any(5 <= t < 7 for t in stores) and any(t >= 7 for t in stores), stores
PY
done

# --- 4. Bad --follow input: a diagnostic, exit 2 ------------------------------------------------
cat > m.csp <<'CSP'
channel a, b, c
P = a -> b -> P
CSP
printf '{}\n' > s.json
# expect_bad NAME EXPECTED-FIRST-LINE ARGS...
expect_bad() {
    name=$1 want=$2
    shift 2
    "$bin" simulate m.csp P --scenario s.json "$@" > bad.txt 2> bad.err
    code=$?
    [ $code = 2 ] || fail "$name: exit $code, expected 2"
    got=$(head -n 1 bad.err)
    [ "$got" = "$want" ] || fail "$name: got '$got', expected '$want'"
}
printf '["a", ' > broken.json
printf '["a", "zzz"]' > unknown.json
printf '["a", 7]' > number.json
printf '["a", "b +"]' > noparse.json
printf '{"time": 0.5, "event": "a"}\n{"time": "soon", "event": "b"}\n' > badtime.jsonl
expect_bad missing "cspgate: error: nothing.json: cannot open the trace file" --follow nothing.json
expect_bad broken "cspgate: error: broken.json: parse error at line 1, column 7: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal" --follow broken.json
expect_bad unknown "cspgate: error: unknown.json: \$[1]: 'zzz' is not an event of m.csp: 'zzz' is not defined" --follow unknown.json
expect_bad number "cspgate: error: number.json: \$[1]: expected an event as a string, found number" --follow number.json
expect_bad noparse "cspgate: error: noparse.json: \$[1]: 'b +' is not an event (it does not parse as CSPM)" --follow noparse.json
expect_bad badtime "cspgate: error: badtime.jsonl: line 2: \"time\" must be a number of seconds, not negative" --follow badtime.jsonl
expect_bad then "cspgate: error: --then: bogus not in {stop,free}" --follow unknown.json --then bogus
expect_bad assert_alone "cspgate: error: --assert picks the counterexample to follow: give --follow too" --assert 1
printf '["a", "c"]' > ac.json
"$bin" simulate m.csp P --scenario s.json --follow ac.json > ac.txt 2>&1
[ $? = 1 ] || fail "a trace the model cannot do: not exit 1"
grep -q "^trace:     left at event 2 of 2, c (\$\[1\]), at .*: not possible in the model here$" ac.txt ||
    { fail "a trace the model cannot do: no 'not possible' line"; sed 's/^/    /' ac.txt; }
grep -q "^           possible there: {b}$" ac.txt || fail "a trace the model cannot do: not 'possible there: {b}'"

# --- 5. The JSON documents against the schema ---------------------------------------------------
py "a --follow document does not validate" "$src/docs/schema/sim.schema.json" phils-sim.json topology-sim.json free1.json stop.json frozen-stop.json frozen-free.json <<'PY'
import json, sys
schema = json.load(open(sys.argv[1]))
try:
    import jsonschema
except ImportError:
    sys.exit(0)
bad = 0
for path in sys.argv[2:]:
    for e in jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(path))):
        print(path, list(e.absolute_path), e.message)
        bad += 1
sys.exit(1 if bad else 0)
PY

[ $failures = 0 ] && echo "all simulate --follow checks passed"
exit $((failures != 0))
