#!/usr/bin/python3
"""A challenge that follows a program, end to end: challenge start --program, the day's routine
coached by now --plain and recorded, the next one offered after it, challenge status, and the
daemon's prompt and break command on a private bus with a mocked notification server.

The program's routines are short user routines named as the built-ins are (the user's folder
hides a built-in), so real breaks at time scale 1 take a second and count.
"""
import datetime
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

import mbtest

MOVEBREAK = os.environ.get('MOVEBREAK') or sys.exit('MOVEBREAK is not set')
SOURCE_ROOT = os.environ.get('MB_SOURCE_ROOT') or sys.exit('MB_SOURCE_ROOT is not set')
BUS_CONFIG = os.path.join(SOURCE_ROOT, 'tests', 'data', 'dbus', 'bare-session.conf')
NOTIFY = 'org.freedesktop.Notifications'
NOTIFY_PATH = '/org/freedesktop/Notifications'
DAEMON = 'io.github.movebreak.Daemon'
TITLES = {'shoulder-reset': 'Shoulder reset', 'micro-reset': 'Micro reset',
          'neck-release': 'Neck release', 'wrist-care': 'Wrists and forearms',
          'chest-opener': 'Chest opener', 'upper-back-extension': 'Upper-back extension',
          'seated-twist': 'Seated spine twist', 'hip-opener': 'Standing hip-flexor stretch',
          'leg-pump': 'Legs and circulation', 'eye-rest': 'Eye rest',
          'breathing-reset': 'Breathing reset', 'posture-reset': 'Posture reset'}

checks = 0
children = []
tmp = tempfile.TemporaryDirectory(prefix='mb-e2e-')
home = tmp.name
log_path = os.path.join(home, 'daemon.log')


def check(cond, what, detail=''):
    global checks
    if not cond:
        print(f'FAIL: {what}')
        if detail:
            print(detail)
        if os.path.exists(log_path):
            with open(log_path) as f:
                print(f'--- daemon log\n{f.read()}')
        sys.exit(1)
    checks += 1
    print(f'ok: {what}')


wait_until = mbtest.wait_until


env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(home, 'config'),
           XDG_DATA_HOME=os.path.join(home, 'data'), HOME=home)
for k in ('DISPLAY', 'WAYLAND_DISPLAY', 'MOVEBREAK_TODAY', 'MOVEBREAK_ROUTINE', 'MOVEBREAK_BREAK'):
    env.pop(k, None)
db = os.path.join(home, 'data', 'movebreak', 'history.db')
folder = os.path.join(home, 'config', 'movebreak', 'routines')
os.makedirs(folder)
# posture-reset (day 5's first) holds 1-3 s, 3 s at any dose of a minute or more, so a break
# planned at it differs from one planned at shoulder-reset, the configured routine.
for name, title in TITLES.items():
    hold = '1-3s' if name == 'posture-reset' else '1s'
    with open(os.path.join(folder, name + '.yaml'), 'w') as f:
        f.write(f'name: {name}\ntitle: {title}\nexercises:\n  - title: One hold\n'
                f'    prepare: 0s\n    steps:\n      - hold: Stay tall\n        time: {hold}\n')


def run(*args, **kw):
    return subprocess.run([MOVEBREAK, *args], env=kw.pop('env', env), capture_output=True,
                          text=True, timeout=30, stdin=subprocess.DEVNULL, **kw)


def rows():
    with sqlite3.connect(db) as c:
        return c.execute('SELECT routine, outcome, demo, kind FROM breaks ORDER BY id').fetchall()


desk = json.loads(run('programs', 'show', 'desk-30', '--json').stdout)['days']

r = run('challenge', 'start', '--program', 'desk-30', '--on', 'today')
check(r.returncode == 0 and 'Challenge: 30 days from' in r.stdout and '3 movement breaks' in r.stdout
      and 'Program: desk-30 (Desk 30: a month of movement breaks)' in r.stdout,
      'challenge start --program desk-30: 30 days from the program, the goal as given', r.stdout)
check('not installed' not in r.stderr, 'every routine desk-30 names is installed here', r.stderr)
with sqlite3.connect(db) as c:
    got = c.execute('SELECT days, goal, program FROM challenges').fetchall()
check(got == [(30, 3, 'desk-30')], 'the history keeps the program the challenge follows', got)
r = run('challenge', 'start', '--program', 'desk-30', '--days', '10', '--force')
check(r.returncode == 2 and 'lasts 30 days' in r.stderr, '--days against the program exits 2',
      r.stderr)
