"""The tracker a standing agency keeps by hand, as an Excel workbook, from the repository.

Sheets: every task (plan, id, text, lead, partners, executors, deadline, state as of a day, progress
from the agencies' reports); one sheet per agency (its tasks, role, state, progress); the targets with
their attainment; the reports owed and received. Filters, a frozen header, widths that fit Vietnamese
text, wrapped text, overdue rows highlighted, dates as real Excel dates, and no cell that a spreadsheet
would run as a formula (plans.output.escape.sheet_cell).

Task states, reports owed and attainment come from plans.queries.status, plans.kpi.progress and
plans.kpi.attainment, as ``plans status`` and ``plans kpi`` show them.
"""
from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Font

from plans.export.sheets import FONT, OVERDUE_FILL, header, put, sheet_title, title, widths
from plans.i18n import t
from plans.loading.model import Repository

L = {
    "tasks": {"vi": "Nhiệm vụ", "en": "Tasks"},
    "targets": {"vi": "Chỉ tiêu", "en": "Targets"},
    "reports": {"vi": "Báo cáo", "en": "Reports"},
    "title_tasks": {"vi": "THEO DÕI THỰC HIỆN NHIỆM VỤ — tính đến {date}", "en": "TASK TRACKER — as of {date}"},
    "title_agency": {"vi": "{name} — tính đến {date}", "en": "{name} — as of {date}"},
    "title_targets": {"vi": "MỨC ĐẠT CHỈ TIÊU (kỳ báo cáo gần nhất)", "en": "TARGET ATTAINMENT (latest period reported)"},
    "title_reports": {"vi": "BÁO CÁO PHẢI GỬI VÀ ĐÃ NHẬN — tính đến {date}",
                      "en": "REPORTS OWED AND RECEIVED — as of {date}"},
    "plan_id": {"vi": "Mã kế hoạch", "en": "Plan id"},
    "progress": {"vi": "Tiến độ (theo báo cáo)", "en": "Progress (from reports)"},
    "executors": {"vi": "Thực hiện", "en": "Executors"},
    "agency": {"vi": "Cơ quan", "en": "Agency"},
    "sample": {"vi": "DỮ LIỆU MẪU — không phải số liệu thật", "en": "SAMPLE DATA — not real figures"},
    "reporters": {"vi": "Đơn vị đã báo cáo", "en": "Reported by"},
}


def _l(key: str, lang: str, **kw) -> str:
    s = L[key].get(lang) or L[key]["vi"]
    return s.format(**kw) if kw else s


def _names(repo: Repository, refs) -> str:
    return "; ".join(repo.name_of(r) for r in refs)


def _state_label(state: str, lang: str) -> str:
    key = f"state_{state}"
    try:
        return t(key, lang)
    except KeyError:
        return state


