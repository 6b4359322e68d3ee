"""Answers as of a day (issue 11, items 1–4): no command sees a report from the future or from a period
whose data window is still open, an unfilled skeleton is not a report, impossible dates are errors,
and the periodic report's sections agree with each other and with status and kpi.

Runs on a copy of the frozen fixture repository: Hải Phòng 2026 (4…/KH-BCĐ) with two sample reports
for 2026-H1 (data window 15/12/2025–14/06/2026), signed 10/06 (city police: figures and tasks) and
11/06/2026 (education department: tasks)."""
import datetime as dt

import pytest

from plans.loading.loader import load_repository
from plans.loading.view import View, as_view, is_filled, report_counts

PLAN = "hp-2026-kh-bcd799-pttd-pctp"
EDU = "hp.so-giao-duc-va-dao-tao"
POLICE = "hp.cong-an"


def status(run, repo, agency, day):
    _, doc = run.json("status", "--agency", agency, "--as-of", day, "--plan", PLAN, "--format", "json",
                      *repo.args())
    return doc


def kpi(run, repo, day):
    _, doc = run.json("kpi", "--plan", PLAN, "--period", "2026-H1", "--as-of", day, "--format", "json",
                      *repo.args())
    return {r["target"]: r for r in doc["targets"]}


def report_md(run, repo, day):
    res = run("render", "report", "--plan", PLAN, "--period", "2026-H1", "--as-of", day, *repo.args())
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.mark.parametrize("day, police, edu, provisional", [
    ("01/03/2026", False, False, True),   # before either report was signed
    ("10/06/2026", True, False, True),    # the police signed on 10/06; the data window is open until 14/06
    ("11/06/2026", True, True, True),     # the department signed on 11/06
    ("01/07/2026", True, True, False),    # the window closed: figures are final
])
def test_status_kpi_and_report_agree_across_the_period_boundary(run, repo, day, police, edu, provisional):
    tasks = status(run, repo, EDU, day)["tasks"]
    assert any(t["state_code"] == "done-on-time" for t in tasks) is edu, [t["state"] for t in tasks]
    assert any("11/KH-SGDĐT ngày 02/4/2026" in t["state"] for t in tasks) is edu  # evidence from the report
    tasks = status(run, repo, POLICE, day)["tasks"]
    assert any("01/KH-CATP" in t["state"] for t in tasks) is police
    rows = kpi(run, repo, day)
    assert bool(rows["T1"]["value"]) is police  # T1's figures come from the police
    assert ("provisional" in rows["T1"]["problem_codes"]) is provisional
    md = report_md(run, repo, day)
    count = int(police) + int(edu)
    assert (f"trên cơ sở báo cáo của {count} cơ quan" in md.lower()) is bool(count)
    assert ("chưa nhận được báo cáo của cơ quan, đơn vị nào" in md) is (not count)
    assert ("kỳ báo cáo chưa kết thúc" in md) is provisional
    assert ("14,62%" in md) is police
    section3 = md.split("## III.")[1].split("## IV.")[0]
    assert ("Công an thành phố Hải Phòng" in section3) is not police
    assert ("Sở Giáo dục và Đào tạo" in section3) is not edu


@pytest.mark.parametrize("date_line, day, state", [
    ("date: 2026-06-10\n", "09/06/2026", "due-soon"),      # not yet sent
    ("date: 2026-06-10\n", "10/06/2026", "received"),      # sent on 10/06, due on 12/06: on time
    ("", "13/06/2026", "not-received"),                    # undated: counts from the window's close (14/06)
    ("", "14/06/2026", "received"),
])
def test_a_report_is_received_from_the_day_it_was_signed(run, repo, date_line, day, state):
    plan = "hue-2026-kh-ubnd-pctp"
    repo.write(f"kpi/reports/{plan}/2026-H1/hue.so-tu-phap.yaml",
               f"kind: Report\nschema_version: 1\nplan: {plan}\nperiod: 2026-H1\nagency: hue.so-tu-phap\n"
               f"{date_line}notes: {{results: Đã triển khai}}\n")
    _, doc = run.json("status", "--agency", "hue.so-tu-phap", "--as-of", day, "--format", "json", *repo.args())
    assert {r["state_code"] for r in doc["reports"] if r["period_code"] == "2026-H1"} == {state}


def test_a_task_done_after_the_day_was_still_in_progress_then(run, repo):
    rel = f"kpi/reports/{PLAN}/2026-H1/{EDU}.yaml"
    text = repo.read(rel)
    done_on = sorted({ln.split("done_on:")[1].split("#")[0].strip().strip("'") for ln in text.splitlines()
                      if "done_on: '" in ln})
    assert done_on, "the fixture report has a task done on a date"
    before = {t["task"]: t["state_code"] for t in status(run, repo, EDU, "20/06/2026")["tasks"]}
    repo.edit(rel, f"done_on: '{done_on[0]}'", "done_on: '2026-06-30'")
    after = {t["task"]: t["state_code"] for t in status(run, repo, EDU, "20/06/2026")["tasks"]}
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed and all(after[k] == "in-progress" and before[k] == "done-on-time" for k in changed)


