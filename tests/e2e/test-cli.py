#!/usr/bin/env python3
"""End to end: the command line contract of plan, routines and the top level."""
import glob
import json
import os
import re
import subprocess

from mbtest import Home, MOVEBREAK, SOURCE_ROOT, check, done

home = Home()
KINDS = {'prepare', 'move', 'hold', 'release', 'rest', 'breathe_in', 'breathe_out', 'switch',
         'reverse', 'done'}
TITLES = ['Shoulder-blade awareness', 'Wall press', 'Shoulder rolls', 'Upper-back expansion',
          'Neck and shoulder reset']

# Top level.
r = home.run('--help')
check(r.returncode == 0 and 'now [ROUTINE|FILE]' in r.stdout, 'movebreak --help lists the commands')
r = home.run('frobnicate')
check(r.returncode == 2 and "unknown command 'frobnicate'" in r.stderr,
      'an unknown command exits 2 and names it', r.stderr)
r = home.run()
check(r.returncode == 2, 'no command at all exits 2')
for cmd in ('now', 'plan', 'routines', 'history'):
    r = home.run(cmd, '--help')
    check(r.returncode == 0 and r.stdout.startswith('Usage: movebreak ' + cmd),
          f'movebreak {cmd} --help prints its usage')


def plan(*args):
    r = home.run('plan', *args, '--json')
    check(r.returncode == 0, f'plan {" ".join(args)} --json succeeds', r.stderr)
    return json.loads(r.stdout)


# The plan JSON: fields, contiguity, the 3-5 minute promise.
for minutes in ('3', '4', '5', '1', '10', '4.5'):
    p = plan('--minutes', minutes)
    check(p['routine'] == 'shoulder-reset' and p['title'] == 'Shoulder reset',
          f'--minutes {minutes}: routine and title')
    check(180 <= p['total_s'] <= 300, f'--minutes {minutes}: total {p["total_s"]} s is within 3-5 minutes')
    check([e['title'] for e in p['exercises']] == TITLES, f'--minutes {minutes}: the five exercises in order')
    # Times are printed to the millisecond, so each cue is checked against the one before.
    t = 0
    for c in p['cues']:
        assert c['kind'] in KINDS, c
        assert abs(c['t'] - t) < 0.0015, (c, t)
        assert 1 <= c['exercise'] <= 5 and c['text']
        t = c['t'] + c['dur']
    check(p['cues'][0]['t'] == 0 and abs(t - p['total_s']) < 0.0015 and p['cues'][-1]['kind'] == 'done',
          f'--minutes {minutes}: {len(p["cues"])} cues are contiguous and end with done')
    starts = [e['start_s'] for e in p['exercises']]
    check(starts == sorted(starts) and starts[0] == 0 and
          abs(sum(e['duration_s'] for e in p['exercises']) - p['total_s']) < 0.01,
          f'--minutes {minutes}: exercise spans tile the break')

p3, p4, p5 = plan('--minutes', '3'), plan(), plan('--minutes', '5')
check(p3['total_s'] == p3['min_s'] and p5['total_s'] == p5['max_s'],
      f'--minutes 3 picks the low end ({p3["total_s"]} s) and 5 the high end ({p5["total_s"]} s)')
check(abs(p4['total_s'] - 240) <= 5, f'the default fits about 4 minutes ({p4["total_s"]} s)')
reps = [c for c in p5['cues'] if c['exercise'] == 1 and c['kind'] == 'hold']
check(len(reps) == 10 and reps[-1]['rep'] == 10 and reps[-1]['of'] == 10,
      'at 5 minutes the shoulder-blade squeeze runs 10 reps, counted n of 10')
reps = [c for c in p3['cues'] if c['exercise'] == 1 and c['kind'] == 'hold']
check(len(reps) == 5, 'at 3 minutes it runs 5 reps')
holds = [c for c in p4['cues'] if c['exercise'] == 2 and c['kind'] == 'hold']
check(len(holds) == 5 and all(h['dur'] == 5 for h in holds), 'the wall press holds 5 s, 5 times')
ex3 = [c['kind'] for c in p4['cues'] if c['exercise'] == 3]
check('reverse' in ex3 and ex3.index('reverse') > ex3.index('move'), 'shoulder rolls change direction')
ex4 = [c for c in p4['cues'] if c['exercise'] == 4 and c['kind'].startswith('breathe')]
check(len(ex4) == 6 and 20 <= sum(c['dur'] for c in ex4) <= 30,
      'upper-back expansion: one 20-30 s hold paced as 3 breaths')
