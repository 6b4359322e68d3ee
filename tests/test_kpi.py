"""KPI attainment, reports and their lint rules, on a copy of the fixture repository (a frozen copy of the
seed plans) with reports written per test."""
import shutil

import pytest

NATIONAL = "vn-2025-53-kh-bcd"


@pytest.fixture
def repo(repo):
    """The fixture repository's plans/ and indicator catalog, without its sample reports: reports are
    written per test with ``repo.report(...)``."""
    repo.remove("kpi/reports")

    def report(agency, figures="", tasks="", period="2025-H1", plan=NATIONAL, extra=""):
        return repo.write(f"kpi/reports/{plan}/{period}/{agency}.yaml",
                          f"kind: Report\nschema_version: 1\nplan: {plan}\nperiod: '{period}'\nagency: {agency}\n"
                          f"{extra}figures:\n{figures or '  []'}\ntasks:\n{tasks or '  []'}\n")

    repo.report = report
    return repo


def fig(indicator, **values):
    base = {k[5:]: v for k, v in values.items() if k.startswith("base_")}
    vals = {k: v for k, v in values.items() if not k.startswith("base_")}
    out = f"  - indicator: {indicator}\n    values: {{{', '.join(f'{k}: {v}' for k, v in vals.items())}}}\n"
    if base:
        out += f"    baseline: {{{', '.join(f'{k}: {v}' for k, v in base.items())}}}\n"
    return out


def kpi(run, repo, *extra):
    res, doc = run.json("kpi", "--plan", NATIONAL, "--period", "2025-H1", "--format", "json", *repo.args(), *extra)
    return {r["target"]: r for r in doc["targets"]}, doc


def test_strict_above_at_exactly_the_threshold_is_not_met(run, repo):
    # T3: "giải quyết đạt trên 90%": 90 of 100 is exactly 90% → not met
    repo.report("vn.bo-cong-an", fig("reports.resolved-rate", received=100, resolved=90))
    rows, _ = kpi(run, repo)
    assert rows["T3"]["status_code"] == "not-met" and rows["T3"]["value"] == "90%" and rows["T3"]["margin"] == "0"


def test_at_least_at_exactly_the_threshold_is_met(run, repo):
    # T9: "từ 60% trở lên": 6 of 10 hotspots → met
    repo.report("vn.bo-cong-an", fig("hotspot.transformation-rate", hotspots=10, transformed=6))
    rows, _ = kpi(run, repo)
    assert rows["T9"]["status_code"] == "met" and rows["T9"]["value"] == "60%"


def test_ratio_of_sums_not_mean_of_ratios(run, repo):
    # two investigating bodies: 1/1 and 1/9 → (1+1)/(1+9) = 20%, not (100% + 11.1%)/2
    repo.report("vn.bo-cong-an", fig("investigation.detection-rate", cases=1, detected=1))
    repo.report("vn.bo-quoc-phong", fig("investigation.detection-rate", cases=9, detected=1))
    rows, _ = kpi(run, repo)
    assert rows["T4"]["value"] == "20%" and rows["T4"]["status_code"] == "not-met"
    assert rows["T4"]["missing_ids"] == []


def test_zero_denominator_is_insufficient(run, repo):
    repo.report("vn.bo-cong-an", fig("investigation.detection-rate.serious", cases=0, detected=0))
    rows, _ = kpi(run, repo)
    assert rows["T5"]["status_code"] == "insufficient" and "zero-denominator" in rows["T5"]["problem_codes"]


def test_missing_reporter_is_named_and_status_withheld(run, repo):
    # prosecution on time is the procuracy's figure; the police report alone does not make it
    repo.report("vn.bo-cong-an", fig("investigation.detection-rate", cases=10, detected=9))
    rows, _ = kpi(run, repo)
    assert rows["T7"]["status_code"] == "insufficient" and "no-figures" in rows["T7"]["problem_codes"]
    assert rows["T7"]["missing_ids"] == ["vn.vien-kiem-sat-nhan-dan-toi-cao"]
    assert rows["T4"]["status_code"] == "met"


