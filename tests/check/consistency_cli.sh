#!/bin/sh
# `cspgate check` on consistency assertions: verdicts and exit codes, and a
# diagnostic (exit 2) for each way the channel can be unusable.
#   tests/check/consistency_cli.sh CSPGATE
set -u
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
# expect CODE TEXT FILE: exit code CODE, and TEXT somewhere in stdout+stderr.
expect() {
  code=$1 text=$2 file=$3
  out=$("$bin" check "$file" --no-timings 2>&1)
  rc=$?
  if [ "$rc" != "$code" ]; then
    echo "FAIL: $file: exit $rc, expected $code"; echo "$out"; status=1
  elif ! printf '%s\n' "$out" | grep -qF -- "$text"; then
    echo "FAIL: $file: no '$text' in:"; echo "$out"; status=1
  else
    echo "ok: $file: exit $rc, '$text'"
  fi
}
cat > "$dir/pass.csp" <<'CSP'
Root = 0
channel c : {1..2}.{0..2}.{0..2}
channel l : {1..2}.{1..3}
P = c.1.1.0 -> c.1.2.1 -> l.1.1 -> l.1.2 -> STOP
assert P :[causal consistency]: c
assert P :[sequential consistency gapless]: l
CSP
expect 0 "[2] P :[sequential consistency gapless]: l: pass" "$dir/pass.csp"
cat > "$dir/fail.csp" <<'CSP'
channel c : {1..2}.{0..2}.{0..2}
channel l : {1..2}.{1..3}
P = c.1.2.1 -> l.1.2 -> STOP
assert P :[causal consistency]: (c, 0)
assert P :[sequential consistency]: l
assert P :[sequential consistency gapless]: l
CSP
expect 1 "c.1.2.1 has parent span 1, which no earlier event on c has introduced in trace 1" "$dir/fail.csp"
expect 1 "l.1.2 is the first record of key 1 on l, but its sequence starts at 1" "$dir/fail.csp"
printf 'channel c : {1..2}.{0..2}.{0..2}\nP = STOP\nassert P :[causal consistency]: c\n' > "$dir/noroot.csp"
expect 2 "noroot.csp:3:33: error: the causal consistency check needs the parent value of a root span" "$dir/noroot.csp"
printf 'channel l : {1}\nP = STOP\nassert P :[sequential consistency]: l\n' > "$dir/short.csp"
expect 2 "error: the events of l have fewer than 2 fields after it; expected c.key.seq" "$dir/short.csp"
printf 'P = STOP\nassert P :[sequential consistency]: 3\n' > "$dir/notchannel.csp"
expect 2 "error: expected a channel whose events are c.key.seq, found 3" "$dir/notchannel.csp"
printf 'channel c : {1}.{1}.{1}\nP = STOP\nassert P :[causal consistency [T]]: c\n' > "$dir/model.csp"
expect 2 "error: ':[causal consistency]' is checked on traces and takes no semantic model" "$dir/model.csp"
printf 'channel c : {1}.{1}.{1}\nP = STOP\nassert P :[causal consistency]\n' > "$dir/nochannel.csp"
expect 2 "must be followed by ':' and a channel" "$dir/nochannel.csp"
exit $status
