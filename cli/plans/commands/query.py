"""``plans tasks``, ``plans plans``, ``plans agencies``, ``plans show``."""
from __future__ import annotations

from typing import List, Optional

import typer

from plans.commands._common import (BOM_HELP, Col, OutFormat, console, dmy, emit, emit_json, fail, load_repo,
                                    parse_date, parse_role, render, resolve_agency, resolve_plan, truncate)
from plans.commands.completion import complete_agency, complete_jurisdiction, complete_plan, complete_plan_item
from plans.commands.app import app, lang_of
from plans.i18n import t, t_or
from plans.queries.names import plan_label


@app.command()
def tasks(
    ctx: typer.Context,
    plan: Optional[str] = typer.Option(None, "--plan", help="Mã hoặc số kế hoạch (53/KH-BCĐ).", autocompletion=complete_plan),
    agency: Optional[str] = typer.Option(None, "--agency", "-a", help="Cơ quan (tên, viết tắt, mã; không dấu được).",
                                         autocompletion=complete_agency),
    role: Optional[str] = typer.Option(None, "--role", help="chủ trì, phối hợp, thực hiện, tham mưu (hoặc lead, partner, executor, advisor)."),
    section: Optional[str] = typer.Option(None, "--section", help="Mục, ví dụ II.2 (gồm cả mục con)."),
    due_before: Optional[str] = typer.Option(None, "--due-before", help="Thời hạn trước hoặc bằng ngày."),
    due_after: Optional[str] = typer.Option(None, "--due-after", help="Thời hạn sau hoặc bằng ngày."),
    recurring: Optional[bool] = typer.Option(None, "--recurring/--not-recurring", help="Chỉ việc thường xuyên / không."),
    search: Optional[str] = typer.Option(None, "--search", "-s", help="Tìm trong nội dung (không phân biệt dấu, hoa thường)."),
    format: OutFormat = typer.Option(OutFormat.table, "--format", "-f", help="table, json, csv, md."),
    bom: bool = typer.Option(False, "--bom", help=BOM_HELP),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho."),
):
    """Lọc nhiệm vụ trên mọi kế hoạch.

    Ví dụ: plans tasks --agency "bo cong an" --search "30/7"
    """
    from plans.queries.tasks import find_tasks

    lang = lang_of(ctx)
    role = parse_role(role, lang)
    repo = load_repo(paths, lang)
    if plan:
        plan = resolve_plan(repo, plan, lang).id
    agency_id = resolve_agency(repo, agency, lang).id if agency else None
    rows = find_tasks(repo, plan=plan, agency=agency_id, role=role, section=section,
                      due_before=parse_date(due_before, lang) if due_before else None,
                      due_after=parse_date(due_after, lang) if due_after else None,
                      recurring=recurring, text=search)
    out = [{
        "plan": r.plan.id, "number": r.plan.number, "plan_label": plan_label(repo, r.plan), "task": r.task.id,
        "role": t(f"role_{r.role}", lang) if r.role else "", "via": (repo.entity(r.via).name if r.via and
                                                                        repo.entity(r.via) else ""),
        "lead": ", ".join(repo.names_of(r.task.lead)), "partner": ", ".join(repo.names_of(r.task.partner)),
        "executor": ", ".join(repo.names_of(r.task.executor)),
        "deadline": dmy(r.task.deadline) or (t("state_recurring", lang) if r.task.recurrence else ""),
        "text": r.task.text, "short": truncate(r.task.text, 100), "assignment": r.task.assignment,
    } for r in rows]
    if format is OutFormat.json:
        emit_json(out)
        return
    one_plan = format is OutFormat.table and len({r["plan"] for r in out}) == 1
    cols = [] if one_plan else [Col("plan_label", "col_plan", raw="number")]
    cols += [Col("task", "col_task")]
    if agency_id:
        cols += [Col("role", "col_role"), Col("via", "col_via", drop=1)]
    cols += [Col("deadline", "col_deadline"), Col("short" if format is OutFormat.table else "text", "col_text", min=24)]
    if format is OutFormat.csv:
        cols.append(Col("plan", "col_plan_id"))
    title = f"{t('col_plan', lang)} {out[0]['plan_label']}: {truncate(rows[0].plan.title, 90)}" if one_plan else None
    render(out, cols, format, lang, title=title, bom=bom)



