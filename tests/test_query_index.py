"""The query index (plans.index): status --agency and kpi answer from the part of the repository they need,
with answers identical to loading everything (PLANS_NO_INDEX=1), after edits and deletions, and never
from a stale, damaged or foreign index."""
from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from plans.index import select, store

AS_OF = ["--as-of", "01/07/2026"]
AGENCIES = ["hp.so-giao-duc-va-dao-tao", "hp.cong-an", "hp.ubnd-cac-xa-phuong-dac-khu", "hp.cac-so-ban-nganh",
            "hue.cong-an", "vn.bo-cong-an", "so giao duc hai phong", "hn.cong-an"]
REPORT = "kpi/reports/hp-2026-kh-bcd799-pttd-pctp/2026-H1/hp.so-giao-duc-va-dao-tao.yaml"
REPORT_CA = "kpi/reports/hp-2026-kh-bcd799-pttd-pctp/2026-H1/hp.cong-an.yaml"
HP26 = "plans/hp/2026-kh-bcd799-pttd-pctp.yaml"


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """Each test with its own cache directory: the index starts empty."""
    d = tmp_path / "cache"
    monkeypatch.setenv("PLANS_CACHE_DIR", str(d))
    monkeypatch.delenv("PLANS_NO_INDEX", raising=False)
    return d


def _both(run, monkeypatch, *args):
    """(output through the index, output of the plain path) of one command, with their exit codes."""
    got = run(*args)
    monkeypatch.setenv("PLANS_NO_INDEX", "1")
    want = run(*args)
    monkeypatch.delenv("PLANS_NO_INDEX")
    return (got.exit_code, got.output), (want.exit_code, want.output)


def _same(run, monkeypatch, *args):
    got, want = _both(run, monkeypatch, *args)
    assert got == want, f"{args}\n--- index\n{got[1]}\n--- plain\n{want[1]}"
    return got


def _status(agency, *extra):
    return ["status", "--agency", agency, *AS_OF, *extra]


def _kpi(*extra):
    return ["kpi", "--as-of", "01/09/2026", *extra]


def _selected(repo, agency="hp.so-giao-duc-va-dao-tao", plan=None):
    sel = select.for_status([str(repo.plans), str(repo.kpi)], agency, plan)
    assert sel is not None
    return sel


def _rows(own_cache, sql, args=()):
    conn = sqlite3.connect(own_cache / store.DB_NAME)
    try:
        out = conn.execute(sql, args).fetchall()
        conn.commit()
        return out
    finally:
        conn.close()


# ---------------------------------------------------------------- same answers

def test_status_and_kpi_answer_as_the_plain_path(repo, run, monkeypatch):
    for n, agency in enumerate(AGENCIES):
        for fmt in ("json", "table") if n < 2 else ("json",):
            _same(run, monkeypatch, *_status(agency, "-f", fmt))
    _same(run, monkeypatch, *_status("hp.cong-an", "--all", "-f", "json"))
    _same(run, monkeypatch, *_status("hp.cong-an", "--plan", "4…/KH-BCĐ", "-f", "json"))
    _same(run, monkeypatch, *_status("hp.cong-an", "--plan", "hp-2025-kh-bcd799-pctp-mbn", "--role", "lead"))
    for extra in ([], ["--trend"], ["--plan", "hp-2026-kh-bcd799-pttd-pctp", "--period", "2026-H1"],
                  ["--plan", "4…/KH-BCĐ"], ["--plan", "hp-2026-kh-bcd799-pttd-pctp", "--agency", "hp.cong-an"],
                  ["--period", "2026-H1"]):
        _same(run, monkeypatch, *_kpi(*extra, "-f", "json"))
    # usage errors and near names say the same, with the same exit code
    for args in (_status("zzqx wvv"), _kpi("--plan", "zzz")):
        assert _same(run, monkeypatch, *args)[0] == 2
    for args in (_status("hp.cong-an", "--plan", "53/KH"), _status("cong an"), _status("hp.cong-an", "--plan", "…/kh")):
        _same(run, monkeypatch, *args)


def test_the_index_selects_a_part_and_reads_it_again_only_when_changed(repo):
    sel = _selected(repo, "hn.cong-an")
    full = repo.load()
    assert set(sel.repo.plans) < set(full.plans)  # only what the query needs
    assert "hp-2026-kh-bcd799-pttd-pctp" not in sel.repo.plans
    assert set(sel.repo.agencies) == set(full.agencies) and set(sel.repo.indicators) == set(full.indicators)
    sel = _selected(repo, "hp.so-giao-duc-va-dao-tao")
    assert {r.agency for r in sel.repo.reports} == {"hp.so-giao-duc-va-dao-tao"}
    assert sel.files == len(full.files)


