"""Staff change the data: a new province and its plan, a lead changed, tasks deleted. The data checks
(tests/test_shipped_data.py) and ``plans lint`` must go on judging the data, not break on its shape.

The changes are made to a copy of the shipped plans/ and kpi/. The data checks run on that copy through
PLANS_DATA_ROOT in a subprocess and are compared with the same checks on the shipped data: what fails
there already is test_shipped_data's to report, so this test reacts only to what the changes do.

Which task is deleted from a transcribed plan is chosen from the data: one whose text and assignment hold
nothing the data checks count (no percentage, no date, no “… thực hiện” assignment, not the last of its
numbered section, not referred to anywhere). Deleting content that the seed has — a date, a percentage, an
assignment — must be flagged, because the YAML would no longer be a faithful transcription of the paper:
``test_deleting_transcribed_content_is_flagged`` checks that it is, naming the plan and the date.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

import plans
from conftest import ROOT
from plans.text import fold

REGISTRY = """\
kind: Agencies
schema_version: 1
jurisdiction: nghean
name: tỉnh Nghệ An
agencies:
- id: nghean.ubnd
  name: Ủy ban nhân dân tỉnh Nghệ An
  level: province
  type: people-committee
- id: nghean.cong-an
  name: Công an tỉnh Nghệ An
  level: province
  type: police
- id: nghean.so-tu-phap
  name: Sở Tư pháp tỉnh Nghệ An
  level: province
  type: department
- id: nghean.so-giao-duc-va-dao-tao
  name: Sở Giáo dục và Đào tạo tỉnh Nghệ An
  level: province
  type: department
"""

NEW_PLAN_ID = "nghean-2026-kh-ubnd-pctp"
NEW_PLAN_FILE = "plans/nghean/2026-kh-ubnd-pctp.yaml"
NEW_PLAN = f"""\
kind: Plan
schema_version: 1
id: {NEW_PLAN_ID}
number: 12/KH-UBND
issuer: nghean.ubnd
place: Nghệ An
date: 2026-03-02
title: Thực hiện công tác phòng, chống tội phạm năm 2026
jurisdiction: nghean
period: {{start: 2026-01-01, end: 2026-12-31}}
sections:
  - id: II
    title: NHIỆM VỤ, PHÂN CÔNG THỰC HIỆN
    tasks:
      - id: II.1
        text: Mở đợt cao điểm tấn công, trấn áp tội phạm.
        assignment: Công an tỉnh chủ trì, phối hợp Sở Tư pháp thực hiện
        lead: [nghean.cong-an]
        partner: [nghean.so-tu-phap]
        deadline: 2026-06-30
      - id: II.2
        text: Tuyên truyền, phổ biến pháp luật về phòng, chống tội phạm trong trường học.
        lead: [nghean.so-giao-duc-va-dao-tao]
        recurrence: continuous
      - id: II.3
        text: Rà soát, đánh giá kết quả thực hiện kế hoạch.
        lead: [nghean.so-tu-phap]
        deadline: 2026-11-30
