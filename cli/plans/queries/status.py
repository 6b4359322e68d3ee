"""What an agency owes, and when: tasks by role, reports by due date, targets in its charge.

``agency_status(repo, "hp.so-giao-duc-va-dao-tao", as_of=date(2026, 3, 1))`` returns an
:class:`AgencyStatus`; ``overview(repo, as_of)`` the standing agency's per-agency counts.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from plans.loading.model import Agency, Campaign, Group, Plan, ReportDuty, Repository, Task
from plans.loading.view import as_view
from plans.queries.periods import KINDS, MAX_YEAR, MIN_YEAR, Period, period_for_due

# Task timing states
OVERDUE, DUE_SOON, OPEN, RECURRING, IN_PERIOD, ENDED, NOT_STARTED = (
    "overdue", "due-soon", "open", "recurring", "in-period", "ended", "not-started")
# Report states
NOT_RECEIVED, REPORT_DUE_SOON, UPCOMING, RECEIVED, NO_DATE = "not-received", "due-soon", "upcoming", "received", "no-date"


@dataclass
class Assignment:
    plan: Plan
    task: Task
    role: str
    via: str | None = None          # the group (or predecessor) the task reached the agency through
    via_kind: str | None = None     # "group" or "predecessor"
    state: str = IN_PERIOD
    days_left: int | None = None
    campaigns_now: list[Campaign] = field(default_factory=list)
    days_soon: list[tuple[dt.date, str]] = field(default_factory=list)
    progress: object | None = None  # filled from periodic reports (kpi)


@dataclass
class ReportOwed:
    plan: Plan
    duty: ReportDuty
    due: dt.date | None
    period: Period | None
    state: str
    via: str | None = None


@dataclass
class TargetInCharge:
    plan: Plan
    target: object


@dataclass
class AgencyStatus:
    agency: Agency | Group
    as_of: dt.date
    assignments: list[Assignment] = field(default_factory=list)
    reports: list[ReportOwed] = field(default_factory=list)
    targets: list[TargetInCharge] = field(default_factory=list)
    successors: list[Agency | Group] = field(default_factory=list)
    predecessors: list[Agency | Group] = field(default_factory=list)


def _reach(repo: Repository, agency_id: str) -> dict[str, tuple[str | None, str | None]]:
    """Every id whose assignments reach ``agency_id``: itself, its groups, its predecessors
    (bodies whose work it took over) and their groups. Maps id -> (via, via_kind)."""
    out: dict[str, tuple[str | None, str | None]] = {agency_id: (None, None)}
    for g in sorted(repo.groups_of(agency_id)):
        out.setdefault(g, (g, "group"))
    for pred in predecessors(repo, agency_id):
        out.setdefault(pred.id, (pred.id, "predecessor"))
        for g in sorted(repo.groups_of(pred.id)):
            out.setdefault(g, (pred.id, "predecessor"))
    return out


def predecessors(repo: Repository, agency_id: str) -> list[Agency | Group]:
    return [e for e in (*repo.agencies.values(), *repo.groups.values()) if agency_id in e.successor]


def task_state(plan: Plan, task: Task, as_of: dt.date, soon_days: int) -> tuple[str, int | None]:
    if task.deadline:
        left = (task.deadline - as_of).days
        if left < 0:
            return OVERDUE, left
        return (DUE_SOON if left <= soon_days else OPEN), left
    if task.recurrence:
        return RECURRING, None
    if plan.period_end and as_of > plan.period_end:
        return ENDED, None
    if plan.period_start and as_of < plan.period_start:
        return NOT_STARTED, None
    return IN_PERIOD, None


def _days_soon(task: Task, as_of: dt.date, soon_days: int) -> list[tuple[dt.date, str]]:
    out = []
    for d in task.days:
        month, day = d.month_day
        for year in (as_of.year, as_of.year + 1):
            try:
                when = dt.date(year, month, day)
            except ValueError:
                continue
            if 0 <= (when - as_of).days <= soon_days:
                out.append((when, d.name))
    return out


def due_dates(plan: Plan, duty: ReportDuty) -> list[dt.date]:
    """Concrete due dates of a reporting duty over the plan's period (yearly dues repeated)."""
    years = []
    if plan.period_start and plan.period_end:  # bounded: a mistyped 9999 must not mean 8,000 years of dues
        years = range(max(plan.period_start.year, MIN_YEAR), min(plan.period_end.year, MAX_YEAR) + 1)
    out = []
    for s in [duty.due, *duty.due_dates]:
        if not s:
            continue
        if s.startswith("--"):
            for y in years:
                try:
                    out.append(dt.date(y, int(s[2:4]), int(s[5:7])))
                except ValueError:
                    pass
        else:
            try:
                out.append(dt.date.fromisoformat(s))
            except ValueError:
                pass
    return sorted(set(out))


