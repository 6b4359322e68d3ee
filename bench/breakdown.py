"""Where the time goes: `plans lint` (cold) and `plans status --agency` (warm), profiled in one process.

`make bench` prints, beside the goals it misses, this breakdown (cProfile, one process, ``PLANS_JOBS=1``):
every phase's seconds and its share of the run, so that a miss says why. Lint is profiled on a slice of
the generated repository (the registries, the indicators, the first ``--plans`` plans and their reports:
the shares do not depend on the size, the seconds do), the status query on the whole of it.

    python bench/breakdown.py bench/out/repo --agency "Sở Giáo dục và Đào tạo thành phố Hải Phòng"
"""
from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "cli"))


def _key(fn) -> tuple[str, int, str]:
    code = fn.__code__
    return code.co_filename, code.co_firstlineno, code.co_name


def _cum(stats: pstats.Stats, fn) -> float:
    """Cumulative seconds of ``fn`` (recursion counted once, as cProfile does)."""
    row = stats.stats.get(_key(fn))
    return row[3] if row else 0.0


def _cum_named(stats: pstats.Stats, filename_end: str, name: str) -> float:
    return sum(row[3] for (f, _, n), row in stats.stats.items() if f.endswith(filename_end) and n == name)


def _profile(call) -> tuple[pstats.Stats, float]:
    prof = cProfile.Profile()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        prof.runcall(call)
    stats = pstats.Stats(prof)
    return stats, stats.total_tt


def _table(title: str, total: float, rows: list[tuple[str, float]]) -> str:
    rows = [r for r in rows if r[1] >= 0.005]
    named = sum(s for _, s in rows if not _.startswith("  "))
    rows.append(("everything else (cache, hashing, start of the command …)", max(total - named, 0.0)))
    w = max(len(r[0]) for r in rows)
    out = [f"{title}: {total:.2f} s in one process under cProfile (profiling slows Python code ~1.5–2×)"]
    for label, secs in rows:
        out.append(f"  {label:<{w}} {secs:6.2f} s {secs / total:5.0%}" if total else f"  {label}")
    return "\n".join(out)


def slice_repo(src: Path, dest: Path, n_plans: int) -> int:
    """The registries, indicators, the first ``n_plans`` plans and their reports, copied under ``dest``."""
    shutil.copytree(src / "agencies", dest / "agencies")
    shutil.copytree(src / "kpi", dest / "kpi", ignore=shutil.ignore_patterns("reports"))
    if (src / "sources").exists():
        shutil.copytree(src / "sources", dest / "sources")
    plans = sorted(p for p in src.glob("g*/*.yaml"))[:n_plans]
    for p in plans:
        (dest / p.parent.name).mkdir(exist_ok=True)
        shutil.copy(p, dest / p.parent.name / p.name)
        reports = src / "kpi" / "reports" / p.stem
        if reports.is_dir():
            shutil.copytree(reports, dest / "kpi" / "reports" / p.stem)
    return sum(1 for _ in dest.rglob("*.yaml"))


def lint_breakdown(repo: Path) -> str:
    from plans.checks import run_lint
    from plans.checks.registry import RULES
    from plans.loading import loader, yamlsafe

    stats, total = _profile(lambda: run_lint([str(repo)]))
    rows = [
        ("read YAML: libyaml compose (the floor's work)", _cum_named(stats, "yaml/__init__.py", "compose")),
        ("read YAML: nodes → data with positions", _cum(stats, yamlsafe._convert)),
        ("schema check (compiled; jsonschema for failures)", _cum(stats, loader.schema_errors)),
        ("build the model", _cum(stats, loader.build)),
    ]
    rules = sorted(((code, _cum(stats, r.check)) for code, r in RULES.items() if r.check), key=lambda x: -x[1])
    rows.append(("rules, all", sum(s for _, s in rules)))
    rows += [(f"  {code} {RULES[code].name}", s) for code, s in rules[:6]]
    return _table("plans lint, cold", total, rows)