"""

# What the data checks count in a task: a percentage, a date (dd/mm, yyyy-mm-dd, --mm-dd), an assignment
# ending in “thực hiện” (looked for anywhere, to be safe).
_COUNTED = re.compile(r"%|\d\s*/\s*\d|\d{4}-\d{2}-\d{2}|--\d{2}-\d{2}|thuc hien")


# --- editing YAML text the way a person would: whole lines, the rest of the file untouched ---------------

def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def is_item(lines: list[str], task) -> bool:
    """The task is written as a block sequence item that starts with its id (“- id: …”)."""
    return lines[task.at("id").line - 1].lstrip().startswith(f"- id: {task.id}")


def task_lines(lines: list[str], task) -> tuple[int, int]:
    """[start, end) of the lines of ``task`` (a block sequence item starting “- id: …”)."""
    start = task.at("id").line - 1
    assert lines[start].lstrip().startswith(f"- id: {task.id}"), (task.id, lines[start])
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or indent(lines[end]) > indent(lines[start])):
        end += 1
    return start, end


def delete_task(path: Path, task) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    start, end = task_lines(lines, task)
    del lines[start:end]
    path.write_text("\n".join(lines), encoding="utf-8")


def set_lead(path: Path, task, agency: str) -> None:
    """Replace the lead of ``task`` (flow ``lead: [a]`` or block ``lead:\\n- a``) by ``[agency]``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start, end = task_lines(lines, task)
    key = next(i for i in range(start, end) if re.match(r"\s*(- )?lead:", lines[i]))
    col = lines[key].index("lead:")
    stop = key + 1
    while stop < end and (indent(lines[stop]) > col or
                          (indent(lines[stop]) == col and lines[stop].lstrip().startswith("- "))):
        stop += 1
    lines[key:stop] = [lines[key][:col] + f"lead: [{agency}]"]
    path.write_text("\n".join(lines), encoding="utf-8")


# --- choosing from the data what to change ------------------------------------------------------------------

def referred_elsewhere(root: Path, plan, task_id: str) -> bool:
    """The id is written somewhere besides its own ``- id:`` (see:, unverified, notes, a report)."""
    pattern = re.compile(rf"(?<![\w.]){re.escape(task_id)}(?![\w]|\.\d)")
    if len(pattern.findall(read(plan.file))) > 1:
        return True
    reports = root / "kpi" / "reports" / plan.id
    return any(pattern.search(read(f)) for f in sorted(reports.rglob("*.yaml")))


@lru_cache(maxsize=None)
def _read(path: str, mtime_ns: int) -> str:
    return Path(path).read_text(encoding="utf-8")


def read(path) -> str:
    return _read(str(path), os.stat(path).st_mtime_ns)


def deletable_task(root: Path, repo):
    """A task of a transcribed plan that can go without losing anything the data checks count."""
    for plan in (repo.plans[pid] for pid in sorted(repo.plans)):
        if not (plan.source or {}).get("file"):
            continue
        lines = Path(plan.file).read_text(encoding="utf-8").split("\n")
        ids = [o.id for o in plan.objectives] + [s.id for s in plan.all_sections()] + [t.id for t in plan.tasks()]
        for task in plan.tasks():
            section = plan.find(task.section_id)
            if section is None or len(section.tasks) < 2 or re.fullmatch(r"I(\.\d+)+", task.id) \
                    or not is_item(lines, task):
                continue
            # the numbered section (II.3 of II.3.a.1) must stay, through another id
            numbered = re.match(r"[IVX]+\.\d+", task.id)
            if numbered and not any(i != task.id and (i == numbered.group(0) or i.startswith(numbered.group(0) + "."))
                                    for i in ids):
                continue
            start, end = task_lines(lines, task)
            if _COUNTED.search(fold("\n".join(lines[start:end]))) or referred_elsewhere(root, plan, task.id):
                continue
            return plan, task
    return None, None


def lead_to_change(root: Path, repo, skip: str):
    """A task of a transcribed plan with one lead, and another agency that leads elsewhere in that plan."""
    for plan in (repo.plans[pid] for pid in sorted(repo.plans)):
        if not (plan.source or {}).get("file"):
            continue
        leads = sorted({a for t in plan.tasks() for a in t.lead if a in repo.agencies})
        lines = read(plan.file).split("\n")
        for task in plan.tasks():
            if task.id == skip or len(task.lead) != 1 or not is_item(lines, task) \
                    or referred_elsewhere(root, plan, task.id):
                continue
            other = next((a for a in leads if a != task.lead[0]), None)
            if other:
                return plan, task, other
    return None, None, None


# --- running the data checks and lint --------------------------------------------------------------------

def copy_shipped(dest: Path) -> Path:
    shutil.copytree(ROOT / "plans", dest / "plans")
    if (ROOT / "kpi").is_dir():
        shutil.copytree(ROOT / "kpi", dest / "kpi")
    return dest


