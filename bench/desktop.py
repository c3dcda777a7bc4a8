"""What the window benchmarks share: a private Xvfb and session bus in a fresh home, and the
start-up timing of a program against xdpyinfo's, the same in every run."""
import os
import statistics
import subprocess
import tempfile
import time


class Desktop:
    """An Xvfb (1280x900) and a session bus of their own, in a temporary home; env runs
    programs there. close() ends them."""

    def __init__(self, prefix, **extra):
        self.home = tempfile.mkdtemp(prefix=prefix)
        self.procs = []
        r, w = os.pipe()
        self.start(['Xvfb', '-displayfd', str(w), '-nolisten', 'tcp', '-screen', '0',
                    '1280x900x24'], pass_fds=(w,), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
        os.close(w)
        self.display = ':' + os.fdopen(r).readline().strip()
        bus = self.start(['dbus-daemon', '--session', '--nofork', '--print-address=1'],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.env = dict(os.environ, DISPLAY=self.display,
                        DBUS_SESSION_BUS_ADDRESS=bus.stdout.readline().strip(),
                        XDG_CONFIG_HOME=self.home + '/config',
                        XDG_DATA_HOME=self.home + '/data', HOME=self.home, **extra)
        self.env.pop('WAYLAND_DISPLAY', None)

    def start(self, argv, **kw):
        p = subprocess.Popen(argv, **kw)
        self.procs.append(p)
        return p

    def close(self):
        import shutil
        for p in reversed(self.procs):
            if p.poll() is None:
                p.kill()
                p.wait()
        shutil.rmtree(self.home, ignore_errors=True)


def first_frame(argv, env, keep=False):
    """Seconds from spawn until the program says on stderr (MOVEBREAK_DEBUG) that it drew its
    first frame; the process is stopped, or with keep returned beside the time."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True)
    while True:
        line = p.stderr.readline()
        if not line or 'first frame' in line:
            break
    t = time.perf_counter() - t0
    if keep:
        return t, p
    p.terminate()
    p.communicate()
    return t


def xdpyinfo_first_line(env):
    """Seconds from spawn until xdpyinfo, connected to the display, prints its first line: the
    baseline a start-up time is divided by."""
    t0 = time.perf_counter()
    p = subprocess.Popen(['xdpyinfo'], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    p.stdout.readline()
    t = time.perf_counter() - t0
    p.communicate()
    return t


def median_ms(fn, runs):
    fn()  # warm the page cache
    return statistics.median(fn() for _ in range(runs)) * 1000
