"""``plans lint`` from per-file results (checks/incremental.py): after any edit, a warm run (the cache
filled by the runs before) prints exactly what a cold run (empty cache) and a run without any cache
print, with the same exit code; and a warm run judges again only the files the edit can concern."""
from __future__ import annotations

import json
import shutil

import pytest

from plans.checks import run_lint
from plans.config import load_config

HP25 = "plans/hp/2025-kh-bcd799-pctp-mbn.yaml"  # implements vn-2025-53-kh-bcd by id
HP26 = "plans/hp/2026-kh-bcd799-pttd-pctp.yaml"  # the plan of the two sample reports
VN = "plans/vn/2025-53-kh-bcd.yaml"
HN = "plans/hn/2024-133-kh-ubnd.yaml"
REPORT = "kpi/reports/hp-2026-kh-bcd799-pttd-pctp/2026-H1/hp.cong-an.yaml"
AGENCIES = "plans/agencies/hp.yaml"
INDICATORS = "kpi/indicators.yaml"


def _nocache() -> tuple[int, dict]:
    from plans.output.lint_formats import to_json

    result = run_lint(["plans", "kpi"], config=load_config(None, start="plans"), cache=False)
    return result.exit_code, json.loads(to_json(result))


@pytest.fixture
def lint3(run, tmp_path, monkeypatch):
    """``lint3()``: (exit code, JSON, text) of a warm run, checked equal to a cold run and to a run
    without cache; the warm cache persists across the calls of one test."""
    warm = tmp_path / "warm-cache"
    counter = iter(range(1000))

    def go(text=False):
        monkeypatch.setenv("PLANS_CACHE_DIR", str(warm))
        w = run("lint", "--format", "json")
        code, doc = _nocache()
        assert json.loads(w.stdout) == doc
        assert w.stdout.rstrip("\n") == json.dumps(doc, ensure_ascii=False, indent=2)  # byte for byte
        assert w.exit_code == code
        if text:  # the text output too, warm and cold (an empty cache)
            wt = run("lint")
            monkeypatch.setenv("PLANS_CACHE_DIR", str(tmp_path / f"cold-{next(counter)}"))
            assert run("lint").stdout == wt.stdout
            monkeypatch.setenv("PLANS_CACHE_DIR", str(warm))
        return code, doc

    return go


def _codes(doc, file=None) -> list[str]:
    return sorted(f["code"] for f in doc["findings"] if file is None or f["file"] == file)


def test_warm_equals_cold_through_cross_file_edits(repo, lint3):
    code, doc = lint3(text=True)
    assert code == 0 and "R003" not in _codes(doc)

    # the parent plan renamed: the child, unchanged, now names a plan that is not there (R003)
    repo.edit(VN, "id: vn-2025-53-kh-bcd", "id: vn-2025-53-kh-bcd-renamed")
    code, doc = lint3()
    assert code == 1 and "R003" in _codes(doc, HP25)
    repo.edit(VN, "id: vn-2025-53-kh-bcd-renamed", "id: vn-2025-53-kh-bcd")
    code, doc = lint3()
    assert code == 0 and "R003" not in _codes(doc)

    # a parent's target made stricter than the child's (R014 on the child)
    repo.edit(VN, "  comparator: '>='\n  threshold: 5", "  comparator: '>='\n  threshold: 50")
    code, doc = lint3()
    assert "R014" in _codes(doc, HP25)

    # a registry: an agency renamed, so plans and a report name an agency that is not there
    repo.edit(AGENCIES, "id: hp.cong-an\n", "id: hp.cong-an-tp\n")
    code, doc = lint3()
    assert code == 1 and "R001" in _codes(doc, HP26) and "R015" in _codes(doc, REPORT)
    repo.edit(AGENCIES, "id: hp.cong-an-tp\n", "id: hp.cong-an\n")

    # an indicator: a component of a ratio renamed, so the reports' figures name one that is not there
    repo.edit(INDICATORS, "      - id: received\n", "      - id: received-x\n")
    code, doc = lint3()
    assert "R015" in _codes(doc, REPORT)
    repo.edit(INDICATORS, "      - id: received-x\n", "      - id: received\n")

    # the plan of the reports shortened: their period falls outside it (R016), the reports unchanged
    repo.edit(HP26, "  end: 2026-12-31", "  end: 2026-03-31")
    code, doc = lint3()
    assert "R016" in _codes(doc, REPORT)
    repo.edit(HP26, "  end: 2026-03-31", "  end: 2026-12-31")
    code, doc = lint3()
    assert "R016" not in _codes(doc)
    code, doc = lint3(text=True)


