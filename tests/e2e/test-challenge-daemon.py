#!/usr/bin/python3
"""The challenge in the daemon: its line in the prompt, the Challenge property, movebreak status.

Run by the system python3 (python3-dbusmock is a Debian package): a private bus, a mocked
notification server, the real daemon and a real history file.
"""
import datetime
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

import mbtest

try:
    import dbus
    import dbusmock  # noqa: F401 (only checked for)
except ImportError:
    print('SKIP: python3-dbusmock is not installed')
    sys.exit(77)

MOVEBREAK = os.environ.get('MOVEBREAK') or sys.exit('MOVEBREAK is not set')
SOURCE_ROOT = os.environ.get('MB_SOURCE_ROOT') or sys.exit('MB_SOURCE_ROOT is not set')
BUS_CONFIG = os.path.join(SOURCE_ROOT, 'tests', 'data', 'dbus', 'bare-session.conf')
NOTIFY = 'org.freedesktop.Notifications'
NOTIFY_PATH = '/org/freedesktop/Notifications'
DAEMON = 'io.github.movebreak.Daemon'
DAEMON_PATH = '/io/github/movebreak/Daemon'
DAEMON_IFACE = 'io.github.movebreak.Daemon1'

checks = 0
children = []
tmp = tempfile.TemporaryDirectory(prefix='mb-e2e-')
log_path = os.path.join(tmp.name, 'daemon.log')


def check(cond, what, detail=''):
    global checks
    if not cond:
        print(f'FAIL: {what}')
        if detail:
            print(detail)
        if os.path.exists(log_path):
            with open(log_path) as f:
                print(f'--- daemon log\n{f.read()}')
        sys.exit(1)
    checks += 1
    print(f'ok: {what}')


wait_until = mbtest.wait_until


bus_proc = subprocess.Popen(['dbus-daemon', '--config-file=' + BUS_CONFIG, '--nofork',
                             '--print-address=1'], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
children.append(bus_proc)
address = bus_proc.stdout.readline().strip()
conn = dbus.bus.BusConnection(address)
home = tmp.name
env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address, DBUS_SYSTEM_BUS_ADDRESS=address,
           XDG_CONFIG_HOME=os.path.join(home, 'config'), XDG_DATA_HOME=os.path.join(home, 'data'),
           HOME=home)
env.pop('DISPLAY', None)
env.pop('MOVEBREAK_TODAY', None)
db = os.path.join(home, 'data', 'movebreak', 'history.db')


def run(*args):
    return subprocess.run([MOVEBREAK, *args], env=env, capture_output=True, text=True,
                          timeout=20, stdin=subprocess.DEVNULL)


try:
    server_proc = subprocess.Popen(['/usr/bin/python3', '-m', 'dbusmock', '--template',
                                    'notification_daemon'], env=env,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
    children.append(server_proc)
    check(wait_until(lambda: conn.name_has_owner(NOTIFY), 20), 'the notification mock is up')
    server = dbus.Interface(conn.get_object(NOTIFY, NOTIFY_PATH), 'org.freedesktop.DBus.Mock')

    # A challenge from today with one completed break already.
    r = run('challenge', 'start', '--on', 'today', '--goal', '3')
    check(r.returncode == 0, 'challenge start --on today', r.stderr)
    now_us = int(time.time() * 1e6)
    with sqlite3.connect(db) as c:
        c.execute('INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,'
                  ' exercises_done, exercises_total, outcome, source, kind)'
                  " VALUES (?, ?, 1, 1, 'shoulder-reset', 5, 5, 'completed', 'manual',"
                  " 'movement')", (now_us, now_us + 1))
    want = 'Challenge day 1 of 30: 1 of 3 breaks done'

    config = os.path.join(home, 'config.ini')
    with open(config, 'w') as f:
        f.write('[movement]\nevery = 2s\n[micro]\nevery = 0\n[prompt]\nlull = 0\n'
                'remind = 2s\nbreak_command = true\n')
    log = open(log_path, 'w')
    daemon = subprocess.Popen([MOVEBREAK, 'daemon', '--config', config, '--backend', 'none'],
                              env=env, stdin=subprocess.DEVNULL, stdout=log,
                              stderr=subprocess.STDOUT)
    children.append(daemon)
    check(wait_until(lambda: conn.name_has_owner(DAEMON), 10), 'the daemon owns its name')

    props = dbus.Interface(conn.get_object(DAEMON, DAEMON_PATH),
                           'org.freedesktop.DBus.Properties')
    got = str(props.Get(DAEMON_IFACE, 'Challenge'))
    check(got == want, 'the Challenge property says where today stands', got)

    r = run('status', '--json')
    check(r.returncode == 0 and json.loads(r.stdout).get('challenge') == want,
          'status --json has the challenge', r.stdout + r.stderr)
    r = run('status')
    check(f'challenge:     {want}' in r.stdout, 'status shows the challenge', r.stdout)

    def prompts():
        return [c for c in server.GetCalls() if str(c[1]) == 'Notify' and
                str(c[2][0]) == 'movebreak']

    check(wait_until(lambda: len(prompts()) >= 1, 15), 'the daemon prompts')
    body = str(prompts()[0][2][4])
    check(body.endswith('\n' + want), 'the prompt names the challenge day and progress', body)

    # Without a challenge under way the property is empty and the prompt says nothing of it.
    r = run('challenge', 'stop')
    check(r.returncode == 0, 'challenge stop', r.stderr)
    got = str(props.Get(DAEMON_IFACE, 'Challenge'))
    check(got == '', 'no challenge: the property is empty', got)
    r = run('status')
    check('challenge:' not in r.stdout, 'no challenge: status leaves the line out', r.stdout)

    # Yesterday and the day before met the goal of 3 (today has 1 so far): a streak of two
    # days, which the prompt (a reminder, every 2 s here) now mentions.
    # Around local noon of each day, so no run near midnight can shift them.
    midnight = datetime.datetime.combine(datetime.date.today(), datetime.time()).timestamp()
    with sqlite3.connect(db) as c:
        for days_ago in (1, 2):
            for k in range(3):
                t = int((midnight - days_ago * 86400 + 12 * 3600 + k * 600) * 1e6)
                c.execute('INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,'
                          ' exercises_done, exercises_total, outcome, source, kind)'
                          " VALUES (?, ?, 1, 1, 'shoulder-reset', 5, 5, 'completed', 'manual',"
                          " 'movement')", (t, t + 1))
    streak = 'Streak: 2 days in a row at 3 movement breaks a day'
    check(wait_until(lambda: any(str(p[2][4]).endswith('\n' + streak) for p in prompts()), 15),
          'the prompt names the streak of days that met the goal',
          repr([str(p[2][4]) for p in prompts()][-2:]))
    check(not any(want in str(p[2][4]) and streak in str(p[2][4]) for p in prompts()),
          'the stopped challenge is no longer in the prompt')
finally:
    for p in reversed(children):
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
print(f'{checks} checks passed')
