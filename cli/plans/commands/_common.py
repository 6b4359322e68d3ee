"""Shared pieces of the query commands: loading, agency and plan lookup, dates, tables in four formats that
fit the terminal, paging."""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
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
    """The console a command prints through. Its width is the terminal's, ``COLUMNS`` when set, and 80 when
    the output goes to a file or a pipe and nothing says otherwise (rich's rules). While the output is
    paged (``paged``) it is the terminal's width, colours kept, whatever the pipe to the pager. Emoji codes
    are not replaced: a ``:warning:`` in a title is the user's text, shown as written."""
    from rich.console import Console

    if not stderr and _PAGING.get("active"):
        return Console(highlight=False, emoji=False, soft_wrap=False, force_terminal=True, width=_PAGING["width"],
                       height=_PAGING["height"])
    return Console(stderr=stderr, highlight=False, emoji=False, soft_wrap=False)


def emit(con, renderable, style: str | None = None) -> None:
    """Print ``renderable`` at the console's width: styled in a terminal; in a file or a pipe plain,
    without the spaces rich pads lines with."""
    if con.is_terminal:
        con.print(renderable, style=style)
        return
    with con.capture() as cap:
        con.print(renderable)
    typer.echo("\n".join(line.rstrip() for line in cap.get().split("\n")), nl=False)


def say(con, text: str, style: str | None = None) -> None:
    """One line of prose, wrapped between words to the console's width (styled in a terminal)."""
    from rich.text import Text

    from plans.text import clean

    emit(con, Text(clean(text)), style)


# -- paging: like git, long output of the reading commands goes through a pager when stdout is a terminal --

_PAGING: dict = {}


def _stdout_is_terminal() -> bool:
    import sys

    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def pager_command(no_pager: bool = False) -> str | None:
    """The pager to use, or None: not with --no-pager, not when stdout is not a terminal, not when
    ``PLANS_PAGER`` (else ``PAGER``) is empty or ``cat``. Default ``less`` (run with ``LESS=FRX``
    unless ``LESS`` is set: quit when the text fits one screen, keep colours, leave the text on screen)."""
    import os

    if no_pager or not _stdout_is_terminal():
        return None
    cmd = os.environ.get("PLANS_PAGER")
    if cmd is None:
        cmd = os.environ.get("PAGER", "less")
    cmd = cmd.strip()
    return None if cmd in ("", "cat") else cmd


class paged:
    """Collect what a command prints to stdout; at the end show it through ``pager`` when it is longer
    than the screen (or wider), else print it as it is. Errors go to stderr at once, as before."""

    def __init__(self, pager: str):
        self.pager = pager

    def __enter__(self):
        import io
        import shutil
        import sys

        size = shutil.get_terminal_size()
        self.size = size
        self.saved = sys.stdout
        self.buf = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="replace", write_through=True)
        sys.stdout = self.buf
        _PAGING.update(active=True, width=size.columns, height=size.lines)
        return self

    def __exit__(self, *exc):
        import sys

        sys.stdout = self.saved
        _PAGING.clear()
        data = self.buf.buffer.getvalue()
        if not data:
            return False
        from rich.cells import cell_len

        text = data.decode("utf-8", "replace")
        lines = text.splitlines()
        fits = len(lines) < self.size.lines and all(cell_len(_ANSI.sub("", x)) <= self.size.columns for x in lines)
        if fits or not self._run_pager(data):
            out = getattr(sys.stdout, "buffer", None)
            sys.stdout.flush()
            if out is not None:
                out.write(data)
                out.flush()
            else:  # pragma: no cover - a text-only stdout
                sys.stdout.write(text)
        return False

    def _run_pager(self, data: bytes) -> bool:
        """True when the pager ran; False when it could not be started (then the text is printed)."""
        import os
        import shlex
        import subprocess

        env = dict(os.environ)
        env.setdefault("LESS", "FRX")
        env.setdefault("LV", "-c")
        try:
            argv = shlex.split(self.pager)
            proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
        except (OSError, ValueError):
            return False
        try:
            proc.stdin.write(data)
            proc.stdin.close()
        except (BrokenPipeError, OSError):  # the reader quit early (q in less): nothing more to show
            pass
        while True:
            try:
                proc.wait()
                break
            except KeyboardInterrupt:  # Ctrl-C belongs to the pager (less ignores it), as with git
                continue
        return True


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


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
    from plans.queries.names import AMBIGUOUS, FOUND, name_index

    r = name_index(repo).resolve(name)
    err = console(stderr=True)
    if r.status == FOUND:
        if not r.exact:  # say which body the typed words were taken to mean
            # wrapped between words at the terminal's width, so that the id is never split by the terminal
            err.print(t("chosen_agency", lang, name=r.entity.name, id=r.entity.id), markup=False)
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


