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
    if con.is_terminal:
        con.print(text, style=style, markup=False)
    else:
        typer.echo(text)


def fail(msg: str, code: int = 2):
    console(stderr=True).print(msg, markup=False)
    raise typer.Exit(code)


def load_repo(paths: list[str] | None, lang: str):
    """Load the repository; a missing path is a usage error. Unreadable files are reported once, on stderr."""
    from plans.loading.loader import LoadError, default_paths, load_repository

    try:
        repo, findings = load_repository(paths or default_paths(), cache=True)
    except LoadError as e:
        fail(t("no_such_path", lang, path=str(e)))
    from plans.loading.cache import refusal

    refused = refusal()  # the cache directory or file is not private: said once, the command goes on
    if refused:
        console(stderr=True).print(t("cache_refused", lang, path=refused[0]), markup=False, style="yellow",
                                   soft_wrap=True)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        console(stderr=True).print(t("load_errors", lang, n=len(errors)), markup=False, style="yellow")
    return repo


def parse_date(value: str | None, lang: str) -> dt.date:
    if not value:
        return dt.date.today()
    v = value.strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", v)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date.fromisoformat(v)
    except ValueError:
        fail(t("bad_date", lang, value=value))


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
    (JSON is printed by the caller, which knows the document's shape.)"""
    headers = [t(h, lang) for _, h in columns]
    values = [[("" if r.get(k) is None else r.get(k)) for k, _ in columns] for r in rows]
    if fmt is OutFormat.csv:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(headers)
        w.writerows(values)
        typer.echo(buf.getvalue(), nl=False)
        return
    if fmt is OutFormat.md:
        from tabulate import tabulate

        from plans.output.plan_text import md_cell

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

    table = Table(*headers, title=title, title_justify="left", show_lines=False, expand=False)
    for row in values:
        table.add_row(*[str(v) for v in row])
    con.print(table)


def emit_json(doc) -> None:
    typer.echo(json.dumps(doc, ensure_ascii=False, indent=2, default=str))


def truncate(s: str, n: int = 120) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"

