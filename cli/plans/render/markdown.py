"""Markdown through the Jinja2 templates in templates/ (plan.md.j2, report.md.j2, reminder.md.j2)."""
from __future__ import annotations

from plans.output.plan_text import _env, names, plan_to_markdown
from plans.render import blocks
from plans.render import context as rc
from plans.render.charts import decimal
from plans.render.dates import dmy, place_date
from plans.render.docx_render import STATUS_VI, default_report_recipients
from plans.render.review import blanks


def report_markdown(repo, ctx, chart_path: str | None = None, office: dict | None = None, draft: bool = False) -> str:
    """The periodic report as Markdown; ``office`` as for the DOCX (issuer, parent, number, date, place,
    signer, recipients)."""
    office = office or {}
    issuer = office.get("issuer") or names(repo, [ctx.plan.issuer])[0]
    parent = office.get("parent") or (names(repo, [ctx.plan.issuer_parent])[0] if ctx.plan.issuer_parent else "")
    number = office.get("number") or blocks.report_number(ctx.plan.number)
    signature = blocks.signature(office.get("signer") or ctx.plan.signer)
    marks = {u.key: u.reason for u in blanks(number, office.get("date"), signature)} if draft else {}
    return _env().get_template("report.md.j2").render(
        ctx=ctx, issuer=issuer, parent=parent, dmy=dmy, num=decimal, names=lambda ids: names(repo, ids),
        status=STATUS_VI, states=rc.STATE_VI, chart=chart_path, lang="vi", number=number,
        place_date=place_date(office.get("place") or ctx.plan.place, office.get("date")),
        signature=signature, shorten=blocks.shorten, draft=marks,
        recipients=blocks.recipient_lines(office.get("recipients") or default_report_recipients(repo, ctx)),
        basis_sentence=rc.basis_sentence, counts_text=rc.counts_text, missing_text=rc.missing_text,
        notes_empty_text=rc.notes_empty_text)




def reminder_markdown(repo, ctx, office: dict | None = None, draft: bool = False) -> str:
    """The reminder letter (công văn đôn đốc) as Markdown."""
    from plans.render.reminder import default_number, letter

    office = office or {}
    issuer = office.get("issuer") or names(repo, [ctx.issuer])[0]
    parent = office.get("parent") or (names(repo, [ctx.issuer_parent])[0] if ctx.issuer_parent else "")
    number = office.get("number") or default_number(ctx)
    signature = blocks.signature(office.get("signer") or ctx.signer)
    marks = {u.key: u.reason for u in blanks(number, office.get("date"), signature)} if draft else {}
    return _env().get_template("reminder.md.j2").render(
        ctx=ctx, letter=letter(repo, ctx, issuer), issuer=issuer, parent=parent, number=number,
        place_date=place_date(office.get("place") or ctx.place, office.get("date")), signature=signature,
        draft=marks, recipients=blocks.recipient_lines(office.get("recipients") or ["Như trên", "Lưu: VT"]))


__all__ = ["plan_to_markdown", "report_markdown", "reminder_markdown"]
