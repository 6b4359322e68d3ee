"""``plans diff`` in words: each change record, warning and agency impact said in Vietnamese or English;
the Markdown review comment and the JSON document. Returns strings and dicts; prints nothing.

JSON (``to_json``), version 1 — stable, for tools:

    {"version": 1, "base": "…", "head": "…", "changed": true,
     "summary": {"changes": n, "plans": n, "agencies": n, "warnings": n, "problems": n},
     "changes":  [{"kind": "task.role", "plan": "…", "id": "II.2.a.3", "field": "lead",
                   "before": […], "after": […], "detail": {…}, "file": "plans/…", "line": 12,
                   "message": "…"}],
     "warnings": [{"code": "text-mismatch", "plan": …, "id": …, "args": {…}, "message": "…"}],
     "problems": [{"side": "head", "file": …, "line": …, "column": …, "code": "S001", "message": …}],
     "impact":   [{"agency": id, "name": …, "gained": [{plan, task, role, via, via_kind, deadline}], "lost": […],
                   "role_changed": [{plan, task, before, after}], "deadline_moved": [{plan, task, before, after}],
                   "reports_gained": [{plan, duty, period, due, recipient, via}], "reports_lost": […]}],
     "names":    {"agency or group id": "official name", "plan id": "number"}}

``kind`` is one of ``plans.diff.model.KINDS``; dates are ISO (YYYY-MM-DD); ``message`` is in the language
asked for. Fields may be added in a later version; none is removed or changes meaning without a new version.
"""
from __future__ import annotations

from plans.diff.model import KINDS, Change, DiffResult
from plans.i18n import t, t_or
from plans.output.escape import md_block, md_text
from plans.text import clean

