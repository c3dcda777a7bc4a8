#!/usr/bin/python3
"""The break window on its own Xvfb: drawn, animated, paused by a key, recorded; no display falls back."""
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import mbtest
from mbtest import MOVEBREAK, SOURCE_ROOT, check, done

missing = [t for t in ('Xvfb', 'xdotool', 'import', 'convert', 'compare', 'dbus-daemon')
           if not shutil.which(t)]
if missing:
    print(f'SKIP: not installed: {" ".join(missing)}')
    sys.exit(77)
gui = os.path.join(os.path.dirname(MOVEBREAK), 'movebreak-gui')
if not os.access(gui, os.X_OK):
    print(f'SKIP: {gui} is not built')
    sys.exit(77)

SCALE = 20
home = mbtest.Home()
procs = []


def cleanup():
    mbtest.kill_all(procs)


def fail_with(what, detail=''):
    cleanup()
    check(False, what, detail)


def start_xvfb(size='1100x800'):
    display = mbtest.start_xvfb(procs, size)
    if not display:
        print('SKIP: Xvfb did not start')
        cleanup()
        sys.exit(77)
    return display


def start_bus():
    """A private session bus, so GLib neither autolaunches one nor talks to the host's."""
    return mbtest.start_session_bus(procs)


# ---- no display: a one-line explanation, then the terminal coach (plain, as stdout is a pipe)
env = home.env()
env.pop('DISPLAY', None)
env.pop('WAYLAND_DISPLAY', None)
r = home.run('now', '--gui', '--time-scale', '400', '--no-record', env=env)
check(r.returncode == 0, 'no display: the break still runs', r.stderr)
notes = [line for line in r.stderr.splitlines() if line.strip()]
check(len(notes) == 1 and 'no display' in notes[0], 'no display: one line on stderr says why',
      r.stderr)
check('Exercise 1 of 5' in r.stdout and 'Break complete' in r.stdout,
      'no display: the plain coach coached the break', r.stdout)

display = start_xvfb()
address = start_bus()
supp = os.path.join(SOURCE_ROOT, 'tests', 'data', 'lsan-gui.supp')
wenv = home.env(DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=address, GSK_RENDERER='cairo',
                GDK_DEBUG='gl-disable', GTK_A11Y='none',
                LSAN_OPTIONS=f'suppressions={supp},print_suppressions=0')
wenv.pop('WAYLAND_DISPLAY', None)
wenv.pop('GTK_THEME', None)
shots = os.path.join(home.root, 'shots')
os.makedirs(shots)


def x(*args, timeout=20):
    return subprocess.run(args, env=wenv, capture_output=True, text=True, timeout=timeout)


def shot(name):
    path = os.path.join(shots, name + '.png')
    r = x('import', '-window', 'root', path)
    if r.returncode != 0:
        fail_with(f'screenshot {name}', r.stderr)
    return path


def colours(path):
    return int(x('convert', path, '-format', '%k', 'info:').stdout.strip() or 0)


def mean(path):
    return float(x('convert', path, '-colorspace', 'Gray', '-format', '%[fx:mean]',
                   'info:').stdout.strip() or 0)


def differing_pixels(a, b):
    # compare prints the count on stderr and exits 1 when the images differ.
    r = x('compare', '-metric', 'AE', a, b, 'null:')
    return int(float(r.stderr.split()[0]))


