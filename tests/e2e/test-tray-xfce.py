#!/usr/bin/env python3
"""End to end: movebreak's tray item in xfce4-panel's tray under Xvfb, clicked with the mouse.

xfce4-panel (with only its systray plugin, from a channel file in a fresh home) is the
StatusNotifierWatcher and the host. The panel shows the icon; a right click opens the item's
menu, drawn by the panel from our dbusmenu; a click on "Pause for 30 minutes" pauses the real
daemon. The screenshot of the open menu is kept for the README when MB_TRAY_SHOT names a file.
"""
import json
import os
import shutil
import subprocess
import sys
import time

import mbtest
from mbtest import Home, MOVEBREAK, check, done

for tool in ('dbus-daemon', 'Xvfb', 'xfce4-panel', 'xdotool', 'import', 'convert'):
    if not shutil.which(tool):
        print(f'SKIP: {tool} is not installed')
        sys.exit(77)

TEAL = '#2A9D8F'
PANEL = """<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=6;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="size" type="uint" value="32"/>
      <property name="plugin-ids" type="array">
        <value type="int" value="1"/>
      </property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="systray"/>
  </property>
</channel>
"""
procs = []
home = Home()
channels = os.path.join(home.config, 'xfce4', 'xfconf', 'xfce-perchannel-xml')
os.makedirs(channels)
with open(os.path.join(channels, 'xfce4-panel.xml'), 'w') as f:
    f.write(PANEL)
display = mbtest.start_xvfb(procs, '1024x600')
env = home.env(DISPLAY=display, XDG_DATA_DIRS='/usr/local/share:/usr/share')
# The bus starts xfconfd, the panel's settings store, with its own environment: the fresh home.
bus = subprocess.Popen(['dbus-daemon', '--session', '--nofork', '--print-address=1'], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
procs.append(bus)
env['DBUS_SESSION_BUS_ADDRESS'] = bus.stdout.readline().strip()
for k in ('WAYLAND_DISPLAY', 'MOVEBREAK_TODAY'):
    env.pop(k, None)
shot = os.path.join(home.root, 'screen.png')
daemon_log = os.path.join(home.root, 'daemon.log')


def screen_rows(height):
    """The screen's top rows as (x, y, colour) text."""
    subprocess.run(['import', '-window', 'root', shot], env=env, check=True)
    out = subprocess.run(['convert', shot, '-crop', f'1024x{height}+0+0', 'txt:-'],
                         capture_output=True, text=True).stdout
    return out.splitlines()[1:]


def icon_x():
    for line in screen_rows(32):
        if TEAL in line.upper():
            return int(line.split(',')[0])
    return None


def state():
    r = subprocess.run([MOVEBREAK, 'status', '--json'], env=env, capture_output=True,
                       text=True, timeout=20)
    return json.loads(r.stdout)['state'] if r.returncode == 0 else None


try:
    panel = subprocess.Popen(['xfce4-panel'], env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs.append(panel)
    time.sleep(2)
    daemon = subprocess.Popen([MOVEBREAK, 'daemon', '--backend', 'none'], env=env,
                              stdin=subprocess.DEVNULL, stdout=open(daemon_log, 'w'),
                              stderr=subprocess.STDOUT)
    procs.append(daemon)
    check(mbtest.wait_until(lambda: 'registered with the StatusNotifierWatcher' in
                            open(daemon_log).read(), 20), 'the item registers with the panel')
    check(mbtest.wait_until(lambda: icon_x() is not None, 15), 'the panel shows the icon')
    x = icon_x()
    subprocess.run(['xdotool', 'mousemove', str(x + 8), '16', 'click', '3'], env=env, check=True)
    # The menu drops below the panel: light rows of text where the screen was black.
    check(mbtest.wait_until(lambda: sum(', 0,0,0' not in row.replace(' ', '') and
                                        int(row.split(':')[0].split(',')[1]) > 40
                                        for row in screen_rows(250)) > 20000, 10),
          'a right click opens the menu under the icon')
    if os.environ.get('MB_TRAY_SHOT'):
        subprocess.run(['convert', shot, '-crop', '300x250+0+0', os.environ['MB_TRAY_SHOT']],
                       check=True)
    check(state() == 'active', 'the daemon is counting')
    # Items are about 25 px apart from y = 48: next, two breaks, then the pauses.
    subprocess.run(['xdotool', 'mousemove', str(x + 40), '125', 'click', '1'], env=env,
                   check=True)
    check(mbtest.wait_until(lambda: state() == 'paused', 10),
          'a click on "Pause for 30 minutes" pauses the daemon')
    daemon.terminate()
    check(daemon.wait(10) == 0, 'the daemon ends cleanly')
finally:
    mbtest.kill_all(procs)
done()
