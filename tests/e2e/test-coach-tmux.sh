#!/bin/bash
# End-to-end test of the full-screen coach: `movebreak now` in a private tmux server, read off its screen.
#
# Needs MOVEBREAK (the binary). Uses a throwaway XDG_DATA_HOME/XDG_CONFIG_HOME,
# so the user's history is never touched. Exits 77 (skip) without tmux.
set -u

if [ -z "${MOVEBREAK:-}" ]; then
    echo "FAIL: MOVEBREAK must name the movebreak binary"
    exit 1
fi
if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP: tmux is not installed"
    exit 77
fi

tmp=$(mktemp -d)
sock="mb-test-$$"
session=""

tm() {
    tmux -L "$sock" "$@"
}

cleanup() {
    tm kill-server >/dev/null 2>&1
    # tmux leaves its socket behind after kill-server.
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"
    rm -rf "$tmp"
}
trap cleanup EXIT

screen() {
    tm capture-pane -p -t "$session" 2>/dev/null
}

fail() {
    echo "FAIL: $*"
    echo "--- last screen ($session) ---"
    screen
    echo "------------------------------"
    for f in "$tmp"/*.stderr; do
        if [ -s "$f" ]; then
            echo "--- $(basename "$f") ---"
            cat "$f"
        fi
    done
    exit 1
}

pass() {
    echo "ok: $*"
}

# wait_for REGEX SECONDS [skip]: poll the screen until it matches REGEX (grep -E).
# With "skip", press n once a second meanwhile to get there faster.
wait_for() {
    local pattern=$1 tenths=$(($2 * 10)) skip=${3:-} i
    for ((i = 0; i < tenths; i++)); do
        if screen | grep -Eq -- "$pattern"; then
            return 0
        fi
        if [ -n "$skip" ] && ((i % 10 == 9)); then
            tm send-keys -t "$session" n
        fi
        sleep 0.1
    done
    return 1
}

# The "elapsed / total" clock of the progress line.
clock() {
    screen | grep -Eo '[0-9]+:[0-9]{2} / [0-9]+:[0-9]{2}' | head -n 1
}

pane_value() {
    tm display-message -p -t "$session" "$1" 2>/dev/null
}

# start NAME SCALE WIDTH HEIGHT: run the coach in a new session; its exit status lands in
# $tmp/NAME.status. The shell traps Ctrl-C with a no-op (the coach still gets the signal) so
# that it lives to write the status, then sleeps so the pane can be inspected.
start() {
    session=$1
    local scale=$2 width=$3 height=$4
    tm -f /dev/null new-session -d -s "$session" -x "$width" -y "$height" \
        "trap : INT; env XDG_DATA_HOME='$tmp/data' XDG_CONFIG_HOME='$tmp/config' TERM=xterm-256color \
        LC_ALL=C.UTF-8 '$MOVEBREAK' now --time-scale $scale shoulder-reset \
        2>'$tmp/$session.stderr'; echo \$? >'$tmp/$session.status'; exec sleep 600" ||
        fail "could not start tmux"
}

# finish NAME: wait for the coach to exit, then check it exited 0 and gave the terminal back.
finish() {
    local i
    for ((i = 0; i < 100; i++)); do
        [ -s "$tmp/$1.status" ] && break
        sleep 0.1
    done
    [ -s "$tmp/$1.status" ] || fail "$1: the coach did not exit within 10 s"
    local status
    status=$(cat "$tmp/$1.status")
    [ "$status" = 0 ] || fail "$1: movebreak now exited with status $status"
    pass "$1: the coach exited with status 0"
    # The pane lives on (sleeping) so its screen can be inspected once tmux has read it all.
    for ((i = 0; i < 30; i++)); do
        if [ "$(pane_value '#{alternate_on}')" = 0 ] && [ "$(pane_value '#{cursor_flag}')" = 1 ]; then
            pass "$1: the terminal was restored (normal screen, cursor visible)"
            return 0
        fi
        sleep 0.1
    done
    fail "$1: the terminal was not restored (alternate screen $(pane_value '#{alternate_on}'), cursor $(pane_value '#{cursor_flag}'))"
}

# outcomes: the recorded outcomes, one per line.
outcomes() {
    local json
    if json=$(env XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
        "$MOVEBREAK" history --json 2>/dev/null) && [ -n "$json" ]; then
        printf '%s\n' "$json" | grep -Eo '"outcome" *: *"[a-z]+"' | grep -Eo '[a-z]+"$' | tr -d '"'
    elif command -v sqlite3 >/dev/null 2>&1; then
        sqlite3 "$tmp/data/movebreak/history.db" "select outcome from breaks"
    else
        echo "no way to read the history: neither 'movebreak history --json' nor sqlite3" >&2
        return 1
    fi
}

# expect_outcomes A B ...: the history holds exactly these outcomes, in any order.
expect_outcomes() {
    local got want
    got=$(outcomes | sort | tr '\n' ' ')
    want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    [ "$got" = "$want" ] || fail "expected recorded outcomes '$want', got '$got'"
    pass "history holds: $*"
}

# --- one break, driven through every exercise, paused, resized and quit -----

start coach 8 100 32

wait_for 'Exercise 1 of 5: Shoulder-blade awareness' 10 ||
    fail "exercise 1 did not appear"
pass "exercise 1 of 5 shown: Shoulder-blade awareness"
screen | grep -q 'space pause' || fail "no key help line"
screen | grep -Eq '[0-9]+:[0-9]{2} / [0-9]+:[0-9]{2}' || fail "no elapsed/total clock"
pass "key help and progress clock shown"

wait_for 'Exercise 2 of 5: Wall press' 20 skip || fail "exercise 2 did not appear"
pass "exercise 2 of 5 shown: Wall press"
wait_for 'hold [0-9]+ s' 10 || fail "no hold countdown during the wall press"
pass "hold countdown shown"

tm send-keys -t "$session" Space
wait_for 'PAUSED' 3 || fail "PAUSED not shown after space"
before=$(clock)
sleep 1.2
after=$(clock)
if [ -z "$before" ] || [ "$before" != "$after" ]; then
    fail "the clock moved while paused ('$before' then '$after')"
fi
pass "paused: PAUSED shown and the clock held at $before for 1.2 s"

tm send-keys -t "$session" Space
resumed=""
for ((i = 0; i < 30; i++)); do
    if ! screen | grep -q PAUSED && [ "$(clock)" != "$before" ]; then
        resumed=yes
        break
    fi
    sleep 0.1
done
[ -n "$resumed" ] || fail "did not resume after a second space"
pass "resumed: PAUSED gone and the clock moving again ($(clock))"

wait_for 'Exercise 3 of 5: Shoulder rolls' 20 skip || fail "exercise 3 did not appear"
pass "exercise 3 of 5 shown: Shoulder rolls"
# Hold still while resizing, so the screens are compared at one moment of the break.
tm send-keys -t "$session" Space
wait_for 'PAUSED' 3 || fail "PAUSED not shown before the resize"

tm resize-window -t "$session" -x 40 -y 12
wait_for '^ Exercise 3 of 5: Shoulder rolls' 3 || fail "no compact header at 40x12"
screen | grep -Eq '[0-9]+ s( left)?$' || fail "no countdown at 40x12"
screen | grep -Eq '[0-9]+:[0-9]{2} / [0-9]+:[0-9]{2}' || fail "no progress at 40x12"
pass "40x12: compact layout with exercise, countdown and progress"

tm resize-window -t "$session" -x 20 -y 5
wait_for '^ 3/5 Shoulder' 3 || fail "no short header at 20x5"
[ "$(pane_value '#{pane_dead}')" = 0 ] || fail "the coach died at 20x5"
pass "20x5: still running, short header shown"

tm resize-window -t "$session" -x 100 -y 32
wait_for 'space resume' 3 || fail "full layout did not come back at 100x32"
screen | grep -q 'Exercise 3 of 5: Shoulder rolls' || fail "lost the exercise after resizing back"
screen | grep -q 'Why this works' || fail "no 'Why this works' at 100x32"
pass "100x32 again: full layout with the purpose"
tm send-keys -t "$session" Space

wait_for 'Exercise 4 of 5: Upper-back expansion' 20 skip || fail "exercise 4 did not appear"
pass "exercise 4 of 5 shown: Upper-back expansion"
wait_for 'breath [0-9]+ of [0-9]+' 10 || fail "no breath count during the paced hold"
pass "breath count shown during the paced hold"

wait_for 'Exercise 5 of 5: Neck and shoulder reset' 20 skip || fail "exercise 5 did not appear"
pass "exercise 5 of 5 shown: Neck and shoulder reset"
wait_for 'left side' 5 || fail "no side shown in exercise 5"
# Pause before looking closer, so the break cannot end on its own first.
tm send-keys -t "$session" Space
wait_for 'PAUSED' 3 || fail "PAUSED not shown in exercise 5"
screen | grep -q 'reach your right hand' || fail "the variant tip does not name the other side"
pass "left side shown, and the tip names the right hand"

tm send-keys -t "$session" q
finish coach
expect_outcomes partial

# --- Ctrl-C and SIGTERM end a break like q --------------------------------

start interrupt 8 80 24
wait_for 'Exercise 1 of 5' 10 || fail "interrupt: exercise 1 did not appear"
tm send-keys -t "$session" C-c
finish interrupt
expect_outcomes partial partial

start term 8 80 24
wait_for 'Exercise 1 of 5' 10 || fail "term: exercise 1 did not appear"
shell_pid=$(pane_value '#{pane_pid}')
coach_pid=$(pgrep -P "$shell_pid" | head -n 1)
[ -n "$coach_pid" ] || fail "term: could not find the coach's process"
kill -TERM "$coach_pid"
finish term
expect_outcomes partial partial partial

# --- a whole break, fast, to the closing screen ---------------------------

start whole 60 80 24
wait_for 'complete: 5 exercises' 15 || fail "whole: no closing screen"
pass "whole: the closing screen appeared"
finish whole
expect_outcomes partial partial partial completed

echo "all coach checks passed"