def start_window(*args, env=None):
    p = subprocess.Popen([MOVEBREAK, 'now', '--gui', *args], env=env or wenv,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    procs.append(p)
    t0 = time.monotonic()
    r = x('xdotool', 'search', '--sync', '--onlyvisible', '--name', 'movebreak', timeout=30)
    if r.returncode != 0 or not r.stdout.split():
        p.kill()
        out, err = p.communicate()
        fail_with('the window appears', out + err)
    wid = r.stdout.split()[0]
    x('xdotool', 'windowfocus', '--sync', wid)
    return p, wid, t0


def key(name):
    r = x('xdotool', 'key', name)
    if r.returncode != 0:
        fail_with(f'xdotool key {name}', r.stderr)


# ---- a whole break at 20x: drawn, moving, paused by space, recorded
p, wid, t0 = start_window('--time-scale', str(SCALE))
time.sleep(1.5)
a = shot('running-1')
time.sleep(1.5)
b = shot('running-2')
check(colours(a) >= 50, f'the window is drawn ({colours(a)} distinct colours)')
check(differing_pixels(a, b) > 500, 'the window changes as the break goes on '
      f'({differing_pixels(a, b)} pixels changed in 1.5 s)')
key('space')
time.sleep(0.7)
c = shot('paused-1')
PAUSE_S = 3.0
time.sleep(PAUSE_S - 0.7)
d = shot('paused-2')
check(differing_pixels(c, d) == 0, 'while paused the window stays still')
check(differing_pixels(b, c) > 0, 'pausing shows on screen')
key('space')
try:
    out, err = p.communicate(timeout=240 / SCALE + 30)
except subprocess.TimeoutExpired:
    p.kill()
    out, err = p.communicate()
    fail_with('the break ends by itself', out + err)
elapsed = time.monotonic() - t0
check(p.returncode == 0, 'the window exits 0 after the break', err)
check(out.startswith('Break complete:') and out.strip().endswith('Recorded.'),
      'the same summary line as the terminal coach', out + err)

db = sqlite3.connect(home.db)
rows = db.execute('SELECT routine, outcome, source, active_us, planned_us, start_us, end_us,'
                  ' exercises_done, exercises_total FROM breaks ORDER BY id').fetchall()
check(len(rows) == 1, 'one break in the history', repr(rows))
routine, outcome, source, active_us, planned_us, start_us, end_us, done_n, total_n = rows[0]
check((routine, outcome, source) == ('shoulder-reset', 'completed', 'manual'),
      'recorded as a completed manual shoulder-reset', repr(rows[0]))
check(done_n == total_n == 5, 'all five exercises counted', repr(rows[0]))
paused_s = (end_us - start_us - active_us) / 1e6
check(paused_s >= PAUSE_S - 0.5, f'the pause made the break longer ({paused_s:.1f} s paused)')
check(abs(active_us / 1e6 - planned_us / 1e6 / SCALE) < 1.5,
      f'active time matches the plan at {SCALE}x ({active_us / 1e6:.1f} s)')
check(elapsed >= planned_us / 1e6 / SCALE + PAUSE_S - 0.5,
      f'the break took longer than planned by the pause ({elapsed:.1f} s)')
r = home.run('history', env=wenv)
check(r.returncode == 0 and 'shoulder-reset' in r.stdout, 'movebreak history lists it', r.stdout)

# ---- Escape asks first; yes ends the break, kept as partial
p, wid, t0 = start_window('--time-scale', '2')
time.sleep(1.0)
before = shot('before-escape')
key('Escape')
time.sleep(1.0)
asking = shot('asking')
check(p.poll() is None, 'Escape alone does not close the window')
check(differing_pixels(before, asking) > 500, 'Escape shows a question')
key('Return')
try:
    out, err = p.communicate(timeout=15)
except subprocess.TimeoutExpired:
    p.kill()
    out, err = p.communicate()
    fail_with('Return answers the question and ends the break', out + err)
check(p.returncode == 0 and out.startswith('Break ended early:') and 'partial' in out,
      'the break ended early, said so', out + err)
row = db.execute('SELECT outcome, exercises_done FROM breaks ORDER BY id DESC LIMIT 1').fetchone()
check(row == ('partial', 0), 'and is recorded as partial', repr(row))

# ---- killed mid-break: still recorded
p, wid, t0 = start_window('--time-scale', '2', '--from-prompt')
time.sleep(1.0)
p.terminate()
out, err = p.communicate(timeout=15)
check(p.returncode == 0 and out.startswith('Break ended early:'), 'SIGTERM ends it early', out + err)
row = db.execute('SELECT outcome, source FROM breaks ORDER BY id DESC LIMIT 1').fetchone()
check(row == ('partial', 'prompt'), 'recorded as partial, started from a prompt', repr(row))

# ---- hidden (the frame clock stops): the break still moves on and ends on time
p, wid, t0 = start_window('--time-scale', '40', '--no-record')
time.sleep(0.5)
x('xdotool', 'windowunmap', wid)
try:
    out, err = p.communicate(timeout=30)
except subprocess.TimeoutExpired:
    p.kill()
    out, err = p.communicate()
    fail_with('a hidden window still ends its break', out + err)
elapsed = time.monotonic() - t0
check(out.startswith('Break complete:') and elapsed < 240 / 40 + 3 + 4,
      f'a hidden window still ends its break on time ({elapsed:.1f} s)', out + err)

# ---- the theme: a dark preference gives a dark window, the default a light one
light = mean(a)
p, wid, t0 = start_window('--time-scale', '2', '--no-record',
                          env=dict(wenv, GTK_THEME='Adwaita:dark'))
time.sleep(1.0)
dark = mean(shot('dark'))
p.terminate()
p.communicate(timeout=15)
check(light > 0.6 and dark < 0.4, f'the window follows the theme (light {light:.2f}, dark {dark:.2f})')

# ---- the desktop's scale: GDK_SCALE=2 draws the same logical window at twice the pixels
def geometry(wid):
    r = x('xdotool', 'getwindowgeometry', wid)
    size = [line.split()[-1] for line in r.stdout.splitlines() if 'Geometry' in line]
    return tuple(int(n) for n in size[0].split('x')) if size else (0, 0)


# A screen with room for the doubled window, so nothing clamps it.
wenv_main = wenv
wenv = dict(wenv, DISPLAY=start_xvfb('2400x1800'))
sizes = {}
for scale in ('1', '2'):
    p, wid, t0 = start_window('--time-scale', '2', '--no-record', env=dict(wenv, GDK_SCALE=scale))
    time.sleep(0.5)
    sizes[scale] = geometry(wid)
    p.terminate()
    p.communicate(timeout=15)
wenv = wenv_main
check(sizes['1'][0] > 0 and sizes['2'] == (2 * sizes['1'][0], 2 * sizes['1'][1]),
      f'GDK_SCALE=2 doubles the window in pixels ({sizes})')

# ---- --voice: the window tells the voice every cue (the fake speech logs what it would say)
log = os.path.join(home.root, 'speech.log')
p, wid, t0 = start_window('--time-scale', '40', '--no-record', '--voice',
                          env=dict(wenv, MOVEBREAK_SPEECH_LOG=log))
out, err = p.communicate(timeout=60)
said = open(log).read() if os.path.exists(log) else ''
check(p.returncode == 0 and out.startswith('Break complete:'), 'a voiced window break completes',
      out + err)
check('render Shoulder-blade awareness' in said and 'render Well done' in said,
      'the voice said the first exercise and the closing words', said[:2000])
r = subprocess.run([MOVEBREAK, 'now', '--gui', '--voice=no-such-voice', '--no-record'],
                   env=wenv, capture_output=True, text=True, timeout=30)
check(r.returncode == 2 and 'no-such-voice' in r.stderr, 'an unknown voice is bad usage (exit 2)',
      r.stderr)

# ---- the settings portal's colour scheme, as GNOME and KDE publish it: read, then followed live
import dbus  # noqa: E402  (python3-dbusmock brings it; both are in tools/deps.sh)
PORTAL = ('org.freedesktop.portal.Desktop', '/org/freedesktop/portal/desktop',
          'org.freedesktop.portal.Settings')
mock = subprocess.Popen([sys.executable, '-m', 'dbusmock', *PORTAL], env=wenv,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
procs.append(mock)
bus = dbus.bus.BusConnection(address)
for _ in range(100):
    if bus.name_has_owner(PORTAL[0]):
        break
    time.sleep(0.1)
portal = bus.get_object(PORTAL[0], PORTAL[1])
# Read answers a variant in a variant, as xdg-desktop-portal does; 1 prefers dark.
portal.AddMethod(PORTAL[2], 'Read', 'ss', 'v', 'ret = dbus.UInt32(1, variant_level=2)',
                 dbus_interface='org.freedesktop.DBus.Mock')
p, wid, t0 = start_window('--time-scale', '2', '--no-record')
time.sleep(1.0)
portal_dark = mean(shot('portal-dark'))
portal.EmitSignal(PORTAL[2], 'SettingChanged', 'ssv',
                  ['org.freedesktop.appearance', 'color-scheme', dbus.UInt32(2)],
                  dbus_interface='org.freedesktop.DBus.Mock')
time.sleep(1.0)
portal_light = mean(shot('portal-light'))
p.terminate()
p.communicate(timeout=15)
check(portal_dark < 0.4, f'the portal preferring dark gives a dark window ({portal_dark:.2f})')
check(portal_light > 0.6, f'switching it to light turns the window light ({portal_light:.2f})')

# ---- postpone: only for a break from a prompt; it asks the daemon (mocked here) and closes
DAEMON = ('io.github.movebreak.Daemon', '/io/github/movebreak/Daemon', 'io.github.movebreak.Daemon1')
p, wid, t0 = start_window('--time-scale', '2', '--from-prompt')
key('l')
time.sleep(1.0)
check(p.poll() is None, 'with no daemon to ask, postpone leaves the break running')
p.terminate()
out, err = p.communicate(timeout=15)
check('Could not postpone' in err, 'and says why', err)
mock = subprocess.Popen([sys.executable, '-m', 'dbusmock', *DAEMON], env=wenv,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
procs.append(mock)
for _ in range(100):
    if bus.name_has_owner(DAEMON[0]):
        break
    time.sleep(0.1)
daemon = bus.get_object(DAEMON[0], DAEMON[1])
daemon.AddMethod(DAEMON[2], 'Postpone', 'u', '', '', dbus_interface='org.freedesktop.DBus.Mock')
p, wid, t0 = start_window('--time-scale', '2')
key('l')
time.sleep(1.0)
check(p.poll() is None, 'without --from-prompt there is nothing to postpone')
p.terminate()
p.communicate(timeout=15)
rows_before = db.execute('SELECT COUNT(*) FROM breaks').fetchone()[0]
p, wid, t0 = start_window('--time-scale', '2', '--from-prompt')
key('l')
try:
    out, err = p.communicate(timeout=15)
except subprocess.TimeoutExpired:
    p.kill()
    out, err = p.communicate()
    fail_with('postpone closes the window', out + err)
calls = daemon.GetMethodCalls('Postpone', dbus_interface='org.freedesktop.DBus.Mock')
check(p.returncode == 0 and out.strip() == 'Break postponed.' and len(calls) == 1,
      'postpone asks the daemon once and closes the window', out + err + repr(calls))
rows_after = db.execute('SELECT COUNT(*) FROM breaks').fetchone()[0]
check(rows_after == rows_before, 'a postponed break adds no row of its own '
      '(the daemon records the postponement)', f'{rows_before} -> {rows_after}')

db.close()
cleanup()
done()
