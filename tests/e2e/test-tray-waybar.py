#!/usr/bin/env python3
"""End to end: movebreak's tray item in a real host, waybar's tray under a headless sway.

waybar is the StatusNotifierWatcher and the host; the daemon, run from the build tree, points
it at the source tree's icons with IconThemePath. A grim screenshot of the bar shows the icon
(its teal); the daemon's log says it registered. A waybar that comes back gets the item again.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import mbtest
from mbtest import Home, MOVEBREAK, check, done

for tool in ('dbus-daemon', 'sway', 'waybar', 'grim', 'convert'):
    if not shutil.which(tool):
        print(f'SKIP: {tool} is not installed')
        sys.exit(77)

TEAL = (42, 157, 143)
procs = []
home = Home()
runtime = tempfile.TemporaryDirectory(prefix='mb-sway-')
os.chmod(runtime.name, 0o700)
address = mbtest.start_session_bus(procs)
env = home.env(DBUS_SESSION_BUS_ADDRESS=address)
for k in ('DISPLAY', 'WAYLAND_DISPLAY', 'MOVEBREAK_TODAY'):
    env.pop(k, None)
try:
    display, ipc = mbtest.start_sway(procs, runtime.name, env)
except mbtest.Unavailable as e:
    print(f'SKIP: headless sway: {e}')
    sys.exit(77)
wenv = dict(env, WAYLAND_DISPLAY=display, XDG_RUNTIME_DIR=runtime.name, SWAYSOCK=ipc,
            XDG_DATA_DIRS='/usr/local/share:/usr/share')
bar_config = os.path.join(home.root, 'waybar.json')
with open(bar_config, 'w') as f:
    json.dump({'layer': 'top', 'position': 'top', 'height': 30, 'modules-right': ['tray'],
               'tray': {'icon-size': 24, 'spacing': 4}}, f)
style = os.path.join(home.root, 'waybar.css')
with open(style, 'w') as f:
    f.write('window#waybar { background: #ffffff; }\n')
bar_log = os.path.join(home.root, 'waybar.log')
daemon_log = os.path.join(home.root, 'daemon.log')



def wait_until(pred, timeout=10.0):
    return mbtest.wait_until(pred, timeout, 0.2)


def start_bar():
    bar = subprocess.Popen(['waybar', '-c', bar_config, '-s', style], env=wenv,
                           stdin=subprocess.DEVNULL, stdout=open(bar_log, 'a'),
                           stderr=subprocess.STDOUT)
    procs.append(bar)
    return bar


def registrations():
    with open(daemon_log) as f:
        return f.read().count('registered with the StatusNotifierWatcher')


def teal_in_bar():
    """How many pixels of the icon's teal the bar shows."""
    shot = os.path.join(home.root, 'shot.png')
    if subprocess.run(['grim', shot], env=wenv, capture_output=True).returncode != 0:
        return 0
    out = subprocess.run(['convert', shot, '-crop', 'x30+0+0', '-format', '%c',
                          'histogram:info:-'], capture_output=True, text=True).stdout
    count = 0
    for line in out.splitlines():
        head, _, rest = line.partition(':')
        rgb = rest.split('(')[1].split(')')[0].split(',')[:3] if '(' in rest else []
        if len(rgb) == 3 and all(abs(int(float(c)) - t) <= 3 for c, t in zip(rgb, TEAL)):
            count += int(head)
    return count


try:
    bar = start_bar()
    check(wait_until(lambda: os.path.exists(bar_log) and 'Bar configured' in open(bar_log).read(),
                     15), 'waybar shows its bar on the headless output')
    daemon = subprocess.Popen([MOVEBREAK, 'daemon', '--backend', 'none'], env=env,
                              stdin=subprocess.DEVNULL, stdout=open(daemon_log, 'w'),
                              stderr=subprocess.STDOUT)
    procs.append(daemon)
    check(wait_until(lambda: registrations() >= 1, 15), 'the item registers with waybar')
    check(wait_until(lambda: teal_in_bar() > 100, 10), 'the bar shows movebreak\'s icon',
          open(bar_log).read()[-800:])
    check('Could not find an icon' not in open(bar_log).read(),
          'waybar finds the icon through IconThemePath', open(bar_log).read()[-800:])
    shutil.copy(os.path.join(home.root, 'shot.png'), os.path.join(home.root, 'first.png'))

    # The host goes away and comes back: the item is registered again and shown.
    bar.terminate()
    bar.wait(10)
    check(wait_until(lambda: teal_in_bar() == 0, 10), 'with waybar gone the icon is gone')
    start_bar()
    check(wait_until(lambda: registrations() >= 2, 15), 'a waybar that comes back gets it again')
    check(wait_until(lambda: teal_in_bar() > 100, 10), 'and shows the icon')
    daemon.terminate()
    check(daemon.wait(10) == 0, 'the daemon ends cleanly')
finally:
    mbtest.kill_all(procs)
done()