@app.command("plans")
def plans_cmd(
    ctx: typer.Context,
    format: OutFormat = typer.Option(OutFormat.table, "--format", "-f", help="table, json, csv, md."),
    bom: bool = typer.Option(False, "--bom", help=BOM_HELP),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho."),
):
    """Danh sách kế hoạch: số, cơ quan ban hành, ngày, thời kỳ, kế hoạch cấp trên.

    Ví dụ: plans plans --format md
    """
    from plans.queries.tasks import list_plans

    lang = lang_of(ctx)
    repo = load_repo(paths, lang)
    rows = []
    for p in list_plans(repo):
        impl = [i.plan if i.plan else f"{i.ref.number}" for i in p.implements]
        rows.append({"id": p.id, "number": p.number, "issuer": repo.names_of([p.issuer])[0], "issuer_id": p.issuer,
                     "date": p.date_label(), "date_short": _short_span(p),
                     "period": f"{dmy(p.period_start)}–{dmy(p.period_end)}",
                     "implements": "; ".join(impl), "title": p.title, "tasks": sum(1 for _ in p.tasks()),
                     "targets": len(p.targets), "unverified": len(p.unverified)})
    if format is OutFormat.json:
        emit_json(rows)
        return
    render(rows, [Col("id", "col_id"), Col("number", "col_number"), Col("issuer", "col_issuer", drop=3),
                  Col("date_short", "col_date", raw="date"), Col("period", "col_years", drop=2),
                  Col("implements", "col_implements", drop=1), Col("title", "col_title", min=20)],
           format, lang, bom=bom)


def _short_span(p) -> str:
    """The plan's date as ``date_label``, a range within one year written once: "11/02–19/03/2026"."""
    a, b = p.date_from, p.date_to
    if p.date or not a or not b or a.year != b.year or a.month == b.month:
        return p.date_label()
    return f"{a:%d/%m}–{b:%d/%m/%Y}"


@app.command()
def agencies(
    ctx: typer.Context,
    search: Optional[str] = typer.Argument(None, help="Tìm theo tên, viết tắt, mã (không dấu được)."),
    jurisdiction: Optional[str] = typer.Option(None, "--jurisdiction", "-j", help="vn, hp, hn, hue…",
                                               autocompletion=complete_jurisdiction),
    show: Optional[str] = typer.Option(None, "--show", help="Xem đầy đủ một cơ quan: tên khác, nhóm, kế thừa.",
                                       autocompletion=complete_agency),
    format: OutFormat = typer.Option(OutFormat.table, "--format", "-f", help="table, json, csv, md."),
    bom: bool = typer.Option(False, "--bom", help=BOM_HELP),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho."),
):
    """Sổ cơ quan: liệt kê, tìm, xem một cơ quan.

    Ví dụ: plans agencies "lao dong" -j hn ; plans agencies --show "so lao dong ha noi"
    """
    from plans.queries.tasks import list_agencies

    lang = lang_of(ctx)
    repo = load_repo(paths, lang)
    if show:
        ent = resolve_agency(repo, show, lang)
        return _show_entity(repo, ent, format, lang, bom)
    rows = [{"id": e.id, "name": e.name, "short": ", ".join(getattr(e, "short", []) or []),
             "level": "group" if e.is_group else e.level,
             "level_label": t("entity_group", lang) if e.is_group else display_value(repo, "level", e.level, lang),
             "valid": _validity(e)} for e in list_agencies(repo, search, jurisdiction)]
    if format is OutFormat.json:
        emit_json(rows)
        return
    render(rows, [Col("id", "col_id"), Col("name", "col_name", min=20), Col("short", "col_short", drop=2),
                  Col("level_label", "col_level", drop=1), Col("valid", "col_validity", drop=3)], format, lang, bom=bom)


def _validity(e) -> str:
    if not e.valid_from and not e.valid_to:
        return ""
    return f"{dmy(e.valid_from) or '…'} – {dmy(e.valid_to) or '…'}"


def entity_doc(repo, e) -> dict:
    doc = {"id": e.id, "name": e.name, "kind": "group" if e.is_group else "agency", "jurisdiction": e.jurisdiction,
           "aliases": list(e.aliases), "valid_from": str(e.valid_from) if e.valid_from else None,
           "valid_to": str(e.valid_to) if e.valid_to else None,
           "successor": [{"id": s, "name": repo.names_of([s])[0]} for s in e.successor], "note": e.note,
           "file": str(e.pos)}
    if e.is_group:
        doc.update({"includes": e.includes, "members": sorted(repo.group_members(e.id)), "open": e.open})
    else:
        doc.update({"short": e.short, "parent": e.parent, "level": e.level, "type": e.type,
                    "groups": sorted(repo.groups_of(e.id)), "basis": e.basis})
    doc["file"] = doc.pop("file")  # where it is written, last
    return doc


def _show_entity(repo, e, format, lang, bom=False):
    doc = entity_doc(repo, e)
    if format is OutFormat.json:
        emit_json(doc)
        return
    render(display_rows(repo, doc, lang), [("field", "col_field"), ("value", "col_value")], format, lang,
           title=f"{e.name} ({e.id})", bom=bom)


