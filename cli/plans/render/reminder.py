"""The reminder letter (công văn đôn đốc): to the agencies that have overdue tasks or owe reports, what
each still owes on a given day. Computed from the status queries (``queries.status.agency_status``,
``overview``) and the reports received (``kpi.progress.progress_lookup``), so it always agrees with
``plans status`` for the same ``--as-of``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from plans.kpi.progress import progress_lookup
from plans.loading.model import Plan, Repository
from plans.queries.status import NOT_RECEIVED, OVERDUE, agency_status, overview

RESPONSIBLE = ("lead", "executor", "advisor")  # the roles that answer for a task (a partner only helps)


class ReminderError(Exception):
    """``reason``: "nothing" (no agency owes anything), "issuers" (the debts come from plans of several
    issuing bodies: ``detail`` names them)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason, self.detail = reason, detail


@dataclass
class OverdueTask:
    plan: Plan
    task: object
    role: str


@dataclass
class MissingReport:
    plan: Plan
    duty: object
    due: dt.date
    period: object


@dataclass
class AgencyDebts:
    agency: object
    tasks: list[OverdueTask] = field(default_factory=list)
    reports: list[MissingReport] = field(default_factory=list)


@dataclass
class ReminderContext:
    as_of: dt.date
    reply_by: dt.date
    plans: list[Plan]
    agencies: list[AgencyDebts]
    issuer: str            # id of the issuing body of the plans
    issuer_parent: str | None
    place: str | None
    signer: dict
    sample: bool = False   # task progress came from sample reports


def reminder_context(repo: Repository, as_of: dt.date, agency_ids: list[str] | None = None,
                     plan_id: str | None = None, jurisdiction: str | None = None,
                     reply_by: dt.date | None = None) -> ReminderContext:
    """What each agency (``agency_ids``, or every one that owes something) still owes on ``as_of`` (the
    repository seen as on that day: a :class:`~plans.loading.view.View`)."""
    from plans.loading.view import View

    view = View(repo, as_of)
    _, progress = progress_lookup(view)
    if agency_ids is None:
        agency_ids = [r["agency"] for r in overview(view) if r["overdue"] or r["reports_not_received"]]
    debts, sample = [], False
    for aid in agency_ids:
        st = agency_status(view, aid, plan_id=plan_id)
        d = AgencyDebts(st.agency)
        seen = set()
        for a in st.assignments:
            if a.role not in RESPONSIBLE or (jurisdiction and a.plan.jurisdiction != jurisdiction):
                continue
            pr = progress(a.plan, a.task, aid)
            if (pr.state if pr else a.state) != OVERDUE or (a.plan.id, a.task.id) in seen:
                continue
            sample = sample or bool(pr and pr.sample)
            seen.add((a.plan.id, a.task.id))
            d.tasks.append(OverdueTask(a.plan, a.task, a.role))
        for r in st.reports:
            if r.duty.recipient == aid:  # the standing agency does not owe itself a report
                continue
            if r.state == NOT_RECEIVED and r.due and not (jurisdiction and r.plan.jurisdiction != jurisdiction):
                d.reports.append(MissingReport(r.plan, r.duty, r.due, r.period))
        if d.tasks or d.reports:
            d.tasks.sort(key=lambda x: (x.plan.id, x.task.deadline or dt.date.max, x.task.id))
            d.reports.sort(key=lambda x: (x.due, x.plan.id))
            debts.append(d)
    if not debts:
        raise ReminderError("nothing")
    from plans.text import vi_key

    debts.sort(key=lambda d: vi_key(d.agency.name))
    plans = sorted({x.plan.id: x.plan for d in debts for x in [*d.tasks, *d.reports]}.values(), key=lambda p: p.id)
    issuers = sorted({p.issuer for p in plans})
    if len(issuers) > 1:
        raise ReminderError("issuers", ", ".join(repo.names_of(issuers)))
    first = plans[0]
    return ReminderContext(as_of, reply_by or as_of + dt.timedelta(days=7), plans, debts, first.issuer,
                           first.issuer_parent, first.place, first.signer, sample)


