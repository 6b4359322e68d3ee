"""The body of a plan: preamble and legal bases, objectives and targets, sections and tasks (ids from
the printed numbering), assignments, time (deadlines, thường xuyên, campaigns, days) and reporting.

Pure functions over paragraphs; names go through a :class:`plans.importer.names.Resolver`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from plans.importer.assign import (Roles, heading_body, heading_roles, looks_like_assignment, parse_roles,
                                   sentence_roles)
from plans.importer.lines import ROMAN, Marker, marker
from plans.importer.names import Resolver, Unknown
from plans.importer.vntext import clean_space, fold_keep, last_day, quarter_end, safe_date


@dataclass
class Node:
    id: str
    kind: str
    head: str
    level: int
    body: list[tuple[Marker | None, str]] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)


_LEVEL = {"roman": 0, "num": 1, "letter": 2}


def _upper_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return (len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)
            and len(text.split()) >= 2)


def build_tree(paras: list[str]) -> tuple[list[str], list[Node]]:
    """Preamble paragraphs (before the first Roman number) and the tree of numbered items."""
    preamble: list[str] = []
    roots: list[Node] = []
    stack: list[Node] = []
    for p in paras:
        mk, rest = marker(p)
        if mk is not None and mk.kind == "roman" and mk.label not in ROMAN:
            mk = None
        if mk is not None and mk.kind == "paren" and not (stack and stack[-1].level >= 1):
            mk, rest = None, p  # "(1)" straight under a Roman part or before it: a paragraph
        if mk is None or mk.kind in ("bullet", "plus") or (mk.kind != "roman" and not stack):
            if stack:
                stack[-1].body.append((mk, rest if mk else p))
            else:
                preamble.append(p)
            continue
        if mk.kind in ("num", "letter") and _upper_heading(rest) and roots:
            # OCR read a Roman number as a digit ("1. TỔ CHỨC THỰC HIỆN" for "III."): an upper-case
            # heading is a part of the plan, numbered after the last one
            nxt = ROMAN.index(roots[-1].id) + 1 if roots[-1].id in ROMAN else len(roots)
            mk = Marker("roman", ROMAN[min(nxt, len(ROMAN) - 1)])
        if mk.kind == "dotted":
            parts = mk.label.split(".")
            level = len(parts)
            label = parts[-1]
        elif mk.kind == "paren":
            # "(1)", "(2)" number the items of whatever item holds them, one level below it
            level = stack[-1].level if stack[-1].kind == "paren" else stack[-1].level + 1
            label = mk.label
        else:
            level = _LEVEL[mk.kind]
            label = mk.label
        while stack and stack[-1].level >= level:
            stack.pop()
        if mk.kind == "letter" and stack and stack[-1].level < 1:
            level = 1  # a lettered item straight under a Roman part
        parent = stack[-1] if stack else None
        nid = label if parent is None else f"{parent.id}.{label}"
        node = Node(nid, mk.kind, rest, level)
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
        stack.append(node)
    return preamble, roots


# ------------------------------------------------------------------ legal bases

DOC_KINDS = ("Kết luận", "Chỉ thị", "Nghị quyết", "Quyết định", "Kế hoạch", "Nghị định", "Thông tư liên tịch",
             "Thông tư", "Luật", "Chương trình phối hợp", "Chương trình", "Công văn", "Hướng dẫn", "Quy chế",
             "Chiến lược", "Đề án")
_KIND_RE = "|".join(re.escape(k) for k in DOC_KINDS)
_REF = re.compile(rf"(?P<type>(?i:{_KIND_RE}))\s+(?:số\s+)?(?P<number>[0-9][\w.]*(?:[/-][\wĐđ.]+)+)"
                  rf"(?:,?\s+ngày\s+(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{4}}))?"
                  rf"(?:\s+(?:của|cua)\s+(?P<issuer>[^,;()]*?))?"
                  rf"(?=\s+(?:về|ve|phê duyệt|quy định|hướng dẫn|ban hành)\b|[,;.(]|\s*$)"
                  rf"(?P<title>\s+(?:về|phê duyệt|quy định|hướng dẫn)\s[^;()]*?)?(?=[;(]|,\s*(?:{_KIND_RE})|\.\s|\s*$|,\s+[A-ZĐ])")


def document_refs(text: str) -> list[dict]:
    out = []
    for m in _REF.finditer(text):
        ref = {"type": _canon_kind(m.group("type")), "number": m.group("number").rstrip(".,")}
        if m.group("y"):
            d = safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if d:
                ref["date"] = d.isoformat()
        if m.group("issuer"):
            ref["issuer"] = clean_space(m.group("issuer"))
        if m.group("title"):
            ref["title"] = clean_space(m.group("title")).rstrip(",. ")
        out.append(ref)
    return out


def _canon_kind(k: str) -> str:
    for c in DOC_KINDS:
        if c.lower() == k.lower():
            return c
    return k


# ------------------------------------------------------------------ targets

@dataclass
class Target:
    text: str
    comparator: str
    threshold: float
    unit: str
    direction: str | None = None
    baseline: str | None = None
    objective: str | None = None


_PCT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*%")


def targets_in(text: str, objective: str | None = None) -> list[Target]:
    """Each percentage phrase of ``text`` as a target."""
    out = []
    for clause in re.split(r"(?<=[;.])\s+|;\s*", text):
        # a clause may hold two figures joined by "và" ("xử lý 100% … và giải quyết đạt trên 90%")
        pieces = [clause]
        if len(_PCT.findall(clause)) > 1:
            pieces = [p for p in re.split(r"\s+và\s+(?=[^%]*\d\s*%)|,\s+(?=[^%]*\d\s*%)", clause) if p.strip()]
        for piece in pieces:
            for m in _PCT.finditer(piece):
                before = fold_keep(piece[:m.start()])[-60:]
                after = fold_keep(piece[m.end():])[:40]
                value = float(m.group(1).replace(",", "."))
                comp = ">="
                if re.search(r"\btren\s*$", before) or re.search(r"\bhon\s*$", before):
                    comp = ">"
                elif re.search(r"\b(duoi|thap hon)\s*$", before):
                    comp = "<"
                elif re.search(r"\b(khong qua|toi da)\s*$", before):
                    comp = "<="
                direction = None
                fb = fold_keep(piece)
                if re.search(r"\b(keo giam|giam)\b", fold_keep(piece[:m.start()])):
                    direction = "decrease"
                elif re.search(r"\btang\b", fold_keep(piece[:m.start()])) and "so voi" in fb:
                    direction = "increase"
                baseline = None
                bm = re.search(r"so với (?:cùng kỳ )?(?:năm )?\d{4}|so voi (?:cung ky )?(?:nam )?\d{4}", piece)
                if bm:
                    baseline = bm.group()
                del after
                out.append(Target(clean_space(piece).rstrip(".;, "), comp, value, "percent", direction, baseline,
                                  objective))
        # a clause that states "Không có …" (nothing classed weak, no case of …) is a count that must be 0;
        # "không có" inside a clause ("xử lý …, không có vùng cấm") is a manner, not a target
        if not _PCT.search(clause) and re.match(r"\s*(?:phan dau\s+)?khong co\s+\w", fold_keep(clause).lower()):
            out.append(Target(clean_space(clause).rstrip(".;, "), "==", 0.0, "count", None, None, objective))
    return out


def _same_target(a: Target, b: Target) -> bool:
    """The same figure said twice: same comparator, threshold and unit, and nearly the same words."""
    from rapidfuzz import fuzz

    if (a.comparator, a.threshold, a.unit) != (b.comparator, b.threshold, b.unit):
        return False
    fa, fb = fold_keep(a.text).lower(), fold_keep(b.text).lower()
    return fuzz.token_sort_ratio(fa, fb) >= 80


def propose_indicator(text: str, indicators: list[tuple[str, str]]) -> str | None:
    """The indicator of ``indicators`` [(id, name)] whose name best fits the target's text."""
    if not indicators:
        return None
    from rapidfuzz import fuzz

    t = fold_keep(text)
    best, score = None, 0.0
    for iid, name in indicators:
        s = fuzz.token_set_ratio(t, fold_keep(name))
        if s > score:
            best, score = iid, s
    return best if score >= 60 else None


