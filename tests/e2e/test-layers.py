#!/usr/bin/env python3
"""Keeps the layers: every folder of src/ is one library whose includes only point down.

    core < parse, platform, desktop, voice, render < app < coach < cli, daemon, gui

A folder may include its own headers and those of any layer below it, never one beside or
above it, so the three front ends never include one another. Every folder has its own
meson.build. The check first proves it fails on a planted bad tree.
"""
import os
import re
import sys
import tempfile

ROOT = os.environ.get('MB_SOURCE_ROOT') or os.path.join(os.path.dirname(__file__), '..', '..')
RANK = {'core': 0, 'parse': 1, 'platform': 1, 'desktop': 1, 'voice': 1, 'render': 1,
        'app': 2, 'coach': 3, 'cli': 4, 'daemon': 4, 'gui': 4}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z]+)/[^"]+"', re.M)


def problems(src):
    found = []
    for folder in sorted(os.listdir(src)):
        path = os.path.join(src, folder)
        if not os.path.isdir(path):
            continue
        if folder not in RANK:
            found.append(f'src/{folder}: a folder the layer table does not name')
            continue
        if not os.path.exists(os.path.join(path, 'meson.build')):
            found.append(f'src/{folder}: no meson.build of its own')
        for name in sorted(os.listdir(path)):
            if not name.endswith(('.c', '.h')):
                continue
            with open(os.path.join(path, name), encoding='utf-8') as f:
                text = f.read()
            for m in INCLUDE.finditer(text):
                to = m.group(1)
                line = text.count('\n', 0, m.start()) + 1
                if to == folder:
                    continue
                if to not in RANK:
                    found.append(f'src/{folder}/{name}:{line}: includes "{to}/", not a layer')
                elif RANK[to] >= RANK[folder]:
                    found.append(f'src/{folder}/{name}:{line}: {folder} includes {to}/, '
                                 'which is not below it')
    return found


def check(cond, what, detail=''):
    if not cond:
        print(f'FAIL: {what}')
        if detail:
            print(detail)
        sys.exit(1)
    print(f'ok: {what}')


with tempfile.TemporaryDirectory() as tmp:
    planted = {
        'core/a.c': '#include "core/b.h"\n',
        'platform/store.c': '#include "desktop/idle.h"\n',
        'app/x.c': '#include "coach/coach.h"\n',
        'cli/y.c': '#include "daemon/daemon.h"\n#include "app/exit.h"\n',
        'gui/z.c': '#include "core/timeline.h"\n',
    }
    for rel, text in planted.items():
        os.makedirs(os.path.join(tmp, os.path.dirname(rel)), exist_ok=True)
        with open(os.path.join(tmp, rel), 'w') as f:
            f.write(text)
    for folder in ('core', 'app', 'cli', 'gui'):
        open(os.path.join(tmp, folder, 'meson.build'), 'w').close()
    got = problems(tmp)
    want = ['src/platform: no meson.build',
            'src/platform/store.c:1: platform includes desktop/',
            'src/app/x.c:1: app includes coach/',
            'src/cli/y.c:1: cli includes daemon/']
    check(all(any(w in g for g in got) for w in want) and len(got) == 4,
          'the check catches a peer, an upward and a front-end include and a folder '
          'without meson.build, and passes the rest', '\n'.join(got))

found = problems(os.path.join(ROOT, 'src'))
check(not found, 'every include in src/ points down the layer table', '\n'.join(found))
