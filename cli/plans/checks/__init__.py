"""Checks layer: run every rule over the loaded model, apply suppressions, return findings."""
from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field

from plans.checks.fixes import fix_nfc  # noqa: F401  (plans lint --fix)
from plans.checks.registry import RULES, all_rules
from plans.config import Config, load_config
from plans.findings import ERROR, WARNING, Finding, resolve_positions
from plans.loading.loader import discover, load_repository, real_path
from plans.loading.model import Repository

_SUPPRESS = re.compile(r"#\s*plans:\s*ignore\[([A-Za-z0-9,\s]+)\]\s*(.*)$")


@dataclass
class LintResult:
    # The model of the files linted; from the per-file cache (``run_lint(cache=True)``) only its ``files``
    # (kind, lines) are filled: the checks ran on smaller models. ``plans.load`` gives the whole model.
    repo: Repository
    findings: list[Finding] = field(default_factory=list)  # includes suppressed ones (suppressed != None)
    files: list[str] = field(default_factory=list)  # the files linted (named, or under the paths named)

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is None]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.active if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)

    @property
    def suppressed(self) -> int:
        return sum(1 for f in self.findings if f.suppressed is not None)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def run_lint(paths: list[str], config: Config | None = None, cache: bool = True) -> LintResult:
    """Load ``paths`` and run every check. Raises LoadError for a missing path, ConfigError for bad config."""
    if config is None:
        config = load_config(start=paths[0] if paths else ".")
    named_keys: dict[str, str] = {}
    named = discover(paths, named_keys)
    extra = repository_paths(paths, config)
    load_paths = extra + list(paths)
    # The repository's own paths first, then those named; when those named begin with them (``plans
    # lint``, ``plans lint plans kpi``), that is the files named, in their order: not listed again.
    same = [os.path.normpath(p) for p in extra] == [os.path.normpath(p) for p in paths[:len(extra)]]
    # the per-file cache: an unchanged file is not parsed, validated or judged again, unless what its rules
    # depend on changed (CI, pre-commit, an editor); see checks/incremental.py
    outcome = _incremental(load_paths, config, named if same else None) if cache else None
    if outcome is not None:
        repo = Repository(files=outcome.files)
        findings = outcome.findings
        sups = outcome.sups
    else:
        repo, findings = load_repository(load_paths, config=config, max_bytes=config.max_file_bytes, cache=cache)
        for r in all_rules():
            if r.check is not None:
                findings.extend(r.check(repo))
        resolve_positions(findings)
        sups = None
    if config.refuse_sample_data:
        for f in findings:
            if f.code == "R018":
                f.severity = ERROR
    findings.extend(_apply_suppressions(repo, findings, config, sups))
    from plans.loading.loader import _real_file

    dirs: dict[str, str] = {}
    wanted = set(named_keys.values())

    def named_file(f: str) -> bool:
        name = os.path.normpath(f)
        return name in named_keys or _real_file(name, dirs) in wanted

    if outcome is not None and same:
        files = list(repo.files)  # the files named are the files linted (the cache was given them)
    else:
        files = [f for f in repo.files if named_file(f)]
    if len(files) < len(repo.files):  # only the files named are judged; the rest of the repository is context
        keep = set(files)
        findings = [f for f in findings if f.file in keep]
    findings.sort(key=Finding.sort_key)
    return LintResult(repo, findings, files)


def repository_paths(paths: list[str], config: Config) -> list[str]:
    """The data of the repository that ``paths`` belong to (its ``plans/`` and ``kpi/``), so that linting
    one file still knows every registry, indicator and plan the file refers to. Named the way the user
    named ``paths`` (relative or absolute), so that findings keep the names the user typed."""
    if not config.repository or not paths:
        return []
    root = real_path(config.root)
    if not all(real_path(p) == root or real_path(p).startswith(root + os.sep) for p in paths):
        return []
    out = []
    for d in ("plans", "kpi"):
        full = os.path.join(config.root, d)
        if os.path.isdir(full) and not os.path.islink(full):
            out.append(full if os.path.isabs(paths[0]) else os.path.relpath(full))
    return out


def suppressions(lines: list[str]) -> dict[int, tuple[set[str], str, int]]:
    """line number -> (codes, reason, column) for every ``# plans: ignore[...]`` comment."""
    out = {}
    for n, line in enumerate(lines, 1):
        if "plans:" not in line:
            continue
        m = _SUPPRESS.search(line)
        if m:
            codes = {c.strip().upper() for c in m.group(1).split(",") if c.strip()}
            out[n] = (codes, m.group(2).strip(), m.start() + 1)
    return out


def _incremental(load_paths: list[str], config: Config, files: list[str] | None = None):
    """The findings of every file from the per-file cache (``checks/incremental.py``), or None when
    there is no cache to use: then the whole model is loaded and judged. ``files``: ``load_paths``'
    files when already listed."""
    from plans.checks import incremental
    from plans.loading.loader import read_roots

    if files is None:
        files = discover(load_paths)
    return incremental.run(files, config.max_file_bytes, read_roots(load_paths, config))


def _apply_suppressions(repo: Repository, findings: list[Finding], config: Config, sups=None) -> list[Finding]:
    """Mark the findings silenced by a ``# plans: ignore[…] reason`` comment or a [tool.plans] ignore;
    R011 for each comment without a reason or with an unknown code. ``sups``: path -> {line: (codes,
    reason, column, comment)} when known (from the cache: only the files with such comments); else read
    from the files."""
    extra: list[Finding] = []
    if sups is None:
        sups = {}
        for path, sf in repo.files.items():
            lines = sf.lines
            sups[path] = {n: (codes, reason, col, lines[n - 1].strip())
                          for n, (codes, reason, col) in suppressions(lines).items()}
    by_file = sups
    known = {r.code for r in all_rules()} if any(by_file.values()) else RULES  # every rule module registered
    for path, sup in by_file.items():
        for n, (codes, reason, col, comment) in sup.items():
            if not reason or any(c not in known for c in codes):
                extra.append(Finding("R011", WARNING, path, n, col, {"comment": comment}))
    rels: dict[str, str] = {}
    for f in findings:
        sup = by_file.get(f.file, {})
        for n in (f.line, f.line - 1):
            hit = sup.get(n)
            if hit and f.code in hit[0] and hit[1]:
                f.suppressed = hit[1]
                break
        if f.suppressed is None and config.ignores:
            rel = rels.get(f.file)
            if rel is None:
                rel = rels[f.file] = os.path.relpath(os.path.abspath(f.file), os.path.abspath(config.root))
            for ig in config.ignores:
                if ig.code == f.code and (fnmatch.fnmatch(rel, ig.files) or fnmatch.fnmatch(f.file, ig.files)):
                    f.suppressed = ig.reason
                    break
    return extra
