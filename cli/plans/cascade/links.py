"""Links between a local plan and the plan(s) it carries out.

A task, objective or target of a local plan names what it carries out in the plan above with
``carries_out: ["vn-2025-53-kh-bcd:II.2.a.3"]`` (plan id, a colon, the item's printed number).
The parents of a plan are the plans its ``implements`` names: by id (``implements.plan``), or by a
document reference (``implements.ref``) that may still be a plan of the repository under another
spelling of its number ("19/KH-BCĐ" and "19/KH-BCĐ138/CP" are one document).

Pure functions over the loaded model; no printing, no files.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from plans.loading.model import DocRef, Objective, Plan, Repository, Target, Task

SEP = ":"
KINDS = ("task", "objective", "target")


def parse_link(link) -> tuple[str, str] | None:
    """``"vn-2025-53-kh-bcd:II.2.a.3"`` → ``("vn-2025-53-kh-bcd", "II.2.a.3")``; None when not of that form."""
    if not isinstance(link, str) or link.count(SEP) != 1:
        return None
    plan_id, node_id = link.split(SEP)
    return (plan_id, node_id) if plan_id and node_id else None


def make_link(plan_id: str, node_id: str) -> str:
    return f"{plan_id}{SEP}{node_id}"


def kind_of(node) -> str | None:
    if isinstance(node, Task):
        return "task"
    if isinstance(node, Target):
        return "target"
    if isinstance(node, Objective):
        return "objective"
    return None


def linkable(plan: Plan) -> list:
    """The items of a plan that can carry out, or be carried out: objectives, targets, tasks (in order)."""
    return [*plan.objectives, *plan.targets, *plan.tasks()]


def find_item(plan: Plan, node_id: str):
    """The task, objective or target ``node_id`` of ``plan`` (never a section), or None."""
    return next((n for n in linkable(plan) if n.id == node_id), None)


# ---------------------------------------------------------------- document numbers

_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-", "Đ": "D", "đ": "d"})


def normal_number(number: str | None) -> str:
    """A document number without diacritics, case, spaces or punctuation other than ``/`` and ``-``:
    "19/KH-BCĐ 138/CP" → "19/KH-BCD138/CP". Empty when the number was not readable ("…/KH-BCĐ")."""
    if not isinstance(number, str) or "…" in number or "..." in number:
        return ""
    s = unicodedata.normalize("NFD", number.translate(_DASHES))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").upper()
    s = re.sub(r"^(SO|SỐ)\s*:?\s*", "", s)
    s = re.sub(r"[^0-9A-Z/-]", "", s)
    return s if re.match(r"\d", s) else ""


def same_document(a: str | None, b: str | None, date_a=None, date_b=None) -> bool:
    """Whether two printed numbers name one document. Equal once normalised, or one is the other
    followed by the issuer's qualifier that some writers append ("19/KH-BCĐ" and "19/KH-BCĐ138/CP",
    "53/KH-BCĐ" and "53/KH-BCĐ 138/CP"): the rest starts with a digit or "/", so "19/KH-BCĐTKNQ18" (another
    issuer) stays apart. Two known dates that differ always mean two documents."""
    na, nb = normal_number(a), normal_number(b)
    if not na or not nb:
        return False
    da, db = _day(date_a), _day(date_b)
    if da and db and da != db:
        return False
    if na == nb:
        return True
    short, long_ = sorted((na, nb), key=len)
    rest = long_[len(short):]
    return long_.startswith(short) and bool(rest) and (rest[0].isdigit() or rest[0] == "/")


def _day(v) -> dt.date | None:
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


def plan_for_ref(repo: Repository, ref: DocRef | None, exclude: str | None = None) -> Plan | None:
    """The plan of the repository that ``ref`` cites, recognised by its number (any spelling) and date."""
    if ref is None:
        return None
    for p in repo.plans.values():
        if p.id == exclude:
            continue
        dates = p.issued_dates()
        if same_document(ref.number, p.number) and (
                not _day(ref.date) or not dates or any(_day(ref.date) == d for d in dates)
                or (p.date_from and p.date_to and p.date_from <= _day(ref.date) <= p.date_to)):
            return p
    return None


@dataclass
class Parent:
    """One plan a local plan carries out: in the repository (``plan``), or cited by reference only (``ref``)."""

    plan: Plan | None = None
    ref: DocRef | None = None
    by_ref: bool = False  # named by implements.ref, yet found in the repository under its number

    @property
    def number(self) -> str:
        return self.plan.number if self.plan else (self.ref.number if self.ref else "")


def parents(repo: Repository, plan: Plan) -> list[Parent]:
    """The plans ``plan`` implements, each once, in the order of its ``implements``."""
    out, seen = [], set()
    for imp in plan.implements:
        if imp.plan:
            p = repo.plans.get(imp.plan)
            key = imp.plan
            item = Parent(plan=p) if p else Parent(ref=DocRef(number=imp.plan))
        else:
            p = plan_for_ref(repo, imp.ref, exclude=plan.id)
            key = p.id if p else ("ref", normal_number(imp.ref.number if imp.ref else "") or id(imp))
            item = Parent(plan=p, ref=imp.ref, by_ref=True) if p else Parent(ref=imp.ref)
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out


def children(repo: Repository, plan: Plan) -> list[Plan]:
    """The plans of the repository that implement ``plan`` (by id, or by a reference to its number)."""
    return [p for p in repo.plans.values() if p.id != plan.id
            and any(par.plan is not None and par.plan.id == plan.id for par in parents(repo, p))]


@dataclass
class Links:
    """The links of a local plan towards one parent plan."""

    by_parent: dict[str, list] = field(default_factory=dict)   # parent item id -> local items
    by_local: dict[int, list[str]] = field(default_factory=dict)  # id(local item) -> parent item ids


def links_to(local: Plan, parent_id: str) -> Links:
    out = Links()
    for node in linkable(local):
        for link in node.carries_out:
            parsed = parse_link(link)
            if parsed and parsed[0] == parent_id:
                out.by_parent.setdefault(parsed[1], []).append(node)
                out.by_local.setdefault(id(node), []).append(parsed[1])
    return out
