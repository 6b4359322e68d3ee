"""The in-memory model every command reads.

Objects are plain dataclasses built from validated YAML. Each keeps the file
and the path of the YAML node it came from, so any field can be located:
``task.at("deadline")`` gives the file, line and column of that value.
"""
from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator


@dataclass(frozen=True)
class Pos:
    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Where:
    """A place in a file not yet turned into line and column: lint resolves many at once,
    reading each file's positions a single time."""

    file: str
    path: tuple
    positions: object = field(repr=False, compare=False)

    def resolve(self, positions=None) -> tuple[int, int]:
        from plans.loading.yamlsafe import unpack

        pmap = self.positions if positions is None else positions
        path = self.path
        while path:
            v = pmap.get(path)
            if v is not None:
                return unpack(v)
            path = path[:-1]
        v = pmap.get(())
        return unpack(v) if v is not None else (1, 1)


@dataclass
class Node:
    """Base of every model object: where it was read from."""

    file: str = field(default="", repr=False, compare=False, kw_only=True)
    path: tuple = field(default=(), repr=False, compare=False, kw_only=True)
    positions: dict = field(default_factory=dict, repr=False, compare=False, kw_only=True)

    @property
    def pos(self) -> Pos:
        return self.at()

    def at(self, *sub) -> Pos:
        """Position of this node or of a field under it (falls back to the nearest parent)."""
        return Pos(self.file, *self.where(*sub).resolve())

    def where(self, *sub) -> Where:
        """Like ``at``, but resolved later (see :class:`Where`)."""
        return Where(self.file, self.path + tuple(sub), self.positions)


def parse_date(s) -> dt.date | None:
    if not s or not isinstance(s, str):
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        return None


@dataclass
class DocRef(Node):
    number: str
    type: str | None = None
    date: str | None = None
    issuer: str | None = None
    title: str | None = None


@dataclass
class Campaign(Node):
    start: dt.date | None
    end: dt.date | None
    name: str | None = None


@dataclass
class Day(Node):
    date: str  # --MM-DD
    name: str

    @property
    def month_day(self) -> tuple[int, int]:
        return int(self.date[2:4]), int(self.date[5:7])


ROLES = ("lead", "partner", "executor", "advisor")


@dataclass
class Task(Node):
    id: str
    text: str
    plan_id: str = ""
    section_id: str = ""
    assignment: str | None = None
    lead: list[str] = field(default_factory=list)
    partner: list[str] = field(default_factory=list)
    executor: list[str] = field(default_factory=list)
    advisor: list[str] = field(default_factory=list)
    deadline: dt.date | None = None
    deadline_text: str | None = None
    recurrence: str | None = None
    campaigns: list[Campaign] = field(default_factory=list)
    days: list[Day] = field(default_factory=list)
    products: list[str] = field(default_factory=list)
    refs: list[DocRef] = field(default_factory=list)
    see: list[str] = field(default_factory=list)
    carries_out: list[str] = field(default_factory=list)  # "plan-id:node-id" of the parent plan's items

    def roles(self) -> Iterator[tuple[str, str, int]]:
        """(role, agency-or-group id, index) for every assignment of this task."""
        for role in ROLES:
            for i, ref in enumerate(getattr(self, role)):
                yield role, ref, i


@dataclass
class Section(Node):
    id: str
    title: str | None = None
    intro: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    sections: list["Section"] = field(default_factory=list)

    def walk(self) -> Iterator["Section"]:
        yield self
        for s in self.sections:
            yield from s.walk()


@dataclass
class Objective(Node):
    id: str
    text: str
    paragraphs: list[str] = field(default_factory=list)
    carries_out: list[str] = field(default_factory=list)


@dataclass
class Target(Node):
    id: str
    text: str
    comparator: str
    threshold: float
    unit: str
    indicator: str | None = None
    direction: str | None = None
    baseline: str | None = None
    objective: str | None = None
    period_start: dt.date | None = None  # a period of its own ("giai đoạn 2025 - 2030"), else the plan's
    period_end: dt.date | None = None
    carries_out: list[str] = field(default_factory=list)


@dataclass
class ReportDuty(Node):
    period: str
    recipient: str
    due: str | None = None
    due_dates: list[str] = field(default_factory=list)
    reporters: list[str] = field(default_factory=list)
    basis: DocRef | None = None
    text: str | None = None
    section: str | None = None


@dataclass
class Footnote(Node):
    n: int
    text: str
    anchor: str | None = None


@dataclass
class Recipient(Node):
    text: str
    agencies: list[str] = field(default_factory=list)
    purpose: str | None = None

    @property
    def line(self) -> str:
        """The line as printed under "Nơi nhận": "Đ/c Thủ tướng Chính phủ (để b/cáo)"."""
        if self.purpose and self.purpose not in self.text:
            return f"{self.text} ({self.purpose})"
        return self.text


