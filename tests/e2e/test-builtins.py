#!/usr/bin/env python3
"""End to end: the built-in routines, each checked, dosed, posed and listed as the contract says.

Every built-in passes `routines check`, lasts 1 to 5 minutes at every --minutes (the micro-reset,
the half-minute break between movement breaks, stays about 30 s), has a pose on every step and
pictures that differ from exercise to exercise, and names its areas. `routines list --json`
agrees with `routines show` for each, and with the table of names, titles and areas that the
issue 12 branches share.
"""
import glob
import json
import os
import re

from mbtest import SOURCE_ROOT, Home, check, done

home = Home()
STEP_KINDS = ('move', 'hold', 'release', 'rest', 'breathe', 'switch', 'reverse')
AREAS = ['neck', 'shoulders', 'upper-back', 'chest', 'wrists', 'lower-back', 'hips', 'legs',
         'eyes', 'breath']
# name: (title, areas), from the shared contract (notes/i12-contract.md).
CONTRACT = {
    'shoulder-reset': ('Shoulder reset', ['shoulders', 'upper-back', 'neck']),
    'micro-reset': ('Micro reset', ['shoulders']),
    'neck-release': ('Neck release', ['neck', 'shoulders']),
    'wrist-care': ('Wrists and forearms', ['wrists']),
    'chest-opener': ('Chest opener', ['chest', 'shoulders']),
    'upper-back-extension': ('Upper-back extension', ['upper-back']),
    'seated-twist': ('Seated spine twist', ['lower-back', 'upper-back']),
    'hip-opener': ('Standing hip-flexor stretch', ['hips', 'legs']),
    'leg-pump': ('Legs and circulation', ['legs']),
    'eye-rest': ('Eye rest', ['eyes']),
    'breathing-reset': ('Breathing reset', ['breath']),
    'posture-reset': ('Posture reset', ['neck', 'upper-back', 'shoulders']),
}
# The short break the daemon fits to micro.duration (30 s by default): not a movement break.
MICRO = {'micro-reset'}


def fmt(s):
    """A length as movebreak writes it: 3m08s, 29s, 4m."""
    if s < 60:
        return f'{s}s'
    return f'{s // 60}m{s % 60:02d}s' if s % 60 else f'{s // 60}m'


def exercises_of(path):
    """The exercises of a routine file as [(exercise pose, [step poses])], read by indentation.

    The built-ins are plain block YAML, so their lines say enough: an exercise starts at
    `  - title:`, its keys sit four spaces in, and each step starts with `- KIND:` under
    `steps:` with its keys two spaces deeper than the dash. A step without `pose:` reads as
    None.
    """
    exercises = []
    step_indent = None
    for line in open(path):
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        indent = len(line) - len(line.lstrip(' '))
        text = line.strip()
        if indent == 2 and text.startswith('- title:'):
            exercises.append([None, []])
            step_indent = None
            continue
        if not exercises:
            continue
        ex = exercises[-1]
        if indent == 4 and text.startswith('pose:'):
            ex[0] = text[len('pose:'):].strip()
        elif indent == 4 and text.startswith('steps:'):
            step_indent = 6
        elif indent == 4:
            step_indent = None
        elif step_indent is not None and indent == step_indent and text.startswith('- '):
            kind = text[2:].split(':', 1)[0]
            check(kind in STEP_KINDS, f'{os.path.basename(path)}: a step starts with its kind',
                  line)
            ex[1].append(None)
        elif step_indent is not None and indent == step_indent + 2 and text.startswith('pose:'):
            ex[1][-1] = text[len('pose:'):].strip()
    return exercises


# ---- Every file in data/routines is built in, and the list has them all ----
files = sorted(glob.glob(os.path.join(SOURCE_ROOT, 'data/routines/*.yaml')))
r = home.run('routines', 'list', '--json')
check(r.returncode == 0 and r.stderr == '', 'routines list --json runs clean', r.stderr)
listed = json.loads(r.stdout)
check(isinstance(listed, list) and all(set(item) == {'name', 'title', 'min_s', 'max_s',
                                                     'exercises', 'areas', 'source'}
                                       for item in listed),
      'it is an array of {name, title, min_s, max_s, exercises, areas, source}', r.stdout[:400])
