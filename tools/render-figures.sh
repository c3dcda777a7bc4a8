#!/bin/sh
# Draw the README's pictures with `movebreak render`: each shoulder-reset exercise, and the
# first exercise of every other built-in routine.
# Usage: tools/render-figures.sh [BUILD_DIR]   (default: build; run from anywhere)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build}
movebreak=$build/movebreak
if [ ! -x "$movebreak" ]; then
	echo "$0: $movebreak not found; build first: meson setup build && ninja -C build" >&2
	exit 2
fi
out=$root/doc/images
mkdir -p "$out"

# Exercise, then the moment (seconds into the exercise, get-ready included) that shows it
# best at the default 4-minute dose: blades on their way together, the press held,
# shoulders halfway round a backward roll, hands clasped and nearly reaching, the head
# nearly tilted.
while read -r exercise at; do
	"$movebreak" render shoulder-reset --exercise "$exercise" --at "$at" \
		--size 240x260 --out "$out/shoulder-reset-$exercise.png"
	echo "$out/shoulder-reset-$exercise.png"
done <<'MOMENTS'
1 6
2 8.5
3 6
4 6.5
5 6.5
MOMENTS

# The first exercise of every other built-in routine, at the middle of its first step,
# for the README's table of routines.
for file in "$root"/data/routines/*.yaml; do
	name=$(basename "$file" .yaml)
	[ "$name" = shoulder-reset ] && continue
	"$movebreak" render "$name" --exercise 1 --size 240x260 --out "$out/$name-1.png"
	echo "$out/$name-1.png"
done
