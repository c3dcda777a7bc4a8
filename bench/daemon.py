#!/usr/bin/env python3
"""What an all-day break daemon costs: movebreak's daemon beside Workrave and Safe Eyes.

Usage: bench/daemon.py [BINARY] [--idle-s S] [--typing-s S] [--settle-s S]
       (default: build/movebreak, 120 s idle, 120 s typing, 10 s settling)
Measure a build without sanitizers: ASan alone adds megabytes of shadow memory.

Needs Xvfb, xdotool and dbus-daemon (in the test packages of tools/deps.sh), and,
for the comparison, Debian's `workrave` and `safeeyes` packages, which no deps
list installs (they are only measured here): `apt-get install workrave safeeyes`.
A tool that is missing, or a movebreak without a runnable daemon, is left out
with a message and the others are still measured.

Every tool runs in one private X server (Xvfb) and one private session bus,
with a fresh home, side by side. Over a phase of idling and a phase of
xdotool typing it records, summed over each tool's processes: RSS and PSS
(/proc/PID/smaps_rollup, at the end of each phase), threads, CPU seconds
(utime + stime from /proc/PID/stat) and voluntary + involuntary context
switches (every thread's /proc/PID/task/TID/status) as deltas over the phase;
and the round trip of `movebreak status` (median of 20). Ratios are
movebreak / Workrave and movebreak / Safe Eyes.
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

CLK_TCK = os.sysconf('SC_CLK_TCK')
TEXT = 'the quick brown fox jumps over the lazy dog '


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('binary', nargs='?', default='build/movebreak')
    ap.add_argument('--idle-s', type=float, default=120)
    ap.add_argument('--typing-s', type=float, default=120)
    ap.add_argument('--settle-s', type=float, default=10)
    return ap.parse_args()


def children_map():
    kids = {}
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open(f'/proc/{name}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields start after the last ')'.
        ppid = int(stat[stat.rindex(')') + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def tree(root):
    """The root process and all its descendants still alive."""
    kids = children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        if os.path.exists(f'/proc/{pid}'):
            out.append(pid)
            todo.extend(kids.get(pid, []))
    return out


def read_kv(path):
    values = {}
    try:
        with open(path) as f:
            for line in f:
                key, _, rest = line.partition(':')
                values[key.strip()] = rest.split()
    except OSError:
        pass
    return values


def sample(root):
    """Sums over a tool's processes: memory in KiB, threads, CPU seconds, context switches."""
    total = {'procs': 0, 'rss_kib': 0, 'pss_kib': 0, 'threads': 0, 'cpu_s': 0.0, 'ctxsw': 0}
    for pid in tree(root):
        try:
            with open(f'/proc/{pid}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(')') + 2:].split()
        # utime and stime are fields 14 and 15 of stat; fields[0] is field 3.
        total['cpu_s'] += (int(fields[11]) + int(fields[12])) / CLK_TCK
        rollup = read_kv(f'/proc/{pid}/smaps_rollup')
        total['rss_kib'] += int(rollup.get('Rss', [0])[0])
        total['pss_kib'] += int(rollup.get('Pss', [0])[0])
        status = read_kv(f'/proc/{pid}/status')
        total['threads'] += int(status.get('Threads', [0])[0])
        try:
            tids = os.listdir(f'/proc/{pid}/task')
        except OSError:
            tids = []
        for tid in tids:
            st = read_kv(f'/proc/{pid}/task/{tid}/status')
            total['ctxsw'] += int(st.get('voluntary_ctxt_switches', [0])[0])
            total['ctxsw'] += int(st.get('nonvoluntary_ctxt_switches', [0])[0])
        total['procs'] += 1
    return total


def start_xvfb(env):
    r, w = os.pipe()
    proc = subprocess.Popen(['Xvfb', '-displayfd', str(w), '-screen', '0', '1280x800x24',
                             '-nolisten', 'tcp'], pass_fds=(w,), stderr=subprocess.DEVNULL)
    os.close(w)
    with os.fdopen(r) as f:
        display = f.readline().strip()
    if not display:
        sys.exit('daemon.py: Xvfb did not start')
    env['DISPLAY'] = ':' + display
    return proc


def start_bus(env, log):
    proc = subprocess.Popen(['dbus-daemon', '--session', '--nofork', '--print-address=1'],
                            stdout=subprocess.PIPE, stderr=log, env=env, text=True)
    env['DBUS_SESSION_BUS_ADDRESS'] = proc.stdout.readline().strip()
    return proc


