#!/usr/bin/python3
"""The app window on its own Xvfb, driven through the accessibility tree beside the real daemon.

A private session bus starts the accessibility bus by D-Bus activation; pyatspi reads the tree
of `movebreak app` and presses its controls by name. Every page opens; Settings changes
movement.every in config.ini, keeping its comments, and the daemon's status shows the new
interval; a bad value is refused with the parser's message; a second `movebreak app` raises
the first; screenshots in light and dark, at scale 1 and 2. MB_APP_SHOTS=DIR keeps them.
"""
import datetime
import json
import os
import shutil
import subprocess
import sys
import time

import mbtest
from mbtest import MOVEBREAK, SOURCE_ROOT, check, done

missing = [t for t in ('Xvfb', 'xdotool', 'import', 'convert', 'dbus-daemon', 'gdbus')
           if not shutil.which(t)]
if missing:
    print(f'SKIP: not installed: {" ".join(missing)}')
    sys.exit(77)
if not os.path.exists('/usr/libexec/at-spi-bus-launcher'):
    print('SKIP: at-spi2-core is not installed')
    sys.exit(77)
try:
    import gi
    gi.require_version('Atspi', '2.0')
except (ImportError, ValueError):
    print('SKIP: python3-pyatspi is not installed')
    sys.exit(77)
gui = os.path.join(os.path.dirname(MOVEBREAK), 'movebreak-gui')
if not os.access(gui, os.X_OK):
    print(f'SKIP: {gui} is not built')
    sys.exit(77)

home = mbtest.Home()
procs = []
supp = os.path.join(SOURCE_ROOT, 'tests', 'data', 'lsan-gui.supp')
shots = os.environ.get('MB_APP_SHOTS') or os.path.join(home.root, 'shots')
os.makedirs(shots, exist_ok=True)
display = mbtest.start_xvfb(procs, '2100x1560')
if not display:
    print('SKIP: Xvfb did not start')
    sys.exit(77)
env = home.env(DISPLAY=display, GSK_RENDERER='cairo', GDK_DEBUG='gl-disable',
               LSAN_OPTIONS=f'suppressions={supp},print_suppressions=0',
               XDG_RUNTIME_DIR=os.path.join(home.root, 'run'))
for k in ('WAYLAND_DISPLAY', 'GTK_THEME', 'GTK_A11Y', 'MOVEBREAK_TODAY', 'AT_SPI_BUS_ADDRESS',
          'GDK_SCALE', 'NO_AT_BRIDGE'):
    env.pop(k, None)
