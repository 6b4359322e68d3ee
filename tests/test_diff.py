"""plans diff: a real git history (tests/diff_helpers.py), one commit per kind of change; each is reported once,
in the model's terms, with the agencies it affects (as plans status computes them)."""
from __future__ import annotations

import json
import subprocess

import pytest

from diff_helpers import HP25, HP26, HUE, build, git
from plans.diff.api import run_diff
from plans.output.diff_text import Names, describe, to_markdown
from plans.queries.status import agency_status


@pytest.fixture(scope="module")
def hist(tmp_path_factory):
    return build(tmp_path_factory.mktemp("diffrepo") / "repo")


_CACHE: dict = {}


def diff_of(hist, tag):
    if tag not in _CACHE:
        _CACHE[tag] = run_diff(f"{tag}^", tag, start=str(hist.root))
    return _CACHE[tag]


def kinds(out):
    return sorted(c.kind for c in out.result.changes)


def affected(out):
    return {i.agency for i in out.result.impact}


def said(out, lang="vi"):
    names = Names(out.base, out.head)
    return [describe(c, lang, names) for c in out.result.changes]


def test_lead_changed(hist):
    out = diff_of(hist, "lead")
    assert kinds(out) == ["task.role"]
    c = out.result.changes[0]
    assert (c.plan, c.id, c.field) == ("hp-2026-kh-bcd799-pttd-pctp", "II.2.a.6", "lead")
    assert said(out) == ["II.2.a.6: chủ trì đổi từ Sở Văn hóa, Thể thao và Du lịch thành phố Hải Phòng sang "
                         "Công an thành phố Hải Phòng"]
    assert said(out, "en")[0].startswith("II.2.a.6: lead changed from Sở Văn hóa")
    assert affected(out) == {"hp.cong-an", "hp.so-van-hoa-the-thao-va-du-lich"}
    police = next(i for i in out.result.impact if i.agency == "hp.cong-an")
    assert [(o.task, o.role) for o in police.gained] == [("II.2.a.6", "lead")] and not police.lost
    culture = next(i for i in out.result.impact if i.agency == "hp.so-van-hoa-the-thao-va-du-lich")
    assert [(o.task, o.role) for o in culture.lost] == [("II.2.a.6", "lead")] and not culture.gained


def test_threshold_raised_and_text_still_says_5(hist):
    out = diff_of(hist, "threshold")
    assert kinds(out) == ["target.goal"]
    assert said(out) == ["T1: ≥ 5% → ≥ 12% (chặt hơn)"]
    assert out.result.changes[0].detail["direction"] == "tighter"
    assert out.result.impact == []
    [w] = out.result.warnings
    assert (w.code, w.id, w.args["phrase"]) == ("text-mismatch", "T1", "ít nhất 5%")
    assert {p["where"] for p in w.args["places"]} == {"target", "objective"}


def test_deadline_moved(hist):
    out = diff_of(hist, "deadline")
    assert kinds(out) == ["task.deadline"]
    c = out.result.changes[0]
    assert (c.before, c.after, c.detail["later"]) == ("2026-03-25", "2026-04-30", True)
    assert said(out)[0].endswith("thời hạn 25/03/2026 → 30/04/2026 (lùi lại)")
    # the printed wording still says 25/3/2026: the data and the text disagree
    [w] = out.result.warnings
    assert (w.code, w.id, w.args) == ("deadline-text", c.id, {"field": "deadline_text", "old": "25/03/2026",
                                                               "new": "30/04/2026"})
    # exactly the agencies plans status shows this task for (directly, through groups, inherited)
    head = out.head
    holders = {a for a in head.agencies
               if any(x.task.id == c.id for x in agency_status(head, a, plan_id=c.plan).assignments)}
    assert len(holders) > 2
    assert affected(out) == holders
    assert all(i.deadline_moved == [{"plan": c.plan, "task": c.id, "before": "2026-03-25", "after": "2026-04-30"}]
               and not i.gained and not i.lost for i in out.result.impact)


def test_task_deleted(hist):
    out = diff_of(hist, "delete")
    assert kinds(out) == ["task.removed"]
    assert out.result.changes[0].id == "II.2.a.5"
    assert affected(out) == {"hp.lien-doan-lao-dong"}
    [imp] = out.result.impact
    assert [(o.task, o.role) for o in imp.lost] == [("II.2.a.5", "executor")]


