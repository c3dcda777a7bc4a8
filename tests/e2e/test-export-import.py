#!/usr/bin/env python3
"""movebreak export and import: a round trip through a fresh home, idempotence, bad files.

Also the kind `movebreak now` records: micro for the configured micro routine.
"""
import datetime
import hashlib
import json
import os
import sqlite3
import subprocess

import mbtest
from mbtest import MOVEBREAK, check, done

a = mbtest.Home()


def kinds(home):
    with sqlite3.connect(home.db) as c:
        return [tuple(r) for r in c.execute('SELECT routine, kind FROM breaks ORDER BY id')]


# Breaks coached by `movebreak now` carry their kind.
r = a.run('now', 'micro-reset', '--plain', '--time-scale', '500')
check(r.returncode == 0, 'now micro-reset runs', r.stderr)
r = a.run('now', '--plain', '--minutes', '3', '--time-scale', '500')
check(r.returncode == 0, 'now (shoulder-reset) runs', r.stderr)
check(kinds(a) == [('micro-reset', 'micro'), ('shoulder-reset', 'movement')],
      'now records micro-reset as micro and shoulder-reset as movement', str(kinds(a)))
os.makedirs(os.path.join(a.config, 'movebreak'), exist_ok=True)
with open(os.path.join(a.config, 'movebreak', 'config.ini'), 'w') as f:
    f.write('[micro]\nroutine = shoulder-reset\n')
r = a.run('now', 'shoulder-reset', '--plain', '--minutes', '3', '--time-scale', '500')
check(r.returncode == 0 and kinds(a)[-1] == ('shoulder-reset', 'micro'),
      'with micro.routine = shoulder-reset, now records it as micro', str(kinds(a)))
# A break the daemon started says which it is, whatever the routine.
r = a.run('now', '--plain', '--time-scale', '500',
          env=a.env(MOVEBREAK_BREAK='movement', MOVEBREAK_ROUTINE='micro-reset'))
check(r.returncode == 0 and kinds(a)[-1] == ('micro-reset', 'movement'),
      'MOVEBREAK_BREAK from the daemon decides the kind', str(kinds(a)))

# What the daemon and the challenge write, put in directly: a natural break, stretches of
# activity (one across midnight, one of zero length), challenges, awkward text.
with sqlite3.connect(a.db) as c:
    c.execute("INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,"
              " exercises_done, exercises_total, outcome, source, kind)"
              " VALUES (1714780000000000, 1714780600000000, 600000000, 0, '', 0, 0,"
              " 'natural', 'manual', 'movement')")
    c.execute("INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,"
              " exercises_done, exercises_total, outcome, source, kind)"
              " VALUES (-1500000, -1000000, 0, 240000000, ?, 0, 5, 'prompted', 'prompt',"
              " 'movement')", ('a "quoted"\\ name, ü €',))
    c.executemany('INSERT INTO activity (start_us, end_us, active_us) VALUES (?, ?, ?)',
                  [(1714780000000000 - 3600000000, 1714780000000000, 3500000000),
                   (1714852800000000 - 60000000, 1714852800000000 + 60000000, 120000000),
                   (1714900000000000, 1714900000000000, 0)])
    c.execute("INSERT INTO challenges (start_date, days, goal, created_us, stopped_us, summary)"
              " VALUES ('2024-05-01', 30, 3, 1714520000000000, 0, '')")
    c.execute("INSERT INTO challenges (start_date, days, goal, created_us, stopped_us, summary)"
              " VALUES ('2024-04-01', 7, 2, 1711900000000000, 1712500000000000,"
              " '6 of 7 days “met” ✓')")

r = a.run('export')
check(r.returncode == 0 and r.stderr == '', 'export exits 0, quietly', r.stderr)
exported = r.stdout
r = a.run('export', '--json')
check(r.returncode == 0 and r.stdout == exported, 'export --json is the same document')
doc = json.loads(exported)
check(doc['format'] == 'movebreak-history' and doc['version'] == 1,
      'the export names its format and version')
check(len(doc['breaks']) == 6 and len(doc['activity']) == 3 and len(doc['challenges']) == 2,
      'every break, stretch and challenge is exported',
      f"{len(doc['breaks'])} {len(doc['activity'])} {len(doc['challenges'])}")
