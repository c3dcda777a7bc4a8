#!/usr/bin/env python3
"""Measure `movebreak stats` and `challenge status` over 1, 3 and 10 years of dense history.

Usage: bench/stats.py [BINARY] [RUNS] [every-day]   (default: build/movebreak, 15 runs)

Each history is written with sqlite3 straight into the schema the binary creates (it makes
the file first): every working day 8 movement prompts, half of them postponed once, all
answered (started, the coach's completed row), 6 micro-resets, 2 natural breaks and 12
stretches of activity: about 36 break rows and 12 activity rows a day. With `every-day`
weekends are working days too, so the goal is met every day and the current streak runs
through the whole history: the worst case for following the streak back. A 30-day challenge
runs through the last day. The median wall time of each command is reported, and its ratio
to `movebreak --version` (process start alone) measured in the same run, since machines here
are shared and noisy.
"""
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta

binary = sys.argv[1] if len(sys.argv) > 1 else 'build/movebreak'
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
every_day = len(sys.argv) > 3 and sys.argv[3] == 'every-day'
TODAY = date(2026, 3, 30)
US = 1000000


def build(years):
    home = tempfile.mkdtemp(prefix='mb-bench-stats-')
    env = dict(os.environ, XDG_CONFIG_HOME=home + '/config', XDG_DATA_HOME=home + '/data',
               HOME=home, TZ='Europe/Berlin', MOVEBREAK_TODAY=TODAY.isoformat())
    subprocess.run([binary, 'history'], env=env, check=True, capture_output=True)
    db = home + '/data/movebreak/history.db'
    breaks, activity = [], []
    day = TODAY - timedelta(days=365 * years)
    while day <= TODAY:
        if every_day or day.weekday() < 5:
            base = int(datetime(day.year, day.month, day.day, 8).timestamp()) * US
            for i in range(8):
                t = base + i * 3600 * US
                rows = [('prompted', 'prompt', t)]
                if i % 2:
                    rows += [('postponed', 'prompt', t + 60 * US),
                             ('prompted', 'prompt', t + 360 * US)]
                rows += [('started', 'prompt', t + 400 * US), ('completed', 'manual', t + 401 * US)]
                for outcome, source, s in rows:
                    breaks.append((s, s + 240 * US, 240 * US, 240 * US, 'shoulder-reset', 5, 5,
                                   outcome, source, 'movement'))
            for i in range(6):
                t = base + (i * 90 + 30) * 60 * US
                for outcome, source in [('prompted', 'prompt'), ('started', 'prompt'),
                                        ('completed', 'manual')]:
                    breaks.append((t, t + 30 * US, 30 * US, 30 * US, 'micro-reset', 1, 1,
                                   outcome, source, 'micro'))
            for i in range(2):
                t = base + (i * 4 + 3) * 3600 * US
                breaks.append((t, t + 600 * US, 0, 0, '', 0, 0, 'natural', 'prompt', 'movement'))
            for i in range(12):
                t = base + i * 2400 * US
                activity.append((t, t + 2000 * US, 1500 * US))
        day += timedelta(days=1)
    with sqlite3.connect(db) as c:
        c.executemany('INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,'
                      ' exercises_done, exercises_total, outcome, source, kind)'
                      ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', breaks)
        c.executemany('INSERT INTO activity (start_us, end_us, active_us) VALUES (?, ?, ?)',
                      activity)
    # As SQLite's automatic checkpoints leave a history in use: the rows in the main file.
    with sqlite3.connect(db) as c:
        c.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    r = subprocess.run([binary, 'challenge', 'start', '--on',
                        (TODAY - timedelta(days=20)).isoformat()], env=env, capture_output=True)
    assert r.returncode == 0, r.stderr
    size = sum(os.path.getsize(p) for p in (db, db + '-wal') if os.path.exists(p))
    return env, len(breaks), len(activity), size


def median_s(argv, env):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t0)
        assert r.returncode == 0, r.stderr
    return statistics.median(times)


print(f'{binary}, median of {runs} runs' + (', every day' if every_day else ''))
print(f'{"history":>8} {"breaks":>8} {"activity":>8} {"MB":>6}  {"command":<26} '
      f'{"ms":>7} {"x start":>8}')
for years in (1, 3, 10):
    env, nb, na, size = build(years)
    base = median_s([binary, '--version'], env)
    for label, args in [('stats --days 14', ['stats']),
                        ('stats --days 365 --json', ['stats', '--days', '365', '--json']),
                        ('stats --days 365', ['stats', '--days', '365']),
                        ('challenge status --json', ['challenge', 'status', '--json']),
                        # Opening the store alone (its integrity check reads the whole file).
                        ('history --limit 1', ['history', '--limit', '1'])]:
        t = median_s([binary, *args], env)
        print(f'{years:>6} y {nb:>8} {na:>8} {size / 1e6:>6.1f}  {label:<26} {t * 1000:>7.1f} '
              f'{t / base:>8.1f}')
    print(f'{"":>8} {"":>8} {"":>8} {"":>6}  {"--version (start alone)":<26} {base * 1000:>7.1f}')
