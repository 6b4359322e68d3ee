"""A report form as an Excel workbook, for one agency, plan and period: what ``plans report new``
writes as YAML (the same skeleton, plans.kpi.skeleton), laid out for a clerk to fill in Excel.

Sheets: general information (number, date, results, shortcomings, proposals), the indicator
components to fill (unit, last period's and the baseline period's figures beside them), the agency's
tasks (role, deadline, a progress drop-down of the Government Office's states, completion date,
evidence, note). Header and label cells are locked; the cells to fill are unlocked and yellow.

A very hidden sheet ``_plans`` holds the plan, period and agency ids and the layout (which cell holds
which figure or task, and what every locked label cell must still read), signed by a SHA-256 of that
content: ``plans report import`` matches the workbook back and refuses one whose ids or template
were changed. The digest detects accidental or careless changes; it is not a secret signature
(anyone can recompute it): pull-request review stays the trust boundary for the data.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from plans.export.sheets import (INPUT_FILL, LOCKED_FILL, UNLOCKED, header, put, title, widths)
from plans.loading.model import Agency, Group, Plan, Repository
from plans.queries import periods
from plans.queries.periods import Period

FORMAT = "plans-report-form"
VERSION = 1
META_SHEET = "_plans"
FIRST_ROW = 6      # first data row of the figures and tasks sheets (row 5 holds the column headers)
HEADER_ROW = 5
CHUNK = 30000      # characters of layout JSON per cell (a cell holds at most 32,767)
META_ROWS = {"format": 1, "version": 2, "plan": 3, "period": 4, "agency": 5, "lang": 6, "sample": 7,
             "created": 8, "layout": 9, "sha256": 10}

# Progress states of the Government Office's task tracking, as the drop-down offers them, and the report
# status each one is written as (on time or late follows from the deadline and the completion date).
PROGRESS = {
    "done-on-time": ("done", {"vi": "Hoàn thành đúng hạn", "en": "Done on time"}),
    "done-late": ("done", {"vi": "Hoàn thành quá hạn", "en": "Done late"}),
    "in-progress": ("in-progress", {"vi": "Đang thực hiện trong hạn", "en": "In progress, on time"}),
    "overdue": ("in-progress", {"vi": "Đang thực hiện quá hạn", "en": "In progress, overdue"}),
    "not-started": ("not-started", {"vi": "Chưa thực hiện", "en": "Not started"}),
}

L = {
    "sheet_info": {"vi": "Thông tin", "en": "Information"},
    "sheet_figures": {"vi": "Chỉ số", "en": "Figures"},
    "sheet_tasks": {"vi": "Nhiệm vụ", "en": "Tasks"},
    "title": {"vi": "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH {number}",
              "en": "REPORT ON THE IMPLEMENTATION OF PLAN {number}"},
    "agency": {"vi": "Cơ quan báo cáo: {name}", "en": "Reporting agency: {name}"},
    "period": {"vi": "Kỳ báo cáo: {label}; chốt số liệu từ {start} đến {end} (Nghị định 09/2019/NĐ-CP, Điều 12)",
               "en": "Period: {label}; data cut off from {start} to {end} (Decree 09/2019/ND-CP, Art. 12)"},
    "hint": {"vi": "Chỉ điền vào các ô màu vàng. Không chèn, xóa hay sắp xếp lại dòng. Gửi lại tệp này cho "
                   "Cơ quan Thường trực; nhập bằng: plans report import TỆP.xlsx",
             "en": "Fill in the yellow cells only. Do not insert, delete or sort rows. Return this file to the "
                   "standing agency; it is imported with: plans report import FILE.xlsx"},
    "sample": {"vi": "DỮ LIỆU MẪU — không phải số liệu thật", "en": "SAMPLE DATA — not real figures"},
    "number": {"vi": "Số, ký hiệu văn bản báo cáo", "en": "Report number"},
    "date": {"vi": "Ngày báo cáo (dd/mm/yyyy)", "en": "Report date (dd/mm/yyyy)"},
    "results": {"vi": "Kết quả đạt được", "en": "Results"},
    "shortcomings": {"vi": "Tồn tại, hạn chế", "en": "Shortcomings"},
    "proposals": {"vi": "Đề xuất, kiến nghị", "en": "Proposals"},
    "field": {"vi": "Nội dung", "en": "Field"},
    "value": {"vi": "Điền", "en": "Fill in"},
    "col_target": {"vi": "Mã chỉ tiêu", "en": "Target"},
    "col_target_text": {"vi": "Chỉ tiêu", "en": "Target text"},
    "col_component": {"vi": "Số liệu", "en": "Figure"},
    "col_unit": {"vi": "Đơn vị tính", "en": "Unit"},
    "col_value": {"vi": "Kỳ này ({period})", "en": "This period ({period})"},
    "col_baseline": {"vi": "Cùng kỳ năm gốc ({period}) — chỉ cho chỉ tiêu so sánh",
                     "en": "Baseline period ({period}) — comparison targets only"},
    "col_last": {"vi": "Kỳ trước ({period}), đã báo cáo", "en": "Last period ({period}), as reported"},
    "col_base_ref": {"vi": "Cùng kỳ năm gốc ({period}), đã báo cáo", "en": "Baseline period ({period}), as reported"},
    "col_note": {"vi": "Ghi chú", "en": "Note"},
    "col_task": {"vi": "Mục", "en": "Item"},
    "col_text": {"vi": "Nhiệm vụ", "en": "Task"},
    "col_role": {"vi": "Vai trò", "en": "Role"},
    "col_deadline": {"vi": "Thời hạn", "en": "Deadline"},
    "col_progress": {"vi": "Tiến độ (chọn)", "en": "Progress (choose)"},
    "col_done_on": {"vi": "Ngày hoàn thành (dd/mm/yyyy)", "en": "Completed on (dd/mm/yyyy)"},
    "col_evidence": {"vi": "Sản phẩm, minh chứng (số văn bản…)", "en": "Evidence (document number…)"},
    "no_figures": {"vi": "Cơ quan không phụ trách chỉ tiêu nào của kế hoạch trong kỳ này.",
                   "en": "The agency answers for no target of this plan in this period."},
    "no_tasks": {"vi": "Không có nhiệm vụ nào giao cho cơ quan trong kế hoạch này.",
                 "en": "No task of this plan reaches the agency."},
    "pick": {"vi": "Chọn một tình trạng trong danh sách", "en": "Pick a state from the list"},
    "pick_title": {"vi": "Tiến độ", "en": "Progress"},
    "number_only": {"vi": "Chỉ nhập số không âm", "en": "Enter a number, zero or more"},
    "date_only": {"vi": "Nhập ngày dạng dd/mm/yyyy", "en": "Enter a date as dd/mm/yyyy"},
    "role_lead": {"vi": "chủ trì", "en": "lead"},
    "role_partner": {"vi": "phối hợp", "en": "partner"},
    "role_executor": {"vi": "thực hiện", "en": "executor"},
    "role_advisor": {"vi": "tham mưu", "en": "advisor"},
    "recurring": {"vi": "thường xuyên", "en": "recurring"},
}


def label(key: str, lang: str, **kw) -> str:
    s = L[key].get(lang) or L[key]["vi"]
    return s.format(**kw) if kw else s


def progress_label(state: str, lang: str) -> str:
    return PROGRESS[state][1].get(lang) or PROGRESS[state][1]["vi"]


def previous_period(p: Period) -> Period:
    """The period before ``p`` of the same kind (2026-H1 → 2025-H2, 2026-Q1 → 2025-Q4, 2026 → 2025)."""
    if p.kind == "month":
        return periods.parse(f"{p.year - 1}-M12" if p.index == 1 else f"{p.year}-M{p.index - 1:02d}")
    if p.kind == "quarter":
        return periods.parse(f"{p.year - 1}-Q4" if p.index == 1 else f"{p.year}-Q{p.index - 1}")
    if p.kind == "6-months":
        return periods.parse(f"{p.year - 1}-H2" if p.index == 1 else f"{p.year}-H1")
    return periods.parse(p.code.replace(str(p.year), str(p.year - 1), 1))


def baseline_period(p: Period, baseline_text: str | None) -> Period:
    """The same period of the baseline year: the year the target names ("so với năm 2025"), else the
    year before."""
    m = re.search(r"\b(19\d{2}|20\d{2}|2100)\b", baseline_text or "")
    year = int(m.group(1)) if m else p.year - 1
    return periods.parse(p.code.replace(str(p.year), str(year), 1))


def _reported(repo: Repository, plan: Plan, period: Period, agency_id: str, indicator: str) -> tuple[dict, dict]:
    """The agency's own figures (values, baseline) for ``indicator`` in ``period``, as plans kpi counts
    them (plans.kpi.attainment): from this plan, or else from any plan whose period covers it."""
    from plans.kpi.attainment import attainment

    for p in [plan, *(q for q in repo.plans.values() if q.id != plan.id)]:
        for a in attainment(repo, p, period, agency_id):
            if a.target.indicator == indicator and (a.components or a.baseline):
                return dict(a.components), dict(a.baseline)
    return {}, {}


def _num(v):
    """A summed figure (Fraction) as a cell value: int when whole."""
    if v is None:
        return None
    return int(v) if v.denominator == 1 else float(v)


def digest(meta: dict) -> str:
    """SHA-256 of the form's identity and layout (everything in the hidden sheet but the digest)."""
    body = {k: meta[k] for k in META_ROWS if k != "sha256"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode("utf-8")).hexdigest()


