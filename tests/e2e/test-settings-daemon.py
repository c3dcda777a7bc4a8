#!/usr/bin/env python3
"""End to end: config.ini changed with `movebreak config set`, `movebreak reload`, and the
control commands' answers, against the real daemon on a private session bus.

A good value rewrites one line, keeps the comments and the daemon takes it at once; a bad one
is refused with the parser's message and the file is untouched; a bad file makes `reload`
print its first problem (exit 2) while the daemon keeps its settings.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

import mbtest
from mbtest import Home, MOVEBREAK, check, done

if not shutil.which('dbus-daemon'):
    print('SKIP: dbus-daemon is not installed')
    sys.exit(77)

procs = []
home = Home()
address = mbtest.start_session_bus(procs)
env = home.env(DBUS_SESSION_BUS_ADDRESS=address, TZ='UTC')
env.pop('DISPLAY', None)
env.pop('WAYLAND_DISPLAY', None)
config = os.path.join(home.config, 'movebreak', 'config.ini')
ORIGINAL = ('; my movebreak settings\n'
            '[movement]\n'
            'every = 50m              ; a movement break after this much active time\n'
            '\n'
            '[micro]\n'
            'every = 0\n'
            '[prompt]\n'
            'break_command = true\n')
HHMM = r'\d\d:\d\d'


def mb(*args):
    return home.run(*args, env=env, timeout=30)


def status():
    r = mb('status', '--json')
    check(r.returncode == 0, 'status answers', r.stderr)
    return json.loads(r.stdout)


def read_config():
    with open(config) as f:
        return f.read()


try:
    os.makedirs(os.path.dirname(config), exist_ok=True)
    with open(config, 'w') as f:
        f.write(ORIGINAL)
    log_path = os.path.join(home.root, 'daemon.log')
    daemon = subprocess.Popen([MOVEBREAK, 'daemon', '--backend', 'none'], env=env,
                              stdin=subprocess.DEVNULL, stdout=open(log_path, 'w'),
                              stderr=subprocess.STDOUT)
    procs.append(daemon)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and mb('status').returncode != 0:
        time.sleep(0.1)
    st = status()
    check(st['next_break'] == 'movement' and 2990 <= st['next_break_in_s'] <= 3000,
          'the daemon runs with every = 50m', str(st))

    # config set: one line rewritten, the comment kept at its column, the daemon reloaded.
    r = mb('config', 'set', 'movement.every', '20m')
    check(r.returncode == 0 and 'Set movement.every = 20m' in r.stdout and
          'The daemon reloaded it' in r.stdout, 'config set answers and reloads', r.stdout + r.stderr)
    want = ORIGINAL.replace(
        'every = 50m              ;', 'every = 20m              ;')
    check(read_config() == want, 'config set keeps comments, order and spacing', read_config())
    st = status()
    check(1190 <= st['next_break_in_s'] <= 1200, 'status shows the new interval', str(st))
    r = mb('config', 'get', 'movement.every')
    check(r.returncode == 0 and r.stdout == '20m\n', 'config get reads it back', r.stdout)
    r = mb('config', 'list')
    check(r.returncode == 0 and 'every = 20m' in r.stdout and 'postpone' in r.stdout and
          '(default: 50m)' in r.stdout, 'config list shows values, defaults and help', r.stdout)

    # A bad value: the parser's message, exit 2, the file as it was.
    before = read_config()
    r = mb('config', 'set', 'movement.every', '20 minutes')
    check(r.returncode == 2 and "movement.every: '20 minutes' is not a duration" in r.stderr,
          'a bad value is refused with the parser\'s message', r.stderr)
    check(read_config() == before, 'a refused value leaves the file untouched')

    # reload with a good file, then a bad one: the old settings stay, the log says so.
    r = mb('reload')
    check(r.returncode == 0 and r.stdout == 'Reloaded config.ini\n', 'reload of a good file',
          r.stdout + r.stderr)
    with open(config, 'a') as f:
        f.write('[postpone]\nmax = lots\n')
    r = mb('reload')
    check(r.returncode == 2 and re.search(r'config\.ini:10: postpone\.max: ', r.stderr),
          'reload of a bad file prints FILE:LINE: message and exits 2', r.stderr)
    check(1150 <= status()['next_break_in_s'] <= 1200, 'the daemon keeps its settings')
    with open(log_path) as f:
        check('kept the settings in use' in f.read(), 'the daemon says so in its log')
    r = mb('config', 'set', 'movement.every', '25m')
    check(r.returncode == 2 and 'config.ini:10: postpone.max' in r.stderr and
          read_config().endswith('max = lots\n'), 'config set refuses a file that does not load',
          r.stderr)
    r = mb('config', 'set', 'postpone.max', '2')
    check(r.returncode == 0 and read_config().endswith('max = 2\n'),
          'config set may fix the bad value itself', r.stdout + r.stderr)

    # The control commands say what they did.
    r = mb('pause', '10m')
    check(r.returncode == 0 and re.fullmatch(f'Paused until {HHMM}\n', r.stdout),
          'pause 10m says until when', r.stdout + r.stderr)
    st = status()
    check(st['state'] == 'paused' and isinstance(st['paused_until'], int) and
          abs(st['paused_until'] - time.time() - 600) < 5, 'status --json: paused_until', str(st))
    r = mb('status')
    check(re.search(f'paused until:  {HHMM}', r.stdout), 'status says until when', r.stdout)
    r = mb('resume')
    check(r.returncode == 0 and r.stdout == 'Resumed; next movement break in 20 min\n',
          'resume says when the next break comes', r.stdout + r.stderr)
    r = mb('pause')
    check(r.returncode == 0 and r.stdout == 'Paused until you resume\n', 'an open pause',
          r.stdout)
    mb('resume')
    r = mb('break')
    check(r.returncode == 0 and re.fullmatch(f'Started a movement break: [a-z-]+ until {HHMM}\n',
                                             r.stdout), 'break says which break started', r.stdout)
    st = status()
    check(st['state'] == 'break' and st['break_routine'] and st['break_until'],
          'status --json: the routine and its end during a break', str(st))
    r = mb('status')
    check(re.search(f'break:         movement, [a-z-]+ until {HHMM}', r.stdout),
          'status says which routine runs until when', r.stdout)
    r = mb('skip')
    check(r.returncode == 0 and re.fullmatch(
        f'Skipped the movement break; the next is due at {HHMM}\n', r.stdout),
          'skip says what it skipped', r.stdout + r.stderr)
    r = mb('postpone')
    check(r.returncode == 1 and 'no break is waiting' in r.stderr,
          'postpone with no prompt is refused as before', r.stderr)
    # A prompt two seconds on: postpone says when it comes again.
    for key, value in (('prompt.lull', '0'), ('movement.every', '2s')):
        r = mb('config', 'set', key, value)
        check(r.returncode == 0, f'config set {key} {value}', r.stdout + r.stderr)
    deadline = time.monotonic() + 10
    while status()['state'] not in ('prompt', 'due') and time.monotonic() < deadline:
        time.sleep(0.2)
    r = mb('postpone', '5m')
    check(r.returncode == 0 and re.fullmatch(
        f'Postponed: the movement break is offered again at {HHMM}\n', r.stdout),
          'postpone says when the prompt comes again', r.stdout + r.stderr)
    st = status()
    check(st['state'] == 'postponed' and abs(st['prompt_again_at'] - time.time() - 300) < 5,
          'status --json: prompt_again_at', str(st))
    daemon.terminate()
    daemon.wait(timeout=10)
finally:
    mbtest.kill_all(procs)
done()