sides = [c.get('side') for c in p4['cues'] if c['exercise'] == 5 and c['kind'] not in ('prepare', 'done')]
check(sides[0] == 'left' and sides[-1] == 'right' and
      any(c['kind'] == 'switch' for c in p4['cues'] if c['exercise'] == 5),
      'neck reset does the left side, switches, then the right')

micro = plan('micro-reset')
check(20 <= micro['total_s'] <= 40 and len(micro['exercises']) == 1,
      f'micro-reset is shoulder rolls of about 30 s ({micro["total_s"]} s)')

r = home.run('plan')
check(r.returncode == 0 and 'Shoulder reset (shoulder-reset)' in r.stdout and
      all(t in r.stdout for t in TITLES), 'plan prints a readable table of all five exercises')

# The table's offsets are whole seconds, so its columns line up; the JSON keeps the exact times.
for minutes in ('3', '4', '5'):
    r = home.run('plan', '--minutes', minutes)
    cue_rows = [l for l in r.stdout.splitlines() if re.match(r'^ +\d+:\d\d(\.\d)? ', l)]
    exact = plan('--minutes', minutes)
    check(len(cue_rows) == len(exact['cues']) and
          all(re.match(r'^ +\d+:\d\d  \S', l) for l in cue_rows) and
          len({l.index(k['kind']) for l, k in zip(cue_rows, exact['cues'])}) == 1,
          f'plan --minutes {minutes}: every cue row has a whole-second offset and its kind '
          'in the same column', '\n'.join(l for l in cue_rows if '.' in l.split()[0]))
    check(any(c['t'] != int(c['t']) for c in exact['cues']),
          f'plan --minutes {minutes} --json keeps the offsets that are not whole')

# Bad arguments name themselves and exit 2.
for args, needle in ((['--minutes', 'abc'], "--minutes: expected a number"),
                     (['--minutes', '0'], "--minutes"), (['--minutes', '-3'], "--minutes"),
                     (['--bogus'], "'--bogus'"), (['nosuch'], "no routine named 'nosuch'"),
                     (['a', 'b'], "unexpected argument 'b'"),
                     (['/nonexistent/r.yaml'], '/nonexistent/r.yaml: cannot read')):
    r = home.run('plan', *args)
    check(r.returncode == 2 and needle in r.stderr, f'plan {" ".join(args)} exits 2 naming the problem',
          r.stderr)

# An option getopt refuses is named as it was written, never as a stray letter or byte.
for args, want in ((['now', '--gui=1'], "option '--gui' takes no value"),
                   (['now', '--time-scale'], "option '--time-scale' needs a value"),
                   (['now', '--f'], "option '--f' is ambiguous"),
                   (['now', '--bogus'], "unknown option '--bogus'"),
                   (['now', '-x'], "unknown option '-x'"),
                   (['plan', '-m'], "option '-m' needs a value"),
                   (['stats', '--days'], "option '--days' needs a value"),
                   (['history', '--limit'], "option '--limit' needs a value"),
                   (['history', '--json=yes'], "option '--json' takes no value"),
                   (['challenge', 'start', '--goal'], "option '--goal' needs a value"),
                   (['routines', '--bogus'], "unknown option '--bogus'"),
                   (['pause', '--json'], "unknown option '--json'")):
    r = home.run(*args)
    first = r.stderr.splitlines()[0] if r.stderr else ''
    check(r.returncode == 2 and first == f'movebreak {args[0]}: {want}' and '\0' not in r.stderr
          and f"Try 'movebreak {args[0]} --help'." in r.stderr,
          f'{" ".join(args)}: "{want}", exit 2', r.stderr)

# Output that cannot be written is a failure, not a silent success.
if os.path.exists('/dev/full'):
    for args in (['routines', 'list'], ['--help'], ['plan', '--json'], ['history']):
        with open('/dev/full', 'w') as full:
            r = subprocess.run([MOVEBREAK, *args], env=home.env(), stdout=full,
                               stderr=subprocess.PIPE, text=True, timeout=30)
        check(r.returncode == 1 and 'movebreak: cannot write the output' in r.stderr,
              f'{" ".join(args)} >/dev/full: exit 1 saying so', r.stderr)

# routines list / show.
r = home.run('routines')
rows = {line.split()[0]: line for line in r.stdout.splitlines()[1:]}
check(r.returncode == 0 and {'shoulder-reset', 'micro-reset'} <= set(rows) and
      all(line.endswith('built-in') for line in rows.values()),
      'routines lists the built-ins', r.stdout)
