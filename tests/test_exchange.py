"""Excel report forms and back, the Excel tracker, deadline calendars (issue 15).

Every workbook is read back with openpyxl and every calendar parsed with icalendar; forms are filled
programmatically and imported into a private copy of the fixture repository (the ``repo`` fixture)."""
import datetime as dt
import json
import zipfile

import openpyxl
import pytest
from icalendar import Calendar

HP = "hp-2026-kh-bcd799-pttd-pctp"
HUE = "hue-2026-kh-ubnd-pctp"
REPORTS = "kpi/reports"


# ---------------------------------------------------------------- helpers

def make_form(run, tmp_path, plan=HP, period="2026-H2", agency="hp.cong-an", name="form.xlsx", *extra):
    out = tmp_path / name
    res = run("report", "new", "--format", "xlsx", "--plan", plan, "--period", period, "--agency", agency,
              "-o", out, *extra)
    assert res.exit_code == 0, res.output
    return out


def layout(wb):
    ms = wb["_plans"]
    text, col = "", 2
    while isinstance(ms.cell(row=9, column=col).value, str):
        text += ms.cell(row=9, column=col).value
        col += 1
    return json.loads(text)


def fill_good(path, repo_model, values=None, out=None):
    """Fill every figure: totals 100, parts ``values.get(component, 100)``; baselines 120; the report's
    number and date; the first task done on 01/09/2026."""
    wb = openpyxl.load_workbook(path)
    lay = layout(wb)
    figs = wb[lay["sheets"]["figures"]]
    for entry in lay["figures"]:
        for comp in entry["components"]:
            figs[comp["value"]] = (values or {}).get((entry["indicator"], comp["id"]), 100)
            if comp["baseline"]:
                figs[comp["baseline"]] = 120
    info = wb[lay["sheets"]["info"]]
    info[lay["info"]["number"]] = "15/BC-CATP"
    info[lay["info"]["date"]] = dt.date(2026, 12, 10)
    info[lay["info"]["results"]] = "Tình hình an ninh, trật tự ổn định."
    tasks = wb[lay["sheets"]["tasks"]]
    first = lay["tasks"][0]["row"]
    tasks[f"E{first}"] = "Hoàn thành đúng hạn"
    tasks[f"F{first}"] = dt.date(2026, 9, 1)
    tasks[f"G{first}"] = "Kế hoạch số 99/KH-CATP"
    wb.save(out or path)
    return lay


def cell_of(lay, indicator, component, part="value"):
    entry = next(e for e in lay["figures"] if e["indicator"] == indicator)
    return next(c for c in entry["components"] if c["id"] == component)[part]


def kpi_rows(run, plan=HP, period="2026-H2", agency="hp.cong-an"):
    # as of a day after the form is signed (10/12/2026) and the period closed: not today, which moves
    res, doc = run.json("kpi", "--plan", plan, "--period", period, "--agency", agency, "--as-of", "2027-01-15",
                        "--format", "json")
    assert res.exit_code == 0, res.output
    return {r["target"]: r for r in doc["targets"]}


# ---------------------------------------------------------------- the form