os.makedirs(env['XDG_RUNTIME_DIR'], mode=0o700)
# The session bus with this test's environment, so what it activates (the accessibility bus)
# runs in the test's home, beside no other session's.
bus = subprocess.Popen(['dbus-daemon', '--session', '--nofork', '--print-address=1'], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
procs.append(bus)
env['DBUS_SESSION_BUS_ADDRESS'] = bus.stdout.readline().strip()


def run(*args, extra=None, timeout=20):
    return subprocess.run(args, env=dict(env, **(extra or {})), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def mb(*args):
    return run(MOVEBREAK, *args)


def wait_until(cond, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        time.sleep(0.2)
    return cond()


try:
    a11y = mbtest.A11yBus(env)
except mbtest.Unavailable as e:
    print(f'SKIP: {e}')
    mbtest.kill_all(procs)
    sys.exit(77)
os.environ.update(DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=env['DBUS_SESSION_BUS_ADDRESS'],
                  AT_SPI_BUS_ADDRESS=a11y.address)
import pyatspi  # noqa: E402  (it reads the bus addresses when imported)

config_dir = os.path.join(home.config, 'movebreak')
config = os.path.join(config_dir, 'config.ini')
os.makedirs(config_dir)
CONFIG = ('# My movebreak settings, written by hand.\n'
          '[movement]\n'
          '# How long I work between breaks.\n'
          'every = 50m   ; about an hour\n'
          '\n'
          '[micro]\n'
          'every = 0\n')
with open(config, 'w') as f:
    f.write(CONFIG)

# A history to show: three weeks of breaks, and a challenge under way.
now = time.time()
rows = []
for d, n in enumerate([3, 2, 3, 4, 1, 3, 0, 3, 2, 3, 3, 1, 4, 3, 2, 0, 3, 3, 2, 3], start=1):
    for k in range(n):
        start = int((now - d * 86400) * 1e6) - k * 3600_000_000
        iso = lambda us: (datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) +  # noqa
                          datetime.timedelta(microseconds=us)).strftime('%Y-%m-%dT%H:%M:%S.%fZ')
        end = start + 240_000_000
        rows.append(dict(start=iso(start), start_us=start, end=iso(end), end_us=end,
                         active_us=240_000_000, planned_us=240_000_000,
                         routine='shoulder-reset', exercises_done=5, exercises_total=5,
                         outcome='completed', source='prompt', kind='movement'))
seed = os.path.join(home.root, 'seed.json')
with open(seed, 'w') as f:
    json.dump({'format': 'movebreak-history', 'version': 1, 'breaks': rows, 'activity': [],
               'challenges': []}, f)
r = mb('import', seed)
check(r.returncode == 0, 'a history to show is imported', r.stderr)
r = mb('challenge', 'start', '--on', (datetime.date.today() - datetime.timedelta(days=11))
       .isoformat(), '--days', '30', '--goal', '3')
check(r.returncode == 0, 'a challenge under way', r.stderr)

# ---- movebreak-gui with no command is the app; without a display it says so
r = run(gui, extra={'DISPLAY': ''})
check(r.returncode == 1 and 'movebreak app: no display' in r.stderr,
      'movebreak-gui alone opens the app window, and says when there is no display', r.stderr)

app_procs = []


def start_app(*args, extra=None):
    out = open(os.path.join(home.root, f'app-{len(app_procs)}.log'), 'w+')
    p = subprocess.Popen([MOVEBREAK, 'app', *args], env=dict(env, **(extra or {})),
                         stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    p.log = out
    procs.append(p)
    app_procs.append(p)
    return p


def log_of(p):
    p.log.seek(0)
    return p.log.read()


def name_has_owner(name):
    r = run('gdbus', 'call', '--session', '-d', 'org.freedesktop.DBus', '-o',
            '/org/freedesktop/DBus', '-m', 'org.freedesktop.DBus.NameHasOwner', name)
    return r.returncode != 0 or 'true' in r.stdout


def app_node(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for a in desktop:
        try:
            if a is not None and a.get_process_id() == pid:
                return a
        except Exception:
            pass
    return None


def find_all(node, pred, out=None):
    out = [] if out is None else out
    try:
        if pred(node):
            out.append(node)
        for child in node:
            if child is not None:
                find_all(child, pred, out)
    except Exception:
        pass
    return out


def named(app, name, role=None):
    found = find_all(app, lambda a: a.name == name and (role is None or a.getRoleName() == role))
    return found[0] if found else None


def text_of(node):
    t = node.queryText()
    return t.getText(0, t.characterCount)


def press(node):
    node.queryAction().doAction(0)


def window_id(pid):
    r = run('xdotool', 'search', '--sync', '--onlyvisible', '--pid', str(pid), '--name',
            '^movebreak$', timeout=20)
    ids = r.stdout.split()
    return ids[-1] if ids else None


def shot(name, pid):
    path = os.path.join(shots, f'app-{name}.png')
    wid = window_id(pid)
    subprocess.run(['import', '-window', wid, path], env=env, check=True, timeout=30)
    return path


def mean(path):
    r = subprocess.run(['convert', path, '-colorspace', 'Gray', '-format', '%[fx:mean]', 'info:'],
                       capture_output=True, text=True)
    return float(r.stdout)


def size(path):
    r = subprocess.run(['identify', '-format', '%w %h', path], capture_output=True, text=True)
    return tuple(int(v) for v in r.stdout.split())


def show_page(app, index):
    sidebar = find_all(app, lambda a: a.getRoleName() == 'list')[0]
    sidebar.querySelection().selectChild(index)
    return wait_until(lambda: sidebar[index].getState().contains(pyatspi.STATE_SELECTED), 5)


def close(p):
    p.terminate()
    p.wait(10)


try:
    # ---- no daemon yet: the window says so and offers to start it
    first = start_app()
    app = wait_until(lambda: app_node(first.pid), 20)
    check(app is not None and app.name == 'movebreak',
          'movebreak app opens a window in the accessibility tree', log_of(first))
    check(wait_until(lambda: named(app, 'The movebreak daemon is not running', 'label'), 10),
          'with no daemon, Today says it is not running')
    check(named(app, 'Start the daemon', 'push button') is not None,
          'and offers a button that starts it',
          str([b.name for b in find_all(app, lambda a: a.getRoleName() == 'push button')]))

    log = open(os.path.join(home.root, 'daemon.log'), 'w')
    daemon = subprocess.Popen([MOVEBREAK, 'daemon', '--backend', 'none'], env=env,
                              stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    procs.append(daemon)

    def status():
        r = mb('status', '--json')
        return json.loads(r.stdout) if r.returncode == 0 else None

    check(wait_until(status, 10), 'the daemon answers on the bus')
    check(wait_until(lambda: named(app, 'Counting your time at the keyboard', 'label'), 10),
          'Today follows the daemon as it appears, from its properties')
    next_line = wait_until(lambda: find_all(
        app, lambda a: a.getRoleName() == 'label' and
        (a.name or '').startswith('Next movement break in about')), 5)
    check(next_line and '50 min' in next_line[0].name, 'Today says when the next break comes',
          str([n.name for n in next_line or []]))
    check(find_all(app, lambda a: (a.name or '').startswith('Challenge day 12 of 30')),
          'Today shows the challenge line')
    check(find_all(app, lambda a: (a.name or '').startswith('Streak:')),
          'and the streak')

    press(named(app, 'Pause for 30 minutes', 'push button'))
    check(wait_until(lambda: (status() or {}).get('state') == 'paused', 10),
          'Pause (30 min) pauses the daemon')
    check(wait_until(lambda: find_all(app, lambda a: (a.name or '').startswith('Paused until ')),
                     10), 'and Today says until when')
    press(named(app, 'Resume', 'push button'))
    check(wait_until(lambda: (status() or {}).get('state') == 'active', 10), 'Resume resumes it')

    def end_break_window():
        r = run('xdotool', 'search', '--sync', '--onlyvisible', '--name', 'Shoulder reset')
        pid = int(run('xdotool', 'getwindowpid', r.stdout.split()[0]).stdout)
        with open(f'/proc/{pid}/cmdline') as f:
            cmdline = f.read().split('\0')
        os.kill(pid, 15)
        return cmdline

    press(named(app, 'Take a break now', 'push button'))
    check(wait_until(lambda: (status() or {}).get('state') == 'break', 20),
          'Take a break now starts a break')
    check(wait_until(lambda: named(app, 'A break is under way', 'label'), 10),
          'and Today says one is under way')
    end_break_window()
    check(wait_until(lambda: (status() or {}).get('state') != 'break', 20),
          'the break ends with its window')

    # ---- every page opens
    pictures = {}
    for i, page in enumerate(['today', 'routines', 'history', 'settings']):
        check(show_page(app, i), f'the sidebar selects {page}')
        time.sleep(1)
        pictures[page] = shot(f'{page}-light', first.pid)
    sums = {p: subprocess.run(['md5sum', path], capture_output=True, text=True).stdout.split()[0]
            for p, path in pictures.items()}
    check(len(set(sums.values())) == 4, 'each page shows something of its own', str(sums))
    check(named(app, 'Start Shoulder reset', 'push button') is not None and
          find_all(app, lambda a: (a.name or '').startswith('Figure: ')),
          'Routines lists the routines with their figures and a Start each')
    check(named(app, 'Movement breaks per day over four weeks') is not None and
          find_all(app, lambda a: a.getRoleName() == 'label' and
                   (a.name or '') == 'completed'),
          'History has the chart and the recent breaks')

    # ---- every control has a name, and a keyboard can reach it
    controls = find_all(app, lambda a: a.getRoleName() in ('push button', 'slider', 'text',
                                                             'entry', 'list item'))
    unnamed = [c.getRoleName() for c in controls
               if not c.name and not (c.getRoleName() == 'list item' and c[0].name)]
    check(len(controls) > 40 and not unnamed, f'all {len(controls)} controls have names',
          str(unnamed))
    unreachable = [c.name for c in controls
                   if c.getRoleName() != 'list item' and
                   not c.getState().contains(pyatspi.STATE_FOCUSABLE)]
    check(not unreachable, 'and each takes the keyboard focus', str(unreachable))

    # ---- Routines: the minutes and Start run the break window
    show_page(app, 1)
    minutes = named(app, 'Minutes for Shoulder reset', 'slider')
    value = minutes.queryValue()
    check(value.minimumValue == 3 and value.maximumValue == 5,
          'the shoulder reset offers 3 to 5 minutes, what it fits',
          f'{value.minimumValue} to {value.maximumValue}')
    value.currentValue = 4
    press(named(app, 'Start Shoulder reset', 'push button'))
    check(wait_until(lambda: (status() or {}).get('state') == 'break', 20),
          'Start begins a break the daemon follows')
    cmdline = end_break_window()
    # `movebreak now --gui` has become `movebreak-gui window` with the same options.
    check(cmdline[1] == 'window' and 'shoulder-reset' in cmdline and
          '--minutes 4' in ' '.join(cmdline), 'in its own window, at the minutes chosen',
          str(cmdline))
    check(wait_until(lambda: (status() or {}).get('state') != 'break', 20),
          'and it ends with its window')

    # ---- Settings: a bad value is refused with the parser's message
    show_page(app, 3)
    every = named(app, 'movement.every')
    shown = text_of(every) if every else None
    check(shown == '50m', 'Settings shows movement.every as config.ini has it',
          f'{every and every.getRoleName()}: {shown!r}')
    expected = mb('config', 'set', 'movement.every', 'soon')
    check(expected.returncode == 2, 'the command line refuses the same value', expected.stderr)
    message = expected.stderr.splitlines()[0].split('movement.every: ', 1)[-1]
    every.queryEditableText().setTextContents('soon')
    check(wait_until(lambda: every.getState().contains(pyatspi.STATE_INVALID), 5),
          'a bad value marks the entry invalid as it is typed')
    check(wait_until(lambda: named(app, message, 'label'), 5) is not None,
          f'and the parser\'s message shows under it: {message}')
    save = named(app, 'Save settings', 'push button')
    check(not save.getState().contains(pyatspi.STATE_SENSITIVE),
          'Save cannot be pressed while a value is bad')
    with open(config) as f:
        check(f.read() == CONFIG, 'nothing is written')
    pictures['error'] = shot('settings-error', first.pid)

    # ---- a good value: saved in place, and the daemon reloads it
    every.queryEditableText().setTextContents('20m')
    check(wait_until(lambda: not every.getState().contains(pyatspi.STATE_INVALID), 5) and
          named(app, message, 'label') is None, 'a good value clears the mark')
    press(save)
    answer = wait_until(lambda: find_all(app, lambda a: (a.name or '').startswith('Saved')), 10)
    check(answer and answer[0].name == 'Saved. The daemon uses the new settings now.',
          'Save writes and the daemon answers that it uses them',
          str([a.name for a in answer or []]))
    with open(config) as f:
        text = f.read()
    check(text == CONFIG.replace('every = 50m   ;', 'every = 20m   ;'),
          'config.ini changes that value only, its comments kept', text)
    st = status()
    check(st and st['next_break'] == 'movement' and 0 < st['next_break_in_s'] <= 20 * 60,
          'the daemon\'s status shows the new interval', str(st))

    # ---- a second launch raises the first, and leaves
    second = start_app()
    r = second.wait(20)
    check(r == 0 and first.poll() is None,
          'a second movebreak app hands over to the first and exits', log_of(second))
    apps = [a for a in pyatspi.Registry.getDesktop(0)
            if a is not None and a.name == 'movebreak']
    check(len(apps) == 1, 'still one movebreak window process', str(len(apps)))
    light = mean(pictures['today'])
    # Ctrl+Q from the keyboard: it quits cleanly (the sanitizers would say otherwise).
    run('xdotool', 'key', '--window', window_id(first.pid), 'ctrl+q')
    try:
        code = first.wait(15)
    except subprocess.TimeoutExpired:
        code = None
    check(code == 0, 'Ctrl+Q closes the window and the program ends cleanly', log_of(first))
    # The bus lets go of the window's name a moment after the process is gone; a launch in that
    # moment would hand over to the window that just closed.
    check(wait_until(lambda: not name_has_owner('io.github.movebreak'), 10),
          'its name is free on the bus again')

    # ---- a config.ini that does not parse opens Settings with the problem
    with open(config, 'a') as f:
        f.write('[prompt]\nlull = later\n')
    bad = start_app()
    app = wait_until(lambda: app_node(bad.pid), 20)
    problem = wait_until(lambda: find_all(app, lambda a: 'config.ini has a problem' in
                                          (a.name or '')), 10)
    check(problem and 'config.ini:9' in problem[0].name,
          'a config.ini that does not parse opens with its problem named',
          str([a.name for a in problem or []]))
    check(find_all(app, lambda a: a.getRoleName() == 'list')[0][3].getState()
          .contains(pyatspi.STATE_SELECTED), 'on the Settings page')
    lull = named(app, 'prompt.lull')
    check(lull.getState().contains(pyatspi.STATE_INVALID), 'with the bad value marked')
    lull.queryEditableText().setTextContents('3s')
    press(named(app, 'Save settings', 'push button'))
    check(wait_until(lambda: find_all(app, lambda a: a.name ==
                                      'Saved. The daemon uses the new settings now.'), 10),
          'fixed there, it saves and the daemon takes it')
    close(bad)

    # ---- dark, and twice the scale
    dark_app = start_app(extra={'GTK_THEME': 'Adwaita:dark'})
    check(wait_until(lambda: app_node(dark_app.pid), 20), 'the window opens in the dark theme')
    time.sleep(1.5)
    dark = mean(shot('today-dark', dark_app.pid))
    check(light > 0.6 and dark < 0.4, f'it follows the theme (light {light:.2f}, dark {dark:.2f})')
    app = app_node(dark_app.pid)
    for i, page in enumerate(['routines', 'history', 'settings'], start=1):
        show_page(app, i)
        time.sleep(1)
        shot(f'{page}-dark', dark_app.pid)
    close(dark_app)

    big = start_app('--page', 'routines', extra={'GDK_SCALE': '2'})
    check(wait_until(lambda: app_node(big.pid), 20), 'the window opens at scale 2')
    time.sleep(1.5)
    one, two = size(pictures['today']), size(shot('routines-scale2', big.pid))
    check(two[0] >= 2 * one[0] - 4 and two[1] >= 2 * one[1] - 4,
          f'GDK_SCALE=2 draws it at twice the pixels ({one} and {two})')
    close(big)

    daemon.terminate()
    check(daemon.wait(10) == 0, 'the daemon ends cleanly')

    # ---- with the daemon gone, the window offers to start it, and does
    again = start_app()
    app = wait_until(lambda: app_node(again.pid), 20)
    button = wait_until(lambda: named(app, 'Start the daemon', 'push button'), 10)
    check(button is not None, 'with the daemon gone, Today offers to start it')
    press(button)
    check(wait_until(status, 15), 'Start the daemon starts one that answers on the bus')
    check(wait_until(lambda: named(app, 'The movebreak daemon is not running', 'label') is None,
                     10), 'and Today follows it')
    started = mbtest.bus_pid(env, 'io.github.movebreak.Daemon')
    check(started and started not in (p.pid for p in procs),
          'a daemon of its own, left running in its own session', str(started))
    os.kill(started, 15)
    check(wait_until(lambda: not os.path.exists(f'/proc/{started}') or
                     open(f'/proc/{started}/stat').read().split()[2] == 'Z', 10),
          'it ends when told')
    close(again)
finally:
    for p in app_procs:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
    # The accessibility bus the session bus started, and its registry, go with it.
    a11y.close()
    mbtest.kill_all(procs)
done()