builtins = {item['name']: item for item in listed if item['source'] == 'built-in'}
names = sorted(os.path.basename(f)[:-len('.yaml')] for f in files)
check(sorted(builtins) == names, 'every file in data/routines is built in, and only those',
      f'{sorted(builtins)} vs {names}')
check(len(builtins) >= 10, f'at least ten built-in routines ({len(builtins)})')
check(set(CONTRACT) <= set(builtins), 'every routine of the contract is built in',
      sorted(set(CONTRACT) - set(builtins)))
r2 = home.run('routines', '--json')
check(r2.returncode == 0 and json.loads(r2.stdout) == listed, 'routines --json lists the same')

# ---- Each passes check, and its names, titles and areas are the contract's ----
r = home.run('routines', 'check', *files)
check(r.returncode == 0 and r.stdout.count(': ok: ') == len(files) and r.stderr == '',
      'every built-in file passes routines check', r.stdout + r.stderr)
for name, (title, areas) in CONTRACT.items():
    item = builtins[name]
    check(item['title'] == title and item['areas'] == areas,
          f'{name}: titled "{title}", areas {", ".join(areas)}', json.dumps(item))
for name, item in builtins.items():
    check(item['areas'] and all(a in AREAS for a in item['areas']) and
          len(set(item['areas'])) == len(item['areas']),
          f'{name}: names its areas, each a word of the vocabulary, once', item['areas'])

# ---- Lengths: 1 to 5 minutes at every dose; the micro-reset stays a short break ----
movement = 0
for name, item in sorted(builtins.items()):
    lo, hi = (20, 60) if name in MICRO else (60, 300)
    for minutes in ('1', '2', '3', '4', '5', '10'):
        r = home.run('plan', name, '--minutes', minutes, '--json')
        p = json.loads(r.stdout) if r.returncode == 0 else {}
        check(r.returncode == 0 and lo <= p['total_s'] <= hi and
              p['min_s'] <= p['total_s'] <= p['max_s'],
              f'{name} --minutes {minutes}: {p.get("total_s")} s, within {lo}-{hi} s',
              r.stderr)
    check(item['min_s'] == round(p['min_s']) and item['max_s'] == round(p['max_s']) and
          item['exercises'] == len(p['exercises']),
          f'{name}: the list gives the lengths and exercise count plan gives', json.dumps(item))
    if 120 <= item['min_s'] and item['max_s'] <= 300:
        movement += 1
check(movement >= 6, f'at least six built-ins last 2 to 5 minutes at every dose ({movement})')
covered = {a for item in builtins.values() for a in item['areas']}
check(len(covered) >= 8, f'together they cover at least eight areas ({len(covered)})',
      sorted(covered))

# ---- Poses: every step posed, each exercise a picture of its own, seated cues seated ----
for path in files:
    name = os.path.basename(path)[:-len('.yaml')]
    exercises = exercises_of(path)
    check(len(exercises) == builtins[name]['exercises'] and
          all(pose for pose, _ in exercises) and all(steps for _, steps in exercises),
          f'{name}: every exercise has a set-up pose and steps', exercises)
    check(all(pose for _, steps in exercises for pose in steps),
          f'{name}: every step names its pose', exercises)
    pictures = [(pose, tuple(steps)) for pose, steps in exercises]
    check(len(set(pictures)) == len(pictures) and
          len({steps[0] for _, steps in exercises}) == len(exercises),
          f'{name}: each exercise draws its own pictures, from its first step on', pictures)
    # Cues that keep you in your chair come with a seated figure.
    text = open(path).read()
    if 'without leaving your chair' in text or 'without getting up' in text:
        poses = [p for pose, steps in exercises for p in [pose, *steps]]
        check(all(re.sub(r'[\[\]]', '', p).strip().startswith('seated') for p in poses),
              f'{name}: done in the chair, so the figure sits', poses)

# ---- routines show says what the list says ----
for name, item in sorted(builtins.items()):
    r = home.run('routines', 'show', name)
    lines = r.stdout.splitlines()
    span = fmt(item['min_s']) if item['min_s'] == item['max_s'] else \
        f'{fmt(item["min_s"])}-{fmt(item["max_s"])}'
    n = item['exercises']
    head = f'{item["title"]} ({name}), {span}, {n} exercise{"s" if n != 1 else ""}'
    check(r.returncode == 0 and lines[0] == head and
          lines[1] == 'Areas: ' + ', '.join(item['areas']),
          f'routines show {name} starts "{head}" and its areas', '\n'.join(lines[:2]))
