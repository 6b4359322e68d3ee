"""Assignments: the parenthesis after a task ("Công an thành phố chủ trì, phối hợp với Sở Tư pháp, …
thực hiện") and the sentence forms of section III ("Công an thành phố … chịu trách nhiệm", "giao …",
"… tham mưu") → roles (lead, partner, executor, advisor) with registry ids (docs/DATA.md, Roles)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from plans.importer.names import Resolver, Unknown
from plans.importer.vntext import fold_keep

ROLE_KEYS = ("lead", "partner", "executor", "advisor")

# keywords in folded text, longest first
# "thực hiện" as OCR leaves it when the restoration missed it ("thwec hiện", "thyc hiện")
_THUC = r"(?:thuc|thyc|thw\w{1,2}) hien"
_KW = re.compile(rf"\b(chu tri|phoi hop voi|phoi hop|tham muu|trien khai {_THUC}|to chuc {_THUC}|{_THUC}|"
                 r"trien khai|chiu trach nhiem)\b")
_EXAMPLES = re.compile(r"\s*(?:như|nhu|ví dụ|vi du|nhất là|nhat la|bao gồm|bao gom|trong đó|trong do)\s*[:,]")
_ROLE_HINT = re.compile(rf"\b(chu tri|phoi hop|{_THUC}|tham muu|trien khai|chiu trach nhiem)\b")


@dataclass
class Roles:
    lead: list[str] = field(default_factory=list)
    partner: list[str] = field(default_factory=list)
    executor: list[str] = field(default_factory=list)
    advisor: list[str] = field(default_factory=list)
    unknown: list[Unknown] = field(default_factory=list)

    def add(self, role: str, ids: list[str]) -> None:
        lst = getattr(self, role)
        for i in ids:
            if i not in lst:
                lst.append(i)

    def as_dict(self) -> dict:
        return {k: list(getattr(self, k)) for k in ROLE_KEYS if getattr(self, k)}

    def empty(self) -> bool:
        return not any(getattr(self, k) for k in ROLE_KEYS)


def looks_like_assignment(inner: str, resolver: Resolver | None) -> bool:
    """Is the parenthesis content an assignment? A role word, or a list of names the registry knows."""
    f = fold_keep(inner)
    if _EXAMPLES.match(inner.lower()) or inner.rstrip().endswith(("...", "…")):
        return False  # "(như: … thực hiện chính sách …)": examples, not who does the task
    if _ROLE_HINT.search(f):
        return True
    if resolver is None or len(inner) > 200 or re.search(r"\d{2,}|/", inner):
        return False
    nl = resolver.names(inner)
    return bool(nl.ids) and not nl.unknown


def parse_roles(text: str, resolver: Resolver) -> Roles:
    """Roles from an assignment text (without the brackets)."""
    roles = Roles()
    text = re.sub(r"(?<=\w)[\"'’”“](?=\w)", "", text)  # a speck OCR read as a quote inside a word ("phố\"i")
    for clause in _join_bare_names(re.split(r";", text)):
        _clause(clause, resolver, roles)
    return roles


def _join_bare_names(clauses: list[str]) -> list[str]:
    """"Sở Văn hóa - Thể thao; Sở Du lịch chủ trì, phối hợp …": a clause of names alone, before a clause
    that says what they do, shares that clause's role (joined with a comma)."""
    out: list[str] = []
    pending = ""
    for c in clauses:
        if not _KW.search(fold_keep(c)) and c.strip():
            pending = f"{pending}, {c.strip()}" if pending else c.strip()
            continue
        out.append(f"{pending}, {c.strip()}" if pending else c)
        pending = ""
    if pending:
        out.append(pending)
    return out