def test_change_against_baseline(run, repo):
    repo.report("vn.bo-cong-an", fig("crime.social-order.change", cases=950, base_cases=1000))
    rows, _ = kpi(run, repo)
    assert rows["T1"]["value"] == "5%" and rows["T1"]["status_code"] == "met"  # "ít nhất 5%" at exactly 5%
    repo.report("vn.bo-cong-an", fig("crime.social-order.change", cases=960, base_cases=1000))
    rows, _ = kpi(run, repo)
    assert rows["T1"]["status_code"] == "not-met" and rows["T1"]["margin"] == "-1"


def test_change_without_baseline_is_insufficient(run, repo):
    repo.report("vn.bo-cong-an", fig("crime.social-order.change", cases=950))
    rows, _ = kpi(run, repo)
    assert rows["T1"]["status_code"] == "insufficient" and "missing-baseline" in rows["T1"]["problem_codes"]


def test_figures_that_do_not_add_up(run, repo):
    f = repo.report("vn.bo-cong-an", fig("reports.resolved-rate", received=100, resolved=120))
    rows, _ = kpi(run, repo)
    assert rows["T3"]["status_code"] == "insufficient" and "inconsistent" in rows["T3"]["problem_codes"]
    res, doc = run.json("lint", *repo.args()[1::2], "--format", "json")
    r017 = [x for x in doc["findings"] if x["code"] == "R017"]
    assert r017 and r017[0]["file"].endswith(f.name) and r017[0]["line"] == 8


def test_count_target_of_zero(run, repo):
    plan = "hp-2026-kh-bcd799-pttd-pctp"
    repo.report("hp.cong-an", fig("movement.units-rated-weak-count", weak=0), period="2026", plan=plan)
    res, doc = run.json("kpi", "--plan", plan, "--period", "2026", "--as-of", "2027-01-15", "--format", "json",
                        *repo.args())
    t8 = {r["target"]: r for r in doc["targets"]}["T8"]
    assert t8["goal"] == "bằng 0" and t8["status_code"] == "met"
    repo.report("hp.cong-an", fig("movement.units-rated-weak-count", weak=2), period="2026", plan=plan)
    res, doc = run.json("kpi", "--plan", plan, "--period", "2026", "--as-of", "2027-01-15", "--format", "json",
                        *repo.args())
    assert {r["target"]: r for r in doc["targets"]}["T8"]["status_code"] == "not-met"


def test_report_for_a_period_the_plan_does_not_cover(run, repo):
    repo.report("vn.bo-cong-an", fig("investigation.detection-rate", cases=10, detected=9), period="2026-H1")
    res, doc = run.json("lint", *repo.args()[1::2], "--format", "json")
    assert [(x["code"], x["line"]) for x in doc["findings"] if x["code"] == "R016"] == [("R016", 4)]
    res, doc = run.json("kpi", "--plan", NATIONAL, "--period", "2026-H1", "--format", "json", *repo.args())
    assert {r["status_code"] for r in doc["targets"]} == {"insufficient"}
    assert all("period-not-covered" in r["problem_codes"] for r in doc["targets"])


def test_report_references_are_checked(run, repo):
    repo.report("vn.bo-cong-an", fig("investigation.detection-rate", cases=10, detectd=9),
                tasks="  - {task: II.99.1, status: done}\n")
    res, doc = run.json("lint", *repo.args()[1::2], "--format", "json")
    refs = sorted(x["message"] for x in doc["findings"] if x["code"] == "R015")
    assert any("detectd" in m for m in refs) and any("II.99.1" in m for m in refs)


