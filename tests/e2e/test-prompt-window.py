#!/usr/bin/env python3
"""End to end: with no notification server, a due break opens movebreak's own prompt window.

The real daemon on a private session bus with nothing owning org.freedesktop.Notifications,
on an Xvfb of its own. Its prompt opens `movebreak-gui prompt`, which tells the window manager
it takes no keyboard focus; a click on In 5 minutes postpones, a prompt taken back (a pause)
closes the window, and its Start, pressed through the accessibility tree (pyatspi, on the
accessibility bus the session bus starts), starts the break. Without pyatspi the last press is
a mouse click, and the skipped part says so.
"""
import json
import os
import shutil
import subprocess
import sys
import time

import mbtest
from mbtest import Home, MOVEBREAK, SOURCE_ROOT, check, done

for tool in ('dbus-daemon', 'Xvfb', 'xdotool', 'xprop', 'import'):
    if not shutil.which(tool):
        print(f'SKIP: {tool} is not installed')
        sys.exit(77)

TITLE = 'Time for a movement break'
procs = []
home = Home()
display = mbtest.start_xvfb(procs, '1280x800')
supp = os.path.join(SOURCE_ROOT, 'tests', 'data', 'lsan-gui.supp')
env = home.env(DISPLAY=display, GSK_RENDERER='cairo', GDK_DEBUG='gl-disable',
               LSAN_OPTIONS=f'suppressions={supp},print_suppressions=0',
               XDG_RUNTIME_DIR=os.path.join(home.root, 'run'))
for k in ('WAYLAND_DISPLAY', 'MOVEBREAK_TODAY', 'GTK_THEME', 'GTK_A11Y', 'AT_SPI_BUS_ADDRESS',
          'NO_AT_BRIDGE'):
    env.pop(k, None)
os.makedirs(env['XDG_RUNTIME_DIR'], mode=0o700)
# The session bus with this test's environment, so the accessibility bus it starts runs here.
bus = subprocess.Popen(['dbus-daemon', '--session', '--nofork', '--print-address=1'], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
procs.append(bus)
env['DBUS_SESSION_BUS_ADDRESS'] = bus.stdout.readline().strip()


# The accessibility bus, as a desktop session starts it: activated on the session bus.
pyatspi = None
try:
    a11y = mbtest.A11yBus(env)
except mbtest.Unavailable:
    a11y = None
if a11y:
    os.environ.update(DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=env['DBUS_SESSION_BUS_ADDRESS'],
                      AT_SPI_BUS_ADDRESS=a11y.address)
    try:
        import pyatspi  # noqa: E402  (it reads the bus addresses when imported)
    except ImportError:
        pyatspi = None


def a11y_buttons():
    """The prompt window's buttons by name, read from the accessibility tree."""
    found = {}

    def walk(node):
        try:
            if node.getRoleName() == 'push button':
                found[node.name] = node
            for child in node:
                if child is not None:
                    walk(child)
        except Exception:
            pass

    for app in pyatspi.Registry.getDesktop(0):
        try:
            if app is not None and any(w is not None and w.name == TITLE for w in app):
                walk(app)
        except Exception:
            pass
    return found
config = os.path.join(home.root, 'config.ini')
marker = os.path.join(home.root, 'started')
with open(config, 'w') as f:
    f.write('[movement]\nevery = 2s\n[micro]\nevery = 0\n[prompt]\nlull = 0\n'
            f'remind = 1h\nbreak_command = touch {marker}\n[postpone]\ndelay = 2s\n')
log_path = os.path.join(home.root, 'daemon.log')


def mb(*args):
    return subprocess.run([MOVEBREAK, *args], env=env, capture_output=True, text=True,
                          timeout=20)


def state():
    r = mb('status', '--json')
    return json.loads(r.stdout)['state'] if r.returncode == 0 else None



def wait_until(pred, timeout=10.0):
    return mbtest.wait_until(pred, timeout, 0.2)


def prompt_window():
    r = subprocess.run(['xdotool', 'search', '--name', TITLE], env=env, capture_output=True,
                       text=True)
    ids = r.stdout.split()
    return ids[0] if ids else None


def click(wid, share):
    """Click the button row of the window a share of the way across (Start is at 1/6)."""
    r = subprocess.run(['xdotool', 'getwindowgeometry', '--shell', wid], env=env,
                       capture_output=True, text=True)
    g = dict(line.split('=', 1) for line in r.stdout.split())
    x = int(g['X']) + int(int(g['WIDTH']) * share)
    y = int(g['Y']) + int(g['HEIGHT']) - 30
    subprocess.run(['xdotool', 'mousemove', str(x), str(y), 'click', '1'], env=env, check=True)


try:
    daemon = subprocess.Popen([MOVEBREAK, 'daemon', '--config', config, '--backend', 'none'],
                              env=env, stdin=subprocess.DEVNULL, stdout=open(log_path, 'w'),
                              stderr=subprocess.STDOUT)
    procs.append(daemon)
    check(wait_until(lambda: state() is not None, 10), 'the daemon answers on its bus')
    with open(log_path) as f:
        text = f.read()
    check("notifications: a window of movebreak's own" in text,
          'with no notification server the daemon says it shows prompts in a window', text)

    check(wait_until(lambda: prompt_window() is not None, 15), 'a due break opens the window')
    wid = prompt_window()
    check(state() == 'prompt', 'the daemon stands at the prompt')
    hints = subprocess.run(['xprop', '-id', wid, 'WM_HINTS'], env=env, capture_output=True,
                           text=True).stdout
    check('input focus: False' in hints, 'the window asks not to be given the keyboard', hints)
    time.sleep(1)
    shot = os.path.join(home.root, 'prompt.png')
    subprocess.run(['import', '-window', 'root', shot], env=env, check=True)
    colours = subprocess.run(['convert', shot, '-format', '%k', 'info:'], capture_output=True,
                             text=True).stdout.strip()
    check(colours.isdigit() and int(colours) > 10, 'the screenshot shows the window drawn',
          colours)

    click(wid, 0.5)
    check(wait_until(lambda: state() == 'postponed', 10), 'In 5 minutes postpones the break')
    check(wait_until(lambda: prompt_window() is None, 5), 'and the window is gone')

    check(wait_until(lambda: prompt_window() is not None, 15), 'the postponed break prompts again')
    r = mb('pause', '1m')
    check(r.returncode == 0 and wait_until(lambda: prompt_window() is None, 5),
          'a pause takes the prompt back and closes its window', r.stderr)
    r = mb('resume')
    check(r.returncode == 0, 'resume', r.stderr)

    check(wait_until(lambda: prompt_window() is not None, 20), 'after the pause it prompts again')
    if pyatspi:
        check(wait_until(lambda: {'Start', 'In 5 minutes', 'Skip'} <= set(a11y_buttons()), 15),
              'the accessibility tree shows the window with Start, In 5 minutes and Skip',
              repr(sorted(a11y_buttons())))
        a11y_buttons()['Start'].queryAction().doAction(0)
        check(wait_until(lambda: state() == 'break', 10),
              'Start, pressed through the accessibility tree, starts the break')
    else:
        print('SKIP (part): pyatspi or the accessibility bus is not there; Start is clicked')
        click(prompt_window(), 1 / 6)
        check(wait_until(lambda: state() == 'break', 10), 'Start starts the break')
    check(wait_until(lambda: os.path.exists(marker), 10), 'and runs the break command')
    daemon.terminate()
    check(daemon.wait(10) == 0, 'the daemon ends cleanly')
finally:
    if a11y:
        a11y.close()
    mbtest.kill_all(procs)
done()