# ------------------------------------------------------------------ time

_DMY = r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?"


def _date(d, m, y, year: int) -> str | None:
    dd = safe_date(int(y) if y else year, int(m), int(d))
    return dd.isoformat() if dd else None


def time_of(text: str, year: int) -> dict:
    """deadline / deadline_text, recurrence, campaigns and days read from a task's text."""
    out: dict = {}
    f = fold_keep(text)
    # "thường xuyên" of the task, not of a place ("địa bàn thường xuyên xảy ra tội phạm")
    if re.search(r"\bthuong xuyen\b(?!\s+(?:xay ra|phat sinh))", f):
        out["recurrence"] = "continuous"
    # "trước ngày 25/3/2026", also as OCR leaves it ("trwéc ngày", "truée ngày")
    m = re.search(rf"\b(?:trước|truoc|tr\w{{1,3}}c|chậm nhất|cham nhat)\s+(?:ngày|ngay)\s+{_DMY}", text)
    if m:
        iso = _date(m.group(1), m.group(2), m.group(3), year)
        if iso:
            out["deadline"] = iso
            out["deadline_text"] = m.group(0)
    else:
        m = re.search(r"(?:hoàn thành|hoan thanh|xong)?\s*(?:trong|trước|truoc)\s+(?:Quý|quý|Quy|quy)\s+([IV]{1,3}|[1-4])\s*/\s*(\d{4})",
                      text)
        if m:
            q = quarter_end(m.group(1), int(m.group(2)))
            if q:
                out["deadline"] = q.isoformat()
                out["deadline_text"] = clean_space(m.group(0))
        else:
            m = re.search(r"(?:trong|trước)\s+tháng\s+(\d{1,2})\s*/\s*(\d{4})", text)
            if m and 1 <= int(m.group(1)) <= 12:
                y, mo = int(m.group(2)), int(m.group(1))
                out["deadline"] = dt.date(y, mo, last_day(y, mo)).isoformat()
                out["deadline_text"] = m.group(0)
    camps = []
    for cm in re.finditer(rf"(?:từ|tu)\s+(?:ngày\s+)?{_DMY}\s*(?:đến|den|-)\s*(?:hết\s+)?(?:ngày\s+)?{_DMY}", text):
        s = _date(cm.group(1), cm.group(2), cm.group(3) or cm.group(6), year)
        e = _date(cm.group(4), cm.group(5), cm.group(6) or cm.group(3), year)
        if s and e:
            camp = {"start": s, "end": e}
            nm = re.search(r"((?:[Cc]ao điểm|[Đđ]ợt|[Cc]hiến dịch|[Tt]háng hành động)[^,;.()]{3,120}?)[,;]?\s*(?:thời gian\s+)?$",
                           text[:cm.start()])
            if nm:
                camp["name"] = clean_space(nm.group(1)).rstrip(", ")
            camps.append(camp)
    if camps:
        out["campaigns"] = camps
    days = []
    for dm in re.finditer(r"[“\"]?((?:Ngày|Tháng)\s[^“”\"]{3,100}?)\s+(\d{1,2})/(\d{1,2})(?![/\d])[”\"]?", text):
        d, mo = int(dm.group(2)), int(dm.group(3))
        if safe_date(2024, mo, d):
            days.append({"date": f"--{mo:02d}-{d:02d}", "name": clean_space(dm.group(1))})
    # the day printed after its quoted name: "“Ngày toàn dân phòng, chống mua bán người” (30/7/2024)"
    for dm in re.finditer(r"[“\"]((?:Ngày|Tháng)\s[^“”\"]{3,100}?)[”\"]\s*\((\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*\d{4})?\)", text):
        d, mo = int(dm.group(2)), int(dm.group(3))
        day = {"date": f"--{mo:02d}-{d:02d}", "name": clean_space(dm.group(1))}
        if safe_date(2024, mo, d) and all(x["date"] != day["date"] for x in days):
            days.append(day)
    if days:
        out["days"] = days
    return out