def test_edits_deletions_and_new_files_are_seen(repo, run, monkeypatch):
    args = _status("hn.cong-an", "-f", "json")
    _same(run, monkeypatch, *args)  # fills the index
    # a plan of another city names the agency: it now owes that task
    text = repo.read(HP26)
    first_lead = text.index("lead: [") + len("lead: [")
    repo.write(HP26, text[:first_lead] + "hn.cong-an, " + text[first_lead:])
    got = _same(run, monkeypatch, *args)
    assert "hp-2026-kh-bcd799-pttd-pctp" in got[1]
    assert "hp-2026-kh-bcd799-pttd-pctp" in _selected(repo, "hn.cong-an").repo.plans
    # a report's figure changed (same size, at once), a report deleted, a report added
    kargs = _kpi("--plan", "hp-2026-kh-bcd799-pttd-pctp", "--period", "2026-H1", "-f", "json")
    before = _same(run, monkeypatch, *kargs)
    repo.edit(REPORT_CA, "cases: 812", "cases: 813")
    after = _same(run, monkeypatch, *kargs)
    assert after != before
    sargs = _status("hp.so-giao-duc-va-dao-tao", "-f", "json")
    with_report = _same(run, monkeypatch, *sargs)
    moved = repo.read(REPORT)
    repo.remove(REPORT)
    without = _same(run, monkeypatch, *sargs)
    assert without != with_report
    repo.write(REPORT.replace("2026-H1/", "2026-H1/copy/"), moved)
    _same(run, monkeypatch, *sargs)
    _same(run, monkeypatch, *kargs)
    # a second file with the id of a plan: the first one found wins, as on the whole repository
    repo.write("plans/hp/zz-copy.yaml", repo.read(HP26).replace("title:", "title: BẢN SAO", 1))
    _same(run, monkeypatch, *sargs)
    _same(run, monkeypatch, *kargs)
    repo.write("plans/aa/first.yaml", repo.read(HP26).replace("number: \"4…/KH-BCĐ\"", "number: \"99/KH-X\"", 1))
    _same(run, monkeypatch, *sargs)
    _same(run, monkeypatch, *kargs)
    # a plan deleted
    repo.remove(HP26)
    repo.remove("plans/hp/zz-copy.yaml")
    repo.remove("plans/aa/first.yaml")
    got = _same(run, monkeypatch, *sargs)
    assert "hp-2026-kh-bcd799-pttd-pctp" not in got[1]


def test_nothing_changed_compares_one_digest_and_an_edit_is_still_seen(repo, run, monkeypatch, own_cache):
    """When the index last found every directory as it stored it, a run whose scan gives the same digest
    compares nothing directory by directory; an edit in place (same size, no directory changed) or a new
    file still changes the scan's digest and is seen."""
    monkeypatch.setattr(store, "RACY_NS", 0)  # the files below are not "just modified": time is moved by hand
    calls = []
    real = store._dir_digest
    monkeypatch.setattr(store, "_dir_digest", lambda files: calls.append(1) or real(files))
    kargs = _kpi("--plan", "hp-2026-kh-bcd799-pttd-pctp", "--period", "2026-H1", "-f", "json")
    before = _same(run, monkeypatch, *kargs)  # fills the index, then its scan digest is stored
    assert _rows(own_cache, "SELECT k FROM meta WHERE k = 'scan'") == [("scan",)]
    calls.clear()
    assert select.for_kpi([str(repo.plans), str(repo.kpi)], "hp-2026-kh-bcd799-pttd-pctp", "2026-H1") is not None
    assert calls == []
    path = repo.file(REPORT_CA)
    st = os.stat(path)
    repo.edit(REPORT_CA, "cases: 812", "cases: 813")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    assert os.stat(path).st_size == st.st_size
    after = _same(run, monkeypatch, *kargs)
    assert after != before and calls
    repo.write(REPORT.replace("2026-H1/", "2026-H1/new/"), repo.read(REPORT))
    _same(run, monkeypatch, *_status("hp.so-giao-duc-va-dao-tao", "-f", "json"))


def test_broken_files_count_as_load_errors(repo, run, monkeypatch):
    repo.write("plans/hp/broken.yaml", "kind: Plan\nid: [unclosed\n")
    repo.edit(REPORT_CA, "cases: 812", "cases: -5")
    got = _same(run, monkeypatch, *_status("hp.cong-an"))
    assert "2" in got[1].splitlines()[-1] or any("2" in line for line in got[1].splitlines())
    assert _selected(repo, "hp.cong-an").errors == 2
    _same(run, monkeypatch, *_kpi("--plan", "hp-2026-kh-bcd799-pttd-pctp", "-f", "json"))


