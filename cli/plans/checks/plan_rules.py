"""Rules R021–R027: what a careful reader checks in a new plan and the schema cannot.

Dates in the wrong order, a legal basis younger than the plan, a source file that is not there, an
``unverified`` entry pointing nowhere, a registry filed under the wrong jurisdiction, a target whose
numbers contradict its own sentence, a task whose printed assignment names another lead.

Every check reads only the model, is defensive about odd values (``None``, wrong types: the model
keeps what the schema rejected too) and never raises.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import os
import re
import unicodedata
from contextvars import ContextVar
from pathlib import PurePosixPath, PureWindowsPath

from plans.checks.registry import rule
from plans.findings import ERROR, WARNING, Finding
from plans.loading.model import Objective, Plan, Repository, Section, Target, Task, Where
from plans.text import dmy, fold

_f = Finding.at


def _date(v) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v.strip())
        except ValueError:
            return None
    return None


def _plans(repo: Repository):
    return [p for p in (getattr(repo, "plans", None) or {}).values() if isinstance(p, Plan)]


# ---------------------------------------------------------------- R021 dates in the wrong order

@rule("R021", ERROR, "date-order",
      "{what} {date} muộn hơn {limit_what} {limit}",
      "{what_en} {date} is later than {limit_what_en} {limit}",
      "Các ngày của chính kế hoạch phải theo thứ tự: thời kỳ bắt đầu trước khi kết thúc (period.start ≤ period.end), "
      "kế hoạch được ký trước khi thời kỳ của nó kết thúc (date, hoặc date_range.from khi chỉ biết khoảng ngày, "
      "không sau period.end), và khoảng ngày ký có from ≤ to. Thường do gõ nhầm năm hoặc đảo hai ngày. Sửa theo "
      "văn bản gốc.",
      "The plan's own dates must be in order: the period starts before it ends (period.start ≤ period.end), the plan "
      "is signed before its period is over (date, or date_range.from when only a range is known, not after "
      "period.end), and a signing range has from ≤ to. Usually a mistyped year or two swapped dates. Correct them "
      "from the original.", on=("Plan",))
def date_order(repo: Repository):
    period_end_vi, period_end_en = "ngày kết thúc thời kỳ", "the period's end"
    for plan in _plans(repo):
        start, end = _date(plan.period_start), _date(plan.period_end)
        if start and end and start > end:
            yield _f("R021", ERROR, plan.where("period", "start"),
                     what="Ngày bắt đầu thời kỳ", what_en="The period's start", date=dmy(start),
                     limit_what=period_end_vi, limit_what_en=period_end_en, limit=dmy(end))
        lo, hi = _date(plan.date_from), _date(plan.date_to)
        if lo and hi and lo > hi:
            yield _f("R021", ERROR, plan.where("date_range", "from"),
                     what="Ngày sớm nhất có thể ký (date_range.from)",
                     what_en="The earliest possible signing day (date_range.from)", date=dmy(lo),
                     limit_what="ngày muộn nhất (date_range.to)", limit_what_en="the latest (date_range.to)",
                     limit=dmy(hi))
        if not end:
            continue
        day = _date(plan.date)
        if day and day > end:
            yield _f("R021", ERROR, plan.where("date"), what="Ngày ký kế hoạch", what_en="The plan's date",
                     date=dmy(day), limit_what=period_end_vi, limit_what_en=period_end_en, limit=dmy(end))
        elif not day and lo and lo > end:
            yield _f("R021", ERROR, plan.where("date_range", "from"),
                     what="Ngày sớm nhất có thể ký (date_range.from)",
                     what_en="The earliest possible signing day (date_range.from)", date=dmy(lo),
                     limit_what=period_end_vi, limit_what_en=period_end_en, limit=dmy(end))


# ---------------------------------------------------------------- R022 a basis younger than the plan

@rule("R022", ERROR, "basis-after-plan",
      "{what} {number} ngày {date} muộn hơn ngày ký kế hoạch {plan_date}",
      "{what_en} {number} of {date} is later than the plan's date {plan_date}",
      "Một kế hoạch chỉ có thể căn cứ vào (legal_bases) hoặc triển khai (implements.ref) văn bản đã ban hành trước "
      "hoặc cùng ngày với nó. Ngày muộn hơn thường là năm gõ nhầm (2052 thay cho 2025) hoặc ngày của văn bản khác. "
      "Khi chỉ biết khoảng ngày ký (date_range), chỉ báo khi văn bản muộn hơn cả ngày muộn nhất (date_range.to).",
      "A plan can only rest on (legal_bases) or carry out (implements.ref) documents issued before it or on the same "
      "day. A later date is usually a mistyped year (2052 for 2025) or another document's date. When only a signing "
      "range is known (date_range), only a document later than its last day (date_range.to) is reported.", on=("Plan",))
def basis_after_plan(repo: Repository):
    for plan in _plans(repo):
        latest = _date(plan.date) or _date(plan.date_to)
        if not latest:
            continue
        refs = [("Căn cứ", "Legal basis", r) for r in plan.legal_bases or []]
        refs += [("Văn bản được triển khai", "Implemented document", getattr(i, "ref", None))
                 for i in plan.implements or []]
        for what, what_en, ref in refs:
            d = _date(getattr(ref, "date", None))
            if d and d > latest:
                yield _f("R022", ERROR, ref.where("date"), what=what, what_en=what_en,
                         number=str(getattr(ref, "number", "") or "?"), date=dmy(d), plan_date=_date_label(plan))


def _date_label(plan: Plan) -> str:
    try:
        return plan.date_label()
    except (AttributeError, TypeError, ValueError):
        return dmy(_date(plan.date) or _date(plan.date_to))


# ---------------------------------------------------------------- R023 the source file

@rule("R023", ERROR, "missing-source",
      "Tệp nguồn “{file}” {why}", "Source file “{file}” {why_en}",
      "source.file ghi đường dẫn bản OCR mà kế hoạch được chép từ đó, tính từ thư mục plans/ của kho (ví dụ "
      "sources/003_98c37bab2b530168.txt). Tệp phải có trong kho để người duyệt đối chiếu. Đường dẫn tuyệt đối hay "
      "có “..” đi ra ngoài thư mục plans/ không được chấp nhận: plans không đọc gì ngoài kho. Thêm tệp nguồn vào "
      "plans/sources/ hoặc sửa đường dẫn.",
      "source.file names the OCR text the plan was transcribed from, relative to the repository's plans/ directory "
      "(e.g. sources/003_98c37bab2b530168.txt). The file must be in the repository so reviewers can compare. An "
      "absolute path, or one whose “..” leaves plans/, is refused: plans reads nothing outside the repository. Add "
      "the source under plans/sources/ or correct the path.", on=("Plan",))
def missing_source(repo: Repository):
    for plan in _plans(repo):
        src = plan.source if isinstance(plan.source, dict) else {}
        name = src.get("file")
        if not isinstance(name, str):
            continue  # no source given, or a non-string the schema already reports
        base = _plans_dir(plan.file)
        where = plan.where("source", "file")
        why = _source_problem(name, base)
        if why:
            yield _f("R023", ERROR, where, file=name, why=why[0], why_en=why[1])


def _plans_dir(plan_file: str) -> str:
    """The nearest ancestor directory named ``plans`` of the plan file, else the file's own directory."""
    here = os.path.dirname(os.path.abspath(plan_file))
    d = here
    while True:
        if os.path.basename(d) == "plans":
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return here
        d = parent


