#!/usr/bin/env python3
"""Measure `movebreak now`: time to the first frame (terminal and plain), peak RSS, binary size.

Usage: bench/coach.py [BINARY] [RUNS]   (default: build/movebreak, 20 runs)

Machines here are shared and noisy, so every figure is also given as a ratio to
a baseline measured the same way in the same run: `cat` reading an empty file.
"""
import os
import pty
import resource
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1] if len(sys.argv) > 1 else 'build/movebreak'
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
home = tempfile.mkdtemp(prefix='mb-bench-')
env = dict(os.environ, XDG_CONFIG_HOME=home + '/config', XDG_DATA_HOME=home + '/data',
           HOME=home, TERM='xterm-256color', COLUMNS='100', LINES='32')


def first_output_pipe(argv, marker):
    """Seconds from spawn until marker shows on a pipe; then stop the process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    buf = b''
    while marker not in buf:
        chunk = p.stdout.read1(4096)
        if not chunk:
            break
        buf += chunk
    t = time.perf_counter() - t0
    if p.poll() is None:
        p.send_signal(signal.SIGINT)
    p.wait()
    return t


def first_output_pty(argv, marker):
    """Seconds from spawn until marker is drawn on a pseudo-terminal; then press q."""
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    buf = b''
    while marker not in buf:
        r, _, _ = select.select([fd], [], [], 5)
        if not r:
            break
        try:
            buf += os.read(fd, 65536)
        except OSError:
            break
    t = time.perf_counter() - t0
    os.write(fd, b'q')
    # Drain until the child exits, so its terminal restore does not block.
    while True:
        try:
            if not os.read(fd, 65536):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    os.close(fd)
    return t


def median_ms(fn, *args):
    fn(*args)  # warm the page cache
    return statistics.median(fn(*args) for _ in range(runs)) * 1000


empty = os.path.join(home, 'empty')
open(empty, 'w').close()
base_pipe = median_ms(first_output_pipe, ['sh', '-c', 'echo x; exec cat ' + empty], b'x')
plain = median_ms(first_output_pipe, [binary, 'now', '--plain', '--no-record'], b'Exercise 1 of 5')
base_pty = median_ms(first_output_pty, ['sh', '-c', 'echo x; exec cat ' + empty], b'x')
tui = median_ms(first_output_pty, [binary, 'now', '--no-record'], b'Exercise 1 of 5')

# Peak RSS through GNU time, a small C parent: a child started straight from
# Python would report Python's own high-water mark.
def peak_rss_kib(argv, tty=False):
    out = os.path.join(home, 'rss')
    cmd = ['/usr/bin/time', '-o', out, '-f', '%M', *argv]
    if tty:
        first_output_pty(cmd, b'Well done')
    else:
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return int(open(out).read().split()[-1])


rss_base = peak_rss_kib(['cat', empty])
rss_plain = peak_rss_kib([binary, 'now', '--plain', '--no-record', '--time-scale', '100'])
rss_tui = peak_rss_kib([binary, 'now', '--no-record', '--time-scale', '100'], tty=True)
size = os.path.getsize(binary)
stripped = os.path.join(home, 'stripped')
subprocess.run(['strip', '-o', stripped, binary], check=True)
ssize = os.path.getsize(stripped)

print(f'runs per figure: {runs} (median)')
print(f'first frame, terminal coach (pty):  {tui:7.2f} ms  = {tui / base_pty:5.1f}x sh+cat baseline ({base_pty:.2f} ms)')
print(f'first cue line, plain coach (pipe): {plain:7.2f} ms  = {plain / base_pipe:5.1f}x sh+cat baseline ({base_pipe:.2f} ms)')
print(f'peak RSS, a whole break (terminal): {rss_tui:7d} KiB = {rss_tui / rss_base:5.1f}x cat ({rss_base} KiB)')
print(f'peak RSS, a whole break (plain):    {rss_plain:7d} KiB = {rss_plain / rss_base:5.1f}x cat')
print(f'binary size: {size / 1024:.0f} KiB, stripped {ssize / 1024:.0f} KiB')
