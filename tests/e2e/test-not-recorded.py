#!/usr/bin/env python3
"""End to end: a break whose row cannot be written says "Not recorded" and the true reason.

Every coach (plain lines, the full-screen terminal coach under tmux, the window under
Xvfb) ends with the same summary; none of them may claim "Recorded." when the history is
read-only (as a user who is not root), is a directory, or has a newer schema.
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import mbtest
from mbtest import Home, MOVEBREAK, SOURCE_ROOT, check, done

NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups']
if not shutil.which('setpriv') or os.getuid() != 0:
    # As a user who is not root the read-only file is simply read-only.
    NOBODY = []


def count_rows(db):
    con = sqlite3.connect(f'file:{db}?mode=ro', uri=True)
    try:
        return con.execute('select count(*) from breaks').fetchone()[0]
    finally:
        con.close()


def run_as(home, args, user_prefix):
    env = home.env()
    return subprocess.run(user_prefix + [MOVEBREAK, *args], env=env, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)


def chown_tree(root, uid, gid):
    for dirpath, dirnames, filenames in os.walk(root):
        os.chown(dirpath, uid, gid)
        for name in filenames:
            os.chown(os.path.join(dirpath, name), uid, gid)


BREAK = ['now', 'micro-reset', '--plain', '--time-scale', '1000']

# ---- a read-only history file, as a user who is not root
home = Home()
r = home.run(*BREAK)
check(r.returncode == 0 and r.stdout.rstrip().endswith('Recorded.'), 'a first break is recorded',
      r.stdout + r.stderr)
os.chmod(home.db, 0o400)
if NOBODY:
    os.chmod(home.root, 0o755)
    chown_tree(home.root, 65534, 65534)
before = open(home.db, 'rb').read()
r = run_as(home, BREAK, NOBODY)
last = r.stdout.rstrip().splitlines()[-1] if r.stdout.strip() else ''
check(r.returncode == 0 and 'Break complete' in last, 'read-only: the break still runs', r.stderr)
check('Recorded.' not in last and 'Not recorded: ' in last,
      'read-only: the summary says Not recorded', last)
check('read-only' in last and 'file system' not in last,
      'read-only: it names the file, not the file system, as read-only', last)
check(home.db in last, 'read-only: it names the file', last)
check(open(home.db, 'rb').read() == before and count_rows(home.db) == 1,
      'read-only: the file is as it was')

# ---- a directory where the history should be
home = Home()
os.makedirs(home.db)
r = home.run(*BREAK)
last = r.stdout.rstrip().splitlines()[-1]
check(r.returncode == 0 and 'Not recorded: ' in last and 'directory' in last,
      'a directory at the path: Not recorded, and why', last)
check('will not be recorded' in r.stderr, 'and a warning before the break', r.stderr)

# ---- a history from a newer movebreak
home = Home()
os.makedirs(os.path.dirname(home.db))
con = sqlite3.connect(home.db)
con.execute('pragma user_version = 99')
con.execute('create table breaks (id integer primary key)')
con.commit()
con.close()
newer = home
r = home.run(*BREAK)
last = r.stdout.rstrip().splitlines()[-1]
check('Not recorded: ' in last and 'newer' in last, 'a newer schema: Not recorded, and why', last)

# ---- --no-record says nothing about the history
home = Home()
r = home.run(*BREAK, '--no-record')
last = r.stdout.rstrip().splitlines()[-1]
check('ecorded' not in last, '--no-record: the summary makes no claim', last)

# ---- the full-screen coach in tmux, on the read-only history
if not shutil.which('tmux'):
    print('SKIP: tmux is not installed')
    sys.exit(77)
home = Home()
r = home.run(*BREAK)
os.chmod(home.db, 0o400)
if NOBODY:
    os.chmod(home.root, 0o755)
    chown_tree(home.root, 65534, 65534)
sock = f'mb-nr-{os.getpid()}'
env_words = ' '.join(f'{k}={v}' for k, v in (('XDG_DATA_HOME', home.data),
                                              ('XDG_CONFIG_HOME', home.config),
                                              ('HOME', home.root), ('TERM', 'xterm-256color')))
command = (f"{' '.join(NOBODY)} env {env_words} {MOVEBREAK} now micro-reset --time-scale 50; "
           "sleep 30")
# The summary is printed after the coach leaves the screen; keep the pane to read it.
tm = ['tmux', '-L', sock]
try:
    subprocess.run(tm + ['new-session', '-d', '-x', '100', '-y', '30', command], check=True,
                   env=dict(os.environ, TMUX=''))
    screen = ''
    for _ in range(200):
        screen = subprocess.run(tm + ['capture-pane', '-p', '-J'], capture_output=True,
                                text=True).stdout
        if 'Break complete' in screen or 'Not recorded' in screen:
            break
        time.sleep(0.1)
    lines = [l for l in screen.splitlines() if 'Break complete' in l]
    check(lines and 'Not recorded: ' in lines[0] and 'read-only' in lines[0]
          and 'Recorded.' not in lines[0],
          'the terminal coach: Not recorded, and why', screen)
finally:
    subprocess.run(tm + ['kill-server'], capture_output=True)

# ---- the window on its own Xvfb, on the newer schema
gui = os.path.join(os.path.dirname(MOVEBREAK), 'movebreak-gui')
missing = [t for t in ('Xvfb', 'dbus-daemon') if not shutil.which(t)]
if missing or not os.access(gui, os.X_OK):
    print(f'SKIP: the window needs {" ".join(missing) or gui}')
    sys.exit(77)
procs = []
try:
    display = mbtest.start_xvfb(procs, '1000x700')
    check(display is not None, 'Xvfb starts')
    address = mbtest.start_session_bus(procs)
    supp = os.path.join(SOURCE_ROOT, 'tests', 'data', 'lsan-gui.supp')
    wenv = newer.env(DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=address, GSK_RENDERER='cairo',
                     GDK_DEBUG='gl-disable', GTK_A11Y='none',
                     LSAN_OPTIONS=f'suppressions={supp},print_suppressions=0')
    wenv.pop('WAYLAND_DISPLAY', None)
    r = subprocess.run([MOVEBREAK, 'now', 'micro-reset', '--gui', '--time-scale', '100'],
                       env=wenv, capture_output=True, text=True, timeout=120,
                       stdin=subprocess.DEVNULL)
    last = r.stdout.rstrip().splitlines()[-1] if r.stdout.strip() else ''
    check(r.returncode == 0 and 'Not recorded: ' in last and 'newer' in last,
          'the window: Not recorded, and why', r.stdout + r.stderr)
finally:
    mbtest.kill_all(procs)
done()
