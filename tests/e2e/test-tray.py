#!/usr/bin/python3
"""The daemon's tray item on a private bus: a StatusNotifierWatcher of the test's own
(tests/e2e/sni-watcher.py) and libdbusmenu-glib's own client reading and clicking the menu.

Run by the system python3: python3-dbus, python3-gi and gir1.2-dbusmenu-glib-0.4 are Debian
packages.
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

try:
    import dbus
    import gi
    gi.require_version('Dbusmenu', '0.4')
    from gi.repository import Dbusmenu, GLib
except (ImportError, ValueError) as e:
    print(f'SKIP: python3-dbus, python3-gi or gir1.2-dbusmenu-glib-0.4 is missing: {e}')
    sys.exit(77)

MOVEBREAK = os.environ.get('MOVEBREAK') or sys.exit('MOVEBREAK is not set')
SOURCE_ROOT = os.environ.get('MB_SOURCE_ROOT') or sys.exit('MB_SOURCE_ROOT is not set')
BUS_CONFIG = os.path.join(SOURCE_ROOT, 'tests', 'data', 'dbus', 'bare-session.conf')
WATCHER = os.path.join(SOURCE_ROOT, 'tests', 'e2e', 'sni-watcher.py')
ITEM_IFACE = 'org.kde.StatusNotifierItem'

checks = 0
children = []
tmp = tempfile.TemporaryDirectory(prefix='mb-e2e-')
log_path = os.path.join(tmp.name, 'daemon.log')
watcher_log = os.path.join(tmp.name, 'watcher.log')


def daemon_log():
    if not os.path.exists(log_path):
        return ''
    with open(log_path) as f:
        return f.read()


def check(cond, what, detail=''):
    global checks
    if not cond:
        print(f'FAIL: {what}')
        if detail:
            print(detail)
        print(f'--- daemon log\n{daemon_log()}')
        sys.exit(1)
    checks += 1
    print(f'ok: {what}')


def wait_until(pred, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        # The menu client lives on GLib's loop: let it read what the daemon sends.
        ctx = GLib.MainContext.default()
        while ctx.pending():
            ctx.iteration(False)
        time.sleep(0.05)
    return pred()


bus_proc = subprocess.Popen(['dbus-daemon', '--config-file=' + BUS_CONFIG, '--nofork',
                             '--print-address=1'], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
children.append(bus_proc)
address = bus_proc.stdout.readline().strip()
# The menu client (GDBus) finds the bus from the environment.
os.environ['DBUS_SESSION_BUS_ADDRESS'] = address
conn = dbus.bus.BusConnection(address)
home = tmp.name
marker = os.path.join(home, 'break-command-ran')
env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address, DBUS_SYSTEM_BUS_ADDRESS=address,
           XDG_CONFIG_HOME=os.path.join(home, 'config'), XDG_DATA_HOME=os.path.join(home, 'data'),
           HOME=home)
env.pop('DISPLAY', None)
env.pop('WAYLAND_DISPLAY', None)
config = os.path.join(home, 'config.ini')


def write_config(every, tray=True):
    with open(config, 'w') as f:
        f.write(f'[movement]\nevery = {every}\n[micro]\nevery = 0\n[prompt]\nlull = 0\n'
                f'break_command = touch {marker}\n[postpone]\ndelay = 2s\n'
                f'[tray]\nenabled = {"true" if tray else "false"}\n')


def status():
    r = subprocess.run([MOVEBREAK, 'status', '--json'], env=env, capture_output=True, text=True,
                       timeout=20)
    if r.returncode != 0:
        check(False, 'status answers', r.stderr)
    return json.loads(r.stdout)


def start_daemon():
    log = open(log_path, 'a')
    daemon = subprocess.Popen([MOVEBREAK, 'daemon', '--config', config, '--backend', 'none'],
                              env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    children.append(daemon)
    ok = wait_until(lambda: conn.name_has_owner('io.github.movebreak.Daemon')
                    and 'running;' in daemon_log(), 20)
    check(ok, 'the daemon is running')
    return daemon


def start_watcher():
    w = subprocess.Popen(['/usr/bin/python3', WATCHER, watcher_log], env=env,
                         stdin=subprocess.DEVNULL)
    children.append(w)
    check(wait_until(lambda: conn.name_has_owner('org.kde.StatusNotifierWatcher'), 20),
          'the watcher owns its name')
    return w


def registrations():
    if not os.path.exists(watcher_log):
        return []
    with open(watcher_log) as f:
        return [line.split()[0] for line in f if line.strip()]


def item_props(name):
    obj = conn.get_object(name, '/StatusNotifierItem')
    return obj.GetAll(ITEM_IFACE, dbus_interface='org.freedesktop.DBus.Properties')


def menu_items(client):
    root = client.get_root()
    if not root:
        return {}
    return {c.property_get('label') or c.property_get('type'):
            (c, c.property_get_bool('visible')) for c in root.get_children()}


def click(client, label):
    check(wait_until(lambda: visible(client, label)), f'"{label}" is in the menu, shown')
    menu_items(client)[label][0].handle_event('clicked', GLib.Variant('i', 0), 0)
    # The client sends the event from GLib's loop: give it the turn to.
    wait_until(lambda: False, 0.3)


def visible(client, label):
    items = menu_items(client)
    return label in items and items[label][1]


try:
    write_config('30m')
    daemon = start_daemon()
    item = f'org.kde.StatusNotifierItem-{daemon.pid}-1'
    check(wait_until(lambda: 'no StatusNotifierWatcher' in daemon_log()),
          'with no watcher the log says so')
    check(conn.name_has_owner(item), f'the item owns {item}')

    watcher = start_watcher()
    check(wait_until(lambda: item in registrations()),
          'a watcher that appears after the daemon gets the item', str(registrations()))
    check(daemon_log().count('no StatusNotifierWatcher') == 1, 'the missing watcher is said once')

    props = item_props(item)
    check(props['Category'] == 'ApplicationStatus' and props['Id'] == 'movebreak' and
          props['Title'] == 'movebreak', 'category, id and title', str(props))
    check(props['Status'] == 'Active', 'status Active while nothing is prompted', str(props))
    check(props['IconName'] == 'io.github.movebreak' and
          props['AttentionIconName'] == 'io.github.movebreak-attention', 'the icon names')
    check(props['Menu'] == '/MenuBar' and not props['ItemIsMenu'], 'the menu is at /MenuBar')
    check(props['IconThemePath'].endswith('data/icons') and
          os.path.isdir(os.path.join(props['IconThemePath'], 'hicolor')),
          'from the build tree the icons come from the source tree', props['IconThemePath'])
    tip = props['ToolTip']
    check(tip[2] == 'movebreak' and re.fullmatch(r'Next movement break in (29|30) min', tip[3]),
          'the tooltip tells the next break', str(tip))

    client = Dbusmenu.Client.new(item, '/MenuBar')
    check(wait_until(lambda: len(menu_items(client)) > 5), 'the menu client reads the layout')
    items = menu_items(client)
    first = client.get_root().get_children()[0]
    check(re.fullmatch(r'Next movement break in (29|30) min', first.property_get('label')) and
          not first.property_get_bool('enabled'), 'the first line says what comes next, disabled',
          first.property_get('label'))
    for label in ('Take a movement break now', 'Take a micro-reset now', 'Pause for 30 minutes',
                  'Pause for an hour', 'Pause until tomorrow', 'Open movebreak', 'Quit'):
        check(visible(client, label), f'"{label}" is shown')
    for label in ('Postpone 5 minutes', 'Skip', 'Resume'):
        check(label in items and not visible(client, label), f'"{label}" is hidden')

    # Pause and resume from the menu, through the daemon's own inputs.
    click(client, 'Pause for 30 minutes')
    check(wait_until(lambda: status()['state'] == 'paused'), 'the menu pauses the daemon')
    check(wait_until(lambda: visible(client, 'Resume') and
                     not visible(client, 'Pause for an hour')),
          'paused, Resume is shown and the pause items are hidden')
    tip = item_props(item)['ToolTip'][3]
    check(re.fullmatch(r'Paused until \d\d:\d\d', tip), 'the tooltip says until when', tip)
    click(client, 'Resume')
    check(wait_until(lambda: status()['state'] != 'paused'), 'the menu resumes it')
    click(client, 'Pause until tomorrow')
    check(wait_until(lambda: status()['state'] == 'paused'), 'pause until tomorrow pauses')
    tip = item_props(item)['ToolTip'][3]
    check(tip.endswith('08:00'), 'until the next morning at 08:00 without working hours', tip)
    click(client, 'Resume')
    check(wait_until(lambda: status()['state'] != 'paused'), 'and resumes')

    # A watcher that restarts gets the item again.
    before = len(registrations())
    watcher.kill()
    watcher.wait()
    watcher = start_watcher()
    check(wait_until(lambda: len(registrations()) > before and registrations()[-1] == item),
          'a watcher that restarts gets the item again', str(registrations()))

    # A prompt: the item asks for attention and offers Postpone and Skip.
    write_config('3s')
    daemon.send_signal(signal.SIGHUP)
    check(wait_until(lambda: status()['state'] == 'prompt', 20), 'a break is prompted')
    check(wait_until(lambda: item_props(item)['Status'] == 'NeedsAttention'),
          'the item needs attention while prompted')
    check(item_props(item)['ToolTip'][3] == 'Movement break due', 'the tooltip says it is due')
    check(wait_until(lambda: visible(client, 'Postpone 5 minutes') and visible(client, 'Skip')),
          'Postpone and Skip are shown while prompted')
    click(client, 'Postpone 5 minutes')
    check(wait_until(lambda: status()['state'] == 'postponed'), 'Postpone postpones')
    check(wait_until(lambda: not visible(client, 'Skip')), 'postponed, Skip is hidden again')
    check(item_props(item)['Status'] == 'Active', 'and the item is Active again')
    # A postpone from the menu is 5 minutes, like its label; skip the next one instead.
    subprocess.run([MOVEBREAK, 'resume'], env=env, capture_output=True)
    write_config('2s')
    daemon.send_signal(signal.SIGHUP)
    subprocess.run([MOVEBREAK, 'skip'], env=env, capture_output=True, timeout=20)
    check(wait_until(lambda: status()['state'] == 'prompt', 30), 'prompted again')
    check(wait_until(lambda: visible(client, 'Skip')), 'Skip is shown')
    click(client, 'Skip')
    check(wait_until(lambda: status()['state'] not in ('prompt', 'postponed')), 'Skip skips')
    click(client, 'Take a movement break now')
    check(wait_until(lambda: status()['state'] == 'break'), 'the menu starts a break')
    check(wait_until(lambda: os.path.exists(marker)), 'the break command ran')
    check(wait_until(lambda: item_props(item)['ToolTip'][3] == 'On a break'),
          'the tooltip says on a break')

    click(client, 'Quit')
    try:
        code = daemon.wait(timeout=20)
    except subprocess.TimeoutExpired:
        code = None
    check(code == 0, 'Quit stops the daemon cleanly', str(code))
    check(wait_until(lambda: not conn.name_has_owner(item)), 'and its item leaves the bus')

    # tray.enabled = false: nothing registers.
    write_config('30m', tray=False)
    before = len(registrations())
    daemon = start_daemon()
    time.sleep(1)
    names = [str(n) for n in conn.list_names() if 'StatusNotifierItem' in str(n)]
    check(not names and len(registrations()) == before, 'tray.enabled = false registers nothing',
          str(names))
    daemon.send_signal(signal.SIGTERM)
    check(daemon.wait(timeout=20) == 0, 'that daemon stops cleanly')
    log = daemon_log()
    check('ERROR: AddressSanitizer' not in log and 'runtime error' not in log,
          'no sanitizer report')
finally:
    for p in reversed(children):
        if p.poll() is None:
            p.kill()
            p.wait()

print(f'{checks} checks passed')
