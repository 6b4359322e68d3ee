"""Ask once, reuse: the loaded model, pickled in the user's cache directory.

The cache lives outside the repository (``$PLANS_CACHE_DIR`` or ``~/.cache/plans``), so a
pull request cannot plant one; its key is a hash of the content of every file read, of the
schemas and of this package's source, so any change to any of them loads afresh.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from plans import __version__

_PKG = Path(__file__).resolve().parents[1]


def cache_dir() -> Path:
    base = os.environ.get("PLANS_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "plans")
    return Path(base)


def key(files: list[str], max_bytes: int) -> str:
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{__version__}|{max_bytes}".encode())
    for src in sorted(_PKG.rglob("*.py")):
        st = src.stat()
        h.update(f"{src}|{st.st_size}|{st.st_mtime_ns}".encode())
    from plans.loading.loader import schema_dir

    for sch in sorted(schema_dir().glob("*.json")):
        h.update(sch.read_bytes())
    for f in files:
        h.update(os.path.abspath(f).encode() + b"\0")
        try:
            if os.path.getsize(f) > max_bytes:
                h.update(b"too-large")
                continue
            with open(f, "rb") as fh:
                h.update(fh.read())
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()


def _path(k: str) -> Path:
    return cache_dir() / f"model-{k}.pickle"


def read(k: str):
    p = _path(k)
    try:
        with open(p, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None


def write(k: str, value) -> None:
    d = cache_dir()
    try:
        d.mkdir(parents=True, exist_ok=True)
        for old in d.glob("model-*.pickle"):  # keep the cache small: one model per file set is plenty
            if old.stat().st_mtime < __import__("time").time() - 7 * 86400:
                old.unlink(missing_ok=True)
        tmp = d / f".{k}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, _path(k))
    except OSError:
        pass  # a read-only home is fine: the next command loads afresh