def test_partner_added(hist):
    out = diff_of(hist, "partner")
    assert kinds(out) == ["task.role"]
    assert said(out) == ["II.2.a.11: thêm phối hợp Sở Tư pháp thành phố Hải Phòng"]
    assert affected(out) == {"hp.so-tu-phap"}
    assert [(o.task, o.role) for o in out.result.impact[0].gained] == [("II.2.a.11", "partner")]


def test_swap_is_a_move(hist):
    out = diff_of(hist, "swap")
    assert kinds(out) == ["task.moved"]  # not a deletion plus an addition
    c = out.result.changes[0]
    assert c.field == "position" and c.id in ("II.2.a.9", "II.2.a.10")
    assert out.result.impact == []


def test_swap_with_renumbering_is_still_a_move(hist):
    """The two tasks exchange places and take each other's numbers: matched by their text, not their ids."""
    out = diff_of(hist, "swap-renumbered")
    assert kinds(out) == ["task.moved", "task.renumbered"]
    moved = out.result.of_kind("task.moved")[0]
    renum = out.result.of_kind("task.renumbered")[0]
    assert {(moved.detail["old_id"], moved.id), (renum.before, renum.after)} == {("II.2.a.2", "II.2.a.3"),
                                                                                 ("II.2.a.3", "II.2.a.2")}
    assert out.result.impact == []  # both held by the same group, as before


def test_moved_to_another_section(hist):
    out = diff_of(hist, "move")
    assert kinds(out) == ["task.moved"]
    c = out.result.changes[0]
    assert (c.id, c.field, c.before, c.after) == ("II.2.a.11", "section", "II.2.a", "II.3")
    assert said(out) == ["II.2.a.11: chuyển từ mục II.2.a sang mục II.3"]
    assert out.result.impact == []


def test_agency_renamed_with_successor(hist):
    out = diff_of(hist, "registry")
    assert kinds(out) == ["registry.added", "registry.replaced"]
    text = said(out)
    assert "Thêm cơ quan Sở Tư pháp và Pháp chế thành phố Hải Phòng (hp.so-tu-phap-va-phap-che); kế thừa Sở Tư pháp " \
           "thành phố Hải Phòng" in text
    assert ("Sở Tư pháp thành phố Hải Phòng (hp.so-tu-phap): thay bằng Sở Tư pháp và Pháp chế thành phố Hải Phòng "
            "(hiệu lực đến 31/12/2025)") in text
    assert affected(out) == {"hp.so-tu-phap", "hp.so-tu-phap-va-phap-che"}
    new = next(i for i in out.result.impact if i.agency == "hp.so-tu-phap-va-phap-che")
    # the successor takes over the old body's tasks: its own partner role on II.2.a.11 is inherited
    assert any(o.task == "II.2.a.11" and o.role == "partner" and o.via_kind == "predecessor" for o in new.gained)
    old = next(i for i in out.result.impact if i.agency == "hp.so-tu-phap")
    assert old.lost and not old.gained  # groups no longer reach a body that had ceased when the plan was signed
    assert all(o.via_kind == "group" for o in old.lost)


def test_report_figure_changed(hist):
    out = diff_of(hist, "figure")
    assert kinds(out) == ["report.figure"]
    c = out.result.changes[0]
    assert c.detail["components"] == [{"part": "values", "component": "cases", "before": 812, "after": 830}]
    assert said(out) == ["Báo cáo của Công an thành phố Hải Phòng, kỳ 2026-H1: crime.social-order.change: "
                         "cases 812 → 830"]
    assert out.result.impact == []


def test_diacritics_only(hist):
    out = diff_of(hist, "diacritics")
    assert kinds(out) == ["task.text"]
    c = out.result.changes[0]
    assert c.detail["words"]["diacritics_only"] is True
    assert ["~", "hòa", "hoà"] in c.detail["words"]["segments"]
    assert said(out) == ["II.2.a.10: sửa nội dung (chỉ sửa dấu)"]


