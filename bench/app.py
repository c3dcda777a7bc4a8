#!/usr/bin/env python3
"""Measure the app window: time to its first frame on screen, and its RSS, beside the break
window measured the same way in the same run.

Usage: bench/app.py [BUILD_DIR] [RUNS]   (default: build, 5 runs)

Runs `movebreak-gui app` and `movebreak-gui window` on a private Xvfb and session bus, with
GTK's default renderer and with GSK_RENDERER=cairo. Machines here are shared and noisy, so
each start-up time is also given as a ratio to xdpyinfo's first line, a plain Xlib client
timed the same way in the same run. RSS is read two seconds after the first frame, on the
app's first page (Today), and again after its Routines page has drawn every figure.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

build = sys.argv[1] if len(sys.argv) > 1 else 'build'
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
gui = os.path.join(build, 'movebreak-gui')
for tool in ('Xvfb', 'xdpyinfo', 'dbus-daemon'):
    if not shutil.which(tool):
        sys.exit(f'{tool} is not installed')
if not os.access(gui, os.X_OK):
    sys.exit(f'{gui} is not built')

home = tempfile.mkdtemp(prefix='mb-bench-app-')
procs = []


def start(argv, **kw):
    p = subprocess.Popen(argv, **kw)
    procs.append(p)
    return p


r, w = os.pipe()
start(['Xvfb', '-displayfd', str(w), '-nolisten', 'tcp', '-screen', '0', '1280x900x24'],
      pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(w)
display = ':' + os.fdopen(r).readline().strip()
bus = start(['dbus-daemon', '--session', '--nofork', '--print-address=1'],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
address = bus.stdout.readline().strip()
base_env = dict(os.environ, DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=address,
                XDG_CONFIG_HOME=home + '/config', XDG_DATA_HOME=home + '/data', HOME=home,
                GTK_A11Y='none', MOVEBREAK_DEBUG='1')
base_env.pop('WAYLAND_DISPLAY', None)


def rss_kib(pid):
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return 0


def first_frame(argv, env, keep=False):
    """Seconds from spawn until the program says its first frame is drawn; the process is
    stopped unless keep, then returned too."""
    t0 = time.perf_counter()
    p = subprocess.Popen([gui, *argv], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
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
    t0 = time.perf_counter()
    p = subprocess.Popen(['xdpyinfo'], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    p.stdout.readline()
    t = time.perf_counter() - t0
    p.communicate()
    return t


def median_ms(fn):
    fn()  # warm the page cache
    return statistics.median(fn() for _ in range(runs)) * 1000


def rss_after(argv, env, seconds=2.0):
    _, p = first_frame(argv, env, keep=True)
    procs.append(p)
    time.sleep(seconds)
    kib = rss_kib(p.pid)
    p.terminate()
    p.communicate()
    return kib


try:
    print(f'build: {build} (movebreak-gui {os.path.getsize(gui) // 1024} KiB), '
          f'median of {runs} runs, Xvfb')
    for renderer in ('default', 'cairo'):
        env = dict(base_env)
        if renderer == 'cairo':
            env.update(GSK_RENDERER='cairo', GDK_DEBUG='gl-disable')
        base = median_ms(lambda: xdpyinfo_first_line(env))
        app = median_ms(lambda: first_frame(['app'], env))
        win = median_ms(lambda: first_frame(['window', '--no-record'], env))
        today = rss_after(['app'], env)
        routines = rss_after(['app', '--page', 'routines'], env, 3.0)
        window = rss_after(['window', '--no-record'], env)
        print(f'renderer {renderer}:')
        print(f'  app, first frame:         {app:7.1f} ms  ({app / base:.1f}x xdpyinfo, '
              f'{base:.1f} ms)')
        print(f'  break window, first frame:{win:7.1f} ms  ({win / base:.1f}x xdpyinfo)')
        print(f'  app RSS on Today:         {today / 1024:7.1f} MiB')
        print(f'  app RSS on Routines:      {routines / 1024:7.1f} MiB (every figure drawn)')
        print(f'  break window RSS:         {window / 1024:7.1f} MiB')
finally:
    for p in reversed(procs):
        if p.poll() is None:
            p.kill()
            p.wait()
    shutil.rmtree(home, ignore_errors=True)