# ------------------------------------------------------------------ tasks

@dataclass
class TaskDraft:
    text: str
    assignment: str | None = None
    roles: Roles = field(default_factory=Roles)
    time: dict = field(default_factory=dict)
    refs: list = field(default_factory=list)
    kind: str | None = None  # the printed mark the task started with ("paren" for "(1)")


_PAREN = re.compile(r"\(([^()]{2,400})\)")


def _closes(tail: str) -> bool:
    """Does an assignment parenthesis followed by ``tail`` close its task? Yes before the end, a new
    sentence (a capital or a circled number, or any word after a full stop or a semicolon); not
    inside a sentence ("(Công an thành phố - Phòng Tham mưu) để tổng hợp")."""
    m = re.match(r"^\s*([.;,:]?)\s*(.?)", tail)
    punct, ch = m.group(1), m.group(2)
    if not ch:
        return True
    if ch.isupper() or "①" <= ch <= "⑳":
        return True
    return punct in (".", ";") and ch.isalnum()


def split_tasks(content: list[tuple[Marker | None, str]], resolver: Resolver, whole: bool = False) -> list[TaskDraft]:
    """A section's paragraphs cut into tasks: a task ends with its assignment parenthesis; a bullet
    starts a new one; a paragraph after a closed task starts a new one; otherwise paragraphs join."""
    tasks: list[TaskDraft] = []
    cur: TaskDraft | None = None
    for mk, text in content:
        text = text.replace("*", "").strip()
        new_par = True
        pos = 0
        pieces: list[tuple[str, str | None]] = []
        for pm in _PAREN.finditer(text):
            inner = pm.group(1).strip()
            tail = text[pm.end():pm.end() + 3]
            at_end = not text[pm.end():].strip(" .;,:/") or _closes(text[pm.end():pm.end() + 4])
            if not at_end:
                continue
            if not looks_like_assignment(inner, resolver):
                continue
            pieces.append((text[pos:pm.start()], clean_space(inner)))
            pos = pm.end()
        rest = text[pos:]
        if rest.strip(" .;,:/"):
            pieces.append((rest, None))
        for k, (chunk, assignment) in enumerate(pieces):
            chunk = clean_space(chunk).strip(" ;,")
            chunk = re.sub(r"^[.;,:]\s*", "", chunk)
            chunk = chunk.rstrip(" ;,")
            if chunk.endswith("./."):
                chunk = chunk[:-3]
            start_new = cur is None or cur.assignment is not None or (k == 0 and (mk is not None or whole) and new_par)
            if start_new:
                cur = TaskDraft(chunk, assignment, kind=mk.kind if (mk is not None and k == 0) else None)
                tasks.append(cur)
            else:
                sep = "\n\n" if (k == 0 and new_par) else " "
                cur.text = (cur.text + sep + chunk).strip() if chunk else cur.text
                if assignment:
                    cur.assignment = assignment
        new_par = False
    # items "(1) … (2) … (5) …" followed by one parenthesis: the assignment is the run's, not the last one's
    for i, t in enumerate(tasks):
        if t.assignment and t.kind == "paren":
            j = i - 1
            while j >= 0 and tasks[j].kind == "paren" and tasks[j].assignment is None:
                tasks[j].assignment = t.assignment
                j -= 1
    _share_closing_assignment(tasks)
    for t in tasks:
        t.text = t.text.strip().rstrip(" ;,")
        if t.text.endswith(".") and t.assignment and not t.text.endswith("..."):
            t.text = t.text[:-1]
        if t.assignment:
            t.roles = parse_roles(t.assignment, resolver)
        else:
            t.roles = sentence_roles(t.text, resolver)
    return [t for t in tasks if t.text]


