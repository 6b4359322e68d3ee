"""The repository as it stood on one day: the object every as-of query receives.

A :class:`View` pairs the loaded :class:`~plans.loading.model.Repository` with the as-of day and
exposes only what was known that day. Status, KPI attainment, report rendering, the tracker and the
site all read periodic reports through ``view.reports``, so none of them can see a report from the
future by forgetting the date:

- a report counts from the day it was signed (``date``); an undated one from the close of its period's
  data window (Nghị định 09/2019/NĐ-CP, Điều 12). Plans set report deadlines before that close (Huế's
  6-month report is due on 12/06, the window closes on 14/06), so a report sent on time counts on time;
  figures of a period whose window is still open are marked provisional by the KPI layer;
- an unfilled skeleton (``plans report new`` written, nothing entered yet) never counts as received.

``View(repo, date(2026, 3, 1))``; ``as_view(repo_or_view, as_of)`` accepts either, so that callers that
pass a repository and a day keep working.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from plans.loading.model import Plan, Repository


@dataclass(frozen=True)
class View:
    repo: Repository
    as_of: dt.date
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def reports(self) -> list:
        """The periodic reports received by ``as_of`` (see :func:`report_counts`)."""
        if "reports" not in self._cache:
            self._cache["reports"] = [r for r in self.repo.reports if report_counts(r, self.as_of)]
        return self._cache["reports"]

    def reports_for(self, plan_id: str, period_code: str | None = None, agency: str | None = None) -> list:
        return [r for r in self.reports if r.plan == plan_id and (period_code is None or r.period == period_code)
                and (agency is None or r.agency == agency)]

    def received(self, plan: Plan, period, agency_id: str) -> bool:
        """A report of ``agency_id`` for ``plan`` and ``period`` had been received by ``as_of``."""
        if "received" not in self._cache:
            self._cache["received"] = {(r.plan, r.period, r.agency) for r in self.reports}
        return (plan.id, period.code, agency_id) in self._cache["received"]

    def period_closed(self, period) -> bool:
        """The data window of ``period`` had closed by ``as_of``: its figures can be final."""
        return period.cutoff[1] <= self.as_of

    # the repository's other parts, so that a view can stand in for it where only reading is needed
    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.repo, name)


def is_filled(report) -> bool:
    """Something was entered in a report: a signing date, a number, a figure, a task's progress or a
    note. A skeleton from ``plans report new`` has none of these."""
    if report.date or (report.number or "").strip():
        return True
    if any(v is not None for f in report.figures for v in (*f.values.values(), *f.baseline.values())):
        return True
    if any(tp.status != "not-started" or tp.done_on or (tp.evidence or "").strip() or (tp.note or "").strip()
           for tp in report.tasks):
        return True
    return any((v or "").strip() for v in report.notes.values() if isinstance(v, str))


def report_counts(report, as_of: dt.date) -> bool:
    """Whether ``report`` counts as received on ``as_of``: filled in, and signed on or before that day (an
    undated report counts from the close of its period's data window)."""
    from plans.queries import periods

    if not is_filled(report):
        return False
    if report.date:
        return report.date <= as_of
    try:
        period = periods.parse(report.period)
    except ValueError:
        return False
    return period.cutoff[1] <= as_of


def as_view(repo_or_view, as_of: dt.date | None = None) -> View:
    """A :class:`View` from a view (returned as is, or moved to ``as_of`` when another day is given)
    or from a repository and a day (today when none)."""
    if isinstance(repo_or_view, View):
        if as_of is None or as_of == repo_or_view.as_of:
            return repo_or_view
        return View(repo_or_view.repo, as_of)
    return View(repo_or_view, as_of or dt.date.today())
