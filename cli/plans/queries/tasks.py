"""Task and plan listings with filters (the API behind ``plans tasks`` and ``plans plans``)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from plans.loading.model import Plan, Repository, Task
from plans.text import fold, vi_key


@dataclass
class TaskRow:
    plan: Plan
    task: Task
    role: str | None = None
    via: str | None = None


def find_tasks(repo: Repository, plan: str | None = None, agency: str | None = None, role: str | None = None,
               section: str | None = None, due_before: dt.date | None = None, due_after: dt.date | None = None,
               recurring: bool | None = None, text: str | None = None) -> list[TaskRow]:
    """Tasks matching every filter given. ``agency`` counts assignments through groups;
    ``text`` ignores diacritics and case; ``section`` is an id prefix ("II.2")."""
    reach = {}
    if agency:
        from plans.queries.status import _reach

        reach = _reach(repo, agency)
    needle = fold(text) if text else None
    out = []
    for p in repo.plans.values():
        if plan and p.id != plan:
            continue
        for task in p.tasks():
            if section and not (task.id == section or task.id.startswith(section + ".")):
                continue
            if due_before and not (task.deadline and task.deadline <= due_before):
                continue
            if due_after and not (task.deadline and task.deadline >= due_after):
                continue
            if recurring is not None and bool(task.recurrence) != recurring:
                continue
            if needle and needle not in fold(task.text + " " + (task.assignment or "")):
                continue
            if agency or role:
                hits = [(r, ref) for r, ref, _ in task.roles() if (not agency or ref in reach) and (not role or r == role)]
                if not hits:
                    continue
                r, ref = hits[0]
                out.append(TaskRow(p, task, r, reach.get(ref, (None,))[0] if agency else None))
            else:
                out.append(TaskRow(p, task))
    return out


def list_plans(repo: Repository) -> list[Plan]:
    return sorted(repo.plans.values(), key=lambda p: (p.issued or dt.date.min, p.id))


def list_agencies(repo: Repository, search: str | None = None, jurisdiction: str | None = None,
                  groups: bool = True):
    ents = [*repo.agencies.values(), *(repo.groups.values() if groups else [])]
    if jurisdiction:
        ents = [e for e in ents if e.jurisdiction == jurisdiction]
    if search:
        q = fold(search)
        ents = [e for e in ents if any(q in fold(n) for n in (e.id, *e.names()))]
    return sorted(ents, key=lambda e: vi_key(e.name))
