"""The query index: one SQLite database (standard library) in the user's cache directory, updated per file.

For every YAML file of the repositories it has seen, the index keeps

- the file's stat signature (size, mtime_ns, inode, ctime_ns) and the BLAKE2b hash of its content: as
  git's index does, an unchanged signature means an unchanged file and the file is not read; a changed
  signature makes the file hashed again, and only a changed hash makes it loaded again (the hash is the
  truth; a file changed in the same instant the index was written is hashed again next time);
- what loading it produced: its kind, the number of errors loading reported, and the validated data the
  loader's builders were given (JSON), with a digest keyed by the generation (below) over all of it:
  a damaged or edited row is never built from, the query is answered without the index and the row is
  made again;
- the columns queries select by: a plan's id, jurisdiction, number and every agency or group its tasks
  and reporting duties name; a report's plan, period and agency.

The whole index belongs to one *generation*: a hash of this package's code, the schemas, the parser's and
validator's versions and the size limit. An index of another generation (an upgrade, an edited schema)
is emptied, never read. The directory and the file are checked as the model cache checks its own
(``plans.loading.cache``): the user's, not a symbolic link, not writable by others (0700/0600); otherwise
the index is not used and the commands load the repository as before.

Nothing is trusted when in doubt: a symbolic link or a special file in the tree, overlapping paths, a
locked database, a row that does not check out: :func:`open_index` or the selection returns ``None`` and
the command takes the plain path (``load_repository``), which gives the same answer, only slower.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import stat
import time
from array import array
from itertools import chain

FORMAT = 1  # the shape of the tables; another value empties the database
DB_NAME = "index.sqlite3"
TIMEOUT = 0.5
RACY_NS = 2_000_000_000  # a file modified this close to the index write is hashed again next time
_DAMAGE = (sqlite3.Error, ValueError, OverflowError, TypeError, UnicodeDecodeError)

_SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v BLOB NOT NULL);
CREATE TABLE dir (root TEXT NOT NULL, rel TEXT NOT NULL, digest BLOB NOT NULL, PRIMARY KEY (root, rel));
CREATE TABLE file (id INTEGER PRIMARY KEY, root TEXT NOT NULL, dir TEXT NOT NULL, rel TEXT NOT NULL, size INTEGER NOT NULL,
                   mtime INTEGER NOT NULL, ino INTEGER NOT NULL, ctime INTEGER NOT NULL, hash BLOB,
                   kind TEXT, errors INTEGER NOT NULL, payload BLOB, cols TEXT NOT NULL, digest BLOB NOT NULL,
                   UNIQUE (root, rel));
CREATE INDEX file_dir ON file (root, dir);
CREATE TABLE plan (file INTEGER NOT NULL, id TEXT NOT NULL, jur TEXT NOT NULL, number TEXT NOT NULL,
                   nkey TEXT NOT NULL, fid TEXT NOT NULL);
CREATE INDEX plan_id ON plan (id);
CREATE INDEX plan_jur ON plan (jur);
CREATE INDEX plan_nkey ON plan (nkey);
CREATE INDEX plan_fid ON plan (fid);
CREATE INDEX plan_file ON plan (file);
CREATE TABLE ref (file INTEGER NOT NULL, ref TEXT NOT NULL);
CREATE INDEX ref_ref ON ref (ref);
CREATE INDEX ref_file ON ref (file);
CREATE TABLE report (file INTEGER NOT NULL, plan TEXT NOT NULL, period TEXT NOT NULL, agency TEXT NOT NULL);
CREATE INDEX report_agency ON report (agency, plan);
CREATE INDEX report_plan ON report (plan, period);
CREATE INDEX report_file ON report (file);
"""


# ---------------------------------------------------------------- generation

def generation(max_bytes: int) -> bytes:
    """What every row depends on besides its file: code, schemas, parser and validator, size limit (as the
    model cache's entries, under the index's own format)."""
    from plans.loading.cache import _generation

    return _generation(max_bytes, f"index{FORMAT}|")


def _digest(gen: bytes, rel: str, fhash: bytes | None, kind, errors: int, payload: bytes | None, cols: str) -> bytes:
    h = hashlib.blake2b(key=gen, digest_size=32)
    for part in (rel.encode("utf-8", "surrogateescape"), fhash or b"-", str(kind).encode(), str(errors).encode(),
                 payload if payload is not None else b"-", cols.encode("utf-8", "surrogateescape")):
        h.update(len(part).to_bytes(8, "little") + part)
    return h.digest()


# ---------------------------------------------------------------- the tree, as discover() sees it