# ---------------------------------------------------------------- never trusted when stale or tampered

def test_a_tampered_row_is_not_used_and_is_made_again(repo, run, monkeypatch, own_cache):
    kargs = _kpi("--plan", "hp-2026-kh-bcd799-pttd-pctp", "--period", "2026-H1", "-f", "json")
    want = _same(run, monkeypatch, *kargs)
    rel = REPORT_CA.split("/", 1)[1]
    (payload,) = _rows(own_cache, "SELECT payload FROM file WHERE rel = ?", (rel,))[0]
    forged = payload.replace(b'"cases":812', b'"cases":1')
    assert forged != payload
    _rows(own_cache, "UPDATE file SET payload = ? WHERE rel = ?", (forged, rel))
    assert select.for_kpi([str(repo.plans), str(repo.kpi)], "hp-2026-kh-bcd799-pttd-pctp", "2026-H1") is None
    assert run(*kargs).output == want[1]  # answered the plain way, then the row is made again
    assert _rows(own_cache, "SELECT payload FROM file WHERE rel = ?", (rel,))[0][0] == payload
    assert select.for_kpi([str(repo.plans), str(repo.kpi)], "hp-2026-kh-bcd799-pttd-pctp", "2026-H1") is not None


def test_a_stale_hash_or_signature_is_not_trusted(repo, run, monkeypatch, own_cache):
    kargs = _kpi("--plan", "hp-2026-kh-bcd799-pttd-pctp", "--period", "2026-H1", "-f", "json")
    before = _same(run, monkeypatch, *kargs)
    rel = REPORT_CA.split("/", 1)[1]
    # the file changes, and the index is made to believe its signature is current: the row's digest no longer
    # checks out, so it is not built from
    repo.edit(REPORT_CA, "cases: 812", "cases: 70")
    st = os.stat(repo.file(REPORT_CA))
    _rows(own_cache, "UPDATE file SET size = ?, mtime = ?, ino = ?, ctime = ?, hash = ? WHERE rel = ?",
          (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns, b"x" * 32, rel))
    assert _same(run, monkeypatch, *kargs) != before
    assert _rows(own_cache, "SELECT id FROM file WHERE rel = ?", (rel,)) == []  # dropped, made again next time
    assert select.for_kpi([str(repo.plans), str(repo.kpi)], "hp-2026-kh-bcd799-pttd-pctp", None) is not None
    # touched, not changed: hashed again, the same hash, the row is kept (not loaded again)
    (fid,) = _rows(own_cache, "SELECT id FROM file WHERE rel = ?", (rel,))[0]
    os.utime(repo.file(REPORT_CA), ns=(1, 1))
    assert select.for_kpi([str(repo.plans), str(repo.kpi)], "hp-2026-kh-bcd799-pttd-pctp", None) is not None
    assert _rows(own_cache, "SELECT id, mtime FROM file WHERE rel = ?", (rel,)) == [(fid, 1)]


def test_another_generation_or_a_damaged_database_is_rebuilt(repo, run, monkeypatch, own_cache):
    sargs = _status("hp.cong-an", "-f", "json")
    _same(run, monkeypatch, *sargs)
    _rows(own_cache, "UPDATE meta SET v = ? WHERE k = 'generation'", (b"old" * 8,))
    _rows(own_cache, "UPDATE file SET payload = ? WHERE kind = 'Plan'", (b'{"id": "forged"}',))
    _same(run, monkeypatch, *sargs)
    assert _rows(own_cache, "SELECT v FROM meta WHERE k = 'generation'")[0][0] != b"old" * 8
    assert _selected(repo, "hp.cong-an") is not None
    (own_cache / store.DB_NAME).write_bytes(b"SQLite format 3\0" + b"\xff" * 600)
    _same(run, monkeypatch, *sargs)
    assert _selected(repo, "hp.cong-an") is not None  # a new database was made


def test_a_foreign_or_linked_index_is_never_used(repo, run, monkeypatch, own_cache, tmp_path):
    sargs = _status("hp.cong-an", "-f", "json")
    _same(run, monkeypatch, *sargs)
    db = own_cache / store.DB_NAME
    os.chmod(db, 0o666)  # writable by others: not used (the file is ours: made private again, then used)
    os.chmod(own_cache, 0o777)  # a directory others can write to: not used at all
    assert select.for_status([str(repo.plans), str(repo.kpi)], "hp.cong-an", None) is None
    _same(run, monkeypatch, *sargs)
    os.chmod(own_cache, 0o700)
    elsewhere = tmp_path / "elsewhere.sqlite3"
    db.rename(elsewhere)
    db.symlink_to(elsewhere)
    assert select.for_status([str(repo.plans), str(repo.kpi)], "hp.cong-an", None) is None
    _same(run, monkeypatch, *sargs)


