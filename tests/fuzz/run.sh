#!/usr/bin/env bash
# Fuzzes the CSPM parser with libFuzzer for a given number of seconds.
#
#   tests/fuzz/run.sh [SECONDS]          (default 60; `make fuzz-smoke` runs 60)
#
# Builds build/fuzz with clang++ (-DCSPGATE_FUZZ=ON, RelWithDebInfo, ASan and
# UBSan) when it is missing or stale, then runs cspgate_parse_fuzz on a
# temporary copy of tests/fuzz/seeds with tests/fuzz/cspm.dict.  Exits non-zero
# on any crash, leak, timeout or out-of-memory; the reproducer is then kept in
# <build>/artifacts/ and its path printed.
#
# Environment: CSPGATE_FUZZ_BUILD_DIR (default build/fuzz), CSPGATE_FUZZ_JOBS
# (build parallelism, default nproc), CSPGATE_FUZZ_CORPUS_OUT (a folder that
# receives the final corpus, if set).
set -euo pipefail

seconds=${1:-60}
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds == 0)); then
  echo "usage: $0 [SECONDS]" >&2
  exit 64
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${CSPGATE_FUZZ_BUILD_DIR:-$root/build/fuzz}
[[ $build = /* ]] || build=$root/$build
jobs=${CSPGATE_FUZZ_JOBS:-$(nproc)}
# CSPGATE_FUZZ_TARGET picks the target: cspgate_parse_fuzz (the default),
# cspgate_load_fuzz (parse, bind, evaluate the constants), or
# cspgate_otlp_fuzz (the OTLP/JSON reader and the trace checks, with the
# seeds of tests/fuzz/otlp_seeds and no CSPM dictionary).
target=${CSPGATE_FUZZ_TARGET:-cspgate_parse_fuzz}
seeds=$here/seeds
dict=(-dict="$here/cspm.dict")
if [[ $target = cspgate_otlp_fuzz ]]; then
  seeds=$here/otlp_seeds
  dict=()
fi

command -v clang++ >/dev/null || { echo "run.sh: clang++ not found (apt-get install clang)" >&2; exit 1; }

# Configure once; ninja itself decides whether anything needs rebuilding.
if [[ ! -f $build/build.ninja ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCSPGATE_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" --target "$target" -j "$jobs"

work=$(mktemp -d "${TMPDIR:-/tmp}/cspgate-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/cwd"
cp "$seeds"/* "$work/corpus/"

# The fuzzer runs in an empty directory: an `include "x"` in a mutated input
# then finds nothing rather than some file of the checkout.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The log is shown as it grows, without libFuzzer's many NEW/REDUCE lines.
set +e
(
  cd "$work/cwd"
  exec "$build/$target" "$work/corpus" \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    "${dict[@]}" -artifact_prefix="$work/artifact-" -print_final_stats=1
) 2>&1 | tee "$work/fuzz.log" | grep --line-buffered -v '^#[0-9]*[[:space:]]*\(NEW\|REDUCE\)'
status=${PIPESTATUS[0]}
set -e
# libFuzzer exits non-zero on a crash, leak, timeout or OOM; a run that did
# not reach its time limit ("Done N runs") failed too, whatever its status.
grep -q '^Done [0-9]* runs in' "$work/fuzz.log" || ((status != 0)) || status=1

if [[ -n ${CSPGATE_FUZZ_CORPUS_OUT:-} ]]; then
  mkdir -p "$CSPGATE_FUZZ_CORPUS_OUT"
  cp "$work"/corpus/* "$CSPGATE_FUZZ_CORPUS_OUT"/
fi

if ((status != 0)); then
  mkdir -p "$build/artifacts"
  for f in "$work"/artifact-*; do
    [[ -e $f ]] || continue
    cp "$f" "$build/artifacts/"
    echo "run.sh: reproducer kept: $build/artifacts/$(basename "$f")" >&2
  done
  cp "$work/fuzz.log" "$build/artifacts/fuzz-$(date +%Y%m%d-%H%M%S).log"
  echo "run.sh: FAILED: the fuzzer found a crash, leak, timeout or OOM (log in $build/artifacts/)" >&2
  exit 1
fi
echo "run.sh: ok: $seconds s of fuzzing, no crash, leak or timeout ($(find "$work/corpus" -type f | wc -l) corpus files)"