def data_checks(data_root: Path, *extra) -> subprocess.Popen:
    env = {**os.environ, "PLANS_DATA_ROOT": str(data_root)}
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", "tests/test_shipped_data.py", "-q", "-rfE", "-p", "no:cacheprovider",
         "-o", "addopts=", *extra], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def outcome(proc: subprocess.Popen) -> tuple[int, set[str], str]:
    out, _ = proc.communicate(timeout=120)
    failed = {line.split()[1] for line in out.splitlines() if line.startswith(("FAILED ", "ERROR "))}
    return proc.returncode, failed, out


def lint(run, root: Path):
    paths = [p for p in (root / "plans", root / "kpi") if p.is_dir()]
    res, doc = run.json("lint", *paths, "--format", "json")
    for f in doc["findings"]:
        f["rel"] = Path(f["file"]).resolve().relative_to(root.resolve()).as_posix()
    return res.exit_code, doc["findings"]


def errors(findings) -> list[tuple]:
    return sorted((f["code"], f["rel"], f["message"]) for f in findings
                  if f["severity"] == "error" and "suppressed" not in f)


# --- the tests -------------------------------------------------------------------------------------------------

def province(root: Path) -> str:
    """A province the data does not have yet (staff may well have added Nghệ An by now)."""
    taken = {p.parent.name for p in (root / "plans").glob("*/*.yaml")} | \
            {p.stem for p in (root / "plans" / "agencies").glob("*.yaml")}
    taken |= {a.split(".")[0] for a in plans.load(str(root / "plans" / "agencies")).agencies}
    return next(j for j in ("nghean", "hatinh", "quangbinh", "tinhmoi") if j not in taken)


@pytest.fixture
def changed(tmp_path):
    """A copy of the shipped data with a new province, its plan, a changed lead and deleted tasks."""
    root = copy_shipped(tmp_path / "changed")
    j = province(root)
    (root / "plans" / "agencies" / f"{j}.yaml").write_text(REGISTRY.replace("nghean", j), encoding="utf-8")
    new_plan = root / NEW_PLAN_FILE.replace("nghean", j)
    new_plan.parent.mkdir(parents=True)
    new_plan.write_text(NEW_PLAN.replace("nghean", j), encoding="utf-8")
    new_id = NEW_PLAN_ID.replace("nghean", j)
    before = plans.load(str(root / "plans"))
    assert new_id in before.plans, f"the new plan did not load: {before.load_findings}"

    delete_task(new_plan, before.plans[new_id].find("II.3"))
    plan, task = deletable_task(root, before)
    if plan is None:
        pytest.skip("no task of a transcribed plan can be deleted without losing a date, a percentage or an "
                    "assignment that its seed has")
    delete_task(Path(plan.file), task)
    middle = plans.load(str(root / "plans"))  # the lines have moved
    lead_plan, lead_task, new_lead = lead_to_change(root, middle, skip=task.id)
    if lead_plan is None:
        pytest.skip("no transcribed plan has a task with one lead and another agency leading elsewhere")
    set_lead(Path(lead_plan.file), lead_task, new_lead)

    after = plans.load(str(root / "plans"))
    gone = {(p.id, t.id) for p in before.plans.values() for t in p.tasks()} - \
           {(p.id, t.id) for p in after.plans.values() for t in p.tasks()}
    assert gone == {(new_id, "II.3"), (plan.id, task.id)}, f"the edits removed {sorted(gone)}"
    assert after.plans[lead_plan.id].find(lead_task.id).lead == [new_lead]
    return Changed(root, j, f"deleted {plan.id}:{task.id}; lead of {lead_plan.id}:{lead_task.id} set to {new_lead}; "
                            f"a new registry and plan for {j}")


class Changed:
    def __init__(self, root: Path, province: str, what: str):
        self.root, self.province, self.what = root, province, what
        self.registry = f"plans/agencies/{province}.yaml"
        self.plan = NEW_PLAN_FILE.replace("nghean", province)