def _heads_a_list(node: Node, resolver: Resolver) -> bool:
    """A long numbered line that assigns nothing, followed by "- …" items that do: the item's title
    (Hải Phòng's "3. Nâng cao chất lượng … từ cơ sở" over five tasks), however long."""
    if not node.body or any(mk is None or mk.kind not in ("bullet", "plus") for mk, _ in node.body):
        return False
    if any(looks_like_assignment(pm.group(1), resolver) for pm in _PAREN.finditer(node.head)):
        return False
    return len(node.head) < 400 and not node.head.rstrip().endswith(";") and all(_PAREN.search(t) for _, t in node.body)


def _share_closing_assignment(tasks: list[TaskDraft]) -> None:
    """Items "- …", "- …", "- … (Công an, Viện kiểm sát … thực hiện)." of which only the last names
    anyone: the closing parenthesis is the whole list's (Hà Nội's II.3, printed (1)…(5) in the source)."""
    if len(tasks) < 2 or tasks[-1].assignment is None or any(t.assignment for t in tasks[:-1]):
        return
    if all(t.kind == "bullet" for t in tasks):
        for t in tasks[:-1]:
            t.assignment = tasks[-1].assignment


def _title_like(head: str) -> bool:
    h = head.strip()
    return bool(h) and len(h) < 260 and not _PAREN.search(h) and not h.endswith((";", ":"))


