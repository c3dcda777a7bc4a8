#!/usr/bin/env python3
"""The daemon holds prompts while an application records through a real PipeWire server.

Starts its own pipewire (in a private runtime directory) and session bus; pw-record makes
the capture stream a call would. The daemon runs with the wall-time activity source, so a
break falls due a few seconds after it starts.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import mbtest
from mbtest import MOVEBREAK, check, done

missing = [t for t in ('pipewire', 'pw-record', 'pw-cli', 'dbus-daemon') if not shutil.which(t)]
if missing:
    print(f'SKIP: not installed: {" ".join(missing)}')
    sys.exit(77)

home = mbtest.Home()
procs = []
runtime = os.path.join(home.root, 'runtime')
os.makedirs(runtime, mode=0o700)


def cleanup():
    mbtest.kill_all(procs)


def start(args, **kw):
    p = subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, **kw)
    procs.append(p)
    return p


env = home.env(XDG_RUNTIME_DIR=runtime, DBUS_SESSION_BUS_ADDRESS=mbtest.start_session_bus(procs),
               PIPEWIRE_RUNTIME_DIR=runtime)
env.pop('DISPLAY', None)
env.pop('WAYLAND_DISPLAY', None)
config = os.path.join(home.config, 'movebreak', 'config.ini')
os.makedirs(os.path.dirname(config))


def write_config(calls):
    with open(config, 'w') as f:
        f.write('[movement]\nevery = 3s\n[micro]\nevery = 0\n[idle]\nnatural_break = 0\n'
                f'[prompt]\nlull = 0\n[dnd]\ncalls = {calls}\n')


def status():
    r = home.run('status', '--json', env=env, timeout=20)
    return json.loads(r.stdout) if r.returncode == 0 else None


def wait_for(pred, seconds, what):
    deadline = time.monotonic() + seconds
    st = None
    while time.monotonic() < deadline:
        st = status()
        if st and pred(st):
            return st
        time.sleep(0.2)
    check(False, what, f'last status: {st}')


def wait_log(daemon_log, text, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with open(daemon_log) as f:
            log = f.read()
        if text in log:
            return log
        time.sleep(0.1)
    check(False, what, log)


def record():
    """pw-record with no session manager keeps its capture stream unlinked, which is enough."""
    return start(['pw-record', os.path.join(home.root, 'call.wav')],
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def daemon(name):
    path = os.path.join(home.root, name)
    log = open(path, 'w')
    p = start([MOVEBREAK, 'daemon', '--backend', 'none'], stdout=log, stderr=subprocess.STDOUT)
    return p, path


try:
    # No PipeWire yet: the source says why it is left out, and libpipewire is never loaded.
    write_config('true')
    d, log = daemon('daemon-0.log')
    wait_log(log, 'running;', 10, 'the daemon starts without PipeWire')
    check('do-not-disturb source calls not used: PipeWire is not running (no socket at '
          in open(log).read(), 'without PipeWire the log says why calls is left out',
          open(log).read())
    with open(f'/proc/{d.pid}/maps') as f:
        check('libpipewire' not in f.read(), 'without PipeWire the library is not mapped')
    d.send_signal(signal.SIGTERM)
    check(d.wait(timeout=10) == 0, 'SIGTERM: exit 0')

    pw = start(['pipewire'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while subprocess.run(['pw-cli', 'info', '0'], env=env, capture_output=True,
                         timeout=10).returncode != 0:
        if time.monotonic() > deadline or pw.poll() is not None:
            print('SKIP: pipewire did not start here')
            cleanup()
            sys.exit(77)
        time.sleep(0.1)

    # A call is already going when the daemon starts.
    write_config('true')
    call = record()
    time.sleep(0.5)
    d, log = daemon('daemon-1.log')
    wait_log(log, 'do-not-disturb source: calls (on)', 10,
             'the daemon sees the capture stream at start')
    tasks = os.listdir(f'/proc/{d.pid}/task')
    check(len(tasks) == 1, 'with PipeWire watched the daemon still runs one thread',
          f'threads: {len(tasks)}')
    wait_for(lambda st: st['state'] == 'held', 10, 'during the call the due break is held')
    time.sleep(1.5)
    check(status()['state'] == 'held', 'still held a while later: no prompt during a call')
    call.terminate()
    call.wait()
    wait_for(lambda st: st['state'] == 'prompt', 10, 'the call ends: the prompt is given')
    text = wait_log(log, 'do not disturb: calls off', 5, 'the log says the call ended')
    check('do not disturb: calls on' not in text or
          text.index('do not disturb: calls on') < text.index('do not disturb: calls off'),
          'the log has the call on before off')

    # A new call while the daemon runs is seen as it starts.
    r = home.run('skip', env=env, timeout=20)
    check(r.returncode == 0, 'skip answers the prompt', r.stderr)
    call = record()
    wait_log(log, 'do not disturb: calls on\n', 10, 'a call that starts later is seen')
    call.terminate()
    call.wait()
    d.send_signal(signal.SIGTERM)
    check(d.wait(timeout=10) == 0, 'SIGTERM: exit 0')

    # Switched off in the config: the daemon does not watch PipeWire at all.
    write_config('off')
    call = record()
    time.sleep(0.5)
    d, log = daemon('daemon-2.log')
    wait_log(log, 'do-not-disturb source calls: off in the config', 10,
             'dnd.calls = off: the log says the source is off')
    wait_for(lambda st: st['state'] == 'prompt', 10,
             'dnd.calls = off: a call does not hold the prompt')
    call.terminate()
    call.wait()

    # Switched back on by SIGHUP: the source opens and sees a new call.
    write_config('yes')
    d.send_signal(signal.SIGHUP)
    wait_log(log, 'do-not-disturb source: calls\n', 10, 'SIGHUP with calls = yes opens the source')
    call = record()
    wait_log(log, 'do not disturb: calls on', 10, 'the reopened source sees a call')
    call.terminate()
    call.wait()
    d.send_signal(signal.SIGTERM)
    check(d.wait(timeout=10) == 0, 'SIGTERM: exit 0')
finally:
    cleanup()
done()
