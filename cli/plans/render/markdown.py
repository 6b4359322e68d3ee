"""Markdown through the Jinja2 templates in templates/ (plan.md.j2, report.md.j2)."""
from __future__ import annotations

from plans.output.plan_text import _env, names, plan_to_markdown
from plans.render.dates import dmy
from plans.render import context as rc
from plans.render.docx_render import STATUS_VI
from plans.text import num as _num


def report_markdown(repo, ctx, chart_path: str | None = None) -> str:
    issuer = names(repo, [ctx.plan.issuer])[0]
    parent = names(repo, [ctx.plan.issuer_parent])[0] if ctx.plan.issuer_parent else ""
    return _env().get_template("report.md.j2").render(
        ctx=ctx, issuer=issuer, parent=parent, dmy=dmy, num=_num, names=lambda ids: names(repo, ids),
        status=STATUS_VI, states=rc.STATE_VI, chart=chart_path, lang="vi", basis_sentence=rc.basis_sentence,
        counts_text=rc.counts_text, missing_text=rc.missing_text, notes_empty_text=rc.notes_empty_text)


__all__ = ["plan_to_markdown", "report_markdown"]