def test_form_sheets_dropdowns_locks_and_dates(run, repo, tmp_path):
    path = make_form(run, tmp_path, HUE, "2026-H1", "hue.cong-an")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Thông tin", "Chỉ số", "Nhiệm vụ", "_plans"]
    assert wb["_plans"].sheet_state == "veryHidden"
    assert [ws.sheet_state for ws in wb.worksheets[:3]] == ["visible"] * 3
    assert wb.security.lockStructure
    lay = layout(wb)
    tasks = wb["Nhiệm vụ"]
    # the progress drop-down offers exactly the Government Office's five states, over every task row
    lists = [dv for dv in tasks.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1
    assert lists[0].formula1.strip('"').split(",") == [
        "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện trong hạn", "Đang thực hiện quá hạn",
        "Chưa thực hiện"]
    first, last = lay["tasks"][0]["row"], lay["tasks"][-1]["row"]
    assert str(lists[0].sqref) == f"E{first}:E{last}"
    assert any(dv.type == "date" for dv in tasks.data_validations.dataValidation)
    assert any(dv.type == "decimal" for dv in wb["Chỉ số"].data_validations.dataValidation)
    # headers and labels locked in a protected sheet; the cells to fill are not
    for ws in wb.worksheets[:3]:
        assert ws.protection.sheet
        assert ws["A5"].protection.locked
    assert tasks[f"A{first}"].protection.locked and not tasks[f"E{first}"].protection.locked
    assert not wb["Chỉ số"][cell_of(lay, "movement.drug-free-communes-rate", "communes")].protection.locked
    assert wb["Chỉ số"]["C6"].protection.locked
    # a deadline is a real date
    row = next(e["row"] for e in lay["tasks"] if e["task"] == "II.9.1")
    assert isinstance(tasks[f"D{row}"].value, dt.datetime) and tasks[f"D{row}"].value.date() == dt.date(2026, 3, 25)
    assert tasks[f"D{row}"].number_format == "DD/MM/YYYY"
    assert "Công an thành phố Huế" in wb["Thông tin"]["A2"].value
    # the hidden sheet names plan, period and agency, signed
    ms = wb["_plans"]
    assert [ms["B3"].value, ms["B4"].value, ms["B5"].value] == [HUE, "2026-H1", "hue.cong-an"]
    assert len(ms["B10"].value) == 64


def test_form_shows_last_and_baseline_periods(run, repo, tmp_path):
    """A 2026-H2 form shows beside each figure what the agency reported for 2026-H1 (the last period)."""
    path = make_form(run, tmp_path)
    wb = openpyxl.load_workbook(path)
    lay = layout(wb)
    figs = wb["Chỉ số"]
    assert "2026-H1" in figs["G5"].value and "2025-H2" in figs["H5"].value
    row = int(cell_of(lay, "reports.resolved-rate", "resolved")[1:])
    assert figs[f"G{row}"].value == 1297  # tests/fixtures/repo/kpi/reports/…/2026-H1/hp.cong-an.yaml
    assert figs[f"E{row}"].value is None  # nothing reported yet for 2026-H2


def test_form_refuses_to_overwrite_and_english(run, repo, tmp_path):
    path = make_form(run, tmp_path)
    res = run("report", "new", "--format", "xlsx", "--plan", HP, "--period", "2026-H2", "--agency", "hp.cong-an",
              "-o", path)
    assert res.exit_code == 2 and "--force" in res.output
    res = run("--lang", "en", "report", "new", "--format", "xlsx", "--plan", HP, "--period", "2026-H2",
              "--agency", "hp.cong-an", "-o", path, "--force")
    assert res.exit_code == 0, res.output
    assert openpyxl.load_workbook(path).sheetnames[:3] == ["Information", "Figures", "Tasks"]
    res = run("report", "new", "--format", "pdf", "--plan", HP, "--period", "2026-H2", "--agency", "hp.cong-an")
    assert res.exit_code == 2


# ---------------------------------------------------------------- filled and imported

def test_import_good_figures_counted_by_kpi(run, repo, tmp_path):
    path = make_form(run, tmp_path)
    fill_good(path, None, {("reports.resolved-rate", "resolved"): 95})
    before = kpi_rows(run)
    assert before["T3"]["status_code"] == "insufficient"
    res = run("report", "import", path)
    assert res.exit_code == 0, res.output
    target = repo.path / REPORTS / HP / "2026-H2" / "hp.cong-an.yaml"
    assert target.is_file() and str(target.relative_to(repo.path)) in res.output
    rows = kpi_rows(run)
    assert rows["T3"]["value_exact"] == 95.0 and rows["T3"]["status_code"] == "met"
    assert rows["T1"]["value_exact"] == pytest.approx(100 * 20 / 120)  # (120 - 100) / 120: baseline counted
    # written as a hand-written report would be: lint finds nothing wrong with it
    res = run("lint", target)
    assert res.exit_code == 0, res.output
    text = target.read_text(encoding="utf-8")
    assert "number: 15/BC-CATP" in text and "date: '2026-12-10'" in text and "sample:" not in text
    rep = next(r for r in repo.load().reports if r.period == "2026-H2")
    done = [tp for tp in rep.tasks if tp.status == "done"]
    assert [(tp.done_on, tp.evidence) for tp in done][:1] == [(dt.date(2026, 9, 1), "Kế hoạch số 99/KH-CATP")]


def _import_errors(run, path, *extra):
    res = run("report", "import", path, *extra)
    assert res.exit_code == 1, res.output
    assert "không nhập" in res.output
    return " ".join(res.output.split())  # messages wrap to the terminal's width


def test_import_text_in_a_number_cell(run, repo, tmp_path):
    path = make_form(run, tmp_path)
    lay = fill_good(path, None)
    wb = openpyxl.load_workbook(path)
    ref = cell_of(lay, "investigation.detection-rate", "cases")
    wb["Chỉ số"][ref] = "12 vụ"
    wb.save(path)
    out = _import_errors(run, path)
    assert f"Chỉ số!{ref}: “12 vụ” không phải số" in out
    assert not (repo.path / REPORTS / HP / "2026-H2").exists()
    out = run("--lang", "en", "report", "import", path).output
    assert f"Figures!{ref}" not in out and f"Chỉ số!{ref}: “12 vụ” is not a number" in out


def test_import_part_larger_than_total(run, repo, tmp_path):
    path = make_form(run, tmp_path)
    lay = fill_good(path, None, {("reports.resolved-rate", "resolved"): 130})
    out = _import_errors(run, path)
    part = cell_of(lay, "reports.resolved-rate", "resolved")
    total = cell_of(lay, "reports.resolved-rate", "received")
    assert f"Chỉ số!{part}: Số đã giải quyết (130) lớn hơn" in out and f"ô {total}" in out
    assert not (repo.path / REPORTS / HP / "2026-H2").exists()


def test_import_bad_progress_and_dates(run, repo, tmp_path):
    path = make_form(run, tmp_path, HUE, "2026-H1", "hue.cong-an")
    lay = fill_good(path, None)
    wb = openpyxl.load_workbook(path)
    tasks = wb["Nhiệm vụ"]
    rows = {e["task"]: e["row"] for e in lay["tasks"]}
    tasks[f"E{rows['II.9.1']}"] = "Hoàn thành đúng hạn"   # deadline 25/03/2026
    tasks[f"F{rows['II.9.1']}"] = dt.date(2026, 4, 2)     # … done after it
    tasks[f"E{rows['III.3']}"] = "xong rồi"
    tasks[f"F{lay['tasks'][0]['row']}"] = "31/02/2026"
    wb.save(path)
    out = _import_errors(run, path)
    assert f"Nhiệm vụ!E{rows['II.9.1']}: ghi “Hoàn thành đúng hạn” nhưng ngày hoàn thành 02/04/2026 sau thời hạn" in out
    assert f"Nhiệm vụ!E{rows['III.3']}: “xong rồi” không phải một tình trạng" in out
    assert f"Nhiệm vụ!F{lay['tasks'][0]['row']}: “31/02/2026” không phải ngày" in out


def test_import_typed_without_diacritics_and_late(run, repo, tmp_path):
    path = make_form(run, tmp_path, HUE, "2026-H1", "hue.cong-an")
    lay = fill_good(path, None)
    wb = openpyxl.load_workbook(path)
    row = next(e["row"] for e in lay["tasks"] if e["task"] == "II.9.1")
    wb["Nhiệm vụ"][f"E{row}"] = "hoan thanh qua han"
    wb["Nhiệm vụ"][f"F{row}"] = "02/04/2026"
    wb.save(path)
    res = run("report", "import", path)
    assert res.exit_code == 0, res.output
    res, doc = run.json("status", "--agency", "hue.cong-an", "--plan", HUE, "--as-of", "2026-12-31", "--format", "json")
    state = next(t["state_code"] for t in doc["tasks"] if t["task"] == "II.9.1")
    assert state == "done-late"


def test_import_refuses_another_period_plan_or_agency(run, repo, tmp_path):
    path = make_form(run, tmp_path)
    fill_good(path, None)
    out = _import_errors(run, path, "--period", "2026-H1")
    assert "_plans!B4: sổ lập cho kỳ “2026-H2”, không phải “2026-H1”" in out
    out = _import_errors(run, path, "--plan", "vn-2025-53-kh-bcd")
    assert "_plans!B3:" in out
    out = _import_errors(run, path, "--agency", "so giao duc hai phong")
    assert "_plans!B5:" in out
    assert not (repo.path / REPORTS / HP / "2026-H2").exists()


def test_import_refuses_a_tampered_hidden_sheet(run, repo, tmp_path):
    path = make_form(run, tmp_path)
    fill_good(path, None)
    wb = openpyxl.load_workbook(path)
    wb["_plans"]["B5"] = "hp.so-giao-duc-va-dao-tao"  # someone reports for another agency
    wb.save(path)
    out = _import_errors(run, path)
    assert "_plans!B10: chữ ký nội dung không khớp" in out
    assert not (repo.path / REPORTS / HP / "2026-H2").exists()


def test_import_refuses_an_altered_template(run, repo, tmp_path):
    path = make_form(run, tmp_path)
    lay = fill_good(path, None)
    wb = openpyxl.load_workbook(path)
    r1, r2 = lay["tasks"][1]["row"], lay["tasks"][2]["row"]
    tasks = wb["Nhiệm vụ"]
    tasks[f"A{r1}"], tasks[f"A{r2}"] = tasks[f"A{r2}"].value, tasks[f"A{r1}"].value  # rows sorted
    wb.save(path)
    out = _import_errors(run, path)
    assert f"Nhiệm vụ!A{r1}: mẫu đã bị sửa" in out


def test_import_not_a_workbook(run, repo, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    out = _import_errors(run, bad)
    assert "x.xlsx" in out and ".xlsx" in out
    plain = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(plain)
    assert "_plans" in _import_errors(run, plain)
    res = run("report", "import", tmp_path / "missing.xlsx")
    assert res.exit_code == 2


def test_import_never_overwrites_silently(run, repo, tmp_path):
    path = make_form(run, tmp_path)
    lay = fill_good(path, None)
    assert run("report", "import", path).exit_code == 0
    target = repo.path / REPORTS / HP / "2026-H2" / "hp.cong-an.yaml"
    first = target.read_text(encoding="utf-8")
    again = run("report", "import", path)  # the same workbook again: nothing to do
    assert again.exit_code == 0 and "không ghi" in again.output
    wb = openpyxl.load_workbook(path)
    wb["Chỉ số"][cell_of(lay, "reports.resolved-rate", "resolved")] = 91
    wb.save(path)
    res = run("report", "import", path)
    assert res.exit_code == 2, res.output
    assert "--replace" in res.output and "1 thay đổi" in res.output
    assert "figures[reports.resolved-rate].values.resolved: 100 → 91" in res.output
    assert target.read_text(encoding="utf-8") == first
    res = run("report", "import", path, "--replace")
    assert res.exit_code == 0, res.output
    assert "resolved: 91" in target.read_text(encoding="utf-8")
    assert kpi_rows(run)["T3"]["value_exact"] == 91.0


def test_import_a_folder_lists_who_has_not_reported(run, repo, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for aid in ("hue.cong-an", "hue.so-tu-phap"):
        fill_good(make_form(run, inbox, HUE, "2026-H1", aid, f"{aid}.xlsx"), None)
    (inbox / "~$hue.cong-an.xlsx").write_bytes(b"lock file of an open workbook")
    res = run("report", "import", "--dir", inbox, "--period", "2026-H1")
    assert res.exit_code == 0, res.output
    assert (repo.path / REPORTS / HUE / "2026-H1" / "hue.so-tu-phap.yaml").is_file()
    missing = res.output.split("Chưa báo cáo")[1]
    assert "hue.so-tai-chinh" in missing and "Sở Tài chính" in missing
    assert "hue.cong-an " not in missing and "hue.so-tu-phap" not in missing
    assert "2 tệp đã nhập, 0 tệp có lỗi" in res.output


def test_form_and_import_python_api(repo):
    from plans.export.report_form import report_form
    from plans.export.sheets import to_bytes
    from plans.importing.xlsx_report import read_form
    from plans.queries import periods

    model = repo.load()
    wb = report_form(model, model.plans[HP], periods.parse("2026-H2"), model.entity("hp.cong-an"))
    res = read_form(to_bytes(wb), model)
    assert res.ok, [p.message() for p in res.problems]
    assert (res.plan, res.period, res.agency) == (HP, "2026-H2", "hp.cong-an")
    assert res.doc["figures"][0]["values"] == {"cases": None}  # nothing filled: null, as in the skeleton


# ---------------------------------------------------------------- tracker

def test_tracker_workbook(run, repo, tmp_path):
    out = tmp_path / "theo-doi.xlsx"
    res = run("export", "--format", "xlsx", "--plan", HUE, "--as-of", "01/04/2026", "-o", out)
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out)
    names = wb.sheetnames
    assert names[0] == "Nhiệm vụ" and names[-2:] == ["Chỉ tiêu", "Báo cáo"]
    assert "Công an thành phố Huế" in names  # one sheet per agency
    ws = wb["Nhiệm vụ"]
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref.startswith("A3:")
    assert ws.column_dimensions["D"].width >= 60
    rows = {r[2]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    assert isinstance(rows["III.1"][7], dt.datetime) and rows["III.1"][7].date() == dt.date(2026, 3, 20)
    assert rows["III.1"][8] == "quá hạn"
    row = next(c.row for c in ws["C"] if c.value == "III.1")
    assert ws.cell(row=row, column=1).fill.fgColor.rgb.endswith("F8CBAD")  # overdue rows highlighted
    assert ws.cell(row=row, column=4).alignment.wrap_text
    ok_row = next(c.row for c in ws["C"] if c.value == "III.3")
    assert not ws.cell(row=ok_row, column=1).fill.fgColor.rgb.endswith("F8CBAD")
    reports = list(wb["Báo cáo"].iter_rows(min_row=4, values_only=True))
    assert any(r[3] == dt.datetime(2026, 6, 12) and "15/12/2025–14/06/2026" in r[4] for r in reports)


def test_tracker_one_agency_with_progress(run, repo, tmp_path):
    out = tmp_path / "catp.xlsx"
    res = run("export", "--plan", HP, "--agency", "cong an hai phong", "--as-of", "2026-07-01", "-o", out)
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Nhiệm vụ", "Công an thành phố Hải Phòng", "Chỉ tiêu", "Báo cáo"]
    rows = {r[1]: r for r in wb["Công an thành phố Hải Phòng"].iter_rows(min_row=4, values_only=True)}
    assert rows["II.1.1"][7].startswith("hoàn thành đúng hạn")  # from the 2026-H1 report
    targets = {r[2]: r for r in wb["Chỉ tiêu"].iter_rows(min_row=4, values_only=True)}
    assert targets["T3"][5] == pytest.approx(88.84, abs=0.01) and targets["T3"][6] == "không đạt"
    assert "DỮ LIỆU MẪU" in wb["Chỉ tiêu"]["A2"].value


def test_tracker_neutralises_formulas(run, repo, tmp_path):
    repo.edit(f"plans/hue/2026-kh-ubnd-pctp.yaml", "text: Giao Công an thành phố - Cơ quan Thường trực",
              "text: =HYPERLINK(\"http://example.invalid/x\",\"Bấm\") Giao Công an thành phố - Cơ quan Thường trực")
    out = tmp_path / "t.xlsx"
    res = run("export", "--plan", HUE, "--as-of", "01/04/2026", "-o", out)
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.value.startswith("'=HYPERLINK(") and c.data_type == "s" for c in cells)
    with zipfile.ZipFile(out) as z:  # no formula anywhere in the file
        assert not any("<f>" in z.read(n).decode() or "<f " in z.read(n).decode()
                       for n in z.namelist() if n.startswith("xl/worksheets/"))
    # and the CSV of the same task stays inert too
    res = run("tasks", "--plan", HUE, "--search", "HYPERLINK", "--format", "csv")
    assert "'=HYPERLINK(" in res.output


def test_sheet_cell():
    from plans.output.escape import sheet_cell

    assert sheet_cell("=1+1") == "'=1+1" and sheet_cell("@SUM(A1)") == "'@SUM(A1)"
    assert sheet_cell("-1.16") == "-1.16" and sheet_cell(3) == 3
    assert sheet_cell(dt.date(2026, 3, 20)) == dt.date(2026, 3, 20)


# ---------------------------------------------------------------- calendar

def _ics(run, tmp_path, *args, name="c.ics"):
    out = tmp_path / name
    res = run("calendar", *args, "-o", out, "--force")
    assert res.exit_code == 0, res.output
    return Calendar.from_ical(out.read_bytes()), res


def _kinds(cal):
    from collections import Counter

    return Counter(str(e["X-PLANS-KIND"]) for e in cal.walk("VEVENT"))


def test_calendar_events_per_kind_time_zone_and_alarms(run, repo, tmp_path):
    model = repo.load()
    cal, res = _ics(run, tmp_path)
    kinds = _kinds(cal)
    assert kinds["deadline"] == sum(1 for t in model.tasks() if t.deadline) == 2
    assert kinds["campaign"] == 3 and kinds["day"] == 4
    assert kinds["report"] == 7  # Huế: 20/3, 12/6, 10/12; Hà Nội: 18/3, 18/9, 18/6, 18/12 of 2024
    assert "16 sự kiện" in res.output
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    events = list(cal.walk("VEVENT"))
    for ev in events:
        alarms = ev.walk("VALARM")
        assert len(alarms) == 1 and alarms[0]["TRIGGER"].dt == dt.timedelta(days=-3, hours=8)
    camp = next(e for e in events if str(e["X-PLANS-KIND"]) == "campaign")
    assert (camp["DTEND"].dt - camp["DTSTART"].dt).days > 1  # a window over many days
    day = next(e for e in events if str(e["X-PLANS-KIND"]) == "day"
               and (e["DTSTART"].dt.month, e["DTSTART"].dt.day) == (7, 30))
    assert day["RRULE"]["FREQ"] == ["YEARLY"]
    due = next(e for e in events if str(e["X-PLANS-KIND"]) == "report" and e["DTSTART"].dt == dt.date(2026, 6, 12))
    assert "Chốt số liệu từ 15/12/2025 đến 14/06/2026" in str(due["DESCRIPTION"])


def test_calendar_uids_stable_across_runs_and_moved_deadlines(run, repo, tmp_path):
    first, _ = _ics(run, tmp_path, "--agency", "hue.cong-an", name="a.ics")
    second, _ = _ics(run, tmp_path, "--agency", "hue.cong-an", name="b.ics")
    uids = lambda cal: {str(e["UID"]): e for e in cal.walk("VEVENT")}  # noqa: E731
    assert set(uids(first)) == set(uids(second)) and len(uids(first)) == 5
    assert _kinds(first) == {"deadline": 2, "report": 3}
    repo.edit("plans/hue/2026-kh-ubnd-pctp.yaml", "deadline: '2026-03-25'", "deadline: '2026-04-15'")
    moved, _ = _ics(run, tmp_path, "--agency", "hue.cong-an", name="c.ics")
    assert set(uids(moved)) == set(uids(first))  # the same event, updated in a subscribed calendar
    starts = {u: e["DTSTART"].dt for u, e in uids(moved).items()}
    assert dt.date(2026, 4, 15) in starts.values() and dt.date(2026, 3, 25) not in starts.values()
    whole, _ = _ics(run, tmp_path, name="d.ics")
    assert not set(uids(whole)) & set(uids(first))  # UIDs are unique across the published calendars


def test_calendar_alarm_options_stdout_and_per_agency(run, repo, tmp_path):
    cal, _ = _ics(run, tmp_path, "--plan", HUE, "--alarm-days", "7")
    assert {e.walk("VALARM")[0]["TRIGGER"].dt for e in cal.walk("VEVENT")} == {dt.timedelta(days=-7, hours=8)}
    cal, _ = _ics(run, tmp_path, "--plan", HUE, "--no-alarm", name="n.ics")
    assert cal.walk("VEVENT") and not cal.walk("VALARM")
    res = run("calendar", "--plan", HUE)
    assert res.exit_code == 0 and Calendar.from_ical(res.stdout).walk("VEVENT")
    assert run("calendar", "--alarm-days", "-1").exit_code == 2
    folder = tmp_path / "lich"
    res = run("calendar", "--per-agency", folder)
    assert res.exit_code == 0, res.output
    files = sorted(p.name for p in folder.iterdir())
    assert "hue.cong-an.ics" in files and len(files) > 10
    cal = Calendar.from_ical((folder / "hue.cong-an.ics").read_bytes())
    assert "Công an thành phố Huế" in str(cal["X-WR-CALNAME"]) and len(cal.walk("VEVENT")) == 5


def test_calendar_for_python_api(repo):
    from plans.export.calendar import calendar_for

    model = repo.load()
    stamp = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    a = calendar_for(model, "hue.cong-an", stamp=stamp).to_ical()
    assert a == calendar_for(model, "hue.cong-an", stamp=stamp).to_ical()  # byte-identical with a fixed stamp


def test_reissued_form_for_a_hand_written_report_changes_nothing(run, repo, tmp_path):
    """A form made over an existing report carries its figures and states; imported back unchanged, the
    hand-written file (its comments and layout) is left exactly as it was."""
    target = repo.path / REPORTS / HP / "2026-H1" / "hp.cong-an.yaml"
    before = target.read_bytes()
    path = make_form(run, tmp_path, HP, "2026-H1", "hp.cong-an", "h1.xlsx", "--sample")
    wb = openpyxl.load_workbook(path)
    assert wb["Chỉ số"]["E6"].value == 812 and wb["Thông tin"]["B6"].value == "MẪU-01/BC-CATP"
    res = run("report", "import", path, "--period", "2026-H1")
    assert res.exit_code == 0, res.output
    assert "không ghi" in res.output and target.read_bytes() == before


def test_import_refuses_a_zip_bomb(run, repo, tmp_path, monkeypatch):
    from plans.importing import xlsx_report

    monkeypatch.setattr(xlsx_report, "MAX_EXPANDED", 2 * 1024 * 1024)  # 200 MB in use; small here
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 * 1024 * 1024))
    assert bomb.stat().st_size < 64 * 1024
    out = _import_errors(run, bomb)
    assert "quá giới hạn" in out


