#!/usr/bin/env python3
"""movebreak stats and challenge over real SQLite histories, in Europe/Berlin around DST days."""
import csv
import io
import json
import os
import pty
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mbtest import MOVEBREAK, Home, check, done  # noqa: E402

TZ = 'Europe/Berlin'
BERLIN = ZoneInfo(TZ)
if not os.path.exists('/usr/share/zoneinfo/' + TZ):
    print('SKIP: no tzdata for ' + TZ)
    sys.exit(77)


def us(local):
    """Wall-clock microseconds of a Berlin local time 'YYYY-MM-DD HH:MM' (fold 0)."""
    t = datetime.strptime(local, '%Y-%m-%d %H:%M').replace(tzinfo=BERLIN)
    return int(t.timestamp()) * 1000000


class History(Home):
    """A private home whose history.db has the store's own schema (made by the binary)."""

    def __init__(self, goal=None):
        super().__init__()
        if goal is not None:
            os.makedirs(os.path.join(self.config, 'movebreak'))
            with open(os.path.join(self.config, 'movebreak', 'config.ini'), 'w') as f:
                f.write(f'[stats]\ngoal = {goal}\n')
        r = self.run('history')
        check(r.returncode == 0, 'history creates the database', r.stderr)

    def env(self, today=None, **extra):
        env = super().env(TZ=TZ, **extra)
        if today:
            env['MOVEBREAK_TODAY'] = today
        return env

    def stats(self, today, *args):
        return self.run('stats', *args, env=self.env(today))

    def challenge(self, today, *args):
        return self.run('challenge', *args, env=self.env(today))

    def add(self, local, outcome='completed', source='manual', kind='movement', minutes=4):
        start = us(local)
        with sqlite3.connect(self.db) as db:
            db.execute('INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,'
                       ' exercises_done, exercises_total, outcome, source, kind)'
                       ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                       (start, start + minutes * 60000000, minutes * 60000000, 240000000,
                        'shoulder-reset' if kind == 'movement' else 'micro-reset', 5, 5,
                        outcome, source, kind))

    def activity(self, start, end, active_min):
        with sqlite3.connect(self.db) as db:
            db.execute('INSERT INTO activity (start_us, end_us, active_us) VALUES (?, ?, ?)',
                       (us(start), us(end), active_min * 60000000))


def stats_json(h, today, *args):
    r = h.stats(today, '--json', *args)
    check(r.returncode == 0, f'stats --json {" ".join(args)} on {today} exits 0', r.stderr)
    return json.loads(r.stdout)


def by_date(doc):
    return {d['date']: d for d in doc['days']}


DAY_FIELDS = ['date', 'movement_done', 'micro_done', 'partial', 'skipped', 'postponed',
              'natural', 'due', 'taken', 'adherence_pct', 'active_s', 'goal_met']
TOTAL_FIELDS = ['days', 'movement_done', 'micro_done', 'partial', 'skipped', 'postponed',
                'natural', 'due', 'taken', 'adherence_pct', 'active_s', 'days_met',
                'current_streak', 'current_streak_capped', 'best_streak']


