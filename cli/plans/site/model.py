"""What the site shows, computed once from the loaded repository by the same calls the commands make:
``queries.status.overview`` and ``agency_status`` (tasks, reports owed), ``kpi.progress.progress_lookup``
(task progress from reports), ``kpi.attainment`` (targets) and ``kpi.charge`` (targets in an agency's
charge). Nothing here filters reports or dates by itself: a fix in those functions reaches the site.

Every collection is sorted (Vietnamese collation for names, then ids), so two builds of the same
repository and day give the same pages."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from plans.kpi.attainment import INSUFFICIENT, MET, NOT_MET, Attainment, attainment, report_periods
from plans.kpi.progress import progress_lookup
from plans.loading.model import Plan, Repository, Task
from plans.queries import status as q
from plans.text import vi_key

TASK_BUCKETS = ("on-time", "due-soon", "overdue")
TARGET_BUCKETS = (MET, NOT_MET, INSUFFICIENT)

_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")


def slug(ident: str) -> str:
    """A file name for an id: the id itself when it is plain (a-z, digits, dot, hyphen), otherwise a
    stable digest, so that no id from the data can make a path leave its folder or collide with another."""
    if _SAFE.fullmatch(ident) and ".." not in ident:
        return ident
    return "x-" + hashlib.blake2b(ident.encode("utf-8"), digest_size=10).hexdigest()


def anchor(ident: str) -> str:
    """An HTML id for a section or task id ("II.2.a.3" stays, anything else becomes a hyphen)."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", ident)


def task_bucket(state: str) -> str:
    """A task's timing state (queries.status) as the home page counts it."""
    if state == q.OVERDUE:
        return "overdue"
    if state == q.DUE_SOON:
        return "due-soon"
    return "on-time"


@dataclass
class PlanFacts:
    plan: Plan
    in_force: bool
    task_states: dict[str, tuple[str, int | None]]          # task id -> (state, days left)
    tasks_by_bucket: dict[str, list[Task]]
    periods: list                                            # periods reported, in time order
    attainment: dict[str, list[Attainment]]                  # period code -> rows
    latest: list[Attainment] | None                          # rows of the latest period, None if none
    reports_missing: list[tuple[str, q.ReportOwed]] = field(default_factory=list)  # (agency id, report)
    children: list[Plan] = field(default_factory=list)       # plans that implement this one

    def target_buckets(self) -> dict[str, list]:
        out = {b: [] for b in TARGET_BUCKETS}
        if self.latest is None:
            out[INSUFFICIENT] = list(self.plan.targets)
        else:
            for a in self.latest:
                out[a.status].append(a.target)
        return out

    @property
    def sample(self) -> bool:
        return any(a.sample for rows in self.attainment.values() for a in rows)


@dataclass
class SiteModel:
    repo: Repository
    as_of: dt.date
    soon_days: int
    plans: list[PlanFacts]
    overview: list[dict]
    status: dict[str, q.AgencyStatus]                        # every agency and group id -> its status
    entities: list                                           # agencies and groups, in name order
    jurisdictions: list[tuple[str, str]]                     # (code, name), the national level first
    view: object = None                                      # the View(repo, as_of) every figure came from

    def facts(self, plan_id: str) -> PlanFacts:
        return self._by_id[plan_id]

    def __post_init__(self):
        self._by_id = {f.plan.id: f for f in self.plans}

    def jurisdiction_of(self, plan: Plan) -> str:
        return plan.jurisdiction or plan.id.split("-")[0]


def build_model(repo: Repository, as_of: dt.date, soon_days: int = 30) -> SiteModel:
    from plans.loading.view import View

    view = View(repo, as_of)  # every figure below sees the repository as it stood on as_of
    _, progress = progress_lookup(view)
    rows = q.overview(view, soon_days=soon_days)
    rows.sort(key=lambda r: (vi_key(r["name"]), r["agency"]))  # overview ties on equal names: break them by id
    entities = sorted([*repo.agencies.values(), *(g for g in repo.groups.values() if g.id not in repo.agencies)],
                      key=lambda e: (vi_key(e.name), e.id))
    status = {}
    for ent in entities:
        st = q.agency_status(view, ent.id, soon_days=soon_days)
        if not ent.is_group:
            for a in st.assignments:
                a.progress = progress(a.plan, a.task, ent.id)
        status[ent.id] = st
    plans = sorted(repo.plans.values(), key=lambda p: (p.issued or dt.date.min, p.id))
    facts: dict[str, PlanFacts] = {}
    for p in plans:
        states = {}
        buckets = {b: [] for b in TASK_BUCKETS}
        for task in p.tasks():
            st, left = q.task_state(p, task, as_of, soon_days)
            states[task.id] = (st, left)
            buckets[task_bucket(st)].append(task)
        pers = report_periods(view, p)
        att = {per.code: attainment(view, p, per) for per in pers}
        facts[p.id] = PlanFacts(p, q.in_force(p, as_of), states, buckets, pers, att,
                                att[pers[-1].code] if pers else None)
    for p in plans:
        for imp in p.implements:
            if imp.plan in facts and imp.plan != p.id:
                facts[imp.plan].children.append(p)
    # reports owed and not received, per plan: from the agencies the overview counts
    for row in rows:
        for r in status[row["agency"]].reports:
            if r.state == q.NOT_RECEIVED and r.plan.id in facts:
                facts[r.plan.id].reports_missing.append((row["agency"], r))
    for f in facts.values():
        f.reports_missing.sort(key=lambda x: (x[1].due or dt.date.min, vi_key(repo.name_of(x[0])), x[0]))
    codes = sorted({p.jurisdiction or p.id.split("-")[0] for p in plans} | {e.jurisdiction for e in entities
                                                                            if e.jurisdiction})
    names = repo.jurisdiction_names
    jur = sorted(((c, names.get(c, c)) for c in codes), key=lambda x: (x[0] != "vn", vi_key(x[1]), x[0]))
    return SiteModel(repo, as_of, soon_days, [facts[p.id] for p in plans], rows, status, entities, jur, view)