class Dir:
    """One directory's YAML files (or one file named on the command line: ``name`` ""), as ``discover``
    finds them: ``root`` is the real path of the path named, ``rel`` the directory's path under it, ``top``
    the directory as the user's path spells it; ``files`` the (name, stat signature) pairs, sorted."""
    __slots__ = ("root", "rel", "top", "files")

    def __init__(self, root: str, rel: str, top: str, files: list):
        self.root, self.rel, self.top, self.files = root, rel, top, files

    def file_rel(self, name: str) -> str:
        return f"{self.rel}/{name}" if self.rel and name else (name or self.rel)

    def display(self, name: str) -> str:
        return os.path.normpath(os.path.join(self.top, name) if name else self.top)


def scan(paths: list[str]) -> list[Dir] | None:
    """The files ``loader.discover(paths)`` returns, in its order, by directory, with their stat
    signatures; ``None`` when the tree holds anything the plain path treats specially (a symbolic link,
    a special file, a missing path, overlapping paths): the caller then does not use the index."""
    from plans.loading.loader import YAML_SUFFIXES

    out: list[Dir] = []
    roots: list[str] = []
    for p in paths:
        try:
            st = os.lstat(p)
        except (OSError, ValueError):
            return None
        if stat.S_ISLNK(st.st_mode):
            return None
        real = os.path.realpath(p)
        try:
            real.encode("utf-8")
            p.encode("utf-8")
        except UnicodeEncodeError:
            return None
        if real in roots:
            continue  # the same directory or file named twice: discover() reads it once
        if any(real.startswith(r.rstrip("/") + "/") or r.startswith(real.rstrip("/") + "/") for r in roots):
            return None
        roots.append(real)
        if stat.S_ISDIR(st.st_mode):
            if not _walk(p, real, "", out, YAML_SUFFIXES):
                return None
        elif stat.S_ISREG(st.st_mode):
            out.append(Dir(real, "", p, [("", _sig(st))]))
        else:
            return None
    return out


def files_of(dirs: list[Dir]):
    """(dir, name) of every file, in discover()'s order."""
    for d in dirs:
        for name, _ in d.files:
            yield d, name


def _walk(top: str, root: str, rel: str, out: list, suffixes) -> bool:
    """os.walk(top) as discover() runs it (files sorted, then sorted subdirectories not starting with a
    dot, depth first), each file's stat taken from the same directory read."""
    try:
        with os.scandir(top) as it:
            entries = list(it)
    except OSError:
        return True  # os.walk skips a directory it cannot list; so does discover()
    files, dirs = [], []
    isreg = stat.S_ISREG
    try:
        for e in entries:
            # A symbolic link is never a directory here (os.walk does not follow one either); one named
            # *.yaml is not a regular file below: the plain path then decides what it is.
            if e.is_dir(follow_symlinks=False):
                dirs.append(e.name)
            elif e.name.endswith(suffixes):
                st = e.stat(follow_symlinks=False)
                if not isreg(st.st_mode):
                    return False
                files.append((e.name, (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)))
    except OSError:
        return False
    try:  # a name that is not text (bytes that are not UTF-8): the plain path handles it
        "\0".join(dirs).encode("utf-8")
        "\0".join([f for f, _ in files]).encode("utf-8")
    except UnicodeEncodeError:
        return False
    files.sort()
    out.append(Dir(root, rel, top, files))
    dirs.sort()
    for d in dirs:
        if not d.startswith(".") and not _walk(os.path.join(top, d), root, f"{rel}/{d}" if rel else d, out, suffixes):
            return False
    return True