def display_rows(repo, doc: dict, lang: str) -> list[dict]:
    """A JSON document of one agency, group or plan item as (label, value) rows people read:
    labels and coded values ("province", "continuous", true) in ``lang``, ids with their names."""
    rows = []
    for k, v in doc.items():
        if v in (None, [], ""):
            continue
        if k in ("comparator", "threshold", "unit") and doc.get("comparator") and doc.get("threshold") is not None:
            if k == "comparator":  # a target's goal as the plan states it: "≥ 100%", "bằng 0"
                from plans.text import goal

                rows.append({"field": t("field_comparison", lang), "field_code": "goal",
                             "value": goal(doc["comparator"], doc["threshold"], doc.get("unit"), lang)})
            continue
        rows.append({"field": t_or(f"field_{k}", lang, k), "field_code": k, "value": display_value(repo, k, v, lang)})
    return rows


def _date_text(v) -> str:
    import datetime as dt

    try:
        return dmy(dt.date.fromisoformat(v))
    except (TypeError, ValueError):
        return str(v)


def display_value(repo, key: str, v, lang: str) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return t("yes" if v else "no", lang)
    if isinstance(v, list):
        return "; ".join(_display_item(repo, x, lang) for x in v)
    if key in ("level", "type", "recurrence", "direction", "unit"):
        return t_or(f"{key}_{v}", lang, str(v))
    if key == "kind":
        return t_or(f"entity_{v}", lang, str(v))
    if key == "jurisdiction":
        place = repo.jurisdiction_names.get(v)
        return f"{place} ({v})" if place else str(v)
    if key in ("valid_from", "valid_to", "deadline"):
        return _date_text(v)
    if key == "indicator" and v in repo.indicators:
        ind = repo.indicators[v]
        return f"{(ind.name_en or ind.name) if lang == 'en' else ind.name} ({v})"
    if key in ("parent", "plan_id"):
        return _display_item(repo, v, lang)
    return str(v)


def _display_item(repo, x, lang: str) -> str:
    if isinstance(x, dict):
        if "id" in x and "name" in x:
            return f"{x['name']} ({x['id']})"
        if "start" in x and "end" in x:
            span = f"{_date_text(x['start'])}–{_date_text(x['end'])}"
            return f"{x['name']}: {span}" if x.get("name") else span
        if "date" in x and str(x["date"]).startswith("--"):
            month, day = str(x["date"])[2:].split("-")
            return f"{int(day)}/{int(month)}: {x.get('name') or ''}".rstrip(": ")
        if "number" in x:
            parts = [" ".join(p for p in (x.get("type"), x.get("number")) if p)]
            if x.get("date"):
                parts.append(t("date_of", lang, date=_date_text(x["date"])))
            if x.get("issuer"):
                parts.append(t("issued_by", lang, issuer=x["issuer"]))
            return " ".join(parts) + (f": {x['title']}" if x.get("title") else "")
        return ", ".join(f"{t_or('field_' + k, lang, k)}: {display_value(repo, k, v, lang)}"
                         for k, v in x.items() if v not in (None, [], ""))
    if isinstance(x, str):
        if repo.entity(x):
            return f"{repo.name_of(x)} ({x})"
        if x in repo.plans:
            return f"{repo.plans[x].number} ({x})"
    return str(x)


@app.command()
def show(
    ctx: typer.Context,
    ref: str = typer.Argument(..., help="Kế hoạch (mã vn-2025-53-kh-bcd hoặc số 53/KH-BCĐ), hoặc kế hoạch:mục "
                                        "(vn-2025-53-kh-bcd:II.2.a.3).", autocompletion=complete_plan_item),
    format: OutFormat = typer.Option(OutFormat.table, "--format", "-f", help="table, json, csv, md."),
    bom: bool = typer.Option(False, "--bom", help=BOM_HELP),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho."),
):
    """Xem toàn bộ một kế hoạch hoặc một mục/nhiệm vụ.

    Ví dụ: plans show vn-2025-53-kh-bcd:II.2.a.3
    """
    lang = lang_of(ctx)
    repo = load_repo(paths, lang)
    plan_ref, _, node_id = ref.partition(":")
    plan = resolve_plan(repo, plan_ref, lang)
    from plans.output.plan_text import node_to_dict, plan_to_dict, plan_to_markdown

    if node_id:
        node = plan.find(node_id)
        if node is None:
            fail(t("not_found", lang, id=ref))
        doc = node_to_dict(repo, node)
        if format is OutFormat.json:
            emit_json(doc)
            return
        render(display_rows(repo, doc, lang), [("field", "col_field"), ("value", "col_value")], format, lang,
               title=f"{plan_label(repo, plan)} — {node_id}", bom=bom)
        return
    if format is OutFormat.json:
        emit_json(plan_to_dict(repo, plan))
        return
    text = plan_to_markdown(repo, plan, lang)
    if format is OutFormat.md:
        typer.echo(text)
    elif format is OutFormat.csv:
        fail(t("bad_format", lang, fmt="csv", choices="table, json, md"))
    else:  # the plan as a document, wrapped to the terminal's width (COLUMNS, 80 in a pipe)
        from rich.markdown import Markdown

        emit(console(), Markdown(text))
