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
    # soft_wrap: a message is never broken inside a path or a word; the terminal wraps it
    console(stderr=True).print(msg, markup=False, soft_wrap=True)
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


ROLES = ("lead", "partner", "executor", "advisor")


def parse_role(value: str | None, lang: str) -> str | None:
    """A role as typed: its code ("lead") or its name in either language ("chủ trì", "chu tri")."""
    if not value:
        return None
    from plans.text import fold

    typed = fold(value)
    for code in ROLES:
        if typed in {code, fold(t(f"role_{code}", "vi")), fold(t(f"role_{code}", "en"))}:
            return code
    fail(t("bad_role", lang, value=value, choices=", ".join(t(f"role_{c}", lang) for c in ROLES)))


def resolve_agency(repo, name: str, lang: str):
    """The agency or group ``name`` means; exit 2 with candidates when ambiguous or unknown."""
    from plans.queries.names import AMBIGUOUS, FOUND, NameIndex

    r = NameIndex(repo).resolve(name)
    err = console(stderr=True)
    if r.status == FOUND:
        if not r.exact:  # say which body the typed words were taken to mean
            err.print(t("chosen_agency", lang, name=r.entity.name, id=r.entity.id), markup=False, soft_wrap=True)
        return r.entity
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
        import textwrap

        # long cells wrapped at 60 between words only: ids, paths and numbers ("hp.so-tu-phap") stay whole
        cells = [["\n".join(textwrap.wrap(str(v), 60, break_on_hyphens=False, break_long_words=False))
                  if len(str(v)) > 60 else v for v in row] for row in values]
        typer.echo(tabulate(cells, headers=headers, tablefmt="simple", disable_numparse=True))
        typer.echo("")
        return
    from rich.table import Table
    from rich.text import Text

    cells = [[str(v) for v in row] for row in values]
    if _narrowest_table(headers, cells) > con.width:
        return _records(con, headers, cells, title)
    # Text, not str: rich would read "[link=…]" or "[bold]" in data as its own markup.
    table = Table(title=Text(title) if title else None, title_justify="left", show_lines=False, expand=False)
    for h in headers:  # a word longer than its column is folded onto the next line, never cut off
        table.add_column(h, overflow="fold")
    for row in cells:
        table.add_row(*[Text(v) for v in row])
    con.print(table)


def _narrowest_table(headers: list[str], cells: list[list[str]]) -> int:
    """Width of the table with every column as narrow as its longest word (ids, dates, numbers
    included), borders and padding counted: wider than the terminal means some word would be cut."""
    from rich.cells import cell_len

    def longest_word(s: str) -> int:
        return max((cell_len(w) for w in s.split()), default=0)

    widths = [max([longest_word(h)] + [longest_word(row[i]) for row in cells]) for i, h in enumerate(headers)]
    return sum(widths) + 3 * len(widths) + 1


def _records(con, headers: list[str], cells: list[list[str]], title: str | None) -> None:
    """Rows too wide for the terminal, one record after another ("Header  value"), each value
    wrapped between words in the width left."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for i, row in enumerate(cells):
        if i:
            grid.add_row("", "")
        for h, v in zip(headers, row):
            if v:
                grid.add_row(Text(h), Text(v))
    if title:
        con.print(title, style="italic", markup=False)
    con.print(grid)
    con.print()


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
    """``s`` on one line, at most ``n`` characters, shortened at a word boundary where there is one."""
    s = " ".join((s or "").split())
    if len(s) <= n:
        return s
    cut = s[: n - 1]
    space = cut.rfind(" ")
    if space > n // 2:  # keep whole words unless that drops more than half
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"