M = {
    "plan.added": ("Thêm kế hoạch {number}: {title} ({tasks} nhiệm vụ, {targets} chỉ tiêu)",
                   "Plan added {number}: {title} ({tasks} tasks, {targets} targets)"),
    "plan.removed": ("Bỏ kế hoạch {number}: {title}", "Plan removed {number}: {title}"),
    "plan.unloaded": ("Không so sánh được kế hoạch {plan}: tệp {file} không nạp được ở bên {side} (xem lỗi)",
                      "Plan {plan} not compared: {file} does not load on the {side} side (see the errors)"),
    "plan.field": ("{field}: {before} → {after}", "{field}: {before} → {after}"),
    "objective.added": ("{id}: thêm mục tiêu", "{id}: objective added"),
    "objective.removed": ("{id}: bỏ mục tiêu", "{id}: objective removed"),
    "objective.text": ("{id}: sửa nội dung mục tiêu{words}", "{id}: objective text edited{words}"),
    "target.added": ("{id}: thêm chỉ tiêu {after}", "{id}: target added, {after}"),
    "target.removed": ("{id}: bỏ chỉ tiêu {before}", "{id}: target removed, {before}"),
    "target.goal": ("{id}: {before} → {after}{direction}", "{id}: {before} → {after}{direction}"),
    "target.field": ("{id}: {field}: {before} → {after}", "{id}: {field}: {before} → {after}"),
    "section.added": ("Mục {id}: thêm mục “{after}”", "Section {id} added: “{after}”"),
    "section.removed": ("Mục {id}: bỏ mục “{before}”", "Section {id} removed: “{before}”"),
    "section.moved": ("Mục {id}: chuyển {where}", "Section {id}: moved {where}"),
    "section.title": ("Mục {id}: sửa tiêu đề{words}", "Section {id}: title edited{words}"),
    "task.added": ("{id}: thêm nhiệm vụ (mục {section}){roles}", "{id}: task added (section {section}){roles}"),
    "task.removed": ("{id}: bỏ nhiệm vụ (mục {section}){roles}", "{id}: task removed (section {section}){roles}"),
    "task.moved": ("{id}: chuyển {where}", "{id}: moved {where}"),
    "task.renumbered": ("{before} → {after}: đánh số lại", "{before} → {after}: renumbered"),
    "task.role": ("{id}: {what}", "{id}: {what}"),
    "task.deadline": ("{id}: thời hạn {before} → {after}{later}", "{id}: deadline {before} → {after}{later}"),
    "task.recurrence": ("{id}: tính chất {before} → {after}", "{id}: recurrence {before} → {after}"),
    "task.campaigns": ("{id}: đợt cao điểm {what}", "{id}: campaign windows {what}"),
    "task.days": ("{id}: ngày hưởng ứng {what}", "{id}: days {what}"),
    "task.text": ("{id}: sửa nội dung{words}", "{id}: text edited{words}"),
    "task.assignment": ("{id}: sửa câu phân công{words}", "{id}: assignment sentence edited{words}"),
    "task.field": ("{id}: {field} {what}", "{id}: {field} {what}"),
    "reporting.added": ("Báo cáo {id}: thêm chế độ báo cáo {period}, gửi {recipient}; người báo cáo: {reporters}",
                        "Reporting {id}: duty added, {period}, to {recipient}; reporters: {reporters}"),
    "reporting.removed": ("Báo cáo {id}: bỏ chế độ báo cáo {period}, gửi {recipient}",
                          "Reporting {id}: duty removed, {period}, to {recipient}"),
    "reporting.field": ("Báo cáo {id}: {field} {before} → {after}", "Reporting {id}: {field} {before} → {after}"),
    "reporting.reporters": ("Báo cáo {id}: người báo cáo: {what}", "Reporting {id}: reporters: {what}"),
    "registry.added": ("Thêm {what} {after} ({id}){succ}", "{what} added: {after} ({id}){succ}"),
    "registry.removed": ("Bỏ {what} {before} ({id})", "{what} removed: {before} ({id})"),
    "registry.renamed": ("{id}: đổi tên “{before}” → “{after}”", "{id}: renamed “{before}” → “{after}”"),
    "registry.replaced": ("{name} ({id}): thay bằng {after}{until}", "{name} ({id}): replaced by {after}{until}"),
    "until": (" (hiệu lực đến {date})", " (valid until {date})"),
    "registry.field": ("{name} ({id}): {field} {before} → {after}", "{name} ({id}): {field} {before} → {after}"),
    "indicator.added": ("Thêm chỉ số {id}: {after}", "Indicator added {id}: {after}"),
    "indicator.removed": ("Bỏ chỉ số {id}: {before}", "Indicator removed {id}: {before}"),
    "indicator.field": ("Chỉ số {id}: {field} {before} → {after}", "Indicator {id}: {field} {before} → {after}"),
    "report.added": ("Thêm báo cáo của {agency}, kỳ {period} ({figures} chỉ số){sample}",
                     "Report added: {agency}, period {period} ({figures} indicators){sample}"),
    "report.removed": ("Bỏ báo cáo của {agency}, kỳ {period}", "Report removed: {agency}, period {period}"),
    "report.figure": ("Báo cáo của {agency}, kỳ {period}: {indicator}: {what}",
                      "Report of {agency}, period {period}: {indicator}: {what}"),
    "report.task": ("Báo cáo của {agency}, kỳ {period}: nhiệm vụ {task}: {before} → {after}",
                    "Report of {agency}, period {period}: task {task}: {before} → {after}"),
    "report.field": ("Báo cáo {id}: {field} {before} → {after}", "Report {id}: {field} {before} → {after}"),
    # pieces
    "none": ("(không có)", "(none)"),
    "tighter": (" (chặt hơn)", " (tighter)"),
    "looser": (" (lỏng hơn)", " (looser)"),
    "later": (" (lùi lại)", " (later)"),
    "earlier": (" (sớm hơn)", " (earlier)"),
    "role_swap": ("{role} đổi từ {before} sang {after}", "{role} changed from {before} to {after}"),
    "role_add": ("thêm {role} {names}", "{role} added: {names}"),
    "role_remove": ("bỏ {role} {names}", "{role} removed: {names}"),
    "plus": ("thêm {items}", "added {items}"),
    "minus": ("bỏ {items}", "removed {items}"),
    "words": (" (+{added} từ, −{removed} từ)", " (+{added} words, −{removed} words)"),
    "diacritics_only": (" (chỉ sửa dấu)", " (diacritics only)"),
    "words_diacritics": (" (+{added} từ, −{removed} từ, {diacritics} từ sửa dấu)",
                         " (+{added} words, −{removed} words, {diacritics} diacritics)"),
    "to_section": ("từ mục {before} sang mục {after}", "from section {before} to section {after}"),
    "position": ("trong mục {section}: vị trí {before} → {after}{prev}",
                 "within section {section}: position {before} → {after}{prev}"),
    "after_prev": (", nay sau {prev}", ", now after {prev}"),
    "first": (", nay đứng đầu", ", now first"),
    "renum_from": (" (trước là {old})", " (was {old})"),
    "section_parent": ("vào {after}", "under {after}"),
    "top_level": ("cấp cao nhất", "top level"),
    "agency": ("cơ quan", "agency"),
    "group": ("nhóm", "group"),
    "successor_of": ("; kế thừa {names}", "; successor of {names}"),
    "sample": (" — số liệu mẫu", " — sample data"),
    "side_base": ("gốc", "base"),
    "side_head": ("mới", "head"),
    "field_period": ("Thời kỳ", "Period"),
    "field_date": ("Ngày ký", "Date"),
    "field_number": ("Số hiệu", "Number"),
    "field_issuer": ("Cơ quan ban hành", "Issuer"),
    "field_signer": ("Người ký", "Signer"),
    "field_recipients": ("Nơi nhận", "Recipients"),
    "field_implements": ("Thực hiện văn bản", "Implements"),
    "field_legal_bases": ("Căn cứ", "Legal bases"),
    "field_document_type": ("Loại văn bản", "Document type"),
    "field_due": ("hạn", "due"),
    "field_reporters": ("người báo cáo", "reporters"),
    "field_recipient": ("nơi nhận", "recipient"),
    "field_section": ("mục", "section"),
    "field_values": ("số liệu", "figures"),
    "field_responsible": ("đơn vị chịu trách nhiệm", "responsible"),
    "field_components": ("thành phần", "components"),
    "field_sample": ("số liệu mẫu", "sample"),
    "warn_text-mismatch": (
        "{id}: dữ liệu ghi {goal} nhưng {where} vẫn ghi “{phrase}” — sửa câu chữ cho khớp văn bản gốc, hoặc "
        "kiểm tra lại số liệu",
        "{id}: the data says {goal} but “{phrase}” is still printed in {where} — make the text match the original, "
        "or check the figure"),
    "warn_deadline-text": (
        "{id}: thời hạn trong dữ liệu là {new} nhưng {field} vẫn ghi ngày {old} — sửa câu chữ cho khớp, hoặc kiểm "
        "tra lại thời hạn",
        "{id}: the deadline in the data is {new} but {field} still says {old} — make the text match, or check the "
        "deadline"),
    "where_deadline_text": ("câu thời hạn (deadline_text)", "the deadline's wording (deadline_text)"),
    "where_text": ("nội dung nhiệm vụ", "the task's text"),
    "worktree": ("thư mục làm việc", "working tree"),
    "where_target": ("câu chỉ tiêu", "the target's text"),
    "where_objective": ("mục tiêu {node}", "objective {node}"),
    # impact
    "imp_gained": ("+ {role}: {tasks}", "+ {role}: {tasks}"),
    "imp_lost": ("− {role}: {tasks}", "− {role}: {tasks}"),
    "imp_role": ("{task}: {before} → {after}", "{task}: {before} → {after}"),
    "imp_deadline": ("thời hạn {task}: {before} → {after}", "deadline of {task}: {before} → {after}"),
    "imp_report_gained": ("+ báo cáo {period}, hạn {due} (gửi {recipient})", "+ report {period}, due {due} (to {recipient})"),
    "imp_report_lost": ("− báo cáo {period}, hạn {due}", "− report {period}, due {due}"),
    "imp_summary": ("{parts}", "{parts}"),
    "imp_n_gained": ("+{n} nhiệm vụ", "+{n} tasks"),
    "imp_n_lost": ("−{n} nhiệm vụ", "−{n} tasks"),
    "imp_n_roles": ("{n} đổi vai trò", "{n} role changes"),
    "imp_n_deadlines": ("{n} thời hạn đổi", "{n} deadlines moved"),
    "imp_n_reports_gained": ("+{n} báo cáo phải nộp", "+{n} reports owed"),
    "imp_n_reports_lost": ("−{n} báo cáo", "−{n} reports"),
    "via_group": ("qua nhóm {name}", "through group {name}"),
    "via_predecessor": ("kế thừa từ {name}", "inherited from {name}"),
    # headings and summaries
    "title": ("Thay đổi kế hoạch: {base} → {head}", "Plan changes: {base} → {head}"),
    "no_changes": ("Không có thay đổi nào về nội dung kế hoạch.", "No change to the plans' content."),
    "summary": ("{changes} thay đổi · {plans} kế hoạch · {agencies} cơ quan bị ảnh hưởng · {warnings} cảnh báo",
                "{changes} changes · {plans} plans · {agencies} agencies affected · {warnings} warnings"),
    "h_warnings": ("Cảnh báo", "Warnings"),
    "h_problems": ("Tệp không nạp được", "Files that do not load"),
    "h_impact": ("Ảnh hưởng theo cơ quan", "Impact per agency"),
    "h_registry": ("Sổ cơ quan", "Agency registry"),
    "h_indicators": ("Chỉ số", "Indicators"),
    "h_reports": ("Báo cáo định kỳ", "Periodic reports"),
    "h_plan": ("Kế hoạch {number} ({id})", "Plan {number} ({id})"),
    "more_changes": ("{n} thay đổi", "{n} changes"),
    "more_agencies": ("{n} cơ quan", "{n} agencies"),
    "err_no-git": ("Không tìm thấy lệnh git. Cài git, hoặc so sánh hai thư mục bằng --paths A B.",
                   "git is not installed. Install git, or compare two folders with --paths A B."),
    "err_not-git": ("{detail} không nằm trong một kho git. So sánh hai thư mục bằng --paths A B.",
                    "{detail} is not inside a git repository. Compare two folders with --paths A B."),
    "err_bad-revision": ("Không có phiên bản git “{detail}” (nhánh, thẻ hoặc mã commit). Xem: git log --oneline",
                         "No git revision “{detail}” (a branch, tag or commit). See: git log --oneline"),
    "err_no-base": ("Không tìm được nhánh gốc để so sánh (đã thử: {detail}). Ghi rõ: plans diff NHÁNH_GỐC",
                    "No base branch found to compare with (tried: {detail}). Name it: plans diff BASE"),
    "err_git-failed": ("git báo lỗi: {detail}", "git failed: {detail}"),
    "err_bad-path": ("Phiên bản chứa đường dẫn không an toàn, không đọc: {detail}",
                     "The revision holds an unsafe path, not read: {detail}"),
    "err_paths_and_revs": ("Dùng hoặc --paths A B, hoặc các phiên bản git, không dùng cả hai.",
                           "Give either --paths A B or git revisions, not both."),
    "truncated": ("… (còn {n} dòng; xem bản đầy đủ trong tóm tắt của job CI)",
                  "… ({n} more lines; see the full review in the CI job summary)"),
}