def spring_dst():
    """Berlin's 2026-03-29 has 23 hours; breaks near its midnights land on the right days."""
    h = History(goal=2)
    h.add('2026-03-27 10:00')
    # Across midnight: counts on the 28th, when it started.
    h.add('2026-03-28 09:00')
    h.add('2026-03-28 23:58', minutes=6)
    # Before and after the clocks jump at 02:00, and just before the short day ends.
    h.add('2026-03-29 00:30')
    h.add('2026-03-29 23:50')
    h.add('2026-03-30 00:10')
    h.activity('2026-03-29 23:00', '2026-03-30 01:00', 60)
    doc = stats_json(h, '2026-03-30', '--days', '4')
    check(list(doc) == ['today', 'goal', 'goal_source', 'days', 'totals'],
          'stats JSON has today, goal, goal_source, days, totals', str(list(doc)))
    check(doc['today'] == '2026-03-30' and doc['goal'] == 2 and doc['goal_source'] == 'config',
          'today pinned by MOVEBREAK_TODAY; goal from [stats] goal', str(doc))
    check([d['date'] for d in doc['days']] == ['2026-03-27', '2026-03-28', '2026-03-29',
                                                '2026-03-30'], 'four days, oldest first')
    for d in doc['days']:
        check(list(d) == DAY_FIELDS, f'{d["date"]} has the documented fields', str(list(d)))
    check(list(doc['totals']) == TOTAL_FIELDS, 'totals have the documented fields',
          str(list(doc['totals'])))
    days = by_date(doc)
    check([days[k]['movement_done'] for k in sorted(days)] == [1, 2, 2, 1],
          'breaks per day follow local midnights across the DST change',
          json.dumps(doc['days']))
    check(days['2026-03-28']['goal_met'] and days['2026-03-29']['goal_met'],
          'goal met exactly (2 of 2) counts as met')
    check(not days['2026-03-27']['goal_met'] and not days['2026-03-30']['goal_met'],
          'one break of two does not meet the goal')
    # 23:00 CEST to 01:00: an hour on each side of midnight, 30 minutes active each.
    check(days['2026-03-29']['active_s'] == 1800 and days['2026-03-30']['active_s'] == 1800,
          'activity across midnight is shared between the days',
          f"{days['2026-03-29']['active_s']} {days['2026-03-30']['active_s']}")
    t = doc['totals']
    check(t['days'] == 4 and t['movement_done'] == 6 and t['days_met'] == 2,
          'totals: 4 days, 6 breaks, 2 days met', str(t))
    check(t['current_streak'] == 2 and t['best_streak'] == 2,
          'streak runs through yesterday while today is open', str(t))
    check(t['due'] == 6 and t['taken'] == 6 and t['adherence_pct'] == 100,
          'breaks by hand are due and taken: 100%', str(t))
    check(t['active_s'] == 3600, 'total active time', str(t))

    # Today meets the goal: the streak now includes it.
    h.add('2026-03-30 11:00')
    t = stats_json(h, '2026-03-30', '--days', '4')['totals']
    check(t['current_streak'] == 3 and t['best_streak'] == 3,
          'meeting the goal today extends the streak to 3', str(t))

    # The same history seen a day later: today open, yesterday met.
    t = stats_json(h, '2026-03-31', '--days', '5')['totals']
    check(t['current_streak'] == 3, 'an open today does not break the streak', str(t))
    t = stats_json(h, '2026-04-01', '--days', '6')['totals']
    check(t['current_streak'] == 0 and t['best_streak'] == 3,
          'a missed yesterday ends the streak; the best stays', str(t))

    r = h.stats('2026-03-30', '--csv', '--days', '4')
    check(r.returncode == 0, 'stats --csv exits 0', r.stderr)
    rows = list(csv.reader(io.StringIO(r.stdout)))
    check(rows[0] == DAY_FIELDS, 'CSV header names the fields', str(rows[0]))
    check([row[0] for row in rows[1:]] == ['2026-03-27', '2026-03-28', '2026-03-29',
                                           '2026-03-30', 'total'], 'CSV: a row a day, then total')
    check(rows[-1][1] == '7' and rows[-1][-1] == '3', 'CSV total: 7 breaks, 3 days met',
          str(rows[-1]))
    check(rows[1][9] == '100.0' or rows[1][9] == '100', 'CSV adherence per day', str(rows[1]))

    r = h.stats('2026-03-30', '--days', '4')
    check(r.returncode == 0 and '\033' not in r.stdout, 'text output to a pipe has no escapes',
          r.stdout + r.stderr)
    check('Today: 2 of 2 movement breaks, goal met' in r.stdout, 'text shows today against the goal',
          r.stdout)
    check('Mon ' in r.stdout and '#' in r.stdout, 'text has the calendar heat map', r.stdout)
    check('2026-03-29  ##|' in r.stdout, 'bar chart marks the goal', r.stdout)


def autumn_dst():
    """Berlin's 2026-10-25 has 25 hours."""
    h = History(goal=1)
    h.add('2026-10-25 00:30')
    h.add('2026-10-25 23:30')
    h.add('2026-10-26 00:30')
    days = by_date(stats_json(h, '2026-10-26', '--days', '2'))
    check(days['2026-10-25']['movement_done'] == 2 and days['2026-10-26']['movement_done'] == 1,
          '25-hour day holds its late break; the next starts at local midnight', str(days))


def long_streak():
    """The current streak is followed back past the days shown, in blocks of days."""
    h = History(goal=1)
    start = datetime(2026, 1, 1)
    for i in range(100):
        h.add((start + timedelta(days=i)).strftime('%Y-%m-%d 10:00'))
    # 2026-01-01 + 99 days = 2026-04-10; the day before the first break missed.
    t = stats_json(h, '2026-04-10', '--days', '7')['totals']
    check(t['current_streak'] == 100 and t['best_streak'] == 100 and t['days_met'] == 7 and
          not t['current_streak_capped'],
          'a 100-day streak seen through 7 days: current and best 100', str(t))
    t = stats_json(h, '2026-04-11', '--days', '7')['totals']
    check(t['current_streak'] == 100, 'today still open: the streak holds at 100', str(t))
    t = stats_json(h, '2026-04-12', '--days', '7')['totals']
    check(t['current_streak'] == 0 and t['best_streak'] == 5,
          'a missed day ends it; best counts only the days shown', str(t))


