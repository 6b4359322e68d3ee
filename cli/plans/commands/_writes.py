"""How the commands write files: through plans.output.safewrite, a refusal becomes a message and exit 2."""
from __future__ import annotations

import errno as _errno
import os

from plans.i18n import TEXT, t
from plans.output.safewrite import OS_ERROR, WriteRefused, data_dirs, write_files


def _shown(path: str) -> str:
    """A path as the user typed it, or relative to the current directory when that is shorter."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return rel if len(rel) < len(path) else path


def refusal(e: WriteRefused, lang: str) -> str:
    """The message for a refused write, in ``lang``."""
    detail = e.detail
    if e.reason == OS_ERROR:
        name = _errno.errorcode.get(e.errno or 0, "")
        key = f"errno_{name}"
        detail = t(key, lang) if key in TEXT else (getattr(detail, "strerror", None) or str(detail))
    elif isinstance(detail, str):
        detail = _shown(detail)
    return t(f"write_{e.reason}", lang, path=_shown(e.path), detail=detail)


def write_outputs(items, lang: str, *, force: bool = False) -> None:
    """Write the export files ``items`` [(path, data)] all or nothing: never into the data directories
    (plans/, kpi/, schema/) of the repository at hand or of the one the file would land in, never over
    an existing file without ``force``. Exit 2 with a message when refused."""
    from plans.commands._common import fail

    try:
        protected = data_dirs(*(p for p, _ in items))
        write_files(items, force=force, protected=protected)
    except WriteRefused as e:
        fail(refusal(e, lang))
