"""The ``plans`` command. Heavy modules are imported inside each command, so that
startup pays only for what the command uses."""
from __future__ import annotations

import os
import sys
from enum import Enum

import typer

app = typer.Typer(
    name="plans",
    help="Kế hoạch phòng, chống tội phạm lưu dạng YAML: kiểm tra, truy vấn, chỉ tiêu, báo cáo. "
         "(Crime-prevention plans kept as YAML: lint, query, KPIs, reports.)",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


class Lang(str, Enum):
    vi = "vi"
    en = "en"


@app.callback()
def _root(
    ctx: typer.Context,
    lang: Lang = typer.Option(os.environ.get("PLANS_LANG", "vi"), "--lang", help="Ngôn ngữ / language: vi, en."),
):
    ctx.obj = {"lang": lang.value}
    from plans.commands.usage_vi import install

    install(lang.value)  # the subcommand's own usage errors come after this, in the user's language


def lang_of(ctx: typer.Context) -> str:
    return (ctx.obj or {}).get("lang", "vi")


def _register():
    from plans.commands import lint as _lint  # noqa: F401
    from plans.commands import kpi as _kpi  # noqa: F401
    from plans.commands import query as _query  # noqa: F401
    from plans.commands import render as _render  # noqa: F401
    from plans.commands import status as _status  # noqa: F401
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
