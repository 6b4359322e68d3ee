"""``plans lint``, ``plans rule CODE``, ``plans rules``."""
from __future__ import annotations

from enum import Enum
from typing import List, Optional

import typer

from plans.commands.app import app, lang_of


class LintFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


@app.command()
def lint(
    ctx: typer.Context,
    paths: Optional[List[str]] = typer.Argument(None, help="Tệp hoặc thư mục (mặc định: plans và kpi)."),
    format: LintFormat = typer.Option(LintFormat.text, "--format", "-f", help="text, json, github, sarif."),
    fix: bool = typer.Option(False, "--fix", help="Sửa an toàn những gì sửa được (chuẩn hóa NFC)."),
    show_suppressed: bool = typer.Option(False, "--show-suppressed", help="Hiện cả phát hiện đã bỏ qua có lý do."),
    config: Optional[str] = typer.Option(None, "--config", help="Đường dẫn pyproject.toml."),
    no_sample: bool = typer.Option(False, "--no-sample", help="Coi dữ liệu mẫu (sample: true) là lỗi."),
):
    """Kiểm tra lược đồ và các quy tắc. Thoát 0: sạch, 1: có lỗi, 2: sai cách dùng/cấu hình.

    Ví dụ: plans lint plans/ --format sarif > plans.sarif
    """
    from plans.checks import fix_nfc, run_lint
    from plans.config import ConfigError, load_config
    from plans.i18n import t
    from plans.loading.loader import LoadError

    lang = lang_of(ctx)
    from plans.loading.loader import default_paths

    paths = paths or default_paths()
    err = _console(stderr=True)
    try:
        cfg = load_config(config, start=paths[0])
        cfg.refuse_sample_data = cfg.refuse_sample_data or no_sample
        refused = False
        if fix:
            from plans.commands._writes import refusal

            fixes = fix_nfc(paths)
            if fixes.fixed:
                err.print(t("fixed", lang, n=len(fixes.fixed), files=", ".join(fixes.fixed)), markup=False)
            for path, code in fixes.unparsable:
                err.print(t("fix_unparsable", lang, path=path, code=code), markup=False)
            for e in fixes.refused:
                err.print(refusal(e, lang), markup=False)
            refused = bool(fixes.refused)
        result = run_lint(paths, config=cfg)
    except LoadError as e:
        err.print(t("no_such_path", lang, path=str(e)))
        raise typer.Exit(2)
    except ConfigError as e:
        err.print(t("bad_config", lang, file=e.file, error=e.error))
        raise typer.Exit(2)

    if format is LintFormat.json:
        from plans.output.lint_formats import to_json
        typer.echo(to_json(result, lang))
    elif format is LintFormat.github:
        from plans.output.lint_formats import to_github
        out = to_github(result, lang)
        if out:
            typer.echo(out)
    elif format is LintFormat.sarif:
        from plans.output.lint_formats import to_sarif
        typer.echo(to_sarif(result, lang))
    else:
        _print_text(result, lang, show_suppressed)
    raise typer.Exit(2 if refused else result.exit_code)  # a fix that was asked for and refused


def _console(stderr: bool = False):
    from plans.commands._common import console

    con = console(stderr)  # the terminal's (or the pager's) width and colours
    # In a pipe or a file a finding stays on one line (editors and scripts read "file:line:col: …");
    # in a terminal it is wrapped between words, never inside a path or a word.
    con.soft_wrap = not con.is_terminal
    return con


