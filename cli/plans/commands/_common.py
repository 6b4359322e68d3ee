"""Shared pieces of the query commands: loading, agency lookup, dates, tables in four formats."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from enum import Enum

import typer

from plans.i18n import t
from plans.text import dmy  # noqa: F401  (used by the command modules)


class OutFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def say(con, text: str, style: str | None = None) -> None:
    """One line of prose: styled in a terminal, plain (unwrapped) when piped."""
    from plans.text import clean

    text = clean(text)
    if con.is_terminal:
        con.print(text, style=style, markup=False)
    else:
        typer.echo(text)


def fail(msg: str, code: int = 2):
    console(stderr=True).print(msg, markup=False, soft_wrap=True)  # one line per message: paths stay whole
    raise typer.Exit(code)


def load_repo(paths: list[str] | None, lang: str):
    """Load the repository; a missing path is a usage error. Unreadable files are reported once, on stderr."""
    from plans.loading.loader import LoadError, default_paths, load_repository

    try:
        repo, findings = load_repository(paths or default_paths(), cache=True)
    except LoadError as e:
        fail(t("no_such_path", lang, path=str(e)))
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        console(stderr=True).print(t("load_errors", lang, n=len(errors)), markup=False, style="yellow")
    return repo


def parse_date(value: str | None, lang: str) -> dt.date:
    from plans.queries.periods import MAX_YEAR, MIN_YEAR

    if not value:
        return dt.date.today()
    v = value.strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", v)
    try:
        d = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else dt.date.fromisoformat(v)
    except ValueError:
        fail(t("bad_date", lang, value=value))
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        fail(t("bad_date_year", lang, value=value, min=MIN_YEAR, max=MAX_YEAR))
    return d


def parse_period(value: str, lang: str):
    """A period code from the command line (2026, 2026-H1, 2026-Q3, 2026-M05 …); exit 2 with the
    accepted forms, or the accepted years, when it is not one."""
    from plans.queries import periods

    try:
        return periods.parse(value)
    except periods.PeriodError as e:
        if e.reason == "year":
            fail(t("bad_period_year", lang, value=value, min=periods.MIN_YEAR, max=periods.MAX_YEAR))
        fail(t("bad_period", lang, value=value))


def template_document(build, lang: str):
    """Run ``build()`` (which opens the --template); a template that cannot be used is a usage error."""
    from plans.render.docx_render import TemplateError

    try:
        return build()
    except TemplateError as e:
        key = {"unreadable": "template_unreadable", "not-docx": "template_not_docx"}.get(e.reason, "template_styles")
        fail(t(key, lang, path=e.path, error=e.detail, styles=e.detail))


def resolve_agency(repo, name: str, lang: str):
    """The agency or group ``name`` means; exit 2 with candidates when ambiguous or unknown."""
    from plans.queries.names import AMBIGUOUS, FOUND, NameIndex

    r = NameIndex(repo).resolve(name)
    if r.status == FOUND:
        return r.entity
    err = console(stderr=True)
    if r.status == AMBIGUOUS:
        err.print(t("ambiguous_agency", lang, name=name), markup=False)
        for ent, _ in r.candidates:
            err.print(f"  {ent.id:<40} {ent.name}", markup=False)
    else:
        err.print(t("unknown_agency", lang, name=name), markup=False)
        if r.candidates:
            err.print(t("did_you_mean", lang, names="; ".join(f"{e.name} ({e.id})" for e, _ in r.candidates)),
                      markup=False)
    raise typer.Exit(2)


def render(rows: list[dict], columns: list[tuple[str, str]], fmt: OutFormat, lang: str,
           title: str | None = None, out=None) -> None:
    """Print ``rows`` (dicts) with ``columns`` [(key, i18n header key)] as table / csv / md.
    (JSON is printed by the caller, which knows the document's shape.)

    Every cell goes through the output layer's escaping (plans.output.escape): CSV cells can never be
    read as a formula, Markdown cells never as markup, and no format carries control characters."""
    from plans.text import clean

    headers = [t(h, lang) for _, h in columns]
    if fmt is OutFormat.csv:
        write_csv(headers, [[r.get(k) for k, _ in columns] for r in rows])
        return
    values = [[clean(r.get(k)) for k, _ in columns] for r in rows]
    title = clean(title) if title else title
    if fmt is OutFormat.md:
        from tabulate import tabulate

        from plans.output.escape import md_cell

        if title:
            typer.echo(f"### {md_cell(title)}\n")
        typer.echo(tabulate([[md_cell(v) for v in row] for row in values], headers=[md_cell(h) for h in headers],
                            tablefmt="github", disable_numparse=True))
        typer.echo("")
        return
    con = out or console()
    if not con.is_terminal:
        from tabulate import tabulate

        if title:
            typer.echo(title)
        widths = [max([len(str(h))] + [len(str(row[i])) for row in values]) for i, h in enumerate(headers)]
        typer.echo(tabulate(values, headers=headers, tablefmt="simple", disable_numparse=True,
                            maxcolwidths=[60 if w > 60 else None for w in widths]))
        typer.echo("")
        return
    from rich.table import Table
    from rich.text import Text

    # Text, not str: rich would read "[link=…]" or "[bold]" in data as its own markup.
    table = Table(*headers, title=Text(title) if title else None, title_justify="left", show_lines=False,
                  expand=False)
    for row in values:
        table.add_row(*[Text(v) for v in row])
    con.print(table)


def write_csv(headers: list[str], rows: list[list]) -> None:
    """The one CSV writer: every cell through ``csv_cell`` (OWASP: no cell starts a formula)."""
    from plans.output.escape import csv_row

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(csv_row(headers))
    w.writerows(csv_row(r) for r in rows)
    typer.echo(buf.getvalue(), nl=False)


def emit_json(doc) -> None:
    typer.echo(json.dumps(doc, ensure_ascii=False, indent=2, default=str))


def truncate(s: str, n: int = 120) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"

