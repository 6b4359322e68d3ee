"""The coverage of a local plan against the plan(s) it carries out, and the reverse view.

``report(repo, plan_id)`` → :class:`CascadeReport`: for each parent plan, every task, objective and
target of the parent with the local items that carry it out (``carries_out`` links), the targets that
are looser or missing here, deadlines later than the parent's, reporting deadlines that leave the
parent's reporter no time, the parent's tasks addressed to groups that include this jurisdiction's
bodies (and which local body took each over), and the coverage figures.

``coverage(repo, plan_id)`` gives the same as plain rows (dicts of str/int/float/None) for other
layers (the static site); ``down(repo, plan_id)`` lists the plans implementing a plan, with their figures.
Pure functions: no printing, no files.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from plans.cascade.links import Parent, children, find_item, kind_of, links_to, parents
from plans.loading.model import Plan, Repository, Target, Task

COVERED, MISSING = "covered", "missing"
LOOSER, TARGET_MISSING, NOT_COMPARABLE = "looser", "missing", "not-comparable"
LATER, NO_DEADLINE, CAMPAIGN_LATER = "later", "no-deadline", "campaign-later"


@dataclass
class ItemRow:
    kind: str                    # task | objective | target
    parent_id: str
    parent_text: str
    local: list[str] = field(default_factory=list)   # ids of the local items carrying it out
    addressed_here: bool = False  # a task whose roles name a group including this jurisdiction's bodies

    @property
    def status(self) -> str:
        return COVERED if self.local else MISSING


@dataclass
class TargetIssue:
    kind: str                    # looser | missing | not-comparable
    parent_target: Target
    local_target: Target | None = None
    linked: bool = True          # False: matched by indicator only, no carries_out link


@dataclass
class DeadlineIssue:
    kind: str                    # later | no-deadline | campaign-later
    parent_id: str
    local_id: str
    parent_date: dt.date | None
    local_date: dt.date | None


@dataclass
class ReportIssue:
    local_duty_index: int
    recipient: str               # the local body collecting the report
    period: str | None           # period code (2025, 2025-H1 …) or the kind when no code
    local_due: dt.date
    upward_due: dt.date
    upward_recipient: str        # whom the upward report goes to
    upward_from: str             # "parent" (the parent plan's duty) or "local" (stated in the local plan)


@dataclass
class GroupTask:
    parent_id: str
    role: str
    group: str
    members_here: list[str]      # this jurisdiction's bodies in the group
    local: list[str]             # local items carrying the task out
    owners: list[str]            # lead / executor (else partner) of those items: the bodies that took it over


@dataclass
class ParentReport:
    parent: Parent
    items: list[ItemRow] = field(default_factory=list)
    targets: list[TargetIssue] = field(default_factory=list)
    deadlines: list[DeadlineIssue] = field(default_factory=list)
    reports: list[ReportIssue] = field(default_factory=list)
    groups: list[GroupTask] = field(default_factory=list)
    notes: list[tuple[str, dict]] = field(default_factory=list)  # (message key, args): checks a reference allows
    unlinked_local: list[str] = field(default_factory=list)      # local tasks with no link to this parent

    def figures(self) -> dict:
        def count(kind, here=False):
            rows = [r for r in self.items if r.kind == kind and (r.addressed_here or not here)]
            return len(rows), sum(1 for r in rows if r.local)
        out = {}
        for kind in ("task", "objective", "target"):
            total, covered = count(kind)
            out[f"{kind}s"], out[f"{kind}s_covered"] = total, covered
        total, covered = count("task", here=True)
        out["tasks_here"], out["tasks_here_covered"] = total, covered
        all_total = out["tasks"] + out["objectives"] + out["targets"]
        all_cov = out["tasks_covered"] + out["objectives_covered"] + out["targets_covered"]
        out["items"], out["items_covered"] = all_total, all_cov
        out["coverage"] = round(100 * all_cov / all_total, 1) if all_total else None
        out["task_coverage"] = round(100 * out["tasks_covered"] / out["tasks"], 1) if out["tasks"] else None
        out["looser"] = sum(1 for t in self.targets if t.kind == LOOSER)
        out["targets_missing"] = sum(1 for t in self.targets if t.kind == TARGET_MISSING)
        out["later"] = len(self.deadlines)
        out["report_conflicts"] = len(self.reports)
        out["group_tasks_unowned"] = sum(1 for g in self.groups if not g.owners)
        return out


@dataclass
class CascadeReport:
    plan: Plan
    parents: list[ParentReport] = field(default_factory=list)


# ---------------------------------------------------------------- building the report

def local_bodies(repo: Repository, plan: Plan) -> set[str]:
    """The agencies of the plan's jurisdiction (its registry)."""
    jur = plan.jurisdiction or (repo.entity(plan.issuer).jurisdiction if repo.entity(plan.issuer) else None)
    return {a.id for a in repo.agencies.values() if jur and a.jurisdiction == jur}


