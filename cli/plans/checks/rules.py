"""The semantic rules (R…): small checks over the loaded model.

Each check is ``fn(repo) -> iterable of Finding`` and registers itself with :func:`rule`.
"""
from __future__ import annotations

import datetime as dt
import re

from plans.checks.registry import rule
from plans.findings import ERROR, WARNING, Finding
from plans.loading.model import Plan, Repository
from plans.text import dmy, tone_marks, vietnamese_changes, vietnamese_nfc


_f = Finding.at


def _fmt(d: dt.date | None) -> str:
    return dmy(d) or "?"


def _refs(repo: Repository):
    """Every place a plan or registry points at an agency or group: (node, field path, id)."""
    for plan in repo.plans.values():
        yield plan, ("issuer",), plan.issuer, plan
        if plan.issuer_parent:
            yield plan, ("issuer_parent",), plan.issuer_parent, plan
        for task in plan.tasks():
            for role, ref, i in task.roles():
                yield task, (role, i), ref, plan
        for r in plan.recipients:
            for i, ref in enumerate(r.agencies):
                yield r, ("agencies", i), ref, plan
        for duty in plan.reporting:
            yield duty, ("recipient",), duty.recipient, plan
            for i, ref in enumerate(duty.reporters):
                yield duty, ("reporters", i), ref, plan
    for ent in (*repo.agencies.values(), *repo.groups.values()):
        for fld in ("groups", "successor", "includes", "members"):
            for i, ref in enumerate(getattr(ent, fld, []) or []):
                yield ent, (fld, i), ref, None
        if getattr(ent, "parent", None):
            yield ent, ("parent",), ent.parent, None


@rule("R001", ERROR, "unknown-agency",
      "Không có cơ quan hay nhóm “{ref}” trong sổ cơ quan{hint}",
      "No agency or group “{ref}” in the registries{hint_en}",
      "Mọi mã cơ quan dùng trong kế hoạch (chủ trì, phối hợp, thực hiện, tham mưu, nơi nhận, báo cáo) và trong sổ "
      "cơ quan (cấp trên, nhóm, cơ quan kế thừa) phải được khai báo trong một tệp kind: Agencies dưới plans/agencies/. "
      "Thêm cơ quan vào sổ, hoặc sửa mã cho đúng (xem plans agencies).",
      "Every agency id used in a plan (lead, partner, executor, advisor, recipients, reporting) and in a registry "
      "(parent, groups, successor) must be declared in a kind: Agencies file under plans/agencies/. Add the body to "
      "the registry or correct the id.", on=("Plan", "Agencies"))
def unknown_agency(repo: Repository):
    known = set(repo.agencies) | set(repo.groups)
    for node, sub, ref, _plan in _refs(repo):
        if ref and ref not in known:
            near = _nearest(ref, known)
            hint = f" (có phải “{near}”?)" if near else ""
            f = _f("R001", ERROR, node.where(*sub), ref=ref, hint=hint)
            f.args["hint_en"] = f" (did you mean “{near}”?)" if near else ""
            yield f


def _nearest(ref: str, known: set[str]) -> str | None:
    from rapidfuzz import process

    hit = process.extractOne(ref, known, score_cutoff=80)
    return hit[0] if hit else None


@rule("R002", ERROR, "duplicate-id",
      "Mã “{id}” bị trùng (đã có ở {other})", "Duplicate id “{id}” (also at {other})",
      "Mã kế hoạch, mã cơ quan/nhóm và mã mục, nhiệm vụ, mục tiêu, chỉ tiêu trong một kế hoạch phải duy nhất: "
      "mọi lệnh khác tìm theo mã. Đổi một trong hai mã, hoặc gộp hai mục nếu là một.",
      "Plan ids, agency/group ids and the ids of sections, tasks, objectives and targets inside a plan must be "
      "unique: every other command finds things by id. Rename one, or merge them if they are the same.")
