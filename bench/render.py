#!/usr/bin/env python3
"""Measure `movebreak render`: wall time to draw one frame of the figure to PNG and SVG.

Usage: bench/render.py [BINARY] [RUNS]   (default: build/movebreak, 20 runs)

Each run is a whole process (movebreak hands over to movebreak-gui, which loads the
routine, builds the timeline and draws). Machines here are shared and noisy, so every
figure is also given as a ratio to `movebreak plan shoulder-reset --json`, which does
the same loading and timeline work and draws nothing, measured the same way in the
same run; the difference is the cost of starting movebreak-gui and drawing.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1] if len(sys.argv) > 1 else 'build/movebreak'
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
home = tempfile.mkdtemp(prefix='mb-bench-')
env = dict(os.environ, XDG_CONFIG_HOME=home + '/config', XDG_DATA_HOME=home + '/data',
           HOME=home)


def timed(argv):
    """Median wall seconds of runs of argv, each checked to succeed."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


baseline = timed([binary, 'plan', 'shoulder-reset', '--json'])
cases = [
    ('PNG 360x400, wall press', ['--exercise', '2', '--out', home + '/f.png']),
    ('PNG 1080x1200, wall press', ['--exercise', '2', '--size', '1080x1200',
                                    '--out', home + '/f.png']),
    ('PNG 360x400, shoulder roll (arrows)', ['--exercise', '3', '--out', home + '/f.png']),
    ('SVG 360x400, wall press', ['--exercise', '2', '--out', home + '/f.svg']),
]
print(f'{runs} runs each, median wall time')
print(f'  {"baseline: plan --json":40s} {baseline * 1000:7.1f} ms')
for name, args in cases:
    t = timed([binary, 'render', 'shoulder-reset', *args])
    print(f'  {"render " + name:40s} {t * 1000:7.1f} ms  ({t / baseline:.1f}x baseline)')
