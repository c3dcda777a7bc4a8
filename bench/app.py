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
import sys
import time

from desktop import Desktop, first_frame, median_ms, xdpyinfo_first_line

build = sys.argv[1] if len(sys.argv) > 1 else 'build'
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
gui = os.path.join(build, 'movebreak-gui')
for tool in ('Xvfb', 'xdpyinfo', 'dbus-daemon'):
    if not shutil.which(tool):
        sys.exit(f'{tool} is not installed')
if not os.access(gui, os.X_OK):
    sys.exit(f'{gui} is not built')

desktop = Desktop('mb-bench-app-', GTK_A11Y='none', MOVEBREAK_DEBUG='1')
base_env = desktop.env
procs = desktop.procs


def rss_kib(pid):
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return 0


def rss_after(argv, env, seconds=2.0):
    _, p = first_frame([gui, *argv], env, keep=True)
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
        base = median_ms(lambda: xdpyinfo_first_line(env), runs)
        app = median_ms(lambda: first_frame([gui, 'app'], env), runs)
        win = median_ms(lambda: first_frame([gui, 'window', '--no-record'], env), runs)
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
    desktop.close()
