#!/usr/bin/env python3
"""Measure the break window: time to the first drawn frame, CPU while animating and paused, RSS.

Usage: bench/window.py [BUILD_DIR] [RUNS]   (default: build, 5 runs)

Runs `movebreak-gui window` (what `movebreak now --gui` execs into) on a private
Xvfb with the cairo renderer. Machines here are shared and noisy, so the start-up
time is also given as a ratio to a baseline measured the same way in the same run:
xdpyinfo, a plain Xlib client, from spawn until it prints its first line.
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
for tool in ('Xvfb', 'xdotool', 'xdpyinfo', 'dbus-daemon'):
    if not shutil.which(tool):
        sys.exit(f'{tool} is not installed')
if not os.access(gui, os.X_OK):
    sys.exit(f'{gui} is not built')

home = tempfile.mkdtemp(prefix='mb-bench-window-')
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
env = dict(os.environ, DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=address,
           XDG_CONFIG_HOME=home + '/config', XDG_DATA_HOME=home + '/data', HOME=home,
           GSK_RENDERER='cairo', GDK_DEBUG='gl-disable', GTK_A11Y='none', MOVEBREAK_DEBUG='1')
env.pop('WAYLAND_DISPLAY', None)


def window_first_frame():
    """Seconds from spawn until the window says it drew its first frame; then stop it."""
    t0 = time.perf_counter()
    p = subprocess.Popen([gui, 'window', '--no-record'], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    while True:
        line = p.stderr.readline()
        if not line or 'first frame' in line:
            break
    t = time.perf_counter() - t0
    p.terminate()
    p.communicate()
    return t


def xdpyinfo_first_line():
    """Seconds from spawn until xdpyinfo, connected to the display, prints its first line."""
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


def cpu_s(pid):
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def status_kib(pid, key):
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith(key + ':'):
                return int(line.split()[1])
    return 0


def cpu_fraction(pid, seconds):
    c0, t0 = cpu_s(pid), time.perf_counter()
    time.sleep(seconds)
    return (cpu_s(pid) - c0) / (time.perf_counter() - t0)


try:
    base = median_ms(xdpyinfo_first_line)
    first = median_ms(window_first_frame)

    # A real-time break: the figure, ring and pacer animate on the frame clock.
    p = subprocess.Popen([gui, 'window', '--no-record'], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    procs.append(p)
    found = subprocess.run(['xdotool', 'search', '--sync', '--onlyvisible', '--name', 'movebreak'],
                           env=env, capture_output=True, text=True).stdout.split()
    time.sleep(2)
    animating = cpu_fraction(p.pid, 10)
    subprocess.run(['xdotool', 'windowfocus', '--sync', found[0]], env=env)
    subprocess.run(['xdotool', 'key', 'space'], env=env)
    time.sleep(0.5)
    paused = cpu_fraction(p.pid, 5)
    rss = status_kib(p.pid, 'VmRSS')
    peak = status_kib(p.pid, 'VmHWM')
    p.terminate()
    p.wait()

    print(f'build: {build} (movebreak-gui {os.path.getsize(gui) // 1024} KiB), '
          f'median of {runs} runs, Xvfb, GSK_RENDERER=cairo')
    print(f'first frame drawn:        {first:7.1f} ms  ({first / base:.1f}x xdpyinfo\'s first line, '
          f'{base:.1f} ms)')
    print(f'CPU while animating:      {animating * 100:7.1f} % of one core (10 s, real time)')
    print(f'CPU while paused:         {paused * 100:7.1f} % of one core (5 s)')
    print(f'RSS while running:        {rss / 1024:7.1f} MiB (peak {peak / 1024:.1f} MiB)')
finally:
    for p in reversed(procs):
        if p.poll() is None:
            p.kill()
            p.wait()
    shutil.rmtree(home, ignore_errors=True)