def _sig(st) -> tuple[int, int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns


def _dir_digest(files) -> bytes:
    """A directory's files and their signatures, in one digest (compared with the one stored)."""
    names = "\0".join([n for n, _ in files]).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(names + b"\1" + array("q", [x for _, s in files for x in s]).tobytes(),
                           digest_size=16).digest()


def _scan_digest(dirs: list[Dir]) -> bytes:
    """Every directory of a scan, its files and their signatures, in one digest: equal to the one stored
    when the index last found every directory as it stored it, then nothing is compared one by one."""
    h = hashlib.blake2b(digest_size=32)
    for d in dirs:
        h.update(f"{d.root}\0{d.rel}\0{len(d.files)}\0".encode("utf-8", "surrogateescape"))
        if d.files:
            h.update("\0".join([n for n, _ in d.files]).encode("utf-8", "surrogateescape"))
            h.update(array("q", chain.from_iterable(s for _, s in d.files)).tobytes())
    return h.digest()


def order_key(root_rank: int, rel: str) -> tuple:
    """Where discover() puts a file: by the path named, then depth first with a directory's files before
    its subdirectories, each sorted by name (as ``_walk``)."""
    parts = rel.split("/")
    return (root_rank, *((1, p) for p in parts[:-1]), (0, parts[-1]))


# ---------------------------------------------------------------- one file's row

def columns(kind: str | None, repo) -> dict:
    """The columns a file is selected by, from the model its data built."""
    from plans.queries.names import _number_key
    from plans.text import fold

    if kind == "Plan" and repo.plans:
        out = []
        for p in repo.plans.values():
            refs = set()
            for task in p.tasks():
                refs.update(ref for _, ref, _ in task.roles())
            for duty in p.reporting:
                refs.update(duty.reporters)
            number = p.number or ""
            out.append([p.id, p.jurisdiction or p.id.split("-")[0], number, _number_key(number), fold(p.id),
                        sorted(r for r in refs if isinstance(r, str))])
        return {"plans": out}
    if kind == "Report" and repo.reports:
        return {"reports": [[r.plan, r.period, r.agency] for r in repo.reports]}
    return {}


def make_entry(args):
    """Load one file as the loader does and return ``(hash, kind, errors, payload, cols)``, or ``None``
    when what loading produced cannot be kept exactly (then the query does not use the index)."""
    from plans.loading import loader
    from plans.loading import model as m

    display, max_bytes, roots = args
    fhash = _hash_file(display, max_bytes)
    repo, mine = m.Repository(), []
    given, _ = loader.load_recorded(display, repo, mine, max_bytes=max_bytes, roots=roots)
    if len(given) > 1 or any(f.file != display for f in mine):
        return None
    src = repo.files.get(display)
    kind = src.kind if src is not None else None
    errors = sum(1 for f in mine if f.severity == "error")
    payload = None
    if given:
        try:
            text = json.dumps(given[0], ensure_ascii=False, separators=(",", ":"))
            if json.loads(text) != given[0]:
                return None
        except (TypeError, ValueError, RecursionError):
            return None
        payload = text.encode("utf-8")
    cols = json.dumps(columns(kind, repo), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return fhash, kind, errors, payload, cols


def _hash_file(path: str, max_bytes: int) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            content = fh.read(max_bytes + 1)
    except OSError:
        return None
    if len(content) > max_bytes:
        return None
    return hashlib.blake2b(content, digest_size=32).digest()


# ---------------------------------------------------------------- the database

def _connect():
    """The user's own index database, or ``None`` (unsafe directory or file, no platform support)."""
    from plans.loading.cache import open_private

    got = open_private(DB_NAME, refuse=False)
    if got is None:
        return None
    conn = got[0]
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
    except sqlite3.Error:
        conn.close()
        return None
    return conn


def _reset(conn, gen: bytes) -> None:
    """Empty the database and start this generation (inside the caller's transaction)."""
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        conn.execute(f'DROP TABLE IF EXISTS "{name}"')
    for stmt in _SCHEMA.split(";"):  # one at a time: executescript would commit the caller's transaction
        if stmt.strip():
            conn.execute(stmt)
    conn.execute("INSERT INTO meta (k, v) VALUES ('generation', ?)", (gen,))
    conn.execute(f"PRAGMA user_version = {FORMAT}")


class _Unusable(Exception):
    """A file whose loading cannot be kept exactly, or that changed while it was read: no index this run."""


class Index:
    """The index after :func:`open_index` brought it up to date with the files of ``paths``: ``roots`` the
    real paths named (in order) with the way the user spelled each, ``errors`` the load errors of all
    the files, ``count`` how many there are."""

    def __init__(self, conn, gen, roots: dict, errors: int, count: int, max_bytes: int):
        self.conn, self.gen, self.roots, self.errors, self.count = conn, gen, roots, errors, count
        self.max_bytes = max_bytes
        self.rank = {r: n for n, r in enumerate(roots)}

    def display(self, root: str, rel: str) -> str:
        top = self.roots[root]
        return os.path.normpath(os.path.join(top, rel) if rel else top)

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            pass


def open_index(paths: list[str], max_bytes: int | None = None, roots=None) -> Index | None:
    """The index of the files under ``paths``, brought up to date (changed files loaded again, deleted ones
    dropped), or ``None`` when it cannot be used for them (the caller loads the plain way)."""
    from plans.loading import loader

    max_bytes = max_bytes or loader.MAX_BYTES
    dirs = scan(paths)
    if dirs is None:
        return None
    roots = roots if roots is not None else loader.read_roots(paths)
    for attempt in (1, 2):
        conn = _connect()
        if conn is None:
            return None
        try:
            return _update(conn, dirs, max_bytes, roots)
        except sqlite3.OperationalError as e:
            conn.close()
            if attempt == 2 or any(w in str(e).lower() for w in ("locked", "busy", "readonly", "read-only",
                                                                    "disk", "full")):
                return None  # another process is writing, or no room: answered the plain way this time
            _remove_db()  # a table missing or changed: not an index this code can read, made again once
        except _DAMAGE:
            conn.close()
            if attempt == 2:
                return None
            _remove_db()  # not an index this code can read: made again, once
        except BaseException:
            conn.close()
            raise
    return None  # pragma: no cover


def _remove_db() -> None:
    from plans.loading.cache import cache_dir

    db = cache_dir() / DB_NAME
    for p in (db, db.with_name(db.name + "-journal")):
        try:
            os.unlink(p)
        except OSError:
            pass


def _update(conn, dirs: list[Dir], max_bytes: int, roots) -> Index | None:
    gen = generation(max_bytes)
    conn.text_factory = str
    ok = conn.execute("PRAGMA user_version").fetchone()[0] == FORMAT
    if ok:
        row = conn.execute("SELECT v FROM meta WHERE k = 'generation'").fetchone()
        ok = row is not None and isinstance(row[0], bytes) and hmac.compare_digest(row[0], gen)
    top = {}
    for d in dirs:
        top.setdefault(d.root, d.top if d.rel == "" else None)
    whole = _scan_digest(dirs)
    stored_dirs: dict[tuple[str, str], bytes] = {}
    if ok:
        row = conn.execute("SELECT v FROM meta WHERE k = 'scan'").fetchone()
        if row is not None and isinstance(row[0], bytes) and hmac.compare_digest(row[0], whole):
            return _opened(conn, gen, dirs, top, max_bytes)  # every directory as stored: nothing to compare
        for r in top:
            for rel, digest in conn.execute("SELECT rel, digest FROM dir WHERE root = ?", (r,)):
                stored_dirs[(r, rel)] = digest
    changed = [d for d in dirs if not ok or stored_dirs.get((d.root, d.rel)) != _dir_digest(d.files)]
    seen_dirs = {(d.root, d.rel) for d in dirs}
    gone_dirs = [k for k in stored_dirs if k not in seen_dirs]
    if ok and not changed and not gone_dirs:  # every directory as stored: the next run compares one digest
        try:
            conn.execute("INSERT OR REPLACE INTO meta (k, v) VALUES ('scan', ?)", (whole,))
        except sqlite3.OperationalError:
            pass  # locked by another process, read-only: compared directory by directory next time too
    gone, sig_only, load = [], [], []  # file ids; (dir, name); (dir, name)
    for d in changed:
        stored = {}
        if ok:
            for fid, rel, size, mtime, ino, ctime, fhash in conn.execute(
                    "SELECT id, rel, size, mtime, ino, ctime, hash FROM file WHERE root = ? AND dir = ?",
                    (d.root, d.rel)):
                stored[rel] = (fid, (size, mtime, ino, ctime), fhash)
        here = set()
        for name, sig in d.files:
            rel = d.file_rel(name)
            here.add(rel)
            have = stored.get(rel)
            if have is not None and have[1] == sig:
                continue
            if have is not None and have[2] is not None:
                h = _hash_file(d.display(name), max_bytes)
                if h is not None and hmac.compare_digest(h, have[2]):
                    sig_only.append((d, name))
                    continue
            load.append((d, name, have[0] if have else None))
        gone.extend(v[0] for rel, v in stored.items() if rel not in here)
    for r, rel in gone_dirs:
        gone.extend(fid for (fid,) in conn.execute("SELECT id FROM file WHERE root = ? AND dir = ?", (r, rel)))
    if changed or gone_dirs:
        now = time.time_ns()
        conn.execute("BEGIN IMMEDIATE")
        ahead = None
        try:
            if not ok:
                _reset(conn, gen)
            else:
                _forget_removed_roots(conn, set(top))
            for fid in gone:
                _drop(conn, fid)
            for r, rel in gone_dirs:
                conn.execute("DELETE FROM dir WHERE root = ? AND rel = ?", (r, rel))
            for d, name in sig_only:
                conn.execute("UPDATE file SET size = ?, mtime = ?, ino = ?, ctime = ? WHERE root = ? AND rel = ?",
                             (*_stored_sig(dict(d.files)[name], now), d.root, d.file_rel(name)))
            if load:  # loaded by worker processes when many, each row written as it comes (memory stays flat)
                from plans.loading.cache import in_workers

                ahead = in_workers(make_entry, [(d.display(name), max_bytes, roots) for d, name, _ in load])
            for d, name, old in load:
                entry = next(ahead)
                if entry is None:
                    entry = make_entry((d.display(name), max_bytes, roots))
                try:
                    after = _sig(os.lstat(d.display(name)))
                except OSError:
                    after = None
                if entry is None or after != dict(d.files)[name]:  # not kept exactly, or changed while read
                    raise _Unusable
                fhash, kind, errors, payload, cols = entry
                if old is not None:
                    _drop(conn, old)
                sig = _stored_sig(after, now) if fhash is not None else (-1, 0, 0, 0)
                rel = d.file_rel(name)
                cur = conn.execute(
                    "INSERT INTO file (root, dir, rel, size, mtime, ino, ctime, hash, kind, errors, payload, cols, "
                    "digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (d.root, d.rel, rel, *sig, fhash, kind, errors, payload, cols,
                     _digest(gen, rel, fhash, kind, errors, payload, cols)))
                _insert_cols(conn, cur.lastrowid, json.loads(cols))
            as_scanned = True  # every directory stored as scanned (no racy file): the scan's digest holds
            for d in changed:  # the digest of what is stored now: a racy file keeps its directory "changed"
                sigs = {rel: (s, m, i, c) for rel, s, m, i, c in conn.execute(
                    "SELECT rel, size, mtime, ino, ctime FROM file WHERE root = ? AND dir = ?", (d.root, d.rel))}
                digest = _dir_digest([(n, sigs.get(d.file_rel(n), (-2, 0, 0, 0))) for n, _ in d.files])
                conn.execute("INSERT OR REPLACE INTO dir (root, rel, digest) VALUES (?, ?, ?)", (d.root, d.rel, digest))
                as_scanned = as_scanned and digest == _dir_digest(d.files)
            if as_scanned:
                conn.execute("INSERT OR REPLACE INTO meta (k, v) VALUES ('scan', ?)", (whole,))
            else:
                conn.execute("DELETE FROM meta WHERE k = 'scan'")
            conn.execute("COMMIT")
        except _Unusable:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            conn.close()
            return None
        except BaseException:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise
        finally:
            if hasattr(ahead, "close"):
                ahead.close()  # workers still running (an error above) are stopped
    return _opened(conn, gen, dirs, top, max_bytes)


def _opened(conn, gen: bytes, dirs: list[Dir], top: dict, max_bytes: int) -> Index | None:
    errors = count = 0
    for r in top:
        n, e = conn.execute("SELECT COUNT(*), COALESCE(SUM(errors), 0) FROM file WHERE root = ?", (r,)).fetchone()
        count, errors = count + n, errors + e
    if count != sum(len(d.files) for d in dirs) or any(v is None for v in top.values()):
        conn.close()
        return None
    return Index(conn, gen, top, errors, count, max_bytes)


def _forget_removed_roots(conn, keep: set) -> None:
    """Drop the rows of repositories that are no longer on disk (a temporary copy, a moved checkout)."""
    for (root,) in conn.execute("SELECT DISTINCT root FROM dir").fetchall():
        if root not in keep and not os.path.exists(root):
            for (fid,) in conn.execute("SELECT id FROM file WHERE root = ?", (root,)).fetchall():
                _drop(conn, fid)
            conn.execute("DELETE FROM dir WHERE root = ?", (root,))


def _stored_sig(sig, now_ns: int) -> tuple[int, int, int, int]:
    """The signature to store: a file modified too recently to be told apart from a later edit in the
    same instant is stored with an impossible size, so that it is hashed again next time ("racy" git)."""
    size, mtime, ino, ctime = sig
    if now_ns - max(mtime, ctime) < RACY_NS:
        size = -1
    return size, mtime, ino, ctime


def _drop(conn, fid: int) -> None:
    for table in ("plan", "ref", "report"):
        conn.execute(f"DELETE FROM {table} WHERE file = ?", (fid,))
    conn.execute("DELETE FROM file WHERE id = ?", (fid,))


def _insert_cols(conn, fid: int, cols: dict) -> None:
    for pid, jur, number, nkey, fold_id, refs in cols.get("plans", []):
        conn.execute("INSERT INTO plan (file, id, jur, number, nkey, fid) VALUES (?, ?, ?, ?, ?, ?)",
                     (fid, pid, jur, number, nkey, fold_id))
        conn.executemany("INSERT INTO ref (file, ref) VALUES (?, ?)", [(fid, r) for r in refs])
    conn.executemany("INSERT INTO report (file, plan, period, agency) VALUES (?, ?, ?, ?)",
                     [(fid, *r) for r in cols.get("reports", [])])
