"""Ask once, reuse: what loading each file produced, kept in the user's cache directory.

Parsing a YAML file and validating it against its schema is the expensive part of loading;
building the model from validated data is cheap. So, for every file, the cache keeps what the
loader made of it — its kind, the data its builder was given and its findings — as JSON in one
SQLite database, and on the next run builds the model again from that data with the loader's own
builders. An edited file is loaded afresh; the others come from the cache. Positions stay lazy:
a finding's line and column are read from the file itself, as after a fresh load.

The cache holds data, never code: JSON read through SQLite (standard library); nothing in it is
imported, evaluated or turned into objects other than by the builders. An entry is used only when

- its key matches: a hash of this package's code, the schemas, the parser and validator versions,
  the size limit, the file's path and its whole content — any edit, schema change or upgrade
  loads afresh;
- its payload hashes (BLAKE2b keyed by the entry's key) to the digest stored beside it: a damaged,
  truncated or misplaced entry is a miss and the file is loaded afresh — never a crash, never a
  different model;
- the directory (``$PLANS_CACHE_DIR``, else ``$XDG_CACHE_HOME/plans``, else ``~/.cache/plans``) and
  the database file in it belong to the current user, are not symbolic links and cannot be written
  by anyone else. Otherwise the cache is not used at all; :func:`refusal` says which path, for the
  commands to warn once.

The directory is created 0700, the database 0600 (outside the repository, so a pull request cannot
plant one). Writes happen in one transaction at the end of a load; when another process holds the
database this run does not wait long and does not write. Entries unused for 30 days are dropped.
"""
from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import sqlite3
import stat
import time
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from plans import __version__
from plans.findings import Finding

FORMAT = 1  # the shape of a stored entry; a change drops the table
DB_NAME = "model.sqlite3"
TIMEOUT = 0.5  # seconds to wait for another process' write; then read without, or skip the write
KEEP_DAYS = 30

_PKG = Path(__file__).resolve().parents[1]
_TABLE = ("CREATE TABLE entry (key BLOB PRIMARY KEY, used INTEGER NOT NULL, digest BLOB NOT NULL, "
          "payload BLOB NOT NULL)")
# What a damaged database file can raise besides sqlite3.DatabaseError: SQLite's message about the
# damage may itself be undecodable (UnicodeDecodeError), a value may not fit.
_DAMAGE = (sqlite3.Error, ValueError, OverflowError)
_refused: tuple[str, str] | None = None