def m(key: str, lang: str, **kw) -> str:
    vi, en = M[key]
    s = en if lang == "en" else vi
    return s.format(**kw) if kw else s


class Names:
    """Names of agencies, groups and plans, from the head side first (a removed one from the base)."""

    def __init__(self, base, head):
        self.base, self.head = base, head
        self.used: dict[str, str] = {}

    def agency(self, ref: str | None) -> str:
        if not ref:
            return ""
        ent = self.head.entity(ref) or self.base.entity(ref)
        name = ent.name if ent else ref
        self.used[ref] = name
        return name

    def agencies(self, refs, lang: str) -> str:
        refs = list(refs or [])
        return ", ".join(self.agency(r) for r in refs) if refs else m("none", lang)

    def plan(self, pid: str | None) -> str:
        if not pid:
            return ""
        p = self.head.plans.get(pid) or self.base.plans.get(pid)
        number = p.number if p else pid
        self.used[pid] = number
        return number


def _fmt_date(s) -> str:
    if isinstance(s, str) and len(s) == 10 and s[4] == "-" and s[7] == "-":
        return f"{s[8:10]}/{s[5:7]}/{s[:4]}"
    return s if s not in (None, "", []) else ""


def _val(v, lang: str) -> str:
    if v is None or v == "" or v == []:
        return m("none", lang)
    if isinstance(v, list):
        return "; ".join(_fmt_date(x) if isinstance(x, str) else str(x) for x in v) or m("none", lang)
    if isinstance(v, bool):
        return "có" if v and lang == "vi" else "không" if lang == "vi" else str(v).lower()
    return _fmt_date(v) if isinstance(v, str) else str(v)