def endless_streak():
    """A streak longer than the look-back stops there and says so."""
    h = History(goal=1)
    with sqlite3.connect(h.db) as db:
        for i in range(420):
            t = us((datetime(2025, 2, 1) + timedelta(days=i)).strftime('%Y-%m-%d 10:00'))
            db.execute('INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,'
                       ' exercises_done, exercises_total, outcome, source, kind)'
                       " VALUES (?, ?, 1, 1, 'shoulder-reset', 5, 5, 'completed', 'manual',"
                       " 'movement')", (t, t + 1))
    # 2025-02-01 + 419 days = 2026-03-26.
    t = stats_json(h, '2026-03-26', '--days', '10')['totals']
    check(t['current_streak'] == 10 + 384 and t['current_streak_capped'],
          'a 420-day streak: followed 384 days back, then marked as capped', str(t))
    r = h.stats('2026-03-26', '--days', '10')
    check('streak 394+ days, best 394+' in r.stdout, 'text marks a capped streak with +',
          r.stdout)


def episodes():
    """Due and taken: a prompt and its re-prompts count once; skipped is due, not taken; only a
    completed break is taken, and a break begun by hand and then skipped or cut short was
    never due."""
    h = History()
    h.add('2026-05-04 10:00', 'prompted', 'prompt')
    h.add('2026-05-04 10:01', 'postponed', 'prompt')
    h.add('2026-05-04 10:06', 'prompted', 'prompt')
    h.add('2026-05-04 10:07', 'postponed', 'prompt')
    h.add('2026-05-04 10:12', 'prompted', 'prompt')
    h.add('2026-05-04 10:13', 'started', 'prompt')
    h.add('2026-05-04 10:13', 'completed', 'manual')
    h.add('2026-05-04 12:00', 'prompted', 'prompt')
    h.add('2026-05-04 12:01', 'skipped', 'prompt')
    h.add('2026-05-04 13:00', 'prompted', 'prompt', kind='micro')
    h.add('2026-05-04 13:00', 'started', 'prompt', kind='micro')
    h.add('2026-05-04 13:00', 'completed', 'manual', kind='micro', minutes=1)
    h.add('2026-05-04 15:00', 'partial', 'manual')
    h.add('2026-05-04 16:00', 'natural', 'prompt')
    # `movebreak break`, then `movebreak skip`: the daemon's two rows, both by hand.
    h.add('2026-05-04 17:00', 'started', 'manual')
    h.add('2026-05-04 17:01', 'skipped', 'manual')
    d = stats_json(h, '2026-05-04', '--days', '1')['days'][0]
    want = {'movement_done': 1, 'micro_done': 1, 'partial': 1, 'skipped': 2, 'postponed': 2,
            'natural': 1, 'due': 3, 'taken': 2, 'adherence_pct': 66.7, 'goal_met': False}
    for k, v in want.items():
        check(d[k] == v, f'episodes: {k} is {v}', json.dumps(d))