def test_view_is_one_object_every_query_takes():
    repo, _ = load_repository(["tests/fixtures/repo/plans", "tests/fixtures/repo/kpi"])
    early, late = View(repo, dt.date(2026, 3, 1)), View(repo, dt.date(2026, 7, 1))
    assert early.reports == [] and len(late.reports) == 2
    assert as_view(late) is late and as_view(repo, dt.date(2026, 7, 1)).reports == late.reports
    assert as_view(late, dt.date(2026, 3, 1)).reports == []
    from plans.kpi.attainment import attainment
    from plans.queries.periods import parse
    from plans.queries.status import agency_status

    plan, h1 = repo.plans[PLAN], parse("2026-H1")
    assert {a.status for a in attainment(early, plan, h1)} == {"insufficient"}
    assert "met" in {a.status for a in attainment(late, plan, h1)}
    st = agency_status(early, POLICE, plan_id=PLAN)
    assert st.as_of == early.as_of and all(r.state != "received" for r in st.reports)


# ---------------------------------------------------------------- item 2: a skeleton is not a report

@pytest.fixture
def skeleton(run, repo):
    res = run("report", "new", "--plan", PLAN, "--period", "2026-Q1", "--agency", "hp.so-tu-phap", *repo.args())
    assert res.exit_code == 0, res.output
    return repo.path / f"kpi/reports/{PLAN}/2026-Q1/hp.so-tu-phap.yaml"


def test_an_unfilled_skeleton_is_flagged_and_not_received(run, repo, skeleton):
    _, doc = run.json("lint", *repo.args()[1::2], "--format", "json")
    r031 = [f for f in doc["findings"] if f["code"] == "R031"]
    assert len(r031) == 1 and r031[0]["file"].endswith("hp.so-tu-phap.yaml") and r031[0]["severity"] == "warning"
    assert "chưa điền" in r031[0]["message"]
    doc = status(run, repo, "hp.so-tu-phap", "20/04/2026")
    q1 = [r for r in doc["reports"] if r["period_code"] == "2026-Q1"]
    assert q1 == [] or {r["state_code"] for r in q1} != {"received"}
    states = {t["state_code"] for t in doc["tasks"]}
    assert "in-progress" not in states and "not-begun" not in states  # nothing was reported
    md = run("render", "report", "--plan", PLAN, "--period", "2026-Q1", "--as-of", "20/04/2026",
             *repo.args()).output
    assert "Sở Tư pháp" not in md.split("## III")[0].split("## II")[1] or "Chưa báo cáo" in md
    assert "đang thực hiện trong hạn: " not in md.lower().split("## ii")[1].split("\n\n")[1]


def test_filling_in_the_skeleton_makes_it_count_and_not_started_is_never_in_progress(run, repo, skeleton):
    text = skeleton.read_text(encoding="utf-8")
    skeleton.write_text(text.replace("date:", "date: '2026-03-20' #", 1), encoding="utf-8")
    _, doc = run.json("lint", *repo.args()[1::2], "--format", "json")
    assert not [f for f in doc["findings"] if f["code"] == "R031"]
    doc = status(run, repo, "hp.so-tu-phap", "20/04/2026")
    assert {t["state_code"] for t in doc["tasks"] if t.get("state_code")} & {"not-begun"}
    assert "in-progress" not in {t["state_code"] for t in doc["tasks"]}
    assert all("đang thực hiện" not in t["state"] for t in doc["tasks"])
    md = run("render", "report", "--plan", PLAN, "--period", "2026-Q1", "--as-of", "20/04/2026",
             *repo.args()).output
    section2 = md.split("## II.")[1].split("## III.")[0]
    assert "Chưa thực hiện" in section2 and "Đang thực hiện trong hạn" not in section2


def test_is_filled_and_report_counts():
    repo, _ = load_repository(["tests/fixtures/repo/plans", "tests/fixtures/repo/kpi"])
    r = next(x for x in repo.reports if x.agency == POLICE)
    assert is_filled(r) and report_counts(r, dt.date(2026, 6, 10)) and not report_counts(r, dt.date(2026, 6, 9))
    blank = type(r)(plan=r.plan, period=r.period, agency=r.agency, file=r.file, positions={}, path=())
    assert not is_filled(blank) and not report_counts(blank, dt.date(2030, 1, 1))


# ---------------------------------------------------------------- item 3: impossible dates

@pytest.mark.parametrize("old, new, field", [
    ("due: '2026-03-20'", "due: '2026-02-30'", "due"),
    ("due: '2026-03-20'", "due: '2026-13-45'", "due"),
    ("deadline: '2026-03-25'", "deadline: '2026-02-30'", "deadline"),
])
def test_an_impossible_date_is_s001_at_its_line(run, repo, old, new, field):
    f = "plans/hue/2026-kh-ubnd-pctp.yaml"
    line = next(i for i, ln in enumerate((repo.path / f).read_text(encoding="utf-8").splitlines(), 1) if old in ln)
    repo.edit(f, old, new)
    res, doc = run.json("lint", f, "--format", "json")
    s001 = [x for x in doc["findings"] if x["code"] == "S001" and x["line"] == line]
    assert s001 and "không phải ngày hợp lệ" in s001[0]["message"], doc["findings"][:3]
    assert res.exit_code == 1


