#!/usr/bin/env python3
"""End to end: a --minutes a routine cannot fit is said on stderr, once, by every command.

shoulder-reset runs 3m08s to 4m38s and micro-reset always 29 s. Within a tenth of the time asked
is "about M minutes" and says nothing (so `--minutes 3` and `5` stay quiet, as the README
promises them); `--minutes 2` and `10` say what the break runs instead. `now`, `plan`, the
window, `--voice-out` and `render` share the one message.
"""
import json
import os
import re
import shutil
import subprocess
import time

import mbtest
from mbtest import MOVEBREAK, SOURCE_ROOT, Home, check, done

home = Home()
exact = json.loads(home.run('plan', '--json').stdout)


def fmt(s):
    """A length as movebreak writes it: 3m08s, 29s, 4m."""
    s = int(s + 0.5)
    if s < 60:
        return f'{s}s'
    return f'{s // 60}m{s % 60:02d}s' if s % 60 else f'{s // 60}m'


LO, HI = fmt(exact['min_s']), fmt(exact['max_s'])
SHORT = f'shoulder-reset runs {LO} to {HI}; --minutes 2 gives its shortest, {LO}'
LONG = f'shoulder-reset runs {LO} to {HI}; --minutes 10 gives its longest, {HI}'


def lines(text):
    return [line for line in text.splitlines() if line.strip()]


# ---- plan: the table and the JSON ----
for minutes, want, total in (('2', SHORT, 'min_s'), ('10', LONG, 'max_s')):
    r = home.run('plan', '--minutes', minutes)
    check(r.returncode == 0 and lines(r.stderr) == [f'movebreak plan: {want}'],
          f'plan --minutes {minutes} says on stderr what it fits instead', r.stderr)
    r = home.run('plan', '--minutes', minutes, '--json')
    p = json.loads(r.stdout)
    check(r.returncode == 0 and lines(r.stderr) == [f'movebreak plan: {want}'] and
          p['total_s'] == p[total], f'plan --minutes {minutes} --json: the same line, and the '
          f'JSON on stdout is the {"shortest" if total == "min_s" else "longest"} break',
          r.stderr)

for args in ([], ['--minutes', '3'], ['--minutes', '4'], ['--minutes', '5'], ['--minutes', '4.5'],
             ['micro-reset'], ['micro-reset', '--minutes', '0.5']):
    r = home.run('plan', *args)
    check(r.returncode == 0 and r.stderr == '',
          f'plan {" ".join(args) or "(default)"}: within a tenth, or not asked: nothing said',
          r.stderr)

r = home.run('plan', 'micro-reset', '--minutes', '2')
check(lines(r.stderr) == ['movebreak plan: micro-reset always runs 29s; '
                          '--minutes 2 cannot change that'],
      'a routine of one length says it always runs that', r.stderr)

# ---- now, coaching in plain lines ----
r = home.run('now', '--minutes', '2', '--plain', '--no-record', '--time-scale', '1000')
check(r.returncode == 0 and lines(r.stderr) == [f'movebreak now: {SHORT}'] and
      r.stdout.startswith(f'movebreak: Shoulder reset, {LO}, '),
      'now --minutes 2 says it once and coaches the shortest break', r.stderr + r.stdout)
r = home.run('now', 'micro-reset', '--plain', '--no-record', '--time-scale', '1000')
check(r.returncode == 0 and r.stderr == '',
      'now micro-reset without --minutes says nothing of the default 4 minutes', r.stderr)

gui = os.path.join(os.path.dirname(MOVEBREAK), 'movebreak-gui')
if not os.access(gui, os.X_OK):
    print(f'SKIP: {gui} is not built; --voice-out, render and the window are not checked')
    done()
    raise SystemExit(0)

# ---- the voice: the track, and the live speaker `now` starts (which must not say it again)
wav = os.path.join(home.root, 'break.wav')
r = home.run('now', '--minutes', '10', '--voice-out', wav)
check(r.returncode == 0 and lines(r.stderr) == [f'movebreak now: {LONG}'] and
      f'{HI}' in r.stdout, 'now --voice-out with --minutes 10 says it once and writes the longest',
      r.stderr + r.stdout)
r = home.run('now', 'micro-reset', '--voice-out', wav)
check(r.returncode == 0 and r.stderr == '', 'now micro-reset --voice-out alone says nothing',
      r.stderr)
log = os.path.join(home.root, 'speech.log')
r = home.run('now', '--minutes', '2', '--voice', '--plain', '--no-record', '--time-scale', '500',
             env=home.env(MOVEBREAK_SPEECH_LOG=log))
check(r.returncode == 0 and lines(r.stderr) == [f'movebreak now: {SHORT}'],
      'now --voice --minutes 2: said once, not again by the speaker', r.stderr)

# ---- render ----
png = os.path.join(home.root, 'figure.png')
r = home.run('render', '--minutes', '10', '--out', png)
check(r.returncode == 0 and lines(r.stderr) == [f'movebreak render: {LONG}'] and
      os.path.getsize(png) > 0, 'render --minutes 10 says it and draws', r.stderr)

# ---- the window ----
missing = [t for t in ('Xvfb', 'dbus-daemon') if not shutil.which(t)]
if missing:
    print(f'SKIP: not installed: {" ".join(missing)}; the window is not checked')
    done()
    raise SystemExit(0)
procs = []
try:
    display = mbtest.start_xvfb(procs, '1000x760')
    if not display:
        print('SKIP: Xvfb did not start; the window is not checked')
        done()
        raise SystemExit(0)
    address = mbtest.start_session_bus(procs)
    supp = os.path.join(SOURCE_ROOT, 'tests', 'data', 'lsan-gui.supp')
    env = home.env(DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=address, GSK_RENDERER='cairo',
                   GDK_DEBUG='gl-disable', GTK_A11Y='none',
                   LSAN_OPTIONS=f'suppressions={supp},print_suppressions=0')
    env.pop('WAYLAND_DISPLAY', None)
    # At this speed the break is over at once; the closing screen then closes the window.
    r = home.run('now', '--gui', '--minutes', '2', '--no-record', '--time-scale', '1000',
                 env=env, timeout=60)
    said = [line for line in lines(r.stderr) if 'runs' in line]
    check(r.returncode == 0 and said == [f'movebreak now: {SHORT}'],
          'the window with --minutes 2 says it once on stderr', r.stderr)
finally:
    mbtest.kill_all(procs)
done()
