"""A filled report form (plans.export.report_form) back into a report: the YAML a clerk would have
written by hand, checked by the same JSON Schema and the same rules (R015–R019 …) as one.

``read_form(data, repo, expect=…)`` returns a :class:`FormResult`: the report document (a ruamel
mapping, written with plans.kpi.skeleton.to_yaml) and the problems found, each named by sheet and
cell ("Chỉ số!E7: “12a” không phải số"). Nothing here prints or writes.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from fractions import Fraction

from plans.export import report_form as rf
from plans.loading.model import Repository
from plans.text import clean, fold, nfc

MAX_BYTES = 20 * 1024 * 1024  # a returned form is a few dozen kB
MAX_EXPANDED = 200 * 1024 * 1024  # its XML, unzipped

# problem code -> message (vi, en)
MESSAGES = {
    "not-xlsx": ("không đọc được như sổ Excel .xlsx ({error}). Gửi lại đúng tệp .xlsx đã nhận",
                 "cannot be read as an Excel .xlsx workbook ({error}). Send back the .xlsx file as received"),
    "too-large": ("tệp (giải nén) lớn {size} byte, quá giới hạn {limit}; đây không phải mẫu báo cáo",
                  "the file (unzipped) is {size} bytes, over the limit of {limit}; this is not a report form"),
    "no-meta": ("không có trang ẩn _plans: sổ này không được tạo bằng plans report new --format xlsx",
                "no hidden sheet _plans: this workbook was not made by plans report new --format xlsx"),
    "bad-meta": ("trang ẩn _plans hỏng ({what}); tạo lại mẫu bằng plans report new --format xlsx",
                 "the hidden sheet _plans is damaged ({what}); make the form again with plans report new --format xlsx"),
    "hash": ("chữ ký nội dung không khớp: trang ẩn _plans đã bị sửa. Tạo lại mẫu bằng plans report new --format xlsx",
             "the content signature does not match: the hidden sheet _plans was changed. Make the form again "
             "with plans report new --format xlsx"),
    "other": ("sổ lập cho {what} “{found}”, không phải “{wanted}” đang thu",
              "the workbook was made for {what_en} “{found}”, not “{wanted}” as expected"),
    "unknown-plan": ("kế hoạch “{id}” không có trong kho", "plan “{id}” is not in the repository"),
    "unknown-agency": ("cơ quan “{id}” không có trong sổ đăng ký", "agency “{id}” is not in the registries"),
    "template": ("mẫu đã bị sửa: ô phải là “{wanted}”, đang là “{found}”. Không chèn, xóa hay sắp xếp lại dòng; "
                 "điền lại vào mẫu gốc",
                 "the template was changed: the cell must read “{wanted}”, it reads “{found}”. Do not insert, delete "
                 "or sort rows; fill in the original form"),
    "not-number": ("“{value}” không phải số. Nhập số (ví dụ 1460), không kèm chữ hay đơn vị",
                   "“{value}” is not a number. Enter a number (such as 1460), without words or units"),
    "negative": ("{value} là số âm; số liệu phải từ 0 trở lên", "{value} is negative; figures are zero or more"),
    "no-value": ("ô có công thức nhưng chưa có giá trị đã tính; mở sổ trong Excel rồi lưu lại",
                 "the cell holds a formula without a computed value; open the workbook in Excel and save it"),
    "part-gt-total": ("{part} ({a}) lớn hơn {total} ({b}, ô {other}): số thành phần không thể lớn hơn tổng",
                      "{part} ({a}) is larger than {total} ({b}, cell {other}): a part cannot exceed its total"),
    "bad-progress": ("“{value}” không phải một tình trạng trong danh sách: {choices}",
                     "“{value}” is not one of the states in the list: {choices}"),
    "not-date": ("“{value}” không phải ngày; nhập dạng dd/mm/yyyy", "“{value}” is not a date; enter dd/mm/yyyy"),
    "late-no-date": ("“{state}” cần ngày hoàn thành (ô {other}) để biết đã quá hạn",
                     "“{state}” needs the completion date (cell {other}) to tell it was late"),
    "state-vs-date": ("ghi “{state}” nhưng ngày hoàn thành {done} {rel} thời hạn {deadline}",
                      "says “{state}” but the completion date {done} is {rel_en} the deadline {deadline}"),
    "date-not-done": ("có ngày hoàn thành nhưng tiến độ không phải “hoàn thành” (ô {other})",
                      "a completion date is given but the progress (cell {other}) is not “done”"),
    "finding": ("{message}", "{message}"),
}


@dataclass
class Problem:
    code: str
    where: str  # "Sheet!Cell", or "" for the file as a whole
    args: dict = field(default_factory=dict)

    def message(self, lang: str = "vi") -> str:
        vi, en = MESSAGES[self.code]
        args = dict(self.args)
        if callable(args.get("message")):
            args["message"] = args["message"](lang)
        text = (en if lang == "en" else vi).format(**args)
        return f"{self.where}: {text}" if self.where else text


@dataclass
class FormResult:
    plan: str | None = None
    period: str | None = None
    agency: str | None = None
    sample: bool = False
    doc: object = None  # the report mapping (ruamel CommentedMap), None when the form could not be read
    problems: list[Problem] = field(default_factory=list)
    filled: int = 0  # figures filled in
    tasks: int = 0  # tasks reported

    @property
    def ok(self) -> bool:
        return self.doc is not None and not self.problems


def read_form(data: bytes, repo: Repository, expect: dict | None = None) -> FormResult:
    """Read a returned form (``data``: the .xlsx bytes) against ``repo``. ``expect`` may name the
    ``plan``, ``period`` and ``agency`` being collected: a workbook made for another is refused."""
    out = FormResult()
    if len(data) > MAX_BYTES:
        out.problems.append(Problem("too-large", "", {"size": len(data), "limit": MAX_BYTES}))
        return out
    try:  # a zip that expands to far more than any form (a "zip bomb") is refused before it is read
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            expanded = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        out.problems.append(Problem("not-xlsx", "", {"error": type(e).__name__}))
        return out
    if expanded > MAX_EXPANDED:
        out.problems.append(Problem("too-large", "", {"size": expanded, "limit": MAX_EXPANDED}))
        return out
    try:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), data_only=True)
        formulas = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, AttributeError) as e:
        out.problems.append(Problem("not-xlsx", "", {"error": type(e).__name__}))
        return out
    except Exception as e:  # noqa: BLE001 - the XML inside a returned file can break the reader in any way
        out.problems.append(Problem("not-xlsx", "", {"error": type(e).__name__}))
        return out
    meta = _meta(wb, out)
    if meta is None:
        return out
    out.plan, out.period, out.agency, out.sample = meta["plan"], meta["period"], meta["agency"], bool(meta["sample"])
    ms = rf.META_SHEET
    for key in ("plan", "period", "agency"):
        wanted = (expect or {}).get(key)
        if wanted and wanted != meta[key]:
            out.problems.append(Problem("other", f"{ms}!B{rf.META_ROWS[key]}", {
                "what": {"plan": "kế hoạch", "period": "kỳ", "agency": "cơ quan"}[key], "what_en": key,
                "found": meta[key], "wanted": wanted}))
    plan = repo.plans.get(meta["plan"])
    if plan is None:
        out.problems.append(Problem("unknown-plan", f"{ms}!B{rf.META_ROWS['plan']}", {"id": meta["plan"]}))
    agency = repo.entity(meta["agency"])
    if agency is None:
        out.problems.append(Problem("unknown-agency", f"{ms}!B{rf.META_ROWS['agency']}", {"id": meta["agency"]}))
    if out.problems:
        return out
    layout = meta["layout"]
    try:
        sheets = {k: wb[v] for k, v in layout["sheets"].items()}
        fsheets = {k: formulas[v] for k, v in layout["sheets"].items()}
    except KeyError as e:
        out.problems.append(Problem("bad-meta", "", {"what": f"sheet {e}"}))
        return out
    for ref, wanted in layout["fixed"].items():
        name, cell = ref.rsplit("!", 1)
        found = wb[name][cell].value if name in wb.sheetnames else None
        if _text(found) != wanted:
            out.problems.append(Problem("template", ref, {"wanted": _short(wanted), "found": _short(_text(found))}))
            if sum(p.code == "template" for p in out.problems) >= 5:
                break
    if out.problems:
        return out
    reader = _Reader(sheets, fsheets, out, meta.get("lang", "vi"))
    out.doc = _document(repo, plan, meta, layout, reader)
    if not out.problems:
        validate(repo, out, reader.cells)
    return out


def _meta(wb, out: FormResult) -> dict | None:
    if rf.META_SHEET not in wb.sheetnames:
        out.problems.append(Problem("no-meta", ""))
        return None
    ms = wb[rf.META_SHEET]
    meta = {}
    for key, row in rf.META_ROWS.items():
        if ms.cell(row=row, column=1).value != key:
            out.problems.append(Problem("bad-meta", f"{rf.META_SHEET}!A{row}", {"what": key}))
            return None
        if key == "layout":
            parts, col = [], 2
            while isinstance(ms.cell(row=row, column=col).value, str):
                parts.append(ms.cell(row=row, column=col).value)
                col += 1
            meta[key] = "".join(parts)
        else:
            meta[key] = ms.cell(row=row, column=2).value
    if meta["format"] != rf.FORMAT or meta["version"] != rf.VERSION:
        out.problems.append(Problem("bad-meta", f"{rf.META_SHEET}!B1", {"what": f"{meta['format']} {meta['version']}"}))
        return None
    if not isinstance(meta["sha256"], str) or rf.digest(meta) != meta["sha256"]:
        out.problems.append(Problem("hash", f"{rf.META_SHEET}!B{rf.META_ROWS['sha256']}"))
        return None
    for key in ("plan", "period", "agency"):
        if not isinstance(meta[key], str):
            out.problems.append(Problem("bad-meta", f"{rf.META_SHEET}!B{rf.META_ROWS[key]}", {"what": key}))
            return None
    try:
        meta["layout"] = json.loads(meta["layout"])
    except ValueError:
        out.problems.append(Problem("bad-meta", f"{rf.META_SHEET}!B{rf.META_ROWS['layout']}", {"what": "layout"}))
        return None
    return meta


def _text(v) -> str:
    if v is None:
        return ""
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v)


def _short(s: str, n: int = 60) -> str:
    s = " ".join(clean(s).split())
    return s if len(s) <= n else s[: n - 1] + "…"


_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


class _Reader:
    """Reads typed values out of the form's cells, recording a problem for each one that is not."""

    def __init__(self, sheets, fsheets, out: FormResult, lang: str):
        self.sheets, self.fsheets, self.out, self.lang = sheets, fsheets, out, lang
        self.cells: dict[tuple, str] = {}  # report path ("figures", 0, "values", "cases") -> "Sheet!E7"

    def ref(self, sheet: str, cell: str) -> str:
        return f"{self.sheets[sheet].title}!{cell}"

    def raw(self, sheet: str, cell: str):
        v = self.sheets[sheet][cell].value
        if v is None and isinstance(self.fsheets[sheet][cell].value, str) \
                and self.fsheets[sheet][cell].value.startswith("="):
            self.out.problems.append(Problem("no-value", self.ref(sheet, cell)))
        return v

    def text(self, sheet: str, cell: str) -> str | None:
        v = self.raw(sheet, cell)
        if v is None:
            return None
        if isinstance(v, (dt.datetime, dt.date)):
            v = v.strftime("%d/%m/%Y")
        elif isinstance(v, float) and v.is_integer():
            v = int(v)
        s = nfc(clean(str(v))).strip()
        return s or None

    def number(self, sheet: str, cell: str):
        v = self.raw(sheet, cell)
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float, str)):
            self.out.problems.append(Problem("not-number", self.ref(sheet, cell), {"value": _short(_text(v))}))
            return None
        if isinstance(v, str):
            s = v.strip().replace("\u00a0", "").replace(" ", "")
            if not re.fullmatch(r"\d+", s):  # "1.460" or "1,460" could mean either; only plain digits
                self.out.problems.append(Problem("not-number", self.ref(sheet, cell), {"value": _short(v)}))
                return None
            v = int(s)
        if v != v or v in (float("inf"), float("-inf")):
            self.out.problems.append(Problem("not-number", self.ref(sheet, cell), {"value": str(v)}))
            return None
        if v < 0:
            self.out.problems.append(Problem("negative", self.ref(sheet, cell), {"value": _fmt(v)}))
            return None
        return int(v) if isinstance(v, float) and v.is_integer() else v

    def date(self, sheet: str, cell: str) -> dt.date | None:
        v = self.raw(sheet, cell)
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        if isinstance(v, dt.datetime):
            d = v.date()
        elif isinstance(v, dt.date):
            d = v
        else:
            s = str(v).strip()
            m = _DMY.fullmatch(s)
            try:
                d = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else dt.date.fromisoformat(s)
            except ValueError:
                d = None
            if d is None:
                self.out.problems.append(Problem("not-date", self.ref(sheet, cell), {"value": _short(s)}))
                return None
        if not 1900 <= d.year <= 2100:
            self.out.problems.append(Problem("not-date", self.ref(sheet, cell), {"value": d.strftime("%d/%m/%Y")}))
            return None
        return d