def tracker(repo: Repository, as_of: dt.date, plan_id: str | None = None, agency_id: str | None = None,
            lang: str = "vi", soon_days: int = 30) -> Workbook:
    """The tracker workbook as of ``as_of``, for one plan or every plan in force, for one agency or all."""
    from plans.kpi.progress import progress_lookup
    from plans.queries.status import OVERDUE, agency_status, in_force, overview, task_state

    from plans.loading.view import View

    view = View(repo, as_of)  # the repository as it stood on as_of: no report from later counts
    received, progress = progress_lookup(view)
    plans = [p for p in repo.plans.values() if (p.id == plan_id if plan_id else in_force(p, as_of))]
    wb = Workbook()
    taken: set[str] = set()
    sample = any(r.sample for r in view.reports if any(r.plan == p.id for p in plans))

    # ---- every task
    ws = wb.active
    ws.title = sheet_title(_l("tasks", lang), taken)
    reporters = {p.id: sorted({r.agency for r in view.reports if r.plan == p.id}) for p in plans}
    cols = [t("col_plan", lang), _l("plan_id", lang), t("col_task", lang), t("col_text", lang), t("field_lead", lang),
            t("field_partner", lang), _l("executors", lang), t("col_deadline", lang), t("col_state", lang),
            _l("progress", lang)]
    reach = None  # with an agency: the tasks that reach it, as plans status says
    if agency_id:
        st = agency_status(view, agency_id, plan_id=plan_id, include_ended=bool(plan_id))
        reach = {(a.plan.id, a.task.id) for a in st.assignments}
    rows = []
    for p in plans:
        for task in p.tasks():
            if reach is not None and (p.id, task.id) not in reach:
                continue
            state, _ = task_state(p, task, as_of, soon_days)
            prog = []
            for aid in reporters[p.id]:
                pr = progress(p, task, aid)
                if pr is not None:
                    prog.append(f"{repo.name_of(aid)}: {_state_label(pr.state, lang)}"
                                + (f" ({pr.evidence})" if pr.evidence else ""))
            rows.append(([p.number, p.id, task.id, " ".join(task.text.split()), _names(repo, task.lead),
                          _names(repo, task.partner), _names(repo, task.executor),
                          task.deadline or task.deadline_text or (t("state_recurring", lang) if task.recurrence else None),
                          _state_label(state, lang), "\n".join(prog)], state == OVERDUE))
    _table(ws, _l("title_tasks", lang, date=as_of.strftime("%d/%m/%Y")), cols, rows,
           {1: 14, 2: 18, 3: 9, 4: 70, 5: 28, 6: 28, 7: 28, 8: 13, 9: 16, 10: 40}, sample, lang)

    # ---- one sheet per agency
    if agency_id:
        agencies = [agency_id]
    else:
        from plans.text import vi_key

        agencies = [r["agency"] for r in overview(view, soon_days=soon_days, include_ended=bool(plan_id))]
        agencies.sort(key=lambda a: vi_key(repo.name_of(a)))
    statuses = {}
    for aid in agencies:
        st = agency_status(view, aid, plan_id=plan_id, soon_days=soon_days, include_ended=bool(plan_id))
        statuses[aid] = st
        if not st.assignments and not (agency_id and st.reports):
            continue
        ent = st.agency
        ws = wb.create_sheet(sheet_title(_sheet_name(ent), taken))
        cols = [t("col_plan", lang), t("col_task", lang), t("col_role", lang), t("col_via", lang), t("col_text", lang),
                t("col_deadline", lang), t("col_state", lang), _l("progress", lang)]
        rows = []
        for a in st.assignments:
            pr = progress(a.plan, a.task, aid)
            via = repo.name_of(a.via) if a.via else ""
            rows.append(([a.plan.number, a.task.id, t(f"role_{a.role}", lang), via, " ".join(a.task.text.split()),
                          a.task.deadline or a.task.deadline_text
                          or (t("state_recurring", lang) if a.task.recurrence else None),
                          _state_label(a.state, lang),
                          (_state_label(pr.state, lang) + (f" ({pr.evidence})" if pr.evidence else "")) if pr else ""],
                         a.state == OVERDUE or (pr is not None and pr.state == "overdue")))
        _table(ws, _l("title_agency", lang, name=ent.name, date=as_of.strftime("%d/%m/%Y")), cols, rows,
               {1: 14, 2: 9, 3: 11, 4: 26, 5: 70, 6: 13, 7: 16, 8: 30}, sample, lang)

    # ---- targets
    from plans.kpi.attainment import attainment, report_periods
    from plans.text import goal

    ws = wb.create_sheet(sheet_title(_l("targets", lang), taken))
    cols = [t("col_plan", lang), t("col_period", lang), t("col_id", lang), t("col_target", lang), t("col_goal", lang),
            t("col_value", lang), t("col_state", lang), t("col_margin", lang), _l("reporters", lang),
            t("col_missing", lang), t("col_note", lang)]
    rows = []
    for p in plans:
        ps = report_periods(view, p)
        for per in ps[-1:]:
            for a in attainment(view, p, per, agency_id):
                tg = a.target
                rows.append(([p.number, per.code, tg.id, tg.text, goal(tg.comparator, tg.threshold, tg.unit, lang),
                              float(round(a.value, 4)) if a.value is not None else None,
                              t(f"status_{a.status}", lang), float(round(a.margin, 4)) if a.margin is not None else None,
                              _names(repo, a.reporters), _names(repo, a.missing), "; ".join(a.problems)],
                             a.status == "not-met"))
    _table(ws, _l("title_targets", lang), cols, rows, {1: 14, 2: 10, 3: 7, 4: 60, 5: 12, 6: 10, 7: 16, 8: 11,
                                                       9: 30, 10: 40, 11: 24}, sample, lang)
    for r in range(4, ws.max_row + 1):
        for col in (6, 8):
            ws.cell(row=r, column=col).number_format = "0.00"

    # ---- reports owed and received
    ws = wb.create_sheet(sheet_title(_l("reports", lang), taken))
    cols = [_l("agency", lang), t("col_plan", lang), t("col_period", lang), t("col_due", lang), t("col_cutoff", lang),
            t("col_recipient", lang), t("col_state", lang)]
    rows = []
    for aid in agencies:
        st = statuses[aid]
        for r in st.reports:
            cutoff = r.period.cutoff if r.period else None
            rows.append(([st.agency.name, r.plan.number,
                          r.period.label(lang) if r.period else t(f"kind_{r.duty.period}", lang), r.due,
                          f"{cutoff[0]:%d/%m/%Y}–{cutoff[1]:%d/%m/%Y}" if cutoff else None,
                          repo.name_of(r.duty.recipient), _state_label(r.state, lang)],
                         r.state == "not-received"))
    _table(ws, _l("title_reports", lang, date=as_of.strftime("%d/%m/%Y")), cols, rows,
           {1: 40, 2: 14, 3: 24, 4: 12, 5: 24, 6: 36, 7: 24}, sample, lang)
    wb.active = 0
    return wb


def _sheet_name(ent) -> str:
    """An agency's sheet: its name when it fits Excel's 31 characters, else its short form and place
    ("CATP – hp"); the full name heads the sheet."""
    if len(ent.name) <= 31 or not ent.short:
        return ent.name
    return f"{ent.short[0]} – {ent.jurisdiction}" if ent.jurisdiction else ent.short[0]


def _table(ws, heading: str, cols: list[str], rows: list[tuple[list, bool]], col_widths: dict, sample: bool,
           lang: str) -> None:
    """A titled table from row 3: header, rows (overdue ones filled), filter, frozen header, widths."""
    title(ws, 1, heading)
    if sample:
        title(ws, 2, _l("sample", lang), size=11)
        ws["A2"].font = Font(name=FONT, bold=True, size=11, color="C00000")
    header(ws, 3, cols)
    for i, (values, overdue) in enumerate(rows, 4):
        for j, v in enumerate(values, 1):
            put(ws, i, j, v, wrap=True, fill=OVERDUE_FILL if overdue else None)
    last = 3 + max(len(rows), 1)
    from openpyxl.utils import get_column_letter

    ws.auto_filter.ref = f"A3:{get_column_letter(len(cols))}{last}"
    ws.freeze_panes = "A4"
    ws.row_dimensions[3].height = 32
    widths(ws, col_widths)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "3:3"