starts = [b['start_us'] for b in doc['breaks']]
check(starts == sorted(starts) and starts[0] == -1500000, 'breaks oldest first', str(starts))
check(set(doc['breaks'][0]) == {'start', 'start_us', 'end', 'end_us', 'active_us', 'planned_us',
                                'kind', 'outcome', 'source', 'routine', 'exercises_done',
                                'exercises_total'},
      'a break has the documented members', str(sorted(doc['breaks'][0])))
check(doc['breaks'][0]['routine'] == 'a "quoted"\\ name, ü €',
      'text with quotes, escapes and non-ASCII survives', repr(doc['breaks'][0]['routine']))
check(doc['breaks'][0]['start'] == '1969-12-31T23:59:58.500000Z',
      'times before 1970 are written right', doc['breaks'][0]['start'])


def iso(us):
    t = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + \
        datetime.timedelta(microseconds=us)
    return t.strftime('%Y-%m-%dT%H:%M:%S.%fZ')


check(all(x[k] == iso(x[k + '_us']) for x in doc['breaks'] + doc['activity']
          for k in ('start', 'end')),
      'the ISO 8601 times agree with the microsecond counts')
natural = [b for b in doc['breaks'] if b['outcome'] == 'natural']
check(len(natural) == 1 and natural[0]['routine'] == '' and natural[0]['kind'] == 'movement',
      'the natural break is exported', str(natural))
ch = doc['challenges']
check(ch[0]['start_date'] == '2024-04-01' and ch[0]['stopped_us'] == 1712500000000000 and
      ch[0]['summary'] == '6 of 7 days “met” ✓' and ch[1]['stopped'] is None and
      ch[1]['stopped_us'] == 0, 'challenges oldest first, stopped or not', str(ch))

path = os.path.join(a.root, 'export.json')
with open(path, 'w') as f:
    f.write(exported)

# Into a fresh home and out again: the same document.
b = mbtest.Home()
r = b.run('import', path)
check(r.returncode == 0 and 'Imported 11 of 11 records' in r.stdout,
      'import into a fresh home adds all 11 records', r.stdout + r.stderr)
r = b.run('export')
check(r.returncode == 0 and r.stdout == exported,
      'export after import is byte for byte the first export')


def dump(home):
    with sqlite3.connect(home.db) as c:
        return hashlib.sha256('\n'.join(c.iterdump()).encode()).hexdigest()


before = dump(b)
r = b.run('import', path)
check(r.returncode == 0 and 'Imported 0 of 11 records' in r.stdout and
      '11 were already there' in r.stdout, 'importing the same file again adds nothing',
      r.stdout + r.stderr)
check(dump(b) == before, 'a second import leaves the database as it was')

# Importing into the home it came from adds nothing either.
r = a.run('import', path)
check(r.returncode == 0 and 'Imported 0 of 11' in r.stdout, 'import into its own home: 0 added',
      r.stdout)

# Bad files: FILE:LINE:COLUMN, exit 2, the database untouched.
lines = exported.split('\n')
# The last break line is good JSON with a bad outcome: everything before it must not land.
last_break = max(i for i, l in enumerate(lines) if '"outcome"' in l)
bad_outcome = list(lines)
bad_outcome[last_break] = bad_outcome[last_break].replace('"outcome":"', '"outcome":"x')
col_outcome = bad_outcome[last_break].index('"x') + 1
cases = [
    ('syntax.json', '{\n"format": "movebreak-history",\n"version": 1,\n"breaks": [,]\n}\n',
     '2', 4, 12, 'unexpected token'),
    ('empty.json', '', '2', 1, None, ''),
    ('array.json', '[]', '2', 1, 1, 'expected an object'),
    ('format.json', '{"format": "csv", "version": 1}', '2', 1, 12, 'not a movebreak history'),
    ('newer.json', '{"format": "movebreak-history",\n "version": 7}', '2', 2, 13,
     'newer movebreak'),
    ('missing.json', '{"format": "movebreak-history", "version": 1,\n "activity": [\n'
     '  {"start_us": 1, "active_us": 0}]}', '2', 3, 3, 'activity[0]: missing "end_us"'),
    ('type.json', '{"format": "movebreak-history", "version": 1,\n "challenges": [{'
     '"start_date": "2024-05-01", "days": "30", "goal": 3, "created_us": 1, "stopped_us": 0,'
     ' "summary": ""}]}', '2', 2, 54, 'challenges[0].days: must be a whole number'),
    ('unknown.json', '{"format": "movebreak-history", "version": 1, "breaks": [],\n'
     ' "notes": []}', '2', 2, 11, 'notes: unknown member'),
    ('duplicate.json', '{"format": "movebreak-history", "format": "x", "version": 1}', '2',
     1, None, 'duplicate'),
    ('outcome.json', '\n'.join(bad_outcome), '2', last_break + 1, col_outcome,
     'is not an outcome'),
]
for name, text, _, line, col, what in cases:
    bad = os.path.join(a.root, name)
    with open(bad, 'w') as f:
        f.write(text)
    r = b.run('import', bad)
    prefix = f'{bad}:{line}:' + (f'{col}:' if col else '')
    check(r.returncode == 2 and r.stderr.startswith(prefix) and what in r.stderr and
          'nothing was imported' in r.stderr,
          f'{name}: exit 2 with {prefix} {what}', f'rc {r.returncode}: {r.stderr}')
    check(dump(b) == before, f'{name}: the database is unchanged')