def duplicate_ids(repo: Repository):
    for _kind, first, second in repo.duplicates:
        yield _f("R002", ERROR, second.where("id"), id=second.id, other=str(first.at("id")))
    for plan in repo.plans.values():
        seen: dict = {}
        nodes = [*plan.objectives, *plan.targets]
        for s in plan.all_sections():
            nodes.append(s)
            nodes.extend(s.tasks)
        for n in nodes:
            if n.id in seen:
                yield _f("R002", ERROR, n.where("id"), id=n.id, other=str(seen[n.id].at("id")))
            else:
                seen[n.id] = n
        fn: dict = {}
        for f in plan.footnotes:
            if f.n in fn:
                yield _f("R002", ERROR, f.where("n"), id=str(f.n), other=str(fn[f.n].at("n")))
            fn[f.n] = f


@rule("R003", ERROR, "dangling-implements",
      "Kế hoạch “{ref}” được nêu ở implements nhưng không có trong kho",
      "Plan “{ref}” named in implements is not in the repository",
      "implements.plan phải là mã một kế hoạch có trong kho. Nếu kế hoạch cấp trên chưa được nhập, dùng "
      "implements.ref với số, ngày, cơ quan ban hành của văn bản đó.",
      "implements.plan must be the id of a plan in the repository. If the parent plan is not kept here, use "
      "implements.ref with the document's number, date and issuer.", on=("Plan",))
def dangling_implements(repo: Repository):
    for plan in repo.plans.values():
        for imp in plan.implements:
            if imp.plan and imp.plan not in repo.plans:
                yield _f("R003", ERROR, imp.where("plan"), ref=imp.plan)


@rule("R004", ERROR, "dangling-reference",
      "“{ref}” ({field}) không trỏ tới mục, nhiệm vụ, mục tiêu hay chỉ tiêu nào của kế hoạch",
      "“{ref}” ({field}) points to no section, task, objective or target of this plan",
      "Các tham chiếu trong một kế hoạch (see, anchor của chú thích, objective của chỉ tiêu, section của chế độ báo "
      "cáo, field của giá trị chưa xác minh) phải trỏ tới một mã có trong kế hoạch đó.",
      "References inside a plan (see, a footnote's anchor, a target's objective, a reporting entry's section, an "
      "unverified entry's field) must name an id that exists in that plan.", on=("Plan",))
def dangling_reference(repo: Repository):
    for plan in repo.plans.values():
        ids = plan.node_ids()
        for task in plan.tasks():
            for i, ref in enumerate(task.see):
                if ref not in ids:
                    yield _f("R004", ERROR, task.where("see", i), ref=ref, field="see")
        for f in plan.footnotes:
            if f.anchor and f.anchor not in ids:
                yield _f("R004", ERROR, f.where("anchor"), ref=f.anchor, field="anchor")
        for t in plan.targets:
            if t.objective and t.objective not in ids:
                yield _f("R004", ERROR, t.where("objective"), ref=t.objective, field="objective")
        for d in plan.reporting:
            if d.section and d.section not in ids:
                yield _f("R004", ERROR, d.where("section"), ref=d.section, field="section")
        for u in plan.unverified:
            if not _field_exists(plan, u.field_, ids):
                yield _f("R004", ERROR, u.where("field"), ref=u.field_, field="unverified.field")


_TOP_FIELDS = {"number", "document_type", "date", "issuer", "issuer_parent", "place", "title", "topics", "period",
               "signer", "recipients", "legal_bases", "implements", "preamble", "footnotes", "reporting",
               "objectives", "targets", "sections", "source", "jurisdiction", "date_range", "notes"}


def _field_exists(plan: Plan, name: str, ids: set[str]) -> bool:
    """``name`` is a top-level field (``number``, ``recipients[1].text``) or a node id followed by
    field names (``II.3.1``, ``II.3.1.campaigns``, ``II.1.a.1.refs[0].number``). R024 checks each segment."""
    if not isinstance(name, str):
        return False  # a number or a list where a path belongs: the schema says so too
    if ";" in name:  # several paths: "footnotes[n=1].text; II.1.a.1.refs[0].number"
        parts = [p.strip() for p in name.split(";") if p.strip()]
        return bool(parts) and all(_field_exists(plan, p, ids) for p in parts)
    if re.split(r"[.\[]", name, maxsplit=1)[0] in _TOP_FIELDS:
        return True
    parts = name.split(".")
    for k in range(len(parts), 0, -1):
        if ".".join(parts[:k]) in ids:
            return all(re.fullmatch(r"[a-z_]+(\[\d+\])?", p) for p in parts[k:])
    return False