r = run('challenge', 'start', '--program', 'nosuch', '--force')
check(r.returncode == 2 and "no program named 'nosuch'" in r.stderr, 'an unknown program exits 2')

day1 = desk[0]['routines']
r = run('now', '--plain')
first = r.stdout.splitlines()[0] if r.stdout else ''
check(r.returncode == 0 and first.startswith(f'movebreak: Day 1 of 30 \u00b7 {TITLES[day1[0]]},'),
      "now coaches the day's first routine under a 'Day 1 of 30' title", r.stdout + r.stderr)
check('Recorded.' in r.stdout and '--minutes' not in r.stderr,
      "the break is recorded, and the day's minutes fit quietly", r.stdout + r.stderr)
check(rows() == [(day1[0], 'completed', 0, 'movement')],
      'the history keeps the routine that ran, completed, as a real movement break', rows())

st = json.loads(run('challenge', 'status', '--json').stdout)['challenge']
check(st['program'] == 'desk-30' and st['today']['day'] == 1 and
      st['today']['minutes'] == desk[0]['minutes'] and st['today']['done'] == [day1[0]] and
      st['today']['next'] == day1[1] and
      [x['done'] for x in st['today']['routines']] == [True, False, False],
      "status --json: the day's plan, what was done, and the next routine", json.dumps(st))
r = run('challenge', 'status')
check("Today's plan (day 1 of 30)" in r.stdout and f'done  {day1[0]}' in r.stdout and
      f'next  {day1[1]}' in r.stdout and f'Done today: {day1[0]}' in r.stdout,
      "status shows the day's plan and what was done today", r.stdout)

r = run('now', '--plain')
check(r.stdout.startswith(f'movebreak: Day 1 of 30 \u00b7 {TITLES[day1[1]]},') and
      rows()[-1][:2] == (day1[1], 'completed'),
      'the next break coaches and records the next routine of the day', r.stdout)

# A routine named on the command line wins, and leaves the day's plan where it was.
r = run('now', '--plain', 'micro-reset')
check(r.stdout.startswith('movebreak: Micro reset,') and rows()[-1][0] == 'micro-reset',
      'an explicit routine still wins, without the day line', r.stdout)
# A demo counts for nothing: the plan does not move on.
r = run('now', '--plain', '--time-scale', '4')
check(r.stdout.startswith(f'movebreak: Day 1 of 30 \u00b7 {TITLES[day1[2]]},'), 'a demo runs the next')
st = json.loads(run('challenge', 'status', '--json').stdout)['challenge']
check(st['today']['next'] == day1[2] and st['today']['done'] == day1[:2],
      'neither the explicit routine nor the demo moved the plan on', json.dumps(st['today']))

# Day 5: a challenge started four days ago.
start = (datetime.date.today() - datetime.timedelta(days=4)).isoformat()
r = run('challenge', 'start', '--program', 'desk-30', '--on', start, '--force')
check(r.returncode == 0 and 'today is day 5' in r.stdout, 'a challenge four days old is on day 5',
      r.stdout + r.stderr)
day5 = desk[4]['routines']
r = run('now', '--plain', '--no-record')
check(r.stdout.startswith(f'movebreak: Day 5 of 30 \u00b7 {TITLES[day5[0]]},'),
      "day 5 offers day 5's first routine", r.stdout)

# Export and import keep the program a challenge follows.
r = run('export')
doc = json.loads(r.stdout)
check(r.returncode == 0 and [c.get('program') for c in doc['challenges']] == ['desk-30', 'desk-30'],
      'export writes the program of each challenge', r.stdout[-400:])
other = tempfile.TemporaryDirectory(prefix='mb-e2e-')
other_env = dict(env, XDG_DATA_HOME=os.path.join(other.name, 'data'))
dump = os.path.join(home, 'export.json')
with open(dump, 'w') as f:
    f.write(r.stdout)
r = run('import', dump, env=other_env)
with sqlite3.connect(os.path.join(other.name, 'data', 'movebreak', 'history.db')) as c:
    got = c.execute('SELECT program FROM challenges ORDER BY id').fetchall()
check(r.returncode == 0 and got == [('desk-30',), ('desk-30',)],
      'import keeps the program', r.stderr + repr(got))

# The daemon: its prompt says the day and routine, its break command gets the routine.
try:
    import dbus
    import dbusmock  # noqa: F401 (only checked for)
except ImportError:
    print('SKIP: python3-dbusmock is not installed; the daemon part is left out')
    print(f'{checks} checks passed')
    sys.exit(77)