def test_data_checks_and_lint_go_on_after_staff_change_the_data(run, changed):
    root, what, j = changed.root, changed.what, changed.province
    checks = data_checks(root)  # runs while lint does, below; the files are not changed until it is done
    try:
        # (b) lint still judges the data: no new error anywhere, nothing at all in the new files
        code, findings = lint(run, root)
        if errors(findings):
            new_errors = sorted(set(errors(findings)) - set(errors(lint(run, ROOT)[1])))
            assert not new_errors, f"after the changes ({what}) lint finds new errors: {new_errors}"
        in_new_files = [f for f in findings if f["rel"] in (changed.registry, changed.plan)]
        assert not in_new_files, f"lint finds problems in the new province's files: {in_new_files}"
    except BaseException:
        checks.kill()
        checks.wait()
        raise

    # (a) the data checks accept the changes: nothing fails that does not fail on the shipped data already
    # (the shipped data is checked only when something fails, to keep the test fast)
    rc, failed, out = outcome(checks)
    if failed or rc != 0:
        base_rc, base_failed, _ = outcome(data_checks(ROOT))
        if base_rc not in (0, 1):
            pytest.skip("the data checks do not run on the shipped data (see tests/test_shipped_data.py)")
        assert rc in (0, 1) and not failed - base_failed, (
            f"after the changes ({what}) the data checks fail:\n{out}")

    # a wrong lead in the new plan is an R001 at its file and line
    plan_file = root / changed.plan
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace(
        f"lead: [{j}.cong-an]", f"lead: [{j}.khong-co]"), encoding="utf-8")
    line = plan_file.read_text(encoding="utf-8").split("\n").index(f"        lead: [{j}.khong-co]") + 1
    code, findings = lint(run, root)
    r001 = [(f["rel"], f["line"]) for f in findings if f["code"] == "R001" and f"{j}.khong-co" in f["message"]]
    assert r001 == [(changed.plan, line)] and code == 1, (
        f"an unknown lead {j}.khong-co at {changed.plan}:{line} should be one R001 there and exit 1; "
        f"lint found R001 at {r001} and exited {code}")


def day_months(text: str) -> set:
    """The day/months written in ``text`` as the data checks read them."""
    out = {(int(d), int(m)) for d, m, _ in re.findall(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?:/(\d{4}))?(?!\d)", text)}
    return out | {(int(d), int(m)) for m, d in re.findall(r"(?:\d{4}|-)-(\d{2})-(\d{2})", text)}


def test_deleting_transcribed_content_is_flagged(tmp_path):
    """A task that alone holds a date of the seed is deleted: the data checks name the plan and the date."""
    root = copy_shipped(tmp_path / "lost")
    repo = plans.load(str(root / "plans"))
    found = None
    for plan in (repo.plans[pid] for pid in sorted(repo.plans) if (repo.plans[pid].source or {}).get("file")):
        seed_file = root / "plans" / plan.source["file"]
        if not seed_file.is_file():
            continue
        seed = day_months(seed_file.read_text(encoding="utf-8"))
        lines = Path(plan.file).read_text(encoding="utf-8").split("\n")
        for task in plan.tasks():
            if not is_item(lines, task):
                continue
            start, end = task_lines(lines, task)
            rest = day_months("\n".join(lines[:start] + lines[end:]))
            only = sorted((day_months("\n".join(lines[start:end])) & seed) - rest)
            if only:
                found = plan, task, "%d/%d" % only[0]
                break
        if found:
            break
    if not found:
        pytest.skip("no transcribed plan has a date written in one task only")
    plan, task, date = found
    delete_task(Path(plan.file), task)
    rc, failed, out = outcome(data_checks(root, "-k", "day_month"))
    assert rc == 1 and f"tests/test_shipped_data.py::test_every_day_month_date_is_kept[{plan.id}]" in failed, out
    assert f"{plan.id} (" in out and f"the seed's date {date} (line " in out and "is not in the YAML" in out, out
