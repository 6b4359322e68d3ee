"""Periodic reports (kind: Report) in the model."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from plans.loading.model import Node, items, parse_date


@dataclass
class Figure(Node):
    indicator: str
    values: dict = field(default_factory=dict)
    baseline: dict = field(default_factory=dict)
    note: str | None = None


@dataclass
class TaskProgress(Node):
    task: str
    status: str
    done_on: dt.date | None = None
    evidence: str | None = None
    note: str | None = None


@dataclass
class Report(Node):
    plan: str
    period: str
    agency: str
    date: dt.date | None = None
    number: str | None = None
    sample: bool = False
    figures: list[Figure] = field(default_factory=list)
    tasks: list[TaskProgress] = field(default_factory=list)
    notes: dict = field(default_factory=dict)


def build_report(d: dict, path: str, positions: dict) -> Report:
    ctx = {"file": path, "positions": positions}
    return Report(
        plan=d["plan"], period=str(d["period"]), agency=d["agency"], date=parse_date(d.get("date")),
        number=d.get("number"), sample=bool(d.get("sample")),
        figures=[Figure(indicator=f["indicator"], values=dict(f.get("values") or {}),
                        baseline=dict(f.get("baseline") or {}), note=f.get("note"), path=("figures", i), **ctx)
                 for i, f in items(d.get("figures"))],
        tasks=[TaskProgress(task=t["task"], status=t["status"], done_on=parse_date(t.get("done_on")),
                            evidence=t.get("evidence"), note=t.get("note"), path=("tasks", i), **ctx)
               for i, t in items(d.get("tasks"))],
        notes=dict(d.get("notes") or {}), path=(), **ctx)