def _field(name: str, lang: str) -> str:
    key = f"field_{name}"
    if key in M:
        return m(key, lang)
    return t_or(key, lang, name)


def _words(c: Change, lang: str) -> str:
    d = c.detail.get("words") or {}
    if not d:
        return ""
    if d.get("diacritics_only"):
        return m("diacritics_only", lang)
    if d.get("diacritics"):
        return m("words_diacritics", lang, added=d.get("added", 0), removed=d.get("removed", 0),
                 diacritics=d["diacritics"])
    return m("words", lang, added=d.get("added", 0), removed=d.get("removed", 0))


def _plus_minus(added, removed, lang, fmt=str) -> str:
    parts = []
    if added:
        parts.append(m("plus", lang, items=", ".join(fmt(x) for x in added)))
    if removed:
        parts.append(m("minus", lang, items=", ".join(fmt(x) for x in removed)))
    return "; ".join(parts)


def _roles(roles: dict, lang: str, names: Names) -> str:
    if not roles:
        return ""
    return " — " + "; ".join(f"{t(f'role_{r}', lang)}: {names.agencies(refs, lang)}" for r, refs in roles.items())


def describe(c: Change, lang: str, names: Names) -> str:
    """One line saying what changed, in the model's terms."""
    d = c.detail
    kw = {"id": c.id, "before": _val(c.before, lang), "after": _val(c.after, lang), "field": _field(c.field or "", lang),
          "plan": c.plan}
    k = c.kind
    if k in ("plan.added", "plan.removed"):
        kw.update(number=c.after if k == "plan.added" else c.before, title=d.get("title", ""),
                  tasks=d.get("tasks", 0), targets=d.get("targets", 0))
    elif k == "plan.unloaded":
        kw.update(file=d.get("file_failed"), side=m(f"side_{d.get('side_failed')}", lang))
    elif k == "plan.field":
        if c.field == "issuer":
            kw.update(before=names.agency(c.before), after=names.agency(c.after))
        elif c.field == "title":
            kw.update(before="…", after="…" + _words(c, lang))
        elif isinstance(c.before, list):
            return f"{kw['field']}: {_plus_minus(d.get('added'), d.get('removed'), lang)}"
    elif k in ("objective.text", "section.title", "task.text", "task.assignment"):
        kw["words"] = _words(c, lang)
    elif k == "target.goal":
        kw["direction"] = m(d["direction"], lang) if d.get("direction") else ""
    elif k == "target.field" and c.field == "text":
        return f"{c.id}: {_field('text', lang)}{_words(c, lang) or ''}"
    elif k in ("target.field", "indicator.field", "report.field") and c.field == "direction":
        kw.update(before=t_or(f"direction_{c.before}", lang, _val(c.before, lang)),
                  after=t_or(f"direction_{c.after}", lang, _val(c.after, lang)))
    elif k == "section.moved":
        if c.field == "parent":
            kw["where"] = m("section_parent", lang, after=c.after or m("top_level", lang))
        else:
            kw["where"] = _position(c, lang)
    elif k in ("task.added", "task.removed"):
        kw.update(section=d.get("section", ""), roles=_roles(d.get("roles", {}), lang, names))
    elif k == "task.moved":
        if c.field == "section":
            kw["where"] = m("to_section", lang, before=c.before, after=c.after)
        else:
            kw["where"] = _position(c, lang)
        if d.get("old_id") and d["old_id"] != c.id:
            kw["where"] += m("renum_from", lang, old=d["old_id"])
    elif k == "task.role":
        role = t(f"role_{c.field}", lang)
        added, removed = d.get("added", []), d.get("removed", [])
        if len(added) == 1 and len(removed) == 1:
            kw["what"] = m("role_swap", lang, role=role, before=names.agency(removed[0]), after=names.agency(added[0]))
        else:
            parts = []
            if added:
                parts.append(m("role_add", lang, role=role, names=names.agencies(added, lang)))
            if removed:
                parts.append(m("role_remove", lang, role=role, names=names.agencies(removed, lang)))
            kw["what"] = "; ".join(parts)
    elif k == "task.deadline":
        b = _fmt_date(c.before) or d.get("text_before") or m("none", lang)
        a = _fmt_date(c.after) or d.get("text_after") or m("none", lang)
        kw.update(before=b, after=a, later="" if d.get("later") is None else m("later" if d["later"] else "earlier", lang))
    elif k == "task.recurrence":
        kw.update(before=t_or(f"recurrence_{c.before}", lang, _val(c.before, lang)),
                  after=t_or(f"recurrence_{c.after}", lang, _val(c.after, lang)))
    elif k in ("task.campaigns", "task.days", "task.field"):
        kw["what"] = _plus_minus(d.get("added"), d.get("removed"), lang) or f"{_val(c.before, lang)} → {_val(c.after, lang)}"
    elif k in ("reporting.added", "reporting.removed"):
        kw.update(period=t_or(f"kind_{c.after or c.before}", lang, _val(c.after or c.before, lang)),
                  recipient=names.agency(d.get("recipient")), reporters=names.agencies(d.get("reporters"), lang))
    elif k == "reporting.field":
        if c.field == "reporters":
            return m("reporting.reporters", lang, id=c.id, what=_plus_minus(
                [names.agency(x) for x in d.get("added", [])], [names.agency(x) for x in d.get("removed", [])], lang))
        if c.field == "recipient":
            kw.update(before=names.agency(c.before), after=names.agency(c.after))
        if c.field == "period":
            kw.update(before=t_or(f"kind_{c.before}", lang, kw["before"]), after=t_or(f"kind_{c.after}", lang, kw["after"]))
    elif k in ("registry.added", "registry.removed"):
        kw["what"] = m("group" if d.get("group") else "agency", lang)
        succ = d.get("successor_of") or []
        kw["succ"] = m("successor_of", lang, names=names.agencies(succ, lang)) if succ else ""
    elif k == "registry.replaced":
        kw.update(name=names.agency(c.id), after=names.agencies(d.get("added"), lang),
                  until=m("until", lang, date=_fmt_date(d["valid_to"])) if d.get("valid_to") else "")
    elif k == "registry.field":
        kw["name"] = names.agency(c.id)
        if c.field in ("successor", "groups", "members", "includes", "parent"):
            if isinstance(c.before, list) or isinstance(c.after, list):
                return f"{kw['name']} ({c.id}): {kw['field']} " + _plus_minus(
                    [names.agency(x) for x in d.get("added", [])], [names.agency(x) for x in d.get("removed", [])], lang)
            kw.update(before=names.agency(c.before) or m("none", lang), after=names.agency(c.after) or m("none", lang))
        elif isinstance(c.before, list) or isinstance(c.after, list):
            return f"{kw['name']} ({c.id}): {kw['field']} " + _plus_minus(d.get("added"), d.get("removed"), lang)
    elif k in ("report.added", "report.removed", "report.figure", "report.task"):
        kw.update(agency=names.agency(d.get("agency")), period=d.get("period"), figures=d.get("figures", 0),
                  sample=m("sample", lang) if d.get("sample") else "", indicator=d.get("indicator"), task=c.field)
        if k == "report.figure":
            kw["what"] = "; ".join(
                f"{x['component']}{' (' + ('gốc' if lang == 'vi' else 'baseline') + ')' if x['part'] == 'baseline' else ''}"
                f" {_val(x['before'], lang)} → {_val(x['after'], lang)}" for x in d.get("components", []))
        if k == "report.task":
            kw.update(before=_val(c.before, lang), after=_val(c.after, lang))
    return m(k, lang, **kw)