def default_number(ctx: ReminderContext) -> str:
    """"…/BCĐ": the number is left for the clerk, with the issuing body's abbreviation."""
    from plans.render.blocks import number_suffix

    suffix = number_suffix(ctx.plans[0].number)
    return f"…/{suffix}" if suffix else "…"


@dataclass
class Letter:
    """The letter's words, laid out by the DOCX and Markdown renderers alike."""

    summary: str                      # "V/v đôn đốc …", under the number
    to: list[str]                     # Kính gửi
    opening: str
    items: list[tuple[str | None, list[tuple[str, list[str]]]]]  # (agency heading, [(line, [sub-lines])])
    closing: list[str]


def letter(repo: Repository, ctx: ReminderContext, issuer: str) -> Letter:
    from plans.render.blocks import shorten
    from plans.text import dmy

    def plan_ref(p: Plan) -> str:
        return f"Kế hoạch số {p.number} ngày {p.date_label()}"

    many = len(ctx.agencies) > 1
    refs = "; ".join(f"{plan_ref(p)} về {p.title[:1].lower()}{p.title[1:]}" for p in ctx.plans)
    opening = (f"Thực hiện {refs}, qua theo dõi, tổng hợp đến ngày {dmy(ctx.as_of)}, "
               f"{'các cơ quan, đơn vị sau' if many else 'cơ quan, đơn vị'} còn "
               f"{_what(ctx)} theo quy định, cụ thể như sau:")
    items = []
    for d in ctx.agencies:
        lines = []
        if d.tasks:
            lines.append(("Nhiệm vụ quá hạn, chưa hoàn thành:", [
                f"Mục {x.task.id}{_of(ctx, x.plan)}: {shorten(x.task.text, 180)} "
                f"(thời hạn {dmy(x.task.deadline)})" for x in d.tasks]))
        if d.reports:
            lines.append(("Báo cáo chưa gửi:", [
                f"{_report_name(x)}{_of(ctx, x.plan)} gửi {repo.name_of(x.duty.recipient)} (hạn {dmy(x.due)})"
                for x in d.reports]))
        items.append((d.agency.name if many else None, lines))
    closing = [f"Để bảo đảm tiến độ thực hiện {'các kế hoạch' if len(ctx.plans) > 1 else 'Kế hoạch'}, {issuer} đề nghị "
               f"{'Thủ trưởng các cơ quan, đơn vị nêu trên' if many else 'Thủ trưởng cơ quan, đơn vị'} khẩn trương "
               f"chỉ đạo {_asks(ctx)} trước ngày {dmy(ctx.reply_by)}.",
               "Đề nghị các cơ quan, đơn vị quan tâm, thực hiện./." if many else "Đề nghị quan tâm, thực hiện./."]
    return Letter("V/v đôn đốc thực hiện nhiệm vụ và chế độ báo cáo", [d.agency.name for d in ctx.agencies], opening,
                  items, closing)


def _report_name(x: MissingReport) -> str:
    """"Báo cáo 6 tháng đầu năm 2026"; a one-off submission: "Văn bản, báo cáo theo mục III.1"."""
    if x.period is not None:
        return f"Báo cáo {x.period.label('vi')}"
    return f"Văn bản, báo cáo theo mục {x.duty.section}" if x.duty.section else "Văn bản, báo cáo"


def _asks(ctx: ReminderContext) -> str:
    tasks = any(d.tasks for d in ctx.agencies)
    reports = any(d.reports for d in ctx.agencies)
    return " và ".join(x for x, on in (("hoàn thành các nhiệm vụ quá hạn", tasks),
                                        ("gửi các báo cáo còn thiếu theo quy định", reports)) if on)


def _what(ctx: ReminderContext) -> str:
    tasks = any(d.tasks for d in ctx.agencies)
    reports = any(d.reports for d in ctx.agencies)
    return " và ".join(x for x, on in (("nhiệm vụ quá hạn chưa hoàn thành", tasks),
                                        ("báo cáo chưa gửi", reports)) if on)


def _of(ctx: ReminderContext, plan: Plan) -> str:
    """", Kế hoạch số …" when the letter covers several plans."""
    return f" Kế hoạch số {plan.number}" if len(ctx.plans) > 1 else ""
