"""``plans kpi`` (target attainment) and ``plans report new`` (a report skeleton to fill in)."""
from __future__ import annotations

from typing import List, Optional

import typer

from plans.commands._common import (BOM_HELP, Col, OutFormat, console, emit_json, fail, load_repo, parse_date, parse_period, render,
                                    resolve_agency, resolve_plan, say)
from plans.commands.completion import complete_agency, complete_plan
from plans.commands.app import app, lang_of
from plans.i18n import t


def _component_name(indicator, cid: str, lang: str) -> str:
    """A figure's name as people read it ("Số vụ phạm tội …"); its id where the catalog has none."""
    c = indicator.component(cid) if indicator else None
    if c is None:
        return cid
    return (c.name_en or c.name) if lang == "en" else c.name


def attainment_rows(repo, rows, lang: str) -> list[dict]:
    from plans.output.csvout import csv_number
    from plans.queries.names import plan_label
    from plans.text import goal
    from plans.text import num as _num

    out = []
    for a in rows:
        tg = a.target
        unit = "%" if tg.unit == "percent" else ""
        out.append({
            "plan": a.plan.id, "number": a.plan.number, "plan_label": plan_label(repo, a.plan),
            "period": a.period.code, "period_label": a.period.label(lang),
            "target": tg.id, "indicator": tg.indicator, "text": tg.text,
            "goal": goal(tg.comparator, tg.threshold, tg.unit, lang) + (
                f" ({tg.period_start.year}–{tg.period_end.year})" if tg.period_start and tg.period_end else ""),
            "value": (_num(a.value) + unit) if a.value is not None else "",
            "value_exact": float(a.value) if a.value is not None else None,
            "value_number": csv_number(a.value), "unit": unit,
            "margin_number": csv_number(a.margin),
            "status": t(f"status_{a.status}", lang), "status_code": a.status,
            "margin": (("+" if a.margin > 0 else "") + _num(a.margin)) if a.margin is not None else "",
            "baseline": (_num(a.baseline_value) + unit) if a.baseline_value is not None else
                        ("; ".join(f"{_component_name(a.indicator, k, lang)}: {_num(v)}" for k, v in a.baseline.items())
                         if a.baseline else ""),
            "missing": ", ".join(repo.entity(m).name if repo.entity(m) else m for m in a.missing),
            "missing_ids": a.missing,
            "problems": "; ".join(t(f"problem_{p}", lang) for p in a.problems),
            "problem_codes": a.problems,
            "sample": a.sample,
        })
    return out