def _has_assignment(node: Node, resolver: Resolver) -> bool:
    texts = [node.head] + [t for _, t in node.body]
    for t in texts:
        for pm in _PAREN.finditer(t):
            if not _closes(t[pm.end():pm.end() + 4]):
                continue
            if looks_like_assignment(pm.group(1), resolver):
                return True
    return False


def convert_section(node: Node, resolver: Resolver, year: int, top: bool, whole: bool = False,
                    family: bool = False) -> dict:
    """A numbered item → a section (with tasks and subsections) or, for an item of a Roman part that
    holds neither an assignment nor bullets, a task with the printed id."""
    sec: dict = {"id": node.id}
    content = list(node.body)
    if node.children:
        if node.head:
            sec["title"] = node.head.replace("*", "").strip()
        if content:
            # paragraphs before the first child: tasks when they carry assignments, else intro
            tasks = split_tasks(content, resolver, whole)
            if any(t.assignment for t in tasks):
                sec["tasks"] = _tasks(sec["id"], tasks, year)
            else:
                sec["intro"] = [t for _, t in content]
        _convert_items(sec, node.children, resolver, year, whole, family)
        return sec
    bullets = any(mk is not None for mk, _ in content)
    listed = any(mk is not None and mk.kind in ("bullet", "plus") for mk, _ in content)
    if node.kind == "paren" and node.head and listed and _intro_over_list(node, resolver, whole):
        # "(4) Tiếp tục … trên các lĩnh vực:" over "- …" items: the item's intro, as reviewers record it
        sec["intro"] = [node.head.replace("*", "").strip()]
    elif (node.head and listed and (not _ends_sentence(node.head) or _heads_a_list(node, resolver))
            and not _has_assignment(Node(node.id, node.kind, node.head, node.level), resolver)):
        # an item whose words, not ending a sentence, lead a bulleted list is the list's heading
        sec["title"] = node.head.replace("*", "").strip()
    elif node.head and content and _title_like(node.head) and len(node.head) < 200 and (bullets or len(content) >= 1):
        sec["title"] = node.head.replace("*", "").strip()
    else:
        content = [(None, node.head)] + content
    tasks = split_tasks(content, resolver, whole)
    if sec.get("title"):
        ids = heading_body(sec["title"], resolver)
        for t in tasks if ids else []:
            if t.assignment is None and t.roles.empty():
                t.roles = heading_roles(ids, t.text, resolver)
    sec["tasks"] = _tasks(node.id, tasks, year)
    return sec


