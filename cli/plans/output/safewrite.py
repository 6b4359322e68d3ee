"""The one way plans writes a file: atomic, exclusive, never through a link, never outside where it may.

Every command that writes (``lint --fix``, ``report new``, ``render -o``) goes through
:func:`write_files` (or :func:`write_atomic` for one file):

1. **check every target first** (nothing is written if any is refused): the target must not be a
   symbolic link, must be a regular file if it exists (no devices, directories, FIFOs), must have no
   other hard link (replacing it would split the links), must not exist unless ``force``, must lie
   under ``allowed_root`` (after resolving every symlink in its directory) and outside every
   ``protected`` directory;
2. **write every temporary file**: created next to its target by :func:`tempfile.mkstemp`
   (``O_CREAT|O_EXCL``, mode 0600, a random name: a planted file or link under a predictable name is
   never opened), given the target's mode (kept for an existing file, ``0666 & ~umask`` for a new one),
   written with ``os.write``, ``os.fsync``-ed;
3. **commit**: ``os.replace`` over the target (``force``) or ``os.link`` (which fails if the target
   appeared meanwhile: a file is never overwritten without ``force``), then the directory is fsync-ed.

Any failure before the commit (a refusal, a full disk, an I/O error, a missing permission, Ctrl-C)
removes every temporary file and leaves every target as it was; all of them surface as one
:class:`WriteRefused` with a stable ``reason`` code for the command to explain.

A run killed by SIGKILL mid-write can leave ``.NAME.XXXXXXXX.plans-tmp`` beside the target (hidden,
never read as YAML); the next write of the same target removes such files once they are an hour old.

No typer, no rich here: the commands turn :class:`WriteRefused` into a message and exit 2.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

TEMP_SUFFIX = ".plans-tmp"
STALE_SECONDS = 3600
DATA_DIRS = ("plans", "kpi", "schema")

# reason codes of WriteRefused
EXISTS = "exists"            # the target exists and force was not given
SYMLINK = "symlink"          # the target (or a temporary name) is a symbolic link
NOT_REGULAR = "not-regular"  # the target is a directory, a device, a FIFO …
HARD_LINK = "hard-link"      # the target has other hard links
PROTECTED = "protected"      # the target lies in a data directory (plans/, kpi/, schema/)
OUTSIDE = "outside"          # the target lies outside the directory it must stay in
CHANGED = "changed"          # the target changed since it was read
OS_ERROR = "os-error"        # the system refused: ENOSPC, EIO, EACCES, EROFS …


class WriteRefused(Exception):
    """A write that did not happen. ``reason`` is one of the codes above; ``detail`` carries the
    protected or allowed directory, the hard-link count or the ``OSError``; ``errno`` is set for
    :data:`OS_ERROR`. Targets are left as they were and no temporary file is left behind (for an
    :data:`OS_ERROR` raised while committing several files, ``committed`` lists those already written)."""

    def __init__(self, path, reason: str, detail=None, err: int | None = None, committed=()):
        self.path, self.reason, self.detail, self.errno = str(path), reason, detail, err
        self.committed = list(committed)
        super().__init__(f"{self.path}: {reason}" + (f" ({detail})" if detail is not None else ""))


@dataclass
class Target:
    path: str
    data: bytes
    resolved: str = ""
    existing: os.stat_result | None = None
    temp: str | None = None
    fd: int | None = None
    made: list = field(default_factory=list)  # directories created for this target, deepest last
    expect: tuple | None = field(default=None, repr=False)


def repository_root(start: str | os.PathLike = ".", fallback: bool = True) -> Path | None:
    """The nearest directory at or above ``start`` whose pyproject.toml has a ``[tool.plans]`` table;
    when there is none, the current directory (``fallback``) or None."""
    p = Path(os.path.realpath(start or "."))
    while not p.is_dir() and p != p.parent:
        p = p.parent
    for d in (p, *p.parents):
        f = d / "pyproject.toml"
        try:
            if f.is_file() and "plans" in tomllib.loads(f.read_text(encoding="utf-8")).get("tool", {}):
                return d
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
    return Path(os.path.realpath(".")) if fallback else None


def data_dirs(*targets) -> tuple[str, ...]:
    """``plans/``, ``kpi/`` and ``schema/`` of the repository at hand (found from the current directory)
    and of the repository each of ``targets`` lies in, if any: what an export may never write into."""
    roots = [repository_root(".")] + [repository_root(os.path.realpath(os.path.dirname(os.fspath(t)) or "."),
                                                      fallback=False) for t in targets]
    out: list[str] = []
    for root in roots:
        if root is None:
            continue
        for d in DATA_DIRS:
            p = os.path.realpath(root / d)
            if p not in out:
                out.append(p)
    return tuple(out)


def resolve(path: str | os.PathLike) -> str:
    """``path`` with every symbolic link in its directory resolved; the last component is kept as it is
    (a link there is refused, not followed)."""
    path = os.fspath(path)
    head, name = os.path.split(path)
    if name in ("", ".", ".."):
        raise WriteRefused(path, NOT_REGULAR)
    return os.path.join(os.path.realpath(head or "."), name)


def _inside(path: str, directory: str) -> bool:
    """Is ``path`` (resolved) under ``directory`` (resolved)? By name, and by identity for every existing
    ancestor, so a case-insensitive file system or a bind mount does not hide the directory."""
    try:
        if os.path.commonpath([path, directory]) == directory:
            return True
    except ValueError:  # different drives
        pass
    try:
        want = os.stat(directory)
    except OSError:
        return False
    p = os.path.dirname(path)
    while True:
        try:
            if os.path.samestat(os.stat(p), want):
                return True
        except OSError:
            pass
        parent = os.path.dirname(p)
        if parent == p:
            return False
        p = parent


def _umask_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _check(t: Target, force: bool, allowed_root, protected) -> None:
    t.resolved = resolve(t.path)
    if allowed_root is not None:
        root = os.path.realpath(allowed_root)
        if not _inside(t.resolved, root):
            raise WriteRefused(t.path, OUTSIDE, root)
    for d in protected:
        d = os.path.realpath(d)
        if _inside(t.resolved, d):
            raise WriteRefused(t.path, PROTECTED, d)
    try:
        st = os.lstat(t.resolved)
    except FileNotFoundError:
        return
    except OSError as e:
        raise WriteRefused(t.path, OS_ERROR, e, e.errno) from None
    if stat.S_ISLNK(st.st_mode):
        raise WriteRefused(t.path, SYMLINK)
    if not stat.S_ISREG(st.st_mode):
        raise WriteRefused(t.path, NOT_REGULAR)
    if not force:
        raise WriteRefused(t.path, EXISTS)
    if st.st_nlink > 1:
        raise WriteRefused(t.path, HARD_LINK, st.st_nlink)
    if t.expect is not None and _identity(st) != t.expect:
        raise WriteRefused(t.path, CHANGED)
    t.existing = st


def _identity(st: os.stat_result) -> tuple:
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def _sweep(directory: str, name: str) -> None:
    """Remove our own temporary files for ``name`` left by a killed run (regular, ours, an hour old)."""
    prefix = f".{name}."
    now = time.time()
    try:
        entries = os.listdir(directory)
    except OSError:
        return
    for e in entries:
        if not (e.startswith(prefix) and e.endswith(TEMP_SUFFIX)) or len(e) != len(prefix) + 8 + len(TEMP_SUFFIX):
            continue
        p = os.path.join(directory, e)
        try:
            st = os.lstat(p)
            if (stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and now - st.st_mtime > STALE_SECONDS):
                os.unlink(p)
        except (OSError, AttributeError):
            continue


def _prepare(t: Target) -> None:
    directory, name = os.path.split(t.resolved)
    missing, d = [], directory
    while not os.path.lexists(d):
        missing.append(d)
        d = os.path.dirname(d)
    for d in reversed(missing):
        os.mkdir(d)
        t.made.append(d)
    _sweep(directory, name)
    # mkstemp: O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600, a fresh random name (8 characters) per attempt
    t.fd, t.temp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=directory)
    st = os.fstat(t.fd)
    if not stat.S_ISREG(st.st_mode):  # pragma: no cover - O_EXCL makes this impossible
        raise WriteRefused(t.temp, NOT_REGULAR)
    mode = stat.S_IMODE(t.existing.st_mode) & 0o777 if t.existing is not None else _umask_mode()
    if hasattr(os, "fchmod"):
        os.fchmod(t.fd, mode)
    else:  # pragma: no cover - Windows before 3.13
        os.chmod(t.temp, mode)
    view = memoryview(t.data)
    while view:
        n = os.write(t.fd, view)
        view = view[n:]
    os.fsync(t.fd)
    os.close(t.fd)
    t.fd = None


def _commit(t: Target, force: bool) -> None:
    if force:
        st = _lstat(t.resolved)
        if st is not None and stat.S_ISLNK(st.st_mode):  # became a link since the check
            raise WriteRefused(t.path, SYMLINK)
        if t.expect is not None and (st is None or _identity(st) != t.expect):
            raise WriteRefused(t.path, CHANGED)
        os.replace(t.temp, t.resolved)
    else:
        try:
            os.link(t.temp, t.resolved)  # fails if the target appeared meanwhile
        except FileExistsError:
            raise WriteRefused(t.path, EXISTS) from None
        except OSError as e:
            if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            # no hard links on this file system: check, then rename (a narrow race remains)
            if _lstat(t.resolved) is not None:
                raise WriteRefused(t.path, EXISTS) from None
            os.replace(t.temp, t.resolved)
        else:
            os.unlink(t.temp)
    t.temp = None
    _fsync_dir(os.path.dirname(t.resolved))


def _lstat(path: str):
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _fsync_dir(directory: str) -> None:
    """Make the rename durable. Best effort: some file systems cannot fsync a directory."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _cleanup(targets: list[Target], failed: bool) -> None:
    for t in targets:
        if t.fd is not None:
            try:
                os.close(t.fd)
            except OSError:
                pass
            t.fd = None
        if t.temp is not None:
            try:
                os.unlink(t.temp)
            except OSError:
                pass
            t.temp = None
    if failed:  # directories made for a file that was not written go too (if still empty)
        for t in targets:
            if not os.path.lexists(t.resolved):
                for d in reversed(t.made):
                    try:
                        os.rmdir(d)
                    except OSError:
                        break


