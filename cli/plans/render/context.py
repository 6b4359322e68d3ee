"""What a periodic result report says, computed once for Markdown and DOCX alike."""
from __future__ import annotations

from dataclasses import dataclass, field

from plans.kpi.attainment import Attainment, attainment, owed_reports
from plans.kpi.progress import classify
from plans.loading.model import Plan
from plans.loading.view import as_view
from plans.queries import periods

TASK_STATES = ("done-on-time", "done-late", "in-progress", "not-begun", "overdue")
# A body named in a task that sent a report for the period but said nothing of the task, and one that
# sent no report at all: both are rows of section II, only the second is listed in section III.
NOT_MENTIONED, NOT_REPORTED = "not-mentioned", "not-reported"


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
    reporters: list[str]        # names of agencies whose report was received by the view's day
    notes: dict                 # results / shortcomings / proposals -> [(agency name, text)]
    sample: bool
    sections: dict = field(default_factory=dict)  # section id -> title
    as_of: object = None        # the day the report is made on
    closed: bool = True         # the period's data window had closed by then

    @property
    def received_any(self) -> bool:
        """Some report was received: without one there are no data to speak of, and the document says so."""
        return bool(self.reporters)


def report_context(view, plan: Plan, period: periods.Period, as_of=None) -> ReportContext:
    """What the periodic report says, from the reports received by the view's day (a
    :class:`~plans.loading.view.View`, or a repository and ``as_of``, today by default).

    Every section reads one computation: the bodies that owed a report (reporting duties, indicators'
    reporters, and bodies named to lead or carry out a task), the reports received, and from them the
    task lines of section II and the missing list of section III, so the two cannot disagree."""
    view = as_view(view, as_of)
    repo = view.repo
    reports = view.reports_for(plan.id, period.code)
    targets = attainment(view, plan, period)
    sample = any(r.sample for r in reports) or any(a.sample for a in targets)
    day = min(view.as_of, period.end)  # task states at the end of the period, or earlier when asked
    sent = {r.agency for r in reports}

    def exists(a):
        return repo.agencies.get(a) is not None and repo.agencies[a].existed_on(period.end)

    by_task = {}
    for r in reports:
        for tp in r.tasks:
            by_task.setdefault(tp.task, []).append((r.agency, tp))
    lines, counts = [], {s: 0 for s in (*TASK_STATES, NOT_MENTIONED, NOT_REPORTED)}
    for sec in plan.all_sections():
        for task in sec.tasks:
            entries = by_task.get(task.id, [])
            named = [a for a in dict.fromkeys([*task.lead, *task.executor]) if exists(a)]  # groups are too wide
            reported = {a for a, _ in entries}
            for agency, tp in entries:
                state = classify(task, tp.status, tp.done_on, day)
                counts[state] += 1
                lines.append(TaskLine(sec.id, task.id, task.text, repo.name_of(agency), state, tp.evidence or "",
                                      tp.done_on))
            for a in named:
                if a not in reported:
                    state = NOT_MENTIONED if a in sent else NOT_REPORTED
                    counts[state] += 1
                    lines.append(TaskLine(sec.id, task.id, task.text, repo.name_of(a), state))
    owed = owed_reports(repo, plan, period, targets)
    missing = sorted((repo.name_of(a) for a in owed - sent), key=_vi)
    notes = {"results": [], "shortcomings": [], "proposals": []}
    for r in sorted(reports, key=lambda r: _vi(repo.name_of(r.agency))):
        for k in notes:
            if r.notes.get(k):
                notes[k].append((repo.name_of(r.agency), r.notes[k]))
    sections = {s.id: s.title or "" for s in plan.all_sections()}
    return ReportContext(plan, period, targets, lines, counts, missing,
                         sorted((repo.name_of(a) for a in sent), key=_vi), notes, sample, sections,
                         as_of=view.as_of, closed=view.period_closed(period))


# The words the document prints, shared by Markdown and DOCX so that the two cannot drift apart.
STATE_VI = {"done-on-time": "Hoàn thành đúng hạn", "done-late": "Hoàn thành quá hạn",
            "in-progress": "Đang thực hiện trong hạn", "not-begun": "Chưa thực hiện",
            "overdue": "Quá hạn, chưa hoàn thành", NOT_MENTIONED: "Báo cáo không nêu",
            NOT_REPORTED: "Chưa báo cáo"}
NO_DATA = "Chưa có số liệu (chưa nhận được báo cáo nào trong kỳ)."


def basis_text(ctx: ReportContext) -> str:
    """What the figures rest on: how many reports, the data window, and whether any data came in."""
    from plans.render.dates import dmy

    start, end = ctx.period.cutoff
    window = f"số liệu tính từ ngày {dmy(start)} đến ngày {dmy(end)}"
    if not ctx.received_any:
        lead = (f"đến ngày {dmy(ctx.as_of)} chưa nhận được báo cáo của cơ quan, đơn vị nào ({window}); "
                "chưa có số liệu để đánh giá")
    else:
        lead = f"trên cơ sở báo cáo của {len(ctx.reporters)} cơ quan, đơn vị ({window})"
    if not ctx.closed:
        lead += f"; kỳ báo cáo chưa kết thúc (chốt số liệu ngày {dmy(end)}), số liệu chưa đầy đủ"
    return lead


def basis_sentence(ctx: ReportContext) -> str:
    text = basis_text(ctx)
    return text[:1].upper() + text[1:] + "."


def counts_text(ctx: ReportContext) -> str:
    """Section II's tally, every state the table below shows and nothing else."""
    c = ctx.counts
    parts = [f"{STATE_VI[k][:1].lower()}{STATE_VI[k][1:]}: {c[k]}" for k in (*TASK_STATES, NOT_MENTIONED, NOT_REPORTED)
             if c[k] or k in ("done-on-time", "overdue", NOT_REPORTED)]
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def missing_text(ctx: ReportContext) -> str:
    return "; ".join(ctx.missing) + "." if ctx.missing else "Không có."


def notes_empty_text(ctx: ReportContext) -> str:
    """What sections IV and V say when no report wrote anything there."""
    return "Không có." if ctx.received_any else NO_DATA


def _vi(s):
    from plans.text import vi_key

    return vi_key(s)
