#!/bin/bash
# Build with sanitizers, run every unit and end-to-end test, fuzz the parsers for a
# bounded time, and end with one "N passed, N failed" line. Under CI a skip fails.
# Usage: tools/run-tests.sh [all|fuzz]
set -u
cd "$(dirname "$0")/.."

TEST_BUILD=${TEST_BUILD:-build-test}
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
RELEASE_BUILD=${RELEASE_BUILD:-build-release}
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
what=${1:-all}
passed=0 failed=0 skipped=0
failures=()

# Add the results of one meson test run from its testlog.json.
count_meson() {
	local log=$1/meson-logs/testlog.json
	[ -f "$log" ] || { failed=$((failed + 1)); failures+=("$1: no test log"); return; }
	local summary
	summary=$(python3 - "$log" <<'PY'
import json, sys
p = f = s = 0
names = []
for line in open(sys.argv[1]):
    r = json.loads(line)
    res = r.get('result')
    if res in ('OK', 'EXPECTEDFAIL'):
        p += 1
    elif res == 'SKIP':
        s += 1
        names.append('skipped: ' + r['name'])
    else:
        f += 1
        names.append('failed: ' + r['name'])
print(p, f, s)
print('\n'.join(names))
PY
)
	local p f s name
	read -r p f s <<<"$(head -n 1 <<<"$summary")"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	while IFS= read -r name; do
		[ -n "$name" ] && failures+=("$1: $name")
	done < <(tail -n +2 <<<"$summary")
}

step() {
	echo "== $*"
}

if [ "$what" = all ]; then
	step "gcc build with ASan and UBSan, warnings as errors ($TEST_BUILD)"
	if [ ! -f "$TEST_BUILD/build.ninja" ]; then
		meson setup "$TEST_BUILD" -Db_sanitize=address,undefined -Db_lundef=false \
			-Dwerror=true --buildtype=debug || exit 1
	fi
	if ninja -C "$TEST_BUILD"; then
		step "unit and end-to-end tests"
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
			meson test -C "$TEST_BUILD" --print-errorlogs --num-processes 2
		count_meson "$TEST_BUILD"
	else
		failed=$((failed + 1)); failures+=("$TEST_BUILD: build failed")
	fi
fi

if [ "$what" = all ]; then
	# -O3 sees through more code than the debug build and warns where it does not
	# (maybe-uninitialized); the release build `make run` makes must stay clean too.
	step "gcc release build, warnings as errors ($RELEASE_BUILD)"
	if [ ! -f "$RELEASE_BUILD/build.ninja" ]; then
		meson setup "$RELEASE_BUILD" --buildtype=release -Dwerror=true || exit 1
	fi
	if ninja -C "$RELEASE_BUILD"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1)); failures+=("$RELEASE_BUILD: release build failed")
	fi
fi

step "clang build with the libFuzzer targets ($FUZZ_BUILD)"
if [ ! -f "$FUZZ_BUILD/build.ninja" ]; then
	CC=clang meson setup "$FUZZ_BUILD" -Dfuzz=true -Db_sanitize=address,undefined \
		-Db_lundef=false -Dwerror=true --buildtype=debugoptimized || exit 1
fi
if ninja -C "$FUZZ_BUILD"; then
	if [ "$what" = all ]; then
		step "unit tests again, built with clang"
		meson test -C "$FUZZ_BUILD" --suite unit --print-errorlogs --num-processes 2
		count_meson "$FUZZ_BUILD"
	fi
	for target in fuzz/fuzz-*.c; do
		name=$(basename "$target" .c)
		step "fuzzing $name for ${FUZZ_SECONDS}s"
		if fuzz/run.sh "$FUZZ_BUILD" "$FUZZ_SECONDS" "$name"; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1)); failures+=("fuzz: $name found a problem")
		fi
	done
else
	failed=$((failed + 1)); failures+=("$FUZZ_BUILD: build failed")
fi

for f in "${failures[@]+"${failures[@]}"}"; do echo "  $f"; done
if [ "${CI:-}" = true ] && [ "$skipped" -gt 0 ]; then
	echo "CI: $skipped skipped tests count as failures"
	failed=$((failed + skipped))
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