def test_an_impossible_yearly_day_is_s001(run, repo):
    f = "plans/hue/2026-kh-ubnd-pctp.yaml"
    repo.edit(f, "due: '2026-06-12'", "due: '--02-30'")
    res, doc = run.json("lint", f, "--format", "json")
    assert [x for x in doc["findings"] if x["code"] == "S001" and "--02-30" in x["message"]]
    repo.edit(f, "due: '--02-30'", "due: '--02-29'")  # a leap day is a real yearly day
    res, doc = run.json("lint", f, "--format", "json")
    assert not [x for x in doc["findings"] if x["code"] == "S001"]


# ---------------------------------------------------------------- item 4: the periodic report agrees with itself

def test_sections_two_and_three_name_the_same_missing_reporters(run, repo):
    md = report_md(run, repo, "01/07/2026")
    section2 = md.split("## II.")[1].split("## III.")[0]
    section3 = md.split("## III.")[1].split("## IV.")[0]
    not_reported = {ln.split("|")[3].strip() for ln in section2.splitlines()
                    if ln.startswith("|") and "| Chưa báo cáo |" in ln}
    assert not_reported, "some named body sent no report"
    assert "Không có." not in section3
    for name in not_reported:
        assert name in section3
    # a body that reported, but not on this task, is not "chưa báo cáo"
    assert "Sở Giáo dục và Đào tạo" not in section3 and "Công an thành phố Hải Phòng" not in section3


def test_a_report_with_no_data_says_so(run, repo):
    md = report_md(run, repo, "01/07/2025")
    assert "0 cơ quan" not in md
    assert "chưa nhận được báo cáo của cơ quan, đơn vị nào" in md
    iv = md.split("## IV.")[1].split("## V.")[0]
    assert "Không có." not in iv and "Chưa có số liệu" in iv


def test_docx_report_reads_the_same_sentences(run, repo, tmp_path):
    from docx import Document

    out = tmp_path / "bc.docx"
    res = run("render", "report", "--plan", PLAN, "--period", "2026-H1", "--as-of", "01/03/2026", "--format",
              "docx", "-o", str(out), *repo.args())
    assert res.exit_code == 0, res.output
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "0 cơ quan" not in text and "chưa nhận được báo cáo của cơ quan, đơn vị nào" in text
    assert "Chưa có số liệu" in text


# ---------------------------------------------------------------- item 15: a target's own period

def test_a_target_for_a_longer_period_is_not_judged_before_it_ends(run, repo):
    plan = "hue-2026-kh-ubnd-pctp"
    fig = "  - indicator: movement.drug-free-communes-rate\n    values: {communes: 40, drug_free: 30}\n"
    repo.write(f"kpi/reports/{plan}/2026-H1/hue.cong-an.yaml",
               f"kind: Report\nschema_version: 1\nplan: {plan}\nperiod: 2026-H1\nagency: hue.cong-an\n"
               f"date: 2026-06-10\nfigures:\n{fig}")

    def t1():
        _, doc = run.json("kpi", "--plan", plan, "--period", "2026-H1", "--as-of", "2026-07-01", "--format", "json",
                          *repo.args())
        return {r["target"]: r for r in doc["targets"]}["T1"]

    assert t1()["status_code"] == "not-met"  # without a period of its own: judged against 2026
    repo.edit("plans/hue/2026-kh-ubnd-pctp.yaml", "  threshold: 100\n  unit: percent\n",
              "  threshold: 100\n  unit: percent\n  period:\n    start: '2025-01-01'\n    end: '2030-12-31'\n")
    row = t1()
    assert row["status_code"] == "not-due" and row["value"] == "75%" and "2025–2030" in row["goal"]
    res = run("kpi", "--plan", plan, "--period", "2026-H1", "--as-of", "2026-07-01", "--format", "md", *repo.args())
    assert "chưa đến kỳ đánh giá" in res.output


def test_the_import_and_the_report_name_the_same_bodies_that_owe_a_report(repo):
    """After importing an agency's Excel report, plans says who has still not reported; the periodic
    report lists the same bodies in its section III, task leads included."""
    from plans.importing.xlsx_report import missing_reporters
    from plans.queries import periods
    from plans.render.context import report_context

    r, _ = load_repository([str(repo.path / "plans"), str(repo.path / "kpi")])
    plan, period = r.plans[PLAN], periods.parse("2026-H1")
    owed_by_import = [r.name_of(a) for a in missing_reporters(r, plan, period)]
    in_report = report_context(View(r, dt.date(2100, 1, 1)), plan, period).missing
    assert owed_by_import and sorted(owed_by_import) == sorted(in_report)
    leads = {a for s in plan.all_sections() for t in s.tasks for a in t.lead}
    assert {a for a in missing_reporters(r, plan, period)} & leads, "a task lead that sent nothing owes a report"
