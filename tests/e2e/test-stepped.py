#!/usr/bin/env python3
"""End to end: breaks that were not really taken are not counted as taken.

A break stepped through with n in less than half its time is partial, not done: the
full-screen coach in tmux, at real speed, on the micro-reset, reaches the closing screen in a
few seconds of its 29 when n is pressed again and again. The history has it as partial, and the
summary says why. A demo (another time scale) runs at its own pace and completes, and is
recorded as a demo that no count includes.
"""
import json
import os
import shutil
import subprocess
import sys
import time

from mbtest import Home, MOVEBREAK, check, done

if not shutil.which('tmux'):
    print('SKIP: tmux is not installed')
    sys.exit(77)

home = Home()
sock = f'mb-stepped-{os.getpid()}'
tm = ['tmux', '-L', sock]


def screen():
    return subprocess.run(tm + ['capture-pane', '-p', '-J'], capture_output=True,
                          text=True).stdout


def outcomes():
    r = home.run('history', '--json')
    return [b['outcome'] for b in json.loads(r.stdout)] if r.returncode == 0 else []


env_words = ' '.join(f'{k}={v}' for k, v in (('XDG_DATA_HOME', home.data),
                                              ('XDG_CONFIG_HOME', home.config),
                                              ('HOME', home.root), ('TERM', 'xterm-256color')))
try:
    subprocess.run(tm + ['-f', '/dev/null', 'new-session', '-d', '-x', '100', '-y', '30',
                         f'env {env_words} {MOVEBREAK} now micro-reset; sleep 60'],
                   check=True, env=dict(os.environ, TMUX=''))
    deadline = time.monotonic() + 20
    while 'Shoulder rolls' not in screen() and time.monotonic() < deadline:
        time.sleep(0.1)
    check('Shoulder rolls' in screen(), 'the coach shows the micro-reset', screen())
    for _ in range(40):
        if 'Break stepped through' in screen():
            break
        subprocess.run(tm + ['send-keys', 'n'])
        time.sleep(0.15)
    deadline = time.monotonic() + 15
    while 'Break stepped through' not in screen() and time.monotonic() < deadline:
        time.sleep(0.1)
    text = screen()
    line = next((l for l in text.splitlines() if 'Break ' in l and 'exercises' in l), '')
    check(line.startswith('Break stepped through in under half its time: ') and
          line.endswith('Recorded as partial.'), 'the summary says it was stepped through', text)
    check(outcomes() == ['partial'], 'the history has it as partial', str(outcomes()))
finally:
    subprocess.run(tm + ['kill-server'], capture_output=True)

# At the coach's own pace (a demo, sped up, still takes its whole time) it is completed.
r = home.run('now', 'micro-reset', '--plain', '--time-scale', '100')
check(r.returncode == 0 and 'Break complete' in r.stdout, 'a break at its own pace completes',
      r.stdout)
check('(a demo at 100 times the speed: not counted)' in r.stdout,
      'the summary says it was a demo', r.stdout)
check(outcomes()[0] == 'completed', 'and is recorded as completed', str(outcomes()))
rows = json.loads(home.run('history', '--all', '--json').stdout)
check(rows[0].get('demo') is True and 'demo' not in rows[1], 'the row says demo, the other not',
      str(rows))
r = home.run('history')
check('demo, completed' in r.stdout.splitlines()[1], 'history marks it a demo', r.stdout)
day = json.loads(home.run('stats', '--days', '1', '--json').stdout)['days'][0]
check(day['micro_done'] == 0 and day['partial'] == 1 and day['taken'] == 0,
      'stats leaves the demo out and counts the stepped break as partial', json.dumps(day))
exp = home.run('export')
other = Home()
path = os.path.join(other.root, 'export.json')
with open(path, 'w') as f:
    f.write(exp.stdout)
r = other.run('import', path)
back = json.loads(other.run('history', '--all', '--json').stdout)
check(r.returncode == 0 and [b.get('demo', False) for b in back] == [True, False],
      'export and import keep the demo a demo', r.stdout + r.stderr)
done()
