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
import subprocess
import sys
import time

from desktop import Desktop, first_frame, median_ms, xdpyinfo_first_line

build = sys.argv[1] if len(sys.argv) > 1 else 'build'
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
gui = os.path.join(build, 'movebreak-gui')
for tool in ('Xvfb', 'xdotool', 'xdpyinfo', 'dbus-daemon'):
    if not shutil.which(tool):
        sys.exit(f'{tool} is not installed')
if not os.access(gui, os.X_OK):
    sys.exit(f'{gui} is not built')

desktop = Desktop('mb-bench-window-', GSK_RENDERER='cairo', GDK_DEBUG='gl-disable',
                  GTK_A11Y='none', MOVEBREAK_DEBUG='1')
env = desktop.env
procs = desktop.procs


def window_first_frame():
    return first_frame([gui, 'window', '--no-record'], env)


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
    base = median_ms(lambda: xdpyinfo_first_line(env), runs)
    first = median_ms(window_first_frame, runs)

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
    desktop.close()