def test_warm_equals_cold_with_duplicates_sources_and_suppressions(repo, lint3):
    lint3()
    # a second file with the same plan id, read before the first one: the old file becomes the duplicate
    repo.write("plans/a-copy.yaml", repo.read(VN))
    code, doc = lint3()
    assert code == 1 and "R002" in _codes(doc)
    repo.remove("plans/a-copy.yaml")
    code, doc = lint3()
    assert "R002" not in _codes(doc)

    # a second report for the same plan, period and agency (R019)
    repo.write(REPORT.replace("hp.cong-an", "hp.cong-an-2"), repo.read(REPORT))
    code, doc = lint3()
    assert "R019" in _codes(doc)
    repo.remove(REPORT.replace("hp.cong-an", "hp.cong-an-2"))

    # a plan's source text removed: the plan, unchanged, now points to a file that is not there (R023)
    src = repo.read(HN).split("file: ", 1)[1].split("\n", 1)[0].strip().strip("\"'")
    shutil.move(repo.file("plans") / src, repo.path / "moved.txt")
    code, doc = lint3()
    assert "R023" in _codes(doc, HN)
    shutil.move(repo.path / "moved.txt", repo.file("plans") / src)

    # a suppression without a reason (R011), and one that silences a finding
    repo.edit(HP26, "  end: 2026-12-31", "  end: 2026-12-31  # plans: ignore[R005]")
    code, doc = lint3(text=True)
    assert "R011" in _codes(doc, HP26)


def test_only_the_files_an_edit_concerns_are_judged_again(repo, run):
    from plans.checks import incremental
    from plans.loading.loader import discover

    files = discover(["plans", "kpi"])

    def outcome():
        return incremental.run(files, 20 * 1024 * 1024)

    first = outcome()
    assert len(first.judged) == len(files) and len(first.parsed) == len(files)
    again = outcome()
    assert again.judged == [] and again.parsed == [] and again.via == "tree"
    repo.edit(HN, "title:", "title:  ", )  # one plan nobody refers to
    got = outcome()
    assert got.judged == [HN] and got.parsed == [HN] and got.via == "few"
    repo.edit(VN, "title:", "title:  ")  # the parent plan: its child (implements by id) too
    got = outcome()
    assert sorted(got.judged) == sorted([VN, HP25]) and got.via == "few"
    repo.edit(HP26, "title:", "title:  ")  # the plan of the reports: they too
    got = outcome()
    assert sorted(got.judged) == sorted([HP26, REPORT, REPORT.replace("cong-an", "so-giao-duc-va-dao-tao")])
    assert got.via == "few"
    repo.edit(HN, "id: hn-2024-133-kh-ubnd", "id: hn-2024-133-kh-ubnd-x")  # what others read of it: all worked out
    got = outcome()
    assert got.judged == [HN] and got.via == "summaries"
    repo.edit(AGENCIES, "name:", "name: ")  # a registry: every file
    assert len(outcome().judged) == len(files)


def test_a_damaged_or_foreign_entry_is_not_used(repo, run, tmp_path, monkeypatch):
    """Entries are checked against their digest and their path; a damaged one is judged again."""
    import sqlite3

    from plans.loading.cache import DB_NAME, cache_dir

    monkeypatch.setenv("PLANS_CACHE_DIR", str(tmp_path / "c"))
    first = run("lint", "--format", "json")
    db = cache_dir() / DB_NAME
    con = sqlite3.connect(db)
    con.execute("UPDATE entry SET payload = CAST('{\"format\":1,\"path\":\"x\",\"findings\":[]}' AS BLOB)")
    con.commit()
    con.close()
    again = run("lint", "--format", "json")
    assert json.loads(again.stdout) == json.loads(first.stdout)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_judged_by_worker_processes_as_in_this_one(repo, lint3, monkeypatch, jobs):
    """With many files the files are parsed and judged by worker processes, in groups, each group
    on the model of what it depends on: the findings are those of one model of everything. Groups
    of four files: each process loads the registries and catalogs once, for its first group."""
    from plans.checks import incremental
    from plans.loading import cache

    monkeypatch.setattr(cache, "PARALLEL_FROM", 2)
    monkeypatch.setattr(incremental, "JUDGE_PARALLEL_FROM", 2)
    monkeypatch.setattr(incremental, "GROUP", 4)
    monkeypatch.setenv("PLANS_JOBS", jobs)
    lint3()
    # an agency registered twice: a finding on the registry, which every group's model holds
    repo.edit(AGENCIES, "  - id: hp.cong-an\n", "  - id: hp.cong-an\n    name: Công an (bản trùng)\n  - id: hp.cong-an\n")
    code, doc = lint3()
    assert code == 1 and _codes(doc, AGENCIES)
    repo.edit(AGENCIES, "  - id: hp.cong-an\n    name: Công an (bản trùng)\n", "")
    repo.edit(VN, "id: vn-2025-53-kh-bcd", "id: vn-2025-53-kh-bcd-renamed")
    repo.edit(AGENCIES, "id: hp.cong-an\n", "id: hp.cong-an-tp\n")  # every file judged again
    code, doc = lint3(text=True)
    assert code == 1 and "R003" in _codes(doc, HP25) and "R015" in _codes(doc, REPORT)