def cache_dir() -> Path:
    base = os.environ.get("PLANS_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "plans")
    return Path(base)


def refusal() -> tuple[str, str] | None:
    """``(path, reason)`` when the last cached load refused its cache directory or database as
    unsafe (reason: ``symlink``, ``owner``, ``mode`` or ``type``); ``None`` otherwise."""
    return _refused


# ---------------------------------------------------------------- loading through the cache

def load(files: list[str], max_bytes: int, roots=None):
    """``(repository, findings)`` for ``files``, as ``load_repository`` gives them, each file taken
    from the cache when its entry is sound and loaded afresh (then stored) otherwise."""
    from plans.loading import loader
    from plans.loading import model as m

    global _refused
    _refused = None
    repo = m.Repository()
    findings: list[Finding] = []
    store = _Store.open()
    try:
        gen = _generation(max_bytes) if store is not None else None
    except OSError:  # a schema or source file unreadable: no key to trust, load afresh
        gen = None
    if gen is None:
        if store is not None:
            store.close()
        for path in files:
            loader.load_file(path, repo, findings, max_bytes=max_bytes, roots=roots)
        repo.load_findings = findings
        return repo, findings
    ahead = few = None
    try:
        fresh, touched, today = [], [], _today()
        looked = []
        for path in files:
            key, before = _file_key(gen, path, max_bytes, roots)
            looked.append((path, key, before, store.get(key) if key is not None else None))
        # The files to load afresh, parsed and validated by worker processes when there are many
        # (their entries come back in file order and are put in the model as cache hits are).
        ahead = _parallel([path for path, key, _, hit in looked if key is not None and hit is None], max_bytes, roots)
        few = loader.few_files.set(sum(1 for *_, hit in looked if hit is None) <= FEW_FILES)
        for path, key, before, hit in looked:
            if hit is not None and _replay(hit[0], path, repo, findings, max_bytes):
                if hit[1] < today:
                    touched.append(key)
                continue
            payload = next(ahead) if key is not None and hit is None else None
            if payload is not None:
                entry = _decode(payload)
                if entry is not None and _replay(entry, path, repo, findings, max_bytes):
                    if _same_file(path, before):
                        fresh.append((key, payload))
                    continue
            mine: list[Finding] = []
            given, _ = loader.load_recorded(path, repo, mine, max_bytes=max_bytes, roots=roots)
            findings.extend(mine)
            if key is not None:
                payload = _payload(path, repo, mine, given)
                if payload is not None and _same_file(path, before):
                    fresh.append((key, payload))
        repo.load_findings = findings
        store.save(fresh, touched, today)
    finally:
        if few is not None:
            loader.few_files.reset(few)
        if hasattr(ahead, "close"):
            ahead.close()  # workers still running (an error above) are stopped
        store.close()
    return repo, findings


FEW_FILES = 8  # files to load afresh up to which the schemas are not compiled (loader.few_files)
PARALLEL_FROM = 48  # files to load afresh before worker processes pay for themselves


def _jobs() -> int:
    """Worker processes for loading: the CPUs this process may use (``PLANS_JOBS`` overrides; 1: none)."""
    env = os.environ.get("PLANS_JOBS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _parallel(paths: list[str], max_bytes: int, roots):
    """An iterator over the entries of ``paths`` (in order; ``None`` for a file whose entry cannot be
    kept, which the caller then loads itself), made by worker processes when it pays. Without workers
    (few files, one CPU, no ``fork``, or the pool failing) it yields ``None`` for every file."""
    return in_workers(_fresh_entry, [(p, max_bytes, roots) for p in paths])


def in_workers(fn, args: list, at_least: int | None = None):
    """An iterator over ``fn(a) for a in args``, in order, computed by worker processes when there are
    enough (``at_least``, default ``PARALLEL_FROM``) and more than one CPU; ``None`` for each one not
    computed (few, one CPU, no ``fork``, a worker failing): the caller then does that one itself."""
    import itertools

    jobs = min(_jobs(), 8)
    none = itertools.repeat(None)
    if len(args) < (PARALLEL_FROM if at_least is None else at_least) or jobs < 2:
        return none
    import multiprocessing

    try:
        ctx = multiprocessing.get_context("fork")  # the workers share the code already imported
    except ValueError:
        return none
    try:
        pool = ctx.Pool(jobs)
    except (OSError, ValueError):
        return none

    def results():
        try:
            yield from pool.imap(fn, args, chunksize=max(1, min(16, len(args) // (jobs * 8))))
        except Exception:  # a worker died or failed: the rest are loaded in this process
            pass
        finally:
            pool.terminate()
        yield from none

    return results()


def _fresh_entry(args) -> bytes | None:
    """In a worker: load one file as ``load`` does on a miss, and return its entry's payload."""
    from plans.loading import loader
    from plans.loading import model as m

    path, max_bytes, roots = args
    repo, mine = m.Repository(), []
    given, _ = loader.load_recorded(path, repo, mine, max_bytes=max_bytes, roots=roots)
    return _payload(path, repo, mine, given)


def _decode(payload: bytes):
    try:
        return json.loads(payload)
    except (ValueError, RecursionError):
        return None


def _replay(entry, path: str, repo, findings: list[Finding], max_bytes: int) -> bool:
    """Put a cached file into ``repo`` as ``loader.load_file`` did. Checks the entry's shape first
    and touches nothing when it is not what this code writes (then the file is loaded afresh)."""
    from plans.loading import loader
    from plans.loading import model as m
    from plans.loading.yamlsafe import LazyPositions

    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("path") != path:
        return False
    kind, data, built, items = entry.get("kind"), entry.get("data"), entry.get("built"), entry.get("findings")
    if (kind is not None and not isinstance(kind, str)) or not isinstance(items, list) \
            or (built is True and (kind not in loader.KINDS or not isinstance(data, dict))):
        return False
    restored = []
    for it in items:
        if not (isinstance(it, list) and len(it) == 5 and isinstance(it[0], str) and isinstance(it[1], str)
                and type(it[2]) is int and type(it[3]) is int and isinstance(it[4], dict)):
            return False
        restored.append(Finding(it[0], it[1], path, it[2], it[3], it[4]))
    repo.files[path] = m.SourceFile(path, kind)
    findings.extend(restored)
    if built is True:
        lazy = LazyPositions(path, {}, max_bytes)
        lazy.release()  # positions are read from the file again when a finding needs them
        loader.build(kind, data, path, lazy, repo)
    return True


def _payload(path: str, repo, mine: list[Finding], given: list) -> bytes | None:
    """The entry for a file just loaded, or ``None`` when it cannot be kept exactly as JSON."""
    src = repo.files.get(path)
    if src is None or len(given) > 1:
        return None
    items = []
    for f in mine:
        if f.file != path or f.suppressed is not None or f.pending is not None:
            return None
        items.append([f.code, f.severity, f.line, f.col, f.args])
    doc = {"format": FORMAT, "path": path, "kind": src.kind, "built": bool(given),
           "data": given[0] if given else None, "findings": items}
    try:
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        if json.loads(text) != doc:  # tuples, NaN, non-string keys: not kept, loaded afresh each time
            return None
        return text.encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return None


# ---------------------------------------------------------------- keys

def _generation(max_bytes: int, tag: str = "") -> bytes:
    """What every entry depends on besides its file: code, schemas, parser and validator (``tag`` names
    another store keyed alike, such as the query index)."""
    from plans.loading.loader import schema_dir

    h = hashlib.blake2b(_code_version(), digest_size=32)
    h.update(f"{tag}{FORMAT}|{max_bytes}".encode())
    for sch in sorted(schema_dir().glob("*.json")):
        h.update(sch.name.encode() + b"\0" + sch.read_bytes() + b"\0")
    return h.digest()


@lru_cache(maxsize=1)
def _code_version() -> bytes:
    """This package's source as loaded (hashed once per process: it is the code that runs) and the
    versions of the parser and the validator, whose messages the entries keep."""
    from importlib import metadata

    import yaml

    h = hashlib.blake2b(digest_size=32)
    versions = []
    for dist in ("jsonschema", "PyYAML", "fastjsonschema"):
        try:
            versions.append(metadata.version(dist))
        except metadata.PackageNotFoundError:
            versions.append("-")
    h.update(f"{__version__}|{versions}|{getattr(yaml, '__with_libyaml__', '')}".encode())
    for src in sorted(_PKG.rglob("*.py")):
        h.update(str(src.relative_to(_PKG)).encode() + b"\0" + src.read_bytes() + b"\0")
    return h.digest()


def _file_key(gen: bytes, path: str, max_bytes: int, roots=None):
    """``(key, stat)`` of one file, or ``(None, None)`` for one not worth caching (missing,
    unreadable, too large, not a regular file, a symlink out of the repository: the loader reports
    those at once, without parsing). Read by the loader's own safe read: never a FIFO or a device."""
    from plans.loading.yamlsafe import read_bytes

    try:
        before = os.stat(path)
    except (OSError, ValueError):
        return None, None
    content, _ = read_bytes(path, max_bytes, roots)
    if content is None:
        return None, None
    h = hashlib.blake2b(key=gen, digest_size=32)
    for part in (os.path.abspath(path), path):
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    h.update(content)
    return h.digest(), before


def _same_file(path: str, before) -> bool:
    """The file did not change while it was loaded (else its result is not stored under the key
    of the content read before)."""
    try:
        now = os.stat(path)
    except OSError:
        return False
    sig = ("st_dev", "st_ino", "st_size", "st_mtime_ns", "st_ctime_ns")
    return all(getattr(now, a) == getattr(before, a) for a in sig)


def _digest(key: bytes, payload: bytes) -> bytes:
    return hashlib.blake2b(payload, key=key, digest_size=32).digest()


def _today() -> int:
    return int(time.time() // 86400)


# ---------------------------------------------------------------- the database

def _unsafe(st, want_dir: bool) -> str | None:
    """Why a cache directory or database file may not be trusted, or ``None``."""
    if stat.S_ISLNK(st.st_mode):
        return "symlink"
    if not (stat.S_ISDIR(st.st_mode) if want_dir else stat.S_ISREG(st.st_mode)):
        return "type"
    if st.st_uid != os.getuid():
        return "owner"
    if st.st_mode & 0o022:
        return "mode"
    return None


def _refuse(path, reason: str) -> None:
    global _refused
    _refused = (str(path), reason)


def open_private(name: str, refuse: bool = True):
    """``(connection, path)`` to the SQLite database ``name`` in the user's cache directory (created
    0700 and 0600 if missing), once the directory and the file are checked to be the user's own, not
    symbolic links and not writable by others; else ``None``, and with ``refuse`` the commands are told
    why (:func:`refusal`). The model cache and the query index both open their databases here."""
    if not hasattr(os, "getuid") or not hasattr(os, "O_NOFOLLOW"):
        return None  # no owner or symlink checks on this platform: no cache
    d = cache_dir()
    try:
        try:
            st = os.lstat(d)
        except FileNotFoundError:
            d.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.mkdir(d, 0o700)
            except FileExistsError:
                pass  # another process made it just now; checked below like any other
            st = os.lstat(d)
    except OSError:
        return None  # e.g. a read-only home: load afresh
    why = _unsafe(st, want_dir=True)
    if why:
        if refuse:
            _refuse(d, why)
        return None
    db = d / name
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(db, flags, 0o600)
    except OSError as e:
        if e.errno == errno.ELOOP and refuse:
            _refuse(db, "symlink")
        return None
    try:
        st = os.fstat(fd)
        why = _unsafe(st, want_dir=False)
        if why is None and st.st_mode & 0o077:
            os.fchmod(fd, 0o600)  # ours and not writable by others, but readable: keep it private
    except OSError:
        return None
    finally:
        os.close(fd)
    if why:
        if refuse:
            _refuse(db, why)
        return None
    try:
        conn = sqlite3.connect(f"file:{quote(str(db), safe='/')}?mode=rw", uri=True, timeout=TIMEOUT,
                               isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        now = os.lstat(db)
    except OSError:
        conn.close()
        return None
    if (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino):  # replaced since it was checked
        conn.close()
        return None
    return conn, db


class _Store:
    def __init__(self, conn: sqlite3.Connection, db: Path):
        self.conn, self.db = conn, db
        self.readable = True  # False after a lock or an error: the rest of this run loads afresh
        self.broken = False  # SQLite found the file damaged: it is replaced before writing
        self.pruned = False  # entries unused for KEEP_DAYS deleted (once a run: it reads the whole table)

    @classmethod
    def open(cls) -> "_Store | None":
        """The user's own cache, created if missing; ``None`` when there is none to use."""
        got = open_private(DB_NAME)
        if got is None:
            return None
        conn, db = got
        conn.text_factory = bytes  # a damaged row may say TEXT where a BLOB was written: never decode
        store = cls(conn, db)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            # Not flushed to the disk at each commit: a machine that stops mid-write can leave the file
            # damaged, which is met as any damage is (every entry is checked against its digest; a
            # damaged file is replaced), and the cache only makes the next run slower. A process that
            # dies mid-write leaves it whole (the journal is written either way).
            conn.execute("PRAGMA synchronous = OFF")
            if conn.execute("PRAGMA user_version").fetchone()[0] != FORMAT:
                store.readable = False  # new, or written by another format: filled at the end of this run
        except _DAMAGE as e:
            store._failed(e)
        return store

    def _failed(self, e: Exception) -> None:
        self.readable = False
        if not isinstance(e, sqlite3.OperationalError):  # locked or busy is not damage
            self.broken = True

    def get(self, key: bytes):
        """``(entry, day last used)`` when the entry for ``key`` is present and intact, else ``None``."""
        if not self.readable:
            return None
        try:
            row = self.conn.execute("SELECT used, digest, payload FROM entry WHERE key = ?", (key,)).fetchone()
        except _DAMAGE as e:
            self._failed(e)
            return None
        if row is None:
            return None
        used, digest, payload = row
        if not (isinstance(digest, bytes) and isinstance(payload, bytes) and type(used) is int):
            return None
        if not hmac.compare_digest(digest, _digest(key, payload)):
            return None
        try:
            return json.loads(payload), used
        except (ValueError, RecursionError):
            return None

    def get_many(self, keys: list, raw: bool = False) -> dict:
        """``{key: (entry, day last used)}`` for those of ``keys`` whose entry is present and intact
        (as :meth:`get`, in a few queries instead of one per key); with ``raw``, the entry's JSON
        text (bytes), not decoded."""
        out: dict = {}
        if not self.readable:
            return out
        want = list(dict.fromkeys(k for k in keys if k is not None))
        rows = []
        try:
            for i in range(0, len(want), 500):
                chunk = want[i:i + 500]
                rows.extend(self.conn.execute(
                    f"SELECT key, used, digest, payload FROM entry WHERE key IN ({','.join('?' * len(chunk))})",
                    chunk).fetchall())
        except _DAMAGE as e:
            self._failed(e)
            return {}
        wanted = set(want)
        for key, used, digest, payload in rows:
            if not (isinstance(key, bytes) and key in wanted and isinstance(digest, bytes)
                    and isinstance(payload, bytes) and type(used) is int):
                continue
            if not hmac.compare_digest(digest, _digest(key, payload)):
                continue
            if raw:
                out[key] = (payload, used)
                continue
            try:
                out[key] = (json.loads(payload), used)
            except (ValueError, RecursionError):
                continue
        return out

    def save(self, fresh: list, touched: list, today: int) -> None:
        if not fresh and not touched and not self.broken:
            return
        if self.broken and not self._reset():
            return
        try:
            self._write(fresh, touched, today)
        except sqlite3.OperationalError:
            return  # locked by another process, read-only, disk full: the next run writes
        except _DAMAGE:
            if self._reset():  # damaged in a way reading did not meet: start a new file
                try:
                    self._write(fresh, touched, today)
                except _DAMAGE:
                    pass

    def _write(self, fresh: list, touched: list, today: int) -> None:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            if c.execute("PRAGMA user_version").fetchone()[0] != FORMAT:
                c.execute("DROP TABLE IF EXISTS entry")
                c.execute(_TABLE)
                c.execute(f"PRAGMA user_version = {FORMAT}")
            c.executemany("INSERT OR REPLACE INTO entry (key, used, digest, payload) VALUES (?, ?, ?, ?)",
                          [(k, today, _digest(k, p), p) for k, p in fresh])
            c.executemany("UPDATE entry SET used = ? WHERE key = ?", [(today, k) for k in touched])
            if fresh and not self.pruned:
                c.execute("DELETE FROM entry WHERE used < ?", (today - KEEP_DAYS,))
            c.execute("COMMIT")
            if fresh:
                self.pruned = True
        except BaseException:
            try:
                c.execute("ROLLBACK")
            except _DAMAGE:
                pass
            raise

    def _reset(self) -> bool:
        """Replace a damaged database by an empty one (it is only a cache)."""
        self.conn.close()
        for p in (self.db, self.db.with_name(self.db.name + "-journal")):
            try:
                os.unlink(p)
            except FileNotFoundError:
                pass
            except OSError:
                return False
        new = _Store.open()
        if new is None:
            return False
        self.conn, self.db, self.readable, self.broken = new.conn, new.db, new.readable, new.broken
        return not self.broken

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            pass
