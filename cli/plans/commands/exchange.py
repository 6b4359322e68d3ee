"""Where offices already work: ``plans report new --format xlsx`` (the form, see commands/kpi.py),
``plans report import`` (the filled form back into a report), ``plans export --format xlsx`` (the
tracker) and ``plans calendar`` (deadlines as .ics)."""
from __future__ import annotations

import os
from enum import Enum
from typing import List, Optional

import typer

from plans.commands._common import fail, load_repo, parse_date, parse_period, resolve_agency
from plans.commands.app import app, lang_of
from plans.commands.kpi import report_app
from plans.i18n import t

M = {
    "form_written": {"vi": "Đã tạo {path}: {figures} số liệu, {tasks} nhiệm vụ cần điền. Gửi cho {agency}; "
                           "nhập lại bằng: plans report import {name}",
                     "en": "Wrote {path}: {figures} figures, {tasks} tasks to fill in. Send it to {agency}; "
                           "import it back with: plans report import {name}"},
    "no_input": {"vi": "Chỉ ra tệp .xlsx cần nhập, hoặc một thư mục bằng --dir.",
                 "en": "Name the .xlsx file to import, or a folder with --dir."},
    "no_file": {"vi": "Không có tệp {path}", "en": "No such file: {path}"},
    "no_dir": {"vi": "Không có thư mục {path}", "en": "No such folder: {path}"},
    "empty_dir": {"vi": "Thư mục {path} không có tệp .xlsx nào.", "en": "The folder {path} holds no .xlsx file."},
    "problems": {"vi": "{file}: {n} lỗi, không nhập. Sửa các ô trên rồi gửi lại.",
                 "en": "{file}: {n} errors, not imported. Fix the cells above and send it again."},
    "imported": {"vi": "Đã nhập {file} → {path}: {figures} số liệu, {tasks} nhiệm vụ.",
                 "en": "Imported {file} → {path}: {figures} figures, {tasks} tasks."},
    "replaced": {"vi": "Đã thay {path} bằng số liệu từ {file}: {figures} số liệu, {tasks} nhiệm vụ.",
                 "en": "Replaced {path} with the figures of {file}: {figures} figures, {tasks} tasks."},
    "unchanged": {"vi": "{file}: {path} đã đúng như vậy; không ghi.",
                  "en": "{file}: {path} already says exactly this; nothing written."},
    "exists_diff": {"vi": "{file}: đã có báo cáo {path}; thay đổi ở trên. Thêm --replace để thay.",
                    "en": "{file}: the report {path} exists; the changes are above. Add --replace to replace it."},
    "changes_head": {"vi": "{path}: {n} thay đổi (trước → sau):", "en": "{path}: {n} changes (before → after):"},
    "absent": {"vi": "(không có)", "en": "(none)"},
    "missing_head": {"vi": "Chưa báo cáo — {plan}, kỳ {period} ({n} cơ quan):",
                     "en": "Not reported — {plan}, period {period} ({n} agencies):"},
    "all_in": {"vi": "Đủ báo cáo — {plan}, kỳ {period}.", "en": "Every report is in — {plan}, period {period}."},
    "summary": {"vi": "{ok} tệp đã nhập, {bad} tệp có lỗi, {refused} tệp chưa thay báo cáo đã có.",
                "en": "{ok} files imported, {bad} with errors, {refused} not replacing an existing report."},
    "export_written": {"vi": "Đã ghi {path}: {sheets} trang, {tasks} nhiệm vụ, tính đến {date}.",
                       "en": "Wrote {path}: {sheets} sheets, {tasks} tasks, as of {date}."},
    "calendar_written": {"vi": "Đã ghi {path}: {events} sự kiện ({detail}).",
                         "en": "Wrote {path}: {events} events ({detail})."},
    "calendars_written": {"vi": "Đã ghi {n} lịch vào {path} (một tệp .ics cho mỗi cơ quan).",
                          "en": "Wrote {n} calendars into {path} (one .ics file per agency)."},
    "kind_deadline": {"vi": "thời hạn nhiệm vụ", "en": "task deadlines"},
    "kind_report": {"vi": "hạn báo cáo", "en": "report dues"},
    "kind_campaign": {"vi": "đợt cao điểm", "en": "campaigns"},
    "kind_day": {"vi": "ngày hưởng ứng", "en": "observance days"},
    "need_xlsx_out": {"vi": "Sổ Excel cần tệp ghi ra: -o TỆP.xlsx", "en": "A workbook needs an output file: -o FILE.xlsx"},
    "per_agency_and_agency": {"vi": "--per-agency ghi lịch của mọi cơ quan; không dùng cùng --agency hay -o.",
                              "en": "--per-agency writes every agency's calendar; do not combine it with --agency or -o."},
    "bad_alarm": {"vi": "--alarm-days phải từ 0 đến 60 (ngày).", "en": "--alarm-days must be 0 to 60 (days)."},
}


