"""``plans diff`` for Python callers: load both sides through the loader (and its cache) and compare.

    from plans.diff.api import run_diff
    out = run_diff("main")                        # merge-base … working tree
    out = run_diff("HEAD~1", "HEAD", start=repo)  # two commits
    out = run_diff(paths=("old/", "new/"))        # two folders or files, no git
    out.result.changes, out.result.impact

Raises ``revisions.GitError`` (git missing, not a repository, unknown revision) and
``loading.loader.LoadError`` (a path that does not exist); bad data never raises: it is in
``out.result.problems``.
"""
from __future__ import annotations

import os
import types
from dataclasses import dataclass

from plans.diff import revisions as rv
from plans.diff.compare import compare
from plans.diff.model import DiffResult
from plans.loading.model import Repository


@dataclass
class Outcome:
    result: DiffResult
    base: Repository
    head: Repository


def run_diff(base: str | None = None, head: str | None = None, paths: tuple[str, str] | None = None,
             start: str = ".") -> Outcome:
    sides = []
    try:
        sides = _path_sides(paths) if paths else _git_sides(base, head, start)
        b, h = sides
        brepo, hrepo = load_side(b), load_side(h)
        if paths:
            _context_registries(paths, start, brepo, hrepo)
        # files both sides read from the same place: the working tree's copy, unchanged on both sides
        shared = set(b.reused) if h.is_worktree else b.reused & h.reused
        return Outcome(compare(brepo, hrepo, b.rel, h.rel, shared, b.label, h.label), brepo, hrepo)
    finally:
        for s in sides:
            s.close()


def _git_sides(base, head, start):
    root = rv.toplevel(start)
    if base:
        blabel, bcommit = base, rv.resolve(root, base)
    else:
        blabel, bcommit = rv.default_base(root)
    if head is None:
        hside = rv.worktree(root)
    else:
        hcommit = rv.resolve(root, head)
        hside = rv.revision(root, head, f"{head} ({hcommit[:7]})", hcommit)
    try:
        bside = rv.revision(root, blabel, f"{blabel} ({bcommit[:7]})", bcommit)
    except BaseException:
        hside.close()
        raise
    return [bside, hside]


def _path_sides(paths):
    from plans.loading.loader import LoadError

    out = []
    for p in paths:
        if not os.path.exists(p):
            raise LoadError(p)
        root = p if os.path.isdir(p) else os.path.dirname(os.path.abspath(p))
        out.append(rv.Side(p, [p], os.path.abspath(root)))
    return out


def load_side(side: rv.Side) -> Repository:
    """One side through the loader and its cache, as every command loads: bad files become findings."""
    from plans.config import ConfigError, load_config
    from plans.loading.loader import load_repository

    try:
        cfg = load_config(start=side.root)
    except ConfigError:
        cfg = None
    if side.tmp is not None:  # links in a revision may point anywhere inside it, nowhere else
        cfg = types.SimpleNamespace(root=side.tmp, file=os.path.join(side.tmp, "pyproject.toml"))
    repo, _ = load_repository(side.paths, config=cfg, cache=True)
    return repo


def _context_registries(paths, start, *repos) -> None:
    """Two plan files compared on their own (``git difftool``): names come from the registries of the
    repository the command runs in, the same on both sides (so they are no change)."""
    if not all(os.path.isfile(p) for p in paths) or any(r.agencies for r in repos):
        return
    from plans.config import find_pyproject
    from plans.loading.loader import load_repository

    found = find_pyproject(start)
    reg = os.path.join(str(found.parent) if found else start, "plans", "agencies")
    if not os.path.isdir(reg):
        return
    ctx, _ = load_repository([reg], cache=True)
    for r in repos:
        r.agencies.update(ctx.agencies)
        r.groups.update(ctx.groups)
        r.forget_groups()