r = home.run('routines')
rows = {line.split()[0]: line for line in r.stdout.splitlines()[1:]}
check(r.returncode == 0 and r.stdout.split('\n')[0].split() ==
      ['NAME', 'TITLE', 'LENGTH', 'EXERCISES', 'AREAS', 'SOURCE'] and
      all(', '.join(item['areas']) in rows[name] for name, item in builtins.items()),
      'the table has an AREAS column with each routine\'s areas', r.stdout)

# ---- The README's table of routines gives each built-in's areas and length ----
readme = open(os.path.join(SOURCE_ROOT, 'README.md')).read()
for name, item in sorted(builtins.items()):
    span = fmt(item['min_s']) if item['min_s'] == item['max_s'] else \
        f'{fmt(item["min_s"])}–{fmt(item["max_s"])}'
    row = f'| `{name}` | {item["title"]} | {", ".join(item["areas"])} | {span} |'
    check(row in readme, f'the README lists {name} with its areas and length', row)

# ---- User routines: a path as the source, no areas as [], a broken file as nulls ----
folder = os.path.join(home.config, 'movebreak', 'routines')
os.makedirs(folder)
mine = os.path.join(folder, 'desk-rolls.yaml')
with open(mine, 'w') as f:
    f.write('name: desk-rolls\ntitle: "Desk \\"rolls\\""\nexercises:\n  - title: Rolls\n'
            '    steps:\n      - move: Roll your shoulders back\n        time: 4s\n')
r = home.run('routines', 'list', '--json')
item = {i['name']: i for i in json.loads(r.stdout)}['desk-rolls']
check(r.returncode == 0 and item == {'name': 'desk-rolls', 'title': 'Desk "rolls"', 'min_s': 9,
                                     'max_s': 9, 'exercises': 1, 'areas': [], 'source': mine},
      'a user routine lists with its path as the source and no areas', json.dumps(item))
r = home.run('routines', 'show', 'desk-rolls')
check(r.returncode == 0 and 'Areas:' not in r.stdout, 'and show prints no Areas line for it',
      r.stdout)
broken = os.path.join(folder, 'broken.yaml')
with open(broken, 'w') as f:
    f.write('name: broken\ntitle: Broken\nareas: [nek]\nexercises:\n  - title: E\n'
            '    steps:\n      - move: Go\n')
r = home.run('routines', 'list', '--json')
items = {i['name']: i for i in json.loads(r.stdout)}
check(r.returncode == 2 and items['broken'] == {'name': 'broken', 'title': None, 'min_s': None,
                                                'max_s': None, 'exercises': None,
                                                'areas': None, 'source': broken} and
      f"{broken}:3:9: unknown area 'nek'; did you mean 'neck'?" in r.stderr and
      len(items) == len(builtins) + 2,
      'a broken user routine lists with nulls, exit 2, its problem on stderr', r.stdout + r.stderr)
r = home.run('routines', 'show', '--json')
check(r.returncode == 2 and '--json goes with list' in r.stderr, '--json only goes with list',
      r.stderr)
r = home.run('routines', 'list', '--csv')
check(r.returncode == 2 and 'takes only --json' in r.stderr, 'list takes no other argument',
      r.stderr)
r = home.run('routines', '--help')
check(r.returncode == 0 and 'list [--json]' in r.stdout and 'min_s' in r.stdout,
      'routines --help tells of --json and its fields', r.stdout)

# ---- Bad areas: the messages, each at its place ----
for base in ('bad-areas-unknown.yaml', 'bad-areas-repeated.yaml'):
    path = os.path.join(SOURCE_ROOT, 'tests/data/routines', base)
    want = open(path + '.expect').read().strip()
    r = home.run('routines', 'check', path)
    check(r.returncode == 2 and r.stderr.strip() == os.path.join(os.path.dirname(path), want),
          f'{base}: "{want}"', r.stderr)

done()