def test_file_renamed_is_no_change(hist, run, monkeypatch):
    out = diff_of(hist, "rename")
    assert out.result.changes == [] and out.result.impact == []
    monkeypatch.chdir(hist.root)
    res = run("diff", "rename^", "rename", "--exit-code")
    assert res.exit_code == 0, res.output
    assert "Không có thay đổi nào" in res.output


def test_across_the_2025_reorganisation(hist):
    out = diff_of(hist, "reorg")
    assert kinds(out) == ["task.role"]
    c = out.result.changes[0]
    assert c.detail["added"] == ["hp.so-van-hoa-the-thao-va-du-lich"]
    assert c.detail["removed"] == ["hp.so-van-hoa-va-the-thao", "hp.so-du-lich"]
    # the successor already held the task through its predecessors: its obligations do not change
    assert affected(out) == {"hp.so-van-hoa-va-the-thao", "hp.so-du-lich"}


def test_plan_that_does_not_load(hist, run, monkeypatch):
    out = diff_of(hist, "broken")
    assert kinds(out) == ["plan.unloaded"]  # never "removed"
    assert out.result.changes[0].plan == "hn-2024-133-kh-ubnd"
    assert [(p.side, p.file, p.code) for p in out.result.problems] == [("head", "plans/hn/2024-133-kh-ubnd.yaml", "S001")]
    monkeypatch.chdir(hist.root)
    res = run("diff", "broken^", "broken")
    assert res.exit_code == 1
    assert "plans/hn/2024-133-kh-ubnd.yaml:1:1: (mới) S001" in res.output
    assert "number" in res.output


# ---------------------------------------------------------------- the command, formats, exit codes

def test_formats_and_exit_code(hist, run, monkeypatch):
    monkeypatch.chdir(hist.root)
    res, doc = run.json("diff", "base", "reorg", "--format", "json")
    assert res.exit_code == 0
    assert doc["version"] == 1 and doc["changed"] is True
    got = sorted(c["kind"] for c in doc["changes"])
    assert got == sorted(["task.role"] * 3 + ["target.goal", "task.deadline", "task.removed", "task.moved",
                                              "task.moved", "registry.added", "registry.replaced", "report.figure",
                                              "task.text"])
    assert doc["names"]["hp.cong-an"] == "Công an thành phố Hải Phòng"
    assert all(c["message"] for c in doc["changes"])
    assert run("diff", "base", "reorg", "--exit-code").exit_code == 1
    from plans.output import diff_text

    monkeypatch.setattr(diff_text, "FOLD_CHANGES", 3)
    md = run("diff", "base", "reorg", "--format", "md").stdout
    assert md.startswith("### Thay đổi kế hoạch: base (")
    assert "#### Ảnh hưởng theo cơ quan" in md
    # a plan with more changes than FOLD_CHANGES is folded, the others are not
    hp26 = md[md.index("#### Kế hoạch 4…/KH-BCĐ"):]
    assert hp26.split("\n")[2] == "<details>" and "</details>" in hp26
    assert "<details>" not in md[md.index("#### Kế hoạch …/KH-UBND"):md.index("#### Kế hoạch 4…/KH-BCĐ")]
    # agencies affected alike are said once: the moved deadline of II.9.1 for every holder in one line
    assert sum(1 for line in md.splitlines() if "II.9.1: 25/03/2026 → 30/04/2026" in line) == 1
    assert "- T1: ≥ 5% → ≥ 12% (chặt hơn)" in md
    en = run("--lang", "en", "diff", "base", "reorg").stdout
    assert "Impact per agency" in en and "T1: ≥ 5% → ≥ 12% (tighter)" in en


