"""What a periodic result report says, computed once for Markdown and DOCX alike."""
from __future__ import annotations

from dataclasses import dataclass, field

from plans.kpi.attainment import Attainment, attainment, expected_reporters
from plans.kpi.progress import classify
from plans.loading.model import Plan, Repository
from plans.queries import periods

TASK_STATES = ("done-on-time", "done-late", "in-progress", "overdue")


@dataclass
class TaskLine:
    section: str
    task_id: str
    text: str
    agency: str
    state: str
    evidence: str = ""
    done_on: object = None


@dataclass
class ReportContext:
    plan: Plan
    period: periods.Period
    targets: list[Attainment]
    tasks: list[TaskLine]
    counts: dict
    missing: list[str]          # names of agencies that owed a report for the period and sent none
    reporters: list[str]        # names of agencies that reported
    notes: dict                 # results / shortcomings / proposals -> [(agency name, text)]
    sample: bool
    sections: dict = field(default_factory=dict)  # section id -> title



def report_context(repo: Repository, plan: Plan, period: periods.Period) -> ReportContext:
    reports = [r for r in repo.reports if r.plan == plan.id and r.period == period.code]
    targets = attainment(repo, plan, period)
    sample = any(r.sample for r in reports) or any(a.sample for a in targets)
    as_of = period.end
    # task results: every task someone reported on, by agency
    by_task = {}
    for r in reports:
        for tp in r.tasks:
            by_task.setdefault(tp.task, []).append((r.agency, tp))
    lines, counts = [], {s: 0 for s in TASK_STATES}
    counts["not-reported"] = 0
    for sec in plan.all_sections():
        for task in sec.tasks:
            entries = by_task.get(task.id, [])
            named = [*task.lead, *task.executor]
            named = [a for a in named if repo.agencies.get(a)]  # bodies named directly (groups are too wide)
            reported = {a for a, _ in entries}
            for agency, tp in entries:
                state = classify(task, tp.status, tp.done_on, as_of)
                counts[state] += 1
                lines.append(TaskLine(sec.id, task.id, task.text, repo.name_of(agency), state, tp.evidence or "",
                                      tp.done_on))
            for a in named:
                if a not in reported:
                    counts["not-reported"] += 1
                    lines.append(TaskLine(sec.id, task.id, task.text, repo.name_of(a), "not-reported"))
    # who owed a report for this period
    owed = set()
    for duty in plan.reporting:
        if duty.period != period.kind:
            continue
        for ref in duty.reporters:
            ent = repo.entity(ref)
            if ent is None:
                continue
            owed.update(repo.group_members(ref) if ent.is_group else {ref})
    for a in targets:
        if a.indicator:
            owed.update(expected_reporters(repo, plan, a.indicator))
    sent = {r.agency for r in reports}
    missing = sorted((repo.name_of(a) for a in owed - sent if repo.agencies.get(a) and
                      repo.agencies[a].existed_on(period.end)), key=_vi)
    notes = {"results": [], "shortcomings": [], "proposals": []}
    for r in sorted(reports, key=lambda r: _vi(repo.name_of(r.agency))):
        for k in notes:
            if r.notes.get(k):
                notes[k].append((repo.name_of(r.agency), r.notes[k]))
    sections = {s.id: s.title or "" for s in plan.all_sections()}
    return ReportContext(plan, period, targets, lines, counts, missing,
                         sorted((repo.name_of(a) for a in sent), key=_vi), notes, sample, sections)


def _vi(s):
    from plans.text import vi_key

    return vi_key(s)
