"""Shared helpers for the end-to-end tests: run the real binary in a private home."""
import os
import subprocess
import sys
import tempfile

MOVEBREAK = os.environ.get('MOVEBREAK') or sys.exit('MOVEBREAK is not set')
SOURCE_ROOT = os.environ.get('MB_SOURCE_ROOT') or sys.exit('MB_SOURCE_ROOT is not set')


class Home:
    """A temporary XDG config and data home, removed at exit."""

    def __init__(self):
        self._dir = tempfile.TemporaryDirectory(prefix='mb-e2e-')
        self.root = self._dir.name
        self.config = os.path.join(self.root, 'config')
        self.data = os.path.join(self.root, 'data')
        self.db = os.path.join(self.data, 'movebreak', 'history.db')

    def env(self, **extra):
        env = dict(os.environ)
        env.update(XDG_CONFIG_HOME=self.config, XDG_DATA_HOME=self.data, HOME=self.root)
        env.pop('NO_COLOR', None)
        env.update(extra)
        return env

    def run(self, *args, env=None, timeout=60, **kw):
        return subprocess.run([MOVEBREAK, *args], env=env or self.env(), capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL, **kw)


checks = 0


def check(cond, what, detail=''):
    global checks
    if not cond:
        print(f'FAIL: {what}')
        if detail:
            print(detail)
        sys.exit(1)
    checks += 1
    print(f'ok: {what}')


def done():
    print(f'{checks} checks passed')


def write_short_routines(config_home, seconds=2):
    """Routines named like the built-ins that last a few seconds at real speed, in the user's
    routines folder, which shadows the built-ins: a test coaches real (not demo) breaks."""
    folder = os.path.join(config_home, 'movebreak', 'routines')
    os.makedirs(folder, exist_ok=True)
    for name in ('shoulder-reset', 'micro-reset'):
        with open(os.path.join(folder, name + '.yaml'), 'w') as f:
            f.write(f'name: {name}\ntitle: Short {name}\nexercises:\n'
                    f'  - title: Shoulder rolls\n    prepare: 0s\n    steps:\n'
                    f'      - hold: Stay tall\n        time: {seconds}s\n')


def wait_until(pred, timeout=10.0, step=0.1):
    """Call pred every step seconds until it is true or timeout seconds have gone; its last
    answer."""
    import time
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(step)
    return pred()


def kill_all(procs):
    """Kill what the test started, last started first, and reap it."""
    for p in reversed(procs):
        if p.poll() is None:
            p.kill()
            p.wait()


def start_xvfb(procs, size=None):
    """An Xvfb of its own, added to procs. It picks a free display itself and writes the
    number to a pipe; returns ':N', or None when it did not start."""
    r, w = os.pipe()
    args = ['Xvfb', '-displayfd', str(w), '-nolisten', 'tcp']
    if size:
        args += ['-screen', '0', size + 'x24']
    xvfb = subprocess.Popen(args, pass_fds=(w,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    procs.append(xvfb)
    os.close(w)
    number = b''
    with os.fdopen(r, 'rb') as f:
        while not number.endswith(b'\n'):
            c = f.read(1)
            if not c:
                break
            number += c
    return ':' + number.decode().strip() if number.strip() else None


def start_session_bus(procs):
    """A private session bus, added to procs, so nothing talks to the host's; its address."""
    bus = subprocess.Popen(['dbus-daemon', '--session', '--nofork', '--print-address=1'],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    procs.append(bus)
    return bus.stdout.readline().strip()


def bus_pid(env, name, address=None):
    """The process that owns name on the session bus of env (or the bus at address), or None."""
    where = ['--address', address] if address else ['--session']
    r = subprocess.run(['gdbus', 'call', *where, '-d', 'org.freedesktop.DBus', '-o',
                        '/org/freedesktop/DBus', '-m',
                        'org.freedesktop.DBus.GetConnectionUnixProcessID', name],
                       env=env, capture_output=True, text=True, timeout=20)
    return int(r.stdout.strip('()\n, ').split()[-1]) if r.returncode == 0 else None


class A11yBus:
    """The accessibility bus, started as a desktop session starts it: activated on the session
    bus of env (which must run with the test's environment, so the bus runs in its home).
    Raises Unavailable when it does not start. close() ends what the activation started."""

    def __init__(self, env):
        self.env = env
        r = subprocess.run(['gdbus', 'call', '--session', '-d', 'org.a11y.Bus', '-o',
                            '/org/a11y/bus', '-m', 'org.a11y.Bus.GetAddress'], env=env,
                           capture_output=True, text=True, timeout=20)
        if r.returncode != 0:
            raise Unavailable(f'the accessibility bus does not start: {r.stderr.strip()}')
        self.address = r.stdout.strip()[2:-3]
        # What the activation started, to end by its ids: the launcher and its bus.
        self.pids = [bus_pid(env, 'org.a11y.Bus'),
                     bus_pid(env, 'org.freedesktop.DBus', self.address)]

    def close(self):
        """End the registry, the launcher and its bus."""
        pids = [bus_pid(self.env, 'org.a11y.atspi.Registry', self.address)] + self.pids
        for pid in pids:
            if pid:
                try:
                    os.kill(pid, 15)
                except ProcessLookupError:
                    pass


class Unavailable(Exception):
    """A component the test needs cannot run here: the test should skip, saying why."""


def start_sway(procs, runtime_dir, env):
    """A headless sway of its own in runtime_dir, added to procs, started with env plus the
    headless settings. sway refuses to run as root; as root it runs as nobody, who then owns
    runtime_dir. Returns (display, ipc socket path) once both sockets are there; raises
    Unavailable with the reason (and the end of sway's log) when it cannot start."""
    import pwd
    import re
    import shutil
    import time
    cmd = ['sway', '-c', os.path.join(runtime_dir, 'sway.conf')]
    if os.geteuid() == 0:
        if not shutil.which('setpriv'):
            raise Unavailable('running as root, and no setpriv to start sway as nobody')
        nobody = pwd.getpwnam('nobody')
        os.chown(runtime_dir, nobody.pw_uid, nobody.pw_gid)
        cmd = ['setpriv', f'--reuid={nobody.pw_uid}', f'--regid={nobody.pw_gid}',
               '--clear-groups'] + cmd
    with open(os.path.join(runtime_dir, 'sway.conf'), 'w') as f:
        f.write('xwayland disable\n')
    log_path = os.path.join(runtime_dir, 'sway.log')
    with open(log_path, 'w') as log:
        sway = subprocess.Popen(cmd, env=dict(env, WLR_BACKENDS='headless',
                                              WLR_LIBINPUT_NO_DEVICES='1',
                                              XDG_RUNTIME_DIR=runtime_dir, HOME=runtime_dir),
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    procs.append(sway)

    def tail():
        with open(log_path) as f:
            return ''.join(f.readlines()[-5:]).strip()

    # sway names its socket wayland-N, and its IPC socket sway-ipc.*.sock, once it is ready.
    display = ipc = None
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not (display and ipc):
        if sway.poll() is not None:
            raise Unavailable(f'sway exited with status {sway.returncode}: {tail()}')
        for name in os.listdir(runtime_dir):
            if re.fullmatch(r'wayland-[0-9]+', name):
                display = name
            elif name.startswith('sway-ipc.'):
                ipc = os.path.join(runtime_dir, name)
        time.sleep(0.05)
    if not (display and ipc):
        raise Unavailable(f'sway made no Wayland socket within 15 s: {tail()}')
    return display, ipc