@dataclass
class Implements(Node):
    plan: str | None = None
    ref: DocRef | None = None


@dataclass
class Unverified(Node):
    field_: str
    note: str
    read_as: str | None = None


@dataclass
class Plan(Node):
    id: str
    number: str
    issuer: str
    date: dt.date | None
    title: str
    period_start: dt.date | None
    period_end: dt.date | None
    document_type: str = "KẾ HOẠCH"
    date_from: dt.date | None = None  # when the day could not be read: the earliest and latest possible
    date_to: dt.date | None = None
    issuer_parent: str | None = None
    place: str | None = None
    topics: list[str] = field(default_factory=list)
    jurisdiction: str | None = None
    source: dict = field(default_factory=dict)
    preamble: list[str] = field(default_factory=list)
    legal_bases: list[DocRef] = field(default_factory=list)
    implements: list[Implements] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    objective_groups: list[dict] = field(default_factory=list)  # printed headings between objectives: {id, title}
    targets: list[Target] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    reporting: list[ReportDuty] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    recipients: list[Recipient] = field(default_factory=list)
    signer: dict = field(default_factory=dict)
    objectives_title: str | None = None  # part I's heading as printed, when not "MỤC TIÊU, YÊU CẦU"
    unverified: list[Unverified] = field(default_factory=list)
    notes: str | None = None

    def objective_heading(self, objective) -> str | None:
        """The printed heading that opens ``objective``'s group ("1. Mục tiêu, yêu cầu" before I.1.1), when
        ``objective`` is the first of the group; None otherwise."""
        for g in self.objective_groups:
            first = next((o for o in self.objectives if o.id.startswith(g["id"] + ".")), None)
            if first is objective:
                return f"{g['id'].rsplit('.', 1)[-1]}. {g['title']}"
        return None

    @property
    def issued(self) -> dt.date | None:
        """The signing date, or the earliest it can be when the scan does not show the day."""
        return self.date or self.date_from

    def issued_dates(self) -> list[dt.date]:
        """The dates the plan may have been signed on: one, or both ends of the readable range."""
        return [self.date] if self.date else [d for d in (self.date_from, self.date_to) if d]

    def date_label(self) -> str:
        """05/02/2025, or 20–28/02/2025 when only a range is known."""
        if self.date:
            return self.date.strftime("%d/%m/%Y")
        a, b = self.date_from, self.date_to
        if not a or not b:
            return ""
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.day:02d}–{b.strftime('%d/%m/%Y')}"
        return f"{a.strftime('%d/%m/%Y')}–{b.strftime('%d/%m/%Y')}"

    def all_sections(self) -> Iterator[Section]:
        for s in self.sections:
            yield from s.walk()

    def tasks(self) -> Iterator[Task]:
        for s in self.all_sections():
            yield from s.tasks

    def node_ids(self) -> set[str]:
        ids = {o.id for o in self.objectives} | {t.id for t in self.targets}
        for s in self.all_sections():
            ids.add(s.id)
            ids.update(t.id for t in s.tasks)
        return ids

    def find(self, node_id: str):
        for coll in (self.objectives, self.targets):
            for o in coll:
                if o.id == node_id:
                    return o
        for s in self.all_sections():
            if s.id == node_id:
                return s
            for t in s.tasks:
                if t.id == node_id:
                    return t
        return None


@dataclass
class Agency(Node):
    id: str
    name: str
    jurisdiction: str = ""
    short: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None
    level: str | None = None
    type: str | None = None
    groups: list[str] = field(default_factory=list)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: list[str] = field(default_factory=list)
    basis: str | None = None
    note: str | None = None

    is_group = False

    def names(self) -> list[str]:
        return [self.name, *self.short, *self.aliases]

    def existed_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass
class Group(Node):
    id: str
    name: str
    jurisdiction: str = ""
    aliases: list[str] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    open: bool = False
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: list[str] = field(default_factory=list)
    note: str | None = None

    is_group = True
    short: list[str] = field(default_factory=list, repr=False)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    existed_on = Agency.existed_on


@dataclass
class Component(Node):
    id: str
    name: str
    unit: str
    name_en: str | None = None


@dataclass
class Indicator(Node):
    id: str
    name: str
    kind: str  # ratio | change | count | share
    unit: str
    components: list[Component] = field(default_factory=list)
    name_en: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    value: str | None = None
    direction: str | None = None
    responsible: list[str] = field(default_factory=list)
    description: str | None = None

    def component(self, cid: str) -> Component | None:
        return next((c for c in self.components if c.id == cid), None)


def items(xs) -> list:
    """``(index, record)`` of a list of records, skipping the records the schema refused (pruned to None
    by the loader): indexes stay those of the file, so every position still points at its line."""
    return [(i, x) for i, x in enumerate(xs) if x is not None] if isinstance(xs, list) else []