bus_proc = subprocess.Popen(['dbus-daemon', '--config-file=' + BUS_CONFIG, '--nofork',
                             '--print-address=1'], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
children.append(bus_proc)
address = bus_proc.stdout.readline().strip()
conn = dbus.bus.BusConnection(address)
env.update(DBUS_SESSION_BUS_ADDRESS=address, DBUS_SYSTEM_BUS_ADDRESS=address)
ran = os.path.join(home, 'ran.txt')
try:
    server_proc = subprocess.Popen(['/usr/bin/python3', '-m', 'dbusmock', '--template',
                                    'notification_daemon'], env=env,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
    children.append(server_proc)
    check(wait_until(lambda: conn.name_has_owner(NOTIFY), 20), 'the notification mock is up')
    server = dbus.Interface(conn.get_object(NOTIFY, NOTIFY_PATH), 'org.freedesktop.DBus.Mock')
    config = os.path.join(home, 'config.ini')
    with open(config, 'w') as f:
        f.write('[movement]\nevery = 2s\n[micro]\nevery = 0\n[prompt]\nlull = 0\nremind = 2s\n'
                f'break_command = echo "$MOVEBREAK_BREAK $MOVEBREAK_ROUTINE" >> {ran}\n')
    log = open(log_path, 'w')
    daemon = subprocess.Popen([MOVEBREAK, 'daemon', '--config', config, '--backend', 'none'],
                              env=env, stdin=subprocess.DEVNULL, stdout=log,
                              stderr=subprocess.STDOUT)
    children.append(daemon)
    check(wait_until(lambda: conn.name_has_owner(DAEMON), 10), 'the daemon owns its name')

    def bodies():
        return [str(c[2][4]) for c in server.GetCalls() if str(c[1]) == 'Notify' and
                str(c[2][0]) == 'movebreak']

    offer = f'Day 5 of 30 \u00b7 {TITLES[day5[0]]}'
    check(wait_until(lambda: any(b.startswith(offer + ' \u00b7 ') for b in bodies()), 15),
          f'the prompt offers "{offer}"', repr(bodies()[-2:]))
    with sqlite3.connect(db) as c:
        prompted = c.execute("SELECT routine FROM breaks WHERE outcome = 'prompted'").fetchall()
    check(wait_until(lambda: (day5[0],) in sqlite3.connect(db).execute(
        "SELECT routine FROM breaks WHERE outcome IN ('prompted', 'started')").fetchall(), 10) or
          (day5[0],) in prompted, "the daemon's prompt rows name the program's routine")
    # ... and plan the break at that routine and the day's minutes, not at the default one.
    plan = json.loads(run('plan', day5[0], '--minutes', str(desk[4]['minutes']), '--json').stdout)
    with sqlite3.connect(db) as c:
        planned = c.execute("SELECT planned_us FROM breaks WHERE outcome = 'prompted' AND"
                            " routine = ? ORDER BY id LIMIT 1", (day5[0],)).fetchone()
    check(planned is not None and plan['total_s'] == 3 and
          abs(planned[0] / 1e6 - plan['total_s']) < 0.5,
          f"the prompt row plans {day5[0]} at the day's {desk[4]['minutes']} minutes "
          f"({plan['total_s']} s)", repr(planned))
    r = run('break')
    check(r.returncode == 0, 'movebreak break starts the prompted break', r.stderr)
    check(wait_until(lambda: os.path.exists(ran) and open(ran).read().strip(), 10),
          'the break command ran')
    check(open(ran).read().split('\n')[0] == f'movement {day5[0]}',
          "the break command is told the day's routine in MOVEBREAK_ROUTINE", open(ran).read())
    # The coach the break command would start, told as the daemon tells it.
    coach = dict(env, MOVEBREAK_BREAK='movement', MOVEBREAK_ROUTINE=day5[0])
    r = run('now', '--plain', '--from-prompt', env=coach)
    check(r.stdout.startswith(f'movebreak: {offer},') and rows()[-1][:2] == (day5[0], 'completed'),
          "the prompted coach runs the day's routine and records it", r.stdout + r.stderr)
    nxt = f'Day 5 of 30 \u00b7 {TITLES[day5[1]]}'
    check(wait_until(lambda: any(b.startswith(nxt + ' \u00b7 ') for b in bodies()), 20),
          f'after it the prompt offers the next routine, "{nxt}"', repr(bodies()[-3:]))
finally:
    for p in reversed(children):
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
print(f'{checks} checks passed')