def _source_problem(name: str, base: str) -> tuple[str, str] | None:
    if not name.strip():
        return "để trống", "is empty"
    if (PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute() or PureWindowsPath(name).drive
            or name.startswith(("\\", "~"))):
        return ("là đường dẫn tuyệt đối; ghi đường dẫn tính từ thư mục plans/",
                "is an absolute path; write it relative to the plans/ directory")
    parts = re.split(r"[\\/]+", name)
    depth = 0
    for p in parts:
        if p == "..":
            depth -= 1
            if depth < 0:
                return ("đi ra ngoài thư mục plans/ của kho; plans không đọc tệp ngoài kho",
                        "leaves the repository's plans/ directory; plans reads no file outside the repository")
        elif p not in ("", "."):
            depth += 1
    path = os.path.join(base, *[p for p in parts if p])
    if os.path.isfile(path):
        return None
    rel = os.path.join(os.path.basename(base), *[p for p in parts if p not in ("", ".")])
    if os.path.isdir(path):
        return f"là một thư mục, không phải tệp ({rel})", f"is a directory, not a file ({rel})"
    return f"không có trong kho (tìm ở {rel})", f"does not exist (looked for {rel})"


# ---------------------------------------------------------------- R024 unverified.field, every segment

@rule("R024", ERROR, "unverified-field-path",
      "Trường chưa xác minh “{field}” không trỏ tới đâu: {why}",
      "Unverified field “{field}” points nowhere: {why_en}",
      "unverified[].field chỉ ra giá trị cần đối chiếu bản giấy: một trường của kế hoạch (number, date, "
      "signer.name, recipients[1].text, footnotes[n=1].text) hoặc mã mục, nhiệm vụ, mục tiêu, chỉ tiêu kèm tên "
      "trường (II.3.1, II.3.1.campaigns, II.1.a.1.refs[0].number, T1.threshold); nhiều đường dẫn cách nhau bằng "
      "dấu “;”. Mỗi đoạn được kiểm tra: tên trường phải có trong lược đồ, [i] phải nằm trong danh sách, [n=1] phải "
      "chọn được một phần tử. Một trường được phép nhưng chưa ghi (ví dụ date khi chỉ có date_range) vẫn hợp lệ. "
      "Mã mục không có trong kế hoạch được báo ở R004.",
      "unverified[].field names the value to check against the paper: a plan field (number, date, signer.name, "
      "recipients[1].text, footnotes[n=1].text) or a section, task, objective or target id followed by field names "
      "(II.3.1, II.3.1.campaigns, II.1.a.1.refs[0].number, T1.threshold); several paths are separated by “;”. "
      "Every segment is checked: a field name must be in the schema, [i] inside the list, [n=1] must select an "
      "element. A field the schema allows but the plan leaves out (date when only date_range is given) is fine. An "
      "id that is not in the plan is reported by R004.", on=("Plan",))
