#!/usr/bin/env python3
"""Measure loading, dose fitting and planning on the largest routines the loader accepts.

Usage: bench/dose.py [BINARY] [RUNS] [--old OLD_BINARY]
       (default: build/movebreak, 5 runs)

Routines, made by tests/e2e/routinegen.py in a temporary directory:
- largest: 64 exercises, exactly 2,000 cues and 29.6 min at the highest dose, 254 KiB;
- long-hold: three holds of ten minutes, the longest break there may be (30 min);
- tiny-steps: 64 x 64 steps of 1 ms with reps, the enormous routine of the issue "Nothing lost,
  nothing false": refused now; with --old, also run through an older binary that accepted it.

For each: `routines check` (load and the closed-form length, what the daemon does on SIGHUP),
`plan` (load, fit, build and print every cue) and `now --voice-out` (the whole spoken track),
wall time (median of RUNS) and peak RSS (GNU time, one run). The machines here are shared and
noisy, so each figure is also given as a ratio to the same command on the small built-in
micro-reset, measured in the same run.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
sys.path.insert(0, os.path.join(root, 'tests', 'e2e'))
import routinegen  # noqa: E402

args = sys.argv[1:]
old = None
if '--old' in args:
    i = args.index('--old')
    old = args[i + 1]
    del args[i:i + 2]
binary = args[0] if args else 'build/movebreak'
runs = int(args[1]) if len(args) > 1 else 5
home = tempfile.mkdtemp(prefix='mb-bench-')
env = dict(os.environ, XDG_CONFIG_HOME=home + '/config', XDG_DATA_HOME=home + '/data', HOME=home)
wav = os.path.join(home, 'break.wav')

if not os.access('/usr/bin/time', os.X_OK):
    sys.exit('bench/dose.py: /usr/bin/time is needed for peak RSS (apt-get install time)')


def write(name, text):
    path = os.path.join(home, name + '.yaml')
    with open(path, 'w') as f:
        f.write(text)
    return path


def run(argv, timeout=None):
    """Wall seconds, peak RSS in KiB and exit status of one run, through GNU time, so the RSS is
    the program's alone; the time includes GNU time's own start, the same for every command."""
    t0 = time.perf_counter()
    p = subprocess.run(['/usr/bin/time', '-f', '%M', *argv], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, timeout=timeout)
    took = time.perf_counter() - t0
    return took, int(p.stderr.strip().splitlines()[-1]), p.returncode


def measure(argv, n):
    results = [run(argv) for _ in range(n)]
    return (statistics.median(r[0] for r in results), max(r[1] for r in results),
            results[-1][2])


routines = {
    'micro-reset': os.path.join(root, 'data', 'routines', 'micro-reset.yaml'),
    'largest': write('largest', routinegen.largest()),
    'long-hold': write('long-hold', routinegen.long_hold()),
    'tiny-steps': write('tiny-steps', routinegen.tiny_steps()),
}
commands = {
    'check': lambda b, r: [b, 'routines', 'check', r],
    'plan': lambda b, r: [b, 'plan', r, '--minutes', '30'],
    'voice-out': lambda b, r: [b, 'now', r, '--minutes', '30', '--voice-out', wav],
}
print(f'{binary}, {runs} runs each; largest.yaml is '
      f'{os.path.getsize(routines["largest"]) / 1024:.0f} KiB')
for cmd, make in commands.items():
    base_t, base_rss, _ = measure(make(binary, routines['micro-reset']), runs)
    print(f'{cmd:9} micro-reset  {base_t * 1000:8.1f} ms {base_rss / 1024:7.1f} MiB  (the baseline)')
    for name in ('largest', 'long-hold', 'tiny-steps'):
        if cmd == 'voice-out' and name == 'tiny-steps':
            continue
        t, rss, code = measure(make(binary, routines[name]), runs)
        verdict = 'refused, exit 2' if code == 2 else f'exit {code}'
        print(f'{cmd:9} {name:12} {t * 1000:8.1f} ms {rss / 1024:7.1f} MiB  '
              f'= {t / base_t:5.1f}x time, {rss / base_rss:4.1f}x memory ({verdict})')

if old:
    # The older loader accepted the enormous routine: one run, it takes a minute or more.
    print(f'{old}, one run each, on the routine it accepted')
    for cmd in ('check', 'plan'):
        t, rss, code = run(commands[cmd](old, routines['tiny-steps']), timeout=600)
        print(f'{cmd:9} tiny-steps   {t * 1000:8.1f} ms {rss / 1024:7.1f} MiB  (exit {code})')
    t, rss, code = run([old, 'plan', routines['tiny-steps'], '--minutes', '60'], timeout=600)
    print(f'plan 60m  tiny-steps   {t * 1000:8.1f} ms {rss / 1024:7.1f} MiB  (exit {code})')
