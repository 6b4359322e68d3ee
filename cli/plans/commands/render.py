"""``plans render plan|report|reminder``: Markdown, DOCX (Nghị định 30/2020) or PDF (through LibreOffice)."""
from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from plans.commands._common import console, fail, load_repo, parse_date, parse_period, resolve_plan, template_document
from plans.commands.app import app, lang_of
from plans.i18n import t

render_app = typer.Typer(help="Xuất văn bản: kế hoạch, báo cáo kết quả, công văn đôn đốc (Markdown, DOCX theo "
                              "Nghị định 30/2020, PDF).", no_args_is_help=True)
app.add_typer(render_app, name="render")


FORCE_HELP = "Ghi đè tệp đã có (không bao giờ ghi vào plans/, kpi/, schema/ hay qua liên kết)."
FORMAT_HELP = "md, docx hoặc pdf (qua LibreOffice); mặc định theo đuôi tệp -o (.md, .docx, .pdf), không có -o: md."
DRAFT_HELP = "Bản dự thảo: in các giá trị chưa xác minh hoặc còn để trống có đánh dấu."


class DocFormat(str, Enum):
    md = "md"
    docx = "docx"
    pdf = "pdf"


EXTENSIONS = {".md": DocFormat.md, ".markdown": DocFormat.md, ".docx": DocFormat.docx, ".pdf": DocFormat.pdf}


def doc_format(format: Optional[DocFormat], out: Optional[str], lang: str) -> DocFormat:
    """The format asked for, or the one the output file's extension names; a contradiction is refused
    (Markdown in a .docx file opens in Word as a broken document)."""
    by_ext = EXTENSIONS.get(Path(out).suffix.lower()) if out else None
    if format is None:
        format = by_ext or DocFormat.md
    elif by_ext is not None and by_ext is not format:
        fail(t("render_format_mismatch", lang, path=out, fmt=format.value, ext=by_ext.value))
    if format is DocFormat.pdf:  # said before any work is done
        from plans.render.convert import soffice

        if not soffice():
            fail(t("render_pdf_missing", lang))
    return format


def _office(path: Optional[str], lang: str) -> dict:
    """Optional office settings (issuer, parent, number, date, place, signer, recipients) in a small
    YAML file. ``signer`` is a mapping (authority, on_behalf_of, chain, title, name …) or plain text."""
    if not path:
        return {}
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as e:
        fail(t("bad_config", lang, file=path, error=str(e).splitlines()[0]))
    if not isinstance(data, dict):
        fail(t("bad_config", lang, file=path, error=t("need_mapping", lang)))
    signer = data.get("signer")
    if signer is not None and not isinstance(signer, (dict, str)):
        fail(t("bad_config", lang, file=path, error="signer: " + t("render_signer_kind", lang)))
    if not isinstance(data.get("recipients") or [], list):
        fail(t("bad_config", lang, file=path, error="recipients: " + t("need_list", lang)))
    data["recipients"] = [str(x) for x in data.get("recipients") or [] if x is not None]
    for key in ("issuer", "parent", "number", "place"):
        if key in data and data[key] is not None and not isinstance(data[key], (str, int)):
            fail(t("bad_config", lang, file=path, error=f"{key}: " + t("render_need_text", lang)))
        if data.get(key) is not None:
            data[key] = str(data[key])
    if data.get("date") is not None:
        d = data["date"]
        data["date"] = d if isinstance(d, dt.date) else parse_date(str(d), lang)
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


def _binary(doc_bytes: bytes, fmt: DocFormat, lang: str) -> bytes:
    """The DOCX as it is, or converted to PDF by LibreOffice."""
    if fmt is not DocFormat.pdf:
        return doc_bytes
    from plans.render.convert import ConvertError, docx_to_pdf

    try:
        return docx_to_pdf(doc_bytes)
    except ConvertError as e:
        fail(t(f"render_pdf_{e.reason}", lang, detail=e.detail))