def _item_drafts(node: Node, resolver: Resolver, whole: bool) -> list[TaskDraft]:
    return split_tasks([(None, node.head)] + list(node.body), resolver, whole)


def _several(node: Node, resolver: Resolver, whole: bool) -> bool:
    """Does the item hold more than one task: a bulleted list, or several assignment parentheses?"""
    if node.children:
        return False
    if any(mk is not None and mk.kind in ("bullet", "plus") for mk, _ in node.body):
        return True
    return sum(1 for t in _item_drafts(node, resolver, whole) if t.assignment) >= 2


def _ends_sentence(head: str) -> bool:
    return head.rstrip(" *”\"").endswith((".", ";", "…"))


def _intro_over_list(node: Node, resolver: Resolver, whole: bool) -> bool:
    """"(4) Tiếp tục … các lĩnh vực:" then "- …" items: the item's own paragraph assigns nothing and
    introduces its list (a section of its own), unlike "(3) … (X thực hiện)" then "- … (Y thực hiện)"."""
    return any(mk is not None for mk, _ in node.body) and \
        not any(t.assignment for t in split_tasks([(None, node.head)], resolver, whole))


def _paren_family(node: Node, resolver: Resolver, whole: bool) -> bool:
    """Parallel items are numbered alike: when one "(n)" item anywhere under ``node`` is cut into several
    tasks by its own assignments, every "(n)" item under ``node`` is a section (II.2.1.3 → tasks
    II.2.1.3.1 …), even one holding a single task."""
    for c in node.children:
        if c.kind == "paren" and not c.children and not _intro_over_list(c, resolver, whole) \
                and sum(1 for t in _item_drafts(c, resolver, whole) if t.assignment) >= 2:
            return True
        if _paren_family(c, resolver, whole):
            return True
    return False


def _convert_items(sec: dict, children: list[Node], resolver: Resolver, year: int, whole: bool,
                   family: bool) -> None:
    """The numbered items under a section. An item "(n)" holding one task is that task, with the printed
    id (a parenthesis closing a run of such items assigns the whole run); one holding several tasks
    (a bulleted list, several assignments), or any of a ``family`` of them, is a section."""
    pending: list[tuple[Node, list[TaskDraft]]] = []

    def flush():
        # "(1) … (2) … (3) … (Công an … thực hiện)": the last item's parenthesis is the run's
        nxt = None
        for _, td in reversed(pending):
            if td and td[-1].assignment:
                nxt = td[-1]
            elif td and nxt is not None:
                td[-1].assignment, td[-1].roles = nxt.assignment, nxt.roles
        for c, td in pending:
            if not td:
                continue
            t = _tasks(sec["id"], td[:1], year)[0]
            t["id"] = c.id
            if len(td) > 1:
                t["text"] = "\n\n".join(x.text for x in td)
            sec.setdefault("tasks", []).append(t)
        pending.clear()

    for c in children:
        if c.kind == "paren" and not family and not c.children and not _several(c, resolver, whole):
            pending.append((c, _item_drafts(c, resolver, whole)))
            continue
        flush()
        _place_children(sec, [convert_section(c, resolver, year, False, whole, family)])
    flush()


def _place_children(sec: dict, kids: list[dict]) -> None:
    for k in kids:
        if "_task" in k:
            sec.setdefault("tasks", []).append(k["_task"])
        else:
            sec.setdefault("sections", []).append(k)


def _tasks(prefix: str, tasks: list[TaskDraft], year: int) -> list[dict]:
    out = []
    for i, t in enumerate(tasks, 1):
        d = {"id": f"{prefix}.{i}", "text": t.text}
        if t.assignment:
            d["assignment"] = t.assignment
        d.update(t.roles.as_dict())
        d.update(time_of(t.text, year))
        refs = document_refs(t.text)
        if refs:
            d["refs"] = refs
        d["_unknown"] = t.roles.unknown
        out.append(d)
    return out


