"""Per-agency impact of a change: for every agency whose obligations changed, the tasks gained or lost (and
in which role), deadlines moved and reports now owed or no longer owed.

Obligations are what ``plans status`` shows: both sides are asked through ``queries.status.agency_status``
(direct assignments, groups, bodies taken over in the 2025 reorganisation), never computed again here.
Only the agencies a change can reach are asked, and only about the plans that changed (a registry change
asks about every plan): the cost follows the change, not the repository.
"""
from __future__ import annotations

import datetime as dt

from plans.diff.model import AgencyImpact, Change, Obligation
from plans.loading.model import Repository
from plans.queries.status import agency_status

_TASK_KINDS = {"task.added", "task.removed", "task.role", "task.deadline", "task.recurrence"}
_PLAN_KINDS = {"plan.added", "plan.removed"}
_DUTY_KINDS = {"reporting.added", "reporting.removed", "reporting.field"}
# registry fields that change who a task reaches (names, aliases, notes do not)
_REACH_FIELDS = {"groups", "valid_from", "valid_to", "successor", "includes", "members"}
_REGISTRY_KINDS = {"registry.added", "registry.removed", "registry.field", "registry.replaced"}


def _refs_of_task(repo: Repository, plan_id: str, task_id: str) -> set[str]:
    p = repo.plans.get(plan_id)
    t = next((x for x in p.tasks() if x.id == task_id), None) if p else None
    return {ref for _, ref, _ in t.roles()} if t else set()


def _refs_of_plan(repo: Repository, plan_id: str) -> set[str]:
    p = repo.plans.get(plan_id)
    if p is None:
        return set()
    out = {ref for t in p.tasks() for _, ref, _ in t.roles()}
    out.update(r for d in p.reporting for r in d.reporters)
    return out


def _expand(repo: Repository, refs: set[str]) -> set[str]:
    """Agencies that an assignment to ``refs`` can reach: the agencies themselves, members of groups, and
    the bodies that took over from any of them."""
    out: set[str] = set()
    for ref in refs:
        ent = repo.entity(ref)
        if ent is None:
            continue
        out.add(ref)
        if ent.is_group:
            out.update(repo.group_members(ref))
    for aid in list(out):
        ent = repo.entity(aid)
        if ent is not None:
            out.update(ent.successor)
    return {a for a in out if a in repo.agencies}


def candidates(base: Repository, head: Repository, changes: list[Change]) -> tuple[dict[str, set[str]], set[str]]:
    """``({plan id: refs touched}, refs touched everywhere)`` — refs are agency or group ids whose
    obligations may have changed."""
    by_plan: dict[str, set[str]] = {}
    everywhere: set[str] = set()
    for c in changes:
        if c.kind in _TASK_KINDS and c.plan:
            refs = by_plan.setdefault(c.plan, set())
            refs |= _refs_of_task(head, c.plan, c.id)
            old = c.detail.get("old_id") or c.id
            refs |= _refs_of_task(base, c.plan, old)
            if c.kind == "task.removed":
                refs |= {r for rs in c.detail.get("roles", {}).values() for r in rs}
        elif c.kind in _PLAN_KINDS and c.plan:
            by_plan.setdefault(c.plan, set()).update(_refs_of_plan(base, c.plan) | _refs_of_plan(head, c.plan))
        elif c.kind in _DUTY_KINDS and c.plan:
            refs = by_plan.setdefault(c.plan, set())
            for repo in (base, head):
                p = repo.plans.get(c.plan)
                if p is not None:
                    refs.update(r for d in p.reporting for r in d.reporters)
        elif c.kind in _REGISTRY_KINDS and (c.kind != "registry.field" or c.field in _REACH_FIELDS):
            everywhere.add(c.id)
            for key in ("added", "removed"):  # members, successors or groups named in the change
                everywhere.update(x for x in c.detail.get(key, []) if isinstance(x, str))
            if c.kind == "registry.added":
                everywhere.update(c.detail.get("successor_of", []))
    return by_plan, everywhere


