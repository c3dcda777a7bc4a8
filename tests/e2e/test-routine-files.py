#!/usr/bin/env python3
"""End to end: routine files that are not files, start with a byte-order mark, or ask too much.

Every run has a timeout: a FIFO that is waited on would otherwise hang the test, not fail it.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import time

import mbtest
from mbtest import MOVEBREAK, Home, SOURCE_ROOT, check, done
import routinegen

home = Home()
TIMEOUT = 20


def run(*args):
    try:
        return home.run(*args, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        check(False, f'movebreak {" ".join(args)} answers within {TIMEOUT} s')


def write(name, text, mode='w'):
    path = os.path.join(home.root, name)
    with open(path, mode) as f:
        f.write(text)
    return path


# ---- Not a regular file: a FIFO, /dev/null, a directory ----
routines = os.path.join(home.config, 'movebreak', 'routines')
os.makedirs(routines)
with open(os.path.join(SOURCE_ROOT, 'data/routines/micro-reset.yaml')) as f:
    good = f.read().replace('name: micro-reset', 'name: my-reset')
with open(os.path.join(routines, 'my-reset.yaml'), 'w') as f:
    f.write(good)
fifo = os.path.join(routines, 'stuck.yaml')
os.mkfifo(fifo)
os.symlink('/dev/null', os.path.join(routines, 'null.yaml'))
os.mkdir(os.path.join(routines, 'folder.yaml'))

r = run('routines', 'list')
rows = {line.split()[0]: line for line in r.stdout.splitlines()[1:]}
check(r.returncode == 2, 'routines list with a FIFO among the routines ends, exit 2', r.stderr)
check('my-reset' in rows and 'Micro reset' in rows['my-reset'] and
      'shoulder-reset' in rows and 'micro-reset' in rows,
      'the other user routine and the built-ins are still listed', r.stdout)
check(all('(has problems)' in rows.get(n, '') for n in ('stuck', 'null', 'folder')),
      'the FIFO, /dev/null and the directory are listed as having problems', r.stdout)
check(f'{fifo}: cannot read: not a regular file' in r.stderr and
      'null.yaml: cannot read: not a regular file' in r.stderr and
      'folder.yaml: cannot read: is a directory, not a regular file' in r.stderr,
      'each is named with "not a regular file"', r.stderr)

r = run('now', 'stuck', '--plain', '--no-record')
check(r.returncode == 2 and f'{fifo}: cannot read: not a regular file' in r.stderr,
      'now with a FIFO routine exits 2 naming it', r.stderr)
r = run('now', 'my-reset', '--plain', '--no-record', '--time-scale', '1000')
check(r.returncode == 0, 'now still coaches a good user routine beside the FIFO', r.stderr)

for path in (fifo, '/dev/null', home.root):
    for args in (('plan', path), ('routines', 'check', path), ('routines', 'show', path)):
        r = run(*args)
        check(r.returncode == 2 and re.search(re.escape(path) + r': cannot read: .*not a regular file',
                                              r.stderr),
              f'{" ".join(args)} exits 2: not a regular file', r.stderr)
trace = os.path.join(SOURCE_ROOT, 'tests/data/traces', sorted(
    os.listdir(os.path.join(SOURCE_ROOT, 'tests/data/traces')))[0])
r = run('simulate', '--trace', fifo)
check(r.returncode == 2 and 'not a regular file' in r.stderr, 'a FIFO as a trace exits 2', r.stderr)
r = run('simulate', '--trace', trace, '--config', fifo)
check(r.returncode == 2 and 'not a regular file' in r.stderr, 'a FIFO as a config exits 2', r.stderr)

# ---- A byte-order mark ----
plain = '\n'.join(line for line in good.splitlines() if not line.startswith('#')) + '\n'
bom = write('bom.yaml', b'\xef\xbb\xbf' + plain.encode(), 'wb')
r = run('routines', 'check', bom)
check(r.returncode == 0 and ': ok: my-reset' in r.stdout,
      'a routine file that starts with a byte-order mark loads', r.stderr)
r = run('plan', bom, '--json')
check(r.returncode == 0 and json.loads(r.stdout)['routine'] == 'my-reset', 'and plans', r.stderr)
broken = plain.replace('title: Micro reset', 'title: [Micro reset')
for name, data in (('nobom-bad.yaml', broken.encode()),
                   ('bom-bad.yaml', b'\xef\xbb\xbf' + broken.encode())):
    path = write(name, data, 'wb')
    r = run('routines', 'check', path)
    check(r.returncode == 2 and re.match(re.escape(path) + r':3:8: ', r.stderr),
          f'{name}: the problem is at the same line and column with or without the mark', r.stderr)

# ---- Text a terminal would act on, and one exercise ----
one = write('one.yaml', 'name: one\ntitle: "One \\u202Eturned"\nsummary: |\n  First line.\n'
            '  Second line.\nexercises:\n  - title: Shrug\n    sides: both\n'
            '    steps:\n      - move: "Lift the {side} shoulder"\n        time: 3s\n')
r = run('routines', 'check', one)
check(r.returncode == 0 and r.stdout == f'{one}: ok: one, 1 exercise, 14s\n',
      'a routine of one exercise checks as "1 exercise"', r.stdout + r.stderr)
r = run('routines', 'show', one)
check(r.returncode == 0 and r.stdout.startswith('One \\u202eturned (one), 14s, 1 exercise\n'
                                                'First line. Second line.\n'),
      'routines show escapes a right-to-left override and joins a block\'s lines', r.stdout)
check('\u202e' not in r.stdout and 'Lift the left shoulder (3s)' in r.stdout,
      'no bidirectional control reaches the terminal, and {side} reads as the left',
      r.stdout)

# ---- Routines that ask too much, and the largest one that does not ----
tiny = write('tiny-steps.yaml', routinegen.tiny_steps())
r = run('routines', 'check', tiny)
check(r.returncode == 2 and r.stderr.startswith(
    f"{tiny}:8:25: 'time' of step 1 of exercise 1 must be at least 0.5s, got '0.001s'"),
      'the enormous routine of millisecond steps is refused at its first step', r.stderr[:300])
r = run('plan', tiny)
check(r.returncode == 2 and not r.stdout, 'and plan refuses it too, at once', r.stderr[:300])
many = write('many-cues.yaml', routinegen.many_cues())
r = run('routines', 'check', many)
check(r.returncode == 2 and re.match(
    re.escape(many) + r':4:5: at its longest the routine has \d+ cues, more than the limit of 2000',
    r.stderr), 'reps of step reps past 2,000 cues are refused at the exercise', r.stderr[:300])

largest = write('largest.yaml', routinegen.largest())
check(os.path.getsize(largest) <= routinegen.MAX_BYTES, 'the largest routine fits in 256 KiB')
r = run('routines', 'check', largest)
check(r.returncode == 0 and ': ok: largest, 64 exercises' in r.stdout,
      'the largest routine the loader accepts checks clean', r.stderr)
for minutes in ('1', '5', '20', '120'):
    r = run('plan', largest, '--minutes', minutes, '--json')
    check(r.returncode == 0, f'it plans at --minutes {minutes}', r.stderr)
    p = json.loads(r.stdout)
    check(p['cues'][-1]['kind'] == 'done' and p['total_s'] <= 30 * 60,
          f'--minutes {minutes}: {len(p["cues"])} cues, {p["total_s"]} s')
check(len(p['cues']) == routinegen.MAX_CUES and p['total_s'] == p['max_s'],
      'at its highest dose it has exactly 2,000 cues')
longest = write('long-hold.yaml', routinegen.long_hold())
r = run('plan', longest, '--minutes', '120', '--json')
check(r.returncode == 0 and json.loads(r.stdout)['total_s'] == 30 * 60,
      'a routine of exactly 30 minutes plans', r.stderr)

# ---- The daemon reloads a routine without stalling: SIGHUP, then `status` answers ----
procs = []
if shutil.which('dbus-daemon'):
    env = home.env(DBUS_SESSION_BUS_ADDRESS=mbtest.start_session_bus(procs))
    config = os.path.join(home.root, 'daemon.ini')
    with open(config, 'w') as f:
        f.write('[movement]\nroutine = micro-reset\n')
    log = open(os.path.join(home.root, 'daemon.log'), 'w')
    daemon = subprocess.Popen([MOVEBREAK, 'daemon', '--config', config, '--backend', 'none'],
                              env=env, stdin=subprocess.DEVNULL, stdout=log,
                              stderr=subprocess.STDOUT)
    procs.append(daemon)

    def status():
        try:
            return subprocess.run([MOVEBREAK, 'status'], env=env, capture_output=True, text=True,
                                  timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return None

    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        r = status()
        if r is not None and r.returncode == 0:
            break
        time.sleep(0.1)
    try:
        for routine, what in ((fifo, 'a FIFO'), (tiny, 'the millisecond routine'),
                              (largest, 'the largest routine')):
            with open(config, 'w') as f:
                f.write(f'[movement]\nroutine = {routine}\n')
            daemon.send_signal(signal.SIGHUP)
            r = status()
            check(r is not None and r.returncode == 0 and daemon.poll() is None,
                  f'after SIGHUP with {what} as the movement routine the daemon still answers',
                  r.stderr if r else 'status timed out')
        with open(os.path.join(home.root, 'daemon.log')) as f:
            text = f.read()
        check(f'{fifo}: cannot read: not a regular file' in text and
              f"{tiny}:8:25: 'time' of step 1" in text and text.count('reloaded') == 1,
              'the FIFO and the millisecond routine are refused by name, the largest is taken',
              text[-2000:])
    finally:
        mbtest.kill_all(procs)
else:
    print('SKIP: dbus-daemon is missing, so the daemon reload is not tested')
done()
