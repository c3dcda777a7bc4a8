#!/usr/bin/python3
"""End to end: the D-Bus adapters on a private bus, against real mutter and python3-dbusmock.

Each scenario gets a fresh dbus-daemon (the session configuration, serving as the system bus
too), the services it needs, and one run of the driver tests/test-platform-adapters, which
prints what the adapter reports and takes commands on stdin.

- GNOME: the real `mutter --headless`, with input injected through its RemoteDesktop API.
  Without mutter installed the scenario is skipped, visibly.
- logind (sleep and IdleHint) and the notification server: python3-dbusmock's templates,
  since no real logind or notification daemon can run inside a test's private bus.

Run by the system python3: python3-dbusmock and python3-dbus are Debian packages.
"""
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

import dbus

import mbtest

BUILD_ROOT = os.environ.get('MB_BUILD_ROOT') or sys.exit('MB_BUILD_ROOT is not set')
SOURCE_ROOT = os.environ.get('MB_SOURCE_ROOT') or sys.exit('MB_SOURCE_ROOT is not set')
DRIVER = os.path.join(BUILD_ROOT, 'tests', 'test-platform-adapters')
BUS_CONFIG = os.path.join(SOURCE_ROOT, 'tests', 'data', 'dbus', 'bare-session.conf')

MOCK_IFACE = 'org.freedesktop.DBus.Mock'
LOGIND = 'org.freedesktop.login1'
LOGIND_PATH = '/org/freedesktop/login1'
LOGIND_MANAGER = 'org.freedesktop.login1.Manager'
NOTIFY = 'org.freedesktop.Notifications'
NOTIFY_PATH = '/org/freedesktop/Notifications'

checks = 0
skipped = []


def check(cond, what, detail=''):
    global checks
    if not cond:
        print(f'FAIL: {what}')
        if detail:
            print(detail)
        sys.exit(1)
    checks += 1
    print(f'ok: {what}')



def wait_until(pred, timeout=10.0):
    return mbtest.wait_until(pred, timeout, 0.05)