def _obligations(repo: Repository, agency_id: str, plan_ids, renum: dict[str, dict[str, str]] | None, as_of):
    """(tasks {(plan, task, role): Obligation}, reports {(plan, duty, due): dict}) of one agency on one side."""
    tasks, reports = {}, {}
    if repo.entity(agency_id) is None:
        return tasks, reports
    from plans.diff.compare import duty_label

    scopes = [None] if plan_ids is None else [p for p in sorted(plan_ids) if p in repo.plans]
    for pid in scopes:
        st = agency_status(repo, agency_id, as_of, plan_id=pid, include_ended=True)
        for a in st.assignments:
            tid = (renum or {}).get(a.plan.id, {}).get(a.task.id, a.task.id)
            tasks[(a.plan.id, tid, a.role)] = Obligation(
                a.plan.id, tid, a.role, a.via, a.via_kind, a.task.deadline.isoformat() if a.task.deadline else None)
        for r in st.reports:
            key = (r.plan.id, duty_label(r.duty), r.due.isoformat() if r.due else None)
            reports[key] = {"plan": r.plan.id, "duty": duty_label(r.duty), "period": r.duty.period,
                            "due": key[2], "recipient": r.duty.recipient, "via": r.via}
    return tasks, reports


def impact(base: Repository, head: Repository, changes: list[Change],
           renumbered: dict[str, dict[str, str]] | None = None, as_of: dt.date | None = None) -> list[AgencyImpact]:
    """One :class:`AgencyImpact` per agency whose obligations differ between the sides (sorted by name)."""
    as_of = as_of or dt.date.today()
    by_plan, everywhere = candidates(base, head, changes)
    who: dict[str, set[str] | None] = {}
    for pid, refs in by_plan.items():
        for aid in _expand(base, refs) | _expand(head, refs):
            if who.get(aid, set()) is not None:
                who.setdefault(aid, set()).add(pid)
    for aid in _expand(base, everywhere) | _expand(head, everywhere):
        who[aid] = None  # every plan
    out = []
    for aid, plans in who.items():
        bt, br = _obligations(base, aid, plans, renumbered, as_of)
        ht, hr = _obligations(head, aid, plans, None, as_of)
        ent = head.entity(aid) or base.entity(aid)
        imp = AgencyImpact(aid, ent.name if ent else aid)
        gained = [ht[k] for k in ht if k not in bt]
        lost = [bt[k] for k in bt if k not in ht]
        for g in list(gained):  # the same task in another role: one line, not a loss and a gain
            same = [x for x in lost if (x.plan, x.task) == (g.plan, g.task)]
            if len(same) == 1 and sum(1 for y in gained if (y.plan, y.task) == (g.plan, g.task)) == 1:
                imp.role_changed.append({"plan": g.plan, "task": g.task, "before": same[0].role, "after": g.role})
                gained.remove(g)
                lost.remove(same[0])
        imp.gained, imp.lost = gained, lost
        for k in ht.keys() & bt.keys():
            if ht[k].deadline != bt[k].deadline:
                imp.deadline_moved.append({"plan": k[0], "task": k[1], "before": bt[k].deadline,
                                           "after": ht[k].deadline})
        imp.reports_gained = [hr[k] for k in hr if k not in br]
        imp.reports_lost = [br[k] for k in br if k not in hr]
        if not imp.empty:
            out.append(imp)
    from plans.text import vi_key

    for imp in out:
        imp.gained.sort(key=lambda o: (o.plan, _idkey(o.task), o.role))
        imp.lost.sort(key=lambda o: (o.plan, _idkey(o.task), o.role))
        imp.deadline_moved.sort(key=lambda d: (d["plan"], _idkey(d["task"])))
    out.sort(key=lambda i: vi_key(i.name))
    return out


def _idkey(node_id: str):
    """II.2.a.10 after II.2.a.9."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in node_id.split(".")]
