"""Mutation fuzzing of a repository: what an attacker or a careless editor could commit.

One engine serves the short property-based test in the suite (``tests/test_fuzz.py``, driven by
hypothesis, which shrinks a failure to its smallest mutation) and the long run (``tools/fuzz.py``,
driven by ``random.Random``, which counts inputs and crashes).

Each input takes one file of a small copy of the frozen fixture repository (a plan, a registry, the
indicator catalog, a report) and mutates it: values swapped for values of other types, keys and items
deleted or duplicated, odd Unicode, impossible dates, huge and negative numbers, or bytes flipped in the
YAML text. Then commands run on the repository. A crash is any exception escaping a command, an exit code
other than 0, 1 or 2, a traceback or "internal error" in the output, or a write outside its target.
"""
from __future__ import annotations

import os
import shutil
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import yaml

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "repo"

# The fuzz repository: enough for every rule and command (a national plan and a city plan implementing
# it, their registries, the indicator catalog and two reports), small enough for thousands of runs.
FILES = [
    "plans/agencies/vn.yaml",
    "plans/agencies/hp.yaml",
    "plans/vn/2025-53-kh-bcd.yaml",
    "plans/hp/2026-kh-bcd799-pttd-pctp.yaml",
    "kpi/indicators.yaml",
    "kpi/reports/hp-2026-kh-bcd799-pttd-pctp/2026-H1/hp.cong-an.yaml",
    "kpi/reports/hp-2026-kh-bcd799-pttd-pctp/2026-H1/hp.so-giao-duc-va-dao-tao.yaml",
]
PLAN = "hp-2026-kh-bcd799-pttd-pctp"

STRINGS = [
    "", " ", "30%", "30", "-1", "1e999", ".nan", "2025-02-30", "2026-13-45", "9999-12-31", "0000-01-01",
    "--02-30", "2026-M13", "2026-H3", "../../../../tmp/fuzz-escaped", "/tmp/fuzz-abs", "hp.cong-an", "vn.bo-cong-an",
    "hp.khong-co", "II.1", "T1", "=HYPERLINK(\"http://x\")", "@SUM(1)", "<script>alert(1)</script>",
    "[a](javascript:x)", "\x07bell", "\x00nul", "a\u202eb", "\u0301", "K\u212a", "\uf900", "Hà Nội",
    "Ha\u0300 No\u0323i", "ǅ", "İ", "\ufeffx", "\U0001f600", "x" * 5000, "TM.", ">=", "==", "percent",
    "ratio", "done", "not-started", "lead", "a: b", "{", "- x",
]
NUMBERS = [0, 1, -1, 2, 30, 100, 101, 10 ** 30, -10 ** 30, 1.5, -0.0, float("inf"), float("-inf"), float("nan"),
           2 ** 63, 1e-300]


class Draw:
    """The choices a mutation makes. ``random.Random`` in the long run; hypothesis's ``data.draw``
    in the suite (see ``HypothesisDraw``)."""

    def __init__(self, rng):
        self.rng = rng

    def below(self, n: int) -> int:
        return self.rng.randrange(n) if n > 0 else 0

    def choice(self, seq):
        return seq[self.below(len(seq))]


class HypothesisDraw(Draw):
    def __init__(self, data):
        from hypothesis import strategies as st

        self.data, self.st = data, st

    def below(self, n: int) -> int:
        return self.data.draw(self.st.integers(0, max(n - 1, 0))) if n > 0 else 0


def value(d: Draw, depth: int = 0):
    kind = d.below(9)
    if kind <= 2:
        return d.choice(STRINGS)
    if kind <= 4:
        return d.choice(NUMBERS)
    if kind == 5:
        return d.choice([None, True, False])
    if kind == 6 and depth < 3:
        return [value(d, depth + 1) for _ in range(d.below(3))]
    if kind == 7 and depth < 3:
        return {d.choice(["id", "text", "lead", "x", "kind", "period", "1"]): value(d, depth + 1)
                for _ in range(d.below(3))}
    return "".join(chr(d.choice([0x41, 0xE0, 0x1EA1, 0x300, 0x7, 0x202E, 0xD7FF, 0xFFFD, 0x10FFFF]))
                   for _ in range(1 + d.below(4)))


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, path + (i,))