# "-" reads the export from standard input: a pipe from one home's export to another.
d = mbtest.Home()
r = subprocess.run([MOVEBREAK, 'import', '-'], env=d.env(), input=exported,
                   capture_output=True, text=True, timeout=60)
check(r.returncode == 0 and 'Imported 11 of 11 records' in r.stdout,
      'import - reads the export from standard input', r.stdout + r.stderr)
r = subprocess.run([MOVEBREAK, 'import', '-'], env=d.env(), input=cases[0][1],
                   capture_output=True, text=True, timeout=60)
check(r.returncode == 2 and r.stderr.startswith(f'<stdin>:{cases[0][3]}:'),
      'a bad export on standard input: exit 2 with <stdin>:LINE:', r.stderr)

# A bad file never even creates a database in a home that has none.
c = mbtest.Home()
r = c.run('import', os.path.join(a.root, 'outcome.json'))
check(r.returncode == 2 and not os.path.exists(c.db), 'a bad file creates no database')
r = c.run('import', os.path.join(a.root, 'no-such-file.json'))
check(r.returncode == 2 and 'no-such-file.json' in r.stderr, 'a missing file: exit 2, named',
      r.stderr)
r = c.run('import', a.root)
check(r.returncode == 2, 'a directory: exit 2', r.stderr)