def test_trees_the_index_does_not_handle_are_loaded_the_plain_way(repo, run, monkeypatch):
    os.symlink(repo.file(REPORT_CA), repo.file(REPORT_CA.replace("hp.cong-an", "link")))
    assert select.for_status([str(repo.plans), str(repo.kpi)], "hp.cong-an", None) is None
    _same(run, monkeypatch, *_status("hp.cong-an", "-f", "json"))
    _same(run, monkeypatch, *_kpi("-f", "json"))


def test_a_file_name_that_is_not_text_is_left_to_the_plain_path(repo, run, monkeypatch):
    name = os.fsdecode(b"plans/hp/\xff-copy.yaml")
    Path(name).write_text(repo.read(HP26), encoding="utf-8")
    assert select.for_status([str(repo.plans), str(repo.kpi)], "hp.cong-an", None) is None
    _same(run, monkeypatch, *_status("hp.cong-an", "-f", "json"))


def test_scan_lists_the_files_discover_lists(repo):
    from plans.loading.loader import discover

    repo.write("plans/.hidden/x.yaml", "kind: Plan\n")
    repo.write("plans/b/.x.yaml", "kind: Plan\n")
    repo.write("plans/b/z.yml", "kind: Plan\n")
    for paths in (["plans", "kpi"], ["kpi", "plans"], ["plans/hp", "plans/hp"], [HP26, "plans/hn/2024-133-kh-ubnd.yaml", HP26]):
        dirs = store.scan(paths)
        assert [d.display(n) for d, n in store.files_of(dirs)] == discover(paths)
        rank = {}
        for d in dirs:
            rank.setdefault(d.root, len(rank))
        found = [(d, n) for d, n in store.files_of(dirs)]
        by_key = sorted(found, key=lambda x: store.order_key(rank[x[0].root], x[0].file_rel(x[1])))
        assert [d.display(n) for d, n in by_key] == discover(paths)  # the order selections are built in
    assert store.scan(["plans", HP26]) is None and store.scan(["plans", "plans/hp"]) is None  # overlapping: the plain path sorts it out
    assert store.scan(["nope"]) is None


def test_the_commands_answer_from_the_index_without_loading_everything(repo, run, monkeypatch):
    sargs = _status("hp.so-giao-duc-va-dao-tao", "-f", "json")
    kargs = _kpi("--plan", "hp-2026-kh-bcd799-pttd-pctp", "-f", "json")
    want = [_same(run, monkeypatch, *sargs), _same(run, monkeypatch, *kargs)]

    def everything(*a, **k):
        raise AssertionError("the whole repository was loaded")

    monkeypatch.setattr("plans.loading.loader.load_repository", everything)
    assert [(r.exit_code, r.output) for r in (run(*sargs), run(*kargs))] == want
    monkeypatch.setenv("PLANS_NO_INDEX", "1")  # the plain path is the one that loads everything
    with pytest.raises(AssertionError, match="whole repository"):
        run(*sargs)


def test_a_locked_index_is_waited_for_briefly_then_not_used(repo, run, monkeypatch, own_cache):
    sargs = _status("hp.cong-an", "-f", "json")
    _same(run, monkeypatch, *sargs)
    repo.edit(REPORT_CA, "cases: 812", "cases: 800")  # something to write
    holder = sqlite3.connect(own_cache / store.DB_NAME, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        assert select.for_status([str(repo.plans), str(repo.kpi)], "hp.cong-an", None) is None
        _same(run, monkeypatch, *sargs)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (own_cache / store.DB_NAME).exists() and select.for_status(
        [str(repo.plans), str(repo.kpi)], "hp.cong-an", None) is not None  # kept, not thrown away


def test_rows_of_repositories_gone_from_disk_are_dropped(tmp_path, run, own_cache):
    import shutil

    from conftest import FIXTURE

    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(FIXTURE, first)
    shutil.copytree(FIXTURE, second)
    for r in (first, second):
        assert select.for_kpi([str(r / "plans"), str(r / "kpi")], None, None) is not None
    shutil.rmtree(first)
    (second / "kpi" / "reports" / "hp-2026-kh-bcd799-pttd-pctp" / "2026-H1" / "hp.cong-an.yaml").unlink()
    assert select.for_kpi([str(second / "plans"), str(second / "kpi")], None, None) is not None
    roots = {r for (r,) in _rows(own_cache, "SELECT DISTINCT root FROM file")}
    assert roots and all(r.startswith(str(second)) for r in roots)
