"""Loading for ``status --agency`` and ``kpi`` through the query index (``plans.index``).

The index gives the part of the repository the query needs; when it cannot (no private cache directory,
a symbolic link in the tree, a row that does not check out, ``PLANS_NO_INDEX=1``) the repository is
loaded the plain way, with the same messages. Either way the command computes the same answer."""
from __future__ import annotations

import os

from plans.commands._common import console, load_repo
from plans.i18n import t


def load_selected(paths, lang: str, select):
    """The repository for a query: ``select()`` (a ``plans.index.select.Selection`` or ``None``), else
    ``load_repo``. Load errors of the whole repository are said once, on stderr, as ``load_repo`` says them."""
    if os.environ.get("PLANS_NO_INDEX", "") not in ("", "0"):
        return load_repo(paths, lang)
    sel = select()
    if sel is None:
        return load_repo(paths, lang)
    if sel.errors:
        console(stderr=True).print(t("load_errors", lang, n=sel.errors), markup=False, style="yellow")
    return sel.repo