# ---- Breaks written while the clock was set back (coaches before the boot-time fix) ----
# The coach took both ends from the wall clock: set back two hours during a break, it
# stored end_us - start_us = -7197099379. Set back less than the break lasted, a span
# shorter than the time spent moving. Natural breaks turn two boot-time readings into
# wall time one at a time, so their span may miss the active time by a microsecond.
STEP = 1760000000000000
e = mbtest.Home()
e.run('history')
with sqlite3.connect(e.db) as con:
    rows = [(STEP, STEP - 7197099379, 245000000, 240000000, 'shoulder-reset', 5, 5,
             'completed', 'manual', 'movement'),
            (STEP + 3600000000, STEP + 3660000000, 200000000, 240000000, 'shoulder-reset', 3,
             5, 'partial', 'prompt', 'movement'),
            (STEP + 7200000000, STEP + 7200000000 + 599999999, 600000000, 0, '', 0, 0,
             'natural', 'manual', 'movement'),
            (STEP + 9000000000, STEP + 9000000000 + 250000000, 240000000, 240000000,
             'shoulder-reset', 5, 5, 'completed', 'manual', 'movement')]
    con.executemany('INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,'
                  ' exercises_done, exercises_total, outcome, source, kind)'
                  ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', rows)
r = e.run('history', env=e.env(TZ='UTC'))
check(r.returncode == 0 and '2025-10-09 08:53  shoulder-reset    movement   04:05' in r.stdout
      and '03:20' in r.stdout, 'history lists the clock-step breaks with their active time',
      r.stdout)
r = e.run('history', '--all', '--json', env=e.env(TZ='UTC'))
hist = {h['id']: h for h in json.loads(r.stdout)}
check(r.returncode == 0 and hist[1]['end'] == '2025-10-09T08:57:25+00:00' and
      hist[2]['end'] == '2025-10-09T09:56:40+00:00',
      'history --json ends a clock-step break at start + active time', r.stdout)
r = e.run('export')
check(r.returncode == 0 and r.stderr == '', 'export of clock-step breaks exits 0, quietly',
      r.stderr)
step_export = r.stdout
step_doc = json.loads(step_export)
check([b['end_us'] for b in step_doc['breaks']] == [x[1] for x in rows],
      'export writes the breaks as they are stored, for import to repair')
step_path = os.path.join(e.root, 'step.json')
with open(step_path, 'w') as f:
    f.write(step_export)
step_lines = step_export.split('\n')


def value_at(lines, index, field, first=5):
    """1-based line and column of the value of field in the record on line first + index."""
    line = lines[first - 1 + index]
    return first + index, line.index(f'"{field}":') + len(field) + 4


f_home = mbtest.Home()
r = f_home.run('import', step_path)
l0, c0 = value_at(step_lines, 0, 'end_us')
l1, c1 = value_at(step_lines, 1, 'end_us')
want = [f'{step_path}:{l0}:{c0}: breaks[0]: end before start (the clock was set back during'
        ' the break); end taken as start + active time',
        f'{step_path}:{l1}:{c1}: breaks[1]: shorter than its active time (the clock was set'
        ' back during the break); end taken as start + active time']
check(r.returncode == 0 and r.stderr.splitlines() == want,
      'import repairs both clock-step breaks with a located warning each, nothing else',
      r.stderr)
check('Imported 4 of 4 records' in r.stdout and '2 breaks repaired' in r.stdout,
      'the import summary counts the repaired breaks', r.stdout)
with sqlite3.connect(f_home.db) as con:
    got = [tuple(x) for x in con.execute('SELECT start_us, end_us, active_us FROM breaks'
                                       ' ORDER BY start_us')]
check(got == [(STEP, STEP + 245000000, 245000000),
              (STEP + 3600000000, STEP + 3600000000 + 200000000, 200000000),
              (rows[2][0], rows[2][1], rows[2][2]), (rows[3][0], rows[3][1], rows[3][2])],
      'repaired rows end at start + active; the natural break within a second is kept as is',
      str(got))
r = f_home.run('export')
repaired_path = os.path.join(e.root, 'repaired.json')
with open(repaired_path, 'w') as f:
    f.write(r.stdout)
g_home = mbtest.Home()
r = g_home.run('import', repaired_path)
check(r.returncode == 0 and r.stderr == '' and 'Imported 4 of 4' in r.stdout,
      'the repaired export imports without a warning', r.stdout + r.stderr)
before_e = dump(e)
r = e.run('import', step_path)
check(r.returncode == 0 and 'Imported 0 of 4' in r.stdout and dump(e) == before_e,
      'the export imported into its own history adds nothing', r.stdout + r.stderr)
r = e.run('import', repaired_path)
check(r.returncode == 0 and 'Imported 0 of 4' in r.stdout and dump(e) == before_e,
      'the repaired export imported into the history with the raw rows adds nothing',
      r.stdout + r.stderr)
before_f = dump(f_home)
r = f_home.run('import', step_path)
check(r.returncode == 0 and 'Imported 0 of 4' in r.stdout and dump(f_home) == before_f,
      'the raw export imported again into the repaired history adds nothing', r.stdout)


# ---- Files made by hand: every refusal is FILE:LINE:COLUMN: PATH: reason, exit 2 ----
def document(breaks=(), activity=(), challenges=()):
    """An export as movebreak writes it: one record per line, the first on line 5."""
    def dumps(x):
        # DEL and C1 as \u escapes: the raw bytes are a case of their own, below.
        text = json.dumps(x, separators=(',', ':'), ensure_ascii=False)
        return ''.join(f'\\u{ord(ch):04x}' if 0x7f <= ord(ch) <= 0x9f else ch for ch in text)

    def part(name, items, last=False):
        body = ',\n'.join(dumps(x) for x in items)
        return f'"{name}":[\n{body}\n]' + ('\n' if last else ',\n')
    return ('{\n"format":"movebreak-history",\n"version":1,\n' + part('breaks', breaks) +
            part('activity', activity) + part('challenges', challenges, True) + '}\n')


BRK = dict(start_us=1714742400000000, end_us=1714742640000000, active_us=240000000,
           planned_us=240000000, kind='movement', outcome='completed', source='manual',
           routine='shoulder-reset', exercises_done=5, exercises_total=5)
ACT = dict(start_us=1714700000000000, end_us=1714703600000000, active_us=3000000000)
CHL = dict(start_date='2024-05-01', days=30, goal=3, created_us=1714520000000000,
           stopped_us=1714600000000000, summary='')


def brk(**kw):
    return dict(BRK, **kw)


def chl(**kw):
    return dict(CHL, **kw)


def lines_of(breaks=(), activity=(), challenges=()):
    return document(breaks, activity, challenges).split('\n')


def at(kind, index, field, breaks=(), activity=(), challenges=()):
    """Where the value of kind[index].field is in document(...)."""
    first = {'breaks': 5, 'activity': 8 + len(breaks),
             'challenges': 11 + len(breaks) + len(activity)}[kind]
    return value_at(lines_of(breaks, activity, challenges), index, field, first)


# The store already holds a challenge under way on 2026-03-10; the file's import runs then.
TODAY = '2026-03-10'
h = mbtest.Home()
r = h.run('challenge', 'start', '--on', 'today', env=h.env(MOVEBREAK_TODAY=TODAY))
check(r.returncode == 0, 'a challenge under way in the history to import into', r.stderr)
h_before = dump(h)
running_a = chl(start_date='2026-03-02', created_us=1772400000000000, stopped_us=0)
running_b = chl(start_date='2026-03-09', created_us=1773000000000000, stopped_us=0)
ended = [chl(start_date='2025-01-06', created_us=1736000000000000, stopped_us=0),
         chl(start_date='2025-03-03', created_us=1740900000000000, stopped_us=0)]
refusals = [
    # (name, records as breaks/activity/challenges, path and field, what the message says)
    ('feb30', dict(challenges=[chl(start_date='2026-02-30')]), ('challenges', 0, 'start_date'),
     'is not a date'),
    ('days-max', dict(challenges=[chl(days=4294967295)]), ('challenges', 0, 'days'),
     '4294967295 is out of range [1, 366]'),
    ('days-367', dict(challenges=[chl(days=367)]), ('challenges', 0, 'days'),
     'out of range [1, 366]'),
    ('goal-max', dict(challenges=[chl(goal=4294967295)]), ('challenges', 0, 'goal'),
     '4294967295 is out of range [1, 100]'),
    ('goal-101', dict(challenges=[chl(goal=101)]), ('challenges', 0, 'goal'),
     'out of range [1, 100]'),
    ('two-running', dict(challenges=[running_a, running_b]), ('challenges', 1, 'stopped_us'),
     'under way, and so is challenges[0] (from 2026-03-02)'),
    ('running-here', dict(challenges=[running_a]), ('challenges', 0, 'stopped_us'),
     "under way, and so is the history's challenge from 2026-03-10: stop that one"),
    ('stopped-early', dict(challenges=[chl(stopped_us=CHL['created_us'] - 1)]),
     ('challenges', 0, 'stopped_us'), 'before created_us'),
    ('active-long', dict(breaks=[brk(outcome='prompted', end_us=BRK['start_us'])]),
     ('breaks', 0, 'active_us'), 'longer than the break from start_us to end_us'),
    ('prompt-end', dict(breaks=[brk(outcome='postponed', active_us=0,
                                    end_us=BRK['start_us'] - 1)]),
     ('breaks', 0, 'end_us'), 'before start_us'),
    ('repair-overflow', dict(breaks=[brk(start_us=2**63 - 10, end_us=2**63 - 20)]),
     ('breaks', 0, 'active_us'), 'past the largest time'),
    ('done-over', dict(breaks=[brk(exercises_done=6)]), ('breaks', 0, 'exercises_done'),
     '6 is more than exercises_total (5)'),
    ('kind', dict(breaks=[brk(kind='macro')]), ('breaks', 0, 'kind'),
     '"macro" is not movement or micro'),
    ('source', dict(breaks=[brk(source='cron')]), ('breaks', 0, 'source'),
     '"cron" is not manual or prompt'),
    ('outcome-name', dict(breaks=[brk(outcome='MB_OUTCOME_COMPLETED')]),
     ('breaks', 0, 'outcome'), 'is not an outcome'),
    ('same-break', dict(breaks=[brk(), brk(start_us=1), brk()]), ('breaks', 2, None),
     'breaks[2] is the same as breaks[0] (line 5); a record is imported once'),
    ('same-stretch', dict(activity=[ACT, dict(ACT, end_us=ACT['end_us'] + 1)]),
     ('activity', 1, None), 'activity[1] is the same as activity[0] by start_us'),
    ('same-challenge', dict(challenges=[CHL, chl(start_date='2024-06-01')]),
     ('challenges', 1, None), 'challenges[1] is the same as challenges[0] by created_us'),
    ('esc-routine', dict(breaks=[brk(routine='x\x1b]52;c;aGk=\x07')]),
     ('breaks', 0, 'routine'), 'holds the control character U+001B'),
    ('c1-summary', dict(challenges=[chl(summary='done \x9b31m')]), ('challenges', 0, 'summary'),
     'holds the control character U+009B'),
    ('del-routine', dict(breaks=[brk(routine='a\x7f')]), ('breaks', 0, 'routine'),
     'holds the control character U+007F'),
    ('nul-routine', dict(breaks=[brk(routine='a\x00b')]), ('breaks', 0, 'routine'),
     'holds the control character U+0000'),
    ('newline-routine', dict(breaks=[brk(routine='a\nb')]), ('breaks', 0, 'routine'),
     'holds the control character U+000A'),
    ('esc-iso', dict(breaks=[brk(start='2024\x1b[2J')]), ('breaks', 0, 'start'),
     'holds the control character U+001B'),
]
for name, records, (kind, index, field), what in refusals:
    bad = os.path.join(h.root, name + '.json')
    with open(bad, 'w') as f:
        f.write(document(**records))
    if field:
        line, col = at(kind, index, field, **records)
        where = f'{kind}[{index}].{field}: '
    else:
        line = {'breaks': 5, 'activity': 8 + len(records.get('breaks', ())),
                'challenges': 11}[kind] + index
        col, where = 1, ''
    r = h.run('import', bad, env=h.env(MOVEBREAK_TODAY=TODAY))
    prefix = f'{bad}:{line}:{col}: {where}'
    check(r.returncode == 2 and r.stderr.startswith(prefix) and what in r.stderr and
          'nothing was imported' in r.stderr and '\x1b' not in r.stderr and
          '\x9b' not in r.stderr,
          f'{name}: exit 2 with {prefix}{what}', f'rc {r.returncode}: {r.stderr}')
    check(dump(h) == h_before, f'{name}: the database is unchanged')

# What the refusals stop short of: the largest days and goal, two challenges that ran their
# course (both keep stopped_us 0), a repaired break beside its own repair made elsewhere.
good = document(challenges=[chl(days=366, goal=100)] + ended)
good_path = os.path.join(h.root, 'good.json')
with open(good_path, 'w') as f:
    f.write(good)
r = h.run('import', good_path, env=h.env(MOVEBREAK_TODAY=TODAY))
check(r.returncode == 0 and 'Imported 3 of 3' in r.stdout,
      '366 days, a goal of 100 and two ended challenges that were never stopped import',
      r.stdout + r.stderr)
# The user can do what the refusal says: stop the challenge here, then import the file's.
r = h.run('challenge', 'stop', env=h.env(MOVEBREAK_TODAY=TODAY))
check(r.returncode == 0, 'challenge stop', r.stderr)
running_path = os.path.join(h.root, 'running-here.json')
r = h.run('import', running_path, env=h.env(MOVEBREAK_TODAY=TODAY))
check(r.returncode == 0 and 'Imported 1 of 1' in r.stdout,
      'once the challenge here is stopped, the file\'s running one imports', r.stderr)
r = h.run('import', running_path, env=h.env(MOVEBREAK_TODAY=TODAY))
check(r.returncode == 0 and 'Imported 0 of 1' in r.stdout,
      'importing it again is no conflict with itself', r.stderr)
r = h.run('challenge', 'status', '--json', env=h.env(MOVEBREAK_TODAY=TODAY))
check(r.returncode == 0 and json.loads(r.stdout)['challenge']['start_date'] == '2026-03-02',
      'the imported challenge is the one under way', r.stdout)

# Bytes no export holds, found before the JSON is parsed, with the member they are in.
raw_cases = [
    ('raw-ff', b'A\xffB', 'not UTF-8 (byte 0xff)', 1),
    ('raw-del', b'A\x7fB', 'the control character U+007F in text', 1),
    ('raw-c1', b'A\xc2\x85B', 'the control character U+0085 in text', 1),
    ('raw-esc', b'A\x1b[31mB', 'the control character U+001B in text', 1),
    ('raw-tab', b'A\tB', 'the control character U+0009 in text', 1),
]
base = document(breaks=[brk(routine='AZB')]).encode()
h_after = dump(h)
for name, routine, what, offset in raw_cases:
    data = base.replace(b'"AZB"', b'"' + routine + b'"')
    bad = os.path.join(h.root, name + '.json')
    with open(bad, 'wb') as f:
        f.write(data)
    line_text = data.split(b'\n')[4].decode('utf-8', 'surrogateescape')
    col = line_text.index('"routine":') + len('"routine":') + 2 + offset
    r = h.run('import', bad)
    prefix = f'{bad}:5:{col}: breaks[0].routine: {what}'
    check(r.returncode == 2 and r.stderr.startswith(prefix) and '\x1b' not in r.stderr,
          f'{name}: exit 2 with {prefix}', f'rc {r.returncode}: {r.stderr!r}')
    check('nothing was imported' in r.stderr and dump(h) == h_after,
          f'{name}: the database is unchanged')
# A member name is the file's text as well: named in the message, escaped.
bad = os.path.join(h.root, 'esc-key.json')
with open(bad, 'w') as f:
    f.write(document(breaks=[dict(BRK, **{'x\x1b]0;owned\x07': 1})]))
r = h.run('import', bad)
check(r.returncode == 2 and 'breaks[0].x\\x1b]0;owned\\x07: unknown member' in r.stderr and
      '\x1b' not in r.stderr, 'an unknown member with an escape in its name is shown escaped',
      repr(r.stderr))

# An OSC 52 clipboard write stored in the history (by an older import, or by hand) is
# exported as \u escapes, and importing that export is refused at the routine.
o = mbtest.Home()
o.run('history')
osc = 'evil\x1b]52;c;aGVsbG8=\x07'
with sqlite3.connect(o.db) as con:
    con.execute("INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,"
              " exercises_done, exercises_total, outcome, source, kind)"
              " VALUES (1714742400000000, 1714742400000000, 0, 240000000, ?, 0, 5,"
              " 'skipped', 'prompt', 'movement')", (osc,))
r = o.run('export')
check(r.returncode == 0 and '\\u001b]52;c;aGVsbG8=\\u0007' in r.stdout and
      '\x1b' not in r.stdout and json.loads(r.stdout)['breaks'][0]['routine'] == osc,
      'export writes the escape sequence as \\u escapes', r.stdout)
osc_path = os.path.join(o.root, 'osc.json')
with open(osc_path, 'w') as f:
    f.write(r.stdout)
line, col = value_at(r.stdout.split('\n'), 0, 'routine')
r = mbtest.Home().run('import', osc_path)
check(r.returncode == 2 and r.stderr.startswith(
    f'{osc_path}:{line}:{col}: breaks[0].routine: holds the control character U+001B') and
    '\x1b' not in r.stderr, 'importing it is refused at breaks[0].routine', r.stderr)

for cmd in ('export', 'import'):
    r = c.run(cmd, '--help')
    check(r.returncode == 0 and r.stdout.startswith(f'Usage: movebreak {cmd}'),
          f'{cmd} --help', r.stderr)
    r = c.run(cmd, '--bogus')
    check(r.returncode == 2 and '--bogus' in r.stderr, f'{cmd} --bogus: exit 2', r.stderr)
r = c.run('import')
check(r.returncode == 2, 'import without a file: exit 2')
r = c.run('import', path, path)
check(r.returncode == 2, 'import with two files: exit 2')
r = c.run('export', 'extra')
check(r.returncode == 2, 'export with an argument: exit 2')
r = c.run('--help')
check('export' in r.stdout and 'import FILE' in r.stdout, 'movebreak --help lists both')

done()
