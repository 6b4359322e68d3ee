"""What ``plans diff`` finds: change records, warnings, load problems, per-agency impact.

Plain data, no wording: the output layer (``plans.output.diff_text``) says each record in Vietnamese or
English, as terminal text, Markdown or JSON. ``Change.kind`` is a stable code (listed in ``KINDS``) and
``before``/``after`` hold plain values (strings, numbers, lists), so a record is its own JSON.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import field as _field

# Every kind of change record, in the order the outputs list them.
KINDS = (
    "plan.added", "plan.removed", "plan.unloaded", "plan.field",
    "objective.added", "objective.removed", "objective.text",
    "target.added", "target.removed", "target.goal", "target.field",
    "section.added", "section.removed", "section.moved", "section.title",
    "task.added", "task.removed", "task.moved", "task.renumbered", "task.role", "task.deadline",
    "task.recurrence", "task.campaigns", "task.days", "task.text", "task.assignment", "task.field",
    "reporting.added", "reporting.removed", "reporting.field",
    "registry.added", "registry.removed", "registry.renamed", "registry.replaced", "registry.field",
    "indicator.added", "indicator.removed", "indicator.field",
    "report.added", "report.removed", "report.figure", "report.task", "report.field",
)


@dataclass
class Change:
    kind: str
    plan: str | None = None          # plan id (for registry/indicator records: None)
    id: str | None = None            # node id (task, target, section…), agency, indicator, or report key
    field: str | None = None         # the field changed (role, deadline, threshold …)
    before: object = None
    after: object = None
    detail: dict = _field(default_factory=dict)
    file: str | None = None          # where it is, relative to the repository (head side, else base)
    line: int | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        return {k: v for k, v in d.items() if v not in (None, {}, [])} | {"kind": self.kind}


@dataclass
class Warning:
    """Something a reviewer must look at although the data loads: e.g. a target's threshold changed while
    the printed text of the target or its objective still says the old figure."""

    code: str
    plan: str | None
    id: str | None
    args: dict = _field(default_factory=dict)
    file: str | None = None
    line: int | None = None

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, {})}


@dataclass
class Problem:
    """A file that did not load (cleanly) on one side: its loader finding."""

    side: str          # "base" or "head"
    file: str          # relative path
    line: int
    col: int
    code: str
    finding: object = _field(repr=False, compare=False, default=None)

    def to_dict(self, lang: str = "vi") -> dict:
        msg = self.finding.message(lang) if self.finding is not None else self.code
        return {"side": self.side, "file": self.file, "line": self.line, "column": self.col, "code": self.code,
                "message": msg}


@dataclass
class Obligation:
    plan: str
    task: str
    role: str
    via: str | None = None
    via_kind: str | None = None
    deadline: str | None = None   # ISO date


@dataclass
class AgencyImpact:
    agency: str
    name: str
    gained: list[Obligation] = _field(default_factory=list)
    lost: list[Obligation] = _field(default_factory=list)
    role_changed: list[dict] = _field(default_factory=list)    # {plan, task, before, after}
    deadline_moved: list[dict] = _field(default_factory=list)  # {plan, task, before, after}
    reports_gained: list[dict] = _field(default_factory=list)  # {plan, period, due, recipient}
    reports_lost: list[dict] = _field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.gained or self.lost or self.role_changed or self.deadline_moved or self.reports_gained
                    or self.reports_lost)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class DiffResult:
    changes: list[Change] = _field(default_factory=list)
    warnings: list[Warning] = _field(default_factory=list)
    problems: list[Problem] = _field(default_factory=list)
    impact: list[AgencyImpact] = _field(default_factory=list)
    base_label: str = ""
    head_label: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def of_kind(self, *kinds: str) -> list[Change]:
        return [c for c in self.changes if c.kind in kinds]
