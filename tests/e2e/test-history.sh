#!/bin/bash
# End-to-end checks of `movebreak history` against a real SQLite file in a private XDG home.
set -eu

if [ -z "${MOVEBREAK:-}" ]; then
    echo "FAIL: set MOVEBREAK to the movebreak binary" >&2
    exit 1
fi
for tool in sqlite3 python3 cmp; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIP: $tool is not installed"
        exit 77
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mb-history.XXXXXX")
# The processes this test starts (a bus and a daemon), ended by their ids.
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
export XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config HOME=$tmp/home
# A fixed zone without DST (two hours east of UTC) makes local times predictable.
export TZ=XST-2 LC_ALL=C
unset NO_COLOR
db=$XDG_DATA_HOME/movebreak/history.db

checks=0
fail() {
    echo "FAIL: $*" >&2
    [ -z "${out:-}" ] || printf -- '--- stdout:\n%s\n' "$out" >&2
    [ -z "${err:-}" ] || printf -- '--- stderr:\n%s\n' "$err" >&2
    exit 1
}
pass() {
    checks=$((checks + 1))
    echo "ok $checks - $*"
}

# Run movebreak; leaves stdout in $out, stderr in $err and the exit status in $rc.
run() {
    rc=0
    out=$("$MOVEBREAK" "$@" 2>"$tmp/stderr") || rc=$?
    err=$(cat "$tmp/stderr")
}

expect_rc() {
    [ "$rc" -eq "$1" ] || fail "$2: exit status $rc, expected $1"
}

# Assert something about the JSON in $out; the Python expression sees it as `d`.
expect_json() {
    python3 -c 'import json, sys
d = json.loads(sys.argv[1])
if not eval("(" + sys.argv[2] + ")"):
    sys.exit(1)' "$out" "$1" || fail "$2: JSON does not satisfy: $1"
}

run history
expect_rc 0 "history on a new store"
[ "$out" = "No breaks recorded yet." ] || fail "empty store: expected 'No breaks recorded yet.'"
[ -z "$err" ] || fail "empty store: unexpected message on stderr"
pass "empty store says no breaks are recorded"

[ -f "$db" ] || fail "history did not create $db"
[ "$(sqlite3 "$db" 'PRAGMA user_version')" = 4 ] || fail "schema version is not 4"
[ "$(sqlite3 "$db" 'PRAGMA journal_mode')" = wal ] || fail "journal mode is not WAL"
pass "history created the database at schema version 4 in WAL mode"

run history --json
expect_rc 0 "history --json on an empty store"
expect_json 'd == []' "empty store as JSON"
pass "empty store as JSON is []"

# 2024-05-03 13:20:00 UTC, and a day and an hour earlier; the routine name needs escaping.
sqlite3 "$db" "INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,
    exercises_done, exercises_total, outcome, source) VALUES
    (1714742400000000, 1714742650000000, 242000000, 240000000, 'shoulder-reset', 4, 5,
        'partial', 'prompt'),
    (1714652400000000, 1714652430500000, 30500000, 30000000, 'micro \"reset\" \\ x', 1, 1,
        'completed', 'manual'),
    (1714738800000000, 1714738800000000, 0, 240000000, 'shoulder-reset', 0, 5,
        'skipped', 'prompt');"
pass "inserted three breaks with the sqlite3 tool"

# --all lists the rows as stored, one per line, with the outcome of each.
run history --all
expect_rc 0 "history --all with three breaks"
lines=$(printf '%s\n' "$out" | wc -l)
[ "$lines" -eq 4 ] || fail "plain output: expected a header and 3 rows, got $lines lines"
header=$(printf '%s\n' "$out" | sed -n 1p)
for word in When Routine Kind Active Exercises Outcome Source; do
    case $header in *"$word"*) ;; *) fail "plain header lacks '$word'" ;; esac
done
row=$(printf '%s\n' "$out" | sed -n 2p)
for want in "2024-05-03 15:20" shoulder-reset movement "04:02" "4/5 exercises" partial prompt; do
    case $row in *"$want"*) ;; *) fail "newest row lacks '$want': $row" ;; esac
