#!/bin/sh
# Run one libFuzzer target for a while from a fresh seed corpus.
# Usage: fuzz/run.sh BUILD_DIR [SECONDS] [TARGET]   (TARGET: fuzz-routine (default),
#        fuzz-program, fuzz-voiceline, fuzz-trace, fuzz-config, fuzz-config-edit,
#        fuzz-history-json, fuzz-stats or
#        fuzz-store-open; BUILD_DIR configured with CC=clang and -Dfuzz=true)
set -eu

if [ $# -lt 1 ]; then
	echo "usage: $0 BUILD_DIR [SECONDS] [TARGET]" >&2
	exit 2
fi
build=$1
seconds=${2:-30}
target=${3:-fuzz-routine}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
fuzzer=$build/fuzz/$target
if [ ! -x "$fuzzer" ]; then
	echo "$0: $fuzzer not found; build it with: ninja -C $build fuzz/$target" >&2
	exit 2
fi

corpus=$(mktemp -d "${TMPDIR:-/tmp}/movebreak-fuzz.XXXXXX")
log=$corpus.log
trap 'rm -rf "$corpus" "$log"' EXIT
# Seeds and a keyword dictionary that fit each parser.
dict=""
case $target in
fuzz-routine | fuzz-voiceline)
	cp "$root"/data/routines/*.yaml "$root"/tests/data/routines/* "$corpus"/
	dict="-dict=$here/routine.dict"
	;;
fuzz-program) cp "$root"/data/programs/*.yaml "$root"/tests/data/programs/* "$corpus"/ ;;
fuzz-trace) cp "$root"/tests/data/traces/*.trace "$corpus"/ ;;
fuzz-config | fuzz-config-edit) cp "$root"/tests/data/traces/*.ini "$corpus"/ ;;
fuzz-history-json) cp "$root"/tests/data/store/*.json "$corpus"/ ;;
fuzz-store-open)
	# Real history files (empty, version 0, 1 and 2, truncated, with a -wal), made by movebreak.
	if [ ! -x "$build/movebreak" ]; then
		echo "$0: the seeds need $build/movebreak; build it with: ninja -C $build movebreak" >&2
		exit 2
	fi
	python3 "$here/store-seeds.py" "$build/movebreak" "$corpus"
	;;
fuzz-stats)
	printf '2026-03-29\001\002\000\001\002\000\001\002\003ABCDEFGHIJKLMNOPQRSTUVWXYZ' >"$corpus"/dst
	printf '2024-02-29\000\000\000\000\000\000\000\000\001\377\377\377\000\000\000' >"$corpus"/leap
	;;
*)
	echo "$0: no seeds known for $target" >&2
	exit 2
	;;
esac

# Crash reproducers outlive the temporary corpus, next to the build.
artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts"

status=0
"$fuzzer" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 -max_len=16384 \
	$dict -artifact_prefix="$artifacts/" -print_final_stats=1 \
	"$corpus" >"$log" 2>&1 || status=$?

runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' "$log" | tail -n 1)
if [ "$status" -ne 0 ] || [ -z "$runs" ]; then
	# Show the report: the sanitizer's stack and the file that reproduces it.
	tail -n 60 "$log" >&2
	echo "$target: FAILED (exit $status); reproducers in $artifacts" >&2
	exit 1
fi
echo "$target: $runs, no crashes (corpus grew to $(ls "$corpus" | wc -l) inputs)"