def convert_top(node: Node, resolver: Resolver, year: int, whole: bool = False) -> dict:
    """A Roman part (II, III …) → a section."""
    sec: dict = {"id": node.id}
    if node.head:
        sec["title"] = node.head.replace("*", "").strip()
    if node.body:
        tasks = split_tasks(node.body, resolver, whole)
        if any(t.assignment for t in tasks):
            sec["tasks"] = _tasks(node.id, tasks, year)
        elif not node.children:
            # a part without numbered items (Tổ chức thực hiện printed without its numbers): each
            # paragraph is a task, numbered in order as the printed items would be
            sec["tasks"] = [dict(t, id=f"{node.id}.{i}") for i, t in enumerate(
                _tasks(node.id, split_tasks(node.body, resolver, True), year), 1)]
        else:
            sec["intro"] = [t for _, t in node.body]
    # parallel items are numbered alike: when one leaf item of the part is a sentence that holds several
    # tasks, every leaf item of the part is a section (III.1 → III.1.1, III.2 → III.2.1 …); an item headed
    # by a title or a lead-in ("3. Công an Thành phố …:") over its list does not make the others sections
    leaves_family = any(_several(c, resolver, whole) and _ends_sentence(c.head)
                        for c in node.children if not c.children)
    for c in node.children:
        if not c.children and not _has_assignment(c, resolver) and not any(mk for mk, _ in c.body) \
                and not leaves_family:
            text = clean_space(" ".join([c.head] + [t for _, t in c.body]))
            td = split_tasks([(None, text)], resolver)
            if td:
                t = _tasks(node.id, td[:1], year)[0]
                t["id"] = c.id
                if len(td) > 1:
                    t["text"] = "\n\n".join(x.text for x in td)
                sec.setdefault("tasks", []).append(t)
            continue
        _place_children(sec, [convert_section(c, resolver, year, False, whole,
                                              _paren_family(c, resolver, whole))])
    return sec


# ------------------------------------------------------------------ objectives

def objectives_of(node: Node) -> list[dict]:
    """Objectives I.1, I.2 … (a bullet list under an item: I.1.1, I.1.2 …; other paragraphs kept as
    the item's ``paragraphs``)."""
    out = []
    for c in node.children:
        o = {"id": c.id, "text": c.head.replace("*", "").strip()}
        out.append(o)
        k = 0
        paras = []
        for mk, t in c.body:
            if mk is not None:
                k += 1
                out.append({"id": f"{c.id}.{k}", "text": t})
            else:
                paras.append(t)
        if paras:
            o["paragraphs"] = paras
        for g in c.children:  # numbered sub-items (1.1, a)) of an objective
            out.append({"id": g.id, "text": clean_space(" ".join([g.head] + [t for _, t in g.body]))})
    if not node.children and node.body:
        for i, (_, t) in enumerate(node.body, 1):
            out.append({"id": f"{node.id}.{i}", "text": t})
    return out


# ------------------------------------------------------------------ reporting

_PERIODS = (("6 tháng", "6-months"), ("sáu tháng", "6-months"), ("9 tháng", "9-months"), ("hằng quý", "quarter"),
            ("hàng quý", "quarter"), ("quý", "quarter"), ("hằng tháng", "month"), ("hàng tháng", "month"),
            ("hằng năm", "year"), ("hàng năm", "year"), ("năm", "year"), ("đột xuất", "ad-hoc"))


