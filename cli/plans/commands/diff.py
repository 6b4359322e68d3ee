"""``plans diff``: what a change does to the plans, in the plans' own terms."""
from __future__ import annotations

import os
from enum import Enum
from typing import Optional, Tuple

import typer

from plans.commands._common import console, emit_json, fail, say
from plans.commands.app import app, lang_of
from plans.i18n import t


class DiffFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"


@app.command("diff")
def diff_cmd(
    ctx: typer.Context,
    base: Optional[str] = typer.Argument(None, help="Phiên bản gốc (nhánh, thẻ, commit). Mặc định: điểm rẽ nhánh với "
                                                    "nhánh chính (merge-base)."),
    head: Optional[str] = typer.Argument(None, help="Phiên bản mới. Mặc định: thư mục làm việc."),
    paths: Optional[Tuple[str, str]] = typer.Option(None, "--paths", help="So sánh hai thư mục hoặc tệp, không cần git."),
    format: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f", help="text, md (bình luận review), json."),
    exit_code: bool = typer.Option(False, "--exit-code", help="Thoát mã 1 khi có thay đổi (như git diff --exit-code)."),
):
    """Thay đổi giữa hai phiên bản kế hoạch: theo mã nhiệm vụ, chỉ tiêu, cơ quan; ảnh hưởng tới từng cơ quan.

    Ví dụ: plans diff main ; plans diff origin/main HEAD --format md ; plans diff --paths cu/ moi/
    """
    from plans.diff.compare import compare
    from plans.diff.revisions import GitError
    from plans.output.diff_text import Names, m

    lang = lang_of(ctx)
    if paths and (base or head):
        fail(m("err_paths_and_revs", lang))
    sides = []
    try:
        try:
            sides = _paths_sides(paths, lang) if paths else _git_sides(base, head)
        except GitError as e:
            fail(m(f"err_{e.reason}", lang, detail=e.detail))
        b, h = sides
        brepo, hrepo = _load(b, lang), _load(h, lang)
        if paths:
            _context_registries(paths, brepo, hrepo)
        shared = b.reused & h.reused if h.tmp is not None else set(b.reused)
        result = compare(brepo, hrepo, b.rel, h.rel, shared, b.label, h.label)
        names = Names(brepo, hrepo)
        if format is DiffFormat.json:
            from plans.output.diff_text import to_json

            emit_json(to_json(result, lang, names))
        elif format is DiffFormat.md:
            from plans.output.diff_text import to_markdown

            typer.echo(to_markdown(result, lang, names), nl=False)
        else:
            _text(result, lang, names)
    finally:
        for s in sides:
            s.close()
    if any(p.side == "head" for p in result.problems):
        raise typer.Exit(1)
    if exit_code and result.changed:
        raise typer.Exit(1)


def _git_sides(base, head):
    from plans.diff import revisions as rv

    root = rv.toplevel(".")
    if base:
        blabel, bcommit = base, rv.resolve(root, base)
    else:
        blabel, bcommit = rv.default_base(root)
    hside = rv.worktree(root) if head is None else None
    if hside is None:
        hcommit = rv.resolve(root, head)
        hside = rv.revision(root, head, f"{head} ({hcommit[:7]})", hcommit)
    try:
        bside = rv.revision(root, blabel, f"{blabel} ({bcommit[:7]})", bcommit)
    except BaseException:
        hside.close()
        raise
    return [bside, hside]


def _paths_sides(paths, lang):
    from plans.diff.revisions import Side

    out = []
    for p in paths:
        if not os.path.exists(p):
            fail(t("no_such_path", lang, path=p))
        root = p if os.path.isdir(p) else os.path.dirname(os.path.abspath(p))
        out.append(Side(p, [p], os.path.abspath(root)))
    return out


def _load(side, lang):
    """One side through the loader (and its cache), as every command loads: bad files become findings."""
    import types

    from plans.config import ConfigError, load_config
    from plans.loading.loader import LoadError, load_repository

    try:
        cfg = load_config(start=side.root)
    except ConfigError:
        cfg = None
    if side.tmp is not None:  # links in the revision may point anywhere inside it, nowhere else
        cfg = types.SimpleNamespace(root=side.tmp, file=os.path.join(side.tmp, "pyproject.toml"))
    try:
        repo, _ = load_repository(side.paths, config=cfg, cache=True)
    except LoadError as e:
        fail(t("no_such_path", lang, path=str(e)))
    return repo


def _context_registries(paths, *repos) -> None:
    """Two plan files compared on their own (``git difftool``): names come from the registries of the
    repository the command runs in, on both sides alike (so they are no change)."""
    if not all(os.path.isfile(p) for p in paths) or any(r.agencies for r in repos):
        return
    from plans.config import find_pyproject
    from plans.loading.loader import load_repository

    found = find_pyproject(".")
    reg = os.path.join(str(found.parent) if found else ".", "plans", "agencies")
    if not os.path.isdir(reg):
        return
    ctx, _ = load_repository([reg], cache=True)
    for r in repos:
        r.agencies.update(ctx.agencies)
        r.groups.update(ctx.groups)
        r._members.clear()


# ---------------------------------------------------------------- terminal text

def _text(result, lang, names) -> None:
    from rich.text import Text

    from plans.output.diff_text import (describe, group_title, groups, impact_lines, impact_summary, m, plain_segments,
                                        summary, text_segments, warning_text)
    from plans.text import clean

    con = console()
    tty = con.is_terminal

    def line(s: str, style: str | None = None, indent: int = 0):
        if tty:
            txt = Text(" " * indent + clean(s), style=style or "")
            con.print(txt, soft_wrap=False, overflow="fold")
        else:
            typer.echo(" " * indent + clean(s))

    def segs_line(segs, indent=4):
        if not tty:
            typer.echo(" " * indent + plain_segments(segs))
            return
        txt = Text(" " * indent)
        for s in segs:
            if s[0] == "=":
                txt.append(clean(s[1]), style="dim")
            elif s[0] == "-":
                txt.append(clean(s[1]), style="red strike")
            elif s[0] == "+":
                txt.append(clean(s[1]), style="green bold")
            else:
                txt.append(clean(s[1]), style="yellow strike")
                txt.append(clean(s[2]), style="yellow bold")
        con.print(txt, overflow="fold")

    line(m("title", lang, base=result.base_label, head=result.head_label), "bold")
    if not result.changes and not result.problems:
        line(m("no_changes", lang))
        return
    line(summary(result, lang))
    if result.problems:
        line("")
        line(m("h_problems", lang), "bold red")
        for p in result.problems:
            line(f"{p.file}:{p.line}:{p.col}: ({m('side_' + p.side, lang)}) {p.code} "
                 f"{p.finding.message(lang) if p.finding else ''}", "red", 2)
    if result.warnings:
        line("")
        line(m("h_warnings", lang), "bold yellow")
        for w in result.warnings:
            line(f"{names.plan(w.plan)}: {warning_text(w, lang)}", "yellow", 2)
    if result.impact:
        line("")
        line(m("h_impact", lang), "bold")
        for imp in result.impact:
            line(f"{imp.name} ({imp.agency}): {impact_summary(imp, lang)}", "bold", 2)
            for s in impact_lines(imp, lang, names):
                line(s, None, 4)
    for key, cs in groups(result):
        line("")
        line(group_title(key, lang, names), "bold cyan")
        for c in cs:
            style = {"added": "green", "removed": "red"}.get(c.kind.split(".")[1])
            line(describe(c, lang, names), style, 2)
            segs = text_segments(c)
            if segs:
                segs_line(segs)