@dataclass
class SourceFile:
    """One file the loader read. Its text lines (for text rules, suppressions and excerpts) are read
    again when asked for, not kept: a national repository's text would double the memory."""

    path: str
    kind: str | None
    refused: bool = False  # not read (not a regular file, a symlink out of the repository, too large…)

    @property
    def lines(self) -> list[str]:
        return [] if self.refused else read_lines(self.path)


def read_lines(path: str) -> list[str]:
    memo = _texts.get()
    if memo is not None:
        file_bytes(path)
        return memo[path][0]
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        return []
    return _read_lines(path, mtime)


# While lint judges a group of files (checks/incremental.py), each file's text is read once for all
# the rules that read text (R007, R008, R030, suppressions) and dropped with the group: path -> (lines,
# bytes). Outside a group a file is read again when asked (its text is not kept with the model).
_texts: ContextVar[dict | None] = ContextVar("plans_group_texts", default=None)


@contextmanager
def texts_kept():
    """Within this block each file's text is read from the disk once."""
    token = _texts.set({})
    try:
        yield
    finally:
        _texts.reset(token)


def file_bytes(path: str) -> bytes | None:
    """The bytes of ``path`` as the loader reads them (a regular file, bounded; ``None`` when it cannot
    be read), from the group's memo when one is kept."""
    memo = _texts.get()
    if memo is not None and path in memo:
        return memo[path][1]
    from plans.loading.yamlsafe import read_bytes

    raw, _ = read_bytes(path)
    if memo is not None:
        memo[path] = (_lines(raw), raw)
    return raw


def _lines(raw: bytes | None) -> list[str]:
    return [] if raw is None else raw.decode("utf-8", errors="replace").splitlines()


@lru_cache(maxsize=4)
def _read_lines(path: str, _mtime_ns: int) -> list[str]:
    from plans.loading.yamlsafe import read_bytes

    raw, _ = read_bytes(path)  # regular files only, bounded: never a FIFO or a device
    return _lines(raw)


@dataclass
class Repository:
    plans: dict[str, Plan] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    files: dict[str, SourceFile] = field(default_factory=dict)
    duplicates: list[tuple[str, Node, Node]] = field(default_factory=list)
    load_findings: list = field(default_factory=list)  # what the loader reported (Y…, S…)
    jurisdiction_names: dict[str, str] = field(default_factory=dict)  # "hp" -> "thành phố Hải Phòng"
    jurisdiction_codes: dict[str, str] = field(default_factory=dict)  # "hp" -> "31" (administrative unit code)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    reports: list = field(default_factory=list)  # periodic reports (kpi), see plans.kpi
    _members: dict = field(default_factory=dict, repr=False)
    _naming: dict | None = field(default=None, repr=False)  # group id -> agencies naming it in their `groups`

    def entity(self, ref: str) -> Agency | Group | None:
        return self.agencies.get(ref) or self.groups.get(ref)

    def name_of(self, ref: str | None) -> str:
        """The official name of an agency or group id; the id itself when it is not registered."""
        ent = self.entity(ref) if ref else None
        return ent.name if ent else (ref or "")

    def names_of(self, refs) -> list[str]:
        return [self.name_of(r) for r in refs]

    def group_members(self, group_id: str) -> set[str]:
        """Agency ids that belong to ``group_id``: declared members, agencies naming the
        group, and members of included groups, transitively."""
        if group_id not in self._members:
            self._members[group_id] = frozenset(self._group_members(group_id))
        return set(self._members[group_id])

    def _group_members(self, group_id: str) -> set[str]:
        seen, todo, out = set(), [group_id], set()
        while todo:
            gid = todo.pop()
            if gid in seen:
                continue
            seen.add(gid)
            g = self.groups.get(gid)
            if g is None:
                continue
            out.update(g.members)
            todo.extend(g.includes)
            out.update(self._named_by().get(gid, ()))
        return out

    def forget_groups(self) -> None:
        """Drop what was worked out about groups: call after adding agencies or groups to a built model."""
        self._members.clear()
        self._naming = None

    def _named_by(self) -> dict[str, list[str]]:
        """Agencies by the groups they name, gathered in one pass (asked once per group it was a pass over
        every agency: 3,000 communes × 350 groups)."""
        if self._naming is None:
            naming: dict[str, list[str]] = {}
            for a in self.agencies.values():
                for gid in a.groups:
                    naming.setdefault(gid, []).append(a.id)
            self._naming = naming
        return self._naming

    def groups_of(self, agency_id: str) -> set[str]:
        """Every group ``agency_id`` belongs to, directly or through an including group."""
        return {gid for gid in self.groups if agency_id in self.group_members(gid)}

    def tasks(self) -> Iterator[Task]:
        for p in self.plans.values():
            yield from p.tasks()