done
case $(printf '%s\n' "$out" | sed -n 3p) in
    *"2024-05-03 14:20"*"00:00"*"0/5 exercises"*skipped*prompt*) ;;
    *) fail "second row is not the skipped break of 14:20" ;;
esac
case $(printf '%s\n' "$out" | sed -n 4p) in
    *"2024-05-02 14:20"*"00:31"*"1/1 exercises"*completed*manual*) ;;
    *) fail "oldest row is not the completed break of the day before" ;;
esac
pass "--all lists the rows newest first with local time, time, exercises, outcome"

# By default each break is one line saying what happened; these three are a row each.
run history
expect_rc 0 "history with three breaks"
lines=$(printf '%s\n' "$out" | wc -l)
[ "$lines" -eq 4 ] || fail "folded output: expected a header and 3 lines, got $lines lines"
header=$(printf '%s\n' "$out" | sed -n 1p)
for word in When Routine Kind Active Exercises Source "What happened"; do
    case $header in *"$word"*) ;; *) fail "folded header lacks '$word'" ;; esac
done
case $(printf '%s\n' "$out" | sed -n 2p) in
    *"2024-05-03 15:20"*shoulder-reset*movement*"04:02"*"4/5 exercises"*prompt*"cut short") ;;
    *) fail "newest line is not the break of 15:20 cut short" ;;
esac
case $(printf '%s\n' "$out" | sed -n 3p) in
    *"2024-05-03 14:20"*"00:00"*"0/5 exercises"*prompt*skipped) ;;
    *) fail "second line is not the skipped break of 14:20" ;;
esac
case $(printf '%s\n' "$out" | sed -n 4p) in
    *"2024-05-02 14:20"*"00:31"*"1/1 exercises"*manual*completed) ;;
    *) fail "oldest line is not the completed break of the day before" ;;
esac
pass "history lists one line per break, newest first, saying what happened"

run history --limit 1
expect_rc 0 "history --limit 1"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] || fail "--limit 1: expected a header and one row"
case $out in *"2024-05-03 15:20"*) ;; *) fail "--limit 1 did not keep the newest break" ;; esac
pass "--limit 1 shows only the newest break"

run history --all --json
expect_rc 0 "history --all --json"
expect_json 'len(d) == 3' "JSON has three breaks"
expect_json '[b["start"] for b in d] == ["2024-05-03T15:20:00+02:00",
    "2024-05-03T14:20:00+02:00", "2024-05-02T14:20:00+02:00"]' "JSON is newest first"
expect_json 'd[0] == {"id": 1, "start": "2024-05-03T15:20:00+02:00",
    "end": "2024-05-03T15:24:10+02:00", "routine": "shoulder-reset", "kind": "movement",
    "exercises_done": 4,
    "exercises_total": 5, "outcome": "partial", "source": "prompt", "active_s": 242,
    "planned_s": 240}' "newest break as JSON"
expect_json 'd[2]["routine"] == "micro \"reset\" \\ x" and d[2]["active_s"] == 30.5
    and d[2]["outcome"] == "completed" and d[2]["source"] == "manual"' "escaped routine name"
pass "--all --json gives every field, escapes strings and keeps the order"

run history --all --json --limit 2
expect_rc 0 "history --all --json --limit 2"
expect_json '[b["id"] for b in d] == [1, 3]' "--all --json --limit 2"
pass "--all --json honours --limit"

run history --json
expect_rc 0 "history --json"
expect_json '[b["ids"] for b in d] == [[1], [3], [2]]' "each break has its rows"
expect_json 'd[0] == {"start": "2024-05-03T15:20:00+02:00",
    "end": "2024-05-03T15:24:10+02:00", "routine": "shoulder-reset", "kind": "movement",
    "source": "prompt", "outcome": "partial", "summary": "cut short", "prompts": 0,
    "postponed": 0, "exercises_done": 4, "exercises_total": 5, "active_s": 242,
    "planned_s": 240, "ids": [1]}' "newest break as JSON"
