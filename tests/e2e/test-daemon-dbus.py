#!/usr/bin/python3
"""The daemon against python3-dbusmock's logind and notification server: sleep and the actions.

Run by the system python3: python3-dbusmock and python3-dbus are Debian packages. One private
bus stands in for both the session and the system bus.
"""
import json
import os
import re
import signal
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
MOCK_IFACE = 'org.freedesktop.DBus.Mock'
NOTIFY = 'org.freedesktop.Notifications'
NOTIFY_PATH = '/org/freedesktop/Notifications'
LOGIND_MANAGER = 'org.freedesktop.login1.Manager'

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
marker = os.path.join(home, 'break-command-ran')
env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address, DBUS_SYSTEM_BUS_ADDRESS=address,
           XDG_CONFIG_HOME=os.path.join(home, 'config'), XDG_DATA_HOME=os.path.join(home, 'data'),
           HOME=home)
env.pop('DISPLAY', None)
db = os.path.join(home, 'data', 'movebreak', 'history.db')


def mock(template, name, path):
    proc = subprocess.Popen(['/usr/bin/python3', '-m', 'dbusmock', '--template', template],
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    children.append(proc)
    if not wait_until(lambda: conn.name_has_owner(name), 20):
        check(False, f'{name} appears on the bus')
    return dbus.Interface(conn.get_object(name, path), MOCK_IFACE)


def status():
    r = subprocess.run([MOVEBREAK, 'status', '--json'], env=env, capture_output=True, text=True,
                       timeout=20)
    if r.returncode != 0:
        check(False, 'status answers', r.stderr)
    return json.loads(r.stdout)


def outcomes():
    with sqlite3.connect(db) as c:
        return [row[0] for row in c.execute('SELECT outcome FROM breaks ORDER BY id')]


try:
    logind = mock('logind', 'org.freedesktop.login1', '/org/freedesktop/login1')
    server = mock('notification_daemon', NOTIFY, NOTIFY_PATH)
    # The template declares CloseNotification with an "i"; the specification says "u".
    server.AddMethod(NOTIFY, 'CloseNotification', 'u', '',
                     'self.EmitSignal("", "NotificationClosed", "uu", [args[0], 3])')

    config = os.path.join(home, 'config.ini')
    with open(config, 'w') as f:
        f.write('[movement]\nevery = 4s\n[micro]\nevery = 0\n[idle]\nnatural_break = 3s\n'
                f'[prompt]\nlull = 0\n[postpone]\ndelay = 2s\n[prompt]\n'
                f'break_command = touch {marker}\n')
    # An independent listener for the daemon's signals.
    monitor_path = os.path.join(home, 'monitor.log')
    monitor_out = open(monitor_path, 'w')
    monitor = subprocess.Popen(['dbus-monitor', '--address', address,
                                "type='signal',path='/io/github/movebreak/Daemon'"],
                               stdout=monitor_out, stderr=subprocess.DEVNULL)
    children.append(monitor)
    log = open(log_path, 'w')
    daemon = subprocess.Popen([MOVEBREAK, 'daemon', '--config', config, '--backend', 'none'],
                              env=env, stdin=subprocess.DEVNULL, stdout=log,
                              stderr=subprocess.STDOUT)
    children.append(daemon)
    check(wait_until(lambda: conn.name_has_owner('io.github.movebreak.Daemon'), 10),
          'the daemon owns its name')

    def text():
        with open(log_path) as f:
            return f.read()

    check('suspend and resume: from logind' in text() and 'notifications: freedesktop' in text(),
          'the daemon uses logind and the notification server', text())

    # A sleep longer than idle.natural_break is rest: no prompt on resume, timer restarted.
    logind.EmitSignal(LOGIND_MANAGER, 'PrepareForSleep', 'b', [True])
    check(wait_until(lambda: status()['state'] == 'asleep', 5), 'PrepareForSleep(true): asleep')
    time.sleep(3.5)
    logind.EmitSignal(LOGIND_MANAGER, 'PrepareForSleep', 'b', [False])
    check(wait_until(lambda: status()['state'] == 'active', 5), 'resume: active again')
    st = status()
    check(st['natural_breaks_today'] == 1 and st['active_s'] <= 1,
          'the sleep is credited as a natural break', str(st))
    check(st['next_break_in_s'] >= 2, 'no prompt on resume: the break is a full interval away',
          str(st))

    # A pause with a length ends by itself.
    r = subprocess.run([MOVEBREAK, 'pause', '2s'], env=env, capture_output=True, text=True,
                       timeout=20)
    check(r.returncode == 0 and status()['state'] == 'paused', 'movebreak pause 2s: paused',
          r.stderr)
    check(wait_until(lambda: status()['state'] == 'active', 5), 'two seconds on: counting again')

    def ours():
        return [c for c in server.GetCalls() if str(c[1]) == 'Notify' and
                str(c[2][0]) == 'movebreak']

    def prompt_id(count):
        """Wait for the count-th prompt; the mock numbers notifications from 1."""
        check(wait_until(lambda: len(ours()) >= count, 10), f'prompt {count} is a notification')
        return dbus.UInt32(count)

    # Each action has its effect: postpone, then skip, then start.
    nid = prompt_id(1)
    check(status()['state'] == 'prompt', 'the prompt is up')
    note = ours()[0][2]
    first_line = str(note[4]).split('\n')[0]
    check(str(note[2]) == 'io.github.movebreak' and
          re.fullmatch(r'Shoulder reset \u00b7 \d+ (min|s)', first_line) is not None,
          'the prompt carries the project\'s icon, the routine and its length', repr(note[2:5]))
    check(str(note[6].get('desktop-entry', '')) == 'movebreak' and
          str(note[6].get('sound-name', '')) == 'message-new-instant' and
          [str(a) for a in note[5]][:2] == ['default', 'Start'],
          'and the desktop entry, a sound for the server to play, and a click to start',
          repr((note[5], note[6])))
    server.EmitSignal(NOTIFY, 'ActionInvoked', 'us', [nid, 'postpone'])
    check(wait_until(lambda: status()['state'] == 'postponed', 5), 'action postpone: postponed')
    nid = prompt_id(2)
    check(wait_until(lambda: status()['state'] == 'prompt', 5),
          'postpone.delay later: prompted again')
    server.EmitSignal(NOTIFY, 'ActionInvoked', 'us', [nid, 'skip'])
    check(wait_until(lambda: status()['state'] == 'active', 5), 'action skip: back to work')
    nid = prompt_id(3)
    server.EmitSignal(NOTIFY, 'ActionInvoked', 'us', [nid, 'start'])
    check(wait_until(lambda: status()['state'] == 'break', 5), 'action start: the break begins')
    check(wait_until(lambda: os.path.exists(marker), 5), 'action start runs the break command')
    check(status()['breaks_today'] == 0,
          'the started break is not counted before a coach says it was completed')

    daemon.send_signal(signal.SIGTERM)
    check(daemon.wait(10) == 0, 'SIGTERM: exit 0')
    time.sleep(0.5)
    with open(monitor_path) as f:
        seen = f.read()
    for member in ('BreakPrompted', 'BreakStarted', 'BreakFinished', 'PropertiesChanged'):
        check(f'member={member}' in seen, f'a listener on the bus saw {member}')
    check('string "skipped"' in seen, 'BreakFinished says how the break ended')
    check(outcomes() == ['natural', 'prompted', 'postponed', 'prompted', 'skipped', 'prompted',
                         'started'],
          'the natural break, every prompt and answer are in the history', str(outcomes()))
    with sqlite3.connect(db) as c:
        nat = c.execute("SELECT start_us, end_us, routine, kind FROM breaks"
                        " WHERE outcome = 'natural'").fetchone()
        acts = c.execute('SELECT start_us, end_us, active_us FROM activity'
                         ' ORDER BY start_us').fetchall()
    check(nat[2:] == ('', 'movement') and 3e6 <= nat[1] - nat[0] <= 20e6,
          'the sleep is the natural break\'s span', str(nat))
    # Start to sleep, resume to pause, pause to the break: the daemon stops mid-break.
    check(len(acts) == 3 and all(s <= e and 0 <= a <= e - s for s, e, a in acts),
          'three stretches of activity: before the sleep, before the pause, before the break',
          str(acts))
    check(abs(acts[0][1] - nat[0]) <= 1e6 and abs(acts[1][0] - nat[1]) <= 1e6,
          'the sleep lies between the first two stretches', f'{acts} {nat}')
finally:
    for p in reversed(children):
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

print(f'{checks} checks passed')