def m(key: str, lang: str, **kw) -> str:
    s = M[key].get(lang) or M[key]["vi"]
    return s.format(**kw) if kw else s


FORCE_HELP = "Ghi đè tệp đã có (không bao giờ ghi vào plans/, kpi/, schema/ hay qua liên kết)."


# ---------------------------------------------------------------- report form (plans report new --format xlsx)

def write_form(repo, plan, period, agency, out: Optional[str], force: bool, sample: bool, lang: str) -> None:
    """``plans report new --format xlsx``: the workbook for one agency and period, written outside the
    repository's data directories, never over a file without --force."""
    from plans.commands._writes import write_outputs
    from plans.export.report_form import default_name, form_summary, report_form
    from plans.export.sheets import to_bytes

    wb = report_form(repo, plan, period, agency, lang=lang, sample=sample)
    target = out or default_name(plan.id, period.code, agency.id)
    write_outputs([(target, to_bytes(wb))], lang, force=force)
    figures, tasks = form_summary(wb)
    typer.echo(m("form_written", lang, path=target, figures=figures, tasks=tasks, agency=agency.name,
                 name=os.path.basename(target)))


# ---------------------------------------------------------------- plans report import

@report_app.command("import")
def report_import(
    ctx: typer.Context,
    files: Optional[List[str]] = typer.Argument(None, help="Sổ Excel đã điền (.xlsx)."),
    folder: Optional[str] = typer.Option(None, "--dir", help="Nhập mọi tệp .xlsx trong thư mục; in các cơ quan chưa báo cáo."),
    plan: Optional[str] = typer.Option(None, "--plan", help="Chỉ nhận sổ của kế hoạch này."),
    period: Optional[str] = typer.Option(None, "--period", help="Chỉ nhận sổ của kỳ này (2026-H1 …)."),
    agency: Optional[str] = typer.Option(None, "--agency", "-a", help="Chỉ nhận sổ của cơ quan này."),
    replace: bool = typer.Option(False, "--replace", help="Thay báo cáo đã có (sau khi xem khác biệt)."),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho."),
):
    """Nhập sổ Excel báo cáo đã điền thành kpi/reports/<kế hoạch>/<kỳ>/<cơ quan>.yaml, kiểm tra như báo cáo viết tay.

    Ví dụ: plans report import bao-cao-hp.cong-an.xlsx ; plans report import --dir bao-cao-nhan-ve/ --period 2026-H1
    """
    lang = lang_of(ctx)
    want_period = parse_period(period, lang).code if period else None
    inputs = list(files or [])
    if folder:
        if not os.path.isdir(folder):
            fail(m("no_dir", lang, path=folder))
        found = sorted(os.path.join(folder, f) for f in os.listdir(folder)
                       if f.lower().endswith(".xlsx") and not f.startswith(("~$", ".")))
        if not found:
            fail(m("empty_dir", lang, path=folder))
        inputs.extend(found)
    if not inputs:
        fail(m("no_input", lang))
    for f in inputs:
        if not os.path.isfile(f):
            fail(m("no_file", lang, path=f))
    repo = load_repo(paths, lang)
    if plan and plan not in repo.plans:
        fail(t("unknown_plan", lang, id=plan))
    expect = {"plan": plan, "period": want_period,
              "agency": resolve_agency(repo, agency, lang).id if agency else None}
    ok = bad = refused = 0
    seen: set[tuple[str, str]] = set()
    for f in inputs:
        status = _import_one(repo, f, expect, replace, lang)
        ok += status == "ok"
        bad += status == "bad"
        refused += status == "refused"
        if isinstance(status, tuple):
            ok += 1
            seen.add(status)
    if folder:
        _missing(paths, lang, seen | ({(plan, want_period)} if plan and want_period else set()))
    if len(inputs) > 1:
        typer.echo(m("summary", lang, ok=ok, bad=bad, refused=refused))
    if bad:
        raise typer.Exit(1)
    if refused:
        raise typer.Exit(2)


