#!/usr/bin/env python3
"""End to end: `movebreak simulate` over every trace in tests/data/traces against its golden output.

NAME.trace runs with NAME.ini as --config and NAME.respond as --respond when they exist, and its
JSON lines must equal NAME.expected. bad-*.trace (and bad-config-*.ini, run over intervals.trace)
must exit 2 with every line of their .error file after the file's name on stderr.
"""
import difflib
import glob
import json
import os

from mbtest import Home, SOURCE_ROOT, check, done

TRACES = os.path.join(SOURCE_ROOT, 'tests', 'data', 'traces')
home = Home()


def sidecar(base, ext):
    path = base + ext
    return path if os.path.exists(path) else None


def simulate(trace, *extra):
    return home.run('simulate', '--trace', trace, *extra)


# The expected outputs were worked out by hand for breaks of these lengths: the built-in
# shoulder-reset at its default 4 minutes and micro-reset fitted to 30 s.
for routine, minutes, want in (('shoulder-reset', '4', 240), ('micro-reset', '0.5', 29)):
    r = home.run('plan', '--minutes', minutes, '--json', routine)
    got = json.loads(r.stdout)['total_s'] if r.returncode == 0 else None
    check(got == want, f'{routine} plans {want} s, as the golden traces assume (got {got}); '
          'if the routine changed on purpose, rework the expected files')

golden = sorted(t for t in glob.glob(os.path.join(TRACES, '*.trace'))
                if not os.path.basename(t).startswith('bad-'))
check(len(golden) >= 15, f'there are golden traces ({len(golden)})')
for trace in golden:
    base = trace[:-len('.trace')]
    name = os.path.basename(base)
    args = ['--json']
    if sidecar(base, '.ini'):
        args += ['--config', base + '.ini']
    if sidecar(base, '.respond'):
        args += ['--respond', open(base + '.respond').read().strip()]
    r = simulate(trace, *args)
    check(r.returncode == 0 and r.stderr == '', f'{name}: simulate succeeds', r.stderr)
    expected_text = open(base + '.expected').read()
    # Compare objects, so the order of keys inside a line does not matter; show a text diff.
    got = [json.loads(line) for line in r.stdout.splitlines()]
    want = [json.loads(line) for line in expected_text.splitlines() if line.strip()]
    diff = '\n'.join(difflib.unified_diff(expected_text.splitlines(), r.stdout.splitlines(),
                                          'expected', 'got', lineterm=''))
    check(got == want, f'{name}: output matches {name}.expected', diff)

    # The readable timeline tells the same story: one line per event, and the summary.
    r = simulate(trace, *args[1:])
    events = [e for e in want if e['event'] != 'summary']
    lines = [line for line in r.stdout.splitlines() if line[:1].isdigit()]
    s = want[-1]
    check(r.returncode == 0 and len(lines) == len(events) + 1 and
          f'movement breaks done: {s["breaks_done"]}' in r.stdout and
          f'natural breaks: {s["natural_breaks"]}' in r.stdout,
          f'{name}: the readable timeline has the same events and totals', r.stdout)

# Bad traces and bad configs exit 2 and name the line.
bad_traces = sorted(glob.glob(os.path.join(TRACES, 'bad-*.trace')))
bad_configs = sorted(glob.glob(os.path.join(TRACES, 'bad-config-*.ini')))
check(len(bad_traces) >= 8 and len(bad_configs) >= 5,
      f'there are malformed traces ({len(bad_traces)}) and configs ({len(bad_configs)})')
good = os.path.join(TRACES, 'intervals.trace')
for path in bad_traces + bad_configs:
    name = os.path.basename(path)
    if path.endswith('.trace'):
        r = simulate(path, '--json')
    else:
        r = simulate(good, '--config', path, '--json')
    wants = [path + line for line in open(path[:path.rindex('.')] + '.error').read().splitlines()]
    check(r.returncode == 2 and r.stdout == '' and all(w in r.stderr for w in wants),
          f'{name}: exits 2 with {"; ".join(w[len(path):] for w in wants)}', r.stderr)

# The README's example config spells out the defaults: it must change nothing.
readme = open(os.path.join(SOURCE_ROOT, 'README.md')).read()
start = readme.index('```ini\n[movement]') + len('```ini\n')
example = os.path.join(home.root, 'readme-example.ini')
with open(example, 'w') as f:
    f.write(readme[start:readme.index('```', start)])
morning = os.path.join(TRACES, 'default-morning.trace')
r = simulate(morning, '--json', '--config', example)
check(r.returncode == 0 and r.stdout == open(os.path.join(TRACES, 'default-morning.expected')).read(),
      "the README's example config loads and behaves exactly like the defaults", r.stdout + r.stderr)

# The command line itself.
r = home.run('simulate', '--help')
check(r.returncode == 0 and r.stdout.startswith('Usage: movebreak simulate'), 'simulate --help')
for args, needle in ((['--json'], '--trace FILE is required'),
                     (['--trace', good, '--respond', 'start,dance'], '--respond'),
                     (['--trace', good, '--respond', ''], '--respond'),
                     (['--trace', good, 'extra'], "unexpected argument 'extra'"),
                     (['--trace', '/nonexistent.trace'], '/nonexistent.trace: cannot read'),
                     (['--trace', good, '--config', '/nonexistent.ini'], '/nonexistent.ini: cannot read'),
                     (['--trace', good, '--bogus'], "'--bogus'")):
    r = home.run('simulate', *args)
    check(r.returncode == 2 and needle in r.stderr, f'simulate {" ".join(args)} exits 2 naming the problem',
          r.stderr)

# Without --config, the user's own config.ini is used.
conf_dir = os.path.join(home.config, 'movebreak')
os.makedirs(conf_dir, exist_ok=True)
with open(os.path.join(conf_dir, 'config.ini'), 'w') as f:
    f.write(open(os.path.join(TRACES, 'intervals.ini')).read())
r = simulate(good, '--json')
check(r.returncode == 0 and r.stdout == open(os.path.join(TRACES, 'intervals.expected')).read(),
      'without --config, $XDG_CONFIG_HOME/movebreak/config.ini applies', r.stdout + r.stderr)
with open(os.path.join(conf_dir, 'config.ini'), 'w') as f:
    f.write('[movement]\nroutine = no-such-routine\n')
r = simulate(good, '--json')
check(r.returncode == 2 and 'no-such-routine' in r.stderr, 'a routine the config names must exist',
      r.stderr)
os.remove(os.path.join(conf_dir, 'config.ini'))

done()
