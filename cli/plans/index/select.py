"""The part of the repository a query needs, built from the index.

``for_status(paths, agency, plan)`` and ``for_kpi(paths, plan, period, agency)`` return a
:class:`Selection`: a :class:`~plans.loading.model.Repository` holding every registry and indicator
catalog, the plans and reports the query can see, and nothing else, with the number of load errors
of the whole repository. The existing functions (``View``, ``agency_status``, ``attainment``) then
compute the answer on it, exactly as on the whole repository:

- ``status --agency A``: plans whose tasks or reporting duties name A, a group of A, a predecessor of
  A or one of its groups (``queries.status._reach``), plans of A's jurisdiction (targets in its
  charge), the plan ``--plan`` names; every other file that carries the id of a plan selected (the
  first file of an id wins, as in the whole repository); the reports A sent on those plans;
- ``kpi --plan P``: P (and every file with its id), its reports (of ``--period`` only, when given);
  ``kpi`` alone: every plan some report is about, with all their reports.

Plan labels count the plans sharing a number over the whole repository (from the index), as
``plan_label`` does on the whole model. ``None`` whenever the index cannot answer (see
``plans.index.store``): the caller loads the plain way.
"""
from __future__ import annotations

import hmac
import json
from collections import Counter
from dataclasses import dataclass

from plans.index.store import Index, _digest, open_index, order_key

CHUNK = 900  # SQLite's bound variables per statement stay under the old default limit (999)


@dataclass
class Selection:
    repo: object
    errors: int
    files: int  # files of the repository, all of them (the selection holds fewer)


def _chunks(seq):
    seq = list(seq)
    for i in range(0, len(seq), CHUNK):
        yield seq[i:i + CHUNK]


def _ids(index: Index, sql: str, values) -> set[int]:
    """File ids from ``sql`` (whose last placeholder list is ``({marks})``), for every value, restricted to
    the files of this repository."""
    out: set[int] = set()
    for part in _chunks(values):
        q = sql.format(marks=",".join("?" * len(part)))
        out.update(fid for (fid,) in index.conn.execute(q, part))
    return _mine(index, out)


def _mine(index: Index, fids) -> set[int]:
    """The ids among ``fids`` of files of this repository (the index may hold other repositories too)."""
    out: set[int] = set()
    roots = list(index.roots)
    for part in _chunks(sorted(fids)):
        q = (f"SELECT id FROM file WHERE id IN ({','.join('?' * len(part))}) "
             f"AND root IN ({','.join('?' * len(roots))})")
        out.update(fid for (fid,) in index.conn.execute(q, [*part, *roots]))
    return out


def _registries(index: Index) -> set[int]:
    roots = list(index.roots)
    q = f"SELECT id FROM file WHERE kind IN ('Agencies', 'Indicators') AND root IN ({','.join('?' * len(roots))})"
    return {fid for (fid,) in index.conn.execute(q, roots)}


def build(index: Index, fids, into=None) -> object | None:
    """The model of the files ``fids`` (added to ``into``), built in the order ``discover`` gives them;
    ``None`` when a row does not check out (it is then dropped, and made again on the next run)."""
    from plans.loading import loader
    from plans.loading import model as m
    from plans.loading.yamlsafe import LazyPositions

    rows = {}
    for part in _chunks(fids):
        q = ("SELECT id, root, rel, hash, kind, errors, payload, cols, digest FROM file "
             f"WHERE id IN ({','.join('?' * len(part))})")
        for fid, root, rel, fhash, kind, errors, payload, cols, digest in index.conn.execute(q, part):
            if root in index.rank:
                rows[fid] = (root, rel, fhash, kind, errors, payload, cols, digest)
    repo = into if into is not None else m.Repository()
    for fid in sorted(rows, key=lambda f: order_key(index.rank[rows[f][0]], rows[f][1])):
        root, rel, fhash, kind, errors, payload, cols, digest = rows[fid]
        display = index.display(root, rel)
        try:
            good = isinstance(digest, bytes) and hmac.compare_digest(
                digest, _digest(index.gen, rel, fhash, kind, errors, payload, cols))
        except (TypeError, AttributeError):
            good = False
        if not good:
            _forget(index, fid)
            return None
        repo.files[display] = m.SourceFile(display, kind)
        if payload is None:
            continue
        try:
            data = json.loads(payload)
        except (ValueError, RecursionError):
            _forget(index, fid)
            return None
        lazy = LazyPositions(display, {}, index.max_bytes)
        lazy.release()  # positions are read from the file again when something needs them
        loader.build(kind, data, display, lazy, repo)
    return repo


def _forget(index: Index, fid: int) -> None:
    """Drop a row that does not check out: the next run loads its file again."""
    from plans.index.store import _drop

    try:
        index.conn.execute("BEGIN IMMEDIATE")
        _drop(index.conn, fid)
        index.conn.execute("COMMIT")
    except Exception:  # locked, read-only: the row stays unused, it is checked again next time
        try:
            index.conn.execute("ROLLBACK")
        except Exception:
            pass


