"""``plans status``: what an agency owes and when; without --agency, every agency's counts."""
from __future__ import annotations

from typing import List, Optional

import typer

from enum import Enum

from plans.commands._common import (BOM_HELP, Col, OutFormat, console, dmy, emit_json, fail, load_repo, parse_date,
                                    parse_role, render, resolve_agency, resolve_plan, say, truncate, write_csv)
from plans.commands.completion import complete_agency, complete_jurisdiction, complete_plan
from plans.commands.app import app, lang_of
from plans.i18n import t


class Table(str, Enum):
    tasks = "tasks"
    reports = "reports"
    targets = "targets"


@app.command()
def status(
    ctx: typer.Context,
    agency: Optional[str] = typer.Option(None, "--agency", "-a", help="Tên, tên viết tắt hoặc mã cơ quan (gõ không dấu cũng được).",
                                         autocompletion=complete_agency),
    jurisdiction: Optional[str] = typer.Option(None, "--jurisdiction", "-j", help="Không có --agency: chỉ các cơ quan của một địa bàn (vn, hp, hn, hue…).",
                                               autocompletion=complete_jurisdiction),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Tính đến ngày (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định hôm nay."),
    plan: Optional[str] = typer.Option(None, "--plan", help="Chỉ một kế hoạch (mã hoặc số, ví dụ 53/KH-BCĐ).",
                                       autocompletion=complete_plan),
    role: Optional[str] = typer.Option(None, "--role", help="chủ trì, phối hợp, thực hiện, tham mưu (hoặc lead, partner, executor, advisor)."),
    soon: int = typer.Option(30, "--soon", help="Số ngày coi là sắp đến hạn."),
    all_plans: bool = typer.Option(False, "--all", help="Cả các kế hoạch đã hết thời kỳ."),
    format: OutFormat = typer.Option(OutFormat.table, "--format", "-f", help="table, json, csv, md."),
    table: Optional[Table] = typer.Option(None, "--table", help="CSV: chỉ một bảng (tasks, reports, targets); mặc định cả ba, phân biệt bằng cột “Bảng”."),
    bom: bool = typer.Option(False, "--bom", help=BOM_HELP),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho (mặc định plans)."),
):
    """Việc của một cơ quan trên mọi kế hoạch: nhiệm vụ, báo cáo, chỉ tiêu; không có --agency: tổng hợp theo cơ quan.

    Ví dụ: plans status --agency "so giao duc hai phong" --as-of 01/03/2026
    """
    lang = lang_of(ctx)
    role = parse_role(role, lang)
    day = parse_date(as_of, lang)
    if agency:  # the plans and reports this agency's status needs, from the query index
        from plans.commands._indexed import load_selected
        from plans.index.select import for_status

        repo = load_selected(paths, lang, lambda: for_status(paths, agency, plan))
    else:
        repo = load_repo(paths, lang)
    if plan:
        plan = resolve_plan(repo, plan, lang).id
    if jurisdiction and jurisdiction not in {e.jurisdiction for e in (*repo.agencies.values(), *repo.groups.values())}:
        fail(t("unknown_jurisdiction", lang, value=jurisdiction, choices=", ".join(sorted(repo.jurisdiction_names))))
    from plans.kpi.progress import progress_lookup
    from plans.loading.view import View

    view = View(repo, day)
    if not agency:
        return _overview(view, soon, format, lang, all_plans, jurisdiction, bom)
    ent = resolve_agency(repo, agency, lang)
    from plans.queries.status import agency_status

    _, progress = progress_lookup(view)
    st = agency_status(view, ent.id, plan_id=plan, role=role, soon_days=soon, include_ended=all_plans)
    for a in st.assignments:
        a.progress = progress(a.plan, a.task, ent.id)
    _print_status(repo, st, format, lang, table, bom)



def _via_text(repo, a, lang):
    if not a.via:
        return ""
    key = "via_group" if a.via_kind == "group" else "via_predecessor"
    return t(key, lang, name=repo.name_of(a.via))


def _state_text(a, lang):
    state = a.progress.state if a.progress else a.state
    s = t(f"state_{state}", lang)
    extras = [t("campaign_now", lang, start=dmy(c.start), end=dmy(c.end)) for c in a.campaigns_now]
    extras += [t("day_soon", lang, date=dmy(d), name=n) for d, n in a.days_soon]
    if a.progress and a.progress.evidence:
        extras.append(a.progress.evidence)
    return "; ".join([s, *extras])


def task_rows(repo, st, lang):
    from plans.queries.names import plan_label

    rows = []
    for a in st.assignments:
        rows.append({
            "plan": a.plan.id, "number": a.plan.number, "plan_label": plan_label(repo, a.plan), "task": a.task.id,
            "role": t(f"role_{a.role}", lang), "role_code": a.role,
            "via": _via_text(repo, a, lang), "via_id": a.via,
            "deadline": dmy(a.task.deadline) or (t("state_recurring", lang) if a.task.recurrence else ""),
            "state": _state_text(a, lang), "state_code": a.progress.state if a.progress else a.state,
            "days_left": a.days_left, "text": a.task.text, "short": truncate(a.task.text, 110),
            "assignment": a.task.assignment,
        })
    return rows


def report_rows(repo, st, lang):
    from plans.queries.names import plan_label

    rows = []
    for r in st.reports:
        cutoff = r.period.cutoff if r.period else None
        rows.append({
            "plan": r.plan.id, "number": r.plan.number, "plan_label": plan_label(repo, r.plan),
            "period": r.period.label(lang) if r.period else t(f"kind_{r.duty.period}", lang),
            "period_code": r.period.code if r.period else None,
            "due": dmy(r.due), "cutoff": f"{dmy(cutoff[0])}–{dmy(cutoff[1])}" if cutoff else "",
            "cutoff_text": f"{dmy(cutoff[0])} – {dmy(cutoff[1])}" if cutoff else "",
            "recipient": repo.name_of(r.duty.recipient), "recipient_id": r.duty.recipient,
            "state": t(f"state_{r.state}", lang), "state_code": r.state,
            "via": repo.name_of(r.via) if r.via and r.via != st.agency.id else "",
        })
    return rows


def _print_status(repo, st, format, lang, table=None, bom=False):
    from plans.queries.names import plan_label
    from plans.text import goal

    tasks = task_rows(repo, st, lang)
    reports = report_rows(repo, st, lang)
    head = f"{st.agency.name} ({st.agency.id}) — {t('as_of', lang, date=dmy(st.as_of))}"
    notes = []
    if st.agency.valid_to and st.agency.valid_to < st.as_of and st.successors:
        notes.append(t("ceased", lang, date=dmy(st.agency.valid_to), names=", ".join(s.name for s in st.successors)))
    elif st.successors and st.agency.valid_to:
        notes.append(t("ceased", lang, date=dmy(st.agency.valid_to), names=", ".join(s.name for s in st.successors)))
    if st.predecessors:
        notes.append(t("predecessor_note", lang, names=", ".join(p.name for p in st.predecessors)))
    target_rows = [{"plan": p.id, "number": p.number, "plan_label": plan_label(repo, p), "task": tg.id, "text": tg.text,
                    "target": goal(tg.comparator, tg.threshold, tg.unit, lang),
                    "indicator": tg.indicator} for p, tg in ((x.plan, x.target) for x in st.targets)]

    sample = any(a.progress is not None and a.progress.sample for a in st.assignments)
    if sample:
        notes.insert(0, t("sample_data", lang) + " — " + t("sample_progress", lang))
    if format is OutFormat.json:
        emit_json({"sample_data": sample,
                   "agency": {"id": st.agency.id, "name": st.agency.name,
                              "valid_to": str(st.agency.valid_to) if st.agency.valid_to else None,
                              "successors": [s.id for s in st.successors],
                              "predecessors": [p.id for p in st.predecessors]},
                   "as_of": str(st.as_of), "notes": notes, "tasks": tasks, "reports": reports, "targets": target_rows})
        return
    if format is OutFormat.csv:
        return _status_csv(tasks, reports, target_rows, lang, table, bom)
    out = console()
    if format is OutFormat.md:
        from plans.output.escape import md_text

        typer.echo(f"## {md_text(head)}\n")
        for n in notes:
            typer.echo(f"> {md_text(n)}\n")
    else:
        say(out, head, "bold")
        for n in notes:
            say(out, n, "yellow")
    if not tasks:
        typer.echo(t("no_tasks", lang))
    by_plan: dict[str, list] = {}
    for r in tasks:
        by_plan.setdefault(r["plan"], []).append(r)
    for pid, rows in by_plan.items():
        p = repo.plans[pid]
        title = f"{t('tasks_heading', lang)} — {p.number} ({p.date_label()}): {truncate(p.title, 90)}"
        render(rows, [Col("task", "col_task"), Col("role", "col_role"), Col("via", "col_via", drop=1),
                      Col("deadline", "col_deadline"), Col("state", "col_state"), Col("short", "col_text", min=20)],
               format, lang, title=title, out=out)
    if reports:
        render(reports, [Col("plan_label", "col_plan"), Col("period", "col_period"), Col("due", "col_due"),
                         Col("cutoff_text", "col_cutoff", drop=2), Col("recipient", "col_recipient", drop=1),
                         Col("state", "col_state")], format, lang, title=t("reports_heading", lang), out=out)
    if target_rows:
        render(target_rows, [Col("plan_label", "col_plan"), Col("task", "col_id"), Col("target", "col_target"),
                             Col("text", "col_text", min=20)], format, lang, title=t("targets_heading", lang), out=out)


# The CSV of an agency's status: one table, one header; each row says which table it belongs to
# ("Bảng": nhiệm vụ, báo cáo, chỉ tiêu) and fills the columns that table has; --table keeps one.
_CSV_COLUMNS = {
    "tasks": [("number", "col_plan"), ("task", "col_task"), ("role", "col_role"), ("via", "col_via"),
              ("deadline", "col_deadline"), ("state", "col_state"), ("text", "col_text"), ("plan", "col_plan_id")],
    "reports": [("number", "col_plan"), ("period", "col_period"), ("due", "col_due"), ("cutoff", "col_cutoff"),
                ("recipient", "col_recipient"), ("state", "col_state"), ("plan", "col_plan_id")],
    "targets": [("number", "col_plan"), ("task", "col_id"), ("target", "col_target"), ("text", "col_text"),
                ("plan", "col_plan_id")],
}


def _status_csv(tasks, reports, targets, lang, table, bom):
    tables = {"tasks": tasks, "reports": reports, "targets": targets}
    names = [table.value] if table else list(tables)
    cols: list[tuple[str, str]] = []
    for n in names:
        for c in _CSV_COLUMNS[n]:
            if c not in cols:
                cols.append(c)
    if not table:
        cols.insert(0, ("table", "col_table"))
    rows = [[t(f"table_{n[:-1]}", lang) if k == "table" else r.get(k) for k, _ in cols]
            for n in names for r in tables[n]]
    write_csv([t(h, lang) for _, h in cols], rows, bom=bom)


def _overview(view, soon, format, lang, all_plans, jurisdiction=None, bom=False):
    from plans.queries.status import overview

    day = view.as_of
    rows = overview(view, soon_days=soon, include_ended=all_plans, jurisdiction=jurisdiction)
    if format is OutFormat.json:
        emit_json({"as_of": str(day), "jurisdiction": jurisdiction, "agencies": rows})
        return
    for r in rows:
        r["overdue_since_text"] = dmy(r["overdue_since"])
        r["next_due_text"] = dmy(r["next_due"])
    cols = [Col("name", "col_agency", min=20)] + ([] if jurisdiction else [Col("jurisdiction", "col_jurisdiction")])
    cols += [Col("agency", "col_id", drop=3), Col("tasks", "col_tasks"),
             Col("lead", "col_lead", drop=1), Col("overdue", "col_overdue"),
             Col("overdue_since_text", "col_overdue_since"), Col("due_soon", "col_due_soon", drop=2),
             Col("next_due_text", "col_next_due"), Col("reports_not_received", "col_reports_missing")]
    title = t("as_of", lang, date=dmy(day))
    if jurisdiction:
        title = f"{view.repo.jurisdiction_names.get(jurisdiction, jurisdiction)} — {title}"
    render(rows, cols, format, lang, title=title, bom=bom)