expect_json '[b["summary"] for b in d] == ["cut short", "skipped", "completed"]
    and d[2]["routine"] == "micro \"reset\" \\ x"' "what happened, and the escaped routine"
pass "--json gives one object per break with what happened and the ids of its rows"

run history --json --limit 2
expect_rc 0 "history --json --limit 2"
expect_json '[b["ids"] for b in d] == [[1], [3]]' "--json --limit 2"
pass "--json honours --limit"

# Text from the database reaches the terminal escaped: an OSC 52 clipboard write (ESC ] 52 ...
# BEL), a colour, DEL, a C1 CSI and a byte that is not UTF-8, put in with the sqlite3 tool so
# no import stands in the way. A row the coach wrote while the clock was set back two hours
# (end 7197099379 us before the start) shows its time moving, and --json ends it at start +
# active time.
cp "$db" "$tmp/three.db"
sqlite3 "$db" "INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,
    exercises_done, exercises_total, outcome, source) VALUES
    (1714746000000000, 1714746000000000, 0, 240000000,
        'x' || char(27) || ']52;c;aGVsbG8=' || char(7) || char(27) || '[31mred' ||
        char(127) || char(155) || 'y', 0, 5, 'skipped', 'prompt'),
    (1714749600000000, 1714749600000000, 0, 240000000, CAST(X'41FF42' AS TEXT), 0, 5,
        'skipped', 'prompt'),
    (1714753200000000, 1714753200000000 - 7197099379, 245000000, 240000000,
        'shoulder-reset', 5, 5, 'completed', 'manual');"
run history
expect_rc 0 "history with control characters in stored routines"
if printf '%s' "$out" | LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')"; then
    fail "history printed a control character"
fi
printf '%s' "$out" | LC_ALL=C grep -q "$(printf '\302[\200-\237]')" &&
    fail "history printed a C1 control character"
case $out in
    *'x\x1b]52;c;aGVsbG8=\x07\x1b[31mred\x7f\u009by'*) ;;
    *) fail "the OSC 52 routine is not shown escaped" ;;
esac
case $out in *'A\xffB'*) ;; *) fail "the byte that is not UTF-8 is not shown as \\xff" ;; esac
case $(printf '%s\n' "$out" | sed -n 2p) in
    *"2024-05-03 18:20"*shoulder-reset*"04:05"*"5/5 exercises"*completed*) ;;
    *) fail "the clock-step row does not show its active time" ;;
esac
pass "history shows stored control characters escaped, never raw"

run history --json
expect_rc 0 "history --json with control characters"
if printf '%s' "$out" | LC_ALL=C grep -q "$(printf '[\001-\037\177]')"; then
    fail "history --json printed a control character"
fi
case $out in *'\u001b]52;c;aGVsbG8=\u0007\u001b[31mred\u007f\u009by'*) ;;
    *) fail "history --json does not write the OSC 52 routine with \\u escapes" ;;
esac
expect_json '[b["routine"] for b in d][1:3] == ["A\ufffdB",
    "x\x1b]52;c;aGVsbG8=\x07\x1b[31mred\x7f\x9by"]' "the escapes read back as the text"
expect_json 'd[0]["start"] == "2024-05-03T18:20:00+02:00" and
    d[0]["end"] == "2024-05-03T18:24:05+02:00"' "the clock-step row ends at start + active"
pass "history --json escapes them as \\u, and ends a clock-step break after its start"
run history --all
expect_rc 0 "history --all with control characters in stored routines"
if printf '%s' "$out" | LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')"; then
    fail "history --all printed a control character"
fi
case $out in *'A\xffB'*'x\x1b]52;c;aGVsbG8=\x07\x1b[31mred\x7f\u009by'*) ;;
    *) fail "history --all does not show the stored routines escaped" ;;
esac
run history --all --json
if printf '%s' "$out" | LC_ALL=C grep -q "$(printf '[\001-\037\177]')"; then
    fail "history --all --json printed a control character"
