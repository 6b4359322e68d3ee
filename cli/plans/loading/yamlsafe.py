"""Read one YAML file safely, through libyaml's C parser, keeping positions.

The C composer gives a node graph with marks; we turn it into plain Python
values ourselves so that nothing is ever constructed from a tag, aliases and
anchors are refused (no "billion laughs"), duplicate keys are caught, nesting
is bounded and every value keeps its line and column.

Returns ``(data, positions, problems)`` where ``positions`` maps a path tuple
(``("sections", 0, "tasks", 2, "text")``) to ``(line, column)`` (1-based), and
``problems`` is a list of :class:`LoadProblem`. Never raises for bad input.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import yaml

try:  # libyaml's C parser; fall back to the pure-Python one where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform build
    from yaml import SafeLoader as _Loader

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass
class LoadProblem:
    code: str  # Y0xx
    line: int
    col: int
    args: dict = field(default_factory=dict)


def pack(line: int, col: int) -> int:
    """Positions are kept as one int each (line, column): a tuple per node costs too much memory
    on a national-scale repository."""
    return (line << 20) | min(col, 0xFFFFF)


def unpack(v: int) -> tuple[int, int]:
    return v >> 20, v & 0xFFFFF


def position(positions: dict, path: tuple, default=(1, 1)) -> tuple[int, int]:
    v = positions.get(path)
    return default if v is None else unpack(v)


class LazyPositions:
    """The positions of one file, kept only while the file is being loaded.

    Afterwards the model keeps just the file's path: when a finding needs a line and column, the
    file is composed again (libyaml, a few milliseconds) and the positions looked up. On a
    national-scale repository this halves lint's memory; the few files with findings pay a re-read.
    """

    __slots__ = ("path", "max_bytes", "_map")
    _recent: dict = {}

    def __init__(self, path: str, positions: dict, max_bytes: int = MAX_BYTES):
        self.path, self.max_bytes, self._map = path, max_bytes, positions

    def release(self) -> None:
        self._map = None

    def load(self) -> dict:
        """The file's positions, read again (not kept: the caller holds them as long as it needs)."""
        return self._map if self._map is not None else read_yaml(self.path, max_bytes=self.max_bytes)[1]

    def lookup(self, paths) -> dict:
        """Positions of just ``paths`` (each falls back to its deepest existing ancestor): the file is
        composed again by libyaml and only those paths are walked, nothing converted."""
        if self._map is not None:
            return self._map
        raw, _ = read_bytes(self.path, self.max_bytes)
        if raw is None:
            return {}
        try:
            root = yaml.compose(raw.decode("utf-8-sig"), Loader=_Loader)
        except (UnicodeDecodeError, yaml.YAMLError, RecursionError):
            return {}
        out = {}
        for path in paths:
            node, best = root, root
            for step in path:
                nxt = None
                if isinstance(node, yaml.MappingNode):
                    for k, v in node.value:
                        if k.value == step:
                            nxt = v
                            break
                elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                    nxt = node.value[step]
                if nxt is None:
                    break
                node = best = nxt
            if best is not None:
                out[path] = pack(*_pos(best))
        return out

    def _positions(self) -> dict:
        if self._map is not None:
            return self._map
        hit = LazyPositions._recent.get(self.path)
        if hit is None:
            hit = self.load()
            if len(LazyPositions._recent) >= 8:
                LazyPositions._recent.pop(next(iter(LazyPositions._recent)))
            LazyPositions._recent[self.path] = hit
        return hit

    def get(self, key, default=None):
        return self._positions().get(key, default)

    def __getstate__(self):
        return (self.path, self.max_bytes)

    def __setstate__(self, state):
        self.path, self.max_bytes = state
        self._map = None


def lookup_all(wanted: list) -> list[dict]:
    """``[positions.lookup(paths) for positions, paths in wanted]`` (a plain dict stands for itself).
    Composing the files again is libyaml's work, file by file: with many files it is shared among
    worker processes (as loading is, ``loading/cache.py``); the answers are the same, in the same order."""
    from plans.loading import cache

    lazy = [i for i, (src, _) in enumerate(wanted) if type(src) is LazyPositions and src._map is None]
    out: list = [src if isinstance(src, dict) else None for src, _ in wanted]
    args = [(wanted[i][0].path, wanted[i][0].max_bytes, list(wanted[i][1])) for i in lazy]
    for i, found in zip(lazy, cache.in_workers(_lookup_one, args)):
        out[i] = found
    for i, (src, paths) in enumerate(wanted):
        if out[i] is None:
            out[i] = src.lookup(paths)
    return out