def test_control_characters_never_reach_a_workbook_or_calendar(run, repo, tmp_path):
    """A control character in a registry (R030 reports it) must not break an export: XML refuses it."""
    repo.edit("plans/agencies/hue.yaml", "  name: Công an thành phố Huế", '  name: "Công an thành phố\\x07 Huế"')
    res = run("export", "--plan", HUE, "--as-of", "01/04/2026", "-o", tmp_path / "t.xlsx")
    assert res.exit_code == 0, res.output
    assert "Công an thành phố Huế" in openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames
    cal, _ = _ics(run, tmp_path, "--agency", "hue.cong-an")
    assert "\x07" not in str(cal["X-WR-CALNAME"])
    make_form(run, tmp_path, HUE, "2026-H1", "hue.cong-an")


def test_form_when_a_section_shares_a_task_id(run, repo, tmp_path):
    """Duplicate ids (R002) must not break the form or the import: the task is the one the agency has."""
    repo.edit("plans/hue/2026-kh-ubnd-pctp.yaml", "  - id: II.9\n", "  - id: II.9.1\n")
    path = make_form(run, tmp_path, HUE, "2026-H1", "hue.cong-an")
    lay = fill_good(path, None)
    assert "II.9.1" in {e["task"] for e in lay["tasks"]}
    res = run("report", "import", path)
    assert res.exit_code == 0, res.output
