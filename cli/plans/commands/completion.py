"""Shell completion: ``plans completion bash|zsh|fish`` prints the script (``plans --install-completion``
installs it for the current shell), and the completers that offer agency ids, plan ids and numbers,
plan items and jurisdictions while a command line is typed.

A completer runs on every TAB: it reads the model through the loader's cache (one SQLite read when
nothing changed), never prints, and answers nothing rather than an error when the repository cannot be
read. Agencies are offered by id (what ``--agency`` takes without a doubt, no quoting needed; Typer keeps
only the candidates that start with the typed word); the shell shows each id's name beside it (zsh, fish)."""
from __future__ import annotations

from enum import Enum

import typer

from plans.commands.app import app

LIMIT = 200       # no shell wants more candidates than this on one TAB
HELP_WIDTH = 50   # Typer wraps longer descriptions onto a second line, which fish then takes for a value


def _repo(ctx):
    """The repository the command line names (``--repo``), else the default one; None when unreadable."""
    import contextlib
    import io

    try:
        from plans.loading.loader import default_paths, load_repository

        paths = None
        c = ctx
        while c is not None and not paths:
            paths = (c.params or {}).get("paths")
            c = c.parent
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            repo, _ = load_repository(list(paths) if paths else default_paths(), cache=True)
        return repo
    except BaseException:  # a completer never fails in the user's shell  # noqa: BLE001
        return None


def _help(text: str) -> str:
    """A completion's description, short and on one line (the shells show it beside the value)."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= HELP_WIDTH else text[: HELP_WIDTH - 1].rstrip() + "…"


def complete_agency(ctx: typer.Context, incomplete: str):
    """Agency and group ids starting with what is typed ("hp." lists Hải Phòng's), each with its name."""
    repo = _repo(ctx)
    if repo is None:
        return []
    ents = sorted((*repo.agencies.values(), *repo.groups.values()), key=lambda e: e.id)
    return [(e.id, _help(e.name)) for e in ents if e.id.startswith(incomplete)][:LIMIT]


def complete_plan(ctx: typer.Context, incomplete: str):
    """Plan ids, and the printed numbers that can be typed (not the illegible "…/KH-BCĐ")."""
    repo = _repo(ctx)
    if repo is None:
        return []
    from plans.queries.names import plan_label

    out = []
    for p in sorted(repo.plans.values(), key=lambda p: p.id):
        if p.id.startswith(incomplete):
            out.append((p.id, _help(f"{plan_label(repo, p)}: {p.title}")))
        if p.number and "…" not in p.number and p.number.startswith(incomplete):
            out.append((p.number, _help(f"{p.id}: {p.title}")))
    return out[:LIMIT]


def complete_plan_item(ctx: typer.Context, incomplete: str):
    """``PLAN`` or ``PLAN:ITEM`` (``show``): plan ids first, then, after the colon, the plan's items."""
    if ":" not in incomplete:
        return [(v, h) for v, h in complete_plan(ctx, incomplete) if "/" not in v]
    repo = _repo(ctx)
    if repo is None:
        return []
    plan_id, _, item = incomplete.partition(":")
    plan = repo.plans.get(plan_id)
    if plan is None:
        return []
    out = []
    for node in [*plan.objectives, *plan.targets, *plan.all_sections(), *plan.tasks()]:
        if node.id.startswith(item):
            out.append((f"{plan_id}:{node.id}", _help(getattr(node, "text", None) or getattr(node, "title", None))))
    return out[:LIMIT]


def complete_jurisdiction(ctx: typer.Context, incomplete: str):
    repo = _repo(ctx)
    if repo is None:
        return []
    return [(code, name) for code, name in sorted(repo.jurisdiction_names.items()) if code.startswith(incomplete)]


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command("completion")
def completion_cmd(shell: Shell = typer.Argument(..., help="bash, zsh hoặc fish.")):
    """In đoạn mã gợi ý lệnh (tab completion) cho shell: mã cơ quan, mã và số kế hoạch, mục.

    Ví dụ: plans completion bash > ~/.local/share/bash-completion/completions/plans
    """
    from typer._completion_classes import completion_init
    from typer._completion_shared import get_completion_script

    completion_init()
    typer.echo(get_completion_script(prog_name="plans", complete_var="_PLANS_COMPLETE", shell=shell.value))
