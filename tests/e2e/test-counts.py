#!/usr/bin/env python3
"""End to end: status, stats and the challenge count the same breaks: completed ones only.

The real daemon on a private session bus, the real history file. A break started with
`movebreak break` and called off with `movebreak skip` is neither counted today (before or
after a daemon restart) nor due in the statistics; one its coach completes is counted once,
everywhere.
"""
import json
import os
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
env = home.env(DBUS_SESSION_BUS_ADDRESS=address)
env.pop('DISPLAY', None)
env.pop('WAYLAND_DISPLAY', None)
env.pop('MOVEBREAK_TODAY', None)
config = os.path.join(home.root, 'config.ini')
# Breaks of two seconds at real speed: a demo (another time scale) is not counted.
mbtest.write_short_routines(home.config)
marker = os.path.join(home.root, 'coach')


def write_config(coach):
    command = (f'{MOVEBREAK} now --plain >/dev/null 2>&1; touch {marker}'
               if coach else f'touch {marker}')
    with open(config, 'w') as f:
        f.write('[movement]\nevery = 1h\n[micro]\nevery = 0\n'
                f'[prompt]\nbreak_command = {command}\n')


def mb(*args):
    return home.run(*args, env=env, timeout=30)


def status():
    r = mb('status', '--json')
    check(r.returncode == 0, 'status answers', r.stderr)
    return json.loads(r.stdout)


def wait_status(pred, seconds=10):
    deadline = time.monotonic() + seconds
    st = status()
    while not pred(st) and time.monotonic() < deadline:
        time.sleep(0.1)
        st = status()
    return st


def start_daemon():
    log = open(os.path.join(home.root, f'daemon-{len(procs)}.log'), 'w')
    p = subprocess.Popen([MOVEBREAK, 'daemon', '--config', config, '--backend', 'none'],
                         env=env, stdin=subprocess.DEVNULL, stdout=log,
                         stderr=subprocess.STDOUT)
    procs.append(p)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and mb('status').returncode != 0:
        time.sleep(0.1)
    return p


def stop(p):
    p.terminate()
    p.wait(timeout=10)


def today_stats():
    r = mb('stats', '--days', '1', '--json')
    check(r.returncode == 0, 'stats answers', r.stderr)
    return json.loads(r.stdout)['days'][0]


try:
    write_config(coach=False)
    daemon = start_daemon()
    r = mb('challenge', 'start', '--on', 'today', '--goal', '3')
    check(r.returncode == 0, 'a challenge starts today', r.stderr)

    # `movebreak break`, then `movebreak skip`: nothing was taken.
    r = mb('break')
    check(r.returncode == 0 and wait_status(lambda st: st['state'] == 'break')['state'] ==
          'break', 'movebreak break: a break is under way', r.stderr)
    r = mb('skip')
    check(r.returncode == 0, 'movebreak skip calls it off', r.stderr)
    st = wait_status(lambda st: st['state'] != 'break')
    check(st['breaks_today'] == 0, 'status: a skipped break is not counted today', str(st))
    d = today_stats()
    check(d['movement_done'] == 0 and d['due'] == 0 and d['taken'] == 0 and d['skipped'] == 1,
          'stats: a break begun by hand and skipped is neither due nor taken', json.dumps(d))
    check('0 of 3' in st['challenge'], 'the challenge counts no break', st['challenge'])

    stop(daemon)
    daemon = start_daemon()
    st = status()
    check(st['breaks_today'] == 0, 'after a restart: still no break today', str(st))

    # A break its coach runs to the end counts once, in all three.
    stop(daemon)
    write_config(coach=True)
    daemon = start_daemon()
    r = mb('break')
    check(r.returncode == 0, 'movebreak break with a real coach', r.stderr)
    deadline = time.monotonic() + 20
    while not os.path.exists(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    st = wait_status(lambda st: st['breaks_today'] == 1)
    check(st['breaks_today'] == 1, 'status: the completed break counts', str(st))
    d = today_stats()
    check(d['movement_done'] == 1 and d['due'] == 1 and d['taken'] == 1,
          'stats: one break due, one taken', json.dumps(d))
    check('1 of 3' in st['challenge'], 'the challenge counts it once', st['challenge'])
    stop(daemon)
    daemon = start_daemon()
    check(status()['breaks_today'] == 1, 'after a restart: the same one break')
    stop(daemon)
finally:
    mbtest.kill_all(procs)
done()
