#!/usr/bin/env python3
"""End to end: what one prompt costs the history: at most 2 SELECTs and 1 INSERT.

The real daemon on a private bus, with a challenge under way and a streak to tell, prompts
every few seconds; MOVEBREAK_SQL_TRACE makes the store print every statement it runs. Between
prompts another program writes a row, so the prompt reads the challenge and the streak again
(its 2 SELECTs); otherwise it reads nothing.
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import mbtest
from mbtest import Home, MOVEBREAK, check, done

if not shutil.which('dbus-daemon'):
    print('SKIP: dbus-daemon is not installed')
    sys.exit(77)

procs = []
home = Home()
address = mbtest.start_session_bus(procs)
env = home.env(DBUS_SESSION_BUS_ADDRESS=address)
env.pop('DISPLAY', None)
env.pop('MOVEBREAK_TODAY', None)
config = os.path.join(home.root, 'config.ini')
with open(config, 'w') as f:
    f.write('[movement]\nevery = 2s\n[micro]\nevery = 0\n[prompt]\nlull = 0\nremind = 0\n'
            'break_command = true\n')
log_path = os.path.join(home.root, 'daemon.log')


def mb(*args):
    return subprocess.run([MOVEBREAK, *args], env=env, capture_output=True, text=True,
                          timeout=30, stdin=subprocess.DEVNULL)


def prompt_costs(text):
    """For each prompt, the statements the daemon ran for it: those up to the next log line."""
    costs, current = [], None
    for line in text.splitlines():
        if line.startswith('movebreak daemon: prompt: '):
            current = []
            costs.append(current)
        elif line.startswith('movebreak: sql: '):
            if current is not None:
                current.append(line[len('movebreak: sql: '):])
        elif current is not None:
            current = None
    return costs


try:
    r = mb('challenge', 'start', '--on', 'today', '--goal', '3')
    check(r.returncode == 0, 'a challenge starts today', r.stderr)
    denv = dict(env, MOVEBREAK_SQL_TRACE='1')
    daemon = subprocess.Popen([MOVEBREAK, 'daemon', '--config', config, '--backend', 'none'],
                              env=denv, stdin=subprocess.DEVNULL, stdout=open(log_path, 'w'),
                              stderr=subprocess.STDOUT)
    procs.append(daemon)
    # Each prompt is skipped, so another comes two seconds later.
    seen = answered = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and seen < 6:
        with open(log_path) as f:
            seen = f.read().count('prompt: movement break')
        if seen > answered:
            answered = seen
            mb('skip')
        if seen == 3 and answered == 3:
            # Another program writes to the history: the next prompt reads it again.
            with sqlite3.connect(home.db) as c:
                now = int(time.time() * 1e6)
                c.execute('INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,'
                          ' exercises_done, exercises_total, outcome, source, kind)'
                          " VALUES (?, ?, 1, 1, 'shoulder-reset', 5, 5, 'completed', 'manual',"
                          " 'movement')", (now, now + 1))
        time.sleep(0.3)
    check(seen >= 6, f'the daemon prompted again and again ({seen} prompts)')
    daemon.terminate()
    daemon.wait(10)
    with open(log_path) as f:
        text = f.read()
    costs = prompt_costs(text)
    check(len(costs) >= 6, f'each prompt\'s statements are in the log ({len(costs)})', text)
    for i, stmts in enumerate(costs):
        selects = sum(s.lstrip().upper().startswith('SELECT') for s in stmts)
        inserts = sum(s.lstrip().upper().startswith('INSERT') for s in stmts)
        check(selects <= 2 and inserts == 1,
              f'prompt {i + 1}: {selects} SELECT and {inserts} INSERT', '\n'.join(stmts))
    reads = [sum(s.lstrip().upper().startswith('SELECT') for s in c) for c in costs]
    check(reads[0] == 2 and 0 in reads[1:3] and 2 in reads[3:],
          'the challenge and streak are read once, and again after another program wrote',
          str(reads))
finally:
    mbtest.kill_all(procs)
done()