def challenges():
    h = History()
    # 2026-03-30 is a Monday: the default start is the Monday after.
    r = h.challenge('2026-03-30', 'start')
    check(r.returncode == 0 and '2026-04-06' in r.stdout, 'start defaults to next Monday',
          r.stdout + r.stderr)
    r = h.challenge('2026-03-30', 'status', '--json')
    c = json.loads(r.stdout)['challenge']
    check(c['state'] == 'upcoming' and c['starts_in_days'] == 7 and c['day'] == 0,
          'a challenge in the future: upcoming, starts in 7 days', str(c))
    check(c['start_date'] == '2026-04-06' and c['end_date'] == '2026-05-05' and c['days'] == 30
          and c['goal'] == 3, 'defaults: 30 days, goal 3', str(c))
    r = h.challenge('2026-03-30', 'status')
    check('Starts in 7 days' in r.stdout, 'status says when it starts', r.stdout)

    r = h.challenge('2026-03-30', 'start', '--on', 'today', '--days', '3', '--goal', '1')
    check(r.returncode == 1 and 'under way' in r.stderr and '--force' in r.stderr,
          'a second challenge without --force: exit 1, names --force', r.stdout + r.stderr)
    r = h.challenge('2026-03-30', 'start', '--on', 'today', '--days', '3', '--goal', '1',
                    '--force')
    check(r.returncode == 0 and 'Stopped' in r.stdout, '--force stops the first and starts',
          r.stdout + r.stderr)

    # Day 1 met exactly, day 2 missed, day 3 met.
    h.add('2026-03-30 10:00')
    h.add('2026-04-01 23:30')
    c = json.loads(h.challenge('2026-03-31', 'status', '--json').stdout)['challenge']
    check(c['state'] == 'running' and c['day'] == 2 and c['today_done'] == 0 and
          c['days_met'] == 1 and c['days_missed'] == 0 and c['current_streak'] == 1,
          'running: day 2 of 3, today open, not yet missed', str(c))
    check([x['movement_done'] for x in c['calendar']] == [1, 0], 'calendar so far', str(c))
    st = stats_json(h, '2026-03-31', '--days', '2')
    check(st['goal'] == 1 and st['goal_source'] == 'challenge',
          "stats uses the running challenge's goal", str(st))

    c = json.loads(h.challenge('2026-04-05', 'status', '--json').stdout)['challenge']
    check(c['state'] == 'ended' and c['day'] == 3 and c['days_met'] == 2 and
          c['days_missed'] == 1 and c['best_streak'] == 1 and c['current_streak'] == 1,
          'ended: 2 met, 1 missed', str(c))
    want = ('3 days from 2026-03-30: goal of 1 movement break met on 2 days, missed on 1; '
            'best streak 1 day')
    check(c['summary'] == want, 'the ended challenge has its summary', str(c))
    with sqlite3.connect(h.db) as db:
        kept = db.execute('SELECT start_date, summary FROM challenges ORDER BY id').fetchall()
    check(kept[-1] == ('2026-03-30', want), 'the summary is kept in the history', str(kept))
    check(kept[0][1].startswith('30 days from 2026-04-06, stopped on day 0'),
          'the stopped challenge kept its summary too', str(kept))
    r = h.challenge('2026-04-05', 'stop')
    check(r.returncode == 1, 'stop with nothing under way: exit 1', r.stdout + r.stderr)

    r = h.challenge('2026-04-05', 'start', '--on', '2026-04-07', '--days', '10')
    check(r.returncode == 0, 'a new challenge after one ended needs no --force', r.stderr)
    r = h.challenge('2026-04-05', 'stop')
    check(r.returncode == 0 and 'stopped on day 0' in r.stdout, 'stop an upcoming challenge',
          r.stdout + r.stderr)


def bad_input():
    h = History()
    for args, what in [(['--days', '0'], '--days 0'), (['--days', 'x'], '--days x'),
                       (['--json', '--csv'], '--json with --csv'),
                       (['--plot', 'out.txt'], '--plot to a .txt'), (['extra'], 'an operand'),
                       (['--nope'], 'an unknown option')]:
        r = h.stats('2026-03-30', *args)
        check(r.returncode == 2 and r.stderr.startswith('movebreak stats: '),
              f'stats {what}: exit 2 with a message', r.stderr)
    r = h.stats('2026-02-30')
    check(r.returncode == 2 and 'MOVEBREAK_TODAY' in r.stderr, 'a bad MOVEBREAK_TODAY: exit 2',
          r.stderr)
    for args, what in [(['start', '--on', '2026-13-01'], 'a bad date'),
                       (['start', '--days', '0'], '--days 0'),
                       (['start', '--goal', '101'], '--goal 101'),
                       (['start', '--on', '2020-01-01'], 'a challenge already over'),
                       (['status', '--force'], 'an option of start on status'),
                       (['begin'], 'an unknown subcommand')]:
        r = h.challenge('2026-03-30', *args)
        check(r.returncode == 2 and r.stderr.startswith('movebreak challenge'),
              f'challenge {what}: exit 2 with a message', r.stderr)
    # A goal config.ini cannot give is reported, not silently replaced by the default.
    for goal, needle in (('lots', "stats.goal: 'lots'"),
                         ('2\ngoal = 4', 'stats.goal is set twice, on line 2 and here')):
        h = History(goal=goal)
        path = os.path.join(h.config, 'movebreak', 'config.ini')
        r = h.stats('2026-03-30', '--json')
        warning = f'movebreak stats: warning: {path}:3: ' if 'twice' in needle else \
            f'movebreak stats: warning: {path}:2: '
        check(r.returncode == 0 and r.stderr.startswith(warning) and needle in r.stderr,
              f'stats.goal = {goal!r}: a warning with the file and line', r.stderr)
        want = 2 if 'twice' in needle else 3
        check(json.loads(r.stdout)['goal'] == want,
              f'and the goal the rest of the file gives ({want})', r.stdout)


