#!/usr/bin/env python3
"""End to end: `movebreak now` without a terminal prints one line per cue, on time, and records."""
import json
import os
import re
import signal
import sqlite3
import subprocess
import time

from mbtest import Home, MOVEBREAK, check, done

LINE = re.compile(r'^\[(\d+:\d\d)\]   (\S+(?: \S+)?)\s+(.*)$')
LABEL = {'prepare': 'get ready', 'breathe_in': 'breathe in', 'breathe_out': 'breathe out',
         'switch': 'switch sides', 'done': 'well done'}


def offset(t):
    """The plan's seconds as the coach prints them: whole seconds, rounded, so lines align."""
    s = int(t + 0.5)
    return f'{s // 60}:{s % 60:02d}'


def rows(db):
    con = sqlite3.connect(db)
    try:
        return con.execute('select routine, outcome, source, exercises_done, exercises_total, '
                           'start_us, end_us, active_us from breaks order by id').fetchall()
    finally:
        con.close()


home = Home()
plan = json.loads(home.run('plan', '--minutes', '3', '--json').stdout)

# A whole break, sped up; stdout is a pipe, so the plain coach runs without --plain.
t0 = time.monotonic()
r = home.run('now', '--minutes', '3', '--time-scale', '150')
wall = time.monotonic() - t0
check(r.returncode == 0, 'now without a terminal runs to the end', r.stderr)
lines = r.stdout.splitlines()
check(lines[0].startswith('movebreak: Shoulder reset, 3m') and 'Ctrl-C' in lines[0], 'a header names the routine')
cue_lines = [m for m in map(LINE.match, lines) if m and not m.group(2).startswith('Why:')]
check(len(cue_lines) == len(plan['cues']), f'one line per cue ({len(cue_lines)} of {len(plan["cues"])})',
      '\n'.join(lines[:20]))
for m, c in zip(cue_lines, plan['cues']):
    label = LABEL.get(c['kind'], c['kind'])
    assert m.group(1) == offset(c['t']), (m.group(0), c)
    assert m.group(2) == label, (m.group(0), c)
    assert m.group(3).startswith(c['text']), (m.group(0), c)
    if 'rep' in c:
        assert f"(rep {c['rep']} of {c['of']})" in m.group(3), (m.group(0), c)
    if 'side' in c:
        assert f"({c['side']} side)" in m.group(3), (m.group(0), c)
check(True, 'every cue line matches the plan: offset, label, text, rep and side')
check(len({len(m.group(1)) for m in cue_lines}) == 1 and
      len({m.start(2) for m in cue_lines}) == 1 and len({m.start(3) for m in cue_lines}) == 1,
      'every cue line has its offset, label and text in the same columns')
headers = [l for l in lines if re.match(r'^\[\d+:\d\d\] Exercise \d of 5: ', l)]
check(len(headers) == 5 and 'Exercise 5 of 5: Neck and shoulder reset' in headers[-1],
      'each exercise is announced with k of 5', '\n'.join(headers))
check(sum('Why: ' in l for l in lines) == 5, "each exercise says why it works")
check(re.match(r'^Break complete: \d+s|^Break complete: \dm\d\ds, 5 of 5 exercises\. Recorded\.$', lines[-1]),
      'a one-line summary closes the break', lines[-1])
expected = plan['total_s'] / 150
check(wall >= expected * 0.95, f'the sped-up break took at least its scaled length ({wall:.2f} s >= {expected:.2f} s)')
rec = rows(home.db)
check(len(rec) == 1 and rec[0][:5] == ('shoulder-reset', 'completed', 'manual', 5, 5),
      'the break is recorded as completed, manual, 5 of 5', str(rec))
check(rec[0][6] > rec[0][5] and rec[0][7] > 0, 'with start, end and active time', str(rec))