def _position(c: Change, lang: str) -> str:
    d = c.detail
    prev = m("after_prev", lang, prev=d["after_id"]) if d.get("after_id") else m("first", lang)
    return m("position", lang, section=d.get("section") or d.get("parent") or "", before=c.before, after=c.after, prev=prev)


def warning_text(w, lang: str) -> str:
    a = w.args
    if w.code == "deadline-text":
        return m("warn_deadline-text", lang, id=w.id, new=a.get("new"), old=a.get("old"),
                 field=m(f"where_{a.get('field')}", lang))
    where = (" và " if lang == "vi" else " and ").join(
        m("where_target", lang) if p.get("where") == "target" else m("where_objective", lang, node=p.get("node"))
        for p in a.get("places", []))
    return m(f"warn_{w.code}", lang, id=w.id, goal=a.get("goal"), where=where, phrase=a.get("phrase"))


def text_segments(c: Change) -> list | None:
    """The word diff of a text change (context-trimmed), or None."""
    d = c.detail.get("words")
    return d.get("segments") if isinstance(d, dict) else None


def plain_segments(segs: list) -> str:
    """A word diff as plain text, like ``git diff --word-diff``: [-removed-]{+added+}; a diacritic-only
    replacement as [~old→new~]."""
    out = []
    for s in segs:
        if s[0] == "=":
            out.append(s[1])
        elif s[0] == "-":
            out.append(f"[-{s[1]}-]")
        elif s[0] == "+":
            out.append(f"{{+{s[1]}+}}")
        else:
            out.append(f"[~{s[1]}→{s[2]}~]")
    return clean("".join(out))