@app.command()
def kpi(
    ctx: typer.Context,
    plan: Optional[str] = typer.Option(None, "--plan", help="Mã hoặc số kế hoạch (mặc định: mọi kế hoạch có báo cáo).",
                                       autocompletion=complete_plan),
    period: Optional[str] = typer.Option(None, "--period", help="Kỳ: 2026, 2026-H1, 2026-9M, 2026-Q1, 2026-M03."),
    agency: Optional[str] = typer.Option(None, "--agency", "-a", help="Chỉ số liệu của một cơ quan.",
                                         autocompletion=complete_agency),
    trend: bool = typer.Option(False, "--trend", help="Giá trị theo từng kỳ đã có báo cáo."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Tính đến ngày (dd/mm/yyyy): chỉ báo cáo đã nhận đến ngày đó, của kỳ đã chốt số liệu. Mặc định hôm nay."),
    format: OutFormat = typer.Option(OutFormat.table, "--format", "-f", help="table, json, csv, md."),
    bom: bool = typer.Option(False, "--bom", help=BOM_HELP),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho (mặc định plans và kpi)."),
):
    """Mức đạt chỉ tiêu: giá trị, ngưỡng, đạt/không đạt/chưa đủ số liệu, chênh lệch, đơn vị chưa báo cáo.

    Ví dụ: plans kpi --plan hp-2026-kh-bcd799-pttd-pctp --period 2026-H1
    """
    from plans.kpi.attainment import attainment, report_periods

    lang = lang_of(ctx)
    wanted = parse_period(period, lang) if period else None  # a usage error before any loading
    day = parse_date(as_of, lang)
    from plans.commands._indexed import load_selected
    from plans.index.select import for_kpi

    repo = load_selected(paths, lang, lambda: for_kpi(paths, plan, wanted.code if wanted else None))
    if plan:
        plan = resolve_plan(repo, plan, lang).id
    agency_id = resolve_agency(repo, agency, lang).id if agency else None
    from plans.loading.view import View

    view = View(repo, day)
    plans = [repo.plans[plan]] if plan else [p for p in repo.plans.values() if report_periods(view, p)]
    rows = []
    for p in plans:
        ps = report_periods(view, p)
        if wanted:
            ps = [wanted]
        elif not trend and ps:
            ps = ps[-1:]  # the latest period reported
        for per in ps:
            rows.extend(attainment(view, p, per, agency_id))
    out = attainment_rows(repo, rows, lang)
    sample = any(r["sample"] for r in out)
    if format is OutFormat.json:
        emit_json({"sample_data": sample, "targets": out})
        return
    con = console()
    if sample:
        if format is OutFormat.md:
            typer.echo(f"> **{t('sample_data', lang)}**\n")
        elif format is OutFormat.table:
            say(con, t("sample_data", lang), "bold red")
    # In a table, a plan (or a period) that every row shares is said once, above the table.
    one_plan = format is OutFormat.table and len({r["plan"] for r in out}) == 1
    one_period = format is OutFormat.table and not trend and len({r["period"] for r in out}) == 1
    title = None
    if out and (one_plan or one_period):
        title = " — ".join(([f"{t('col_plan', lang)} {out[0]['plan_label']}"] if one_plan else [])
                           + ([f"{t('col_period', lang)} {out[0]['period']}"] if one_period else []))
    plan_col = [] if one_plan else [Col("plan_label", "col_plan", raw="number")]
    period_col = [] if one_period else [Col("period", "col_period")]
    if trend:
        cols = [*plan_col, Col("target", "col_id"), Col("period", "col_period"),
                Col("value", "col_value", raw="value_number"), Col("goal", "col_goal"), Col("status", "col_state")]
    else:
        cols = [*plan_col, *period_col, Col("target", "col_id"), Col("text", "col_target", min=30),
                Col("goal", "col_goal"), Col("value", "col_value", raw="value_number"), Col("status", "col_state"),
                Col("margin", "col_margin", drop=2, raw="margin_number"), Col("baseline", "col_baseline", drop=4),
                Col("missing", "col_missing", drop=3), Col("problems", "col_note", drop=1)]
    if format is OutFormat.csv:
        cols += [Col("unit", "col_unit"), Col("plan", "col_plan_id")]
    if format is OutFormat.csv and sample:
        for r in out:
            r["problems"] = (t("sample_data", lang) + "; " + r["problems"]).strip("; ")
    render(out, cols, format, lang, title=title, bom=bom)
    if sample and format is OutFormat.table:
        say(con, t("sample_data", lang), "bold red")


report_app = typer.Typer(help="Báo cáo định kỳ: tạo khung báo cáo để điền.", no_args_is_help=True)
app.add_typer(report_app, name="report")


@report_app.command("new")
def report_new(
    ctx: typer.Context,
    plan: str = typer.Option(..., "--plan", help="Mã hoặc số kế hoạch.", autocompletion=complete_plan),
    period: str = typer.Option(..., "--period", help="Kỳ: 2026-H1, 2026, 2026-Q3…"),
    agency: str = typer.Option(..., "--agency", "-a", help="Cơ quan báo cáo.", autocompletion=complete_agency),
    out: Optional[str] = typer.Option(None, "-o", "--output", help="Tệp ghi ra (mặc định kpi/reports/…)."),
    sample: bool = typer.Option(False, "--sample", help="Đánh dấu là dữ liệu mẫu."),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho."),
    format: str = typer.Option("yaml", "--format", "-f", help="yaml (khung trong kho) hoặc xlsx (sổ Excel gửi cơ quan)."),
    force: bool = typer.Option(False, "--force", help="Chỉ với xlsx: ghi đè sổ đã có."),
):
    """Tạo khung báo cáo: mọi chỉ số và nhiệm vụ cơ quan phải báo cáo trong kỳ, để điền số liệu.

    Ví dụ: plans report new --plan hp-2026-kh-bcd799-pttd-pctp --period 2026-H1 --agency "cong an hai phong"
    Sổ Excel: thêm --format xlsx [-o TỆP.xlsx]; nhập lại bằng plans report import TỆP.xlsx
    """
    import os

    from plans.commands._writes import refusal
    from plans.kpi.skeleton import report_path, report_skeleton, to_yaml
    from plans.output.safewrite import EXISTS, WriteRefused, data_dirs, repository_root, write_atomic

    lang = lang_of(ctx)
    if format not in ("yaml", "xlsx"):
        fail(t("bad_format", lang, fmt=format, choices="yaml, xlsx"))
    per = parse_period(period, lang)
    repo = load_repo(paths, lang)
    plan = resolve_plan(repo, plan, lang).id
    from plans.kpi.attainment import plan_covers

    if not plan_covers(repo.plans[plan], per):
        fail(t("period_not_in_plan", lang, period=per.code, plan=repo.plans[plan].number))
    ent = resolve_agency(repo, agency, lang)
    if format == "xlsx":
        from plans.commands.exchange import write_form

        return write_form(repo, repo.plans[plan], per, ent, out, force, sample, lang)
    if out:  # the user's own choice: anywhere but the plans and the schemas, never over a file
        target, root = out, None
        protected = tuple(d for d in data_dirs(out) if os.path.basename(d) != "kpi")
    else:  # kpi/reports/<plan>/<period>/<agency>.yaml of the repository, and nowhere else
        reports = repository_root(".") / "kpi" / "reports"
        try:
            target = str(report_path(reports, plan, per.code, ent.id))
        except ValueError as e:
            fail(t("bad_path_id", lang, id=e.args[1]))
        target, root, protected = os.path.relpath(target), reports, ()
    doc = report_skeleton(repo, repo.plans[plan], per, ent, sample=sample)
    text = to_yaml(doc)
    try:
        write_atomic(target, text, allowed_root=root, protected=protected)
    except WriteRefused as e:
        fail(t("exists", lang, path=target) if e.reason == EXISTS else refusal(e, lang))
    typer.echo(t("written", lang, path=target, tasks=len(doc["tasks"]), figures=len(doc["figures"])))
