"""Deadlines as an iCalendar file (RFC 5545, through the icalendar library), for Outlook, Google
Calendar, Thunderbird or a phone.

Events, all-day (a deadline is a day, not an hour), in a calendar declared in Asia/Ho_Chi_Minh:

- ``deadline``: a task's deadline;
- ``report``: a report's due date, with the period's data-cutoff window (Nghị định 09/2019/NĐ-CP);
- ``campaign``: a campaign window, as one event over its days;
- ``day``: a day such as 30/7 or 19/8, as a yearly event over the plan's period.

Each event carries a reminder (VALARM) ``alarm_days`` before it, at 08:00. UIDs are derived from what an
event is (scope, kind, plan, task or duty), never from its date or text, so a subscribed calendar updates
an event when a deadline moves instead of adding another. ``calendar_for(repo, agency_id)`` is the one
entry point (the static site publishes one file per agency from it).
"""
from __future__ import annotations

import datetime as dt
import uuid
from functools import lru_cache

from icalendar import Alarm, Calendar, Event, Timezone, vDuration

from plans.loading.model import Plan, Repository
from plans.text import clean

TZID = "Asia/Ho_Chi_Minh"
_NS = uuid.UUID("0b8f6f3e-6f5c-4a53-9a55-3a1f6e1c7d21")  # this tool's namespace for UIDs (uuid5)
KINDS = ("deadline", "report", "campaign", "day")

L = {
    "calname": {"vi": "Thời hạn kế hoạch phòng, chống tội phạm", "en": "Crime-prevention plan deadlines"},
    "deadline": {"vi": "Hạn nhiệm vụ {task} ({plan}): {text}", "en": "Deadline {task} ({plan}): {text}"},
    "report": {"vi": "Hạn gửi báo cáo {period} ({plan})", "en": "Report due: {period} ({plan})"},
    "campaign": {"vi": "{name} ({plan})", "en": "{name} ({plan})"},
    "campaign_unnamed": {"vi": "Đợt cao điểm", "en": "Campaign"},
    "day": {"vi": "{name} ({plan})", "en": "{name} ({plan})"},
    "plan": {"vi": "Kế hoạch {number}: {title}", "en": "Plan {number}: {title}"},
    "cutoff": {"vi": "Chốt số liệu từ {start} đến {end} (Nghị định 09/2019/NĐ-CP, Điều 12).",
               "en": "Data cut off from {start} to {end} (Decree 09/2019/ND-CP, Art. 12)."},
    "recipient": {"vi": "Gửi về: {name}", "en": "To: {name}"},
    "reporters": {"vi": "Đơn vị báo cáo: {names}", "en": "Reporting: {names}"},
    "role": {"vi": "Vai trò của {agency}: {role}", "en": "Role of {agency}: {role}"},
    "lead": {"vi": "Chủ trì: {names}", "en": "Lead: {names}"},
    "partner": {"vi": "Phối hợp: {names}", "en": "Partners: {names}"},
    "as_written": {"vi": "Thời hạn ghi trong kế hoạch: {text}", "en": "Deadline as written: {text}"},
    "tasks": {"vi": "Nhiệm vụ: {ids}", "en": "Tasks: {ids}"},
    "reminder": {"vi": "Nhắc: {summary}", "en": "Reminder: {summary}"},
    "cat_deadline": {"vi": "Thời hạn nhiệm vụ", "en": "Task deadline"},
    "cat_report": {"vi": "Hạn báo cáo", "en": "Report due"},
    "cat_campaign": {"vi": "Đợt cao điểm", "en": "Campaign"},
    "cat_day": {"vi": "Ngày hưởng ứng", "en": "Observance day"},
}


def _l(key: str, lang: str, **kw) -> str:
    s = L[key].get(lang) or L[key]["vi"]
    return s.format(**kw) if kw else s