def reporting_in(section_id: str, text: str, resolver: Resolver, reporters: list[str]) -> list[dict]:
    out = []
    for sent in re.split(r"(?<=[.;])\s+", text):
        f = sent.lower()
        if "báo cáo" not in f or not re.search(r"định kỳ|dinh ky|trước ngày|hằng|hàng|6 tháng|năm", f):
            continue
        periods = []
        for word, code in _PERIODS:
            if code == "year" and word == "năm":
                if re.search(r"\bnăm\b(?!\s*\d)", f) and code not in periods:
                    periods.append(code)
                continue
            if word in f and code not in periods:
                periods.append(code)
        if not periods:
            periods = ["year"] if "định kỳ" in f else []
        dm = re.search(r"(?:trước|trươc)\s+ngày\s+", sent)
        dues = re.findall(r"(\d{1,2})/(\d{1,2})(?![/\d])", sent[dm.end():]) if dm else []
        recipient = None
        rm = re.search(r"(?:báo cáo|gửi|về)\s+(?:kết quả\s+)?(?:về\s+)?((?:[A-ZĐÀ-Ỹ][^,;.()]*?))(?:\s*\(|\s+(?:qua|theo|trước|để)\b|[,;.]|$)",
                       sent)
        if rm:
            recipient = resolver.one(rm.group(1).strip())
        for i, period in enumerate(periods):
            if recipient is None:
                continue
            r = {"period": period, "recipient": recipient}
            if i < len(dues):
                d, mo = int(dues[i][0]), int(dues[i][1])
                if safe_date(2024, mo, d):
                    r["due"] = f"--{mo:02d}-{d:02d}"
            if reporters:
                r["reporters"] = list(reporters)
            r["text"] = clean_space(sent)
            r["section"] = section_id
            out.append(r)
    return out


# ------------------------------------------------------------------ walking the whole body

@dataclass
class Body:
    preamble: list[str] = field(default_factory=list)
    legal_bases: list[dict] = field(default_factory=list)
    objectives: list[dict] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    reporting: list[dict] = field(default_factory=list)
    unknown: list[tuple[str, Unknown]] = field(default_factory=list)   # (task id, name)
    dropped: list[str] = field(default_factory=list)


def _is_objectives(node: Node) -> bool:
    f = fold_keep(node.head)
    return "muc tieu" in f or "yeu cau" in f or "muc dich" in f


def parse_body(paras: list[str], resolver: Resolver, year: int, whole: bool = False) -> Body:
    b = Body()
    preamble, roots = build_tree(paras)
    for p in preamble:
        if len(p) < 60 and (".." in p or "…" in p or not p.rstrip().endswith((":", "."))):
            b.dropped.append(p)
            continue
        b.preamble.append(p)
    seen = set()
    for p in b.preamble:
        for ref in document_refs(p):
            key = (ref["type"], ref["number"])
            if key not in seen:
                seen.add(key)
                b.legal_bases.append(ref)
    for node in roots:
        if _is_objectives(node) and not b.objectives and not b.sections:
            b.objectives = objectives_of(node)
            for o in b.objectives:
                for txt in [o["text"], *o.get("paragraphs", [])]:
                    b.targets.extend(targets_in(txt, o["id"]))
            continue
        b.sections.append(convert_top(node, resolver, year, whole))
    # a percentage a task states is a target too, unless the objectives already state it (a task that
    # repeats "100% xã, phường … phát động phong trào" is the same target, not a second one)
    for sec in b.sections:
        for task in _walk_tasks(sec):
            for t in targets_in(task["text"]):
                if not any(_same_target(t, o) for o in b.targets):
                    b.targets.append(t)
    # reporting: sentences of the last part (Tổ chức thực hiện) and of every task
    for sec in b.sections:
        for task in _walk_tasks(sec):
            who = [i for k in ("lead", "executor") for i in task.get(k, [])]
            b.reporting.extend(reporting_in(task["id"], task["text"], resolver, who))
            for u in task.pop("_unknown", []):
                b.unknown.append((task["id"], u))
    return b


def _walk_tasks(sec: dict):
    yield from sec.get("tasks", [])
    for s in sec.get("sections", []):
        yield from _walk_tasks(s)


def plan_year(title: str | None, date: str | None) -> int:
    for src in (title or "",):
        m = re.search(r"năm\s+(\d{4})|nam\s+(\d{4})", src)
        if m:
            return int(m.group(1) or m.group(2))
    if date:
        return int(date[:4])
    return dt.date.today().year