def status_ok(binary, env):
    return subprocess.run([binary, 'status'], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def start_movebreak(binary, env, log):
    if not os.access(binary, os.X_OK):
        print(f'movebreak: left out: {binary} is not built', file=sys.stderr)
        return None
    proc = subprocess.Popen([binary, 'daemon', '--backend', 'x11'], env=env, stdout=log,
                            stderr=log, start_new_session=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        if status_ok(binary, env):
            return proc
        time.sleep(0.2)
    print('movebreak: left out: its daemon did not answer `movebreak status` within 10 s '
          f'(see {log.name})', file=sys.stderr)
    if proc.poll() is None:
        proc.terminate()
        proc.wait()
    return None


def start_other(name, argv, env, log):
    if not shutil.which(argv[0]):
        print(f'{name}: left out: {argv[0]} is not installed '
              f'(apt-get install {argv[0]})', file=sys.stderr)
        return None
    proc = subprocess.Popen(argv, env=env, stdout=log, stderr=log, start_new_session=True)
    time.sleep(1)
    if proc.poll() is not None:
        print(f'{name}: left out: exited with {proc.returncode} (see {log.name})',
              file=sys.stderr)
        return None
    return proc


def type_for(seconds, env):
    """Type steadily, a key every 100 ms or so, for the given time."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        subprocess.run(['xdotool', 'type', '--delay', '100', TEXT], env=env,
                       stderr=subprocess.DEVNULL)


def status_round_trip(binary, env, runs=20):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([binary, 'status'], env=env, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def ratio(a, b):
    if a is None or b is None:
        return '-'
    if b == 0:
        return 'inf' if a else '1.00'
    return f'{a / b:.3f}'


def main():
    args = parse_args()
    for tool in ('Xvfb', 'xdotool', 'dbus-daemon'):
        if not shutil.which(tool):
            sys.exit(f'daemon.py: {tool} is not installed (tools/deps.sh test)')

    home = tempfile.mkdtemp(prefix='mb-bench-daemon-')
    # The XDG defaults under the fresh home: Safe Eyes 2.1 mixes ~/.config and XDG_CONFIG_HOME.
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home + '/.config',
               XDG_DATA_HOME=home + '/.local/share', XDG_CACHE_HOME=home + '/.cache',
               XDG_STATE_HOME=home + '/.local/state', XDG_RUNTIME_DIR=home + '/run',
               NO_AT_BRIDGE='1')
    os.makedirs(env['XDG_RUNTIME_DIR'], mode=0o700)
    env.pop('WAYLAND_DISPLAY', None)
    xvfb = start_xvfb(env)
    logs = []

    def log_for(name):
        f = open(os.path.join(home, name + '.log'), 'w')
        logs.append(f)
        return f

    bus = start_bus(env, log_for('dbus'))
    tools = {}
    try:

        mb = start_movebreak(args.binary, env, log_for('movebreak'))
        if mb:
            tools['movebreak'] = mb
        for name, argv in (('workrave', ['workrave']), ('safeeyes', ['safeeyes'])):
            proc = start_other(name, argv, env, log_for(name))
            if proc:
                tools[name] = proc
        if not tools:
            sys.exit('daemon.py: nothing to measure')

        time.sleep(args.settle_s)
        results = {}
        for phase, seconds in (('idle', args.idle_s), ('typing', args.typing_s)):
            print(f'{phase}: {seconds:.0f} s ...', file=sys.stderr)
            before = {name: sample(p.pid) for name, p in tools.items()}
            if phase == 'idle':
                time.sleep(seconds)
            else:
                type_for(seconds, env)
            after = {name: sample(p.pid) for name, p in tools.items()}
            for name in tools:
                b, a = before[name], after[name]
                results[(phase, name)] = {
                    'procs': a['procs'],
                    'rss_kib': a['rss_kib'],
                    'pss_kib': a['pss_kib'],
                    'threads': a['threads'],
                    'cpu_s': a['cpu_s'] - b['cpu_s'],
                    'ctxsw': a['ctxsw'] - b['ctxsw'],
                }

        rtt = status_round_trip(args.binary, env) if 'movebreak' in tools else None
    finally:
        for proc in tools.values():
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in tools.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        bus.terminate()
        bus.wait()
        xvfb.terminate()
        xvfb.wait()
        for f in logs:
            f.close()

    names = [n for n in ('movebreak', 'workrave', 'safeeyes') if n in tools]
    metrics = (('procs', 'processes', '{:d}'), ('rss_kib', 'RSS KiB', '{:d}'),
               ('pss_kib', 'PSS KiB', '{:d}'), ('threads', 'threads', '{:d}'),
               ('cpu_s', 'CPU s', '{:.3f}'), ('ctxsw', 'context switches', '{:d}'))
    head = f'{"":24}' + ''.join(f'{n:>12}' for n in names)
    if 'movebreak' in tools:
        head += ''.join(f'{"mb/" + n:>14}' for n in names if n != 'movebreak')
    for phase, seconds in (('idle', args.idle_s), ('typing', args.typing_s)):
        print(f'\n{phase} ({seconds:.0f} s; memory at the end, CPU and switches over the phase)')
        print(head)
        for key, label, fmt in metrics:
            row = f'{label:24}'
            for n in names:
                row += f'{fmt.format(results[(phase, n)][key]):>12}'
            if 'movebreak' in tools:
                mbv = results[(phase, 'movebreak')][key]
                for n in names:
                    if n != 'movebreak':
                        row += f'{ratio(mbv, results[(phase, n)][key]):>14}'
            print(row)
    if rtt is not None:
        print(f'\nmovebreak status round trip: {rtt * 1000:.2f} ms (median of 20)')
    print(f'\nlogs in {home}')


if __name__ == '__main__':
    main()
