"""Writing the site into its folder without losing anything a person put there.

The folder keeps a manifest (``.plans-site.json``: each file the last build wrote, with its digest).
A rebuild rewrites and removes only files the manifest lists and that nobody changed since; a file in
the way that the manifest does not list, or that was edited since, is a refusal (``WriteRefused``,
reason ``exists``) unless ``force``. Stale pages of a previous build go; files other commands put
there (calendars, workbooks) are never touched. Every file goes through ``output.safewrite``
(atomic, never through a link, never into plans/, kpi/ or schema/); unchanged files are not rewritten.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from plans.output.safewrite import EXISTS, NOT_REGULAR, WriteRefused, data_dirs, write_files

MANIFEST = ".plans-site.json"
BATCH = 400  # files per safewrite call: bounded memory for temporary files and open descriptors


@dataclass
class SiteWrite:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # stale files someone changed: left as they are


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(out: Path) -> dict[str, str]:
    try:
        doc = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        files = doc.get("files", {}) if isinstance(doc, dict) else {}
        return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}
    except (OSError, ValueError, UnicodeDecodeError):
        return {}


def _inside(out: Path, rel: str) -> Path | None:
    """``out/rel`` when ``rel`` is a plain relative path (a manifest is data: never follow ``..``)."""
    if not rel or rel.startswith(("/", "\\")) or ".." in Path(rel).parts:
        return None
    return out / rel


def _current(path: Path) -> str | None:
    try:
        if path.is_symlink() or not path.is_file():
            return None
        return digest(path.read_bytes())
    except OSError:
        return None


def present_files(out: Path, patterns) -> frozenset[str]:
    """Relative paths under ``out`` in the folders of ``patterns`` ("calendar/{slug}.ics"): files other
    commands put into the site folder, for the pages to link to."""
    found = set()
    for folder in sorted({p.split("/", 1)[0] for p in patterns if "/" in p}):
        d = out / folder
        if d.is_dir() and not d.is_symlink():
            for f in d.iterdir():
                if f.is_file() and not f.is_symlink():
                    found.add(f"{folder}/{f.name}")
    return frozenset(found)


def write_site(out: str | os.PathLike, files: dict[str, bytes], force: bool = False) -> SiteWrite:
    """Write ``files`` ({relative path: bytes}) under ``out``; see the module docstring."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise WriteRefused(str(out), NOT_REGULAR)
    old = read_manifest(out) if out.is_dir() else {}
    res = SiteWrite()
    todo = []
    for rel, data in files.items():
        path = out / rel
        if not os.path.lexists(path):
            todo.append((str(path), data))
            continue
        now = _current(path)
        if now == digest(data) and not path.is_symlink():
            res.unchanged.append(rel)
            continue
        if not force and (rel not in old or now != old[rel]):
            raise WriteRefused(str(path), EXISTS)  # not ours, or edited since the last build
        todo.append((str(path), data))
    stale = []
    for rel in sorted(set(old) - set(files)):
        path = _inside(out, rel)
        if path is None or not os.path.lexists(path):
            continue
        if _current(path) == old[rel]:
            stale.append(path)
        else:
            res.kept.append(rel)
    protected = data_dirs(str(out / "index.html"))
    for i in range(0, len(todo), BATCH):
        batch = todo[i:i + BATCH]
        res.written += write_files(batch, force=True, protected=protected)
    for path in stale:
        try:
            path.unlink()
            res.removed.append(str(path))
        except OSError:
            continue
        _prune(path.parent, out)
    manifest = json.dumps({"generator": "plans site", "files": {k: digest(v) for k, v in files.items()}},
                          ensure_ascii=False, sort_keys=True, indent=0).encode("utf-8") + b"\n"
    write_files([(str(out / MANIFEST), manifest)], force=True, protected=protected)
    return res


def _prune(d: Path, out: Path) -> None:
    """Remove directories emptied by removing stale pages, up to (not including) ``out``."""
    out = out.resolve()
    while True:
        try:
            if d.resolve() == out or out not in d.resolve().parents:
                return
            d.rmdir()
        except OSError:
            return
        d = d.parent


__all__ = ["MANIFEST", "SiteWrite", "write_site", "present_files", "read_manifest", "EXISTS"]
