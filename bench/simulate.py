#!/usr/bin/env python3
"""Measure `movebreak simulate` over a generated year of realistic workdays: throughput and peak RSS.

Usage: bench/simulate.py [BINARY] [RUNS]   (default: build/movebreak, 5 runs)

The year is generated from a fixed seed, so every run sees the same trace: weekday mornings
and afternoons of typing bursts with short pauses, coffee breaks, one or two meetings under
do-not-disturb, lunch (sometimes with the lid closed), nights suspended, quiet weekends with
the odd short session. Machines here are shared and noisy, so each figure also comes as a
ratio to a baseline measured the same way in the same run: `wc -l` reading the same trace.
Peak RSS needs GNU time (/usr/bin/time, Debian package `time`).
"""
import datetime
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1] if len(sys.argv) > 1 else 'build/movebreak'
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
home = tempfile.mkdtemp(prefix='mb-bench-')
env = dict(os.environ, XDG_CONFIG_HOME=home + '/config', XDG_DATA_HOME=home + '/data', HOME=home)


def generate_year(path, seed=20240101):
    """Write a year of days to path; return the number of event lines."""
    rng = random.Random(seed)
    lines = []
    day = datetime.date(2024, 1, 1)

    def emit(t, event):
        lines.append(f'{day.isoformat()} {t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d} {event}')

    def work(t, until):
        """Typing bursts and pauses from t to until; returns the time reached."""
        while t < until:
            burst = min(int(rng.expovariate(1 / 240)) + 5, until - t)
            if burst <= 0:
                break
            emit(t, 'active')
            t += burst
            emit(t, 'idle')
            r = rng.random()
            if r < 0.70:
                pause = rng.randint(1, 20)       # a breath, reading a line
            elif r < 0.95:
                pause = rng.randint(20, 180)     # thinking, a phone glance
            else:
                pause = rng.randint(300, 900)    # coffee, a chat at the desk
            t += pause
        return t

    def meeting(t):
        """A meeting under do-not-disturb with sparse input; returns when it ends."""
        length = rng.choice((1800, 2700, 3600))
        emit(t, 'dnd on')
        end = t + length
        t += rng.randint(30, 300)
        while t < end - 120:
            emit(t, 'active')
            t += rng.randint(5, 60)
            emit(t, 'idle')
            t += rng.randint(60, 600)
        emit(end, 'dnd off')
        return end

    first = True
    while day.year == 2024:
        if day.weekday() < 5:
            t = 8 * 3600 + rng.randint(0, 5400)
            if not first:
                emit(t - 30, 'resume')
            first = False
            meetings = sorted(rng.sample(range(10 * 3600, 17 * 3600, 900), rng.randint(0, 2)))
            lunch = 12 * 3600 + rng.randint(0, 3600)
            for end in meetings + [lunch]:
                t = work(t, end)
                if end == lunch:
                    away = rng.randint(1800, 3600)
                    if rng.random() < 0.3:
                        emit(t, 'suspend')
                        emit(t + away, 'resume')
                    t += away
                else:
                    t = max(t, end)
                    t = meeting(t)
            t = work(t, 17 * 3600 + rng.randint(0, 5400))
            emit(t, 'suspend')
        elif rng.random() < 0.25 and not first:
            t = rng.randint(10 * 3600, 20 * 3600)
            emit(t, 'resume')
            t = work(t, t + rng.randint(600, 3600))
            emit(t, 'suspend')
        day += datetime.timedelta(days=1)
    emit(23 * 3600, 'end')
    with open(path, 'w') as f:
        f.write('# A generated year of workdays for bench/simulate.py.\n')
        f.write('\n'.join(lines) + '\n')
    return len(lines)


def timed(argv):
    t0 = time.perf_counter()
    p = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f'{argv[0]} failed: {p.stderr.decode()[:500]}')
    return dt, p.stdout


def isolated_rss(argv):
    """Peak RSS in KiB of one run, through GNU time: a child forked from this interpreter would
    count the interpreter's own pages before its exec, and so would one from posix_spawn."""
    out = subprocess.run(['/usr/bin/time', '-f', '%M', *argv], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    if out.returncode != 0:
        sys.exit(f'{argv[0]} failed: {out.stderr[:500]}')
    return int(out.stderr.strip().splitlines()[-1])


if not os.access('/usr/bin/time', os.X_OK):
    sys.exit('bench/simulate.py: /usr/bin/time is needed for peak RSS (apt-get install time)')

trace = os.path.join(home, 'year.trace')
inputs = generate_year(trace)
size_kib = os.path.getsize(trace) / 1024
sim = [binary, 'simulate', '--trace', trace, '--json']
base = ['wc', '-l', trace]

timed(sim)  # warm the page cache
timed(base)
sim_times, base_times, outputs = [], [], 0
for _ in range(runs):
    dt, out = timed(sim)
    sim_times.append(dt)
    outputs = out.count(b'\n')
    base_times.append(timed(base)[0])
t_sim, t_base = statistics.median(sim_times), statistics.median(base_times)
summary = out.decode().splitlines()[-1]

rss_sim = isolated_rss(sim)
rss_base = isolated_rss(base)

# Memory should follow the trace, not the hours simulated: a month for comparison.
month = os.path.join(home, 'month.trace')
with open(trace) as f, open(month, 'w') as g:
    g.writelines(line for line in f if line.startswith('2024-01-') or line.startswith('#'))
rss_month = isolated_rss([binary, 'simulate', '--trace', month, '--json'])

print(f'trace: a generated year, {inputs} input events ({size_kib:.0f} KiB); '
      f'{outputs - 1} scheduler events out')
print(f'runs per figure: {runs} (median)')
print(f'simulate --json:   {t_sim * 1000:8.1f} ms  = {t_sim / t_base:5.1f}x wc -l on the same trace '
      f'({t_base * 1000:.1f} ms)')
print(f'throughput:        {inputs / t_sim / 1e6:8.2f} M input events/s, '
      f'{(outputs - 1) / t_sim / 1e3:.0f} k output events/s')
print(f'peak RSS, a year:  {rss_sim:8d} KiB = {rss_sim / rss_base:5.1f}x wc -l ({rss_base} KiB); '
      f'a month: {rss_month} KiB')
print(f'summary: {summary}')
