#!/usr/bin/env python3
"""End to end: movebreak programs (list, show, --json), user programs, bad program files."""
import glob
import json
import os
import re

from mbtest import Home, SOURCE_ROOT, check, done

home = Home()
DESK30 = os.path.join(SOURCE_ROOT, 'data/programs/desk-30.yaml')
# The routine names the contract gives the built-ins.
CONTRACT = {'shoulder-reset', 'micro-reset', 'neck-release', 'wrist-care', 'chest-opener',
            'upper-back-extension', 'seated-twist', 'hip-opener', 'leg-pump', 'eye-rest',
            'breathing-reset', 'posture-reset'}

r = home.run('programs')
rows = {line.split()[0]: line for line in r.stdout.splitlines()[1:]}
check(r.returncode == 0 and 'desk-30' in rows, 'programs lists the built-in desk-30', r.stdout)
check(re.search(r'desk-30\s+Desk 30: a month of movement breaks\s+30\s+built-in', rows['desk-30']),
      'the list shows name, title, days and source', rows['desk-30'])
r = home.run('programs', 'list', '--json')
listing = json.loads(r.stdout)
check(r.returncode == 0 and {'name': 'desk-30', 'title': 'Desk 30: a month of movement breaks',
                             'days': 30, 'source': 'built-in', 'hides_builtin': False} in listing,
      'programs list --json gives name, title, days and source', r.stdout)
r = home.run('programs', '--help')
check(r.returncode == 0 and r.stdout.startswith('Usage: movebreak programs'), 'programs --help')
r = home.run('--help')
check('programs [list|show NAME]' in r.stdout, 'movebreak --help names programs')

# show --json against the file itself: every day written out, blocks expanded.
r = home.run('programs', 'show', 'desk-30', '--json')
check(r.returncode == 0, 'programs show desk-30 --json succeeds', r.stderr)
shown = json.loads(r.stdout)
import yaml  # noqa: E402  (python3-yaml reads the file apart from movebreak)
days = []
doc = yaml.safe_load(open(DESK30))
for entry in doc['days']:
    for _ in range(entry.get('days', 1)):
        days.append((entry['routines'], entry['minutes']))
check(shown['name'] == 'desk-30' and shown['title'] == doc['title'] and len(shown['days']) == 30,
      'show --json has the name, the title and 30 days')
check([d['day'] for d in shown['days']] == list(range(1, 31)), 'the days are numbered 1 to 30')
check([(d['routines'], d['minutes']) for d in shown['days']] == days,
      'every day has the routines and minutes the file gives, blocks expanded')
check(all(d['minutes'] <= 3 for d in shown['days'][:7]) and
      all(d['minutes'] == 5 for d in shown['days'][21:]),
      'desk-30 builds up: the first week at most 3 minutes, the fourth full 5-minute breaks')
named = {n for d in shown['days'] for n in d['routines']}
check(len(named) >= 6 and named <= CONTRACT,
      f'desk-30 uses {len(named)} routines, all from the contract', sorted(named - CONTRACT))

r = home.run('programs', 'show', 'desk-30')
check(r.returncode == 0 and 'Desk 30: a month of movement breaks' in r.stdout and
      re.search(r'^\s+30\s+5\s+', r.stdout, re.M), 'programs show prints every day', r.stdout)
r = home.run('programs', 'show', 'nosuch')
check(r.returncode == 2 and "no program named 'nosuch'" in r.stderr and 'desk-30' in r.stderr,
      'an unknown program exits 2 and lists the known ones', r.stderr)
r = home.run('programs', 'dance')
check(r.returncode == 2 and "unknown action 'dance'" in r.stderr, 'an unknown action exits 2')
r = home.run('programs', 'show')
check(r.returncode == 2, 'show without a name exits 2')

# Bad files: FILE:LINE:COLUMN: message, exit 2, and the words their sidecars give.
bad = sorted(f for f in glob.glob(os.path.join(SOURCE_ROOT, 'tests/data/programs/bad-*'))
             if not f.endswith('.expect'))
check(len(bad) >= 5, f'there are bad program files to check ({len(bad)})')
for f in bad:
    r = home.run('programs', 'show', f)
    first = r.stderr.splitlines()[0] if r.stderr else ''
    check(r.returncode == 2 and re.match(re.escape(f) + r':\d+:\d+: \S', first),
          f'programs show {os.path.basename(f)} exits 2 with FILE:LINE:COLUMN: message', r.stderr)
    want = f + '.expect'
    if os.path.exists(want):
        exp = open(want).read().strip()
        check(exp in r.stderr, f'{os.path.basename(f)}: says "{exp}"', r.stderr)
huge = os.path.join(home.root, 'huge.yaml')
with open(huge, 'w') as f:
    f.write('# padding\n' * 8000)
r = home.run('programs', 'show', huge)
check(r.returncode == 2 and r.stderr.startswith(huge + ':1:1: the file is larger than 64 KiB'),
      'a huge program file is refused before parsing', r.stderr)

# A user program hides the built-in of its name; a new one is found by name.
pdir = os.path.join(home.config, 'movebreak', 'programs')
os.makedirs(pdir)
with open(os.path.join(pdir, 'desk-30.yaml'), 'w') as f:
    f.write('name: desk-30\ntitle: My own month\ndays:\n'
            '  - {days: 3, routines: [shoulder-reset], minutes: 3}\n')
with open(os.path.join(pdir, 'short-week.yaml'), 'w') as f:
    f.write('name: short-week\ntitle: A short week\ndays:\n'
            '  - {days: 5, routines: [shoulder-reset, micro-reset], minutes: 2}\n')
r = home.run('programs')
check('My own month' in r.stdout and 'hides the built-in' in r.stdout and 'short-week' in r.stdout,
      'a user program hides the built-in of its name, and new ones are listed', r.stdout)
shown = json.loads(home.run('programs', 'show', 'desk-30', '--json').stdout)
check(shown['title'] == 'My own month' and len(shown['days']) == 3,
      'show by name loads the user file first')
shown = json.loads(home.run('programs', 'show', 'short-week', '--json').stdout)
check(shown['days'][4] == {'day': 5, 'routines': ['shoulder-reset', 'micro-reset'], 'minutes': 2},
      'a new user program is found by name')
with open(os.path.join(pdir, 'broken.yaml'), 'w') as f:
    f.write('name: broken\ntitle: Broken\ndays: [oops\n')
r = home.run('programs')
check(r.returncode == 2 and re.search(r'broken\s+\(has problems\)', r.stdout),
      'a broken user program is listed as having problems, and the list exits 2', r.stdout)
r = home.run('programs', 'show', 'broken')
check(r.returncode == 2 and re.search(r'broken\.yaml:\d+:\d+: ', r.stderr),
      'showing it names its file, line and column', r.stderr)
done()
