#!/usr/bin/env python3
"""End to end: {side} and {other} are filled the same way in every listing and coach.

`routines show`, `plan` (table and JSON), the plain coach and the full-screen coach all fill
them through one function: the side being worked, or, where no side runs yet (a listing, the
get-ready cue), the left side the break works first. None of them shows a brace.
"""
import json
import os
import shutil
import subprocess
import time

from mbtest import Home, check, done

home = Home()

# ---- The built-in routine's listing ----
r = home.run('routines', 'show', 'shoulder-reset')
check(r.returncode == 0 and '{' not in r.stdout and '}' not in r.stdout,
      'routines show shoulder-reset prints no placeholder', r.stdout)
check('your left ear toward your left shoulder' in r.stdout and
      'soften the right side of your neck' in r.stdout and
      'reach your right hand gently down' in r.stdout,
      'its two-sided texts read as for the left side, {other} as the right', r.stdout)
check('Neck and shoulder reset  (both sides, left first)' in r.stdout,
      'the exercise says the texts read for the left side first', r.stdout)

# ---- A routine with the placeholders in every text that may hold them ----
path = os.path.join(home.root, 'sides.yaml')
with open(path, 'w') as f:
    f.write('''name: sides
title: Sides
exercises:
  - title: Side reach
    purpose: Reaching over with the {side} arm opens the {other} side of the ribs.
    setup:
      - Stand with your {side} foot a little ahead.
      - Let your {other} arm hang.
    sides: both
    switch: Change to the {side} arm
    prepare: 6s
    steps:
      - move: Reach your {side} arm up and over
        time: 3s
        direction: toward the {other} wall
      - hold: Breathe into the {other} side
        time: 4s
    variants:
      - name: deeper
        title: Deeper
        text: Slide your {other} hand down your leg.
''')

r = home.run('routines', 'show', path)
check(r.returncode == 0 and '{' not in r.stdout, 'routines show of a file fills every text', r.stdout)
check('Why it works: Reaching over with the left arm opens the right side of the ribs.' in r.stdout and
      'Set-up:    Stand with your left foot a little ahead.' in r.stdout and
      'Let your right arm hang.' in r.stdout and '[toward the right wall]' in r.stdout and
      'Variant Deeper: Slide your right hand down your leg.' in r.stdout,
      'purpose, set-up, steps, direction and variant read for the left side', r.stdout)

r = home.run('plan', path)
check(r.returncode == 0 and '{' not in r.stdout, 'the plan table fills every cue', r.stdout)
check('Stand with your left foot a little ahead. Let your right arm hang.' in r.stdout,
      'the get-ready cue, before the sides start, reads for the left side', r.stdout)
check('Change to the right arm' in r.stdout and 'Reach your right arm up and over' in r.stdout,
      'the switch and the second side say right', r.stdout)

plan = json.loads(home.run('plan', path, '--json').stdout)
directions = [(c['side'], c['direction']) for c in plan['cues'] if 'direction' in c]
check(directions == [('left', 'toward the right wall'), ('right', 'toward the left wall')],
      'the JSON directions are filled for their side', str(directions))
check(all('{' not in c['text'] for c in plan['cues']), 'no JSON cue text holds a brace')

r = home.run('now', path, '--plain', '--no-record', '--time-scale', '100')
check(r.returncode == 0 and '{' not in r.stdout, 'the plain coach fills every line', r.stdout)
check('Why: Reaching over with the left arm opens the right side of the ribs.' in r.stdout and
      '[toward the right wall]' in r.stdout and '[toward the left wall]' in r.stdout,
      'its why and its directions read as words', r.stdout)

# ---- The full-screen coach, on its get-ready screen ----
if shutil.which('tmux') is None:
    print('SKIP: tmux is not installed; the full-screen coach is not looked at')
    done()
    raise SystemExit(0)
sock = f'mb-sides-{os.getpid()}'


def tm(*args):
    return subprocess.run(['tmux', '-L', sock, *args], capture_output=True, text=True,
                          env=home.env(TERM='xterm-256color'))


try:
    cmd = f'{os.environ["MOVEBREAK"]} now {path} --no-record'
    tm('new-session', '-d', '-s', 'sides', '-x', '100', '-y', '34', cmd)
    screen = ''
    for _ in range(50):
        screen = tm('capture-pane', '-p', '-t', 'sides').stdout
        if 'Why this works' in screen:
            break
        time.sleep(0.1)
    check('Why this works' in screen and '{' not in screen,
          'the full-screen coach shows the get-ready cue without a brace', screen)
    check('Stand with your left foot a little ahead.' in screen and
          'Slide your right hand down your leg.' in screen,
          'its set-up lines and the variant read for the left side', screen)
finally:
    tm('kill-server')
done()