def _warn(items, lang: str, draft: bool) -> None:
    """The unverified values the document prints, under the file that lists them, one line each with the
    line of their ``unverified`` entry; then the blank ones (stderr; the exit code stays 0)."""
    if not items:
        return
    con = console(stderr=True)
    text = _keys()

    def what(u):
        key = f"render_what_{u.key}"
        return t(key, lang) if key in text else t("render_what_node", lang, id=u.key)

    unverified = [u for u in items if not u.blank]
    files = list(dict.fromkeys(u.where.rsplit(":", 1)[0] for u in unverified))
    for f in files:
        _say(con, t("render_unverified_head", lang, file=f), "yellow")
        for u in (x for x in unverified if x.where.rsplit(":", 1)[0] == f):
            printed = f" “{u.printed}”" if u.printed else ""
            _say(con, t("render_unverified_item", lang, line=u.where.rsplit(":", 1)[1], what=what(u), printed=printed))
    for u in items:
        if u.blank:
            _say(con, t("render_blank", lang, what=what(u), printed=u.printed or "…"), "yellow")
    if not draft:
        _say(con, t("render_draft_hint", lang))


def _say(con, text: str, style: str | None = None) -> None:
    """A line on stderr: wrapped between words in a terminal, one plain line when redirected."""
    if con.is_terminal:
        con.print(text, markup=False, style=style, overflow="fold")
    else:
        typer.echo(text, err=True)


def _keys():
    from plans.i18n import TEXT

    return TEXT