def unverified_field_path(repo: Repository):
    from plans.checks.rules import _field_exists

    for plan in _plans(repo):
        ids = None
        for u in plan.unverified or []:
            field = getattr(u, "field_", None)
            if not isinstance(field, str):
                continue  # the schema reports a non-string field; R004 names it as pointing nowhere
            if ids is None:
                ids = plan.node_ids()
            try:
                if not _field_exists(plan, field, ids):
                    continue  # R004 already reports it
            except (TypeError, ValueError):
                continue
            for part in field.split(";"):
                part = part.strip()
                if not part:
                    continue
                problem = _check_path(plan, part, ids)
                if problem:
                    yield _f("R024", ERROR, u.where("field"), field=field, why=problem[0], why_en=problem[1])
                    break


_UNKNOWN = object()  # a value the model does not keep: only the schema can judge what lies below
_SEGMENT = re.compile(r"([^.\[\]]+)((?:\[[^\[\]]*\])*)")
_SELECTOR = re.compile(r"\[([^\[\]]*)\]")


def _plan_schema() -> dict | None:
    try:
        from plans.loading.loader import validator

        v = validator("Plan")
        return v.schema if v is not None else None
    except Exception:  # noqa: BLE001 - a missing or broken schema must not stop lint
        return None


def _resolve(schema, root) -> dict:
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 20:
        ref = schema["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return {}
        node = root
        for key in ref[2:].split("/"):
            node = node.get(key) if isinstance(node, dict) else None
        schema, seen = node or {}, seen + 1
    return schema if isinstance(schema, dict) else {}


def _branches(schema, root):
    """The schema and the subschemas it combines (anyOf, oneOf, allOf), resolved."""
    s = _resolve(schema, root)
    yield s
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in s.get(key, []) or []:
            yield from _branches(sub, root)


def _prop(schema, name, root):
    """The subschema of property ``name``; None when the schema forbids it; {} when it says nothing."""
    found, closed, typed = None, False, False
    for s in _branches(schema, root):
        props = s.get("properties")
        if isinstance(props, dict) and name in props:
            found = props[name]
        if s.get("additionalProperties") is False:
            closed = True
        t = s.get("type")
        if t is not None:
            typed = True
            if t != "object" and not (isinstance(t, list) and "object" in t):
                return None
    if found is not None:
        return found
    if closed or (typed and not any(isinstance(s.get("properties"), dict) for s in _branches(schema, root))):
        return None
    return {}


def _items(schema, root):
    """The item schema of an array schema; None when the schema is not an array; {} when unknown."""
    any_info = False
    for s in _branches(schema, root):
        if "items" in s:
            return s["items"]
        t = s.get("type")
        if t is not None:
            any_info = True
            if t == "array" or (isinstance(t, list) and "array" in t):
                return {}
    return None if any_info else {}


_NODE_SCHEMA = {Task: ("$defs", "task"), Section: ("$defs", "section"),
                Objective: ("properties", "objectives", "items"), Target: ("properties", "targets", "items")}


def _node_schema(node, root):
    for cls, keys in _NODE_SCHEMA.items():
        if isinstance(node, cls):
            s = root
            for k in keys:
                s = s.get(k, {}) if isinstance(s, dict) else {}
            return s
    return {}


def _child(value, name):
    if value is _UNKNOWN or value is None:
        return value
    if isinstance(value, dict):
        return value.get(name)
    if isinstance(value, Plan):
        if name == "period":
            return {"start": value.period_start, "end": value.period_end}
        if name == "date_range":
            return {"from": value.date_from, "to": value.date_to} if (value.date_from or value.date_to) else None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        attr = "field_" if name == "field" else name
        if attr in {f.name for f in dataclasses.fields(value)} and attr not in ("file", "path", "positions"):
            return getattr(value, attr)
    return _UNKNOWN


def _check_path(plan: Plan, path: str, ids: set[str]) -> tuple[str, str] | None:
    """None when ``path`` points somewhere; else (why in vi, why in en) naming the failing segment."""
    segs = []
    pos = 0
    while pos <= len(path):
        m = _SEGMENT.match(path, pos)
        if not m:
            return (f"không đọc được đường dẫn tại “{path[pos:] or path}” (dạng: II.3.1.campaigns, "
                    f"recipients[1].text, footnotes[n=1].text)",
                    f"cannot read the path at “{path[pos:] or path}” (forms: II.3.1.campaigns, recipients[1].text, "
                    f"footnotes[n=1].text)")
        segs.append((m.group(1).strip(), _SELECTOR.findall(m.group(2))))
        pos = m.end()
        if pos == len(path):
            break
        if path[pos] != ".":
            return (f"không đọc được đường dẫn tại “{path[pos:]}”", f"cannot read the path at “{path[pos:]}”")
        pos += 1
    root = _plan_schema() or {}
    # The head: the longest run of segments (without selectors) that is a node id, else a plan field.
    start, schema, value, label = 0, root, plan, ""
    for k in range(len(segs), 0, -1):
        if any(sel for _, sel in segs[:k - 1]):
            continue
        cand = ".".join(name for name, _ in segs[:k])
        if cand in ids:
            node = plan.find(cand)
            if node is not None:
                start, schema, value, label = k, _node_schema(node, root), node, cand
                if segs[k - 1][1]:  # "T1[0]": a node is not a list
                    return _no_index(label, segs[k - 1][1][0])
                break
    for name, selectors in segs[start:]:
        sub = _prop(schema, name, root) if root else {}
        if sub is None:
            where_vi = f"“{label}”" if label else "kế hoạch"
            where_en = f"“{label}”" if label else "the plan"
            return f"không có “{name}” trong {where_vi}", f"there is no “{name}” in {where_en}"
        schema, value = sub, _child(value, name)
        label = f"{label}.{name}" if label else name
        for sel in selectors:
            items = _items(schema, root) if root else {}
            if items is None:
                return _no_index(label, sel)
            key, eq, want = sel.partition("=")
            if eq:
                key, want = key.strip(), want.strip()
                if root and _prop(items, key, root) is None:
                    return (f"phần tử của “{label}” không có trường “{key}”",
                            f"the items of “{label}” have no field “{key}”")
                if isinstance(value, list):
                    hits = [el for el in value if str(_value_of(_child(el, key))) == want]
                    if not hits:
                        return (f"không có phần tử nào của “{label}” có {key}={want}",
                                f"no item of “{label}” has {key}={want}")
                    value = hits[0]
                elif value is None:
                    return (f"“{label}” không có phần tử nào", f"“{label}” has no items")
                elif value is not _UNKNOWN:
                    return _no_index(label, sel)
            else:
                if not re.fullmatch(r"\s*[0-9]+\s*", sel):
                    return (f"“[{sel}]” không phải chỉ số (dạng [0], [1] hoặc [n=1])",
                            f"“[{sel}]” is not an index (forms [0], [1] or [n=1])")
                i = int(sel)
                if isinstance(value, list):
                    if i >= len(value):
                        n = len(value)
                        return (f"“{label}” chỉ có {n} phần tử (đánh số từ 0), không có [{i}]",
                                f"“{label}” has only {n} item{'' if n == 1 else 's'} (counted from 0), no [{i}]")
                    value = value[i]
                elif value is None:
                    return (f"“{label}” không có phần tử nào, không có [{i}]", f"“{label}” has no items, no [{i}]")
                elif value is not _UNKNOWN:
                    return _no_index(label, sel)
            schema = items
            label = f"{label}[{sel}]"
    return None


def _value_of(v):
    return v.isoformat() if isinstance(v, dt.date) else v


def _no_index(label: str, sel: str) -> tuple[str, str]:
    return (f"“{label}” không phải danh sách nên không có “[{sel}]”", f"“{label}” is not a list, so no “[{sel}]”")


# ---------------------------------------------------------------- R025 registry filed under the wrong jurisdiction

@rule("R025", ERROR, "registry-jurisdiction",
      "{what} “{value}” không khớp {against}",
      "{what_en} “{value}” does not match {against_en}",
      "Sổ cơ quan của một địa bàn nằm ở plans/agencies/<địa bàn>.yaml (hoặc <địa bàn>-<tên>.yaml khi tách nhiều "
      "tệp), ghi jurisdiction: <địa bàn>, và mọi mã cơ quan, nhóm trong sổ bắt đầu bằng “<địa bàn>.” (hp.cong-an "
      "trong hp.yaml). Sổ chép từ địa bàn khác mà quên đổi sẽ gán cơ quan vào sai thành phố. Sửa tên tệp, "
      "jurisdiction hoặc mã cho thống nhất.",
      "A jurisdiction's registry lives in plans/agencies/<jurisdiction>.yaml (or <jurisdiction>-<name>.yaml when "
      "split), says jurisdiction: <jurisdiction>, and every agency and group id in it starts with “<jurisdiction>.” "
      "(hp.cong-an in hp.yaml). A registry copied from another place and not fully renamed files bodies under the "
      "wrong city. Make the file name, jurisdiction and ids agree.", on=("Agencies",))
def registry_jurisdiction(repo: Repository):
    by_file: dict[str, list] = {}
    for ent in (*(getattr(repo, "agencies", None) or {}).values(), *(getattr(repo, "groups", None) or {}).values()):
        by_file.setdefault(ent.file, []).append(ent)
    for _kind, _first, second in getattr(repo, "duplicates", []) or []:
        if hasattr(second, "jurisdiction") and hasattr(second, "id") and not isinstance(second, Plan):
            by_file.setdefault(second.file, []).append(second)
    for path, ents in sorted(by_file.items()):
        jur = ents[0].jurisdiction if isinstance(ents[0].jurisdiction, str) else ""
        if not jur:
            continue  # the schema reports a missing jurisdiction
        folder = os.path.basename(os.path.dirname(os.path.abspath(path)))
        stem = os.path.splitext(os.path.basename(path))[0]
        name = os.path.basename(path)
        if folder == "agencies" and not (stem == jur or any(stem.startswith(jur + s) for s in "-_.")):
            yield _f("R025", ERROR, Where(path, ("jurisdiction",), ents[0].positions),
                     what="jurisdiction", what_en="jurisdiction", value=jur,
                     against=f"tên tệp “{name}”", against_en=f"the file name “{name}”")
        for ent in sorted(ents, key=lambda e: tuple(e.path)):
            eid = ent.id if isinstance(ent.id, str) else ""
            if eid and not eid.startswith(jur + "."):
                yield _f("R025", ERROR, ent.where("id"), what="Mã", what_en="Id", value=eid,
                         against=f"địa bàn “{jur}” của sổ (mã phải bắt đầu bằng “{jur}.”)",
                         against_en=f"the registry's jurisdiction “{jur}” (ids start with “{jur}.”)")


# ---------------------------------------------------------------- R026 a target against its own sentence

@rule("R026", WARNING, "target-text-mismatch",
      "Câu chỉ tiêu ghi “{phrase}” ({text_rule}) nhưng dữ liệu ghi {comparator} {threshold}",
      "The target's text says “{phrase}” ({text_rule}) but the data says {comparator} {threshold}",
      "comparator và threshold của chỉ tiêu phải nói đúng điều câu chữ nói: “trên 90%” là > 90; “ít nhất”, "
      "“tối thiểu”, “không dưới”, “từ 60% trở lên” là >=; “dưới” là <; “không quá”, “tối đa”, “trở xuống” là <=; "
      "một con số trơn “100%” là >= 100. Câu không có phép so sánh nhận ra được thì không bị kiểm tra. Sửa "
      "comparator/threshold theo văn bản gốc.",
      "A target's comparator and threshold must say what its text says: “trên 90%” (above) is > 90; “ít nhất”, "
      "“tối thiểu”, “không dưới”, “từ 60% trở lên” (at least) are >=; “dưới” (below) is <; “không quá”, “tối đa”, "
      "“trở xuống” (at most) are <=; a plain “100%” is >= 100. A text with no recognisable comparison is not "
      "checked. Correct comparator/threshold from the original.", on=("Plan",))
def target_text_mismatch(repo: Repository):
    for plan in _plans(repo):
        for t in plan.targets or []:
            if not isinstance(t.text, str) or t.comparator not in _CMPS:
                continue
            thr = t.threshold
            if isinstance(thr, bool) or not isinstance(thr, (int, float)) or not math.isfinite(thr):
                continue
            comps = parse_comparisons(t.text, percent=(t.unit == "percent"))
            if not comps or any(_agrees(c, t.comparator, thr) for c in comps):
                continue
            # the comparison the data most likely meant: same figure (so the comparator is wrong), else same
            # comparator (so the threshold is wrong), else the first stated one
            same_value = [c for c in comps if abs(c.value - float(thr)) <= 1e-9]
            same_op = [c for c in comps if (c.op or ">=") == t.comparator]
            c = (same_value or same_op or [c for c in comps if c.op] or comps)[0]
            yield _f("R026", WARNING, t.where("comparator" if same_value else "threshold"),
                     phrase=c.phrase, text_rule=f"{c.op or '>='} {_num(c.value)}", comparator=t.comparator,
                     threshold=_num(thr))


_CMPS = (">", ">=", "<", "<=", "==")


@dataclasses.dataclass
class Comparison:
    """One comparison read from a target's text: op (None for a plain figure), value, the words as printed."""

    op: str | None
    value: float
    phrase: str


# Comparator phrases, folded, longest first where one is a prefix of another.
_BEFORE = [
    ("khong vuot qua", "<="), ("khong thap hon", ">="), ("khong it hon", ">="), ("khong cao hon", "<="),
    ("khong nhieu hon", "<="), ("khong duoi", ">="), ("khong qua", "<="), ("khong hon", "<="),
    ("it nhat", ">="), ("toi thieu", ">="), ("toi da", "<="), ("thap hon", "<"), ("it hon", "<"),
    ("cao hon", ">"), ("lon hon", ">"), ("nhieu hon", ">"), ("vuot qua", ">"), ("vuot", ">"), ("tren", ">"),
    ("hon", ">"), ("duoi", "<"),
]
_AFTER = [("tro len", ">="), ("tro xuong", "<=")]
_FILLERS = {"dat", "muc", "la", "o", "tu", "con", "chiem"}
_NOT_COUNTS = {"tuoi", "nam", "thang", "ngay", "gio", "phut", "lan", "km", "m"}
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|%|[^\W\d_]+", re.UNICODE)


def parse_comparisons(text: str, percent: bool = True) -> list[Comparison]:
    """The comparisons a target's text states, e.g. "đạt trên 90%" → [(">", 90)].

    For a percent target every figure followed by % (or "phần trăm") counts: with a comparator phrase before it
    ("trên", "ít nhất", "không quá" …, possibly with "đạt", "mức", "là" between) or "trở lên"/"trở xuống" after
    it; a plain figure has op None. For other units only a figure with a comparator counts, and not one that
    is an age or a span of time ("dưới 18 tuổi", "trên 2 năm")."""
    if not isinstance(text, str):
        return []
    text = unicodedata.normalize("NFC", text)
    toks = [(m.group(0), fold(m.group(0)) if m.group(0)[0].isalpha() else m.group(0), m.start(), m.end())
            for m in _TOKEN.finditer(text)]
    out = []
    for i, (raw, _folded, _start, _end) in enumerate(toks):
        if not raw[0].isdigit():
            continue
        value = _parse_number(raw, percent)
        if value is None:
            continue
        j = i + 1
        is_pct = False
        if j < len(toks) and toks[j][0] == "%":
            is_pct, j = True, j + 1
        elif j + 1 < len(toks) and toks[j][1] == "phan" and toks[j + 1][1] == "tram":
            is_pct, j = True, j + 2
        after_op, last = None, j - 1
        for words, op in _AFTER:
            w = words.split()
            if [x[1] for x in toks[j:j + len(w)]] == w:
                after_op, last = op, j + len(w) - 1
                break
        before_op, first = None, i
        k = i - 1
        skipped = 0
        while k >= 0 and toks[k][1] in _FILLERS and skipped < 2:
            k, skipped = k - 1, skipped + 1
        for words, op in _BEFORE:
            w = words.split()
            if k - len(w) + 1 >= 0 and [x[1] for x in toks[k - len(w) + 1:k + 1]] == w:
                before_op, first = op, k - len(w) + 1
                break
        if before_op and _negated(text, toks, first):
            continue  # "không để … vượt quá 5%": the comparison is turned around; do not guess
        op = before_op or after_op
        if percent:
            if not is_pct:
                continue
        else:
            if is_pct or op is None:
                continue
            if j < len(toks) and toks[j][1] in _NOT_COUNTS:
                continue
        if not before_op:
            first = i - 1 if after_op and i > 0 and toks[i - 1][1] == "tu" else i  # "từ 60% trở lên"
        phrase = text[toks[first][2]:toks[last][3]]
        out.append(Comparison(op, value, phrase))
    return out


def _negated(text: str, toks: list, first: int) -> bool:
    """A "không" or "chưa" shortly before the comparator phrase, in the same clause."""
    n = first - 1
    while n >= 0 and first - n <= 6:
        gap = text[toks[n][3]:toks[n + 1][2]]
        if re.search(r"[,;:.()]", gap):
            return False
        if toks[n][1] in ("khong", "chua"):
            return True
        n -= 1
    return False


def _parse_number(raw: str, percent: bool) -> float | None:
    s = raw
    if not percent and re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        s = s.replace(".", "")  # 1.000 vụ
    s = s.replace(",", ".")
    if s.count(".") > 1:
        return None
    try:
        return float(s)
    except ValueError:
        return None


def _agrees(c: Comparison, comparator: str, threshold: float) -> bool:
    if abs(c.value - float(threshold)) > 1e-9:
        return False
    if c.op is None:
        return comparator in (">=", "==")
    return c.op == comparator


def _num(x) -> str:
    from plans.text import num

    try:
        return num(x)
    except (TypeError, ValueError):
        return str(x)


# ---------------------------------------------------------------- R027 printed assignment against the roles

@rule("R027", WARNING, "assignment-mismatch",
      "Ngoặc phân công ghi “{name}” {role}, nhưng {field} là: {listed}",
      "The printed assignment names “{name}” as {role_en}, but {field} is: {listed}",
      "Ngoặc phân công in trong văn bản (assignment, ví dụ “Công an thành phố chủ trì, phối hợp …”) và các trường "
      "vai trò (lead, partner) phải nói cùng một điều. Tên trong ngoặc được đối chiếu với sổ cơ quan của địa bàn "
      "kế hoạch (tên, tên viết tắt, tên gọi khác; không phân biệt dấu). Chỉ báo khi tên chỉ đúng một cơ quan và cơ "
      "quan đó không có trong trường tương ứng, cũng không qua một nhóm chứa nó hay cơ quan tiền thân/kế thừa. Sửa "
      "trường vai trò (hoặc ngoặc phân công) theo văn bản gốc.",
      "The printed assignment (assignment, e.g. “Công an thành phố chủ trì, phối hợp …”) and the role fields "
      "(lead, partner) must say the same. Names in the parenthesis are matched against the registry of the plan's "
      "jurisdiction (names, short forms, aliases; diacritics folded). Only a name that means exactly one body, "
      "absent from the corresponding field and not covered by a group containing it or by its predecessor or "
      "successor, is reported. Correct the role field (or the assignment) from the original.", on=("Plan",))
def assignment_mismatch(repo: Repository):
    vocab_by_jur: dict = {}
    for plan in _plans(repo):
        jur = plan.jurisdiction if isinstance(plan.jurisdiction, str) and plan.jurisdiction else (
            plan.issuer.split(".", 1)[0] if isinstance(plan.issuer, str) and "." in plan.issuer else None)
        if not jur:
            continue
        if jur not in vocab_by_jur:
            vocab_by_jur[jur] = _Vocabulary(repo, jur)
        vocab = vocab_by_jur[jur]
        if vocab.empty:
            continue
        days = [d for d in plan.issued_dates() if isinstance(d, dt.date)]
        for task in plan.tasks():
            text = task.assignment
            if not isinstance(text, str) or not text.strip():
                continue
            spans = assignment_spans(text)
            if not spans:
                continue
            found = vocab.bodies_in(text, days)
            reported = set()
            for role, lo, hi in spans:
                listed = [r for r in (getattr(task, role, None) or []) if isinstance(r, str)]
                for start, ent in found:
                    if lo <= start < hi and (role, ent.id) not in reported and not _covered(repo, ent, listed):
                        reported.add((role, ent.id))
                        yield _f("R027", WARNING, task.where("assignment"), name=ent.name,
                                 role="chủ trì" if role == "lead" else "phối hợp",
                                 role_en="lead" if role == "lead" else "partner", field=role,
                                 listed=", ".join(repo.name_of(r) for r in listed) if listed else "—")


_KEYWORDS = re.compile(r"(?<![0-9a-z])(chu tri|phoi hop(?: voi)?|tham muu|thuc hien)(?![0-9a-z])")


def _fold_case(s: str) -> str:
    """Like :func:`plans.text.fold` but keeping capitals: 'Công an TP' → 'Cong an TP'."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return re.sub(r"[^0-9a-zA-Z]+", " ", s).strip()


def assignment_spans(text: str) -> list[tuple[str, int, int]]:
    """(role, start, end) for each stretch of an assignment that names a lead or a partner; offsets are in the
    folded text (``_fold_case(text)``, same length as its lower-case form).

    "A chủ trì, phối hợp B thực hiện" → lead A, partner B; "A chủ trì, B phối hợp thực hiện" → lead A,
    partner B; "A phối hợp B thực hiện" → partner B (A is the executor, see docs/DATA.md); "A thực hiện",
    "A tham mưu" → nothing."""
    if not isinstance(text, str):
        return []
    folded = _fold_case(text).lower()
    marks = list(_KEYWORDS.finditer(folded))
    out = []
    prev_end, seen_lead = 0, False
    for n, m in enumerate(marks):
        nxt_start = marks[n + 1].start() if n + 1 < len(marks) else len(folded)
        before = folded[prev_end:m.start()].strip()
        after = folded[m.end():nxt_start].strip()
        kw = m.group(1)
        if kw == "chu tri":
            if before:
                out.append(("lead", prev_end, m.start()))
            seen_lead = True
        elif kw.startswith("phoi hop"):
            if before and seen_lead:
                out.append(("partner", prev_end, m.start()))  # "A chủ trì, B phối hợp"
            if after:
                out.append(("partner", m.end(), nxt_start))  # "… phối hợp B"
        prev_end = m.end()
    return out


def _acronym(name: str) -> bool:
    """Short forms in capitals (TU, BCA, UBND TP) are matched respecting case: folded, "TU" would be every
    "từ" and "tư"."""
    return any(len(w) >= 2 and w.isupper() for w in re.findall(r"[^\W\d_]+", name))


@functools.lru_cache(maxsize=64)
def _names_pattern(alternatives: str) -> re.Pattern:
    """One pattern for a registry's names, compiled once per process: lint builds a model per group of
    files, and compiling the alternation of a province's 3,000 names is most of the rule's time."""
    return re.compile(r"(?<![0-9A-Za-z])(?:" + alternatives + r")(?![0-9A-Za-z])")


# The registries and catalogs of the model being judged, by their content (``checks/incremental.py`` sets
# it while it judges a group of files on a model of its own): every group's registries are the same, so
# what is worked out from them alone is kept from one group to the next. None: not known, not kept.
CONTEXT: ContextVar[bytes | None] = ContextVar("context", default=None)
_VOCABULARIES: dict = {}


class _Vocabulary:
    """Every name of the bodies of one jurisdiction, found in a text longest first."""

    def __init__(self, repo: Repository, jur: str):
        self.repo = repo
        context = CONTEXT.get()
        kept = _VOCABULARIES.get((context, jur)) if context is not None else None
        if kept is None:
            kept = self._build(repo, jur)
            if context is not None:
                if any(k[0] != context for k in _VOCABULARIES):
                    _VOCABULARIES.clear()
                _VOCABULARIES[(context, jur)] = kept
        self.names, self._rx = kept
        self.empty = not self.names

    @staticmethod
    def _build(repo: Repository, jur: str) -> tuple[dict, dict]:
        names: dict[tuple[bool, str], set[str]] = {}
        for ent in (*repo.agencies.values(), *repo.groups.values()):
            if ent.jurisdiction != jur:
                continue
            for n in ent.names():
                if not isinstance(n, str):
                    continue
                case = _acronym(n)
                key = _fold_case(n) if case else fold(n)
                if key:
                    names.setdefault((case, key), set()).add(ent.id)
        rx = {}
        for case in (False, True):
            keys = sorted((k for c, k in names if c == case), key=len, reverse=True)
            if keys:
                rx[case] = _names_pattern("|".join(map(re.escape, keys)))
        return names, rx

    def bodies_in(self, text: str, days: list[dt.date]) -> list[tuple[int, object]]:
        """(offset in the folded text, agency) for every name in ``text`` that means one body. Groups are
        matched too, so that their words are not read as an agency's name, but not returned."""
        case_text = _fold_case(text)
        texts = {True: case_text, False: case_text.lower()}
        hits = []
        for case, rx in self._rx.items():
            hits += [(m.start(), m.end(), (case, m.group(0))) for m in rx.finditer(texts[case])]
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out, taken_to = [], -1
        for start, end, key in hits:
            if start < taken_to:
                continue
            taken_to = end
            ent = self._unique(self.names.get(key, set()), days)
            if ent is not None and not ent.is_group:
                out.append((start, ent))
        return out

    def _unique(self, ids: set[str], days: list[dt.date]):
        ents = [e for e in (self.repo.entity(i) for i in sorted(ids)) if e is not None]
        if days:
            alive = [e for e in ents if all(e.existed_on(d) for d in days)]
            ents = alive or ents
        return ents[0] if len(ents) == 1 else None


def _covered(repo: Repository, ent, listed: list[str]) -> bool:
    if ent.id in listed:
        return True
    for ref in listed:
        other = repo.entity(ref)
        if other is None:
            continue
        if other.is_group and ent.id in repo.group_members(ref):
            return True
        if ref in (ent.successor or []) or ent.id in (getattr(other, "successor", None) or []):
            return True
    return False
