#!/usr/bin/env python3
"""Keeps the house format: every C file under src/, tests/, fuzz/ and bench/ is as .clang-format
says. The check first proves it fails on a planted badly formatted file. Debian 12's
clang-format (14) is the reference: another major version formats a few constructs otherwise,
so it is skipped, visibly, rather than trusted.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.environ.get('MB_SOURCE_ROOT') or
                       os.path.join(os.path.dirname(__file__), '..', '..'))
FOLDERS = ('src', 'tests', 'fuzz', 'bench')


def find_tool():
    for name in ('clang-format-14', 'clang-format'):
        path = shutil.which(name)
        if not path:
            continue
        out = subprocess.run([path, '--version'], capture_output=True, text=True).stdout
        m = re.search(r'version (\d+)\.', out)
        if m and m.group(1) == '14':
            return path
    return None


def unformatted(tool, files, style_dir):
    """The files clang-format would change, with the style file of style_dir."""
    bad = []
    for path in files:
        r = subprocess.run([tool, '--dry-run', '--Werror', '--style=file',
                            '--assume-filename=' + os.path.join(style_dir, 'x.c')],
                           stdin=open(path, 'rb'), capture_output=True)
        if r.returncode != 0:
            bad.append(os.path.relpath(path, ROOT))
    return bad


def main():
    tool = find_tool()
    if not tool:
        print('SKIP: clang-format 14 is not installed')
        return 77
    failures = 0

    with tempfile.TemporaryDirectory() as tmp:
        planted = os.path.join(tmp, 'planted.c')
        with open(planted, 'w') as f:
            f.write('int main(void) {\n  return 0;\n}\n')
        shutil.copy(os.path.join(ROOT, '.clang-format'), tmp)
        if unformatted(tool, [planted], tmp):
            print('ok: a planted file in another style is caught')
        else:
            print('FAIL: the check does not catch a planted file in another style')
            failures += 1

    files = []
    for folder in FOLDERS:
        for top, _, names in os.walk(os.path.join(ROOT, folder)):
            files += [os.path.join(top, n) for n in sorted(names) if n.endswith(('.c', '.h'))]
    bad = unformatted(tool, sorted(files), ROOT)
    if bad:
        failures += 1
        print(f'FAIL: {len(bad)} of {len(files)} C files are not as .clang-format says; '
              'run clang-format -i on:')
        for path in bad:
            print('  ' + path)
    else:
        print(f'ok: all {len(files)} C files are as .clang-format says')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
