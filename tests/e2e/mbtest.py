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