def _clause(clause: str, resolver: Resolver, roles: Roles) -> None:
    f = fold_keep(clause)
    segs: list[tuple[str, str]] = []  # (kind, text): kind "names" or a keyword
    last = 0
    for m in _KW.finditer(f):
        segs.append(("names", clause[last:m.start()]))
        segs.append((m.group(1), ""))
        last = m.end()
    segs.append(("names", clause[last:]))
    kws = [k for k, _ in segs if k != "names"]
    has_lead = "chu tri" in kws
    consumed_lead: list[str] = []

    def names(i: int):
        if 0 <= i < len(segs) and segs[i][0] == "names":
            nl = resolver.names(segs[i][1])
            roles.unknown.extend(nl.unknown)
            return nl.ids
        return []

    used = set()
    for i, (kind, _) in enumerate(segs):
        if kind == "names":
            continue
        before = i - 1
        after = i + 1
        if kind == "chu tri":
            ids = names(before)
            used.add(before)
            roles.add("lead", ids)
            consumed_lead = ids
        elif kind.startswith("phoi hop"):
            b = names(before) if before not in used else []
            used.add(before)
            a = names(after)
            used.add(after)
            if b and has_lead and not a:
                roles.add("partner", b)            # A chủ trì, B phối hợp (thực hiện)
            elif b and not has_lead:
                roles.add("executor", b)           # A phối hợp B thực hiện
                roles.add("partner", a)
            else:
                roles.add("partner", a)            # A chủ trì, phối hợp B
        elif kind == "tham muu":
            if before in used or not segs[before][1].strip(" ,"):
                roles.add("advisor", consumed_lead)   # "A chủ trì tham mưu …"
            else:
                roles.add("advisor", names(before))
            used.add(before)
        else:  # thực hiện, triển khai, chịu trách nhiệm
            if before not in used:
                ids = names(before)
                used.add(before)
                roles.add("lead" if kind == "chiu trach nhiem" else "executor", ids)
    # trailing names with no keyword after them ("(Các bộ, ngành, địa phương)")
    for i, (kind, txt) in enumerate(segs):
        if kind == "names" and i not in used and txt.strip(" ,.;"):
            if i == len(segs) - 1 and i > 0:
                continue  # words after the last keyword ("thực hiện có hiệu quả") are no names
            roles.add("executor", names(i))


# sentence forms (section III and tasks without a parenthesis)
_SUBJECT = re.compile(r"^(?P<who>[^.;:]{3,160}?)\s+(?P<kw>chịu trách nhiệm|chiu trach nhiem|chủ trì|chu tri|"
                      r"tham mưu|tham muu)\b", re.I)
_GIAO = re.compile(r"\b(?:giao|đề nghị|de nghi|yêu cầu|yeu cau)\s+(?P<who>[^.;:]{3,160}?)\s+"
                   r"(?P<kw>chủ trì|chu tri|thực hiện|thuc hien|triển khai|trien khai|căn cứ|can cu|tổ chức|to chuc|"
                   r"chịu trách nhiệm|chiu trach nhiem|c\w{1,2} trách nhiệm|tham mưu|tham muu|xây dựng|xay dung|theo)\b",
                   re.I)
_STARTS = re.compile(r"^(?P<who>(?:Các|Cac)\s[^.;:]{3,120}?|[^.;:]{3,80}?)\s+(?:theo (?:chức năng|nhiệm vụ)|căn cứ|"
                     r"can cu|có trách nhiệm|co trach nhiem|thực hiện|thuc hien|triển khai|trien khai|tổ chức|to chuc)\b")


def _standing_body(who: str, kw: str, text: str, ids: list[str], roles: Roles) -> None:
    """The standing body's sentence of Tổ chức thực hiện ("X chịu trách nhiệm theo dõi, hướng dẫn …;
    kịp thời tham mưu …"; "Giao X có trách nhiệm tham mưu …") both leads and advises: the role pair the
    reviewed plans give it."""
    if kw.startswith("chiu") and re.search(r"\btham muu\b", text):
        roles.add("advisor", ids)
    elif kw.startswith("tham") and re.search(r"\b(co|chiu) trach nhiem\s*$", who):
        roles.add("lead", ids)


# "Căn cứ … Kế hoạch này, các sở, ban, ngành … xây dựng kế hoạch …" (Căn as OCR leaves it: "Căn ct",
# "Căn ¢"); "Định kỳ, các sở, ban, ngành … báo cáo …": the subject after the opening clause carries it out
_CAN_CU_VERB = r"(?:theo chức năng|căn cứ|xây dựng|có kế hoạch|ban hành|tổ chức|triển khai|chủ động)\b"
_PERIODIC_VERB = r"(?:báo cáo|gửi báo cáo|tổng hợp)\b"
_CAN_CU = re.compile(r"^\s*C[aă]n\b[^.]{0,400}?\b(?:[Kk]ế hoạch|[Kk]e hoach) (?:này|nay)\s*,\s*(?P<who>[^.]{3,300}?)\s+"
                     + _CAN_CU_VERB)
_PERIODIC = re.compile(r"^\s*(?:Định kỳ|Hằng năm|Hàng năm|Hằng quý)[^,.]{0,40},\s*(?P<who>[^.;:]{3,200}?)\s+"
                       + _PERIODIC_VERB)
_VERBS = {_CAN_CU: re.compile(r"\s" + _CAN_CU_VERB), _PERIODIC: re.compile(r"\s" + _PERIODIC_VERB)}


