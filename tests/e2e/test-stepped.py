#!/usr/bin/env python3
"""End to end: a break stepped through with n in less than half its time is partial, not done.

The full-screen coach in tmux, at real speed, on the micro-reset: pressing n again and again
reaches the closing screen in a few seconds of its 29. The history has it as partial, and the
summary says why. Taken at its own pace the same break is completed.
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
check(outcomes()[0] == 'completed', 'and is recorded as completed', str(outcomes()))
done()