check(re.search(r'shoulder-reset\s+Shoulder reset\s+\d+m\d\ds-\d+m\d\ds\s+5\s+'
                r'shoulders, upper-back, neck\s+built-in', rows['shoulder-reset']),
      'the list shows name, title, duration range, exercise count and areas',
      rows['shoulder-reset'])
r = home.run('routines', 'show', 'shoulder-reset')
check(r.returncode == 0 and all(t in r.stdout for t in TITLES) and 'Why it works:' in r.stdout and
      'serratus' in r.stdout and 'Variant Deeper stretch' in r.stdout and '5-10 reps' in r.stdout,
      'routines show prints every exercise with why it works, steps and the variant', r.stdout)
r = home.run('routines', 'show', 'nosuch')
check(r.returncode == 2, 'routines show of an unknown name exits 2')
r = home.run('routines', 'dance')
check(r.returncode == 2 and "unknown action 'dance'" in r.stderr, 'an unknown routines action exits 2')

# routines check: the built-ins pass; every bad file fails with FILE:LINE:COLUMN.
builtins = sorted(glob.glob(os.path.join(SOURCE_ROOT, 'data/routines/*.yaml')))
r = home.run('routines', 'check', *builtins)
check(r.returncode == 0 and r.stdout.count(': ok:') == len(builtins), 'the built-in files check clean', r.stderr)
bad = sorted(f for f in glob.glob(os.path.join(SOURCE_ROOT, 'tests/data/routines/bad-*'))
             if not f.endswith('.expect'))
check(len(bad) >= 5, f'there are bad example files to check ({len(bad)})')
for f in bad:
    r = home.run('routines', 'check', f)
    first = r.stderr.splitlines()[0] if r.stderr else ''
    check(r.returncode == 2 and re.match(re.escape(f) + r':\d+:\d+: \S', first),
          f'routines check {os.path.basename(f)} exits 2 with FILE:LINE:COLUMN: message', r.stderr)
    # The expected position and words, when the file states them in its name's sidecar.
    want = f + '.expect'
    if os.path.exists(want):
        exp = open(want).read().strip()
        check(exp in r.stderr, f'{os.path.basename(f)}: says "{exp}"', r.stderr)
huge = os.path.join(home.root, 'huge.yaml')
with open(huge, 'w') as f:
    f.write('# padding\n' * 40000)
r = home.run('routines', 'check', huge)
check(r.returncode == 2 and r.stderr.startswith(huge + ':1:1: the file is larger than 256 KiB'),
      'a huge file is refused before parsing, with FILE:1:1', r.stderr)
r = home.run('routines', 'check', home.root)
check(r.returncode == 2 and 'is a directory, not a regular file' in r.stderr,
      'a directory is refused by name', r.stderr)
r = home.run('routines', 'check', builtins[0], bad[0])
check(r.returncode == 2 and ': ok:' in r.stdout, 'a mix of good and bad files exits 2 and still reports the good one')

# A user routine shadows the built-in of the same name; a new one is found by name.
rdir = os.path.join(home.config, 'movebreak', 'routines')
os.makedirs(rdir)
with open(os.path.join(SOURCE_ROOT, 'data/routines/micro-reset.yaml')) as f:
    text = f.read()
with open(os.path.join(rdir, 'micro-reset.yaml'), 'w') as f:
    f.write(text.replace('title: Micro reset', 'title: My own micro'))
with open(os.path.join(rdir, 'desk-rolls.yaml'), 'w') as f:
    f.write(text.replace('name: micro-reset', 'name: desk-rolls').replace('title: Micro reset', 'title: Desk rolls'))
r = home.run('routines')
check('hides the built-in' in r.stdout and 'My own micro' in r.stdout and 'Desk rolls' in r.stdout,
      'a user routine hides the built-in of its name and new ones are listed', r.stdout)
check(plan('micro-reset')['title'] == 'My own micro', 'plan by name loads the user file first')
check(plan('desk-rolls')['routine'] == 'desk-rolls', 'a new user routine is found by name')
with open(os.path.join(rdir, 'broken.yaml'), 'w') as f:
    f.write('name: broken\ntitle: [oops\n')
r = home.run('plan', 'broken')
check(r.returncode == 2 and re.search(r'broken\.yaml:\d+:\d+: ', r.stderr),
      'a broken user routine exits 2 with its FILE:LINE:COLUMN', r.stderr)
r = home.run('routines')
check(r.returncode == 2 and '(has problems)' in r.stdout and 'shoulder-reset' in r.stdout,
      'the list still shows everything and flags the broken file', r.stdout + r.stderr)

done()