def report(repo: Repository, plan_id: str) -> CascadeReport:
    plan = repo.plans[plan_id]
    out = CascadeReport(plan)
    here = local_bodies(repo, plan)
    for par in parents(repo, plan):
        pr = ParentReport(par)
        if par.plan is None:
            _reference_only(plan, par, pr)
        else:
            _against(repo, plan, par.plan, here, pr)
            if par.by_ref:
                pr.notes.append(("cascade_note_by_ref", {"number": par.ref.number if par.ref else "",
                                                         "plan": par.plan.id, "plan_number": par.plan.number}))
        out.parents.append(pr)
    return out


def _addressed_here(repo, task: Task, here: set[str]) -> list[tuple[str, str, list[str]]]:
    """(role, group or agency id, this jurisdiction's bodies it names) for each role of ``task`` reaching here."""
    out = []
    for role, ref, _ in task.roles():
        ent = repo.entity(ref)
        if ent is None:
            continue
        members = sorted(repo.group_members(ref) & here) if ent.is_group else ([ref] if ref in here else [])
        if members:
            out.append((role, ref, members))
    return out


def _against(repo: Repository, plan: Plan, parent: Plan, here: set[str], pr: ParentReport) -> None:
    from plans.checks.kpi_rules import _strictness

    links = links_to(plan, parent.id)
    for node in (*parent.objectives, *parent.targets, *parent.tasks()):
        kind = kind_of(node)
        addressed = bool(_addressed_here(repo, node, here)) if kind == "task" else False
        pr.items.append(ItemRow(kind, node.id, node.text, [n.id for n in links.by_parent.get(node.id, [])], addressed))
    pr.unlinked_local = [t.id for t in plan.tasks() if id(t) not in links.by_local]

    # targets: linked counterpart, else the local target on the same indicator
    for pt in parent.targets:
        mine = [n for n in links.by_parent.get(pt.id, []) if isinstance(n, Target)]
        linked = bool(mine)
        if not mine and pt.indicator:
            mine = [t for t in plan.targets if t.indicator == pt.indicator]
        if not mine:
            pr.targets.append(TargetIssue(TARGET_MISSING, pt, None, False))
            continue
        for lt in mine:
            a, b = _strictness(lt.comparator, lt.threshold), _strictness(pt.comparator, pt.threshold)
            if lt.unit != pt.unit or not a or not b or a[0] != b[0]:
                if (lt.comparator, lt.threshold, lt.unit) != (pt.comparator, pt.threshold, pt.unit):
                    pr.targets.append(TargetIssue(NOT_COMPARABLE, pt, lt, linked))
            elif a[1:] < b[1:]:
                pr.targets.append(TargetIssue(LOOSER, pt, lt, linked))

    # deadlines and campaign windows of linked tasks
    for ptask in parent.tasks():
        for lt in links.by_parent.get(ptask.id, []):
            if not isinstance(lt, Task):
                continue
            if ptask.deadline:
                if lt.deadline and lt.deadline > ptask.deadline:
                    pr.deadlines.append(DeadlineIssue(LATER, ptask.id, lt.id, ptask.deadline, lt.deadline))
                elif not lt.deadline:
                    pr.deadlines.append(DeadlineIssue(NO_DEADLINE, ptask.id, lt.id, ptask.deadline, None))
            p_end = max((c.end for c in ptask.campaigns if c.end), default=None)
            l_end = max((c.end for c in lt.campaigns if c.end), default=None)
            if p_end and l_end and l_end > p_end:
                pr.deadlines.append(DeadlineIssue(CAMPAIGN_LATER, ptask.id, lt.id, p_end, l_end))

    pr.reports = _report_conflicts(repo, plan, parent, here)

    # the parent's tasks addressed to groups that include this jurisdiction's bodies
    for ptask in parent.tasks():
        mine = [n for n in links.by_parent.get(ptask.id, []) if isinstance(n, Task)]
        owners: list[str] = []
        for lt in mine:
            for ref in (lt.lead or lt.executor or lt.partner):
                if ref not in owners:
                    owners.append(ref)
        for role, ref, members in _addressed_here(repo, ptask, here):
            if repo.groups.get(ref) is None:
                continue  # a body of this jurisdiction named directly: not a group task
            pr.groups.append(GroupTask(ptask.id, role, ref, members, [n.id for n in mine], owners))