def _md_mark(s: str, mark: str) -> str:
    lead = s[: len(s) - len(s.lstrip())]
    trail = s[len(s.rstrip()):]
    core = s.strip()
    return f"{lead}{mark}{md_text(core)}{mark}{trail}" if core else s


def md_segments(segs: list) -> str:
    out = []
    for s in segs:
        if s[0] == "=":
            out.append(md_text(s[1]))
        elif s[0] == "-":
            out.append(_md_mark(s[1], "~~"))
        elif s[0] == "+":
            out.append(_md_mark(s[1], "**"))
        else:
            out.append(_md_mark(s[1], "~~") + " " + _md_mark(s[2], "**"))
    return "".join(out).replace("\n", " ")


def _tasks_list(obls, names: Names) -> str:
    by_plan: dict[str, list[str]] = {}
    for o in obls:
        by_plan.setdefault(o.plan, []).append(o.task)
    return "; ".join(f"{names.plan(p)} {', '.join(ts)}" for p, ts in by_plan.items())


def impact_lines(imp, lang: str, names: Names) -> list[str]:
    lines = []
    for key, obls in (("imp_gained", imp.gained), ("imp_lost", imp.lost)):
        by_role: dict[str, list] = {}
        for o in obls:
            by_role.setdefault(o.role, []).append(o)
        for role, os_ in by_role.items():
            line = m(key, lang, role=t(f"role_{role}", lang), tasks=_tasks_list(os_, names))
            vias = {(o.via, o.via_kind) for o in os_ if o.via}
            if vias:
                line += " (" + "; ".join(m(f"via_{kind}", lang, name=names.agency(v)) for v, kind in sorted(vias)) + ")"
            lines.append(line)
    for r in imp.role_changed:
        lines.append(m("imp_role", lang, task=f"{names.plan(r['plan'])} {r['task']}", before=t(f"role_{r['before']}", lang),
                       after=t(f"role_{r['after']}", lang)))
    for r in imp.deadline_moved:
        lines.append(m("imp_deadline", lang, task=f"{names.plan(r['plan'])} {r['task']}",
                       before=_fmt_date(r["before"]) or m("none", lang), after=_fmt_date(r["after"]) or m("none", lang)))
    for key, reps in (("imp_report_gained", imp.reports_gained), ("imp_report_lost", imp.reports_lost)):
        for r in reps:
            lines.append(f"{names.plan(r['plan'])}: " + m(key, lang, period=t_or(f"kind_{r['period']}", lang, r["period"] or ""),
                                                          due=_fmt_date(r["due"]) or m("none", lang),
                                                          recipient=names.agency(r["recipient"])))
    return lines