def test_trend_across_periods(run, repo):
    repo.report("vn.bo-cong-an", fig("investigation.detection-rate", cases=10, detected=7), period="2025-Q1")
    repo.report("vn.bo-cong-an", fig("investigation.detection-rate", cases=20, detected=16), period="2025-H1")
    res, doc = run.json("kpi", "--plan", NATIONAL, "--trend", "--format", "json", *repo.args())
    t4 = [(r["period"], r["value"]) for r in doc["targets"] if r["target"] == "T4"]
    assert t4 == [("2025-Q1", "70%"), ("2025-H1", "80%")]


def test_task_progress_in_status(run, repo):
    # II.2.a.3 (no deadline) done; a Huế task with a deadline done late; another not done after its deadline
    repo.report("vn.bo-cong-an", tasks="  - {task: II.2.a.3, status: done, done_on: 2025-03-01, evidence: KH 1/KH-BCA}\n")
    plan = "hue-2026-kh-ubnd-pctp"
    repo.report("hue.cong-an", plan=plan, period="2026-Q1",
                tasks="  - {task: II.9.1, status: done, done_on: 2026-03-30, evidence: QĐ 5/QĐ-UBND}\n"
                      "  - {task: III.1, status: in-progress}\n")
    _, doc = run.json("status", "--agency", "bo cong an", "--as-of", "2025-06-20", "--format", "json", *repo.args())
    assert {t["task"]: t["state_code"] for t in doc["tasks"]}["II.2.a.3"] == "done-on-time"
    assert doc["sample_data"] is False
    _, doc = run.json("status", "--agency", "hue.cong-an", "--as-of", "2026-04-01", "--format", "json", *repo.args())
    states = {t["task"]: t["state_code"] for t in doc["tasks"]}
    assert states["II.9.1"] == "done-late" and states["III.1"] == "overdue"
    # on 15/3 the Q1 report counts (its data window closed on 14/3); II.9.1, done on 30/3, was not done yet
    _, doc = run.json("status", "--agency", "hue.cong-an", "--as-of", "2026-03-15", "--format", "json", *repo.args())
    states = {t["task"]: t["state_code"] for t in doc["tasks"]}
    assert states["III.1"] == "in-progress" and states["II.9.1"] == "in-progress"
    # on 1/3 the Q1 report did not count yet: the states are the deadlines' alone
    _, doc = run.json("status", "--agency", "hue.cong-an", "--as-of", "2026-03-01", "--format", "json", *repo.args())
    states = {t["task"]: t["state_code"] for t in doc["tasks"]}
    assert states["III.1"] == "due-soon" and states["II.9.1"] == "due-soon"


def test_received_reports_are_not_owed(run, repo):
    plan = "hue-2026-kh-ubnd-pctp"
    _, before = run.json("status", "--agency", "hue.so-tu-phap", "--as-of", "2026-07-01", "--format", "json",
                         *repo.args())
    assert [r for r in before["reports"] if r["period_code"] == "2026-H1"][0]["state_code"] == "not-received"
    repo.report("hue.so-tu-phap", plan=plan, period="2026-H1", extra="date: 2026-06-20\n")
    _, after = run.json("status", "--agency", "hue.so-tu-phap", "--as-of", "2026-07-01", "--format", "json",
                        *repo.args())
    assert [r for r in after["reports"] if r["period_code"] == "2026-H1"][0]["state_code"] == "received"


def test_sample_data_is_said_and_can_be_refused(run, repo):
    repo.report("vn.bo-cong-an", fig("investigation.detection-rate", cases=10, detected=9), extra="sample: true\n")
    rows, doc = kpi(run, repo)
    assert doc["sample_data"] is True
    table = run("kpi", "--plan", NATIONAL, "--period", "2025-H1", *repo.args()).stdout
    assert "DỮ LIỆU MẪU" in table
    md = run("kpi", "--plan", NATIONAL, "--period", "2025-H1", "--format", "md", *repo.args()).stdout
    assert md.startswith("> **DỮ LIỆU MẪU")
    res = run("lint", *repo.args()[1::2])
    assert res.exit_code == 0 and "R018" in res.stdout
    res = run("lint", *repo.args()[1::2], "--no-sample")
    assert res.exit_code == 1


