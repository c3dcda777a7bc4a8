#!/usr/bin/env python3
"""Measure `movebreak now ROUTINE --voice-out FILE.wav`: wall time, peak RSS, file size, length.

Usage: bench/voice.py [BINARY] [RUNS]   (default: build/movebreak, 10 runs)

Machines here are shared and noisy, so the time is also given as a ratio to a
baseline measured the same way in the same run: `movebreak plan` of the same
routine (the same routine loading and dose fit, without speech).
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1] if len(sys.argv) > 1 else 'build/movebreak'
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
home = tempfile.mkdtemp(prefix='mb-bench-')
env = dict(os.environ, XDG_CONFIG_HOME=home + '/config', XDG_DATA_HOME=home + '/data',
           HOME=home)
wav = os.path.join(home, 'break.wav')


def timed(argv):
    """Seconds and peak RSS (KiB) of one run of argv, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    took = time.perf_counter() - t0
    return took, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


for routine in ('shoulder-reset', 'micro-reset'):
    base, track, rss = [], [], 0
    for _ in range(runs):
        base.append(timed([binary, 'plan', routine])[0])
        t, r = timed([binary, 'now', routine, '--voice-out', wav])
        track.append(t)
        rss = max(rss, r)
    length = float(subprocess.run(['soxi', '-D', wav], capture_output=True, text=True).stdout)
    med, bmed = statistics.median(track), statistics.median(base)
    print(f'{routine}: --voice-out {med * 1000:.0f} ms median of {runs} '
          f'({med / bmed:.1f}x `plan` at {bmed * 1000:.0f} ms), '
          f'{os.path.getsize(wav) / 1e6:.1f} MB, {length:.2f} s of audio, '
          f'{length / med:.0f}x faster than real time, peak RSS {rss / 1024:.1f} MiB '
          f'(largest child so far)')