@rule("R005", ERROR, "date-outside-period",
      "{what} {date} nằm ngoài thời kỳ của kế hoạch ({start}–{end})",
      "{what_en} {date} is outside the plan's period ({start}–{end})",
      "Một ngày trong kế hoạch (đợt cao điểm, thời hạn, hạn báo cáo) nằm ngoài thời kỳ kế hoạch thường là ngày cũ "
      "chép lại từ kế hoạch năm trước. Ví dụ: Kế hoạch 53/KH-BCĐ ngày 05/02/2025 ghi đợt cao điểm “từ ngày 01/7/2024 "
      "đến hết 30/9/2024”. Sửa ngày; nếu văn bản gốc thật sự ghi như vậy, giữ nguyên và bỏ qua có lý do bằng "
      "`# plans: ignore[R005] lý do`.",
      "A date in the plan (campaign window, deadline, report due date) outside the plan's period is usually a stale "
      "date copied from last year's plan, e.g. 53/KH-BCĐ of 05/02/2025 speaks of a campaign “from 01/7/2024 to "
      "30/9/2024”. Correct it; if the original really says so, keep it and silence with "
      "`# plans: ignore[R005] reason`.", on=("Plan",))
def date_outside_period(repo: Repository):
    for plan in repo.plans.values():
        start, end = plan.period_start, plan.period_end
        if not start or not end:
            continue
        args = {"start": _fmt(start), "end": _fmt(end)}

        def out(d):
            return d is not None and not (start <= d <= end)

        for task in plan.tasks():
            for c in task.campaigns:
                if out(c.start) or out(c.end):
                    yield _f("R005", ERROR, c.where("start"), what="Đợt cao điểm", what_en="Campaign",
                             date=f"{_fmt(c.start)}–{_fmt(c.end)}", **args)
            if task.deadline and task.deadline < start:
                yield _f("R005", ERROR, task.where("deadline"), what="Thời hạn", what_en="Deadline",
                         date=_fmt(task.deadline), **args)
        for duty in plan.reporting:
            for i, due in enumerate([duty.due, *duty.due_dates]):
                d = _date_or_none(due)
                grace = dt.timedelta(days=62)  # an annual report may fall due early in the next year
                if d and (d < start or d - end > grace):  # (end + grace overflows on 9999-12-31)
                    sub = ("due",) if i == 0 and duty.due else ("due_dates", i - (1 if duty.due else 0))
                    yield _f("R005", ERROR, duty.where(*sub), what="Hạn báo cáo", what_en="Report due date",
                             date=_fmt(d), **args)


def _date_or_none(s):
    if not s or s.startswith("--"):
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        return None


@rule("R006", ERROR, "deadline-after-end",
      "Thời hạn {date} muộn hơn ngày kết thúc kế hoạch {end}",
      "Deadline {date} is after the plan's end {end}",
      "Một nhiệm vụ của kế hoạch năm không thể có hạn sau khi kế hoạch hết hiệu lực. Kiểm tra năm của thời hạn.",
      "A task of a yearly plan cannot fall due after the plan ends. Check the deadline's year.", on=("Plan",))
def deadline_after_end(repo: Repository):
    for plan in repo.plans.values():
        if not plan.period_end:
            continue
        for task in plan.tasks():
            if task.deadline and task.deadline > plan.period_end:
                yield _f("R006", ERROR, task.where("deadline"), date=_fmt(task.deadline), end=_fmt(plan.period_end))


