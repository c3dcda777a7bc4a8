#!/usr/bin/python3
"""The break window on a headless sway: it opens on Wayland alone, full screen when configured."""
import atexit
import json
import os
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
    mbtest.kill_all(procs)


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
base_env = {k: v for k, v in os.environ.items()
            if k not in ('WAYLAND_DISPLAY', 'WAYLAND_SOCKET', 'DISPLAY')}
try:
    display, ipc = mbtest.start_sway(procs, runtime.name, base_env)
except mbtest.Unavailable as e:
    skip(str(e))

address = mbtest.start_session_bus(procs)
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
