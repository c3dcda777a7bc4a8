#!/usr/bin/env python3
"""The daemon on its own Xvfb and session bus: activity from xdotool, the D-Bus API, signals."""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import mbtest
from mbtest import MOVEBREAK, SOURCE_ROOT, check, done

NAME = 'io.github.movebreak.Daemon'
PATH = '/io/github/movebreak/Daemon'
IFACE = 'io.github.movebreak.Daemon1'

missing = [t for t in ('Xvfb', 'xdotool', 'xmessage', 'xprop', 'dbus-daemon', 'busctl', 'gdbus')
           if not shutil.which(t)]
if missing:
    print(f'SKIP: not installed: {" ".join(missing)}')
    sys.exit(77)

home = mbtest.Home()
procs = []
logs = []


def cleanup():
    mbtest.kill_all(procs)


display = mbtest.start_xvfb(procs)
if not display:
    print('SKIP: Xvfb did not start')
    cleanup()
    sys.exit(77)
address = mbtest.start_session_bus(procs)
marker = os.path.join(home.root, 'break-command-ran')
env = home.env(DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=address, MOVEBREAK_DEBUG='1')
os.makedirs(os.path.join(home.config, 'movebreak'), exist_ok=True)
config = os.path.join(home.config, 'movebreak', 'config.ini')
# Breaks of two seconds at real speed: a demo (another time scale) is not counted.
mbtest.write_short_routines(home.config)


def write_config(every, lull='2s', natural='7s', extra=''):
    with open(config, 'w') as f:
        f.write(f'[movement]\nevery = {every}\n[micro]\nevery = 0\n[idle]\n'
                f'natural_break = {natural}\n[prompt]\nlull = {lull}\n'
                f'break_command = echo "$MOVEBREAK_BREAK $MOVEBREAK_ROUTINE" > {marker};'
                f' {MOVEBREAK} now --plain >/dev/null 2>&1\n'
                f'{extra}')


class Daemon:
    def __init__(self, *args):
        self.log_path = os.path.join(home.root, f'daemon-{len(procs)}.log')
        logs.append(self.log_path)
        self.log = open(self.log_path, 'w')
        self.proc = subprocess.Popen([MOVEBREAK, 'daemon', *args], env=env,
                                     stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        procs.append(self.proc)

    def alive(self):
        return self.proc.poll() is None

    def text(self):
        with open(self.log_path) as f:
            return f.read()

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=10)
        finally:
            self.log.close()


def mb(*args):
    return home.run(*args, env=env, timeout=20)


def status():
    r = mb('status', '--json')
    check_quiet(r.returncode == 0, 'status answers', r.stderr)
    return json.loads(r.stdout)


def check_quiet(cond, what, detail=''):
    if not cond:
        check(False, what, detail)


def wait_for(pred, seconds, what):
    deadline = time.monotonic() + seconds
    st = None
    while time.monotonic() < deadline:
        r = mb('status', '--json')
        if r.returncode == 0:
            st = json.loads(r.stdout)
            if pred(st):
                return st
        time.sleep(0.2)
    check(False, what, f'last status: {st}')


def type_for(seconds):
    """Type at about ten keys a second: xdotool waits half the delay after each press."""
    start = time.monotonic()
    subprocess.run(['xdotool', 'type', '--delay', '200', 'a' * int(seconds * 10)],
                   env=env, check=True, timeout=seconds + 20)
    return time.monotonic() - start


def busctl(*args):
    return subprocess.run(['busctl', '--user', *args], env=env, capture_output=True, text=True,
                          timeout=20)


def prop(name):
    r = busctl('get-property', NAME, PATH, IFACE, name)
    return r.stdout.strip().split(' ', 1)[1].strip('"') if r.returncode == 0 else None


def history(outcome):
    with sqlite3.connect(home.db) as db:
        return db.execute('SELECT count(*) FROM breaks WHERE outcome = ?', (outcome,)).fetchone()[0]