def reports_owed(repo: Repository, plan: Plan, agency_id: str, reach: dict, as_of: dt.date, soon_days: int,
                 received=None) -> list[ReportOwed]:
    """The reports ``agency_id`` owes under ``plan``: one per due date. Two duties that ask the same
    report (same kind, due date and recipient, e.g. one to all departments and one to the police) are
    one report to send."""
    out, seen = [], set()
    for duty in plan.reporting:
        hit = next((r for r in duty.reporters if r in reach), None)
        if hit is None:
            continue
        via = reach[hit][0]
        dates = due_dates(plan, duty)
        if not dates:
            if (duty.period, None, duty.recipient) not in seen:
                seen.add((duty.period, None, duty.recipient))
                out.append(ReportOwed(plan, duty, None, None, NO_DATE, via))
            continue
        for due in dates:
            if (duty.period, due, duty.recipient) in seen:
                continue
            seen.add((duty.period, due, duty.recipient))
            period = period_for_due(duty.period, due) if duty.period in KINDS else None
            if received and period and received(plan, period, agency_id):
                state = RECEIVED
            elif due < as_of:
                state = NOT_RECEIVED
            elif (due - as_of).days <= soon_days:
                state = REPORT_DUE_SOON
            else:
                state = UPCOMING
            out.append(ReportOwed(plan, duty, due, period, state, via))
    return out


def in_force(plan: Plan, as_of: dt.date) -> bool:
    """The plan's period has not ended on ``as_of`` (plans not yet started count: work is coming)."""
    return plan.period_end is None or as_of <= plan.period_end


def agency_status(view, agency_id: str, as_of: dt.date | None = None, plan_id: str | None = None,
                  role: str | None = None, soon_days: int = 30, received=None,
                  include_ended: bool = False) -> AgencyStatus:
    """Everything ``agency_id`` owes across the repository (or one plan) on the view's day: a
    :class:`~plans.loading.view.View`, or a repository and ``as_of`` (today by default).

    Reports count as received as the view sees them (``received(plan, period, agency_id) -> bool``
    overrides it). Plans whose period has ended are left out unless ``include_ended`` or ``plan_id``.
    """
    view = as_view(view, as_of)
    repo, as_of = view.repo, view.as_of
    received = received or view.received
    ent = repo.entity(agency_id)
    if ent is None:
        raise KeyError(agency_id)
    reach = _reach(repo, agency_id)
    st = AgencyStatus(ent, as_of, successors=[repo.entity(s) for s in ent.successor if repo.entity(s)],
                      predecessors=predecessors(repo, agency_id))
    for plan in repo.plans.values():
        if plan_id and plan.id != plan_id:
            continue
        if not plan_id and not include_ended and not in_force(plan, as_of):
            continue
        for task in plan.tasks():
            seen_roles = set()
            for r, ref, _ in task.roles():
                if ref not in reach or (role and r != role) or r in seen_roles:
                    continue
                via, kind = reach[ref]
                if kind == "group" and plan.issued and not ent.existed_on(plan.issued):
                    continue  # a group reaches only the bodies that existed when the plan was issued
                seen_roles.add(r)
                state, left = task_state(plan, task, as_of, soon_days)
                st.assignments.append(Assignment(
                    plan, task, r, via, kind, state, left,
                    campaigns_now=[c for c in task.campaigns if c.start and c.end and c.start <= as_of <= c.end],
                    days_soon=_days_soon(task, as_of, soon_days)))
        st.reports.extend(reports_owed(repo, plan, agency_id, reach, as_of, soon_days, received))
    from plans.kpi.charge import targets_in_charge

    for p, tg in targets_in_charge(repo, ent):
        if (p.id == plan_id) if plan_id else (include_ended or in_force(p, as_of)):
            st.targets.append(TargetInCharge(p, tg))
    return st


