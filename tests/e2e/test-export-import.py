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