def _get(node, path):
    for step in path:
        node = node[step]
    return node


def mutate_tree(data, d: Draw):
    """One to three structural mutations of the parsed file, in place; returns the new root."""
    for _ in range(1 + d.below(3)):
        paths = list(_paths(data))
        path = d.choice(paths)
        op = d.below(6)
        if not path:
            if op == 0:
                data = value(d)
            continue
        parent, key = _get(data, path[:-1]), path[-1]
        if op <= 2:  # a value of another type
            parent[key] = value(d)
        elif op == 3:  # deleted
            del parent[key]
        elif op == 4:  # duplicated (a list item twice: duplicate ids) or moved elsewhere
            if isinstance(parent, list):
                parent.insert(key, parent[key])
            else:
                import copy

                other = d.choice(paths)
                if path[:len(other)] != other:  # never an ancestor into its own descendant
                    parent[key] = copy.deepcopy(_get(data, other))
        else:  # a string edited: odd Unicode in the middle
            v = parent[key]
            if isinstance(v, str):
                i = d.below(len(v) + 1)
                parent[key] = v[:i] + d.choice(STRINGS[20:]) + v[i:]
            else:
                parent[key] = str(v)
    return data


def mutate_bytes(raw: bytes, d: Draw) -> bytes:
    """Bytes flipped, lines deleted or duplicated, indentation broken."""
    b = bytearray(raw)
    for _ in range(1 + d.below(4)):
        op = d.below(4)
        if not b:
            break
        i = d.below(len(b))
        if op == 0:
            b[i] ^= 1 << d.below(8)
        elif op == 1:
            b[i:i] = d.choice([b"\x00", b"\xff", b"\xc3", b"\t", b"\r", b"&a ", b"*a", b"!!python/name:os.system ",
                               b"{", b"[", b"'", b'"', b":", b"- ", b"\n  ", b"\xef\xbb\xbf", b"---\n"])
        elif op == 2:
            j = b.rfind(b"\n", 0, i) + 1
            k = b.find(b"\n", i)
            del b[j:(k + 1 if k >= 0 else len(b))]
        else:
            j = b.rfind(b"\n", 0, i) + 1
            k = b.find(b"\n", i)
            line = bytes(b[j:(k + 1 if k >= 0 else len(b))])
            b[j:j] = line
    return bytes(b)


def dump(data) -> bytes:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter: the fuzzer's own time is small
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=4096)
    return text.encode("utf-8", "surrogatepass")


@dataclass
class Outcome:
    inputs: int = 0
    crashes: list = field(default_factory=list)  # (signature, command, detail)

    @property
    def signatures(self) -> dict:
        out: dict = {}
        for sig, cmd, detail in self.crashes:
            out.setdefault(sig, (cmd, detail))
        return out