@render_app.command("plan")
def render_plan(
    ctx: typer.Context,
    plan_id: str = typer.Argument(..., help="Mã kế hoạch."),
    format: Optional[DocFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    out: Optional[str] = typer.Option(None, "-o", "--output", help="Tệp ghi ra (bắt buộc với docx, pdf)."),
    appendix: bool = typer.Option(False, "--appendix", help="Kèm Phụ lục phân công nhiệm vụ (trang ngang)."),
    template: Optional[str] = typer.Option(None, "--template", help="Mẫu Word khác templates/van-ban.docx."),
    draft: bool = typer.Option(False, "--draft", help=DRAFT_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho."),
):
    """Xuất kế hoạch thành văn bản (Markdown, DOCX hoặc PDF), có thể kèm phụ lục phân công.

    Ví dụ: plans render plan vn-2025-53-kh-bcd --appendix -o 53-KH-BCD.docx
    """
    lang = lang_of(ctx)
    fmt = doc_format(format, out, lang)
    repo = load_repo(paths, lang)
    plan = resolve_plan(repo, plan_id, lang)
    from plans.render.review import plan_review

    review = plan_review(plan)
    if fmt is DocFormat.md:
        from plans.render.markdown import plan_to_markdown

        text = plan_to_markdown(repo, plan, lang, draft={u.key: u.reason for u in review} if draft else None)
        if appendix:
            text += _appendix_md(repo, plan)
        _warn(review, lang, draft)
        _write(text, out, lang, force)
        return
    if not out:
        fail(t("need_output", lang))
    from plans.render.docx_render import plan_document, to_bytes

    doc = template_document(lambda: plan_document(repo, plan, appendix=appendix, draft=draft,
                                                  template=Path(template) if template else None), lang)
    _warn(review, lang, draft)
    _write(_binary(to_bytes(doc), fmt, lang), out, lang, force)


def _appendix_md(repo, plan) -> str:
    from plans.output.escape import md_cell
    from plans.output.plan_text import names
    from plans.render.docx_render import ROMAN_SEQ

    from plans.render.dates import dmy

    lines = []
    parts = [(top, [t for s in top.walk() for t in s.tasks]) for top in plan.sections]
    for n, (top, tasks) in enumerate([(a, b) for a, b in parts if b]):
        products = any(t.products for t in tasks)
        lines += ["", f"## PHỤ LỤC {ROMAN_SEQ[n] if n < len(ROMAN_SEQ) else n + 1}: PHÂN CÔNG THỰC HIỆN NHIỆM VỤ", "",
                  f"### {top.id}. {md_cell(top.title or '')}", "",
                  f"*(Kèm theo Kế hoạch số {md_cell(plan.number)} ngày {plan.date_label()})*", "",
                  "| Mục | Nhiệm vụ | Chủ trì / thực hiện | Phối hợp | Thời hạn |" + (" Sản phẩm |" if products else ""),
                  "|---|---|---|---|---|" + ("---|" if products else "")]
        for task in tasks:
            row = (f"| {task.id} | {md_cell(task.text)} | {md_cell(', '.join(names(repo, task.lead or task.executor)))}"
                   f" | {md_cell(', '.join(names(repo, task.partner)))} | "
                   f"{dmy(task.deadline) or md_cell(task.deadline_text or '') or ('thường xuyên' if task.recurrence else '')} |")
            if products:
                row += f" {md_cell('; '.join(task.products))} |"
            lines.append(row)
        lines.append("")
    return "\n".join(lines)


def _report_office(office: Optional[str], number: Optional[str], date: Optional[str], signer: Optional[str],
                   lang: str) -> dict:
    """office.yaml, with --number, --date and --signer over it."""
    settings = _office(office, lang)
    if number:
        settings["number"] = number
    if date:
        settings["date"] = parse_date(date, lang)
    if signer:
        settings["signer"] = signer
    return settings


@render_app.command("report")
def render_report(
    ctx: typer.Context,
    plan: str = typer.Option(..., "--plan", help="Mã kế hoạch."),
    period: str = typer.Option(..., "--period", help="Kỳ: 2026-H1, 2026, 2026-Q3…"),
    format: Optional[DocFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    out: Optional[str] = typer.Option(None, "-o", "--output", help="Tệp ghi ra (bắt buộc với docx, pdf)."),
    template: Optional[str] = typer.Option(None, "--template", help="Mẫu Word khác templates/van-ban.docx."),
    office: Optional[str] = typer.Option(None, "--office", help="YAML: issuer, parent, number, date, place, signer, "
                                                                "recipients."),
    number: Optional[str] = typer.Option(None, "--number", help="Số, ký hiệu của báo cáo, ví dụ 125/BC-CAHP."),
    date: Optional[str] = typer.Option(None, "--date", help="Ngày ký báo cáo (dd/mm/yyyy)."),
    signer: Optional[str] = typer.Option(None, "--signer", help="Người ký: “Nguyễn Văn A” hoặc "
                                                                "“KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn A”."),
    draft: bool = typer.Option(False, "--draft", help=DRAFT_HELP),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Lập báo cáo vào ngày (dd/mm/yyyy); chỉ tính báo cáo đã nhận đến ngày đó. Mặc định hôm nay."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho."),
):
    """Báo cáo kết quả thực hiện kế hoạch trong một kỳ: chỉ tiêu (kèm biểu đồ), nhiệm vụ, đơn vị chưa báo cáo.

    Ví dụ: plans render report --plan hp-2026-kh-bcd799-pttd-pctp --period 2026-H1 -o bc.docx --number 125/BC-BCĐ
    """
    from plans.render import blocks
    from plans.render.charts import attainment_chart
    from plans.render.context import report_context
    from plans.render.review import blanks

    lang = lang_of(ctx)
    fmt = doc_format(format, out, lang)
    per = parse_period(period, lang)
    day = parse_date(as_of, lang)
    settings = _report_office(office, number, date, signer, lang)
    repo = load_repo(paths, lang)
    p = resolve_plan(repo, plan, lang)
    from plans.loading.view import View

    rc = report_context(View(repo, day), p, per)
    settings.setdefault("number", blocks.report_number(p.number))
    review = blanks(settings["number"], settings.get("date"), blocks.signature(settings.get("signer") or p.signer))
    png = attainment_chart(rc.targets, lang, rc.sample)
    if fmt is DocFormat.md:
        from plans.render.markdown import report_markdown

        chart, extra = None, []
        if out and png:  # the chart beside the Markdown: both are checked before either is written
            chart_path = Path(out).with_name(Path(out).stem + "-bieu-do.png")
            extra.append((str(chart_path), png))
            chart = chart_path.name
        _warn(review, lang, draft)
        _write(report_markdown(repo, rc, chart, office=settings, draft=draft), out, lang, force, extra)
        return
    if not out:
        fail(t("need_output", lang))
    from plans.render.docx_render import Marks, report_document, to_bytes

    marks = Marks({u.key: u.reason for u in review}, draft)
    doc = template_document(lambda: report_document(repo, rc, png, template=Path(template) if template else None,
                                                    office=settings, draft=draft, marks=marks), lang)
    _warn(review, lang, draft)
    _write(_binary(to_bytes(doc), fmt, lang), out, lang, force)


@render_app.command("reminder")
def render_reminder(
    ctx: typer.Context,
    agency: Optional[List[str]] = typer.Option(None, "--agency", "-a", help="Cơ quan nhận (tên, tên tắt hoặc mã; "
                                                                          "nhắc lại được)."),
    overdue: bool = typer.Option(False, "--overdue", help="Mọi cơ quan có nhiệm vụ quá hạn hoặc báo cáo chưa gửi."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Tính đến ngày (dd/mm/yyyy), mặc định hôm nay."),
    plan: Optional[str] = typer.Option(None, "--plan", help="Chỉ một kế hoạch."),
    jurisdiction: Optional[str] = typer.Option(None, "-j", "--jurisdiction", help="Chỉ kế hoạch của một địa bàn "
                                                                                  "(hp, hn, hue, vn)."),
    reply_by: Optional[str] = typer.Option(None, "--reply-by", help="Hạn hoàn thành, gửi báo cáo (mặc định: 7 ngày "
                                                                    "sau --as-of)."),
    format: Optional[DocFormat] = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    out: Optional[str] = typer.Option(None, "-o", "--output", help="Tệp ghi ra (bắt buộc với docx, pdf)."),
    template: Optional[str] = typer.Option(None, "--template", help="Mẫu Word khác templates/van-ban.docx."),
    office: Optional[str] = typer.Option(None, "--office", help="YAML: issuer, parent, number, date, place, signer, "
                                                                "recipients."),
    number: Optional[str] = typer.Option(None, "--number", help="Số, ký hiệu công văn."),
    date: Optional[str] = typer.Option(None, "--date", help="Ngày ký (dd/mm/yyyy)."),
    signer: Optional[str] = typer.Option(None, "--signer", help="Người ký (như ở render report)."),
    draft: bool = typer.Option(False, "--draft", help=DRAFT_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho."),
):
    """Công văn đôn đốc các cơ quan có nhiệm vụ quá hạn hoặc chưa gửi báo cáo, theo thể thức Nghị định 30/2020.

    Ví dụ: plans render reminder --overdue -j hue --as-of 01/07/2026 -o don-doc.docx
    """
    from plans.commands._common import resolve_agency
    from plans.render import blocks
    from plans.render.reminder import ReminderError, default_number, reminder_context
    from plans.render.review import blanks

    lang = lang_of(ctx)
    if bool(agency) == overdue:
        fail(t("reminder_who", lang))
    fmt = doc_format(format, out, lang)
    day = parse_date(as_of, lang)
    reply = parse_date(reply_by, lang) if reply_by else None
    settings = _report_office(office, number, date, signer, lang)
    repo = load_repo(paths, lang)
    if plan:
        plan = resolve_plan(repo, plan, lang).id
    ids = [resolve_agency(repo, a, lang).id for a in agency] if agency else None
    try:
        rc = reminder_context(repo, day, ids, plan_id=plan, jurisdiction=jurisdiction, reply_by=reply)
    except ReminderError as e:
        fail(t(f"reminder_{e.reason}", lang, date=day.strftime("%d/%m/%Y"), issuers=e.detail),
             code=1 if e.reason == "nothing" else 2)
    settings.setdefault("number", default_number(rc))
    review = blanks(settings["number"], settings.get("date"), blocks.signature(settings.get("signer") or rc.signer))
    if fmt is DocFormat.md:
        from plans.render.markdown import reminder_markdown

        _warn(review, lang, draft)
        _write(reminder_markdown(repo, rc, office=settings, draft=draft), out, lang, force)
        return
    if not out:
        fail(t("need_output", lang))
    from plans.render.docx_render import Marks, reminder_document, to_bytes

    marks = Marks({u.key: u.reason for u in review}, draft)
    doc = template_document(lambda: reminder_document(repo, rc, template=Path(template) if template else None,
                                                      office=settings, draft=draft, marks=marks), lang)
    _warn(review, lang, draft)
    _write(_binary(to_bytes(doc), fmt, lang), out, lang, force)