def report_form(repo: Repository, plan: Plan, period: Period, agency: Agency | Group, lang: str = "vi",
                sample: bool = False, created: dt.date | None = None) -> Workbook:
    """The workbook for ``agency`` to report on ``plan`` for ``period`` (see the module docstring)."""
    from plans.kpi.progress import progress_lookup
    from plans.kpi.skeleton import report_skeleton
    from plans.queries.status import agency_status

    skeleton = report_skeleton(repo, plan, period, agency)
    created = created or dt.date.today()
    start, end = period.cutoff
    wb = Workbook()
    info = wb.active
    info.title = label("sheet_info", lang)
    figs = wb.create_sheet(label("sheet_figures", lang))
    tasks = wb.create_sheet(label("sheet_tasks", lang))
    fixed: dict[str, str] = {}

    def lock(ws, row, col, value, **kw):
        """A label cell that must still read the same when the form comes back."""
        c = put(ws, row, col, value, **kw)
        if c.value is not None:
            fixed[f"{ws.title}!{c.coordinate}"] = str(c.value)
        return c

    def fill(ws, row, col, value=None, **kw):
        c = put(ws, row, col, value, fill=INPUT_FILL, **kw)
        c.protection = UNLOCKED
        return c

    def heading(ws):
        title(ws, 1, label("title", lang, number=plan.number))
        title(ws, 2, label("agency", lang, name=agency.name), size=12)
        title(ws, 3, label("period", lang, label=period.label(lang), start=start.strftime("%d/%m/%Y"),
                           end=end.strftime("%d/%m/%Y")), size=11, bold=False)
        title(ws, 4, label("hint", lang) + (" — " + label("sample", lang) if sample else ""), size=11, bold=False)
        ws["A4"].font = Font(name="Times New Roman", italic=True, size=11, color="C00000" if sample else "595959")
        for r in range(1, 5):
            fixed[f"{ws.title}!A{r}"] = str(ws[f"A{r}"].value)

    # ---- general information
    heading(info)
    header(info, HEADER_ROW, [label("field", lang), label("value", lang)])
    info_cells = {}
    existing = next((r for r in repo.reports if r.plan == plan.id and r.period == period.code
                     and r.agency == agency.id), None)
    for i, key in enumerate(("number", "date", "results", "shortcomings", "proposals")):
        row = FIRST_ROW + i
        lock(info, row, 1, label(key, lang), bold=True, wrap=True)
        if existing is None:
            value = None
        elif key == "number":
            value = existing.number
        elif key == "date":
            value = existing.date
        else:
            value = existing.notes.get(key)
        fill(info, row, 2, value, wrap=True)
        info_cells[key] = f"B{row}"
        if key in ("results", "shortcomings", "proposals"):
            info.row_dimensions[row].height = 90
    _date_rule(info, info_cells["date"], lang)
    widths(info, {1: 34, 2: 90})

    # ---- figures
    heading(figs)
    last, base_ref = previous_period(period), None
    figure_layout = []
    row = FIRST_ROW
    number_cells, baseline_cells = [], []
    for item in skeleton["figures"]:
        ind = repo.indicators[item["indicator"]]
        tg = next(t for t in plan.targets if t.indicator == ind.id)
        bp = baseline_period(period, tg.baseline)
        base_ref = base_ref or bp
        last_vals, _ = _reported(repo, plan, last, agency.id, ind.id)
        base_vals, _ = _reported(repo, plan, bp, agency.id, ind.id)
        now_vals, now_base = _reported(repo, plan, period, agency.id, ind.id) if existing else ({}, {})
        entry = {"indicator": ind.id, "note": f"I{row}", "components": []}
        note = next((f.note for f in existing.figures if f.indicator == ind.id), None) if existing else None
        for j, comp in enumerate(ind.components):
            lock(figs, row, 1, tg.id)
            lock(figs, row, 2, tg.text if j == 0 else "", wrap=True)
            lock(figs, row, 3, comp.name if lang == "vi" else (comp.name_en or comp.name), wrap=True)
            lock(figs, row, 4, comp.unit)
            fill(figs, row, 5, _num(now_vals.get(comp.id)))
            number_cells.append(f"E{row}")
            cell = {"id": comp.id, "value": f"E{row}", "baseline": None}
            if "baseline" in item:
                prior = now_base.get(comp.id, base_vals.get(comp.id))
                fill(figs, row, 6, _num(prior))
                baseline_cells.append(f"F{row}")
                cell["baseline"] = f"F{row}"
            else:
                put(figs, row, 6, None, fill=LOCKED_FILL)
            put(figs, row, 7, _num(last_vals.get(comp.id)), fill=LOCKED_FILL)
            put(figs, row, 8, _num(base_vals.get(comp.id)), fill=LOCKED_FILL)
            if j == 0:
                fill(figs, row, 9, note, wrap=True)
            else:
                put(figs, row, 9, None, fill=LOCKED_FILL)
            entry["components"].append(cell)
            row += 1
        figure_layout.append(entry)
    header(figs, HEADER_ROW, [label("col_target", lang), label("col_target_text", lang), label("col_component", lang),
                              label("col_unit", lang), label("col_value", lang, period=period.code),
                              label("col_baseline", lang, period=(base_ref or baseline_period(period, None)).code),
                              label("col_last", lang, period=last.code),
                              label("col_base_ref", lang, period=(base_ref or baseline_period(period, None)).code),
                              label("col_note", lang)])
    for c in figs[HEADER_ROW]:
        fixed[f"{figs.title}!{c.coordinate}"] = str(c.value)
    if not figure_layout:
        title(figs, FIRST_ROW, label("no_figures", lang), size=11, bold=False)
    if number_cells or baseline_cells:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True, error=label("number_only", lang), errorTitle=label("value", lang))
        for ref in number_cells + baseline_cells:
            dv.add(ref)
        figs.add_data_validation(dv)
    widths(figs, {1: 9, 2: 44, 3: 40, 4: 10, 5: 16, 6: 20, 7: 16, 8: 16, 9: 30})

    # ---- tasks
    heading(tasks)
    header(tasks, HEADER_ROW, [label(k, lang) for k in ("col_task", "col_text", "col_role", "col_deadline",
                                                         "col_progress", "col_done_on", "col_evidence", "col_note")])
    for c in tasks[HEADER_ROW]:
        fixed[f"{tasks.title}!{c.coordinate}"] = str(c.value)
    st = agency_status(repo, agency.id, period.end, plan_id=plan.id)
    roles: dict[str, str] = {}
    found = {}  # the task objects the skeleton listed (an id may also name a section: not plan.find)
    for a in st.assignments:
        roles.setdefault(a.task.id, a.role)
        found.setdefault(a.task.id, a.task)
    _, progress = progress_lookup(repo)
    task_layout = []
    row = FIRST_ROW
    for item in skeleton["tasks"]:
        task = found[item["task"]]
        deadline = task.deadline or task.deadline_text or (label("recurring", lang) if task.recurrence else None)
        lock(tasks, row, 1, task.id)
        put(tasks, row, 2, " ".join(task.text.split()), wrap=True)  # long: checked by id, not by text
        lock(tasks, row, 3, label(f"role_{roles.get(task.id, 'executor')}", lang))
        put(tasks, row, 4, deadline, wrap=True)
        state, done_on, evidence, note = "not-started", None, None, None
        pr = progress(plan, task, agency.id, period.end)
        if pr is not None:
            tp = next((x for x in pr.report.tasks if x.task == task.id), None)
            state = "not-started" if tp is not None and tp.status == "not-started" else pr.state
            done_on, evidence = pr.done_on, pr.evidence
            note = tp.note if tp is not None and pr.report.period == period.code else None
        fill(tasks, row, 5, progress_label(state, lang), wrap=True)
        fill(tasks, row, 6, done_on)
        fill(tasks, row, 7, evidence, wrap=True)
        fill(tasks, row, 8, note, wrap=True)
        task_layout.append({"task": task.id, "row": row})
        row += 1
    if not task_layout:
        title(tasks, FIRST_ROW, label("no_tasks", lang), size=11, bold=False)
    else:
        last_row = FIRST_ROW + len(task_layout) - 1
        choices = ",".join(progress_label(s, lang) for s in PROGRESS)
        dv = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=True,
                            error=label("pick", lang), errorTitle=label("pick_title", lang),
                            showInputMessage=True, prompt=label("pick", lang), promptTitle=label("pick_title", lang))
        dv.add(f"E{FIRST_ROW}:E{last_row}")
        tasks.add_data_validation(dv)
        _date_rule(tasks, f"F{FIRST_ROW}:F{last_row}", lang)
    widths(tasks, {1: 10, 2: 70, 3: 11, 4: 13, 5: 24, 6: 16, 7: 30, 8: 30})

    for ws in (info, figs, tasks):
        ws.freeze_panes = f"A{FIRST_ROW}"
        ws.row_dimensions[HEADER_ROW].height = 45
        p = ws.protection
        p.sheet = True
        p.formatColumns = p.formatRows = p.formatCells = False  # resizing and wrapping stay allowed
        ws.sheet_view.zoomScale = 100
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"

    layout = {"sheets": {"info": info.title, "figures": figs.title, "tasks": tasks.title},
              "info": info_cells, "figures": figure_layout, "tasks": task_layout,
              "task_columns": {"progress": "E", "done_on": "F", "evidence": "G", "note": "H"},
              "fixed": fixed}
    meta = {"format": FORMAT, "version": VERSION, "plan": plan.id, "period": period.code, "agency": agency.id,
            "lang": lang, "sample": bool(sample), "created": created.isoformat(),
            "layout": json.dumps(layout, ensure_ascii=False, sort_keys=True, separators=(",", ":"))}
    meta["sha256"] = digest(meta)
    ms = wb.create_sheet(META_SHEET)
    for key, r in META_ROWS.items():
        ms.cell(row=r, column=1, value=key).data_type = "s"
        value = meta[key]
        if key == "layout":
            for k in range(0, max(len(value), 1), CHUNK):
                c = ms.cell(row=r, column=2 + k // CHUNK, value=value[k:k + CHUNK])
                c.data_type = "s"
        else:
            c = ms.cell(row=r, column=2, value=value)
            if isinstance(value, str):
                c.data_type = "s"
    ms.sheet_state = "veryHidden"
    ms.protection.sheet = True
    wb.active = 0
    wb.security = WorkbookProtection(lockStructure=True)  # no sheet renamed, moved, added or deleted
    return wb


def form_summary(wb) -> tuple[int, int]:
    """(figures, tasks) to fill in a form made by :func:`report_form`."""
    ms = wb[META_SHEET]
    row = META_ROWS["layout"]
    text, col = "", 2
    while isinstance(ms.cell(row=row, column=col).value, str):
        text += ms.cell(row=row, column=col).value
        col += 1
    layout = json.loads(text)
    return sum(len(f["components"]) for f in layout["figures"]), len(layout["tasks"])


def _date_rule(ws, ref: str, lang: str) -> None:
    dv = DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)", formula2="DATE(2100,12,31)",
                        allow_blank=True, showErrorMessage=True, error=label("date_only", lang),
                        errorTitle=label("value", lang))
    dv.add(ref)
    ws.add_data_validation(dv)
    for row in ws[ref] if ":" in ref else ((ws[ref],),):
        for c in row:
            c.number_format = "DD/MM/YYYY"
            c.alignment = Alignment(vertical="top")


def default_name(plan_id: str, period_code: str, agency_id: str) -> str:
    """The file name a form is written to when no -o is given: bao-cao-<plan>-<period>-<agency>.xlsx."""
    return f"bao-cao-{plan_id}-{period_code}-{agency_id}.xlsx"