def _lookup_one(args) -> dict:
    path, max_bytes, paths = args
    return LazyPositions(path, None, max_bytes).lookup(paths)


class _Stop(Exception):
    def __init__(self, problem: LoadProblem):
        self.problem = problem


MAX_NODES = 200_000  # a real plan has a few thousand; a million-item flow list is refused (Y015)
_COUNT_FROM_BYTES = 256 * 1024  # below this size a file cannot hold MAX_NODES nodes worth refusing


def _inside(path: str, roots) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def read_bytes(path: str, max_bytes: int = MAX_BYTES, roots=None):
    """The bytes of ``path`` if it is safe to read, else ``(None, LoadProblem)``.

    Regular files only (a FIFO would hang, a device never end); a symlink is followed only when its
    target lies inside one of ``roots`` (the repository, the paths given), so a pull request cannot
    make lint print a line of /etc/shadow; the size is checked before reading, on the open file.
    """
    import stat

    try:
        st = os.lstat(path)
        real = path
        if stat.S_ISLNK(st.st_mode):
            real = os.path.realpath(path)
            if roots is not None and not _inside(real, roots):
                return None, LoadProblem("Y013", 1, 1, {"target": real})
            st = os.stat(real)
        if not stat.S_ISREG(st.st_mode):
            return None, LoadProblem("Y014", 1, 1, {"type": _file_type(st.st_mode)})
        if st.st_size > max_bytes:
            return None, LoadProblem("Y008", 1, 1, {"size": st.st_size, "limit": max_bytes})
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except (OSError, RuntimeError, ValueError) as e:
        return None, LoadProblem("Y012", 1, 1, {"error": getattr(e, "strerror", None) or str(e)})
    try:
        st = os.fstat(fd)  # the file opened is the file checked (no swap in between)
        if not stat.S_ISREG(st.st_mode):
            return None, LoadProblem("Y014", 1, 1, {"type": _file_type(st.st_mode)})
        if st.st_size > max_bytes:
            return None, LoadProblem("Y008", 1, 1, {"size": st.st_size, "limit": max_bytes})
        chunks, left = [], max_bytes + 1
        while left > 0:
            b = os.read(fd, min(left, 1 << 20))
            if not b:
                break
            chunks.append(b)
            left -= len(b)
        raw = b"".join(chunks)
        if len(raw) > max_bytes:  # grew while being read
            return None, LoadProblem("Y008", 1, 1, {"size": len(raw), "limit": max_bytes})
        return raw, None
    except OSError as e:
        return None, LoadProblem("Y012", 1, 1, {"error": e.strerror or str(e)})
    finally:
        os.close(fd)