def _print_text(result, lang: str, show_suppressed: bool) -> None:
    """Each finding as ``file:line:col: CODE severity: message``, the line it is on and a caret under its
    column; then the summary. In a terminal, styled by rich (wrapped between words); in a pipe or a file,
    the same text written at once (rich's markup and rendering cost a quarter of a millisecond per
    line: 50,000 findings took 14.2 s instead of 2.4 s), a finding on one line, its source line cut to
    the width as rich cuts it."""
    from plans.i18n import t
    from plans.text import visible

    out = _console()
    plain = not out.is_terminal
    if not plain:
        from rich.markup import escape
    style = {"error": "bold red", "warning": "yellow", "info": "cyan"}
    chunk: list[str] = []
    for f in result.findings:
        if f.suppressed is not None and not show_suppressed:
            continue
        sev = t(f"severity_{f.severity}", lang)
        msg = visible(f.message(lang))
        reason = t('suppressed_because', lang, reason=f.suppressed) if f.suppressed is not None else None
        sf = result.repo.files.get(f.file)
        src = caret = None
        if sf and 0 < f.line <= len(sf.lines):
            src = visible(sf.lines[f.line - 1])  # a control character shows as a sign, never acts
            if len(src) > 160:
                start = max(0, f.col - 60)
                src, caret = src[start:start + 160], f.col - start
            else:
                caret = f.col
        if plain:
            chunk.append(_as_rich_prints(f"{f.file}:{f.line}:{f.col}: {f.code} {sev}: {msg}"
                                         + (f"  ({reason})" if reason is not None else "")))
            if src is not None:
                chunk.append(_cut(_as_rich_prints(f"  {f.line:>5} | {src}"), out.width))
                chunk.append(f"        | {' ' * max(caret - 1, 0)}^")
            if len(chunk) >= 3000:
                out.file.write("\n".join(chunk) + "\n")
                chunk.clear()
            continue
        tail = f"  [dim]({escape(reason)})[/dim]" if reason is not None else ""
        out.print(f"[bold]{escape(f.file)}:{f.line}:{f.col}[/bold]: [{style.get(f.severity, '')}]{f.code}[/] "
                  f"{sev}: {escape(msg)}{tail}")
        if src is not None:
            out.print(f"  [dim]{f.line:>5} |[/dim] {escape(src)}", no_wrap=True, overflow="ellipsis")
            out.print(f"  [dim]      |[/dim] {' ' * max(caret - 1, 0)}[{style.get(f.severity, '')}]^[/]")
    if chunk:
        out.file.write("\n".join(chunk) + "\n")
        out.file.flush()
    summary = t("summary", lang, files=len(result.files), errors=result.errors, warnings=result.warnings,
                suppressed=result.suppressed)
    if plain:
        out.file.write(summary + "\n")
        return
    out.print(("[green]" if not result.errors else "[red]") + escape(summary) + "[/]")


def _as_rich_prints(s: str) -> str:
    """``s`` as rich prints it in a pipe: a carriage return dropped, tabs expanded to 8 columns."""
    return s.replace("\r", "").expandtabs(8) if "\r" in s or "\t" in s else s


def _cut(line: str, width: int) -> str:
    """A source line cut to ``width`` terminal cells with an ellipsis, as rich cuts it."""
    from rich.cells import cell_len, set_cell_size

    if len(line) <= width // 2 or cell_len(line) <= width:  # a cell is at most two columns wide
        return line
    return set_cell_size(line, width - 1) + "…"


class RulesFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


@app.command("rules")
def rules_cmd(ctx: typer.Context,
              format: RulesFormat = typer.Option(RulesFormat.table, "--format", "-f", help="table, json, csv, md."),
              bom: bool = typer.Option(False, "--bom", help="CSV có BOM (UTF-8) để Excel trên Windows đọc đúng tiếng Việt.")):
    """Liệt kê mọi quy tắc: mã, mức, tên, thông báo.

    Ví dụ: plans rules --format md
    """
    from plans.checks.registry import all_rules
    from plans.commands._common import Col, OutFormat, render
    from plans.i18n import t

    lang = lang_of(ctx)
    rows = [{"code": r.code, "severity": t(f"severity_{r.severity}", lang), "severity_code": r.severity, "name": r.name,
             "message": r.message.get(lang) or r.message["vi"]} for r in all_rules()]
    if format is RulesFormat.json:
        import json
        typer.echo(json.dumps([{k: r[k] for k in ("code", "severity", "name", "message")} for r in rows],
                              ensure_ascii=False, indent=2))
        return
    render(rows, [Col("code", "col_code"), Col("severity", "col_severity"), Col("name", "col_name", drop=1),
                  Col("message", "col_message", min=30)], OutFormat(format.value), lang, bom=bom)


@app.command("rule")
def rule_cmd(ctx: typer.Context, code: str = typer.Argument(..., help="Mã quy tắc, ví dụ R005.")):
    """Giải thích một quy tắc: thông báo, lý do, cách sửa.

    Ví dụ: plans rule R005
    """
    from plans.checks.registry import get
    from plans.i18n import t

    lang = lang_of(ctx)
    r = get(code)
    if r is None:
        _console(stderr=True).print(t("unknown_rule", lang, code=code))
        raise typer.Exit(2)
    out = _console()
    out.soft_wrap = False  # prose: wrapped between words at the width, in a terminal or a pipe
    out.print(f"[bold]{r.code}[/bold] ({r.name}, {t('severity_' + r.severity, lang)})")
    out.print(r.message.get(lang) or r.message["vi"], markup=False)
    out.print()
    out.print(f"[bold]{t('explain', lang)}[/bold]")
    out.print(r.explain.get(lang) or r.explain["vi"], markup=False)
    if r.fix:
        out.print()
        out.print(f"[bold]{t('fix', lang)}[/bold]: " + (r.fix.get(lang) or r.fix["vi"]), markup=False)