def write_files(items, *, force: bool = False, allowed_root=None, protected=(), expect=None) -> list[str]:
    """Write ``items`` [(path, bytes | str)] all or nothing (see the module docstring). ``str`` is encoded
    as UTF-8. ``expect`` maps a path to the ``os.stat_result`` it had when read: the write is refused
    (:data:`CHANGED`) if it was changed meanwhile. Returns the paths written. Raises :class:`WriteRefused`."""
    targets = []
    for path, data in items:
        t = Target(os.fspath(path), data.encode("utf-8") if isinstance(data, str) else bytes(data))
        if expect and os.fspath(path) in expect:
            t.expect = _identity(expect[os.fspath(path)])
        targets.append(t)
    seen = set()
    for t in targets:
        _check(t, force, allowed_root, protected)
        if t.resolved in seen:
            raise WriteRefused(t.path, EXISTS)
        seen.add(t.resolved)
    done: list[str] = []
    current = targets[0] if targets else None
    failed = True
    try:
        for current in targets:
            _prepare(current)
        for current in targets:
            _commit(current, force)
            done.append(current.path)
        failed = False
    except WriteRefused as e:
        e.committed = list(done)
        raise
    except OSError as e:
        raise WriteRefused(current.path, OS_ERROR, e, e.errno, done) from None
    finally:
        _cleanup(targets, failed)
    return done


def write_atomic(path, data: bytes | str, *, force: bool = False, allowed_root=None, protected=(),
                 expect: os.stat_result | None = None) -> str:
    """Write one file; see :func:`write_files`."""
    write_files([(path, data)], force=force, allowed_root=allowed_root, protected=protected,
                expect={os.fspath(path): expect} if expect is not None else None)
    return os.fspath(path)
