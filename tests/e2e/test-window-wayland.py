#!/usr/bin/python3
"""The break window on a headless sway: it opens on Wayland alone, full screen when configured."""
import atexit
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import mbtest
from mbtest import MOVEBREAK, SOURCE_ROOT, check, done

procs = []


def cleanup():
    for p in reversed(procs):
        if p.poll() is None:
            p.kill()
            p.wait()


# A failed check exits at once; sway must not outlive the test, nor meson's timeout signal.
atexit.register(cleanup)
signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))


def skip(reason):
    print(f'SKIP: {reason}')
    cleanup()
    sys.exit(77)


missing = [t for t in ('sway', 'swaymsg', 'dbus-daemon') if not shutil.which(t)]
if missing:
    skip(f'not installed: {" ".join(missing)}')
if not os.access(os.path.join(os.path.dirname(MOVEBREAK), 'movebreak-gui'), os.X_OK):
    skip('movebreak-gui is not built')

home = mbtest.Home()
runtime = tempfile.TemporaryDirectory(prefix='mb-window-wl-')
# sway refuses to run as root; as root, run it as nobody, who then owns the runtime directory.
sway_cmd = ['sway', '-c', os.path.join(runtime.name, 'sway.conf')]
if os.geteuid() == 0:
    if not shutil.which('setpriv'):
        skip('running as root, and no setpriv to start sway as nobody')
    nobody = pwd.getpwnam('nobody')
    os.chown(runtime.name, nobody.pw_uid, nobody.pw_gid)
    sway_cmd = ['setpriv', f'--reuid={nobody.pw_uid}', f'--regid={nobody.pw_gid}',
                '--clear-groups'] + sway_cmd
with open(os.path.join(runtime.name, 'sway.conf'), 'w') as f:
    f.write('xwayland disable\n')
sway_log_path = os.path.join(runtime.name, 'sway.log')
base_env = {k: v for k, v in os.environ.items()
            if k not in ('WAYLAND_DISPLAY', 'WAYLAND_SOCKET', 'DISPLAY')}
sway = subprocess.Popen(sway_cmd, env=dict(base_env, WLR_BACKENDS='headless',
                                           WLR_LIBINPUT_NO_DEVICES='1',
                                           XDG_RUNTIME_DIR=runtime.name, HOME=runtime.name),
                        stdin=subprocess.DEVNULL, stdout=open(sway_log_path, 'w'),
                        stderr=subprocess.STDOUT)
procs.append(sway)


def sway_tail():
    with open(sway_log_path) as f:
        return ''.join(f.readlines()[-5:]).strip()


# sway names its socket wayland-N, and its IPC socket sway-ipc.*.sock, once it is ready.
display = ipc = None
deadline = time.monotonic() + 15
while time.monotonic() < deadline and not (display and ipc):
    if sway.poll() is not None:
        skip(f'sway exited with status {sway.returncode}: {sway_tail()}')
    for name in os.listdir(runtime.name):
        if re.fullmatch(r'wayland-[0-9]+', name):
            display = name
        elif name.startswith('sway-ipc.'):
            ipc = os.path.join(runtime.name, name)
    time.sleep(0.05)
if not (display and ipc):
    skip(f'sway made no Wayland socket within 15 s: {sway_tail()}')

bus = subprocess.Popen(['dbus-daemon', '--session', '--nofork', '--print-address=1'],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
procs.append(bus)
address = bus.stdout.readline().strip()
supp = os.path.join(SOURCE_ROOT, 'tests', 'data', 'lsan-gui.supp')
env = home.env(XDG_RUNTIME_DIR=runtime.name, WAYLAND_DISPLAY=display, SWAYSOCK=ipc,
               DBUS_SESSION_BUS_ADDRESS=address, GSK_RENDERER='cairo', GDK_DEBUG='gl-disable',
               GTK_A11Y='none', LSAN_OPTIONS=f'suppressions={supp},print_suppressions=0')
env.pop('DISPLAY', None)
env.pop('GDK_BACKEND', None)


def our_view():
    """The window's node in sway's tree, or None."""
    r = subprocess.run(['swaymsg', '-t', 'get_tree'], env=env, capture_output=True, text=True,
                       timeout=10)
    stack = [json.loads(r.stdout)] if r.returncode == 0 else []
    while stack:
        node = stack.pop()
        if (node.get('name') or '').endswith('movebreak') and node.get('app_id') is not None:
            return node
        stack.extend(node.get('nodes', []) + node.get('floating_nodes', []))
    return None


def run_break(*args):
    """Run a short break; return its output and the window's node as sway saw it."""
    p = subprocess.Popen([MOVEBREAK, 'now', '--gui', '--time-scale', '60', '--no-record', *args],
                         env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    procs.append(p)
    view = None
    deadline = time.monotonic() + 20
    while view is None and p.poll() is None and time.monotonic() < deadline:
        view = our_view()
        time.sleep(0.1)
    try:
        out, err = p.communicate(timeout=40)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
    return p.returncode, out, err, view


code, out, err, view = run_break()
check(code == 0 and out.startswith('Break complete:'), 'the window runs a break on Wayland alone',
      out + err)
check(view is not None, 'sway shows the window while it runs', err)
check(view and view.get('fullscreen_mode') == 0, 'not full screen by default', repr(view))

os.makedirs(os.path.join(home.config, 'movebreak'), exist_ok=True)
with open(os.path.join(home.config, 'movebreak', 'config.ini'), 'w') as f:
    f.write('[window]\nfullscreen = true\n')
code, out, err, view = run_break()
check(code == 0 and view and view.get('fullscreen_mode') == 1,
      'window.fullscreen = true fills the screen', repr(view) + out + err)
with open(os.path.join(home.config, 'movebreak', 'config.ini'), 'w') as f:
    f.write('[window]\nfullscreen = false\n')
code, out, err, view = run_break('--fullscreen')
check(code == 0 and view and view.get('fullscreen_mode') == 1, '--fullscreen fills the screen',
      repr(view) + out + err)

cleanup()
done()
