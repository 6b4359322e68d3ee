"""The model cache (cli/plans/loading/cache.py): it runs nothing, trusts only the user's own private
files, treats any damage as a miss, survives concurrent writers, and never changes an answer."""
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from plans.loading import loader

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
REPO = ROOT / "tests" / "fixtures" / "repo"
PKG = ROOT / "cli" / "plans"
STATUS_MINI = ("status", "--repo", MINI, "--all", "--as-of", "2025-06-01")
STATUS_REPO = ("status", "--repo", REPO / "plans", "--repo", REPO / "kpi", "--as-of", "2026-03-01")
DB = "model.sqlite3"


@pytest.fixture
def cache_at(monkeypatch, tmp_path):
    """``cache_at(path)`` points the cache there; ``cache_at(None)`` makes it unusable (a path
    under a regular file), which is how the tests get an uncached answer to compare with."""

    def point(path):
        if path is None:
            blocker = tmp_path / "not-a-dir"
            blocker.write_text("")
            path = blocker / "plans"
        monkeypatch.setenv("PLANS_CACHE_DIR", str(path))
        return Path(path)

    return point


@pytest.fixture
def loads(monkeypatch):
    """The files parsed afresh (not served from the cache) since the fixture was set up."""
    seen = []
    real = loader.load_file

    def counting(path, *a, **kw):
        seen.append(path)
        return real(path, *a, **kw)

    monkeypatch.setattr(loader, "load_file", counting)
    return seen


def _status(run, args=STATUS_MINI):
    res = run(*args)
    assert res.exit_code == 0, res.output
    return res


def _uncached(run, cache_at, args=STATUS_MINI):
    cache_at(None)
    out = _status(run, args).stdout
    return out


def test_no_pickle_in_the_package():
    for src in PKG.rglob("*.py"):
        text = src.read_text(encoding="utf-8")
        assert "import pickle" not in text and "pickle." not in text, src


def test_status_is_the_same_with_and_without_the_cache(run, cache_at, loads, tmp_path):
    expected = _uncached(run, cache_at, STATUS_REPO)
    assert "Sở Giáo dục" in expected  # a real answer, not an empty table
    d = cache_at(tmp_path / "home" / ".cache" / "plans")
    cold = _status(run, STATUS_REPO)
    assert cold.stdout == expected
    assert cold.stderr == ""
    del loads[:]
    warm = _status(run, STATUS_REPO)
    assert warm.stdout == expected
    assert loads == []  # every file came from the cache
    assert os.stat(d).st_mode & 0o777 == 0o700
    files = sorted(p.name for p in d.iterdir())
    assert files == [DB]
    assert os.stat(d / DB).st_mode & 0o777 == 0o600
    # the same in JSON and in English
    for other in (STATUS_REPO + ("-f", "json"), ("--lang", "en") + STATUS_REPO):
        warm_other = _status(run, other).stdout
        cache_at(None)
        assert warm_other == _status(run, other).stdout
        cache_at(d)


def test_one_edited_file_is_the_only_one_parsed_again(run, cache_at, loads, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # names on one line each (a pipe is 80 columns wide)
    repo = tmp_path / "repo"
    shutil.copytree(REPO, repo)
    args = ("status", "--repo", repo / "plans", "--repo", repo / "kpi", "--as-of", "2026-03-01")
    cache_at(tmp_path / "cache")
    _status(run, args)
    n_files = len(loads)
    assert n_files > 5
    edited = repo / "plans" / "agencies" / "hp.yaml"
    text = edited.read_text(encoding="utf-8")
    assert "name: Sở Giáo dục và Đào tạo" in text
    edited.write_text(text.replace("name: Sở Giáo dục và Đào tạo", "name: Sở Giáo dục và Đào tạo mới", 1),
                      encoding="utf-8")
    del loads[:]
    after = _status(run, args).stdout
    assert [Path(p) for p in loads] == [edited]
    assert "Sở Giáo dục và Đào tạo mới" in after
    assert after == _uncached(run, cache_at, args)


def test_positions_and_load_findings_survive_a_cache_hit(cache_at, loads, tmp_path):
    repo = tmp_path / "mini"
    shutil.copytree(MINI, repo)
    plan = repo / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("    direction: decrease\n", "    direction: decrease\n    colour: red\n", 1),
                    encoding="utf-8")

    def snapshot(cache):
        r, findings = loader.load_repository([str(repo)], cache=cache)
        task = r.plans["vn-2025-mini"].find("II.2.a.1")
        return ([(f.code, f.file, f.line, f.col, f.args) for f in findings],
                [(f.code, f.line) for f in r.load_findings],
                str(task.at("lead")), str(task.at("days", 0, "date")), sorted(r.files), sorted(r.agencies))

    cache_at(None)
    expected = snapshot(True)
    assert any(f[0] == "S001" and f[4]["key"] == "colour" for f in expected[0])
    cache_at(tmp_path / "cache")
    assert snapshot(True) == expected  # cold: loaded and stored
    del loads[:]
    assert snapshot(True) == expected  # warm: rebuilt from the cache, positions read from the files
    assert loads == []