def _file_type(mode: int) -> str:
    import stat

    for test, name in ((stat.S_ISFIFO, "fifo"), (stat.S_ISCHR, "char-device"), (stat.S_ISBLK, "block-device"),
                       (stat.S_ISDIR, "directory"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return name
    return "other"


def _too_many_nodes(text: str, limit: int):
    """The first event past ``limit`` nodes, counted by libyaml's streaming parser (nothing is built)."""
    n = 0
    try:
        for ev in yaml.parse(text, Loader=_Loader):
            if isinstance(ev, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)):
                n += 1
                if n > limit:
                    return ev.start_mark
    except yaml.YAMLError:
        return None  # compose reports it with its position
    return None


def read_yaml(path: str, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH, roots=None,
              max_nodes: int = MAX_NODES):
    """Read ``path``; see the module docstring."""
    problems: list[LoadProblem] = []
    raw, problem = read_bytes(path, max_bytes, roots)
    if raw is None:
        return None, {}, [problem]
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(LoadProblem("Y004", 1, 1))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        problems.append(LoadProblem("Y003", line, col, {"byte": f"0x{raw[e.start]:02x}"}))
        return None, {}, problems
    if len(raw) > _COUNT_FROM_BYTES:
        mark = _too_many_nodes(text, max_nodes)
        if mark is not None:
            problems.append(LoadProblem("Y015", mark.line + 1, mark.column + 1, {"limit": max_nodes}))
            return None, {}, problems
    data, positions = None, {}
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        msg = " ".join(x for x in (e.context, e.problem) if x)
        if "expected a single document" in msg:
            problems.append(LoadProblem("Y011", line, col))
        elif "nesting depth" in msg:  # newer libyaml builds bound the depth themselves
            problems.append(LoadProblem("Y007", line, col, {"limit": max_depth}))
        else:
            problems.append(LoadProblem("Y001", line, col, {"error": msg}))
        return None, {}, problems
    except yaml.YAMLError as e:  # e.g. reader errors for control characters
        problems.append(LoadProblem("Y001", 1, 1, {"error": str(e).splitlines()[0]}))
        return None, {}, problems
    except RecursionError:
        problems.append(LoadProblem("Y007", 1, 1, {"limit": max_depth}))
        return None, {}, problems
    if node is None:
        problems.append(LoadProblem("Y009", 1, 1, {"kind": ""}))
        return None, {}, problems
    try:
        data = _convert(node, (), positions, 0, max_depth, set())
    except _Stop as stop:
        problems.append(stop.problem)
        return None, {}, problems
    return data, positions, problems


def _pos(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node, path, positions, depth, max_depth, seen):
    if depth > max_depth:
        raise _Stop(LoadProblem("Y007", *_pos(node), {"limit": max_depth}))
    positions[path] = pack(*_pos(node))
    # The composer resolves an alias to the very node its anchor names: a node met
    # twice is an alias. Refusing it here means a "billion laughs" is never expanded.
    if id(node) in seen:
        raise _Stop(LoadProblem("Y006", *_pos(node)))
    seen.add(id(node))
    tag = node.tag or ""
    if isinstance(node, yaml.ScalarNode):
        if tag not in _SCALAR_TAGS:
            raise _Stop(LoadProblem("Y005", *_pos(node), {"tag": tag.replace(_STD, "!!")}))
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        if tag != _STD + "seq":
            raise _Stop(LoadProblem("Y005", *_pos(node), {"tag": tag.replace(_STD, "!!")}))
        return [_convert(child, path + (i,), positions, depth + 1, max_depth, seen) for i, child in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        if tag != _STD + "map":
            raise _Stop(LoadProblem("Y005", *_pos(node), {"tag": tag.replace(_STD, "!!")}))
        out = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode) or knode.tag == _STD + "merge":
                raise _Stop(LoadProblem("Y005", *_pos(knode), {"tag": "<<" if knode.tag == _STD + "merge" else "key"}))
            key = knode.value
            if key in out:
                first = position(positions, path + (key, "#key"), (0, 0))
                raise _Stop(LoadProblem("Y002", *_pos(knode), {"key": key, "first": first[0]}))
            positions[path + (key, "#key")] = pack(*_pos(knode))
            out[key] = _convert(vnode, path + (key,), positions, depth + 1, max_depth, seen)
        return out
    raise _Stop(LoadProblem("Y005", *_pos(node), {"tag": tag}))  # pragma: no cover


_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
         "yes": True, "Yes": True, "YES": True, "no": False, "No": False, "NO": False,
         "on": True, "On": True, "ON": True, "off": False, "Off": False, "OFF": False}


def _scalar(node):
    tag, v = node.tag, node.value
    if tag == _STD + "str" or tag == _STD + "timestamp":
        return v  # dates stay ISO strings; the schema checks their shape
    if tag == _STD + "null":
        return None
    if tag == _STD + "bool":
        return _BOOL.get(v, v)
    if tag == _STD + "int":
        try:
            return int(v.replace("_", ""), 0)
        except ValueError:
            return v
    if tag == _STD + "float":
        try:
            return float(v.replace("_", ""))
        except ValueError:
            return v  # .inf/.nan spellings stay text; the schema rejects them
    return v  # pragma: no cover
