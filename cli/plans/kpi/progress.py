"""Task progress from periodic reports, by the Government Office's task-tracking convention:
done on time, done late, in progress within the deadline, overdue."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from plans.loading.model import Plan, Repository, Task
from plans.queries import periods

DONE_ON_TIME, DONE_LATE, IN_PROGRESS, OVERDUE = "done-on-time", "done-late", "in-progress", "overdue"


@dataclass
class Progress:
    state: str
    report: object
    done_on: dt.date | None = None
    evidence: str | None = None
    sample: bool = False


def classify(task: Task, status: str, done_on: dt.date | None, as_of: dt.date) -> str:
    if status == "done":
        if task.deadline and done_on and done_on > task.deadline:
            return DONE_LATE
        return DONE_ON_TIME
    if task.deadline and task.deadline < as_of:
        return OVERDUE
    return IN_PROGRESS


def _period_end(code: str) -> dt.date:
    try:
        return periods.parse(code).end
    except ValueError:
        return dt.date.min


def progress_lookup(repo: Repository):
    """Two functions over the repository's reports:
    ``received(plan, period, agency_id) -> bool`` and
    ``progress(plan, task, agency_id, as_of) -> Progress | None`` (latest report that mentions the task)."""
    by_key: dict[tuple[str, str, str], list] = {}
    latest: dict[tuple[str, str, str], tuple] = {}
    for r in repo.reports:
        by_key.setdefault((r.plan, r.period, r.agency), []).append(r)
        end = _period_end(r.period)
        for tp in r.tasks:
            key = (r.plan, tp.task, r.agency)
            if key not in latest or end >= latest[key][0]:
                latest[key] = (end, r, tp)

    def received(plan: Plan, period, agency_id: str) -> bool:
        return (plan.id, period.code, agency_id) in by_key

    def progress(plan: Plan, task: Task, agency_id: str, as_of: dt.date) -> Progress | None:
        hit = latest.get((plan.id, task.id, agency_id))
        if not hit:
            return None
        _, report, tp = hit
        return Progress(classify(task, tp.status, tp.done_on, as_of), report, tp.done_on, tp.evidence, report.sample)

    return received, progress
