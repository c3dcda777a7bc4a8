#!/usr/bin/env python3
"""Variety without a program: movement.routine and micro.routine as a list that rotates break by
break, or `rotate`, through `movebreak simulate` and `movebreak now --plain` with a real history."""
import glob
import json
import os
import re
import sqlite3

from mbtest import Home, SOURCE_ROOT, check, done

home = Home()
TRACE = os.path.join(SOURCE_ROOT, 'tests', 'data', 'traces', 'intervals.trace')
cfg_dir = os.path.join(home.config, 'movebreak')
os.makedirs(cfg_dir)
config = os.path.join(cfg_dir, 'config.ini')


def write_config(text):
    with open(config, 'w') as f:
        f.write('[micro]\nevery = 0\n[prompt]\nlull = 0\n' + text)


def prompts(*extra):
    r = home.run('simulate', '--trace', TRACE, '--config', config, *extra)
    check(r.returncode == 0, 'simulate runs', r.stderr)
    return re.findall(r'prompt +movement break \((.*)\)', r.stdout)


# simulate: three prompts over a list of two go round it.
write_config('[movement]\nroutine = shoulder-reset, micro-reset\n')
got = prompts()
check(got == ['shoulder-reset', 'micro-reset', 'shoulder-reset'],
      'simulate: the prompts rotate through the list, break by break', got)
write_config('[movement]\nroutine = shoulder-reset\n')
check(prompts() == ['shoulder-reset'] * 3, 'a single routine is offered every time')

# `rotate`: every built-in that can last 2 to 5 minutes, by name.
fits = []
for path in sorted(glob.glob(os.path.join(SOURCE_ROOT, 'data/routines/*.yaml'))):
    name = os.path.basename(path)[:-5]
    p = json.loads(home.run('plan', name, '--json').stdout)
    if p['min_s'] <= 300 and p['max_s'] >= 120:
        fits.append(name)
write_config('[movement]\nroutine = rotate\n')
got = prompts()
check(got == [fits[i % len(fits)] for i in range(3)],
      f'rotate offers the built-ins of a movement break\'s length in turn ({", ".join(fits)})',
      got)

# Bad names are caught when the config is read: file, line and the name.
write_config('[movement]\nroutine = shoulder-reset, chest-openr\n')
r = home.run('simulate', '--trace', TRACE, '--config', config)
check(r.returncode == 2 and
      f"{config}:6: movement.routine: no routine named 'chest-openr'" in r.stderr,
      'an unknown name in the list is bad input, with its file and line', r.stderr)
write_config('[movement]\nroutine = shoulder-reset,, chest-opener\n')
r = home.run('simulate', '--trace', TRACE, '--config', config)
check(r.returncode == 2 and 'an entry of the list is empty' in r.stderr,
      'an empty entry is bad input', r.stderr)

# now --plain: short user routines, so real breaks take a second and count.
folder = os.path.join(cfg_dir, 'routines')
os.makedirs(folder)
for name in ('shoulder-reset', 'chest-opener', 'neck-release', 'micro-reset', 'eye-rest'):
    with open(os.path.join(folder, name + '.yaml'), 'w') as f:
        f.write(f'name: {name}\ntitle: T {name}\nexercises:\n  - title: One hold\n'
                f'    prepare: 0s\n    steps:\n      - hold: Stay tall\n        time: 1s\n')
write_config('[movement]\nroutine = shoulder-reset, chest-opener, neck-release\n'
             '[micro]\nroutine = micro-reset, eye-rest\n')
env = home.env()
for k in ('MOVEBREAK_ROUTINE', 'MOVEBREAK_BREAK', 'MOVEBREAK_TODAY'):
    env.pop(k, None)


def now(*args, **extra):
    r = home.run('now', '--plain', *args, env=dict(env, **extra))
    check(r.returncode == 0, 'now --plain ' + ' '.join(args), r.stderr)
    return re.match(r'movebreak: T (\S+),', r.stdout).group(1)


def last_row():
    with sqlite3.connect(home.db) as c:
        return c.execute('SELECT routine, kind, outcome, demo FROM breaks'
                         ' ORDER BY id DESC LIMIT 1').fetchone()


ran = [now()]
check(ran == ['shoulder-reset'] and last_row() == ('shoulder-reset', 'movement', 'completed', 0),
      'with no history the list starts at its first routine, recorded as it ran', last_row())
ran += [now(), now(), now()]
check(ran == ['shoulder-reset', 'chest-opener', 'neck-release', 'shoulder-reset'],
      'each break runs the routine after the last one recorded, and the list comes round', ran)
check(now('--time-scale', '3') == 'chest-opener' and last_row()[3] == 1, 'a demo runs the next')
check(now() == 'chest-opener', 'a demo does not move the rotation on')
check(now('shoulder-reset') == 'shoulder-reset', 'a routine named on the command line wins')
check(now() == 'chest-opener', 'and the rotation goes on after the one that ran last')
# Micro-resets rotate apart from movement breaks, and are recorded as micro.
micro = [now(MOVEBREAK_BREAK='micro'), now(MOVEBREAK_BREAK='micro'), now(MOVEBREAK_BREAK='micro')]
check(micro == ['micro-reset', 'eye-rest', 'micro-reset'] and last_row()[1] == 'micro',
      'micro.routine rotates on its own, its breaks recorded as micro-resets', micro)
check(now() == 'neck-release', 'the movement rotation is where it was')
# What the daemon names in MOVEBREAK_ROUTINE runs.
check(now(MOVEBREAK_BREAK='movement', MOVEBREAK_ROUTINE='chest-opener') == 'chest-opener',
      "the daemon's routine runs")
done()