@rule("R007", ERROR, "not-nfc",
      "Văn bản chưa chuẩn hóa Unicode NFC (“{sample}”)", "Text is not in Unicode NFC (“{sample}”)",
      "Chữ Việt có thể lưu dạng dựng sẵn (NFC) hoặc tổ hợp (NFD, thường gặp khi dán từ PDF hoặc macOS). Hai dạng "
      "trông giống nhau nhưng tìm kiếm, so sánh và sắp xếp sai. `plans lint --fix` chuyển tệp về NFC mà không đổi "
      "gì khác.",
      "Vietnamese can be stored precomposed (NFC) or decomposed (NFD, common when pasting from PDF or macOS). They "
      "look alike but search, comparison and sorting break. `plans lint --fix` converts the file to NFC and changes "
      "nothing else.",
      "plans lint --fix", "plans lint --fix")
def not_nfc(repo: Repository):
    import unicodedata

    for sf in repo.files.values():
        lines = sf.lines
        if unicodedata.is_normalized("NFC", "\n".join(lines)):
            continue  # vietnamese_nfc changes nothing in NFC text (its own fast path): no line to flag
        for n, line in enumerate(lines, 1):
            # exactly what `plans lint --fix` rewrites: decomposed Latin letters, nothing else
            first = next(vietnamese_changes(line), None)
            if first is not None:
                col = first[0] + 1
                sample = vietnamese_nfc(line[max(0, col - 12): first[1] + 8]).strip()
                yield Finding("R007", ERROR, sf.path, n, col, {"sample": sample})


@rule("R008", WARNING, "mixed-tone-style",
      "Trộn kiểu đặt dấu thanh cũ và mới trong một tệp (“{minority}” ở đây, “{majority}” ở {count} chỗ khác)",
      "Old and new tone placement mixed in one file (“{minority}” here, “{majority}” in {count} other places)",
      "Tiếng Việt có hai kiểu đặt dấu trên oa, oe, uy: kiểu cũ “hoà, thuỷ” và kiểu mới “hòa, thủy”. Cả hai đúng, "
      "nhưng trộn lẫn trong một tệp làm tìm kiếm trượt và văn bản thiếu nhất quán. Theo kiểu của văn bản gốc và "
      "dùng một kiểu trong cả tệp.",
      "Vietnamese has two ways to place the tone mark on oa, oe, uy: old “hoà, thuỷ” and new “hòa, thủy”. Both are "
      "correct, but mixing them in one file breaks search and consistency. Follow the original and use one style.", on=("Plan", "Report"))
def mixed_tone_style(repo: Repository):
    # Registries are exempt: their aliases list variant spellings on purpose ("Toà án", "Tòa án").
    import bisect

    for sf in repo.files.values():
        if sf.kind not in ("Plan", "Report"):
            continue
        lines = sf.lines  # read once (each access reads the file)
        text = "\n".join(lines)
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        hits = {"old": [], "new": []}
        for off, word, style in tone_marks(text):
            n = bisect.bisect_right(starts, off)  # 1-based line number
            if not lines[n - 1].lstrip().startswith("#"):
                hits[style].append((n, off - starts[n - 1] + 1, word))
        old_hits, new_hits = hits["old"], hits["new"]
        if old_hits and new_hits:
            minority, majority = (old_hits, new_hits) if len(old_hits) <= len(new_hits) else (new_hits, old_hits)
            majority.sort()
            seen = set()
            for n, col, word in sorted(minority):
                if n in seen:
                    continue
                seen.add(n)
                yield Finding("R008", WARNING, sf.path, n, col,
                              {"minority": word, "majority": majority[0][2], "count": len(majority)})


@rule("R009", ERROR, "agency-not-existing",
      "“{name}” không tồn tại vào ngày {date} của kế hoạch ({why}){succ}",
      "“{name}” did not exist on the plan's date {date} ({why_en}){succ_en}",
      "Kế hoạch giao việc cho một cơ quan đã bị hợp nhất, đổi tên, giải thể (ví dụ các sở hợp nhất từ 01/3/2025, "
      "cấp huyện chấm dứt từ 01/7/2025) hoặc chưa được thành lập vào ngày ban hành. Dùng cơ quan kế thừa; "
      "nếu văn bản gốc thật sự ghi như vậy, bỏ qua có lý do.",
      "The plan assigns work to a body that had been merged, renamed or abolished (departments merged from "
      "01/3/2025, the district level ended on 01/7/2025), or did not exist yet, on the plan's date. Use the "
      "successor; if the original really says so, silence with a reason.", on=("Plan", "Agencies"))