# Lines are flushed as they fall due: at real speed the first cue is there at once.
proc = subprocess.Popen([MOVEBREAK, 'now', '--plain'], env=home.env(), stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True)
first = proc.stdout.readline()
second = proc.stdout.readline()
check(proc.poll() is None and first.startswith('movebreak:') and 'Exercise 1 of 5' in second,
      'lines reach a pipe at once, while the break still runs')
proc.send_signal(signal.SIGINT)
out, err = proc.communicate(timeout=10)
check(proc.returncode == 0 and 'Break ended early' in out and 'Recorded as partial' in out,
      'Ctrl-C ends the break early and says it was kept as partial', out + err)
rec = rows(home.db)
check(len(rec) == 2 and rec[1][1] == 'partial' and rec[1][3] == 0,
      'the cut-short break is in the history as partial, 0 of 5', str(rec))

# Cut short midway at speed: the exercises reached are counted.
proc = subprocess.Popen([MOVEBREAK, 'now', '--time-scale', '60'], env=home.env(),
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
seen = ''
while 'Exercise 3 of 5' not in seen:
    line = proc.stdout.readline()
    if not line:
        check(False, 'the break reaches exercise 3 before it is stopped', seen)
    seen += line
proc.send_signal(signal.SIGTERM)
out, err = proc.communicate(timeout=10)
rec = rows(home.db)
check(rec[-1][1] == 'partial' and rec[-1][3] == 2, 'SIGTERM in exercise 3 records 2 of 5 done', str(rec))

# A break started by the daemon names its routine in MOVEBREAK_ROUTINE.
r = home.run('now', '--no-record', '--time-scale', '500', env=home.env(MOVEBREAK_ROUTINE='micro-reset'))
check(r.returncode == 0 and r.stdout.startswith('movebreak: Micro reset,'),
      'now without a name coaches the routine MOVEBREAK_ROUTINE names', r.stdout)
r = home.run('now', 'bogus-routine', env=home.env(MOVEBREAK_ROUTINE='micro-reset'))
check(r.returncode == 2, 'a name on the command line wins over MOVEBREAK_ROUTINE')

# --no-record writes nothing.
before = len(rows(home.db))
r = home.run('now', 'micro-reset', '--no-record', '--time-scale', '500')
check(r.returncode == 0 and 'Recorded' not in r.stdout and len(rows(home.db)) == before,
      '--no-record runs the break and writes nothing')

# A history that cannot be opened: the break still runs, with a warning saying why.
blocked = Home()
os.makedirs(blocked.root, exist_ok=True)
with open(os.path.join(blocked.root, 'data'), 'w') as f:
    f.write('a file where the data directory should be')
r = blocked.run('now', 'micro-reset', '--time-scale', '500')
check(r.returncode == 0 and 'will not be recorded' in r.stderr and 'Break complete' in r.stdout,
      'when the history cannot be opened the break runs and a warning says why', r.stderr)

# A damaged history is moved aside, never deleted, and the break is recorded afresh.
damaged = Home()
os.makedirs(os.path.dirname(damaged.db))
junk = b'this is not a database ' * 100
with open(damaged.db, 'wb') as f:
    f.write(junk)
r = damaged.run('now', 'micro-reset', '--time-scale', '500')
aside = [f for f in os.listdir(os.path.dirname(damaged.db)) if '.corrupt-' in f]
check(r.returncode == 0 and 'damaged' in r.stderr and len(aside) == 1, 'a damaged history is moved aside with a warning', r.stderr)
with open(os.path.join(os.path.dirname(damaged.db), aside[0]), 'rb') as f:
    check(f.read() == junk, 'the damaged file is kept byte for byte')
check(len(rows(damaged.db)) == 1, 'the break went into a fresh history')

# Bad options exit 2 and name the argument.
for args, needle in ((['--time-scale', 'fast'], '--time-scale'), (['--minutes', 'x'], '--minutes'),
                     (['--gui-please'], "'--gui-please'")):
    r = home.run('now', *args)
    check(r.returncode == 2 and needle in r.stderr, f'now {" ".join(args)} exits 2 naming it', r.stderr)

done()