def overview(view, as_of: dt.date | None = None, soon_days: int = 30, received=None,
             include_ended: bool = False, jurisdiction: str | None = None) -> list[dict]:
    """The standing agency's view (a :class:`~plans.loading.view.View`, or a repository and ``as_of``): per
    agency, tasks, overdue tasks, reports due and not received, with the dates: the earliest deadline or
    report missed (``overdue_since``) and the next one due (``next_due``: a task deadline or a report not
    yet received, on or after ``as_of``). ``jurisdiction`` ("hp", "hue", "vn"): only that registry's bodies."""
    view = as_view(view, as_of)
    repo, as_of = view.repo, view.as_of
    targets: set[str] = set()
    for plan in repo.plans.values():
        if not include_ended and not in_force(plan, as_of):
            continue
        for task in plan.tasks():
            for _, ref, _ in task.roles():
                targets.add(ref)
        for duty in plan.reporting:
            targets.update(duty.reporters)
    ids: set[str] = set()
    for ref in targets:
        ent = repo.entity(ref)
        if ent is None:
            continue
        members = repo.group_members(ref) if ent.is_group else {ref}
        ids.update(members or {ref})
    rows = []
    if jurisdiction:
        ids = {i for i in ids if repo.entity(i) is not None and repo.entity(i).jurisdiction == jurisdiction}
    for aid in ids:
        st = agency_status(view, aid, soon_days=soon_days, received=received, include_ended=include_ended)
        if not st.assignments and not st.reports:
            continue
        rows.append({
            "agency": aid,
            "name": st.agency.name,
            "tasks": len({(a.plan.id, a.task.id) for a in st.assignments}),
            "lead": sum(1 for a in st.assignments if a.role == "lead"),
            "overdue": len({(a.plan.id, a.task.id) for a in st.assignments if a.state == OVERDUE}),
            "due_soon": len({(a.plan.id, a.task.id) for a in st.assignments if a.state == DUE_SOON}),
            "reports_not_received": sum(1 for r in st.reports if r.state == NOT_RECEIVED),
            "reports_due_soon": sum(1 for r in st.reports if r.state == REPORT_DUE_SOON),
            "jurisdiction": st.agency.jurisdiction,
            **_dates(st),
        })
    from plans.text import vi_key

    rows.sort(key=lambda r: (vi_key(r["name"]), r["agency"]))  # equal names ("các địa phương"): by id
    return rows


def _dates(st: AgencyStatus) -> dict:
    """The earliest date missed (an overdue task's deadline, a report not received) and the next date due."""
    missed = [a.task.deadline for a in st.assignments if a.state == OVERDUE and a.task.deadline]
    missed += [r.due for r in st.reports if r.state == NOT_RECEIVED and r.due]
    coming = [a.task.deadline for a in st.assignments if a.state in (DUE_SOON, OPEN) and a.task.deadline]
    coming += [r.due for r in st.reports if r.state in (REPORT_DUE_SOON, UPCOMING) and r.due]
    return {"overdue_since": min(missed) if missed else None, "next_due": min(coming) if coming else None}