def test_working_tree_default_head_and_paths(hist, run, monkeypatch, tmp_path):
    monkeypatch.chdir(hist.root)
    res = run("diff", "HEAD")  # the working tree is HEAD: nothing changed
    assert res.exit_code == 1  # HEAD does not load (the broken plan): exit 1 whatever the change
    assert "Không có thay đổi nào" in res.stdout or "S001" in res.stdout
    old, new = tmp_path / "old", tmp_path / "new"
    git(hist.root, "worktree", "add", "-q", str(old), "lead^")
    git(hist.root, "worktree", "add", "-q", str(new), "lead")
    res, doc = run.json("diff", "--paths", str(old), str(new), "--format", "json")
    assert [c["kind"] for c in doc["changes"]] == ["task.role"]
    one_old, one_new = old / HP26, new / HP26  # two files alone (git difftool): names from this repository
    res, doc = run.json("diff", "--paths", str(one_old), str(one_new), "--format", "json")
    assert [c["message"] for c in doc["changes"]][0].startswith("II.2.a.6: chủ trì đổi từ Sở Văn hóa")
    assert run("diff", "--paths", str(old), str(tmp_path / "nowhere")).exit_code == 2
    assert run("diff", "no-such-branch").exit_code == 2
    assert run("diff", "HEAD", "--paths", str(old), str(new)).exit_code == 2


def test_not_a_git_repository(run, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    res = run("diff", "main")
    assert res.exit_code == 2
    assert "không nằm trong một kho git" in res.output


def test_symlink_out_of_the_revision_is_not_followed(tmp_path, run, monkeypatch):
    from diff_helpers import History

    h = History(tmp_path / "repo")
    secret = tmp_path / "secret.yaml"
    secret.write_text("kind: Agencies\nschema_version: 1\njurisdiction: hp\nagencies: []\n", encoding="utf-8")
    (h.root / "plans" / "leak.yaml").symlink_to(secret)
    h.commit("link")
    out = run_diff("base", "link", start=str(h.root))
    assert [(p.file, p.code) for p in out.result.problems if p.side == "head"] == [("plans/leak.yaml", "Y013")]


def test_git_hunk_headers_name_the_task(hist, tmp_path):
    """.gitattributes + tools/git-diff-setup.sh: `git diff` hunk headers say which task changed."""
    from pathlib import Path

    top = Path(__file__).resolve().parent.parent
    repo = tmp_path / "g"
    git(hist.root, "worktree", "add", "-q", str(repo), "lead^")
    (repo / ".gitattributes").write_text((top / ".gitattributes").read_text(encoding="utf-8"), encoding="utf-8")
    subprocess.run(["sh", str(top / "tools" / "git-diff-setup.sh")], cwd=repo, check=True, capture_output=True)
    text = (repo / HP26).read_text(encoding="utf-8")
    # a partner added to II.2.a.6 (git names the last id line above the hunk's first context line)
    (repo / HP26).write_text(text.replace("lead: [hp.so-van-hoa-the-thao-va-du-lich]\n                partner: [",
                                          "lead: [hp.so-van-hoa-the-thao-va-du-lich]\n                partner: [hp.so-tu-phap, "),
                             encoding="utf-8")
    out = git(repo, "diff", "--", HP26)
    header = next(line for line in out.splitlines() if line.startswith("@@"))
    assert header.endswith("id: II.2.a.6"), header


# ---------------------------------------------------------------- robustness: mutated inputs never crash it

def test_mutated_repositories_never_crash_the_diff(tmp_path, monkeypatch):
    """The fuzz engine's mutations (tests/fuzzing.py) on one side, the frozen copy on the other, both ways."""
    import os
    import random
    import shutil

    from typer.testing import CliRunner

    from fuzzing import FILES, FIXTURE, Draw, FuzzRepo
    from plans.commands.app import app

    repo = FuzzRepo(tmp_path)
    orig = tmp_path / "orig"
    for f in FILES:
        (orig / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURE / f, orig / f)
    runner = CliRunner()
    rng = random.Random(int(os.environ.get("DIFF_FUZZ_SEED", 13)))
    monkeypatch.chdir(tmp_path)
    for i in range(int(os.environ.get("DIFF_FUZZ_INPUTS", 12))):
        f, raw = repo.mutate(Draw(rng))
        try:
            sides = [str(orig), str(repo.root)] if i % 2 == 0 else [str(repo.root), str(orig)]
            for fmt in ("json", "md") if i % 3 == 0 else ("text",):
                res = runner.invoke(app, ["diff", "--paths", *sides, "--format", fmt])
                assert res.exception is None or isinstance(res.exception, SystemExit), (f, raw[:500], res.exception)
                assert res.exit_code in (0, 1), (f, raw[:500], res.output[-2000:])
                assert "Traceback" not in res.output
        finally:
            repo.restore()