def test_an_edit_that_keeps_size_and_times_is_seen(repo, run, tmp_path, monkeypatch):
    """The content key is taken from lstat only while the file's size, inode and times (to the
    nanosecond, the change time included, which no one can set back) are those it was hashed under."""
    import os
    import time

    from plans.checks import incremental

    monkeypatch.setattr(incremental, "RACY_NS", 0)  # remember files however recently they changed
    monkeypatch.setenv("PLANS_CACHE_DIR", str(tmp_path / "c"))
    before = json.loads(run("lint", "--format", "json").stdout)
    f = repo.file(HP25)
    st = os.stat(f)
    text = f.read_text(encoding="utf-8")
    time.sleep(0.01)
    f.write_text(text.replace("- plan: vn-2025-53-kh-bcd", "- plan: vn-2025-53-kh-bcx"), encoding="utf-8")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same modification time
    after = json.loads(run("lint", "--format", "json").stdout)
    assert "R003" in _codes(after, HP25) and "R003" not in _codes(before), [x for x in after["findings"] if x["severity"] == "error"]


def test_a_source_text_removed_alone_is_seen(repo, lint3):
    """With no YAML file changed, the run takes every finding from the one entry of the tree, but a
    plan's ``source.file`` that went away, or came back, is still seen (R023)."""
    lint3()
    src = repo.read(HN).split("file: ", 1)[1].split("\n", 1)[0].strip().strip("\"'")
    shutil.move(repo.file("plans") / src, repo.path / "moved.txt")
    code, doc = lint3()
    assert "R023" in _codes(doc, HN)
    shutil.move(repo.path / "moved.txt", repo.file("plans") / src)
    code, doc = lint3()
    assert "R023" not in _codes(doc)


def test_nothing_changed_reads_no_file_and_a_day_later_keeps_every_entry(repo, run, monkeypatch):
    """A run with nothing changed parses and judges nothing. The first run of a day reads the
    per-file entries (not only the tree), so that those still in use are kept past the cache's
    ``KEEP_DAYS``: an edit the day after is the only file parsed again."""
    from plans.checks import incremental
    from plans.loading import cache
    from plans.loading.loader import discover

    files = discover(["plans", "kpi"])

    def outcome():
        return incremental.run(files, 20 * 1024 * 1024)

    first = outcome()
    assert len(first.parsed) == len(files)
    again = outcome()
    assert again.parsed == [] and again.judged == [] and again.findings == first.findings
    today = cache._today()
    monkeypatch.setattr(cache, "_today", lambda: today + 40)
    later = outcome()
    assert later.parsed == [] and later.judged == [] and later.findings == first.findings
    monkeypatch.setattr(cache, "_today", lambda: today + 41)  # the next day: the tree is read, not used alone
    repo.edit(HN, "title:", "title:  ")
    edited = outcome()
    assert edited.parsed == [HN] and edited.judged == [HN]


def test_a_few_files_edited_warm_equals_cold(repo, lint3, monkeypatch):
    """Edits that leave what other files read of the edited ones as it was (``_few_edited``): a
    report's figures, its comments, a plan's roles and its reporting duties. Each warm run prints what
    runs without cache print."""
    from plans.checks import incremental

    ways = []
    real = incremental._few_edited

    def spy(*args):
        got = real(*args)
        ways.append(got is not None)
        return got

    monkeypatch.setattr(incremental, "_few_edited", spy)
    lint3()
    repo.edit(REPORT, "resolved: 1297", "resolved: 1600")  # more resolved than received
    code, doc = lint3()
    assert ways[-1]
    repo.edit(REPORT, "cases: 812 #", "cases: 812 # plans: ignore[R999]\n      # ")
    code, doc = lint3()
    assert "R011" in _codes(doc, REPORT) and ways[-1]
    repo.edit(HP26, "            lead: [hp.cong-an]", "            lead: [hp.cong-an-khong-co]")
    code, doc = lint3()
    assert code == 1 and "R001" in _codes(doc, HP26) and ways[-1]
    repo.edit(HP26, "    reporters: [hp.cac-so-ban-nganh-doan-the-dia-phuong]", "    reporters: [hp.cong-an]")
    code, doc = lint3(text=True)
    assert ways[-1] and len(ways) == 4  # the warm text run after it: nothing changed, the tree alone