def resolve_plan(repo, text: str, lang: str):
    """The plan ``text`` names (its id, or its printed number: "53/KH-BCĐ", "53/kh-bcd"); exit 2 with
    the candidates when the number is several plans', or with the nearest when it is none."""
    from plans.queries.names import AMBIGUOUS, FOUND, plan_label, resolve_plan as _resolve

    r = _resolve(repo, text)
    err = console(stderr=True)
    if r.status == FOUND:
        if not r.exact:
            err.print(t("chosen_plan", lang, label=plan_label(repo, r.plan), id=r.plan.id), markup=False)
        return r.plan
    if r.status == AMBIGUOUS:
        err.print(t("ambiguous_plan", lang, name=text), markup=False)
    else:
        err.print(t("unknown_plan", lang, id=text), markup=False)
        if r.candidates:
            err.print(t("did_you_mean", lang, names="; ".join(f"{p.id} ({plan_label(repo, p)})" for p in r.candidates)),
                      markup=False, soft_wrap=True)
        raise typer.Exit(2)
    for p in r.candidates:
        err.print(f"  {p.id:<32} {plan_label(repo, p)} {p.title}", markup=False, soft_wrap=True)
    raise typer.Exit(2)


@dataclass(frozen=True)
class Col:
    """A column of a listing: the row key, the i18n key of its header, and how it behaves on a narrow
    terminal. ``drop`` > 0: the column may be left out when the table cannot fit (the highest first);
    ``raw``: the row key CSV takes its value from (a number where the table shows "14.62%");
    ``min``: the narrowest the column may be wrapped to (default: see ``_min_width``)."""
    key: str
    header: str
    drop: int = 0
    raw: str | None = None
    min: int | None = None


def _cols(columns) -> list[Col]:
    return [c if isinstance(c, Col) else Col(*c) for c in columns]


def render(rows: list[dict], columns, fmt: OutFormat, lang: str, title: str | None = None, out=None,
           bom: bool = False) -> None:
    """Print ``rows`` (dicts) with ``columns`` (``Col`` or (key, i18n header key)) as table / csv / md.
    (JSON is printed by the caller, which knows the document's shape.)

    Every cell goes through the output layer's escaping (plans.output.escape): CSV cells can never be
    read as a formula, Markdown cells never as markup, and no format carries control characters.
    The table fits the console's width (``layout``): columns are chosen by width, text is wrapped
    between words, ids are never broken."""
    from plans.text import clean

    columns = _cols(columns)
    headers = [t(c.header, lang) for c in columns]
    if fmt is OutFormat.csv:
        write_csv(headers, [[r.get(c.raw or c.key) for c in columns] for r in rows], bom=bom)
        return
    values = [["" if r.get(c.key) is None else clean(r.get(c.key)) for c in columns] for r in rows]
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
    print_table(out or console(), headers, values, [c.drop for c in columns], lang, title=title,
                mins=[c.min for c in columns])


GAP = 2          # spaces between columns
TEXT_MIN = 14    # a wrapped column is never narrower than this (or its longest word, or its whole text)
HEAD_MIN = 10    # a column of ids or numbers is as wide as its header up to this


def _words(s: str) -> list[str]:
    return s.split()


def _min_width(header: str, cells: list[str], wanted: int | None) -> tuple[int, int, bool]:
    """(narrowest, natural, unbreakable) width of a column. A column whose cells have no spaces
    (ids, dates, numbers, codes) is never broken: its narrowest is its widest cell. A column of text
    wraps between words, down to ``wanted`` (default TEXT_MIN) or its longest word."""
    from rich.cells import cell_len

    natural = max([cell_len(header)] + [cell_len(v) for v in cells])
    head_word = max((cell_len(w) for w in _words(header)), default=0)
    if all(len(_words(v)) <= 1 for v in cells):  # a header wraps only past HEAD_MIN ("Báo cáo / chưa nhận")
        return max([head_word, min(cell_len(header), HEAD_MIN)] + [cell_len(v) for v in cells]), natural, True
    longest = max([head_word] + [cell_len(w) for v in cells for w in _words(v)])
    body = max(cell_len(v) for v in cells)
    return max(longest, min(body, wanted or TEXT_MIN), min(cell_len(header), HEAD_MIN)), natural, False