def _fmt(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _progress_states(lang: str) -> dict[str, str]:
    """Folded label (either language) -> progress state."""
    out = {}
    for state, (_, labels) in rf.PROGRESS.items():
        for text in labels.values():
            out[fold(text)] = state
    return out


def _document(repo, plan, meta: dict, layout: dict, rd: _Reader):
    """The report mapping, shaped and commented like ``plans report new`` writes it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from plans.kpi.skeleton import _line, report_head
    from plans.queries import periods

    period = periods.parse(meta["period"])
    agency = repo.entity(meta["agency"])
    cells = layout["info"]
    date = rd.date("info", cells["date"])
    number = rd.text("info", cells["number"]) or ""
    rd.cells[("date",)] = rd.ref("info", cells["date"])
    rd.cells[("number",)] = rd.ref("info", cells["number"])
    doc = report_head(plan, period, agency, date.isoformat() if date else None, number, meta["sample"],
                      f"Nhập từ sổ Excel (plans report import), mẫu lập ngày {meta['created']}.")

    figures = CommentedSeq()
    for i, entry in enumerate(layout["figures"]):
        ind = repo.indicators.get(entry["indicator"])
        item = CommentedMap()
        item["indicator"] = entry["indicator"]
        rd.cells[("figures", i)] = rd.ref("figures", entry["components"][0]["value"]) if entry["components"] else ""
        rd.cells[("figures", i, "indicator")] = rd.cells[("figures", i)]
        values, base = CommentedMap(), CommentedMap()
        for comp in entry["components"]:
            cid = comp["id"]
            values[cid] = rd.number("figures", comp["value"])
            rd.cells[("figures", i, "values", cid)] = rd.ref("figures", comp["value"])
            c = ind.component(cid) if ind else None
            if c is not None:
                values.yaml_add_eol_comment(_line(f"{c.name} ({c.unit})"), cid)
            if comp.get("baseline"):
                base[cid] = rd.number("figures", comp["baseline"])
                rd.cells[("figures", i, "baseline", cid)] = rd.ref("figures", comp["baseline"])
                if c is not None:
                    tg0 = next((t for t in plan.targets if t.indicator == entry["indicator"]), None)
                    base.yaml_add_eol_comment(
                        _line(f"{c.name}, cùng kỳ năm gốc ({(tg0.baseline if tg0 else None) or 'năm trước'})"), cid)
        item["values"] = values
        if base:
            item["baseline"] = base
        note = rd.text("figures", entry["note"])
        if note:
            item["note"] = note
            rd.cells[("figures", i, "note")] = rd.ref("figures", entry["note"])
        rd.out.filled += sum(v is not None for v in values.values())
        if ind is not None:
            _parts(ind, item, entry, rd)
        figures.append(item)
        tg = next((t for t in plan.targets if t.indicator == entry["indicator"]), None)
        if tg is not None:
            figures.yaml_set_comment_before_after_key(len(figures) - 1, before=_line(f"{tg.id}: {tg.text}"),
                                                      indent=2)
    doc["figures"] = figures

    from plans.queries.status import agency_status

    roles: dict[str, str] = {}
    for a in agency_status(repo, agency.id, period.end, plan_id=plan.id).assignments:
        roles.setdefault(a.task.id, a.role)
    tasks = CommentedSeq()
    cols = layout["task_columns"]
    states = _progress_states(rd.lang)
    choices = ", ".join(rf.progress_label(s, rd.lang) for s in rf.PROGRESS)
    for entry in layout["tasks"]:
        row = entry["row"]
        at = {k: f"{c}{row}" for k, c in cols.items()}
        i = len(tasks)
        label = rd.text("tasks", at["progress"])
        state = states.get(fold(label)) if label else "not-started"
        if label and state is None:
            rd.out.problems.append(Problem("bad-progress", rd.ref("tasks", at["progress"]),
                                           {"value": _short(label), "choices": choices}))
        done_on = rd.date("tasks", at["done_on"])
        task = next((x for x in plan.tasks() if x.id == entry["task"]), None)
        _progress_checks(rd, task, state, label, done_on, at)
        item = CommentedMap()
        item["task"] = entry["task"]
        item["status"] = rf.PROGRESS[state][0] if state else "not-started"
        item.yaml_add_eol_comment("done | in-progress | not-started", "status")
        item["done_on"] = done_on.isoformat() if done_on else None
        item["evidence"] = rd.text("tasks", at["evidence"]) or ""
        note = rd.text("tasks", at["note"])
        if note:
            item["note"] = note
        for key, col in (("task", "progress"), ("status", "progress"), ("done_on", "done_on"),
                         ("evidence", "evidence"), ("note", "note")):
            rd.cells[("tasks", i, key)] = rd.ref("tasks", at[col])
        rd.cells[("tasks", i)] = rd.ref("tasks", f"A{row}")
        tasks.append(item)
        if label:
            rd.out.tasks += 1
        if task is not None:
            text = _line(task.text)[:150]
            role = f" ({roles[task.id]})" if task.id in roles else ""
            tasks.yaml_set_comment_before_after_key(i, before=f"{task.id}{role}: {text}", indent=2)
    doc["tasks"] = tasks
    notes = CommentedMap()
    for key in ("results", "shortcomings", "proposals"):
        notes[key] = rd.text("info", cells[key]) or ""
        rd.cells[("notes", key)] = rd.ref("info", cells[key])
    notes.yaml_add_eol_comment("kết quả đạt được", "results")
    notes.yaml_add_eol_comment("tồn tại, hạn chế", "shortcomings")
    notes.yaml_add_eol_comment("đề xuất, kiến nghị", "proposals")
    doc["notes"] = notes
    return doc


def _parts(ind, item, entry, rd: _Reader) -> None:
    """A ratio's numerator may not exceed its denominator (resolved > received), this period or baseline."""
    if ind.kind not in ("ratio", "share") or not ind.numerator or not ind.denominator:
        return
    where = {c["id"]: c for c in entry["components"]}
    for part, col in (("values", "value"), ("baseline", "baseline")):
        d = item.get(part) or {}
        a, b = d.get(ind.numerator), d.get(ind.denominator)
        if a is None or b is None or Fraction(str(a)) <= Fraction(str(b)):
            continue
        num, den = ind.component(ind.numerator), ind.component(ind.denominator)
        lang = rd.lang
        rd.out.problems.append(Problem("part-gt-total", rd.ref("figures", where[ind.numerator][col]), {
            "part": (num.name_en or num.name) if lang == "en" else num.name, "a": _fmt(a),
            "total": (den.name_en or den.name) if lang == "en" else den.name, "b": _fmt(b),
            "other": where[ind.denominator][col]}))


def _progress_checks(rd: _Reader, task, state, label, done_on, at) -> None:
    if state is None:
        return
    ref = rd.ref("tasks", at["progress"])
    if state in ("done-on-time", "done-late"):
        if state == "done-late" and done_on is None:
            rd.out.problems.append(Problem("late-no-date", ref, {"state": label, "other": at["done_on"]}))
        deadline = getattr(task, "deadline", None)
        if done_on and deadline:
            late = done_on > deadline
            if late != (state == "done-late"):
                rd.out.problems.append(Problem("state-vs-date", ref, {
                    "state": label, "done": done_on.strftime("%d/%m/%Y"), "deadline": deadline.strftime("%d/%m/%Y"),
                    "rel": "sau" if late else "không sau", "rel_en": "after" if late else "not after"}))
    elif done_on is not None:
        rd.out.problems.append(Problem("date-not-done", rd.ref("tasks", at["done_on"]), {"other": at["progress"]}))


def validate(repo: Repository, out: FormResult, cells: dict[tuple, str]) -> None:
    """Check ``out.doc`` as a hand-written report would be checked: the report JSON Schema, then every
    rule over the repository with this report in place of the agency's current one (R015–R019 …).
    Each error is named by the cell its value came from."""
    from plans.checks.registry import all_rules
    from plans.findings import ERROR
    from plans.kpi.model import build_report
    from plans.loading.loader import _schema_finding, validator

    path = f"<{out.agency}.xlsx>"
    doc = json.loads(json.dumps(out.doc))  # plain data, as a YAML file would load
    v = validator("Report")
    errors = list(v.iter_errors(doc)) if v is not None else []
    for err in errors:
        f = _schema_finding(path, err, {})
        out.problems.append(Problem("finding", _cell(cells, tuple(err.absolute_path)),
                                    {"message": _renderer(f)}))
    if errors:
        return
    report = build_report(doc, path, {})
    kept = repo.reports
    repo.reports = [r for r in kept if (r.plan, r.period, r.agency) != (report.plan, report.period, report.agency)]
    repo.reports.append(report)
    try:
        seen = {p.where for p in out.problems}
        for rule in all_rules():
            if rule.check is None:
                continue
            for f in rule.check(repo):
                if f.file != path or f.severity != ERROR:
                    continue
                where = _cell(cells, tuple(f.pending.path) if f.pending is not None else ())
                if where in seen:
                    continue  # one message per cell: the form's own check said it first
                seen.add(where)
                out.problems.append(Problem("finding", where, {"message": _renderer(f)}))
    finally:
        repo.reports = kept


def _renderer(f):
    return lambda lang: f"{f.code} {f.message(lang)}"


def _cell(cells: dict[tuple, str], path: tuple) -> str:
    while path:
        if path in cells and cells[path]:
            return cells[path]
        path = path[:-1]
    return ""


def missing_reporters(repo: Repository, plan, period) -> list[str]:
    """Agencies that owe ``plan`` a report for ``period`` (:func:`plans.kpi.attainment.owed_reports`, the
    list the periodic report prints in its section III) and have sent none, whatever its date: the
    question after an import is who has not sent one yet. Sorted by name."""
    import datetime as dt

    from plans.kpi.attainment import attainment, owed_reports
    from plans.loading.view import View
    from plans.text import vi_key

    everything = View(repo, dt.date(2100, 12, 31))
    sent = {r.agency for r in everything.reports_for(plan.id, period.code)}
    owed = owed_reports(repo, plan, period, attainment(everything, plan, period))
    return sorted(owed - sent, key=lambda a: vi_key(repo.name_of(a)))


def _flat(doc) -> dict:
    """A report as {readable path: value}: figures by indicator, tasks by id (order does not matter)."""
    out = {}
    if not isinstance(doc, dict):
        return out
    for key in ("plan", "period", "agency", "date", "number", "sample"):
        if doc.get(key) not in (None, "", False):
            out[key] = doc[key]
    for f in doc.get("figures") or []:
        if not isinstance(f, dict):
            continue
        for part in ("values", "baseline"):
            for k, v in (f.get(part) or {}).items():
                if v is not None:
                    out[f"figures[{f.get('indicator')}].{part}.{k}"] = v
        if f.get("note"):
            out[f"figures[{f.get('indicator')}].note"] = f["note"]
    for tp in doc.get("tasks") or []:
        if not isinstance(tp, dict):
            continue
        for k in ("status", "done_on", "evidence", "note"):
            if tp.get(k) not in (None, ""):
                out[f"tasks[{tp.get('task')}].{k}"] = tp[k]
    for k, v in (doc.get("notes") or {}).items():
        if v not in (None, ""):
            out[f"notes.{k}"] = v
    return out


def report_changes(old, new) -> list[tuple[str, object, object]]:
    """What replacing report ``old`` by ``new`` (both plain mappings) changes: (path, before, after),
    None for a value absent on one side; formatting and comments are not changes."""
    a, b = _flat(old), _flat(json.loads(json.dumps(new)))
    keys = list(a) + [k for k in b if k not in a]
    return [(k, a.get(k), b.get(k)) for k in keys if str(a.get(k)) != str(b.get(k))]