class Bus:
    """A private dbus-daemon, and a dbus-python connection to it."""

    def __init__(self):
        self.proc = subprocess.Popen(
            ['dbus-daemon', '--config-file=' + BUS_CONFIG, '--nofork', '--print-address=1'],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.address = self.proc.stdout.readline().strip()
        if not self.address:
            sys.exit('FAIL: dbus-daemon gave no address')
        self.conn = dbus.bus.BusConnection(self.address)
        self.children = []
        self.env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=self.address,
                        DBUS_SYSTEM_BUS_ADDRESS=self.address)

    def spawn(self, args, name, timeout=20.0, **kw):
        """Start a service and wait for it to own its name."""
        proc = subprocess.Popen(args, env=self.env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
        self.children.append(proc)
        if not wait_until(lambda: self.conn.name_has_owner(name), timeout):
            sys.exit(f'FAIL: {name} did not appear on the bus')
        return proc

    def mock(self, template, name, path):
        """A python3-dbusmock template; returns its main object's mock interface."""
        self.spawn(['/usr/bin/python3', '-m', 'dbusmock', '--template', template], name)
        return dbus.Interface(self.conn.get_object(name, path), MOCK_IFACE)

    def close(self):
        for proc in reversed(self.children):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.conn.close()
        self.proc.terminate()
        self.proc.wait()


class Driver:
    """One run of the C driver: read its event lines, write it commands."""

    def __init__(self, bus, scenario):
        self.scenario = scenario
        self.proc = subprocess.Popen([DRIVER, scenario], env=bus.env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)

    def line(self, timeout=10.0):
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return None
        return self.proc.stdout.readline().rstrip('\n')

    def expect(self, prefix, timeout=10.0):
        got = self.line(timeout)
        check(got is not None and got.startswith(prefix),
              f'{self.scenario}: driver reports "{prefix}"', f'got: {got!r}')
        return got

    def quiet(self, timeout=1.0):
        got = self.line(timeout)
        return got is None

    def send(self, cmd):
        self.proc.stdin.write(cmd + '\n')
        self.proc.stdin.flush()

    def finish(self):
        self.send('quit')
        rest, _ = self.proc.communicate(timeout=15)
        check(self.proc.returncode == 0 and rest.strip() == '',
              f'{self.scenario}: driver ends cleanly with nothing more to say',
              f'exit {self.proc.returncode}, output: {rest!r}')


def run_missing(scenario, what):
    """No service on the bus: the constructor returns NULL with a reason."""
    bus = Bus()
    try:
        proc = subprocess.run([DRIVER, scenario], env=bus.env, capture_output=True, text=True,
                              timeout=30, stdin=subprocess.DEVNULL)
        out = proc.stdout.strip()
        check(proc.returncode == 0 and out.startswith('null ') and len(out) > 10,
              f'{scenario}: without {what} the adapter is not made, and says why',
              f'exit {proc.returncode}: {out!r} {proc.stderr!r}')
        print(f'   reason: {out[5:]}')
    finally:
        bus.close()


def run_mutter():
    if not shutil.which('mutter'):
        skipped.append('mutter (mutter is not installed)')
        print('SKIP: mutter: mutter is not installed')
        return
    bus = Bus()
    runtime = tempfile.TemporaryDirectory(prefix='mb-mutter-')
    try:
        bus.env['XDG_RUNTIME_DIR'] = runtime.name
        bus.env.pop('DISPLAY', None)
        bus.env.pop('WAYLAND_DISPLAY', None)
        mutter_args = ['mutter', '--headless', '--no-x11', '--virtual-monitor', '800x600']
        mutter = bus.spawn(mutter_args, 'org.gnome.Mutter.IdleMonitor')
        check(wait_until(lambda: bus.conn.name_has_owner('org.gnome.Mutter.RemoteDesktop')),
              'mutter: RemoteDesktop is there to inject input')
        rd = dbus.Interface(bus.conn.get_object('org.gnome.Mutter.RemoteDesktop',
                                                '/org/gnome/Mutter/RemoteDesktop'),
                            'org.gnome.Mutter.RemoteDesktop')
        session = dbus.Interface(bus.conn.get_object('org.gnome.Mutter.RemoteDesktop',
                                                     rd.CreateSession()),
                                 'org.gnome.Mutter.RemoteDesktop.Session')
        session.Start()
        monitor = dbus.Interface(bus.conn.get_object('org.gnome.Mutter.IdleMonitor',
                                                     '/org/gnome/Mutter/IdleMonitor/Core'),
                                 'org.gnome.Mutter.IdleMonitor')

        def nudge():
            session.NotifyPointerMotionRelative(3.0, 3.0)

        nudge()
        drv = Driver(bus, 'mutter')
        drv.expect('ready')
        for round_ in (1, 2):
            started = time.monotonic()
            got = drv.expect('idle ', timeout=10)
            age_ms = int(got.split()[1])
            check(1000 <= age_ms < 2500,
                  f'mutter: round {round_}: idle reported with the last input ~1 s ago',
                  f'age {age_ms} ms')
            check(time.monotonic() - started >= 0.5,
                  f'mutter: round {round_}: idle is not reported before the threshold')
            nudge()
            drv.expect('active', timeout=10)
            check(monitor.GetIdletime() < 1000,
                  f'mutter: round {round_}: mutter agrees input came')

        # A restarted compositor has forgotten our watches: the source asks the new one.
        mutter.terminate()
        mutter.wait(10)
        bus.children.remove(mutter)
        check(wait_until(lambda: not bus.conn.name_has_owner('org.gnome.Mutter.IdleMonitor')),
              'mutter: the first instance is gone')
        bus.spawn(mutter_args, 'org.gnome.Mutter.IdleMonitor')
        got = drv.expect('idle ', timeout=15)
        check(1000 <= int(got.split()[1]) < 2500,
              'mutter: after a restart, idle comes from the new instance', got)
        drv.finish()
    finally:
        bus.close()
        runtime.cleanup()


def run_sleep():
    bus = Bus()
    try:
        logind = bus.mock('logind', LOGIND, LOGIND_PATH)
        manager = dbus.Interface(bus.conn.get_object(LOGIND, LOGIND_PATH), LOGIND_MANAGER)

        def ours():
            return [i for i in manager.ListInhibitors() if str(i[1]) == 'movebreak']

        drv = Driver(bus, 'sleep')
        drv.expect('ready')
        held = ours()
        check(len(held) == 1 and str(held[0][0]) == 'sleep' and str(held[0][3]) == 'delay',
              'sleep: a delay sleep inhibitor is held from the start', repr(held))
        logind.EmitSignal(LOGIND_MANAGER, 'PrepareForSleep', 'b', [True])
        drv.expect('suspend')
        check(wait_until(lambda: not ours(), 5), 'sleep: the inhibitor is let go after suspend')
        logind.EmitSignal(LOGIND_MANAGER, 'PrepareForSleep', 'b', [False])
        drv.expect('resume')
        check(wait_until(lambda: len(ours()) == 1, 5), 'sleep: the inhibitor is taken again')
        drv.finish()
        check(wait_until(lambda: not ours(), 5), 'sleep: the inhibitor goes with the watch')
    finally:
        bus.close()


def run_logind_idle(in_session):
    """in_session: the daemon runs inside the session (else as a user service, in none)."""
    label = 'logind' if in_session else 'logind outside a session'
    bus = Bus()
    try:
        logind = bus.mock('logind', LOGIND, LOGIND_PATH)
        uid = os.getuid()
        path = logind.AddSession('c1', 'seat0', dbus.UInt32(uid), 'user', True)
        if in_session:
            # The template has no GetSessionByPID; logind answers with the caller's session.
            logind.AddMethod(LOGIND_MANAGER, 'GetSessionByPID', 'u', 'o', f'ret = "{path}"')
        else:
            # Outside any session the source follows the user's graphical one.
            logind.AddMethod(LOGIND_MANAGER, 'GetUser', 'u', 'o',
                             'ret = "/org/freedesktop/login1/user/%d" % args[0]')
            user = dbus.Interface(bus.conn.get_object(LOGIND, f'{LOGIND_PATH}/user/{uid}'),
                                  'org.freedesktop.DBus.Properties')
            user.Set('org.freedesktop.login1.User', 'Display',
                     dbus.Struct(('c1', dbus.ObjectPath(path)), signature='so'))
        session = dbus.Interface(bus.conn.get_object(LOGIND, path), MOCK_IFACE)

        def hint(on, since_s=None):
            mono_us = int((time.monotonic() if since_s is None else since_s) * 1e6)
            session.UpdateProperties('org.freedesktop.login1.Session', {
                'IdleHint': dbus.Boolean(on),
                'IdleSinceHintMonotonic': dbus.UInt64(mono_us if on else 0),
            })

        drv = Driver(bus, 'logind-idle')
        drv.expect('ready')
        check(drv.quiet(0.5), f'{label}: an active session reports nothing at start')
        hint(True, time.monotonic() - 5)
        got = drv.expect('idle ')
        age_ms = int(got.split()[1])
        check(4900 <= age_ms < 7000, f'{label}: idle dated by IdleSinceHintMonotonic',
              f'age {age_ms} ms')
        hint(False)
        drv.expect('active')
        if not in_session:
            drv.finish()
            return
        started = time.monotonic()
        hint(True)
        got = drv.expect('idle ', timeout=5)
        waited = time.monotonic() - started
        age_ms = int(got.split()[1])
        check(waited >= 0.9 and 1000 <= age_ms < 2500,
              f'{label}: a fresh hint waits out the threshold before idle',
              f'waited {waited:.2f} s, age {age_ms} ms')
        hint(False)
        drv.expect('active')
        drv.finish()
    finally:
        bus.close()


def run_notify():
    bus = Bus()
    try:
        server = bus.mock('notification_daemon', NOTIFY, NOTIFY_PATH)
        # The template declares CloseNotification with an "i"; the specification says "u".
        server.AddMethod(NOTIFY, 'CloseNotification', 'u', '',
                         'self.EmitSignal("", "NotificationClosed", "uu", [args[0], 3])')
        client = dbus.Interface(bus.conn.get_object(NOTIFY, NOTIFY_PATH), NOTIFY)
        next_id = [1]

        def calls(method):
            return [c[2] for c in server.GetCalls() if str(c[1]) == method]

        def ours_shown():
            return [a for a in calls('Notify') if str(a[0]) == 'movebreak']

        def shown(count):
            """Wait for our `count`th Notify call; return its arguments."""
            check(wait_until(lambda: len(ours_shown()) >= count, 5),
                  f'notify: prompt {count} reaches the server')
            return ours_shown()[count - 1]

        def emit(signal, sig, args):
            server.EmitSignal(NOTIFY, signal, sig, args)

        drv = Driver(bus, 'notify')
        drv.expect('ready')

        drv.send('show Time to move')
        drv.expect('shown')
        args = shown(1)
        ours = next_id[0]
        next_id[0] += 1
        check(str(args[0]) == 'movebreak' and int(args[1]) == 0 and
              str(args[3]) == 'Time to move',
              'notify: the first prompt is a new notification from movebreak', repr(args))
        check([str(a) for a in args[5]] ==
              ['default', 'Start', 'start', 'Start', 'postpone', 'In 5 minutes', 'skip', 'Skip'],
              'notify: the prompt offers Start (also a click on it), In 5 minutes and Skip',
              repr(args[5]))
        check(int(args[6].get('urgency', -1)) == 1, 'notify: urgency is normal', repr(args[6]))
        check(str(args[2]) == 'io.github.movebreak' and
              str(args[6].get('desktop-entry', '')) == 'movebreak' and
              str(args[6].get('sound-name', '')) == 'message-new-instant',
              'notify: the prompt has the project\'s icon, desktop entry and a sound name',
              repr((args[2], args[6])))

        # Another program's notification: its actions are not ours.
        foreign = int(client.Notify('other', 0, '', 'Other', '', [], {}, -1))
        next_id[0] += 1
        check(foreign != ours, 'notify: a second program gets its own id')
        emit('ActionInvoked', 'us', [dbus.UInt32(foreign), 'skip'])
        emit('NotificationClosed', 'uu', [dbus.UInt32(foreign), dbus.UInt32(2)])
        emit('ActionInvoked', 'us', [dbus.UInt32(ours), 'start'])
        drv.expect('action start')
        check(drv.quiet(0.5), 'notify: a foreign id is ignored, and so is the close after Start')

        # A second show while the first is up replaces it in place.
        drv.send('show Time to move')
        drv.expect('shown')
        shown(2)
        ours = next_id[0]
        next_id[0] += 1
        drv.send('show Still time to move')
        drv.expect('shown')
        args = shown(3)
        check(int(args[1]) == ours and str(args[3]) == 'Still time to move',
              'notify: showing again replaces the prompt by its id', repr(args))
        emit('ActionInvoked', 'us', [dbus.UInt32(ours), 'postpone'])
        drv.expect('action postpone')

        drv.send('show Time to move')
        drv.expect('shown')
        shown(4)
        ours = next_id[0]
        next_id[0] += 1
        emit('ActionInvoked', 'us', [dbus.UInt32(ours), 'skip'])
        drv.expect('action skip')

        drv.send('show Time to move')
        drv.expect('shown')
        shown(5)
        ours = next_id[0]
        next_id[0] += 1
        emit('NotificationClosed', 'uu', [dbus.UInt32(ours), dbus.UInt32(2)])
        drv.expect('action dismissed')

        drv.send('show Time to move')
        drv.expect('shown')
        shown(6)
        ours = next_id[0]
        next_id[0] += 1
        drv.send('close')
        drv.expect('closed')
        check(wait_until(lambda: ours in [int(a[0]) for a in calls('CloseNotification')], 5),
              'notify: close withdraws the prompt by its id')
        check(drv.quiet(0.5), 'notify: our own close is not reported as a dismissal')

        # A click on the body is the server's "default" action: it starts the break.
        drv.send('show Time to move')
        drv.expect('shown')
        shown(7)
        ours = next_id[0]
        next_id[0] += 1
        emit('ActionInvoked', 'us', [dbus.UInt32(ours), 'default'])
        drv.expect('action start')
        drv.finish()
    finally:
        bus.close()


def main():
    if not os.access(DRIVER, os.X_OK):
        sys.exit(f'FAIL: no driver at {DRIVER}')
    if not shutil.which('dbus-daemon'):
        print('SKIP: dbus-daemon is not installed')
        sys.exit(77)
    run_missing('notify-missing', 'a notification server')
    run_missing('sleep-missing', 'logind')
    run_missing('logind-idle-missing', 'logind')
    run_missing('mutter-missing', 'mutter')
    run_notify()
    run_sleep()
    run_logind_idle(in_session=True)
    run_logind_idle(in_session=False)
    run_mutter()
    print(f'{checks} checks passed')
    if skipped:
        print('skipped: ' + ', '.join(skipped))
        if os.environ.get('CI'):
            sys.exit('FAIL: skips count as failures under CI')


if __name__ == '__main__':
    main()
