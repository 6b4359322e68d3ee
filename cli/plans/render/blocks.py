"""What the documents print, decided once for DOCX and Markdown alike: the signature block's lines, the
recipients' punctuation, the item labels (1., a), -), the objectives' heading, the report's number.

Nothing here formats: the renderers take these lines and lay them out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
AUTHORITIES = ("KT.", "TM.", "TL.", "TUQ.", "Q.")
DEFAULT_OBJECTIVES_TITLE = "MỤC TIÊU, YÊU CẦU"


@dataclass
class Signature:
    """A signature block as printed: authority lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), the
    signer's title ("PHÓ CHỦ TỊCH"), then, below the space for the signature and seal, the signer's own
    office when printed ("BỘ TRƯỞNG BỘ CÔNG AN") and the name line ("Đại tướng Lương Tam Quang")."""

    authority: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    name: str = ""
    below: list[str] = field(default_factory=list)

    @property
    def heading(self) -> list[str]:
        return [*self.authority, *self.titles]

    @property
    def lines(self) -> list[str]:
        """Every line the column must hold on one line."""
        return [*self.heading, *self.below, self.name]


def signature(signer) -> Signature:
    """The printed lines of a signer: a plan's or office.yaml's mapping (``authority``/``on_behalf_of`` or
    a ``chain`` of them, ``title``, ``extra_title``, ``rank``, ``name``), or plain text ("Nguyễn Văn A",
    or lines "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn A" separated by new lines or " / ")."""
    if not signer:
        return Signature()
    if isinstance(signer, str):
        lines = [x.strip() for x in re.split(r"\n|\s/\s", signer) if x.strip()]
        if not lines:
            return Signature()
        *head, name = lines
        auth = [x for x in head if x.upper().startswith(AUTHORITIES)]
        return Signature(auth, [x for x in head if x not in auth], name)
    s = {k: v for k, v in signer.items() if isinstance(v, (str, list))}
    chain = [c for c in s.get("chain") or [] if isinstance(c, dict)]
    if not chain and (s.get("authority") or s.get("on_behalf_of")):
        chain = [{"authority": s.get("authority", ""), "on_behalf_of": s.get("on_behalf_of", "")}]
    auth = [" ".join(x for x in (str(c.get("authority") or ""), str(c.get("on_behalf_of") or "")) if x)
            for c in chain]
    titles = [str(s["title"])] if s.get("title") else []
    below = [str(s["extra_title"])] if s.get("extra_title") else []
    name = " ".join(str(s[k]) for k in ("rank", "name") if s.get(k))
    return Signature([a for a in auth if a], titles, name, below)


def recipient_lines(lines: list[str]) -> list[str]:
    """Nơi nhận as Nghị định 30/2020 writes it: "- " before each line, ";" after each but the last, "."
    after the last ("Lưu: VT, NC."). What the source already punctuates is kept."""
    out = []
    items = [re.sub(r"^[-–]\s*", "", x.strip()) for x in lines if x and x.strip()]
    for i, text in enumerate(items):
        last = i == len(items) - 1
        if last:
            if text.endswith(";"):
                text = text[:-1] + "."
            elif not text.endswith((".", "/")):
                text += "."
        elif not text.endswith((";", ",", ":", ".")):
            text += ";"
        out.append(f"- {text}")
    return out


def _numbers(node_id: str) -> list[str]:
    """The numbered parts of an id after its Roman part that end it: II.2.1 → ["2", "1"], II.1.a.1 → ["1"]."""
    parts = node_id.split(".")
    out: list[str] = []
    for part in reversed(parts[1:] if parts[0] in ROMAN else parts):
        if not part.isdigit():
            break
        out.insert(0, part)
    return out


def label(node_id: str) -> str:
    """The printed label of a numbered item, as Vietnamese plans number them: "I.", "2.", "a)"; an item
    numbered under a numbered item prints both numbers ("2.1." for II.2.1), one level deeper is "(1)"
    (II.2.1.1), as the sources print it."""
    parts = node_id.split(".")
    last = parts[-1]
    if last in ROMAN and len(parts) == 1:
        return f"{last}."
    if last.isdigit():
        nums = _numbers(node_id)
        if len(nums) == 2 and len(parts) == 3:
            return ".".join(nums) + "."
        if len(nums) >= 3:
            return f"({last})"
        return f"{last}."
    if last in ROMAN:
        return f"{last}."
    if re.fullmatch(r"[a-zđ]", last):
        return f"{last})"
    return ""


def objective_label(obj, ids: set[str]) -> str:
    """An objective's label: "1." for I.1; "-" for an item under a numbered objective or heading
    (I.3.1 under "3. … Các chỉ tiêu chủ yếu:", Hà Nội's I.1.1 under "1. Mục tiêu, yêu cầu"), as printed."""
    printed = getattr(obj, "label", None)
    if printed is not None:
        return printed
    return "-" if obj.id.count(".") >= 2 else label(obj.id)


def task_label(section, index: int, task) -> str:
    """A task's label as printed: the first task of an untitled item carries the item's label ("a)",
    "3."); the others are "-" items, but the numbered items right under a part ("1." under "III.")."""
    printed = getattr(task, "label", None)
    if printed is not None:
        return printed
    if not section.title and index == 0 and not getattr(section, "intro", None):
        return label(section.id)
    last = task.id.split(".")[-1]
    if section.id in ROMAN and task.id == f"{section.id}.{last}":
        return label(task.id)
    if last.isdigit() and len(_numbers(section.id)) == 2 and section.id.count(".") == 2:
        return f"({last})"  # a task numbered under "2.1." (Hà Nội's II.2.1.1 prints "(1)")
    if re.fullmatch(r"[a-zđ]", last):
        return label(task.id)
    return "-"


def objectives_title(plan) -> str:
    """Part I's heading as the plan printed it ("MỤC TIÊU, YÊU CẦU", "MỤC ĐÍCH, YÊU CẦU" …)."""
    return getattr(plan, "objectives_title", None) or DEFAULT_OBJECTIVES_TITLE


def number_suffix(plan_number: str) -> str:
    """The issuing body's abbreviation from a plan number: "53/KH-BCĐ" → "BCĐ", "133/KH-UBND" → "UBND"."""
    m = re.search(r"/[A-ZĐ]+-(.+)$", plan_number or "")
    return m.group(1).strip() if m else ""


def report_number(plan_number: str) -> str:
    """The report's default number: left blank for the clerk, with the type and the body's
    abbreviation ("     /BC-BCĐ"), never a dangling "/BC-"."""
    suffix = number_suffix(plan_number)
    return f"…/BC-{suffix}" if suffix else "…/BC"


def shorten(text: str, limit: int = 200) -> str:
    """``text`` cut at a word boundary, with "…", when longer than ``limit`` characters."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit + 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"