fi
case $out in *'\u001b]52;c;aGVsbG8=\u0007\u001b[31mred\u007f\u009by'*) ;;
    *) fail "history --all --json does not write the OSC 52 routine with \\u escapes" ;;
esac
pass "history --all shows them escaped too, in text and JSON"
# A challenge's summary is stored text too: challenge status shows it escaped.
sqlite3 "$db" "INSERT INTO challenges (start_date, days, goal, created_us, stopped_us, summary)
    VALUES ('2024-05-01', 30, 3, 1714500000000000, 1714600000000000,
        'done' || char(27) || ']0;pwned' || char(7));"
run challenge status
if printf '%s' "$out" | LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')"; then
    fail "challenge status printed a control character"
fi
case $out in *'done\x1b]0;pwned\x07'*) ;; *) fail "the summary is not shown escaped" ;; esac
run challenge status --json
case $out in *'done\u001b]0;pwned\u0007'*) ;; *) fail "challenge --json does not escape it" ;; esac
pass "challenge status shows a stored summary escaped, in text and JSON"
cp "$tmp/three.db" "$db"
rm -f "$db-wal" "$db-shm"

head -c 4096 /dev/urandom >"$tmp/garbage"
printf 'not a database' | dd of="$tmp/garbage" conv=notrunc status=none
cp "$tmp/garbage" "$db"
rm -f "$db-wal" "$db-shm"
run history
expect_rc 0 "history over a damaged database"
case $err in *warning*"moved aside"*) ;; *) fail "no warning about the damaged database" ;; esac
asides=("$db".corrupt-*)
[ "${#asides[@]}" -eq 1 ] && [ -f "${asides[0]}" ] || fail "expected one $db.corrupt-* file"
case ${asides[0]} in
    "$db".corrupt-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]) ;;
    *) fail "aside name is not .corrupt-YYYYMMDD-HHMMSS: ${asides[0]}" ;;
esac
case $err in *"${asides[0]}"*) ;; *) fail "the warning does not say where the file went" ;; esac
cmp -s "$tmp/garbage" "${asides[0]}" || fail "the moved file does not hold the original bytes"
[ "$out" = "No breaks recorded yet." ] || fail "after the move the history should be empty"
[ "$(sqlite3 "$db" 'PRAGMA user_version')" = 4 ] || fail "no fresh database after the move"
pass "a damaged database is moved aside intact with a warning and a fresh one started"

sqlite3 "$db" 'PRAGMA user_version = 99'
run history
expect_rc 1 "history over a newer schema"
case $err in *newer*) ;; *) fail "newer schema: the message does not say it is newer" ;; esac
[ "$(sqlite3 "$db" 'PRAGMA user_version')" = 99 ] || fail "newer schema: the file was changed"
asides=("$db".corrupt-*)
[ "${#asides[@]}" -eq 1 ] || fail "newer schema: the file was moved aside"
pass "a database from a newer movebreak is refused and left alone"

# Another program's SQLite file where the history goes: refused, not a byte changed.
foreign=$tmp/foreign/movebreak/history.db
mkdir -p "$(dirname "$foreign")"
sqlite3 "$foreign" "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');"
cp "$foreign" "$tmp/foreign.copy"
XDG_DATA_HOME=$tmp/foreign run history
expect_rc 1 "history over another program's SQLite file"
case $err in *"$foreign"*"not a movebreak history"*) ;; *) fail "foreign file: no clear message" ;; esac
cmp -s "$foreign" "$tmp/foreign.copy" || fail "foreign file: its bytes changed"
[ ! -e "$foreign-wal" ] || fail "foreign file: a -wal was created beside it"
[ -z "$(ls "$foreign".corrupt-* 2>/dev/null)" ] || fail "foreign file: it was moved aside"
pass "an SQLite file that is not a history is refused by name and left untouched"

# A history its owner made read-only: the reading commands read it, a break says why it is
# not recorded. Root writes anything, so as root this runs as nobody.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
    command -v setpriv >/dev/null && as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
