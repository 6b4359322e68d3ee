"""The two sides of ``plans diff``: a git revision's data files, or the working tree, ready for the loader.

A revision is read with ``git ls-tree`` and ``git cat-file --batch`` (plumbing: no hooks, no filters, no
textconv, nothing from the repository is run); only YAML files under the data folders are taken. A file
whose content in the revision is byte for byte the one in the working tree is read from the working tree:
both sides then share it, the model cache already holds it, and the diff skips it — the cost follows the
size of the change. The other files are written to the user's private blob store beside the model cache
(``<cache>/revisions/<blob id>/<path>``, 0700; entries unused for 30 days are dropped), always at the same
path for the same content, so the model cache keeps them too. A revision holding symbolic links is written
whole to a private temporary directory instead, links as links: the loader follows a link only when it
stays inside that directory (else Y013), as it does for the working tree. Paths that could leave the
directory (``..``, absolute, ``.git``) are refused.

Errors are :class:`GitError` with a reason code (``no-git``, ``not-git``, ``bad-revision``, ``no-base``,
``git-failed``, ``bad-path``); the command turns them into a message and exit 2.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field

DATA_DIRS = ("plans", "kpi")
SUFFIXES = (".yaml", ".yml")
WORKTREE_LABEL = "working tree"  # the head side when no revision is named (the outputs translate it)


class GitError(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in ("GIT_CONFIG_NOSYSTEM",)}
    env.update({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"})
    return env


def git(root: str, *args: str, input: bytes | None = None, check: bool = True) -> bytes:
    """Run a git plumbing command in ``root``; its stdout. Never a shell, never a pager."""
    cmd = ["git", "-c", "core.fsmonitor=false", "-c", "core.quotepath=off", "--no-pager", *args]
    try:
        p = subprocess.run(cmd, cwd=root, input=input, capture_output=True, env=_env(), timeout=300)
    except FileNotFoundError:
        raise GitError("no-git") from None
    except (OSError, subprocess.TimeoutExpired) as e:
        raise GitError("git-failed", str(e)) from None
    if check and p.returncode != 0:
        raise GitError("git-failed", p.stderr.decode("utf-8", "replace").strip().splitlines()[-1:][0]
                       if p.stderr.strip() else " ".join(args))
    return p.stdout


def toplevel(start: str = ".") -> str:
    try:
        out = git(start, "rev-parse", "--show-toplevel")
    except GitError as e:
        if e.reason == "git-failed":
            raise GitError("not-git", os.path.abspath(start)) from None
        raise
    return os.fsdecode(out.strip())


def resolve(root: str, rev: str) -> str:
    """The commit a revision names (``main``, ``HEAD~2``, a sha)."""
    if not rev or rev.startswith("-"):
        raise GitError("bad-revision", rev)
    out = git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False)
    sha = out.decode().strip()
    if not sha:
        raise GitError("bad-revision", rev)
    return sha


def default_base(root: str) -> tuple[str, str]:
    """``(label, commit)``: the merge base of HEAD with the branch the change goes into — the pull request's
    base in CI (``GITHUB_BASE_REF``, GitLab's ``CI_MERGE_REQUEST_DIFF_BASE_SHA``), else the remote's
    default branch (``origin/HEAD``), else ``main`` or ``master``."""
    env = os.environ
    if env.get("CI_MERGE_REQUEST_DIFF_BASE_SHA"):
        sha = env["CI_MERGE_REQUEST_DIFF_BASE_SHA"]
        return sha[:12], resolve(root, sha)
    names = []
    for var in ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"):
        if env.get(var):
            names += [f"origin/{env[var]}", env[var]]
    head_ref = git(root, "symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD", check=False).decode().strip()
    if head_ref:
        names.append(head_ref)
    names += ["origin/main", "origin/master", "main", "master"]
    for name in names:
        try:
            branch = resolve(root, name)
        except GitError:
            continue
        out = git(root, "merge-base", "HEAD", branch, check=False).decode().strip()
        if out:
            return f"merge-base {name}", out
    raise GitError("no-base", ", ".join(dict.fromkeys(names)))


@dataclass
class Side:
    """One side of a diff: what to give the loader, and how to show its paths."""

    label: str
    paths: list[str]
    root: str                       # the repository (working tree) root
    tmp: str | None = None          # the temporary directory holding the revision's files
    reused: set[str] = field(default_factory=set)  # files read from the working tree (same content)
    names: dict[str, str] = field(default_factory=dict)  # a file in the blob store -> its path in the revision
    is_worktree: bool = False

    def rel(self, path: str) -> str:
        if path in self.names:
            return self.names[path]
        ap = os.path.abspath(path)
        if self.tmp and (ap == self.tmp or ap.startswith(self.tmp + os.sep)):
            return os.path.relpath(ap, self.tmp).replace(os.sep, "/")
        return os.path.relpath(ap, self.root).replace(os.sep, "/")

    def close(self) -> None:
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


def _cwd_path(root: str, rel: str) -> str:
    """``root/rel`` as the commands name it: relative to the current directory when inside it (so that the
    model cache is shared with ``plans lint`` and ``plans status`` run from the repository root)."""
    full = os.path.join(root, rel)
    here = os.path.abspath(".")
    if full.startswith(here + os.sep):
        return os.path.relpath(full, here)
    return full


def worktree(root: str) -> Side:
    paths = [_cwd_path(root, d) for d in DATA_DIRS if os.path.isdir(os.path.join(root, d))]
    return Side(WORKTREE_LABEL, paths, root, is_worktree=True)


def _safe_rel(path: str) -> bool:
    parts = path.split("/")
    return not path.startswith("/") and all(p not in ("", ".", "..", ".git") for p in parts) and "\0" not in path


def _object_hash(root: str):
    fmt = git(root, "rev-parse", "--show-object-format", check=False).decode().strip() or "sha1"
    return hashlib.sha256 if fmt == "sha256" else hashlib.sha1


def revision(root: str, rev: str, label: str | None = None, commit: str | None = None) -> Side:
    """The data files of ``rev`` (see the module docstring). Call ``close()`` when done."""
    commit = commit or resolve(root, rev)
    listing = git(root, "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", *DATA_DIRS)
    entries = []  # (mode, oid, size, path)
    for rec in listing.split(b"\0"):
        if not rec:
            continue
        meta, _, name = rec.partition(b"\t")
        mode, kind, oid, size = meta.split(None, 3)
        path = os.fsdecode(name)
        if kind != b"blob" or not path.endswith(SUFFIXES):
            continue  # submodules, non-YAML files (sources/*.txt): not read by the loader anyway
        if not _safe_rel(path):
            raise GitError("bad-path", path)
        entries.append((mode.decode(), oid.decode(), int(size) if size.strip().isdigit() else -1, path))
    hasher = _object_hash(root)
    side = Side(label or f"{rev} ({commit[:7]})", [], root)
    links = any(mode == "120000" for mode, _, _, _ in entries)
    try:
        if links:
            # links point at other files of the revision: the whole revision in one private temporary tree,
            # where the loader follows a link only when it stays inside that tree
            side.tmp = os.path.realpath(tempfile.mkdtemp(prefix="plans-diff-"))
            blobs = _cat(root, [oid for _, oid, _, _ in entries])
            for mode, oid, _, path in entries:
                dest = os.path.join(side.tmp, *path.split("/"))
                _mkdirs(side.tmp, os.path.dirname(dest))
                if mode == "120000":
                    os.symlink(os.fsdecode(blobs[oid]), dest)
                else:
                    _put(dest, blobs[oid])
                side.paths.append(dest)
            return side
        wanted = []
        for mode, oid, size, path in entries:
            if _same_blob(os.path.join(root, path), oid, size, hasher):
                side.paths.append(_cwd_path(root, path))
                side.reused.add(side.paths[-1])
            else:
                wanted.append((oid, path))
        if not wanted:
            return side
        blobs = _cat(root, [oid for oid, _ in wanted])
        store = blob_store()
        if store is None:
            side.tmp = store = os.path.realpath(tempfile.mkdtemp(prefix="plans-diff-"))
        # each blob at <store>/<blob id>/<its path>: the same path every time it is read, so the model cache
        # (keyed by path and content) keeps it from one diff to the next
        for oid, path in wanted:
            dest = os.path.join(store, oid, *path.split("/"))
            _mkdirs(store, os.path.dirname(dest))
            _put(dest, blobs[oid])
            side.paths.append(dest)
            side.names[dest] = path
    except BaseException:
        side.close()
        raise
    return side


KEEP_DAYS = 30


def blob_store() -> str | None:
    """``<cache dir>/revisions``: the user's own private directory (0700, not a link), beside the model
    cache; ``None`` when it cannot be made safe (then a temporary directory is used)."""
    import stat
    import time

    from plans.loading.cache import cache_dir

    base = str(cache_dir())
    store = os.path.join(base, "revisions")
    try:
        os.makedirs(base, mode=0o700, exist_ok=True)
        if not os.path.isdir(store):
            os.mkdir(store, 0o700)
        for d in (base, store):
            st = os.lstat(d)
            if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() \
                    or st.st_mode & 0o077:
                return None
        cutoff = time.time() - KEEP_DAYS * 86400
        for name in os.listdir(store):  # blobs not read for a month go
            p = os.path.join(store, name)
            try:
                if os.lstat(p).st_mtime < cutoff:
                    shutil.rmtree(p, ignore_errors=True)
            except OSError:
                pass
    except OSError:
        return None
    return store


def _put(dest: str, data: bytes) -> None:
    """Write ``data`` at ``dest`` unless it already holds exactly that (atomic: a temporary file renamed)."""
    try:
        if os.path.isfile(dest) and not os.path.islink(dest):
            with open(dest, "rb") as f:
                if f.read(len(data) + 1) == data:
                    os.utime(os.path.dirname(dest))
                    return
    except OSError:
        pass
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(dest), prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _same_blob(path: str, oid: str, size: int, hasher) -> bool:
    """The working tree's file is a regular file holding exactly the blob ``oid``."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    import stat

    if not stat.S_ISREG(st.st_mode) or (size >= 0 and st.st_size != size):
        return False
    try:
        with open(path, "rb") as f:
            data = f.read(st.st_size + 1)
    except OSError:
        return False
    h = hasher(b"blob %d\0" % len(data))
    h.update(data)
    return h.hexdigest() == oid


def _mkdirs(tmp: str, d: str) -> None:
    """Create ``d`` under ``tmp``, refusing to pass through a symbolic link (made from an earlier entry)."""
    rel = os.path.relpath(d, tmp)
    cur = tmp
    for part in [] if rel == "." else rel.split(os.sep):
        cur = os.path.join(cur, part)
        if os.path.islink(cur):
            raise GitError("bad-path", os.path.relpath(cur, tmp))
        if not os.path.isdir(cur):
            os.mkdir(cur, 0o700)


def _cat(root: str, oids: list[str]) -> dict[str, bytes]:
    """The content of many blobs in one ``git cat-file --batch``."""
    out = git(root, "cat-file", "--batch", input=("\n".join(oids) + "\n").encode())
    blobs: dict[str, bytes] = {}
    i = 0
    while i < len(out):
        nl = out.index(b"\n", i)
        head = out[i:nl].split()
        if len(head) < 3:  # "<oid> missing"
            raise GitError("git-failed", out[i:nl].decode(errors="replace"))
        size = int(head[2])
        blobs[head[0].decode()] = out[nl + 1: nl + 1 + size]
        i = nl + 1 + size + 1
    return blobs