def lint_edit_breakdown(repo: Path) -> str:
    """``plans lint`` with a warm cache after one plan was edited: what a pull request's run does."""
    from plans.checks import incremental, run_lint
    from plans.loading import cache, loader

    run_lint([str(repo)])  # the files' lstat is remembered once they are older than RACY_NS
    plan = sorted(repo.glob("g*/*.yaml"))[0]
    plan.write_text(plan.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    stats, total = _profile(lambda: run_lint([str(repo)]))
    rows = [
        ("list the files", _cum(stats, loader.discover)),
        ("lstat every file, its key (from the tree)", _cum(stats, incremental._keys)),
        ("read the tree's entry", _cum(stats, incremental._Tree.load.__func__)),
        ("every file's summary and dependency key", _cum(stats, incremental._Graph.__init__)
         + _cum(stats, incremental._Graph.deps) + _cum(stats, incremental._Tree.summary)),
        ("parse the edited file", _cum(stats, incremental._parse_one)),
        ("judge the files whose dependency key changed", _cum(stats, incremental._judge_all)),
        ("write the tree and the entries", _cum(stats, incremental._Tree.dump) + _cum(stats, cache._Store.save)),
    ]
    return _table("plans lint, warm, one plan edited", total, rows)


def status_breakdown(repo: Path, agency: str) -> str:
    from plans.commands.app import app
    from plans.index import select, store
    from plans.queries import status

    args = ["status", "--repo", str(repo), "--agency", agency, "--as-of", "2026-03-01", "--no-pager"]
    run = lambda: app(args, standalone_mode=False)  # noqa: E731
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        run()  # fills the index: what follows is a warm query
    stats, total = _profile(run)
    rows = [
        ("index: list the tree and stat every file (as git)", _cum(stats, store.scan)),
        ("index: compare, rehash what changed", _cum(stats, store._update)),
        ("index: select and build the part needed", _cum(stats, select.build)),
        ("answer: agency_status (View, reports, targets)", _cum(stats, status.agency_status)),
        ("draw the tables (rich)", _cum_named(stats, "rich/console.py", "print")),
    ]
    return _table("plans status --agency, warm", total, rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("repo")
    ap.add_argument("--agency", default="Sở Giáo dục và Đào tạo thành phố Hải Phòng")
    ap.add_argument("--plans", type=int, default=50, help="plans in the slice that lint is profiled on")
    ap.add_argument("--warm-cache", help="a cache directory whose query index is already built for REPO")
    ap.add_argument("--lint-cache", help="a cache directory that lint filled for REPO: one plan of REPO is "
                                         "edited and the warm run profiled (else on the slice)")
    a = ap.parse_args()
    os.environ["PLANS_JOBS"] = "1"
    os.environ["PLANS_PAGER"] = "cat"
    src = Path(a.repo)
    with tempfile.TemporaryDirectory(prefix="plans-profile-") as tmp:
        os.environ["PLANS_CACHE_DIR"] = os.path.join(tmp, "cache")
        os.mkdir(os.environ["PLANS_CACHE_DIR"], 0o700)
        part = Path(tmp) / "slice"
        n = slice_repo(src, part, a.plans)
        print(f"lint profiled on {a.plans} plans and their reports ({n} files, empty cache):")
        print(lint_breakdown(part))
        print()
        if a.lint_cache:
            os.environ["PLANS_CACHE_DIR"] = a.lint_cache
            print(f"lint, warm, on the whole repository ({sum(1 for _ in src.rglob('*.yaml'))} files):")
        print(lint_edit_breakdown(src if a.lint_cache else part))
        print()
        if a.warm_cache:
            os.environ["PLANS_CACHE_DIR"] = a.warm_cache
        else:
            shutil.rmtree(os.environ["PLANS_CACHE_DIR"])
            os.mkdir(os.environ["PLANS_CACHE_DIR"], 0o700)
        print(status_breakdown(src, a.agency))


if __name__ == "__main__":
    main()