def _longest_subject(form: re.Pattern, text: str, m: re.Match, resolver: Resolver):
    """The subject a lazy ``form`` matched ends at its first verb-like word, which may be a word of a
    name ("các ban, sở, ngành, tổ chức đoàn thể có liên quan, UBND các quận … có kế hoạch"): a longer
    subject ending before a later such word, whose words are all names and that names more bodies, wins."""
    best = resolver.names(m.group("who"))
    if best.unknown:
        return best
    start = m.start("who")
    for v in _VERBS[form].finditer(text, m.end("who")):
        who = text[start:v.start()].strip()
        if any(c in who for c in ".;:") or len(who) > 300:
            break
        nl = resolver.names(who)
        if not nl.unknown and len(nl.ids) > len(best.ids):
            best = nl
    return best


def sentence_roles(text: str, resolver: Resolver) -> Roles:
    """Roles read from a task's own sentence when it has no parenthesis."""
    roles = Roles()
    for form in (_CAN_CU, _PERIODIC):
        m = form.match(text)
        if m:
            nl = _longest_subject(form, text, m, resolver)
            if nl.ids:
                roles.add("executor", nl.ids)
                roles.unknown.extend(nl.unknown)
                return roles
    first = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0]
    m = _SUBJECT.match(first)
    if m:
        nl = resolver.names(re.sub(r"\s-\s", ", ", m.group("who")))
        if nl.ids:
            kw = fold_keep(m.group("kw"))
            roles.add("advisor" if kw.startswith("tham") else "lead", nl.ids)
            _standing_body(fold_keep(m.group("who")), kw, fold_keep(text), nl.ids, roles)
            return roles
    m = _GIAO.search(first)
    if m:
        nl = resolver.names(m.group("who"))
        if nl.ids:
            kw = fold_keep(m.group("kw"))
            # "giao X chủ trì", "giao X chịu (có) trách nhiệm …": X leads; otherwise X carries it out
            roles.add("lead" if kw == "chu tri" or "trach nhiem" in kw else "executor", nl.ids)
            return roles
    m = _STARTS.match(first)
    if m:
        nl = resolver.names(m.group("who"))
        if nl.ids and not nl.unknown:
            roles.add("executor", nl.ids)
    return roles


# a heading naming the body that does the tasks beneath it ("3. Công an Thành phố, Cơ quan thường trực Ban
# chỉ đạo 138/TP:"): an apposition after the body's name says in which capacity it acts, not another body
_CAPACITY = re.compile(r"^\s*(?:cơ quan|co quan|thường trực|thuong truc)\s+(?:thường trực|thuong truc|chủ trì|chu tri|"
                       r"chuyên trách|chuyen trach|của|cua)\b", re.I)
_HEAD_LEAD = re.compile(r"^\s*(?:chiu trach nhiem|chu tri)\b")
_PARTNER_AT = re.compile(r"\bphoi hop(?: voi| cung)?\s+")


def heading_body(title: str, resolver: Resolver) -> list[str]:
    """The bodies a heading over tasks names, when it is nothing but their names and ends with ":"
    ("Công an Thành phố, Cơ quan thường trực Ban chỉ đạo 138/TP:"); else []."""
    t = (title or "").strip()
    if not t.endswith(":") or len(t) > 200:
        return []
    pieces = [p for p in t[:-1].split(",") if p.strip()]
    while len(pieces) > 1 and _CAPACITY.match(pieces[-1]):
        pieces.pop()
    nl = resolver.names(",".join(pieces))
    return nl.ids if nl.ids and not nl.unknown else []


def heading_roles(ids: list[str], text: str, resolver: Resolver) -> Roles:
    """A task under a heading naming ``ids``, its sentences without a subject ("Chịu trách nhiệm theo
    dõi …", "Phối hợp với Ban thi đua khen thưởng … tham mưu khen thưởng …"): ``ids`` lead when the task
    opens with "chịu trách nhiệm"/"chủ trì", else carry it out; they advise when it says "tham mưu";
    the names after "phối hợp (với)", as far as they are names, are partners."""
    roles = Roles()
    f = fold_keep(text)
    roles.add("lead" if _HEAD_LEAD.match(f) else "executor", ids)
    if re.search(r"\btham muu\b", f):
        roles.add("advisor", ids)
    for m in _PARTNER_AT.finditer(f):
        roles.add("partner", [i for i in _leading_names(text[m.end():], resolver) if i not in ids])
    return roles


def _leading_names(text: str, resolver: Resolver) -> list[str]:
    """The names a text starts with: its longest run of words, up to a stop, that is wholly names."""
    head = re.split(r"[.;:()]", text, maxsplit=1)[0]
    words = head.split()
    for n in range(min(len(words), 24), 0, -1):
        nl = resolver.names(" ".join(words[:n]))
        if nl.ids and not nl.unknown:
            return nl.ids
    return []
