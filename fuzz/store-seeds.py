#!/usr/bin/env python3
"""Seeds for fuzz-store-open: real history files in its input format (see fuzz-store-open.c).

Usage: fuzz/store-seeds.py MOVEBREAK CORPUS_DIR. Pages of 512 bytes keep each seed under
the fuzzer's -max_len; MOVEBREAK makes the current schema, so the seeds follow it."""
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile

movebreak, corpus = sys.argv[1], sys.argv[2]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = tempfile.mkdtemp(prefix='mb-store-seeds-')


def small_db(name):
    """An empty SQLite file with small pages: version 0, nothing in it."""
    path = os.path.join(work, name)
    con = sqlite3.connect(path)
    con.execute('PRAGMA page_size = 512')
    con.execute('VACUUM')
    con.close()
    return path


def add_rows(path, n):
    con = sqlite3.connect(path)
    con.executemany("INSERT INTO breaks (start_us, end_us, active_us, planned_us, routine,"
                    " exercises_done, exercises_total, outcome, source) VALUES"
                    " (?, ?, 1, 1, 'seed', 1, 5, 'completed', 'manual')",
                    [(1714742400000000 + i, 1714742400000001 + i) for i in range(n)])
    con.commit()
    con.close()


def read(path):
    with open(path, 'rb') as f:
        return f.read()


def seed(name, main, wal=None):
    with open(os.path.join(corpus, 'seed-' + name), 'wb') as f:
        if wal is None:
            f.write(b'\0' + main)
        else:
            f.write(b'\1' + struct.pack('<H', len(main)) + main + wal)


try:
    seed('empty', b'')
    seed('v0', read(small_db('v0.db')))

    v1 = small_db('v1.db')
    with open(os.path.join(root, 'tests', 'data', 'store', 'v1.sql')) as f:
        sql = f.read()
    con = sqlite3.connect(v1)
    con.executescript(sql)
    con.close()
    seed('v1', read(v1))

    # The current schema, as movebreak makes it from an empty file.
    data = os.path.join(work, 'data')
    v2 = os.path.join(data, 'movebreak', 'history.db')
    os.makedirs(os.path.dirname(v2))
    shutil.copy(small_db('empty.db'), v2)
    env = dict(os.environ, XDG_DATA_HOME=data, HOME=work, XDG_CONFIG_HOME=work)
    subprocess.run([movebreak, 'history'], env=env, check=True, stdout=subprocess.DEVNULL)
    add_rows(v2, 20)
    main = read(v2)
    seed('v2', main)
    seed('v2-truncated', main[:len(main) // 2])

    # A crash's leftovers: the last rows only in the -wal, copied while a writer is open.
    con = sqlite3.connect(v2)
    con.execute('PRAGMA wal_autocheckpoint = 0')
    con.execute("UPDATE breaks SET routine = 'changed' WHERE id <= 3")
    con.commit()
    seed('v2-wal', read(v2), read(v2 + '-wal'))
    con.close()
finally:
    shutil.rmtree(work)