if [ "$(id -u)" -eq 0 ] && [ ${#as_user[@]} -eq 0 ]; then
    echo "skip - no setpriv to test a read-only history as a user who is not root"
else
    ro=$tmp/ro/movebreak/history.db
    XDG_DATA_HOME=$tmp/ro run history
    expect_rc 0 "history making a new history to make read-only"
    sqlite3 "$ro" "INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,
        exercises_done, exercises_total, outcome, source) VALUES (1714742400000000,
        1714742430000000, 30000000, 30000000, 'read-only-break', 1, 1, 'completed', 'manual')"
    chmod 0444 "$ro"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R nobody:nogroup "$tmp/ro"
        chmod 0755 "$tmp"
    fi
    rc=0
    out=$(XDG_DATA_HOME=$tmp/ro "${as_user[@]}" "$MOVEBREAK" history 2>"$tmp/stderr") || rc=$?
    err=$(cat "$tmp/stderr")
    expect_rc 0 "history on a read-only history"
    case $out in *read-only-break*) ;; *) fail "read-only history: the break is not listed" ;; esac
    [ -z "$err" ] || fail "read-only history: unexpected message on stderr"
    rc=0
    out=$(XDG_DATA_HOME=$tmp/ro "${as_user[@]}" "$MOVEBREAK" now micro-reset --plain \
        --time-scale 10000 2>"$tmp/stderr") || rc=$?
    err=$(cat "$tmp/stderr")
    expect_rc 0 "a break on a read-only history"
    case $err in *"cannot write $ro: the file is read-only"*) ;;
        *) fail "read-only history: the break does not say the file is read-only" ;; esac
    chmod 0700 "$tmp"
    pass "a read-only history is read, and a break says it is not recorded because the file is read-only"
fi

touch "$tmp/file"
XDG_DATA_HOME=$tmp/file run history
expect_rc 1 "history when the data directory cannot be made"
case $err in *"$tmp/file"*) ;; *) fail "the open failure does not name the path" ;; esac
pass "a data directory that cannot be made fails with the path and exit 1"

run history --limit abc
expect_rc 2 "history --limit abc"
case $err in *--limit*abc*) ;; *) fail "--limit abc: the message does not name the argument" ;; esac
pass "--limit abc is bad usage naming the argument"

run history --limit 0
expect_rc 2 "history --limit 0"
case $err in *--limit*) ;; *) fail "--limit 0: the message does not name the argument" ;; esac
pass "--limit 0 is bad usage"

run history --bogus
expect_rc 2 "history --bogus"
case $err in *--bogus*) ;; *) fail "--bogus: the message does not name the argument" ;; esac
pass "--bogus is bad usage naming the argument"

run history --limit
expect_rc 2 "history --limit without a value"
case $err in *--limit*) ;; *) fail "--limit without a value: the message does not name it" ;; esac
pass "--limit without a value is bad usage naming it"

run history extra
expect_rc 2 "history extra"
case $err in *extra*) ;; *) fail "extra argument: the message does not name it" ;; esac
pass "an extra argument is bad usage naming it"

run history --help
expect_rc 0 "history --help"
case $out in *"Usage: movebreak history"*--limit*--json*) ;; *) fail "--help is incomplete" ;; esac
pass "--help describes the options"

