#!/bin/bash
# The terminal coach colours its cue label when the terminal can, and not at all under NO_COLOR.
set -u
: "${MOVEBREAK:?MOVEBREAK is not set}"
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed"; exit 77; }

tmp=$(mktemp -d)
trap 'tmux -L "mb-color-$$-a" kill-server 2>/dev/null; tmux -L "mb-color-$$-b" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

# Count the foreground colour escapes (SGR 30-37, 90-97 and 38;5;N) on the coach's screen.
# Prints the count, or a reason on stderr and fails when the coach never drew.
colour_escapes() {
	local no_color=$1 sock=$2 screen=
	tmux -L "$sock" -f /dev/null new-session -d -x 90 -y 28 \
		"env NO_COLOR='$no_color' TERM=xterm-256color XDG_DATA_HOME='$tmp/data' '$MOVEBREAK' now --no-record; sleep 30"
	for _ in $(seq 50); do
		screen=$(tmux -L "$sock" capture-pane -p -e)
		case $screen in *"Exercise 1 of 5"*) break ;; esac
		sleep 0.1
	done
	case $screen in
	*"Exercise 1 of 5"*) ;;
	*) printf 'the coach did not draw its first screen:\n%s\n' "$screen" >&2; return 1 ;;
	esac
	grep -oE $'\e\\[(3[0-7]|9[0-7]|38;5;[0-9]+)m' <<<"$screen" | wc -l
	tmux -L "$sock" kill-server
}

n=$(colour_escapes "" "mb-color-$$-a") || { echo "FAIL: with colours"; exit 1; }
[ "$n" -gt 0 ] || { echo "FAIL: no colour on a colour terminal"; exit 1; }
echo "ok: the cue label is coloured on a colour terminal ($n colour escapes)"
n=$(colour_escapes 1 "mb-color-$$-b") || { echo "FAIL: with NO_COLOR"; exit 1; }
[ "$n" -eq 0 ] || { echo "FAIL: $n colour escapes with NO_COLOR set"; exit 1; }
echo "ok: NO_COLOR turns every colour off"