def _say(text: str) -> None:
    """One line of the import's report: wrapped between words in a terminal, plain when piped."""
    from plans.commands._common import console, say

    say(console(), text)


def _import_one(repo, f: str, expect: dict, replace: bool, lang: str):
    """Import one workbook. Returns "bad" (problems printed), "refused" (an existing report, no --replace),
    "same", or (plan, period) when written."""
    from plans.commands._writes import refusal
    from plans.importing.xlsx_report import MAX_BYTES, read_form
    from plans.kpi.skeleton import report_path, to_yaml
    from plans.output.safewrite import WriteRefused, repository_root, write_atomic

    name = os.path.basename(f)
    try:
        with open(f, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as e:
        _say(f"{name}: {e.strerror}")
        return "bad"
    res = read_form(data, repo, expect)
    if not res.ok:
        for p in res.problems:
            _say(f"{name} — {p.message(lang)}")
        _say(m("problems", lang, file=name, n=len(res.problems)))
        return "bad"
    text = to_yaml(res.doc)
    reports = repository_root(".") / "kpi" / "reports"
    try:
        target = os.path.relpath(report_path(reports, res.plan, res.period, res.agency))
    except ValueError as e:
        _say(f"{name}: " + t("bad_path_id", lang, id=e.args[1]))
        return "bad"
    figures, tasks = res.filled, res.tasks
    if os.path.lexists(target):
        from plans.importing.xlsx_report import report_changes
        from plans.loading.yamlsafe import read_yaml

        try:
            st = os.lstat(target)
        except OSError:
            st = None
        current, _, _ = read_yaml(target)  # regular files only, bounded, no tags
        changes = report_changes(current, res.doc)
        if not changes:  # same figures and states: the file (and its comments) stays as it is
            _say(m("unchanged", lang, file=name, path=target))
            return (res.plan, res.period)
        _say(m("changes_head", lang, path=target, n=len(changes)))
        none = m("absent", lang)
        for path, before, after in changes:
            _say(f"  {path}: {none if before is None else before} → {none if after is None else after}")
        if not replace:
            _say(m("exists_diff", lang, file=name, path=target))
            return "refused"
        try:
            write_atomic(target, text, force=True, allowed_root=reports, expect=st)
        except WriteRefused as e:
            _say(refusal(e, lang))
            return "refused"
        _say(m("replaced", lang, file=name, path=target, figures=figures, tasks=tasks))
        return (res.plan, res.period)
    try:
        write_atomic(target, text, allowed_root=reports)
    except WriteRefused as e:
        _say(refusal(e, lang))
        return "refused"
    _say(m("imported", lang, file=name, path=target, figures=figures, tasks=tasks))
    return (res.plan, res.period)


def _missing(paths, lang: str, keys: set) -> None:
    """Who has not reported, per plan and period imported: loaded afresh, with the new reports."""
    from plans.importing.xlsx_report import missing_reporters
    from plans.queries import periods

    repo = load_repo(paths, lang)
    for plan_id, code in sorted(k for k in keys if k[0] and k[1]):
        plan = repo.plans.get(plan_id)
        if plan is None:
            continue
        ids = missing_reporters(repo, plan, periods.parse(code))
        if not ids:
            _say(m("all_in", lang, plan=plan.number, period=code))
            continue
        _say(m("missing_head", lang, plan=plan.number, period=code, n=len(ids)))
        for aid in ids:
            _say(f"  {aid:<44} {repo.name_of(aid)}")


# ---------------------------------------------------------------- plans export --format xlsx

class ExportFormat(str, Enum):
    xlsx = "xlsx"


@app.command("export")
def export(
    ctx: typer.Context,
    format: ExportFormat = typer.Option(ExportFormat.xlsx, "--format", "-f", help="xlsx (sổ theo dõi)."),
    plan: Optional[str] = typer.Option(None, "--plan", help="Chỉ một kế hoạch (mã)."),
    agency: Optional[str] = typer.Option(None, "--agency", "-a", help="Chỉ một cơ quan."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Tính đến ngày (dd/mm/yyyy); mặc định hôm nay."),
    out: Optional[str] = typer.Option(None, "-o", "--output", help="Tệp .xlsx ghi ra."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho."),
):
    """Sổ theo dõi Excel: mọi nhiệm vụ, mỗi cơ quan một trang, chỉ tiêu và mức đạt, báo cáo phải gửi và đã nhận.

    Ví dụ: plans export --format xlsx --plan hue-2026-kh-ubnd-pctp --as-of 01/04/2026 -o theo-doi.xlsx
    """
    lang = lang_of(ctx)
    day = parse_date(as_of, lang)
    if not out:
        fail(m("need_xlsx_out", lang))
    repo = load_repo(paths, lang)
    if plan and plan not in repo.plans:
        fail(t("unknown_plan", lang, id=plan))
    agency_id = resolve_agency(repo, agency, lang).id if agency else None
    from plans.commands._writes import write_outputs
    from plans.export.sheets import to_bytes
    from plans.export.tracker import tracker

    wb = tracker(repo, day, plan_id=plan, agency_id=agency_id, lang=lang)
    write_outputs([(out, to_bytes(wb))], lang, force=force)
    tasks = max(wb.worksheets[0].max_row - 3, 0)
    typer.echo(m("export_written", lang, path=out, sheets=len(wb.sheetnames), tasks=tasks, date=day.strftime("%d/%m/%Y")))


# ---------------------------------------------------------------- plans calendar

@app.command("calendar")
def calendar(
    ctx: typer.Context,
    agency: Optional[str] = typer.Option(None, "--agency", "-a", help="Lịch của một cơ quan (mặc định: mọi thời hạn)."),
    plan: Optional[str] = typer.Option(None, "--plan", help="Chỉ một kế hoạch (mã)."),
    alarm_days: int = typer.Option(3, "--alarm-days", help="Nhắc trước bao nhiêu ngày (lúc 08:00)."),
    no_alarm: bool = typer.Option(False, "--no-alarm", help="Không đặt nhắc việc."),
    out: Optional[str] = typer.Option(None, "-o", "--output", help="Tệp .ics ghi ra (mặc định: in ra)."),
    per_agency: Optional[str] = typer.Option(None, "--per-agency", help="Ghi một tệp <mã cơ quan>.ics cho mỗi cơ quan vào thư mục này."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho."),
):
    """Lịch thời hạn (iCalendar .ics, giờ Việt Nam): hạn nhiệm vụ, hạn báo cáo, đợt cao điểm, ngày hưởng ứng hằng năm.

    Ví dụ: plans calendar --agency "cong an hue" -o cong-an-hue.ics
    """
    lang = lang_of(ctx)
    if per_agency and (agency or out):
        fail(m("per_agency_and_agency", lang))
    if not 0 <= alarm_days <= 60:
        fail(m("bad_alarm", lang))
    repo = load_repo(paths, lang)
    if plan and plan not in repo.plans:
        fail(t("unknown_plan", lang, id=plan))
    from plans.commands._writes import write_outputs
    from plans.export.calendar import calendar_for, calendars_by_agency

    days = None if no_alarm else alarm_days
    if per_agency:
        cals = calendars_by_agency(repo, plan, days, lang)
        write_outputs([(os.path.join(per_agency, f"{aid}.ics"), c.to_ical()) for aid, c in sorted(cals.items())],
                      lang, force=force)
        typer.echo(m("calendars_written", lang, n=len(cals), path=per_agency))
        return
    agency_id = resolve_agency(repo, agency, lang).id if agency else None
    cal = calendar_for(repo, agency_id, plan, days, lang)
    data = cal.to_ical()
    if not out:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    write_outputs([(out, data)], lang, force=force)
    from collections import Counter

    from plans.export.calendar import KINDS, event_kind

    counts = Counter(event_kind(e) for e in cal.walk("VEVENT"))
    detail = ", ".join(f"{counts[k]} {m('kind_' + k, lang)}" for k in KINDS if counts[k])
    typer.echo(m("calendar_written", lang, path=out, events=sum(counts.values()), detail=detail or "0"))
