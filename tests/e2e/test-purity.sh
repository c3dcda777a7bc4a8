#!/bin/bash
# Keeps src/core pure: only libc and core headers, no I/O, no clock reads, no
# process control, no mutable globals. Proves it can fail on a bad fixture first.
set -u
root=${MB_SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}

allowed='assert|ctype|errno|inttypes|limits|math|stdarg|stdbool|stddef|stdint|stdio|stdlib|string'
# stdio.h is allowed for snprintf/vsnprintf only; these calls are what make I/O.
forbidden='\b(printf|fprintf|vfprintf|puts|fputs|fputc|putchar|fopen|fdopen|fread|fwrite|fclose|fflush|getchar|fgets|scanf|fscanf|perror|getenv|setenv|time|clock|clock_gettime|gettimeofday|localtime|gmtime|mktime|rand|srand|random|exit|_exit|abort|system|popen|open|read|write|close|sleep|usleep|nanosleep|poll|select|signal|sigaction)[[:space:]]*\('

check_dir() {
	local dir=$1 bad=0
	for f in "$dir"/*.[ch]; do
		while IFS= read -r line; do
			echo "$f: include not allowed in the core: $line"
			bad=1
		done < <(grep -E '^#include' "$f" | grep -Ev "^#include <($allowed)\.h>|^#include \"core/")
		while IFS= read -r line; do
			echo "$f: I/O, clock or process call in the core: $line"
			bad=1
		done < <(sed -e 's://.*$::' -e 's:/\*.*\*/::g' -e 's:^[[:space:]]*/\?\*.*$::' "$f" |
			grep -nE "$forbidden")
		# File-scope variables: a top-level line that declares without a '(' and is not const.
		while IFS= read -r line; do
			echo "$f: mutable global in the core: $line"
			bad=1
		done < <(grep -nE '^(static[[:space:]]+)?(struct[[:space:]]+[a-z_]+|unsigned|signed|int|long|char|double|float|bool|size_t|u?int[0-9]+_t)[[:space:]*]+[A-Za-z_][A-Za-z0-9_]*[[:space:]]*(=|;|\[)' "$f" |
			grep -v '(' | grep -v 'const')
	done
	return $bad
}

fixture=$(mktemp -d)
trap 'rm -rf "$fixture"' EXIT
cat >"$fixture/bad.c" <<'C'
#include <stdio.h>
#include <time.h>
#include "platform/store.h"
static int counter = 0;
int now(void) { printf("x"); return (int)time(NULL) + counter; }
C
if check_dir "$fixture" >"$fixture/out"; then
	echo "FAIL: the purity check passed a file with I/O, a clock and a global"
	exit 1
fi
for want in 'include not allowed' 'I/O, clock' 'mutable global'; do
	grep -q "$want" "$fixture/out" || { echo "FAIL: the fixture did not trip '$want'"; cat "$fixture/out"; exit 1; }
done
echo "ok: the check catches includes, I/O and clock calls, and globals in a bad fixture"

if ! check_dir "$root/src/core"; then
	echo "FAIL: src/core is not pure"
	exit 1
fi
echo "ok: src/core includes only libc and core headers, does no I/O, reads no clock, has no mutable globals"