def _same_ids(index: Index, fids: set[int]) -> set[int]:
    """``fids`` with every other plan file carrying one of their plan ids (the first one wins, as loading
    the whole repository decides)."""
    ids = set()
    for part in _chunks(fids):
        q = f"SELECT DISTINCT id FROM plan WHERE file IN ({','.join('?' * len(part))})"
        ids.update(i for (i,) in index.conn.execute(q, part))
    return fids | _ids(index, "SELECT file FROM plan WHERE id IN ({marks})", sorted(ids)), ids


def _plan_ids_named(index: Index, text: str) -> set[int] | None:
    """Plan files ``resolve_plan`` may answer with for ``text`` (its id, its number, its id folded);
    ``None`` when it would search the whole repository for near names (an unknown plan)."""
    from plans.queries.names import _number_key

    text = (text or "").strip()
    key = _number_key(text)
    found = _ids(index, "SELECT file FROM plan WHERE id IN ({marks})", [text])
    if key:
        found |= _ids(index, "SELECT file FROM plan WHERE nkey IN ({marks})", [key])
        found |= _ids(index, "SELECT file FROM plan WHERE fid IN ({marks})", [key])
    return found or None


def _number_counts(index: Index) -> Counter:
    """How many plans of the whole repository carry each number key (first file of an id wins)."""
    roots = list(index.roots)
    q = ("SELECT f.root, f.rel, p.id, p.nkey FROM plan p JOIN file f ON f.id = p.file "
         f"WHERE f.root IN ({','.join('?' * len(roots))})")
    rows = [(order_key(index.rank[r], rel), i, k) for r, rel, i, k in index.conn.execute(q, roots)]
    rows.sort()
    seen, counts = set(), Counter()
    for _, pid, nkey in rows:
        if pid not in seen:
            seen.add(pid)
            counts[nkey] += 1
    return counts


def _finish(index: Index, fids: set[int], into=None) -> Selection | None:
    """The selection of ``fids`` (added to ``into``: the registries already built). Registries, plans and
    reports are independent of one another while built, so building the registries first gives the model
    that building every file in discover()'s order gives."""
    from operator import attrgetter

    repo = build(index, fids, into)
    if repo is None:
        return None
    numbers = tuple(map(attrgetter("number"), repo.plans.values()))
    repo._plan_number_counts = (numbers, _number_counts(index))  # what plan_label counts on the whole model
    return Selection(repo, index.errors, index.count)


def _open(paths):
    from plans.loading.loader import default_paths

    return open_index(paths or default_paths())


def for_status(paths, agency: str | None, plan: str | None) -> Selection | None:
    """What ``plans status --agency`` needs (see the module's text); ``None``: load the plain way."""
    from plans.queries.names import FOUND, name_index
    from plans.queries.status import _reach

    if not agency:
        return None
    index = _open(paths)
    if index is None:
        return None
    try:
        base = _registries(index)
        registries = build(index, base)
        if registries is None:
            return None
        plans: set[int] = set()
        if plan:
            named = _plan_ids_named(index, plan)
            if named is None:
                return None
            plans |= named
        r = name_index(registries).resolve(agency)  # kept: the command resolves the name again
        ent = r.entity if r.status == FOUND else None
        if ent is not None:
            reach = _reach(registries, ent.id)
            plans |= _ids(index, "SELECT file FROM ref WHERE ref IN ({marks})", sorted(reach))
            plans |= _ids(index, "SELECT file FROM plan WHERE jur IN ({marks})", [ent.jurisdiction])
        plans, plan_ids = _same_ids(index, plans)
        reports: set[int] = set()
        if ent is not None and plan_ids:
            for part in _chunks(sorted(plan_ids)):
                q = f"SELECT file FROM report WHERE agency = ? AND plan IN ({','.join('?' * len(part))})"
                reports.update(index.conn.execute(q, [ent.id, *part]))
        return _finish(index, plans | _mine(index, (f for (f,) in reports)), registries)
    finally:
        index.close()


def for_kpi(paths, plan: str | None, period: str | None) -> Selection | None:
    """What ``plans kpi`` needs (see the module's text); ``None``: load the plain way."""
    index = _open(paths)
    if index is None:
        return None
    try:
        base = _registries(index)
        if plan:
            named = _plan_ids_named(index, plan)
            if named is None:
                return None
            plans, plan_ids = _same_ids(index, named)
        else:
            reported = sorted({p for (p,) in index.conn.execute("SELECT DISTINCT plan FROM report")})
            plans, plan_ids = _same_ids(index, _ids(index, "SELECT file FROM plan WHERE id IN ({marks})", reported))
        reports: set[int] = set()
        for part in _chunks(sorted(plan_ids)):
            marks = ",".join("?" * len(part))
            if plan and period:
                q, args = f"SELECT file FROM report WHERE period = ? AND plan IN ({marks})", [period, *part]
            else:
                q, args = f"SELECT file FROM report WHERE plan IN ({marks})", part
            reports.update(index.conn.execute(q, args))
        return _finish(index, base | plans | _mine(index, (f for (f,) in reports)))
    finally:
        index.close()