def test_report_new_writes_a_skeleton_and_never_overwrites(run, repo, tmp_path):
    out = tmp_path / "r.yaml"
    res = run("report", "new", "--plan", "hp-2026-kh-bcd799-pttd-pctp", "--period", "2026-H1",
              "--agency", "cong an hai phong", "-o", out, *repo.args())
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "indicator: investigation.detection-rate" in text and "task: II.1.1" in text
    assert "chốt số liệu từ 15/12/2025 đến 14/06/2026" in text
    shutil.copy(out, repo.path / "kpi" / "r.yaml")
    res = run("lint", *repo.args()[1::2], "--format", "json")
    assert res.exit_code == 0
    out.write_text("# mine\n", encoding="utf-8")
    res = run("report", "new", "--plan", "hp-2026-kh-bcd799-pttd-pctp", "--period", "2026-H1",
              "--agency", "hp.cong-an", "-o", out, *repo.args())
    assert res.exit_code == 2 and out.read_text(encoding="utf-8") == "# mine\n"


def test_demo_reports_of_the_fixture(run, in_fixture_repo):
    res, doc = run.json("kpi", "--plan", "hp-2026-kh-bcd799-pttd-pctp", "--period", "2026-H1", "--format", "json")
    assert doc["sample_data"] is True
    by = {r["target"]: r["status_code"] for r in doc["targets"]}
    assert by["T1"] == "met" and by["T3"] == "not-met"


HP25 = "plans/hp/2025-kh-bcd799-pctp-mbn.yaml"
T4 = "- id: T4\n  text: tỷ lệ điều tra, khám phá án đạt trên 75%\n  indicator: investigation.detection-rate\n  comparator: '>'\n  threshold: 75\n"


def lint_codes(run, repo):
    _, doc = run.json("lint", *repo.args()[1::2], "--format", "json")
    return [(f["code"], f["line"]) for f in doc["findings"] if f["severity"] == "error" and "suppressed" not in f]


def t4_line(repo, key):
    """Line of ``key`` in target T4 of the Hải Phòng 2025 plan, as the file now stands."""
    lines = (repo.path / HP25).read_text(encoding="utf-8").splitlines()
    start = lines.index("- id: T4")
    return next(i for i in range(start, len(lines)) if lines[i].startswith(f"  {key}:")) + 1


def edit(repo, old, new):
    f = repo.path / HP25
    text = f.read_text(encoding="utf-8")
    assert old in text
    f.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_targets_fit_their_indicators(run, repo):
    assert lint_codes(run, repo) == []


def test_r012_unknown_indicator(run, repo):
    edit(repo, T4, T4.replace("investigation.detection-rate", "investigation.detection-rat"))
    assert ("R012", t4_line(repo, "indicator")) in lint_codes(run, repo)


def test_r013_comparator_that_does_not_fit(run, repo):
    edit(repo, T4, T4.replace("comparator: '>'", "comparator: '<'"))
    assert ("R013", t4_line(repo, "comparator")) in lint_codes(run, repo)


@pytest.mark.parametrize("comparator, threshold, looser", [
    ("'>'", 70, True),     # lower than the national plan's "trên 75%"
    ("'>='", 75, True),    # "từ 75% trở lên" is looser than "trên 75%"
    ("'>'", 75, False),    # the same
    ("'>='", 80, False),   # stricter (as Hải Phòng 2026's "trên 80%" would be)
])
def test_r014_child_target_looser_than_parent(run, repo, comparator, threshold, looser):
    edit(repo, T4, T4.replace("comparator: '>'\n  threshold: 75", f"comparator: {comparator}\n  threshold: {threshold}"))
    assert (("R014", t4_line(repo, "threshold")) in lint_codes(run, repo)) is looser
