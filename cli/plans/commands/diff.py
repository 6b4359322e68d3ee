"""``plans diff``: what a change does to the plans, in the plans' own terms."""
from __future__ import annotations

from enum import Enum
from typing import Optional, Tuple

import typer

from plans.commands._common import console, emit, emit_json, fail
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
    from plans.diff.api import run_diff
    from plans.diff.revisions import GitError
    from plans.loading.loader import LoadError
    from plans.output.diff_text import Names, m

    lang = lang_of(ctx)
    if paths and (base or head):
        fail(m("err_paths_and_revs", lang))
    try:
        out = run_diff(base, head, tuple(paths) if paths else None)
    except GitError as e:
        fail(m(f"err_{e.reason}", lang, detail=e.detail))
    except LoadError as e:
        fail(t("no_such_path", lang, path=str(e)))
    result = out.result
    names = Names(out.base, out.head)
    if format is DiffFormat.json:
        from plans.output.diff_text import to_json

        emit_json(to_json(result, lang, names))
    elif format is DiffFormat.md:
        from plans.output.diff_text import to_markdown

        typer.echo(to_markdown(result, lang, names), nl=False)
    else:
        _text(result, lang, names)
    if any(p.side == "head" for p in result.problems):
        raise typer.Exit(1)
    if exit_code and result.changed:
        raise typer.Exit(1)


# ---------------------------------------------------------------- terminal text

def _text(result, lang, names) -> None:
    from rich.text import Text

    from plans.output.diff_text import (describe, group_title, groups, impact_groups, m, plain_segments, summary,
                                        text_segments, title, warning_text)
    from plans.text import clean

    con = console()
    tty = con.is_terminal

    from rich.padding import Padding

    def line(s: str, style: str | None = None, indent: int = 0):
        # wrapped to the width (a terminal's, COLUMNS, or 80 in a pipe), wrapped lines keep their indentation
        emit(con, Padding(Text(clean(s), style=(style or "") if tty else ""), (0, 0, 0, indent)))

    def segs_line(segs, indent=4):
        if not tty:
            emit(con, Padding(Text(plain_segments(segs)), (0, 0, 0, indent)))
            return
        txt = Text()
        for s in segs:
            if s[0] == "=":
                txt.append(clean(s[1]), style="dim")
            elif s[0] == "-":
                txt.append(clean(s[1]), style="red strike")
            elif s[0] == "+":
                txt.append(clean(s[1]), style="green bold")
            else:
                txt.append(clean(s[1]), style="yellow strike")
                txt.append("→", style="yellow")
                txt.append(clean(s[2]), style="yellow bold")
        con.print(Padding(txt, (0, 0, 0, indent)))

    line(title(result, lang), "bold")
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
        for who, summ, lines in impact_groups(result, lang, names):
            if len(who) == 1:
                line(f"{who[0][0]} ({who[0][1]}): {summ}", "bold", 2)
            else:  # bodies affected alike: one per line, then what they share
                for n, i in who:
                    line(f"{n} ({i})", "bold", 2)
                line(summ, "bold", 4)
            for s in lines:
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