def agency_not_existing(repo: Repository):
    for node, sub, ref, plan in _refs(repo):
        if plan is None or not plan.issued or sub[0] in ("agencies",):
            continue
        ent = repo.entity(ref)
        day = next((d for d in plan.issued_dates() if not ent.existed_on(d)), None) if ent else None
        if day is None:
            continue
        ended = ent.valid_to is not None and ent.valid_to < day
        why = f"chấm dứt sau {_fmt(ent.valid_to)}" if ended else f"có từ {_fmt(ent.valid_from)}"
        why_en = f"ended after {_fmt(ent.valid_to)}" if ended else f"exists from {_fmt(ent.valid_from)}"
        names = [repo.entity(s).name if repo.entity(s) else s for s in ent.successor]
        succ = f"; kế thừa: {', '.join(names)}" if names else ""
        succ_en = f"; successor: {', '.join(names)}" if names else ""
        yield _f("R009", ERROR, node.where(*sub), name=ent.name, date=plan.date_label(), why=why, why_en=why_en,
                 succ=succ, succ_en=succ_en)


@rule("R010", WARNING, "unverified",
      "Chưa xác minh: {field}{read} — {note}", "Unverified: {field}{read_en} — {note}",
      "Giá trị đọc từ bản quét không rõ được đánh dấu trong unverified. Đối chiếu bản giấy, sửa giá trị rồi xóa "
      "mục unverified tương ứng.",
      "A value read off an unclear scan is listed under unverified. Check it against the paper, correct the value, "
      "then remove the unverified entry.", on=("Plan",))
def unverified(repo: Repository):
    for plan in repo.plans.values():
        for u in plan.unverified:
            read = f" (đọc được “{u.read_as}”)" if u.read_as else ""
            read_en = f" (read as “{u.read_as}”)" if u.read_as else ""
            yield _f("R010", WARNING, u.where("field"), field=u.field_, read=read, read_en=read_en, note=u.note)


@rule("R020", WARNING, "ambiguous-alias",
      "Tên “{alias}” dùng cho cả “{a}” và “{b}” cùng địa bàn, cùng thời gian",
      "Name “{alias}” is used for both “{a}” and “{b}” in the same jurisdiction at the same time",
      "Mỗi tên gọi, tên viết tắt trong một sổ cơ quan chỉ nên trỏ tới một cơ quan đang tồn tại, nếu không "
      "plans status --agency không biết chọn cơ quan nào. Cùng tên ở hai thành phố (“Công an thành phố”) hoặc ở "
      "cơ quan cũ và cơ quan kế thừa (thời gian hiệu lực không trùng nhau) là bình thường.",
      "Within a registry each name or short form should point to one body that exists at a time, or plans status "
      "--agency cannot choose. The same name in two cities, or on a body and its successor (validity periods "
      "that do not overlap), is normal.", on=("Agencies",))
def ambiguous_alias(repo: Repository):
    from plans.text import fold

    seen: dict = {}
    for ent in (*repo.agencies.values(), *repo.groups.values()):
        for i, name in enumerate(ent.names()):
            key = (ent.jurisdiction, fold(name))
            for other in seen.get(key, []):
                if other.id != ent.id and _overlap(other, ent):
                    field = ("name",) if i == 0 else _name_field(ent, i)
                    yield _f("R020", WARNING, ent.where(*field), alias=name, a=other.name, b=ent.name)
                    break
            seen.setdefault(key, [])
            if ent not in seen[key]:
                seen[key].append(ent)


def _overlap(a, b) -> bool:
    lo = max(a.valid_from or dt.date.min, b.valid_from or dt.date.min)
    hi = min(a.valid_to or dt.date.max, b.valid_to or dt.date.max)
    return lo <= hi


def _name_field(ent, i: int) -> tuple:
    short = list(getattr(ent, "short", []) or [])
    if i - 1 < len(short):
        return ("short", i - 1)
    return ("aliases", i - 1 - len(short))
