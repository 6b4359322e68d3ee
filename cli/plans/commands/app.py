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


def lang_of(ctx: typer.Context) -> str:
    return (ctx.obj or {}).get("lang", "vi")


def _register():
    from plans.commands import lint as _lint  # noqa: F401
    from plans.commands import kpi as _kpi  # noqa: F401
    from plans.commands import query as _query  # noqa: F401
    from plans.commands import render as _render  # noqa: F401
    from plans.commands import status as _status  # noqa: F401


_register()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as e:  # last resort: a short message, never a traceback
        if os.environ.get("PLANS_DEBUG"):
            raise
        print(f"plans: lỗi nội bộ / internal error: {type(e).__name__}: {e}\n"
              "Chạy lại với PLANS_DEBUG=1 để xem chi tiết và báo lỗi.", file=sys.stderr)
        sys.exit(3)