try:
    r = mb('status')
    check(r.returncode == 1 and 'no daemon is running' in r.stderr,
          'status with no daemon: a clear message, exit 1', r.stderr)

    write_config('12s')
    d = Daemon('--backend', 'x11')
    wait_for(lambda st: True, 10, 'the daemon comes up on the bus')
    st = status()
    check(st['backend'] == 'x11', 'status --json names the x11 backend', str(st))
    check(set(st) >= {'state', 'active_s', 'next_break', 'next_break_in_s', 'backend',
                      'breaks_today'}, 'status --json has every field', str(st))
    check('activity source: x11' in d.text(), 'the log names the backend', d.text())

    # Active time grows only while typing.
    st = wait_for(lambda st: st['state'] == 'idle', 10, 'no input: the state becomes idle')
    a0 = st['active_s']
    time.sleep(2)
    a1 = status()['active_s']
    check(a1 == a0, f'idle: active time stays ({a0}s, {a1}s)')
    typed = type_for(4)
    st = status()
    check(st['state'] == 'active', 'typing: the state is active', str(st))
    # The last prompt.lull of typing is only counted once the pause in typing shows.
    check(st['active_s'] >= a1 + 1, f'typing: active time grows ({a1}s, then '
          f'{st["active_s"]}s)')
    st = wait_for(lambda st: st['state'] == 'idle', 6, 'a pause in typing: idle again')
    a3 = st['active_s']
    check(typed - 2 <= a3 - a1 <= typed + 1,
          f'typing for {typed:.1f}s counted as much: {a1}s, then {a3}s')
    time.sleep(2)
    check(status()['active_s'] == a3, 'idle again: active time stays')

    # An idle spell longer than idle.natural_break (7s) is rest: the timer starts over.
    st = wait_for(lambda st: st['active_s'] == 0, 10, 'a natural break restarts the timer')
    check(True, 'idle past idle.natural_break: the active time restarts at 0')
    subprocess.run(['xdotool', 'key', 'space'], env=env, check=True)
    st = wait_for(lambda st: st['natural_breaks_today'] == 1, 5,
                  'back from a natural break: it is counted')
    check('natural break: back after' in d.text(), 'the log reports the natural break',
          d.text())
    with sqlite3.connect(home.db) as c:
        nat = c.execute("SELECT start_us, end_us, routine, kind, source FROM breaks"
                        " WHERE outcome = 'natural'").fetchall()
        acts = c.execute('SELECT start_us, end_us, active_us FROM activity'
                         ' ORDER BY start_us').fetchall()
    check(len(nat) == 1 and nat[0][2:] == ('', 'movement', 'manual') and
          7e6 <= nat[0][1] - nat[0][0] <= 30e6,
          'the natural break is in the history, over its idle spell', str(nat))
    check(len(acts) >= 1 and all(s <= e and 0 <= a <= e - s for s, e, a in acts) and
          all(acts[i][1] <= acts[i + 1][0] for i in range(len(acts) - 1)),
          'stretches of activity are in the history, one after another', str(acts))
    check(abs(acts[-1][1] - nat[0][0]) <= 3e6 and acts[-1][2] >= 1e6,
          'the last stretch of typing ends where the natural break begins', f'{acts} {nat}')

    # 12s of typing makes a movement break due; a pause lets the prompt through.
    type_for(7)
    time.sleep(0.5)
    type_for(7)
    st = wait_for(lambda st: st['state'] == 'prompt', 8, 'the movement break is prompted')
    check(st['next_break'] == 'movement' and st['next_break_in_s'] == 0,
          'the prompt is for the movement break, due now', str(st))
    check(history('prompted') == 1, 'the prompt is in the history')

    # Independent clients: busctl and gdbus.
    r = busctl('call', NAME, PATH, IFACE, 'Skip')
    check(r.returncode == 0, 'busctl Skip answers the prompt', r.stderr)
    check(prop('State') in ('active', 'idle'), f'after Skip the state is {prop("State")}')
    check(history('skipped') == 1, 'the skip is in the history')

    r = busctl('call', NAME, PATH, IFACE, 'Pause', 'u', '0')
    check(r.returncode == 0 and prop('State') == 'paused', 'busctl Pause 0: paused', r.stderr)
    type_for(1)
    check(status()['state'] == 'paused', 'typing while paused: still paused')
    r = busctl('call', NAME, PATH, IFACE, 'Resume')
    check(r.returncode == 0 and prop('State') != 'paused', 'busctl Resume: counting again',
          r.stderr)

    r = subprocess.run(['gdbus', 'call', '--session', '--dest', NAME, '--object-path', PATH,
                        '--method', IFACE + '.StartBreak', 'micro'], env=env,
                       capture_output=True, text=True, timeout=20)
    check(r.returncode == 0, 'gdbus StartBreak micro', r.stderr)
    st = status()
    check(st['state'] == 'break' and st['next_break'] == 'micro', 'a micro-reset is under way',
          str(st))
    for _ in range(50):
        if os.path.exists(marker) and open(marker).read():
            break
        time.sleep(0.1)
    check(os.path.exists(marker) and open(marker).read() == 'micro micro-reset\n',
          'StartBreak ran prompt.break_command, told which break',
          open(marker).read() if os.path.exists(marker) else 'no file')
    check(history('started') == 1, 'the started break is in the history')
    wait_for(lambda st: st['breaks_today'] == 1, 10,
             'status counts the break once its coach completed it')
    check(history('completed') == 1 and prop('BreaksToday') == '1',
          'BreaksToday counts the break once its coach completed it')

    # The running service offers exactly the interface in data/dbus.
    r = subprocess.run(['gdbus', 'introspect', '--session', '--dest', NAME, '--object-path',
                        PATH, '--xml'], env=env, capture_output=True, text=True, timeout=20)
    check(r.returncode == 0, 'gdbus introspect', r.stderr)

    def canon(e):
        return (e.tag, sorted(e.attrib.items()), [canon(c) for c in e])

    def interface(root):
        return next(canon(i) for i in root.iter('interface') if i.get('name') == IFACE)

    want = ET.parse(os.path.join(SOURCE_ROOT, 'data', 'dbus', IFACE + '.xml')).getroot()
    got = ET.fromstring(r.stdout)
    check(interface(got) == interface(want),
          'the running interface matches data/dbus/io.github.movebreak.Daemon1.xml', r.stdout)

    # One daemon per user.
    r = home.run('daemon', '--backend', 'none', env=env, timeout=20)
    check(r.returncode == 3 and 'another daemon is already running' in r.stderr and
          NAME in r.stderr, 'a second daemon exits 3 with a clear message', r.stderr)

    # SIGHUP with a broken config keeps the daemon and the old settings.
    with open(config, 'a') as f:
        f.write('[movement]\nevery = soon\n')
    d.proc.send_signal(signal.SIGHUP)
    time.sleep(1)
    check(d.proc.poll() is None, 'SIGHUP with a broken config: still running')
    bad_line = sum(1 for _ in open(config))
    check(f'{config}:{bad_line}: ' in d.text() and 'kept the settings' in d.text(),
          'the log names FILE:LINE of the problem', d.text())
    check(mb('status').returncode == 0, 'status still answers after the bad reload')

    rc = d.stop()
    check(rc == 0, f'SIGTERM during a break: exit 0 (got {rc})', d.text())

    # A full-screen active window holds the prompt; there is no window manager, so the test
    # sets the properties one would.
    window = subprocess.Popen(['xmessage', 'presentation'], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs.append(window)
    for _ in range(50):
        r = subprocess.run(['xdotool', 'search', '--sync', '--limit', '1', '--name',
                            'xmessage'], env=env, capture_output=True, text=True, timeout=20)
        if r.returncode == 0 and r.stdout.strip():
            break
        time.sleep(0.1)
    wid = r.stdout.split()[0]
    subprocess.run(['xprop', '-id', wid, '-f', '_NET_WM_STATE', '32a', '-set', '_NET_WM_STATE',
                    '_NET_WM_STATE_FULLSCREEN'], env=env, check=True)
    subprocess.run(['xprop', '-root', '-f', '_NET_ACTIVE_WINDOW', '32x', '-set',
                    '_NET_ACTIVE_WINDOW', wid], env=env, check=True)

    # SIGTERM while a prompt is up leaves the history whole.
    write_config('3s', lull='1s', natural='0')
    d = Daemon('--backend', 'x11')
    wait_for(lambda st: True, 10, 'the second daemon comes up')
    check('do-not-disturb source: fullscreen (on)' in d.text(),
          'the daemon sees the full-screen window', d.text())
    type_for(4)
    st = wait_for(lambda st: st['state'] == 'held', 6, 'the due break is held')
    time.sleep(2)
    check(status()['state'] == 'held', 'full screen: no prompt after the lull')
    subprocess.run(['xprop', '-id', wid, '-f', '_NET_WM_STATE', '32a', '-set',
                    '_NET_WM_STATE', '_NET_WM_STATE_ABOVE'], env=env, check=True)
    wait_for(lambda st: st['state'] == 'prompt', 5, 'full screen off: the prompt is given')
    check('do not disturb: fullscreen off' in d.text(), 'the log says full screen ended',
          d.text())
    rc = d.stop()
    check(rc == 0, 'SIGTERM mid-prompt: exit 0', d.text())
    check(history('prompted') == 2, 'the history holds both prompts after SIGTERM')
    out = subprocess.run(['sqlite3', home.db, "SELECT outcome FROM breaks ORDER BY id"],
                         capture_output=True, text=True) if shutil.which('sqlite3') else None
    if out is not None:
        check(out.returncode == 0 and out.stdout.split() ==
              ['natural', 'prompted', 'skipped', 'started', 'completed', 'prompted'],
              'sqlite3 reads the history: natural, prompted, skipped, started, its coach\'s'
              ' completed, prompted',
              out.stdout)

    # break_command = auto (the default): the break window, since there is a display here.
    with open(config, 'w') as f:
        f.write('[movement]\nevery = 1h\n[micro]\nevery = 0\n')
    d = Daemon('--backend', 'x11')
    wait_for(lambda st: True, 10, 'a daemon with the default break command comes up')
    r = busctl('call', NAME, PATH, IFACE, 'StartBreak', 's', 'movement')
    check(r.returncode == 0, 'StartBreak with break_command = auto', r.stderr)

    def await_window(frames):
        """The window the daemon started: its id and pid, once its first frame is drawn."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and d.text().count('first frame drawn') < frames:
            time.sleep(0.3)
        found = subprocess.run(['xdotool', 'search', '--onlyvisible', '--name', 'movebreak'],
                               env=env, capture_output=True, text=True).stdout.split()
        check(bool(found), 'the break window opens on the display')
        wid = found[0]
        pid = subprocess.run(['xdotool', 'getwindowpid', wid], env=env, capture_output=True,
                             text=True).stdout.strip()
        subprocess.run(['xdotool', 'windowfocus', '--sync', wid], env=env, timeout=20)
        return wid, int(pid)

    def window_gone(pid):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return True
            time.sleep(0.2)
        return False

    def rows():
        with sqlite3.connect(home.db) as db:
            return db.execute('SELECT outcome, source FROM breaks ORDER BY id').fetchall()

    wid, pid = await_window(1)
    check('now --gui --from-prompt' in d.text(),
          'auto runs this movebreak\'s break window, from the prompt', d.text())
    check(status()['state'] == 'break', 'the daemon counts the break as under way')

    # Postpone in the window goes to the real daemon: the break is called off and put off.
    before = rows()
    subprocess.run(['xdotool', 'key', 'l'], env=env, timeout=20)
    check(window_gone(pid), 'postpone in the window closes it')
    st = wait_for(lambda st: st['state'] == 'postponed', 10,
                  'postpone from the window: the daemon holds the break as postponed')
    check('the movement break under way is called off' in d.text() and
          'postpone: movement break' in d.text(), 'the daemon log says the break was put off',
          d.text())
    # StartBreak began it by hand, and the row says so.
    check(rows()[len(before):] == [('postponed', 'manual')],
          'one postponed row, written by the daemon, by hand as the break was',
          repr(rows()[len(before):]))

    # Skip in the window (asked, then confirmed): the daemon skips and writes the row.
    r = busctl('call', NAME, PATH, IFACE, 'StartBreak', 's', 'movement')
    check(r.returncode == 0, 'StartBreak again from the postponed state', r.stderr)
    wid, pid = await_window(2)
    before = rows()
    subprocess.run(['xdotool', 'key', 's'], env=env, timeout=20)
    time.sleep(1)
    subprocess.run(['xdotool', 'key', 'Return'], env=env, timeout=20)
    check(window_gone(pid), 'skip in the window, confirmed, closes it')
    st = wait_for(lambda st: st['state'] in ('active', 'idle'), 10,
                  'skip from the window: the daemon is back to counting')
    check(rows()[len(before):] == [('skipped', 'manual')],
          'one skipped row, written by the daemon, by hand as the break was, none by the window',
          repr(rows()[len(before):]))
    r = mb('skip')
    check(r.returncode == 1 and 'no break is waiting' in r.stderr,
          'skip with nothing waiting: refused, exit 1', r.stderr)
    check(d.stop() == 0, 'the daemon stops cleanly after the windows')

    # A bad config at start exits 2 with FILE:LINE.
    bad = os.path.join(home.root, 'bad.ini')
    with open(bad, 'w') as f:
        f.write('[prompt]\nlull = later\n')
    r = home.run('daemon', '--config', bad, '--backend', 'none', env=env, timeout=20)
    check(r.returncode == 2 and r.stderr.startswith(f'{bad}:2: '),
          'a bad config at start: exit 2 with FILE:LINE', r.stderr)
    r = home.run('daemon', '--backend', 'carrier-pigeon', env=env, timeout=20)
    check(r.returncode == 2 and "unknown activity source 'carrier-pigeon'" in r.stderr,
          'an unknown --backend: exit 2 naming the choices', r.stderr)
except BaseException:
    # Whatever failed, the daemons' own account of it is the first thing to read.
    for path in logs:
        with open(path) as f:
            print(f'--- {path}\n{f.read()}')
    raise
finally:
    cleanup()

done()
