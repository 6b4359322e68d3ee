"""A plan as data (JSON) and as Markdown, through the Jinja2 templates in templates/."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from plans.loading import model as m
from plans.output.escape import md_block, md_cell, md_text  # noqa: F401  (md_cell: used by commands)
from plans.text import goal, sign


def templates_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "templates"


def _env():
    """The Markdown templates' environment. Escaping is the default: every ``{{ value }}`` that is not
    already Markdown (``|md``, ``|cell``, ``|safe`` or a macro's output marked ``|safe``) goes through
    ``md_text``, so no data string can inject markup or HTML."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    def finalize(v):
        if isinstance(v, Markup):
            return str(v)
        if v is None:
            return ""
        return md_text(v)

    env = Environment(loader=FileSystemLoader(str(templates_dir())), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=finalize,
                      autoescape=False)
    env.filters["dmy"] = lambda d: d.strftime("%d/%m/%Y") if d else ""
    env.filters["md"] = lambda v: Markup(md_block(v))
    env.filters["cell"] = lambda v: Markup(md_cell(v))
    env.filters["sign"] = sign
    env.filters["goal"] = goal
    return env


def names(repo: m.Repository, ids: list[str]) -> list[str]:
    return repo.names_of(ids)


def _plain(obj):
    if isinstance(obj, (dt.date,)):
        return obj.isoformat()
    if dataclasses.is_dataclass(obj):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)
                if f.name not in ("file", "path", "positions")}
    if isinstance(obj, list):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    return obj


def node_to_dict(repo: m.Repository, node) -> dict:
    d = _plain(node)
    if isinstance(node, m.Task):
        for role in m.ROLES:
            d[role] = [{"id": i, "name": n} for i, n in zip(getattr(node, role), names(repo, getattr(node, role)))]
    if isinstance(node, m.Section):
        d["tasks"] = [t.id for t in node.tasks]
        d["sections"] = [s.id for s in node.sections]
    d["source"] = str(node.pos)
    return d


def plan_to_dict(repo: m.Repository, plan: m.Plan) -> dict:
    d = _plain(plan)
    d["issuer_name"] = names(repo, [plan.issuer])[0]
    d["file"] = plan.file
    return d


def plan_to_markdown(repo: m.Repository, plan: m.Plan, lang: str = "vi", draft: dict | None = None) -> str:
    """The plan as Markdown. ``draft``: {printed key: reason} of the unverified values, marked in the text."""
    from plans.render import blocks
    from plans.render.dates import place_date

    env = _env()
    ids, footnotes_at = plan.node_ids(), {}
    for f in sorted(plan.footnotes, key=lambda f: f.n):  # [^n] after the text it annotates
        footnotes_at.setdefault(f.anchor if f.anchor in ids else "", []).append(f.n)
    return env.get_template("plan.md.j2").render(plan=plan, repo=repo, names=lambda ids: names(repo, ids),
                                                 place_date=place_date(plan.place, plan.date,
                                                                       (plan.date_from, plan.date_to)),
                                                 lang=lang, issuer=names(repo, [plan.issuer])[0],
                                                 parent=names(repo, [plan.issuer_parent])[0] if plan.issuer_parent else "",
                                                 signature=blocks.signature(plan.signer),
                                                 recipients=blocks.recipient_lines([r.line for r in plan.recipients]),
                                                 objectives_title=blocks.objectives_title(plan),
                                                 draft=draft or {}, footnotes_at=footnotes_at)