# One prompt put off twice and then taken, beside a natural break, a micro-reset offered and
# not answered, and a prompt skipped: four breaks, eleven rows. The coach the daemon starts
# writes its row as manual; the break is still the prompt's. 2024-05-06 10:00 UTC is 12:00 here.
XDG_DATA_HOME=$tmp/episode run history
expect_rc 0 "history making a history for an episode"
edb=$tmp/episode/movebreak/history.db
m=60000000 t0=1714989600000000
sqlite3 "$edb" "INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,
    exercises_done, exercises_total, outcome, source, kind) VALUES
    ($t0 - 180 * $m, $t0 - 168 * $m, 720000000, 0, '', 0, 0, 'natural', 'manual', 'movement'),
    ($t0, $t0, 0, 240000000, 'shoulder-reset', 0, 0, 'prompted', 'prompt', 'movement'),
    ($t0 + $m, $t0 + $m, 0, 240000000, 'shoulder-reset', 0, 0, 'postponed', 'prompt',
        'movement'),
    ($t0 + 6 * $m, $t0 + 6 * $m, 0, 240000000, 'shoulder-reset', 0, 0, 'prompted', 'prompt',
        'movement'),
    ($t0 + 7 * $m, $t0 + 7 * $m, 0, 240000000, 'shoulder-reset', 0, 0, 'postponed', 'prompt',
        'movement'),
    ($t0 + 12 * $m, $t0 + 12 * $m, 0, 240000000, 'shoulder-reset', 0, 0, 'prompted', 'prompt',
        'movement'),
    ($t0 + 13 * $m, $t0 + 13 * $m, 0, 240000000, 'shoulder-reset', 0, 0, 'started', 'prompt',
        'movement'),
    ($t0 + 13 * $m + 5000000, $t0 + 17 * $m + 10000000, 245000000, 240000000,
        'shoulder-reset', 5, 5, 'completed', 'manual', 'movement'),
    ($t0 + 120 * $m, $t0 + 120 * $m, 0, 30000000, 'micro-reset', 0, 0, 'prompted', 'prompt',
        'micro'),
    ($t0 + 180 * $m, $t0 + 180 * $m, 0, 240000000, 'shoulder-reset', 0, 0, 'prompted',
        'prompt', 'movement'),
    ($t0 + 181 * $m, $t0 + 181 * $m, 0, 240000000, 'shoulder-reset', 0, 0, 'skipped',
        'prompt', 'movement');"
XDG_DATA_HOME=$tmp/episode run history
expect_rc 0 "history over an episode"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 5 ] || fail "episode: expected a header and 4 lines"
case $(printf '%s\n' "$out" | sed -n 2p) in
    *"2024-05-06 15:00"*shoulder-reset*movement*"00:00  -  "*prompt*skipped) ;;
    *) fail "the prompt skipped at 15:00 is not one line" ;;
esac
case $(printf '%s\n' "$out" | sed -n 3p) in
    *"2024-05-06 14:00"*micro-reset*micro*" -  -  "*prompt*"prompted, not answered") ;;
    *) fail "the micro-reset not answered is not one line" ;;
esac
case $(printf '%s\n' "$out" | sed -n 4p) in
    *"2024-05-06 12:00"*shoulder-reset*"04:05"*"5/5 exercises"*prompt*"postponed twice, then completed") ;;
    *) fail "the prompt put off twice and taken is not one line" ;;
esac
case $(printf '%s\n' "$out" | sed -n 5p) in
    *"2024-05-06 09:00"*"(rest)"*movement*"12:00  -  "*manual*"natural break") ;;
    *) fail "the natural break is not one line" ;;
esac
pass "a prompt, its postpones and its break are one line: postponed twice, then completed"

XDG_DATA_HOME=$tmp/episode run history --all
[ "$(printf '%s\n' "$out" | wc -l)" -eq 12 ] || fail "episode --all: expected every row"
case $(printf '%s\n' "$out" | sed -n 5p) in
    *"2024-05-06 12:13"*"04:05"*completed*manual) ;;
    *) fail "--all does not show the coach's row as written" ;;
esac
XDG_DATA_HOME=$tmp/episode run history --all --limit 2
[ "$(printf '%s\n' "$out" | wc -l)" -eq 3 ] || fail "--all --limit 2: expected two rows"
case $out in *skipped*prompted*) ;; *) fail "--all --limit 2: not the two newest rows" ;; esac
XDG_DATA_HOME=$tmp/episode run history --limit 2
[ "$(printf '%s\n' "$out" | wc -l)" -eq 3 ] || fail "--limit 2: expected two breaks"
case $out in *"15:00"*skipped*"14:00"*"not answered"*) ;;
    *) fail "--limit 2: not the two newest breaks" ;; esac