def test_a_file_judged_again_is_placed_from_its_kept_positions(repo, run, lint3, monkeypatch):
    """A file judged again because a file it reads changed (the child of an edited parent plan) gets its
    findings' lines and columns from the positions kept when it was parsed (packed, in the order of its
    data), the same as a run without cache gives them, without composing the file again."""
    from plans.loading import yamlsafe

    code, doc = lint3()
    before = [f for f in doc["findings"] if f["file"] == HP25]
    assert any(f["line"] > 1 for f in before)
    composed: list[str] = []
    real = yamlsafe.lookup_all

    def spy(wanted):
        composed.extend(src.path for src, _ in wanted if isinstance(src, yamlsafe.LazyPositions))
        return real(wanted)

    monkeypatch.setattr(yamlsafe, "lookup_all", spy)
    repo.edit(VN, "title:", "title:  ")  # its child HP25 is judged again, from the cache
    run("lint", "--format", "json")  # the warm run (lint3 set the cache)
    assert not [p for p in composed if p.endswith(HP25)]
    code, doc = lint3()  # what that run kept, compared with a run without cache
    assert [f for f in doc["findings"] if f["file"] == HP25] == before


def test_a_few_files_edited_write_a_patch_beside_the_tree(repo, run, lint3, monkeypatch):
    """A run that edits a few files writes a small patch next to the tree entry, not the tree again; the
    next runs read both. A tree written whole again (here: a registry edited) gets a new id, so that a
    patch written over the one before is not applied to it: the file the old patch holds prints what a
    run without cache prints under the new registry."""
    from plans.checks.incremental import _Tree
    from plans.loading import cache

    writes: list[str] = []
    real = cache._Store.save

    def spy(self, fresh, touched, today):
        for _, payload in fresh:
            if payload.startswith(_Tree.MAGIC):
                writes.append("tree")
            elif b'"base":' in payload[:40]:
                writes.append("patch")
        return real(self, fresh, touched, today)

    monkeypatch.setattr(cache._Store, "save", spy)
    lint3()
    assert writes.count("tree") == 1
    writes.clear()
    repo.edit(HP26, "title:", "# plans: ignore[R999]\ntitle:")  # a suppression without a reason: R011
    run("lint", "--format", "json")
    assert writes == ["patch"]
    code, doc = lint3()  # nothing changed since: the tree and its patch, as a run without cache
    assert "R011" in _codes(doc, HP26) and "R001" not in _codes(doc, HP26)
    writes.clear()
    repo.edit(AGENCIES, "id: hp.cong-an\n", "id: hp.cong-an-tp\n")  # HP26 now names an unknown agency
    code, doc = lint3()
    assert "tree" in writes and "R001" in _codes(doc, HP26)
    code, doc = lint3()  # the old patch is still in the cache, over the tree before: not applied
    assert "R001" in _codes(doc, HP26)


def test_a_rule_declares_every_kind_of_file_its_findings_are_on(repo):
    """Judging a group of files skips the rules whose ``on`` names none of the group's kinds (a group of
    reports runs no plan rule over the plans it reads): every finding of such a rule, on a whole model,
    is on a file of a kind it names. Edits give most rules a finding to check."""
    from plans.checks.registry import all_rules

    repo.edit(HP26, "            lead: [hp.cong-an]", "            lead: [hp.cong-an-khong-co]")  # R001
    repo.edit(REPORT, "hp-2026-kh-bcd799-pttd-pctp", "hp-2026-kh-khong-co")  # R015
    repo.edit(VN, "title:", "title: Kế hoạch hòa thuỷ")  # R008
    result = run_lint(["plans", "kpi"], config=load_config(None, start="plans"), cache=False)
    on = {r.code: r.on for r in all_rules() if r.on}
    checked = set()
    for f in result.findings:
        if f.code in on:
            assert result.repo.files[f.file].kind in on[f.code], (f.code, f.file)
            checked.add(f.code)
    assert {"R001", "R015", "R008", "R010"} <= checked


def test_positions_of_data_nested_too_deep_are_not_kept_nor_read():
    """Only a forged cache entry holds data nested past Python's recursion limit (the loader bounds the
    depth): its positions are kept as JSON with their paths, and packed ones are not read back (the file
    is then composed again), never an error."""
    from plans.checks import incremental

    deep: list = []
    x = deep
    for _ in range(5000):
        x.append([])
        x = x[0]
    assert incremental._load_positions(incremental._COMPACT + bytes(8), deep) is None
    kept = incremental._dump_positions([{(): 1}], deep)
    assert kept is not None and not kept.startswith(incremental._COMPACT)