def _short(s: str, n: int = 90) -> str:
    s = " ".join(clean(s).split())
    if len(s) <= n:
        return s
    cut = s[: n - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > n // 2 else cut).rstrip(" ,;:") + "…"


@lru_cache(maxsize=1)
def _vtimezone_ical() -> bytes:
    tz = Timezone.from_tzid(TZID, first_date=dt.date(1976, 1, 1), last_date=dt.date(1977, 1, 1))
    tz.pop("COMMENT", None)
    return tz.to_ical()


def _vtimezone() -> Timezone:
    """VTIMEZONE for Asia/Ho_Chi_Minh from the tz database (zoneinfo; the tzdata package where the
    system has none). Viet Nam has kept UTC+7 without daylight saving since 1975, so the rules of one
    year after that hold for every later date (icalendar walks the range hour by hour: kept short, and
    computed once)."""
    return Timezone.from_ical(_vtimezone_ical())


def uid(scope: str, kind: str, plan_id: str, key: str) -> str:
    """A UID that stays the same as long as the event is the same thing (not the same date)."""
    return f"{uuid.uuid5(_NS, '|'.join((scope, kind, plan_id, key)))}@plans"


def calendar_for(repo: Repository, agency_id: str | None = None, plan_id: str | None = None,
                 alarm_days: int | None = 3, lang: str = "vi", stamp: dt.datetime | None = None) -> Calendar:
    """The calendar of ``agency_id`` (its tasks' deadlines, the reports it owes, the campaigns and days
    of its tasks), or of the whole repository when ``agency_id`` is None; one plan with ``plan_id``.
    ``alarm_days``: days ahead for the reminder (None: no reminder). ``stamp``: the DTSTAMP (UTC;
    default now), given for byte-identical output."""
    from plans.queries.status import agency_status, due_dates
    from plans.queries.periods import KINDS as PERIOD_KINDS, period_for_due

    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    scope = agency_id or "*"
    plans = [p for p in repo.plans.values() if not plan_id or p.id == plan_id]
    ent = repo.entity(agency_id) if agency_id else None
    cal = Calendar()
    cal.add("prodid", "-//plans//Ke hoach phong, chong toi pham//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = clean(_l("calname", lang) + (f" — {ent.name}" if ent else ""))
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    cal.add("x-wr-timezone", TZID)
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    cal.add_component(_vtimezone())

    def event(kind, plan, key, summary, start, end=None, description=(), rrule=None):
        ev = Event()
        ev.add("uid", uid(scope, kind, plan.id, key))
        ev.add("dtstamp", stamp)
        ev.add("summary", clean(summary))
        ev.add("dtstart", start)
        ev.add("dtend", (end or start) + dt.timedelta(days=1))
        if rrule:
            ev.add("rrule", rrule)
        lines = [*description, _l("plan", lang, number=plan.number, title=_short(plan.title, 200))]
        ev.add("description", clean("\n".join(x for x in lines if x)))
        ev.add("categories", [_l(f"cat_{kind}", lang)])
        ev.add("x-plans-kind", kind)
        ev.add("transp", "TRANSPARENT")
        ev.add("class", "PUBLIC")
        if alarm_days is not None and alarm_days >= 0:
            al = Alarm()
            al.add("action", "DISPLAY")
            al.add("description", clean(_l("reminder", lang, summary=_short(summary, 120))))
            # relative to the start of the day: N days before, at 08:00
            al.add("trigger", vDuration(dt.timedelta(days=-alarm_days, hours=8)).dt)
            ev.add_component(al)
        cal.add_component(ev)

    def names(refs):
        return "; ".join(repo.name_of(r) for r in refs)

    # which tasks, with the agency's role where there is one
    tasks: list[tuple[Plan, object, str | None]] = []
    owed = []
    if ent is not None:
        st = agency_status(repo, ent.id, plan_id=plan_id, include_ended=True)
        seen = set()
        for a in st.assignments:
            if (a.plan.id, a.task.id) not in seen:
                seen.add((a.plan.id, a.task.id))
                tasks.append((a.plan, a.task, a.role))
        owed.extend(st.reports)
    else:
        for p in plans:
            tasks.extend((p, task, None) for task in p.tasks())

    from plans.i18n import t

    for p, task, role in tasks:
        if task.deadline:
            desc = [" ".join(clean(task.text).split())]
            if role:
                desc.append(_l("role", lang, agency=ent.name, role=t(f"role_{role}", lang)))
            if task.lead:
                desc.append(_l("lead", lang, names=names(task.lead)))
            if task.partner:
                desc.append(_l("partner", lang, names=names(task.partner)))
            if task.deadline_text:
                desc.append(_l("as_written", lang, text=task.deadline_text))
            event("deadline", p, task.id, _l("deadline", lang, task=task.id, plan=p.number, text=_short(task.text, 70)),
                  task.deadline, description=desc)

    # campaigns and days: one event per window or day and plan, naming the tasks it concerns
    windows: dict[tuple, list] = {}
    days: dict[tuple, list] = {}
    for p, task, _ in tasks:
        for c in task.campaigns:
            if c.start and c.end and c.start <= c.end:
                windows.setdefault((p.id, c.start, c.end), [p, c, []])[2].append(task.id)
        for d in task.days:
            days.setdefault((p.id, d.date), [p, d, []])[2].append(task.id)
    for (pid, start, end), (p, c, ids) in windows.items():
        event("campaign", p, f"{start.isoformat()}/{end.isoformat()}",
              _l("campaign", lang, name=_short(c.name or _l("campaign_unnamed", lang), 90), plan=p.number),
              start, end, description=[_l("tasks", lang, ids=", ".join(ids))])
    for (pid, date), (p, d, ids) in days.items():
        month, day = d.month_day
        first_year = (p.period_start or p.issued or dt.date.today()).year
        try:
            first = dt.date(first_year, month, day)
            if p.period_start and first < p.period_start:
                first = dt.date(first_year + 1, month, day)
        except ValueError:
            continue
        if p.period_end and first > p.period_end:
            continue
        rule = {"freq": "yearly"}
        if p.period_end:
            rule["until"] = p.period_end
        event("day", p, date, _l("day", lang, name=_short(d.name, 90), plan=p.number), first,
              description=[_l("tasks", lang, ids=", ".join(ids))], rrule=rule)

    # reports: what the agency owes (plans status), or every duty's due dates
    if ent is not None:
        dues = [(r.plan, r.duty, r.due, r.period) for r in owed if r.due]
    else:
        dues = []
        for p in plans:
            for duty in p.reporting:
                for due in due_dates(p, duty):
                    per = period_for_due(duty.period, due) if duty.period in PERIOD_KINDS else None
                    dues.append((p, duty, due, per))
    seen_dues = set()
    for p, duty, due, per in dues:
        index = next((i for i, x in enumerate(p.reporting) if x is duty), 0)
        key = f"{index}:{per.code if per else due.isoformat()}"
        if (p.id, key) in seen_dues:
            continue
        seen_dues.add((p.id, key))
        desc = [_l("recipient", lang, name=repo.name_of(duty.recipient))]
        if per:
            a, b = per.cutoff
            desc.append(_l("cutoff", lang, start=f"{a:%d/%m/%Y}", end=f"{b:%d/%m/%Y}"))
        if ent is None and duty.reporters:
            desc.append(_l("reporters", lang, names=names(duty.reporters)))
        if duty.text:
            desc.append(" ".join(clean(duty.text).split()))
        label = per.label(lang) if per else t(f"kind_{duty.period}", lang)
        event("report", p, key, _l("report", lang, period=label, plan=p.number), due, description=desc)
    return cal


def event_kind(ev) -> str:
    """The kind of an event this module made: deadline, report, campaign or day."""
    return str(ev.get("x-plans-kind", ""))


def calendar_bytes(cal: Calendar) -> bytes:
    return cal.to_ical()


def calendars_by_agency(repo: Repository, plan_id: str | None = None, alarm_days: int | None = 3,
                        lang: str = "vi", stamp: dt.datetime | None = None) -> dict[str, Calendar]:
    """One calendar per agency that has at least one event: what CI publishes for subscription."""
    from plans.queries.status import overview

    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    far = dt.date(1900, 1, 1)  # every plan, ended or not, counts: a calendar keeps its history
    out = {}
    for row in overview(repo, far, include_ended=True):
        cal = calendar_for(repo, row["agency"], plan_id, alarm_days, lang, stamp)
        if any(c.name == "VEVENT" for c in cal.subcomponents):
            out[row["agency"]] = cal
    return out