pass "--all shows every row; --limit counts breaks, or rows with --all"

XDG_DATA_HOME=$tmp/episode run history --json
expect_rc 0 "history --json over an episode"
expect_json '[b["summary"] for b in d] == ["skipped", "prompted, not answered",
    "postponed twice, then completed", "natural break"]' "what happened to each break"
expect_json 'd[2] == {"start": "2024-05-06T12:00:00+02:00", "end": "2024-05-06T12:17:10+02:00",
    "routine": "shoulder-reset", "kind": "movement", "source": "prompt",
    "outcome": "completed", "summary": "postponed twice, then completed", "prompts": 3,
    "postponed": 2, "exercises_done": 5, "exercises_total": 5, "active_s": 245,
    "planned_s": 240, "ids": [2, 3, 4, 5, 6, 7, 8]}' "the episode as JSON"
expect_json 'sorted(i for b in d for i in b["ids"]) == list(range(1, 12))' "every row once"
expect_json 'd[1]["kind"] == "micro" and d[1]["outcome"] == "prompted"
    and d[3]["routine"] == "" and d[3]["active_s"] == 720' "the micro-reset and the rest"
pass "--json gives each break once, with the ids of all its rows and one source"

# A break of more rows than the first read takes (three a break asked for, and 16): a prompt
# put off 40 times. The newest break still comes whole.
XDG_DATA_HOME=$tmp/long run history
ldb=$tmp/long/movebreak/history.db
python3 -c 'import sys
t0, m = int(sys.argv[1]), int(sys.argv[2])
rows = [(t0 - 600 * m, "completed", "manual", 30000000, 1, 1)]
for i in range(41):
    rows.append((t0 + 10 * i * m, "prompted", "prompt", 0, 0, 0))
    if i < 40:
        rows.append((t0 + (10 * i + 1) * m, "postponed", "prompt", 0, 0, 0))
rows.append((t0 + 401 * m, "started", "prompt", 0, 0, 0))
rows.append((t0 + 401 * m + 1000000, "completed", "manual", 240000000, 5, 5))
print("BEGIN;")
for start, outcome, source, active, done, total in rows:
    print("INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,"
          " exercises_done, exercises_total, outcome, source) VALUES (%d, %d, %d, 240000000,"
          " \"shoulder-reset\", %d, %d, \"%s\", \"%s\");"
          % (start, start + active, active, done, total, outcome, source))
print("COMMIT;")' "$t0" "$m" | sqlite3 "$ldb"
XDG_DATA_HOME=$tmp/long run history --limit 1
expect_rc 0 "history --limit 1 over a long episode"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] || fail "long episode: expected one break"
case $out in *"2024-05-06 12:00"*"5/5 exercises"*prompt*"postponed 40 times, then completed") ;;
    *) fail "the long episode is not one whole line" ;; esac
XDG_DATA_HOME=$tmp/long run history --json --limit 1
expect_json 'len(d) == 1 and len(d[0]["ids"]) == 83 and d[0]["prompts"] == 41' "all 83 rows"
XDG_DATA_HOME=$tmp/long run history --json
expect_json 'len(d) == 2 and d[1]["summary"] == "completed"' "the break before it"
pass "a break of more rows than the first read is shown whole"

# Through the real daemon on a private bus: a prompt put off twice, then taken with
# `movebreak break`. The coach it runs (a real break of one second, not a demo) asks the
# daemon whose break it is, so its row says prompt too, and the line is the prompt's.
if ! command -v dbus-daemon >/dev/null; then
    echo "skip - dbus-daemon is not installed: no history through the daemon"