def impact_summary(imp, lang: str) -> str:
    parts = []
    for key, n in (("imp_n_gained", len({(o.plan, o.task) for o in imp.gained})),
                   ("imp_n_lost", len({(o.plan, o.task) for o in imp.lost})),
                   ("imp_n_roles", len(imp.role_changed)), ("imp_n_deadlines", len(imp.deadline_moved)),
                   ("imp_n_reports_gained", len(imp.reports_gained)), ("imp_n_reports_lost", len(imp.reports_lost))):
        if n:
            parts.append(m(key, lang, n=n))
    return ", ".join(parts)


# ---------------------------------------------------------------- grouping

GROUP_REGISTRY, GROUP_INDICATORS, GROUP_REPORTS = "~registry", "~indicators", "~reports"


def groups(result: DiffResult) -> list[tuple[str, list[Change]]]:
    """Changes by plan (in plan id order), then registry, indicators, reports; within a group in KINDS order,
    then by id."""
    from plans.diff.impact import _idkey

    order = {k: i for i, k in enumerate(KINDS)}
    out: dict[str, list[Change]] = {}
    for c in result.changes:
        if c.kind.startswith("registry."):
            key = GROUP_REGISTRY
        elif c.kind.startswith("indicator."):
            key = GROUP_INDICATORS
        elif c.kind.startswith("report."):
            key = GROUP_REPORTS
        else:
            key = c.plan or ""
        out.setdefault(key, []).append(c)
    for cs in out.values():
        cs.sort(key=lambda c: (order.get(c.kind, 99), _idkey(c.id or "")))
    return sorted(out.items(), key=lambda kv: (kv[0].startswith("~"), kv[0]))


def group_title(key: str, lang: str, names: Names) -> str:
    if key == GROUP_REGISTRY:
        return m("h_registry", lang)
    if key == GROUP_INDICATORS:
        return m("h_indicators", lang)
    if key == GROUP_REPORTS:
        return m("h_reports", lang)
    return m("h_plan", lang, number=names.plan(key), id=key)


def side_label(label: str, lang: str) -> str:
    from plans.diff.revisions import WORKTREE_LABEL

    return m("worktree", lang) if label == WORKTREE_LABEL else label


def title(result: DiffResult, lang: str) -> str:
    return m("title", lang, base=side_label(result.base_label, lang), head=side_label(result.head_label, lang))


def impact_groups(result: DiffResult, lang: str, names: Names) -> list[tuple[list, str, list[str]]]:
    """Agencies whose impact reads the same (one deadline moved for nine bodies) together:
    ``[([(name, id), …], summary, lines)]`` in the order of the first agency of each group."""
    out: dict[tuple, tuple[list, str, list[str]]] = {}
    for imp in result.impact:
        lines = impact_lines(imp, lang, names)
        key = tuple(lines)
        if key not in out:
            out[key] = ([], impact_summary(imp, lang), lines)
        out[key][0].append((imp.name, imp.agency))
    return list(out.values())


def summary(result: DiffResult, lang: str) -> str:
    plans = {c.plan for c in result.changes if c.plan and not c.kind.startswith("report.")}
    return m("summary", lang, changes=len(result.changes), plans=len(plans), agencies=len(result.impact),
             warnings=len(result.warnings))


# ---------------------------------------------------------------- Markdown

FOLD_CHANGES = 12     # a plan with more changes than this is folded (<details>)
FOLD_AGENCIES = 8
MAX_COMMENT = 60000   # GitHub refuses comments over 65,536 characters


