"""Task progress from periodic reports, by the Government Office's task-tracking convention:
done on time, done late, in progress within the deadline, overdue."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from plans.loading.model import Plan, Task
from plans.loading.view import as_view
from plans.queries import periods

DONE_ON_TIME, DONE_LATE, IN_PROGRESS, NOT_BEGUN, OVERDUE = (
    "done-on-time", "done-late", "in-progress", "not-begun", "overdue")


@dataclass
class Progress:
    state: str
    report: object
    done_on: dt.date | None = None
    evidence: str | None = None
    sample: bool = False


def classify(task: Task, status: str, done_on: dt.date | None, as_of: dt.date) -> str:
    """A reported task's state on ``as_of``. Work finished after ``as_of`` was still in progress then;
    work reported as not started is never shown as in progress."""
    if status == "done" and done_on and done_on > as_of:
        status = "in-progress"
    if status == "done":
        if task.deadline and done_on and done_on > task.deadline:
            return DONE_LATE
        return DONE_ON_TIME
    if task.deadline and task.deadline < as_of:
        return OVERDUE
    return NOT_BEGUN if status == "not-started" else IN_PROGRESS


def _period_end(code: str) -> dt.date:
    try:
        return periods.parse(code).end
    except ValueError:
        return dt.date.min


def progress_lookup(view, as_of: dt.date | None = None):
    """Two functions over the reports received by the view's day (a :class:`~plans.loading.view.View`,
    or a repository and ``as_of``):
    ``received(plan, period, agency_id) -> bool`` and
    ``progress(plan, task, agency_id, on=None) -> Progress | None`` (the latest received report that
    mentions the task, its state judged on the view's day, or on ``on`` when given: a report form judges
    what it lists at the end of its period)."""
    view = as_view(view, as_of)
    latest: dict[tuple[str, str, str], tuple] = {}
    for r in view.reports:
        end = _period_end(r.period)
        for tp in r.tasks:
            key = (r.plan, tp.task, r.agency)
            if key not in latest or end >= latest[key][0]:
                latest[key] = (end, r, tp)

    def progress(plan: Plan, task: Task, agency_id: str, on: dt.date | None = None) -> Progress | None:
        hit = latest.get((plan.id, task.id, agency_id))
        if not hit:
            return None
        _, report, tp = hit
        return Progress(classify(task, tp.status, tp.done_on, on or view.as_of), report, tp.done_on, tp.evidence,
                        report.sample)

    return view.received, progress