# ---------------------------------------------------------------- damage

def _warm(run, d):
    """Fill the cache; returns the one file it is kept in."""
    _status(run)
    files = [p for p in d.iterdir() if p.is_file()]
    assert len(files) == 1, files
    return files[0]


def test_every_flipped_byte_is_a_miss_never_a_crash_or_another_model(run, cache_at, tmp_path):
    expected = _uncached(run, cache_at)
    d = cache_at(tmp_path / "cache")
    db = _warm(run, d)
    pristine = db.read_bytes()
    rnd = random.Random(20261130)
    positions = sorted(rnd.sample(range(len(pristine)), min(300, len(pristine))))
    for pos in positions:
        damaged = bytearray(pristine)
        damaged[pos] ^= rnd.choice((0x01, 0x10, 0x80, 0xFF))
        db.write_bytes(bytes(damaged))
        res = run(*STATUS_MINI)  # the run fixture fails on a traceback or an exception
        assert res.exit_code == 0, (pos, res.output)
        assert res.stdout == expected, pos
    for size in (0, 1, 100, 4096, len(pristine) // 2, len(pristine) - 1):
        db.write_bytes(pristine[:size])
        res = run(*STATUS_MINI)
        assert res.exit_code == 0 and res.stdout == expected, size
    # after damage the cache heals: the next run serves from it again
    assert run(*STATUS_MINI).stdout == expected


def test_an_edited_payload_with_a_stale_digest_is_not_used(run, cache_at, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # names on one line each (a pipe is 80 columns wide)
    expected = _uncached(run, cache_at)
    assert "Thương binh" in expected
    d = cache_at(tmp_path / "cache")
    db = _warm(run, d)
    raw = db.read_bytes()
    assert raw.count(b"binh") >= 1
    db.write_bytes(raw.replace(b"binh", b"binx"))  # still well-formed, another name
    assert _status(run).stdout == expected


# ---------------------------------------------------------------- whose cache

def _poison(d):
    """Rewrite every entry as an attacker who can write the cache would: another agency name, with
    the digests recomputed (they are integrity checks, not secrets)."""
    from plans.loading import cache

    con = sqlite3.connect(d / DB)
    rows = con.execute("SELECT key, payload FROM entry").fetchall()
    assert rows
    for key, payload in rows:
        bad = payload.replace(b"binh", b"binx")
        con.execute("UPDATE entry SET payload = ?, digest = ? WHERE key = ?", (bad, cache._digest(key, bad), key))
    con.commit()
    con.close()


def _other_owner(path, monkeypatch):
    if os.getuid() == 0:
        os.chown(path, 4242, 4242, follow_symlinks=False)
    else:  # cannot give a file away: be someone else instead
        uid = os.getuid() + 1
        monkeypatch.setattr(os, "getuid", lambda: uid)


def _world_writable_dir(d, link, monkeypatch):
    d.chmod(0o777)
    return d


def _group_writable_dir(d, link, monkeypatch):
    d.chmod(0o770)
    return d


def _writable_db(d, link, monkeypatch):
    (d / DB).chmod(0o666)
    return d


def _dir_of_another_user(d, link, monkeypatch):
    _other_owner(d, monkeypatch)
    return d


def _db_of_another_user(d, link, monkeypatch):
    _other_owner(d / DB, monkeypatch)
    return d


def _symlinked_dir(d, link, monkeypatch):
    link.symlink_to(d, target_is_directory=True)
    return link


def _symlinked_db(d, link, monkeypatch):
    link.mkdir(mode=0o700)
    (link / DB).symlink_to(d / DB)
    return link


@pytest.mark.parametrize("make_unsafe", [
    _world_writable_dir, _group_writable_dir, _writable_db, _dir_of_another_user, _db_of_another_user,
    _symlinked_dir, _symlinked_db])
def test_a_cache_that_is_not_private_is_not_used(run, cache_at, tmp_path, monkeypatch, make_unsafe):
    expected = _uncached(run, cache_at)
    d = cache_at(tmp_path / "cache")
    _warm(run, d)
    _poison(d)
    assert "binx" in _status(run).stdout  # the poisoned cache, were it trusted, changes the answer
    used = cache_at(make_unsafe(d, tmp_path / "link", monkeypatch))
    before = (d / DB).read_bytes()
    res = _status(run)
    assert res.stdout == expected
    assert "binx" not in res.stdout
    warning = [line for line in res.stderr.splitlines() if "bộ nhớ đệm" in line]
    assert len(warning) == 1 and str(used) in warning[0], res.stderr
    assert (d / DB).read_bytes() == before  # nothing written there either
    res = _status(run, ("--lang", "en") + STATUS_MINI)
    assert "Not using the cache" in res.stderr


def test_a_missing_cache_directory_is_created_private(run, cache_at, tmp_path):
    old = os.umask(0o022)
    try:
        d = cache_at(tmp_path / "a" / "b" / "plans")
        _status(run)
    finally:
        os.umask(old)
    assert os.stat(d).st_mode & 0o777 == 0o700
    assert os.stat(d / DB).st_mode & 0o777 == 0o600


# ---------------------------------------------------------------- several processes

def test_concurrent_writers_do_not_corrupt_the_cache(cache_at, tmp_path):
    copies = []
    for i in range(4):
        dest = tmp_path / f"copy{i}"
        shutil.copytree(MINI, dest)
        if i % 2:  # half the processes write different entries, half the same ones
            (dest / "plan.yaml").write_text((dest / "plan.yaml").read_text(encoding="utf-8") + f"# {i}\n",
                                            encoding="utf-8")
        copies.append(dest)
    d = cache_at(tmp_path / "cache")
    script = textwrap.dedent("""
        import sys
        from plans.loading.loader import load_repository
        for _ in range(3):
            repo, findings = load_repository([sys.argv[1]], cache=True)
            assert "vn-2025-mini" in repo.plans and not findings, findings
        print("ok")
    """)
    env = dict(os.environ, PLANS_CACHE_DIR=str(d))
    procs = [subprocess.Popen([sys.executable, "-c", script, str(c)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for c in copies]
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0 and out.strip() == "ok" and "Traceback" not in err, err
    con = sqlite3.connect(d / DB)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = con.execute("SELECT count(*) FROM entry").fetchone()[0]
    con.close()
    assert n >= 3  # the agencies file once per path, the two plan versions …


def test_a_locked_cache_is_skipped_not_waited_for(run, cache_at, tmp_path):
    import time

    expected = _uncached(run, cache_at)
    d = cache_at(tmp_path / "cache")
    _warm(run, d)
    (d / DB).write_bytes(b"")  # empty: every file must be loaded and written
    holder = sqlite3.connect(d / DB, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        start = time.monotonic()
        res = _status(run)
        assert time.monotonic() - start < 5
        assert res.stdout == expected and res.stderr == ""
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _status(run).stdout == expected


def test_entries_unused_for_keep_days_are_dropped_once_a_run(cache_at, monkeypatch):
    """An entry not used for ``KEEP_DAYS`` is deleted when a run first writes; the run's later
    batches (lint writes every few hundred files) do not read the whole table again."""
    from plans.loading import cache

    today = cache._today()
    store = cache._Store.open()
    store.save([(b"old", b'{"x":1}')], [], today - cache.KEEP_DAYS - 1)
    store.save([(b"kept", b'{"x":2}')], [], today - 1)
    store.close()
    statements = []
    store = cache._Store.open()
    store.conn.set_trace_callback(statements.append)
    store.save([(b"new1", b'{"x":3}')], [], today)
    assert set(store.get_many([b"old", b"kept", b"new1"])) == {b"kept", b"new1"}
    store.save([(b"new2", b'{"x":4}')], [], today)
    store.close()
    assert sum("DELETE" in s for s in statements) == 1