def terminal_colours():
    """On a terminal: block characters and colours, none with NO_COLOR."""
    h = History(goal=1)
    h.add('2026-03-30 10:00')
    outs = {}
    for no_color in ['', '1']:
        env = h.env('2026-03-30', TERM='xterm', LANG='C.UTF-8', LC_ALL='C.UTF-8')
        if no_color:
            env['NO_COLOR'] = no_color
        master, slave = pty.openpty()
        p = subprocess.Popen([MOVEBREAK, 'stats', '--days', '7'], env=env, stdout=slave,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        os.close(slave)
        data = b''
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
        p.wait(timeout=30)
        os.close(master)
        outs[no_color] = data.decode()
    check('\033[32m' in outs[''] and '█' in outs[''], 'a terminal gets colours and blocks',
          outs[''])
    check('\033' not in outs['1'] and '█' in outs['1'], 'NO_COLOR turns the colours off',
          outs['1'])


def colours(png):
    """Pixel counts by colour, through ImageMagick."""
    r = subprocess.run(['convert', png, '-format', '%c', 'histogram:info:-'],
                       capture_output=True, text=True, timeout=60)
    check(r.returncode == 0, 'ImageMagick reads the plot', r.stderr)
    counts = {}
    for line in r.stdout.splitlines():
        n, _, rest = line.strip().partition(':')
        hexcol = [w for w in rest.split() if w.startswith('#')][0]
        counts[hexcol.upper()] = int(n)
    return counts


def plot():
    """--plot hands over to movebreak-gui, which draws with cairo."""
    if subprocess.run(['which', 'convert'], capture_output=True).returncode != 0:
        print('SKIP: ImageMagick (convert) is not installed')
        sys.exit(77)
    h = History(goal=2)
    h.add('2026-03-28 09:00')
    h.add('2026-03-28 10:00')
    h.add('2026-03-29 09:00')
    h.activity('2026-03-29 09:00', '2026-03-29 17:00', 360)
    supp = os.path.join(h.root, 'lsan.supp')
    with open(supp, 'w') as f:
        f.write('leak:libfontconfig.so\n')
    env = h.env('2026-03-30', LSAN_OPTIONS='suppressions=' + supp)
    png = os.path.join(h.root, 'week.png')
    r = h.run('stats', '--days', '7', '--plot', png, env=env)
    check(r.returncode == 0 and os.path.exists(png), 'stats --plot FILE.png writes it',
          r.stdout + r.stderr)
    with open(png, 'rb') as f:
        head = f.read(24)
    check(head[:8] == b'\x89PNG\r\n\x1a\n' and int.from_bytes(head[16:20], 'big') == 960 and
          int.from_bytes(head[20:24], 'big') == 480, 'a 960x480 PNG', repr(head))
    c = colours(png)
    # Green bars for met days, orange for the rest, the dashed red goal line, the blue line.
    for hexcol, what in [('#40A659', 'a met day'), ('#EE9933', 'a day below the goal'),
                         ('#CC1919', 'the goal line'), ('#3359B3', 'active time')]:
        check(c.get(hexcol, 0) > 300, f'the plot shows {what}', str(sorted(c.items())[:12]))
    svg = os.path.join(h.root, 'week.svg')
    r = h.run('stats', '--days', '7', '--plot', svg, env=env)
    with open(svg) if os.path.exists(svg) else open(os.devnull) as f:
        text = f.read()
    check(r.returncode == 0 and text.lstrip().startswith('<?xml') and '<svg' in text,
          'stats --plot FILE.svg writes SVG', r.stdout + r.stderr)

    h2 = History(goal=2)
    png = os.path.join(h2.root, 'none.png')
    env = h2.env('2026-03-30', LSAN_OPTIONS='suppressions=' + supp)
    r = h2.run('stats', '--days', '7', '--plot', png, env=env)
    check(r.returncode == 0, 'a plot of an empty history', r.stderr)
    # The legend's 10x10 swatch is the only green left.
    check(colours(png).get('#40A659', 0) <= 100, 'no day met the goal: no green bars')


spring_dst()
autumn_dst()
long_streak()
endless_streak()
episodes()
challenges()
bad_input()
terminal_colours()
plot()
done()