def _report_conflicts(repo: Repository, plan: Plan, parent: Plan, here: set[str]) -> list[ReportIssue]:
    """Local reports due on or after the day this jurisdiction must report the same period upward."""
    from plans.queries.periods import KINDS, period_for_due
    from plans.queries.status import due_dates

    def code(kind, due):
        p = period_for_due(kind, due) if kind in KINDS else None
        return p.code if p else f"{kind}:{due.year}"

    upward: dict[str, list[tuple[dt.date, str, str]]] = {}
    for duty in parent.reporting:  # the parent's duties this jurisdiction's bodies owe
        if any((repo.group_members(r) if repo.groups.get(r) else {r}) & here for r in duty.reporters):
            for due in due_dates(parent, duty):
                upward.setdefault(code(duty.period, due), []).append((due, duty.recipient, "parent"))
    for duty in plan.reporting:  # upward duties the local plan states (recipient outside the jurisdiction)
        if duty.recipient not in here:
            for due in due_dates(plan, duty):
                upward.setdefault(code(duty.period, due), []).append((due, duty.recipient, "local"))
    out = []
    for i, duty in enumerate(plan.reporting):
        if duty.recipient not in here:
            continue
        for due in due_dates(plan, duty):
            per = code(duty.period, due)
            ups = upward.get(per, [])
            if not ups:
                continue
            first = min(ups, key=lambda u: u[0])
            if due >= first[0]:
                out.append(ReportIssue(i, duty.recipient, per, due, first[0], first[1], first[2]))
    return out


def _reference_only(plan: Plan, par: Parent, pr: ParentReport) -> None:
    """A parent cited by reference only: say so, and check what the reference states (its date)."""
    ref = par.ref
    pr.notes.append(("cascade_note_ref_only", {"number": ref.number if ref else ""}))
    d = None
    if ref is not None and ref.date:
        try:
            d = dt.date.fromisoformat(ref.date)
        except ValueError:
            d = None
    if d is None:
        pr.notes.append(("cascade_note_ref_no_date", {}))
        return
    latest = plan.date or plan.date_to
    if latest and d > latest:
        pr.notes.append(("cascade_note_ref_after", {"date": d.strftime("%d/%m/%Y"), "plan_date": plan.date_label()}))
    else:
        pr.notes.append(("cascade_note_ref_date_ok", {"date": d.strftime("%d/%m/%Y"), "plan_date": plan.date_label()}))
    if plan.targets:
        pr.notes.append(("cascade_note_ref_targets", {"targets": plan.targets}))


# ---------------------------------------------------------------- plain rows

def coverage(repo: Repository, plan_id: str) -> list[dict]:
    """One plain row per item of each parent plan: what carries it out here. Plain values only (str, int,
    bool, None, lists of str), for the static site and other callers: parent plan id and number, kind,
    id, text, status (covered | missing), local ids, whether the task is addressed to this jurisdiction."""
    rows = []
    for pr in report(repo, plan_id).parents:
        pid = pr.parent.plan.id if pr.parent.plan else None
        for r in pr.items:
            rows.append({"parent_plan": pid, "parent_number": pr.parent.number, "kind": r.kind, "id": r.parent_id,
                         "text": r.parent_text, "status": r.status, "local": list(r.local),
                         "addressed_here": r.addressed_here})
        if pr.parent.plan is None:
            rows.append({"parent_plan": None, "parent_number": pr.parent.number, "kind": "reference", "id": None,
                         "text": None, "status": "not-in-repository", "local": [], "addressed_here": False})
    return rows


def down(repo: Repository, plan_id: str) -> list[dict]:
    """The plans of the repository that implement ``plan_id``, each with its coverage figures."""
    plan = repo.plans[plan_id]
    out = []
    for child in sorted(children(repo, plan), key=lambda p: (p.jurisdiction or "", p.id)):
        pr = next(p for p in report(repo, child.id).parents if p.parent.plan is not None
                  and p.parent.plan.id == plan_id)
        f = pr.figures()
        out.append({"plan": child.id, "number": child.number, "issuer": child.issuer,
                    "jurisdiction": child.jurisdiction, "date": child.date_label(), "by_ref": pr.parent.by_ref, **f})
    return out