def to_markdown(result: DiffResult, lang: str, names: Names, limit: int | None = None) -> str:
    """A compact review comment: summary, warnings, per-agency impact, then changes by plan; long parts
    folded. ``limit`` cuts the text (at a line) to that many characters, saying how much was left out."""
    L: list[str] = []
    L.append(f"### {md_text(title(result, lang))}")
    L.append("")
    if not result.changes and not result.problems:
        L.append(m("no_changes", lang))
        return "\n".join(L) + "\n"
    L.append(md_text(summary(result, lang)))
    L.append("")
    if result.problems:
        L.append(f"#### ❌ {m('h_problems', lang)}")
        L.append("")
        for p in result.problems:
            L.append(f"- {md_text(p.file)}:{p.line}:{p.col} ({m('side_' + p.side, lang)}) {p.code}: "
                     f"{md_text(p.finding.message(lang) if p.finding else '')}")
        L.append("")
    if result.warnings:
        L.append(f"#### ⚠️ {m('h_warnings', lang)}")
        L.append("")
        for w in result.warnings:
            L.append(f"- {md_block(names.plan(w.plan) + ': ' + warning_text(w, lang))}")
        L.append("")
    if result.impact:
        L.append(f"#### {m('h_impact', lang)}")
        L.append("")
        grouped = impact_groups(result, lang, names)
        fold = len(grouped) > FOLD_AGENCIES
        if fold:
            L += ["<details>", f"<summary>{md_text(m('more_agencies', lang, n=len(result.impact)))}</summary>", ""]
        for who, summ, lines in grouped:
            bodies = ", ".join(f"**{md_text(n)}** (`{md_text(i)}`)" for n, i in who)
            L.append(f"- {bodies}: {md_text(summ)}")
            for line in lines:  # "+ chủ trì: …" must not start a nested list
                L.append(f"  - {md_block(line)}")
        if fold:
            L += ["", "</details>"]
        L.append("")
    for key, cs in groups(result):
        L.append(f"#### {md_text(group_title(key, lang, names))}")
        L.append("")
        fold = len(cs) > FOLD_CHANGES
        if fold:
            L += ["<details>", f"<summary>{md_text(m('more_changes', lang, n=len(cs)))}</summary>", ""]
        for c in cs:
            L.append(f"- {md_block(describe(c, lang, names))}")
            segs = text_segments(c)
            if segs:
                L.append(f"  > {md_segments(segs)}")
        if fold:
            L += ["", "</details>"]
        L.append("")
    text = "\n".join(L).rstrip("\n") + "\n"
    if limit and len(text) > limit:
        lines, size, kept = text.splitlines(), 0, []
        for line in lines:
            if size + len(line) + 1 > limit - 200:
                break
            kept.append(line)
            size += len(line) + 1
        if sum(1 for x in kept if x == "<details>") > sum(1 for x in kept if x == "</details>"):
            kept.append("</details>")
        kept.append("")
        kept.append(md_text(m("truncated", lang, n=len(lines) - len(kept))))
        text = "\n".join(kept) + "\n"
    return text


# ---------------------------------------------------------------- JSON

def to_json(result: DiffResult, lang: str, names: Names) -> dict:
    changes = []
    for c in result.changes:
        d = c.to_dict()
        d["message"] = describe(c, lang, names)
        changes.append(d)
    warnings = []
    for w in result.warnings:
        d = w.to_dict()
        d["message"] = warning_text(w, lang)
        warnings.append(d)
    impact = []
    for imp in result.impact:
        d = imp.to_dict()
        d["summary"] = impact_summary(imp, lang)
        impact_lines(imp, lang, names)  # records the names used
        impact.append(d)
    for c in result.changes:  # every agency a record names, for tools that show names
        for ref in _refs(c):
            names.agency(ref)
    plans = {c.plan for c in result.changes if c.plan}
    for p in plans:
        names.plan(p)
    return {
        "version": 1, "base": result.base_label, "head": result.head_label, "changed": result.changed,
        "summary": {"changes": len(result.changes), "plans": len({c.plan for c in result.changes if c.plan}),
                    "agencies": len(result.impact), "warnings": len(result.warnings),
                    "problems": len(result.problems)},
        "changes": changes, "warnings": warnings,
        "problems": [p.to_dict(lang) for p in result.problems],
        "impact": impact, "names": dict(sorted(names.used.items())),
    }


def _refs(c: Change):
    d = c.detail
    if c.kind == "task.role":
        yield from (c.before or [])
        yield from (c.after or [])
    for rs in (d.get("roles") or {}).values():
        yield from rs
    if c.kind.startswith("registry."):
        yield c.id
    for key in ("recipient", "agency"):
        if isinstance(d.get(key), str):
            yield d[key]
    yield from d.get("reporters", []) or []