else
    dd=$tmp/daemon
    mkdir -p "$dd"
    dbus-daemon --session --fork --print-address=1 --print-pid=3 >"$dd/bus.address" \
        3>"$dd/bus.pid"
    pids+=("$(cat "$dd/bus.pid")")
    bus=$(cat "$dd/bus.address")
    printf '%s\n' '[movement]' 'every = 2s' '[micro]' 'every = 0' '[prompt]' 'lull = 0' \
        "break_command = $MOVEBREAK now --plain >/dev/null 2>&1" \
        '[postpone]' 'delay = 2s' >"$dd/config.ini"
    ddb=$dd/data/movebreak/history.db
    mkdir -p "$dd/config/movebreak/routines"
    printf '%s\n' 'name: shoulder-reset' 'title: Short shoulder reset' 'exercises:' \
        '  - title: Shoulder rolls' '    prepare: 0s' '    steps:' '      - hold: Stay tall' \
        '        time: 1s' >"$dd/config/movebreak/routines/shoulder-reset.yaml"
    in_daemon() {
        env -u DISPLAY -u WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS="$bus" \
            XDG_DATA_HOME="$dd/data" XDG_CONFIG_HOME="$dd/config" "$@"
    }
    # Not through the function: $! is then the daemon itself (env execs it), not a subshell.
    env -u DISPLAY -u WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS="$bus" XDG_DATA_HOME="$dd/data" \
        XDG_CONFIG_HOME="$dd/config" "$MOVEBREAK" daemon --config "$dd/config.ini" --backend none >"$dd/daemon.log" 2>&1 &
    daemon_pid=$!
    pids+=("$daemon_pid")
    state() {
        in_daemon "$MOVEBREAK" status --json 2>/dev/null |
            python3 -c 'import json, sys; print(json.load(sys.stdin)["state"])' 2>/dev/null
    }
    rows_of() { sqlite3 "$ddb" "SELECT count(*) FROM breaks WHERE outcome = '$1'" 2>/dev/null; }
    # Wait up to 15 s for the shell condition $1.
    wait_for() {
        local _
        for _ in $(seq 150); do
            if eval "$1"; then
                return 0
            fi
            sleep 0.1
        done
        err=$(cat "$dd/daemon.log")
        fail "the daemon did not get to: $1"
    }
    wait_for '[ "$(state)" = prompt ]'
    in_daemon "$MOVEBREAK" postpone >/dev/null || fail "movebreak postpone"
    wait_for '[ "$(rows_of prompted)" = 2 ] && [ "$(state)" = prompt ]'
    in_daemon "$MOVEBREAK" postpone >/dev/null || fail "movebreak postpone, again"
    wait_for '[ "$(rows_of prompted)" = 3 ] && [ "$(state)" = prompt ]'
    in_daemon "$MOVEBREAK" break >/dev/null || fail "movebreak break"
    wait_for '[ "$(rows_of completed)" = 1 ]'
    kill -TERM "$daemon_pid"
    wait "$daemon_pid" || fail "the daemon did not exit cleanly on SIGTERM"
    XDG_DATA_HOME=$dd/data run history --all
    expect_rc 0 "history --all after the daemon"
    got=$(printf '%s\n' "$out" | awk 'NR > 1 { printf "%s %s, ", $(NF - 1), $NF }')
    [ "$got" = "completed prompt, started prompt, prompted prompt, postponed prompt, \
prompted prompt, postponed prompt, prompted prompt, " ] ||
        fail "the daemon and its coach did not write the rows expected: $got"
    XDG_DATA_HOME=$dd/data run history
    expect_rc 0 "history after the daemon"
    [ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] || fail "after the daemon: expected one break"
    case $(printf '%s\n' "$out" | sed -n 2p) in
        *shoulder-reset*movement*exercises*prompt*"postponed twice, then completed") ;;
        *) fail "the daemon's break is not one line, from the prompt" ;;
    esac
    XDG_DATA_HOME=$dd/data run history --json
    expect_json 'len(d) == 1 and d[0]["source"] == "prompt" and len(d[0]["ids"]) == 7
        and d[0]["outcome"] == "completed"' "the daemon's break as JSON"
    pass "through the daemon: a prompt put off twice and taken is one line, from the prompt"
fi

echo "all $checks history checks passed"
