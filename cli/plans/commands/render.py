"""``plans render plan`` and ``plans render report``: Markdown or DOCX in the state's format."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from plans.commands._common import fail, load_repo, parse_date, parse_period, template_document
from plans.commands.app import app, lang_of
from plans.i18n import t

render_app = typer.Typer(help="Xuất văn bản: kế hoạch, báo cáo kết quả (Markdown, DOCX theo Nghị định 30/2020).",
                         no_args_is_help=True)
app.add_typer(render_app, name="render")


FORCE_HELP = "Ghi đè tệp đã có (không bao giờ ghi vào plans/, kpi/, schema/ hay qua liên kết)."


class DocFormat(str, Enum):
    md = "md"
    docx = "docx"


def _office(path: Optional[str], lang: str) -> dict:
    """Optional office settings (issuer, parent, number, signer, recipients) in a small YAML file."""
    if not path:
        return {}
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as e:
        fail(t("bad_config", lang, file=path, error=str(e).splitlines()[0]))
    if not isinstance(data, dict):
        fail(t("bad_config", lang, file=path, error=t("need_mapping", lang)))
    if not isinstance(data.get("signer", {}), dict):
        fail(t("bad_config", lang, file=path, error="signer: " + t("need_mapping", lang)))
    if not isinstance(data.get("recipients", []), list):
        fail(t("bad_config", lang, file=path, error="recipients: " + t("need_list", lang)))
    return data


def _write(data: bytes | str, out: Optional[str], lang: str, force: bool = False, extra=()) -> None:
    """Print ``data``, or write it to ``out`` (with the ``extra`` [(path, bytes)] files beside it) through
    the one safe write path: all or nothing, never into plans/, kpi/, schema/, never over a file without
    --force."""
    if out is None:
        typer.echo(data if isinstance(data, str) else data.decode())
        return
    from plans.commands._writes import write_outputs

    write_outputs([*extra, (out, data)], lang, force=force)
    typer.echo(t("rendered", lang, path=out), err=True)


@render_app.command("plan")
def render_plan(
    ctx: typer.Context,
    plan_id: str = typer.Argument(..., help="Mã kế hoạch."),
    format: DocFormat = typer.Option(DocFormat.md, "--format", "-f", help="md hoặc docx."),
    out: Optional[str] = typer.Option(None, "-o", "--output", help="Tệp ghi ra (bắt buộc với docx)."),
    appendix: bool = typer.Option(False, "--appendix", help="Kèm Phụ lục phân công nhiệm vụ (trang ngang)."),
    template: Optional[str] = typer.Option(None, "--template", help="Mẫu Word khác templates/van-ban.docx."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho."),
):
    """Xuất kế hoạch thành văn bản (Markdown hoặc DOCX), có thể kèm phụ lục phân công.

    Ví dụ: plans render plan vn-2025-53-kh-bcd --format docx --appendix -o 53-KH-BCD.docx
    """
    lang = lang_of(ctx)
    repo = load_repo(paths, lang)
    plan = repo.plans.get(plan_id)
    if plan is None:
        fail(t("unknown_plan", lang, id=plan_id))
    if format is DocFormat.md:
        from plans.render.markdown import plan_to_markdown

        text = plan_to_markdown(repo, plan, lang)
        if appendix:
            text += _appendix_md(repo, plan)
        _write(text, out, lang, force)
        return
    if not out:
        fail(t("need_output", lang))
    from plans.render.docx_render import plan_document, to_bytes

    doc = template_document(lambda: plan_document(repo, plan, appendix=appendix,
                                                  template=Path(template) if template else None), lang)
    _write(to_bytes(doc), out, lang, force)


def _appendix_md(repo, plan) -> str:
    from plans.output.escape import md_cell
    from plans.output.plan_text import names
    from plans.render.dates import dmy

    lines = ["", "## PHỤ LỤC PHÂN CÔNG NHIỆM VỤ", ""]
    for top in plan.sections:
        tasks = [t for s in top.walk() for t in s.tasks]
        if not tasks:
            continue
        lines += [f"### {top.id}. {md_cell(top.title or '')}", "",
                  "| Mục | Nhiệm vụ | Chủ trì / thực hiện | Phối hợp | Thời hạn |", "|---|---|---|---|---|"]
        for task in tasks:
            lines.append(f"| {task.id} | {md_cell(task.text)} | {md_cell(', '.join(names(repo, task.lead or task.executor)))}"
                         f" | {md_cell(', '.join(names(repo, task.partner)))} | "
                         f"{dmy(task.deadline) or ('thường xuyên' if task.recurrence else '')} |")
        lines.append("")
    return "\n".join(lines)


@render_app.command("report")
def render_report(
    ctx: typer.Context,
    plan: str = typer.Option(..., "--plan", help="Mã kế hoạch."),
    period: str = typer.Option(..., "--period", help="Kỳ: 2026-H1, 2026, 2026-Q3…"),
    format: DocFormat = typer.Option(DocFormat.md, "--format", "-f", help="md hoặc docx."),
    out: Optional[str] = typer.Option(None, "-o", "--output", help="Tệp ghi ra (bắt buộc với docx)."),
    template: Optional[str] = typer.Option(None, "--template", help="Mẫu Word khác templates/van-ban.docx."),
    office: Optional[str] = typer.Option(None, "--office", help="YAML: issuer, parent, number, signer, recipients."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Lập báo cáo vào ngày (dd/mm/yyyy); chỉ tính báo cáo đã nhận đến ngày đó. Mặc định hôm nay."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho."),
):
    """Báo cáo kết quả thực hiện kế hoạch trong một kỳ: chỉ tiêu (kèm biểu đồ), nhiệm vụ, đơn vị chưa báo cáo.

    Ví dụ: plans render report --plan hp-2026-kh-bcd799-pttd-pctp --period 2026-H1 --format docx -o bc.docx
    """
    from plans.render.charts import attainment_chart
    from plans.render.context import report_context

    lang = lang_of(ctx)
    per = parse_period(period, lang)
    day = parse_date(as_of, lang)
    repo = load_repo(paths, lang)
    p = repo.plans.get(plan)
    if p is None:
        fail(t("unknown_plan", lang, id=plan))
    settings = _office(office, lang)
    from plans.loading.view import View

    rc = report_context(View(repo, day), p, per)
    png = attainment_chart(rc.targets, lang, rc.sample)
    if format is DocFormat.md:
        from plans.render.markdown import report_markdown

        chart, extra = None, []
        if out and png:  # the chart beside the Markdown: both are checked before either is written
            chart_path = Path(out).with_name(Path(out).stem + "-bieu-do.png")
            extra.append((str(chart_path), png))
            chart = chart_path.name
        _write(report_markdown(repo, rc, chart), out, lang, force, extra)
        return
    if not out:
        fail(t("need_output", lang))
    from plans.render.docx_render import report_document, to_bytes

    doc = template_document(lambda: report_document(repo, rc, png, template=Path(template) if template else None,
                                                    office=settings), lang)
    _write(to_bytes(doc), out, lang, force)
