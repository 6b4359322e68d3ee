"""A plan as data (JSON) and as Markdown, through the Jinja2 templates in templates/."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from plans.loading import model as m


def templates_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "templates"


def _env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(templates_dir())), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["dmy"] = lambda d: d.strftime("%d/%m/%Y") if d else ""
    env.filters["md"] = md_escape
    env.filters["cell"] = md_cell
    return env


def md_escape(s) -> str:
    """Escape what GitHub/GitLab Markdown would take as markup at the start of a line or inline."""
    s = "" if s is None else str(s)
    for ch in ("\\", "*", "_", "`", "[", "]", "<", ">"):
        s = s.replace(ch, "\\" + ch)
    return s


def md_cell(s) -> str:
    return md_escape(s).replace("|", "\\|").replace("\n", "<br>")


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


def plan_to_markdown(repo: m.Repository, plan: m.Plan, lang: str = "vi") -> str:
    from plans.render.dates import place_date

    env = _env()
    return env.get_template("plan.md.j2").render(plan=plan, repo=repo, names=lambda ids: names(repo, ids),
                                                 place_date=place_date(plan.place, plan.date,
                                                                       (plan.date_from, plan.date_to)),
                                                 lang=lang, issuer=names(repo, [plan.issuer])[0],
                                                 parent=names(repo, [plan.issuer_parent])[0] if plan.issuer_parent else "")
