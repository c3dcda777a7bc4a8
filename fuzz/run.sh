#!/bin/sh
# Run the routine loader fuzzer for a while from a fresh seed corpus.
# Usage: fuzz/run.sh BUILD_DIR [SECONDS]   (BUILD_DIR configured with CC=clang and -Dfuzz=true)
set -eu

if [ $# -lt 1 ]; then
	echo "usage: $0 BUILD_DIR [SECONDS]" >&2
	exit 2
fi
build=$1
seconds=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
fuzzer=$build/fuzz/fuzz-routine
if [ ! -x "$fuzzer" ]; then
	echo "$0: $fuzzer not found; build it with: ninja -C $build fuzz/fuzz-routine" >&2
	exit 2
fi

corpus=$(mktemp -d "${TMPDIR:-/tmp}/movebreak-fuzz.XXXXXX")
log=$corpus.log
trap 'rm -rf "$corpus" "$log"' EXIT
cp "$root"/data/routines/*.yaml "$root"/tests/data/routines/* "$corpus"/

# Crash reproducers outlive the temporary corpus, next to the build.
artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts"

status=0
"$fuzzer" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 -max_len=16384 \
	-dict="$here/routine.dict" -artifact_prefix="$artifacts/" -print_final_stats=1 \
	"$corpus" >"$log" 2>&1 || status=$?

runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' "$log" | tail -n 1)
if [ "$status" -ne 0 ] || [ -z "$runs" ]; then
	# Show the report: the sanitizer's stack and the file that reproduces it.
	tail -n 60 "$log" >&2
	echo "fuzz-routine: FAILED (exit $status); reproducers in $artifacts" >&2
	exit 1
fi
echo "fuzz-routine: $runs, no crashes (corpus grew to $(ls "$corpus" | wc -l) inputs)"