class FuzzRepo:
    """A private copy of the fuzz repository; ``mutate()`` changes one file, ``restore()`` puts it back."""

    def __init__(self, where: Path):
        self.root = where / "repo"
        if self.root.exists():
            shutil.rmtree(self.root)
        for f in FILES:
            (self.root / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(FIXTURE / f, self.root / f)
        shutil.copy(FIXTURE / "pyproject.toml", self.root / "pyproject.toml")
        self.originals = {f: (FIXTURE / f).read_bytes() for f in FILES}
        self.parsed = {f: yaml.safe_load(self.originals[f]) for f in FILES}
        self.changed: str | None = None

    def mutate(self, d: Draw) -> tuple[str, bytes]:
        import copy

        f = d.choice(FILES)
        if d.below(4) == 0:
            raw = mutate_bytes(self.originals[f], d)
        else:
            raw = dump(mutate_tree(copy.deepcopy(self.parsed[f]), d))
        self.write(f, raw)
        return f, raw

    def write(self, f: str, raw: bytes) -> None:
        p = self.root / f
        tmp = p.with_name(p.name + ".fuzz")
        tmp.write_bytes(raw)
        os.replace(tmp, p)
        self.changed = f

    def restore(self) -> None:
        if self.changed:
            self.write(self.changed, self.originals[self.changed])
            self.changed = None

    def snapshot(self) -> dict:
        out = {}
        for dirpath, _, files in os.walk(self.root.parent):
            for name in files:
                p = os.path.join(dirpath, name)
                st = os.lstat(p)
                out[p] = (st.st_size, st.st_mtime_ns)
        return out


LINT = [("lint", "plans", "kpi", "--format", "json")]
COMMANDS = [
    ("status", "--agency", "hp.cong-an", "--as-of", "2026-07-01", "--repo", "plans", "--repo", "kpi"),
    ("status", "--as-of", "2026-07-01", "--repo", "plans", "--repo", "kpi", "--format", "csv"),
    ("tasks", "--plan", PLAN, "--repo", "plans", "--repo", "kpi", "--format", "md"),
    ("show", PLAN, "--format", "md", "--repo", "plans", "--repo", "kpi"),
    ("kpi", "--plan", PLAN, "--period", "2026-H1", "--repo", "plans", "--repo", "kpi", "--format", "csv"),
    ("agencies", "cong an", "--repo", "plans"),
    ("plans", "--repo", "plans"),
    ("render", "plan", PLAN, "--format", "md", "--repo", "plans", "--repo", "kpi"),
    ("render", "plan", PLAN, "--format", "docx", "-o", "../out/plan.docx", "--force", "--repo", "plans"),
    ("render", "report", "--plan", PLAN, "--period", "2026-H1", "--format", "md", "-o", "../out/r.md", "--force",
     "--repo", "plans", "--repo", "kpi"),
    ("report", "new", "--plan", PLAN, "--period", "2026-H2", "--agency", "hp.cong-an", "-o", "../out/new.yaml",
     "--repo", "plans", "--repo", "kpi"),
    ("cascade", "hp-2025-kh-bcd799-pctp-mbn", "--format", "json", "--repo", "plans"),
    ("calendar", "-o", "../out/c.ics", "--force", "--repo", "plans", "--repo", "kpi"),
    ("export", "--format", "xlsx", "--as-of", "2026-07-01", "-o", "../out/t.xlsx", "--force", "--repo", "plans",
     "--repo", "kpi"),
    ("lint", "plans", "kpi", "--fix"),
]
# what each writing command may create or change (relative to the repository's parent directory)
ALLOWED_WRITES = {"render": {"out/plan.docx", "out/r.md", "out/r-bieu-do.png"}, "report": {"out/new.yaml"},
                  "calendar": {"out/c.ics"}, "export": {"out/t.xlsx"}, "lint": None}  # lint --fix may rewrite the mutated file only (checked below)


def signature(exc: BaseException) -> str:
    tb = traceback.extract_tb(exc.__traceback__)
    ours = [fr for fr in tb if "/plans/" in fr.filename.replace(os.sep, "/")] or tb
    fr = ours[-1] if ours else None
    where = f"{Path(fr.filename).name}:{fr.lineno}" if fr else "?"
    return f"{type(exc).__name__} at {where}"


def run_one(repo: FuzzRepo, runner, app, commands, outcome: Outcome, label: str) -> None:
    """Run ``commands`` in ``repo``; record each crash in ``outcome``."""
    cwd = os.getcwd()
    os.chdir(repo.root)
    try:
        for args in commands:
            before = repo.snapshot() if args[0] in ALLOWED_WRITES else None
            res = runner.invoke(app, list(args))
            out = res.output
            if res.exception is not None and not isinstance(res.exception, SystemExit):
                outcome.crashes.append((signature(res.exception), args[0], label))
            elif res.exit_code not in (0, 1, 2):
                outcome.crashes.append((f"exit {res.exit_code}", args[0], label))
            elif "Traceback" in out or "lỗi nội bộ" in out or "internal error" in out:
                outcome.crashes.append(("traceback in output", args[0], label))
            if before is not None:
                after = repo.snapshot()
                changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
                rel = {os.path.relpath(p, repo.root.parent) for p in changed}
                allowed = ALLOWED_WRITES[args[0]]
                if allowed is None:
                    allowed = {os.path.join("repo", repo.changed)} if repo.changed else set()
                if rel - allowed:
                    outcome.crashes.append((f"write outside target: {sorted(rel - allowed)[:3]}", args[0], label))
                if args[0] == "lint" and rel:  # --fix rewrote the file: the next input starts from the original
                    pass
            shutil.rmtree(repo.root.parent / "out", ignore_errors=True)
    finally:
        os.chdir(cwd)
