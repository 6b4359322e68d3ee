"""The ``plans`` command. Heavy modules are imported inside each command, so that
startup pays only for what the command uses."""
from __future__ import annotations

import os
import sys
from enum import Enum

import typer

from typer.core import TyperGroup

# Options of the root command that may also be written after the subcommand ("plans status --lang en"):
# they are moved in front of it before parsing. ``--lang`` takes a value; ``--no-pager`` does not.
GLOBAL_OPTIONS = {"--lang": True, "--no-pager": False}


def hoist_global_options(args: list[str]) -> list[str]:
    """``args`` with the global options found after the subcommand moved before it (up to a ``--``)."""
    first = next((i for i, a in enumerate(args) if not a.startswith("-")
                  and (i == 0 or not GLOBAL_OPTIONS.get(args[i - 1], False))), None)
    if first is None:
        return args
    head, rest, moved, i = list(args[:first + 1]), [], [], first + 1
    while i < len(args):
        a = args[i]
        if a == "--":
            rest.extend(args[i:])
            break
        name = a.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            takes_value = GLOBAL_OPTIONS[name] and "=" not in a
            moved.extend(args[i:i + 2] if takes_value else [a])
            i += 2 if takes_value else 1
            continue
        rest.append(a)
        i += 1
    return head[:first] + moved + head[first:] + rest


class _Root(TyperGroup):
    def parse_args(self, ctx, args):
        args = hoist_global_options(list(args))
        from plans.commands.usage_vi import install

        install(_lang_from_argv(args))  # the root's own --help is shown before the callback sets the language
        return super().parse_args(ctx, args)


app = typer.Typer(
    name="plans",
    cls=_Root,
    help="Kế hoạch phòng, chống tội phạm lưu dạng YAML: kiểm tra, truy vấn, chỉ tiêu, báo cáo. "
         "(Crime-prevention plans kept as YAML: lint, query, KPIs, reports.)",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,  # --install-completion, --show-completion; `plans completion SHELL` prints the script
)


class Lang(str, Enum):
    vi = "vi"
    en = "en"


# Commands whose output is paged when stdout is a terminal (as git pages log and diff).
PAGED = {"status", "tasks", "plans", "agencies", "show", "kpi", "rules", "rule", "lint"}


def _version(value: bool):
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("plans")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            v = "0+unknown"
        typer.echo(f"plans {v}")
        raise typer.Exit(0)


@app.callback()
def _root(
    ctx: typer.Context,
    lang: Lang = typer.Option(os.environ.get("PLANS_LANG", "vi"), "--lang",
                              help="Ngôn ngữ / language: vi, en (trước hoặc sau tên lệnh)."),
    no_pager: bool = typer.Option(False, "--no-pager",
                                  help="Không dùng trình phân trang (less) khi in ra màn hình; cũng: PLANS_PAGER=cat."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Phiên bản plans."),
):
    ctx.obj = {"lang": lang.value}
    from plans.commands.usage_vi import install

    install(lang.value)  # the subcommand's own usage errors come after this, in the user's language
    if ctx.invoked_subcommand in PAGED and not ctx.resilient_parsing:
        from plans.commands._common import paged, pager_command

        pager = pager_command(no_pager)
        if pager:
            ctx.with_resource(paged(pager))


def lang_of(ctx: typer.Context) -> str:
    return (ctx.obj or {}).get("lang", "vi")


def _register():
    from plans.commands import lint as _lint  # noqa: F401
    from plans.commands import kpi as _kpi  # noqa: F401
    from plans.commands import query as _query  # noqa: F401
    from plans.commands import render as _render  # noqa: F401
    from plans.commands import status as _status  # noqa: F401
    from plans.commands import cascade as _cascade  # noqa: F401
    from plans.commands import site as _site  # noqa: F401
    from plans.commands import completion as _completion  # noqa: F401
    from plans.commands import diff as _diff  # noqa: F401
    from plans.commands import importing as _importing  # noqa: F401
    from plans.commands import exchange as _exchange  # noqa: F401


_register()


def _lang_from_argv(argv: list[str]) -> str:
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return os.environ.get("PLANS_LANG", "vi")


def main() -> None:
    from plans.commands.usage_vi import install

    install(_lang_from_argv(sys.argv[1:]))  # errors before the root callback (an unknown command)
    # The youngest generation collected every 10,000 allocations instead of 700: loading tens of thousands
    # of files allocates millions of containers that live to the end of the run, and each collection
    # walked the young ones again (lint cold at 500 plans 14.3-14.6 -> 13.4-13.5 s, 2,000 plans
    # 68.1 -> 61.5 s, the same peak memory). Only the command: the Python API leaves the caller's setting.
    import gc

    gc.set_threshold(10_000, 10, 10)
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as e:  # last resort: a short message, never a traceback; exit 2, never another code
        if os.environ.get("PLANS_DEBUG"):
            raise
        print(bug_message(e, sys.argv[1:]), file=sys.stderr)
        sys.exit(2)


def bug_message(e: BaseException, argv: list[str]) -> str:
    """What an unexpected exception tells the user: that it is a bug, in which command, on which file."""
    from plans.i18n import t

    lang = os.environ.get("PLANS_LANG", "vi")
    if "--lang" in argv[:-1]:
        lang = argv[argv.index("--lang") + 1]
    lang = lang if lang in ("vi", "en") else "vi"
    words = []  # the command's name: "lint", "render report" (not its arguments)
    try:
        cmd = typer.main.get_command(app)
        rest = [a for i, a in enumerate(argv) if not a.startswith("-") and (i == 0 or argv[i - 1] != "--lang")]
        for a in rest:
            sub = getattr(cmd, "commands", {}).get(a)
            if sub is None:
                break
            words.append(a)
            cmd = sub
    except Exception:  # pragma: no cover - the message must come out whatever happened
        pass
    file = getattr(e, "filename", None) or getattr(e, "file", None) or getattr(e, "path", None)
    mark = getattr(e, "problem_mark", None)
    if not file and mark is not None and getattr(mark, "name", None) not in (None, "<unicode string>"):
        file = mark.name
    where = t("internal_error_file", lang, file=file) if isinstance(file, (str, os.PathLike)) and file else ""
    detail = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
    return t("internal_error", lang, command=" ".join(words) or "", file=where, error=detail.splitlines()[0][:300])