def layout(headers: list[str], cells: list[list[str]], drops: list[int], width: int,
           mins: list[int | None] | None = None) -> tuple[list[int], list[int]] | None:
    """Which columns to show and how wide, for a table ``width`` columns wide: ([index], [width]),
    or None when even the narrowest choice does not fit (the rows are then shown one by one).
    Columns with ``drops[i] > 0`` are left out, highest first, until the rest fits."""
    mins = mins or [None] * len(headers)
    meas = [_min_width(h, [row[i] for row in cells], mins[i]) for i, h in enumerate(headers)]
    shown = list(range(len(headers)))

    def need(idx):
        return sum(meas[i][0] for i in idx) + GAP * (len(idx) - 1)

    # a column with nothing in it is left out at once
    shown = [i for i in shown if any(row[i] for row in cells)] or shown
    while need(shown) > width:
        droppable = [i for i in shown if drops[i] > 0]
        if not droppable:
            return None
        shown.remove(max(droppable, key=lambda i: (drops[i], i)))
    widths = {i: meas[i][0] for i in shown}
    room = width - need(shown)
    # the room left goes to the columns that are always shown, then to the optional ones; within each,
    # shared fairly: short columns (a header, a date) get their whole width first, the rest is split
    # evenly among the long texts
    for optional in (False, True):
        wanting = sorted((meas[i][1] - widths[i], i) for i in shown
                         if meas[i][1] > widths[i] and (drops[i] > 0) == optional)
        for n, (d, i) in enumerate(wanting):
            give = min(d, room // (len(wanting) - n))
            widths[i] += give
            room -= give
    return shown, [widths[i] for i in shown]


_BOX = None


def _box():
    """No borders: a line under each header (a space between the lines), two spaces between columns."""
    global _BOX
    if _BOX is None:
        from rich.box import Box

        _BOX = Box("    \n    \n ─  \n    \n    \n    \n    \n    \n", ascii=False)
    return _BOX


def print_table(con, headers: list[str], values: list[list[str]], drops: list[int], lang: str,
                title: str | None = None, mins: list[int | None] | None = None) -> None:
    """``values`` as a table as wide as the console, or, when no choice of columns fits, record by record."""
    from rich.table import Table
    from rich.text import Text

    cells = [[str(v) for v in row] for row in values]
    if title:
        emit(con, Text(title), "bold")
    plan = layout(headers, cells, drops, con.width, mins) if cells else (list(range(len(headers))), None)
    if plan is None:
        return _records(con, headers, cells)
    shown, widths = plan
    # Text, not str: rich would read "[link=…]" or "[bold]" in data as its own markup.
    table = Table(box=_box(), show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), expand=False,
                  header_style="bold" if con.is_terminal else "", collapse_padding=False)
    for n, i in enumerate(shown):
        table.add_column(headers[i], width=widths[n] if widths else None, overflow="fold")
    for row in cells:
        table.add_row(*[Text(row[i]) for i in shown])
    emit(con, table)
    hidden = [headers[i] for i in range(len(headers)) if i not in shown and any(row[i] for row in cells)]
    if hidden:
        emit(con, Text(t("hidden_columns", lang, width=con.width, columns=", ".join(hidden))), "dim")
    emit(con, "")


def _records(con, headers: list[str], cells: list[list[str]]) -> None:
    """Rows too wide for the console, one record after another ("Header  value"), each value
    wrapped between words in the width left."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold" if con.is_terminal else None, no_wrap=True)
    grid.add_column(overflow="fold")
    for i, row in enumerate(cells):
        if i:
            grid.add_row("", "")
        for h, v in zip(headers, row):
            if v:
                grid.add_row(Text(h), Text(v))
    emit(con, grid)
    emit(con, "")


def write_csv(headers: list[str], rows: list[list], bom: bool = False) -> None:
    """The CSV of ``rows`` on stdout, as UTF-8 bytes whatever the console's code page (with a BOM for
    Excel when asked): ``plans.output.csvout`` (every cell through the OWASP escape)."""
    import sys

    from plans.output.csvout import csv_bytes

    data = csv_bytes(headers, rows, bom=bom)
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # pragma: no cover - a text-only stdout
        sys.stdout.write(data.decode("utf-8"))
        return
    out.write(data)
    out.flush()


BOM_HELP = "CSV có BOM (UTF-8) để Excel trên Windows đọc đúng tiếng Việt."


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

