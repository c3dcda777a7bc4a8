#!/usr/bin/env python3
"""End to end: a break taken by hand while the daemon runs is that break to the daemon.

The real daemon on a private bus counts every second as active (backend none) and wants a
movement break every 10 s. `movebreak now --gui` (the window, under Xvfb) and `movebreak now
--plain` each run a real 8-second break beside it: the daemon prompts nothing meanwhile, shows
the break as under way, restarts the timer, and counts the completed break once. A coach that
is killed mid-break leaves no ghost: the daemon hears it leave the bus and ends the break.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import mbtest
from mbtest import Home, MOVEBREAK, SOURCE_ROOT, check, done

gui = os.path.join(os.path.dirname(MOVEBREAK), 'movebreak-gui')
missing = [t for t in ('Xvfb', 'dbus-daemon') if not shutil.which(t)]
if missing or not os.access(gui, os.X_OK):
    print(f'SKIP: needs {" ".join(missing) or gui}')
    sys.exit(77)

procs = []
home = Home()
mbtest.write_short_routines(home.config, seconds=8)
display = mbtest.start_xvfb(procs, '1000x700')
address = mbtest.start_session_bus(procs)
supp = os.path.join(SOURCE_ROOT, 'tests', 'data', 'lsan-gui.supp')
env = home.env(DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=address, GSK_RENDERER='cairo',
               GDK_DEBUG='gl-disable', GTK_A11Y='none',
               LSAN_OPTIONS=f'suppressions={supp},print_suppressions=0')
env.pop('WAYLAND_DISPLAY', None)
config = os.path.join(home.root, 'config.ini')
with open(config, 'w') as f:
    f.write('[movement]\nevery = 10s\n[micro]\nevery = 0\n[prompt]\nlull = 0\n'
            'break_command = true\n')
log_path = os.path.join(home.root, 'daemon.log')


def mb(*args, timeout=30):
    return subprocess.run([MOVEBREAK, *args], env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def status():
    r = mb('status', '--json')
    return json.loads(r.stdout) if r.returncode == 0 else {}


def log():
    with open(log_path) as f:
        return f.read()


def prompts():
    return log().count('prompt: movement break')


def run_beside(args, what):
    """Run a coach of an 8 s break a second after the last prompt; watch the daemon meanwhile."""
    before = prompts()
    coach = subprocess.Popen([MOVEBREAK, 'now', *args], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    states = set()
    deadline = time.monotonic() + 60
    while coach.poll() is None and time.monotonic() < deadline:
        st = status()
        if st:
            states.add(st['state'])
        time.sleep(0.3)
    out, err = coach.communicate(timeout=30)
    check(coach.returncode == 0 and 'Break complete' in out, f'{what}: the break runs to its end',
          out + err)
    check('break' in states and 'prompt' not in states,
          f'{what}: the daemon shows the break under way and prompts nothing meanwhile',
          str(states))
    check(prompts() == before, f'{what}: no prompt came during the break', log())
    st = status()
    check(st.get('state') in ('active', 'idle') and st.get('next_break_in_s', 0) >= 5,
          f'{what}: after it the timer starts again from the full interval', str(st))
    return st


try:
    daemon = subprocess.Popen([MOVEBREAK, 'daemon', '--config', config, '--backend', 'none'],
                              env=env, stdin=subprocess.DEVNULL, stdout=open(log_path, 'w'),
                              stderr=subprocess.STDOUT)
    procs.append(daemon)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not status():
        time.sleep(0.1)
    check(bool(status()), 'the daemon answers')

    st = run_beside(['--gui'], 'the window')
    check(st['breaks_today'] == 1, 'the window\'s completed break counts once', str(st))
    st = run_beside(['--plain'], 'the plain coach')
    check(st['breaks_today'] == 2, 'and the plain coach\'s too', str(st))

    # Killed mid-break, a coach says nothing; the daemon sees it leave the bus.
    coach = subprocess.Popen([MOVEBREAK, 'now', '--plain'], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    coach.stdout.readline()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and status().get('state') != 'break':
        time.sleep(0.1)
    check(status().get('state') == 'break', 'a third coach: the break is under way')
    coach.kill()
    coach.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and status().get('state') == 'break':
        time.sleep(0.1)
    st = status()
    check(st.get('state') != 'break' and 'left without ending it' in log(),
          'a coach killed mid-break leaves no ghost of it', str(st) + '\n' + log())
    check(st['breaks_today'] == 2, 'and its break is not counted', str(st))
finally:
    mbtest.kill_all(procs)
done()
