# Sourced by models_expect.sh and models_replay.sh, which take the same
# arguments (CSPGATE [MODELS_DIR [SKIP_FILE]]) and check each model the same
# way.  After sourcing: $bin (absolute), $dir, $skips (the skipped paths), a
# temporary directory $tmp removed on exit, and
#   is_skipped FILE     true when FILE is listed in the skip file
#   check_model FILE    runs `cspgate check` on FILE from its directory,
#                       writing $tmp/out.json and $tmp/out.txt; sets $code
script=$(basename "$0")
if [ $# -lt 1 ]; then
  echo "usage: $0 CSPGATE [MODELS_DIR [SKIP_FILE]]" >&2
  exit 2
fi
bin=$1
dir=${2:-models}
skipfile=${3:-$(dirname "$0")/models_expect_skip.txt}
skips=""
[ -f "$skipfile" ] && skips=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$skipfile")
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
[ -x "$bin" ] || { echo "$script: no cspgate binary at $bin" >&2; exit 2; }
[ -d "$dir" ] || { echo "$script: no directory $dir" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

is_skipped() {
  printf '%s\n' "$skips" | grep -qxF "$1"
}

check_model() {
  fdir=$(dirname "$1")
  fbase=$(basename "$1")
  rm -f "$tmp/out.json"
  (cd "$fdir" && timeout 300 "$bin" check "$fbase" --json "$tmp/out.json" --no-timings --quiet \
     --max-states 5000000 --timeout 60) > "$tmp/out.txt" 2>&1 < /dev/null
  code=$?
}
