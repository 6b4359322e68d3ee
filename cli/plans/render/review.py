"""What a document would print that nobody has verified: the plan's ``unverified`` values (read on a
blurred scan) and what is left blank ("Số: …", "ngày …", a signer without a title or name).

``render`` warns about each before the document is signed and sent; with ``--draft`` the document
prints them marked. Each finding names where it prints (``key``: "number", "date", "place",
"signer.title", "signer.name", "recipients", "footnotes" or the id of an objective, item or task).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from plans.render import blocks

BLANK = "blank"


@dataclass(frozen=True)
class Unchecked:
    key: str          # where the document prints it
    field: str        # the data field ("number", "signer.name", "II.3.1.campaigns") or what is blank
    printed: str      # what the document prints there
    reason: str       # the unverified note, or BLANK
    where: str = ""   # file:line of the unverified entry

    @property
    def blank(self) -> bool:
        return self.reason == BLANK


def _key(plan, field: str) -> str:
    """Where an ``unverified`` field prints: a plan field, or the longest node id it starts with."""
    head = re.split(r"[.\[]", field, maxsplit=1)[0]
    if head in ("number", "date", "date_range", "place", "document_type", "title"):
        return {"date_range": "date"}.get(head, head)
    if head == "signer":
        return "signer.name" if "name" in field else "signer.title"
    if head in ("recipients", "footnotes", "reporting", "sections", "targets", "objectives"):
        return head
    ids = plan.node_ids()
    parts = field.split(";")[0].strip().split(".")
    for n in range(len(parts), 0, -1):
        cand = ".".join(parts[:n])
        if cand in ids:
            return cand
    return field


def plan_review(plan) -> list[Unchecked]:
    """Every unverified or blank value a rendered plan prints, in document order (header first)."""
    sig = blocks.signature(plan.signer)
    out: list[Unchecked] = []
    for u in plan.unverified:
        key = _key(plan, u.field_)
        printed = {"number": plan.number, "date": plan.date_label(), "signer.name": sig.name,
                   "signer.title": " / ".join(sig.heading), "place": plan.place or ""}.get(key, "")
        where = f"{u.pos.file}:{u.pos.line}"
        out.append(Unchecked(key, u.field_, printed, u.note, where))
        if u.field_ == "signer":
            out.append(Unchecked("signer.name", u.field_, sig.name, u.note, where))
    out += blanks(plan.number, plan.date or None, sig, has_range=bool(plan.date_from))
    return _dedupe(out)


def blanks(number: str, date, sig: blocks.Signature, has_range: bool = False) -> list[Unchecked]:
    """The header and signature values left blank: "Số: …/BC-…", no date, no title, no name."""
    out = []
    if not number or "…" in number or "..." in number:
        out.append(Unchecked("number", "number", number or "", BLANK))
    if date is None:
        out.append(Unchecked("date", "date", "ngày …", BLANK))
    if not sig.heading:
        out.append(Unchecked("signer.title", "signer.title", "", BLANK))
    if not sig.name or set(sig.name) <= set("…. "):
        out.append(Unchecked("signer.name", "signer.name", sig.name, BLANK))
    return out


def _dedupe(items: list[Unchecked]) -> list[Unchecked]:
    seen, out = set(), []
    for u in items:
        k = u.key  # one warning per place in the document
        if k not in seen:
            seen.add(k)
            out.append(u)
    return out
