#!/bin/sh
# Validates real `cspgate check --json` output against
# docs/schema/check.schema.json (python3 + jsonschema, draft 2020-12), and
# tests its key fields with python3's json module.
#
#   tests/schema/check_json.sh CSPGATE SOURCE_DIR
#
# Exit status: 0 valid, 1 invalid, 77 python3 missing (ctest's SKIP_RETURN_CODE).
set -u
bin=$1 src=$2
command -v python3 >/dev/null 2>&1 || { echo "SKIPPED: no python3"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# phils: a failing deadlock check and a passing one; the divergence and
# determinism checks below give a τ loop and an alternative behaviour.
cat > "$dir/more.csp" <<'CSP'
channel a, b
P = a -> P
D = P \ {a}
N = a -> STOP |~| b -> STOP
assert D :[divergence free]
assert N :[deterministic [FD]]
assert P :[has trace]: <a, a>
assert STOP [T= P
assert STOP [R= P
assert ((a -> STOP) [> STOP) [V= ((a -> STOP) |~| STOP)
assert N [F= N :[partial order reduce]
CSP
"$bin" check "$src/models/classic/phils.csp" --no-timings --quiet --json "$dir/phils.json" >/dev/null
"$bin" check "$dir/more.csp" --quiet --json "$dir/more.json" --junit "$dir/more.xml" >/dev/null
# The JUnit report carries an assertion's notes as its system-out.
grep -q "<system-out>note: partial order reduction not applied; explored in full" "$dir/more.xml" ||
  { echo "FAIL: the JUnit report lacks the note of :[partial order reduce]"; exit 1; }
python3 - "$src/docs/schema/check.schema.json" "$dir/phils.json" "$dir/more.json" <<'PY'
import json, sys
schema = json.load(open(sys.argv[1]))
docs = [json.load(open(p)) for p in sys.argv[2:]]
bad = 0
try:
    import jsonschema
    v = jsonschema.Draft202012Validator(schema)
    jsonschema.Draft202012Validator.check_schema(schema)
    for p, d in zip(sys.argv[2:], docs):
        for e in v.iter_errors(d):
            print(f"{p}: {list(e.absolute_path)}: {e.message}"); bad += 1
except ImportError:
    print("note: no jsonschema module; key fields only")
phils, more = docs
def expect(cond, what):
    global bad
    if not cond: print("FAIL:", what); bad += 1
expect(phils["schema"] == "cspgate.check/v1", "schema")
a = phils["assertions"][0]
expect(a["index"] == 1 and a["property"] == "deadlock free" and a["model"] == "F", "phils [1] property")
expect(a["verdict"] == "fail" and a["counterexample"]["kind"] == "deadlock", "phils [1] deadlock")
expect("seconds" not in a["statistics"], "--no-timings leaves seconds out")
expect(len(a["counterexample"]["trace"]) == sum(s["event"]["text"] != "\u03c4" for s in a["counterexample"]["path"]), "trace = visible path")
kinds = {x["property"]: x for x in more["assertions"]}
refinements = [x for x in more["assertions"] if x["property"] == "refinement"]
expect(kinds["divergence free"]["counterexample"]["kind"] == "divergence" and kinds["divergence free"]["counterexample"]["loop"], "divergence loop")
expect(kinds["deterministic"]["counterexample"]["kind"] == "nondeterminism" and kinds["deterministic"]["counterexample"]["alternative"], "nondeterminism alternative")
expect(kinds["has trace"]["verdict"] == "pass", "has trace")
expect(refinements[0]["verdict"] == "fail" and refinements[0]["counterexample"]["kind"] == "refinement: trace"
       and [e["text"] for e in refinements[0]["counterexample"]["trace"]] == [], "STOP [T= P fails at once")
expect(refinements[1]["verdict"] == "fail" and refinements[1]["counterexample"]["kind"] == "refinement: trace", "STOP [R= P fails at once")
expect(refinements[2]["verdict"] == "fail" and refinements[2]["counterexample"]["kind"] == "refinement: revival", "[V= revival")
expect(refinements[3]["verdict"] == "pass" and refinements[3]["notes"] == ["partial order reduction not applied; explored in full"], "option noted")
expect(all("notes" not in x for x in refinements[:3]), "no notes without options")
# src/cli/check.cpp writes the JSON without timings even without --no-timings.
expect("seconds" not in kinds["has trace"]["statistics"], "JSON never carries timings")
s = more["summary"]
expect(sum(s.values()) == len(more["assertions"]), "summary counts")
print("check JSON:", "ok" if bad == 0 else f"{bad} problems")
sys.exit(1 if bad else 0)
PY
