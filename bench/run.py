"""Benchmarks, printed as one table of ratios to the parser's floor.

A repository of generated plans (``BENCH_PLANS``, default 500; ``bench/generate.py``) with the agency
registries and their communes, the indicators and generated reports in proportion (``BENCH_REPORTS``,
default 100 per plan), then, each in its own fresh process, side by side in one run:

- the floor: a fresh Python composing every YAML file with libyaml's C parser, nothing else;
- ``plans lint``: cold (empty cache), warm with nothing changed, warm with one plan changed, warm with
  one agency registry changed (which every file's rules read: all of them are judged again);
- check-jsonschema on the plan files (the plan schema only; ``BENCH_CHECK_JSONSCHEMA=0`` skips it);
- ``plans status --agency`` and ``plans kpi``: cold (empty cache: the query index is built) and warm;
  ``plans --help`` (start-up);
- on the shipped repository: lint, status --agency and kpi, warm.

Each row gives wall seconds, the ratio to the floor and the peak memory (max RSS of the process, or
of its largest worker). The goals of issue 17 are printed beside the rows they concern.

    BENCH_PLANS=500 python bench/run.py     # or: make bench BENCH_PLANS=500
    BENCH_GROWTH=100,500,2000 python bench/run.py   # or: make bench-growth (time and memory per size)

After the table, ``bench/breakdown.py`` profiles lint (cold, on a slice) and the warm status query in one
process and prints each phase's share, so that a missed goal says where its time goes.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))

_MEASURE = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(json.dumps({"wall": wall, "rss_kib": rss, "rc": p.returncode, "err": p.stderr.decode()[-300:]}))
"""

# The floor: what parsing alone costs — every file composed by libyaml's C parser in a fresh Python.
_FLOOR = r"""
import os, sys, yaml
for top in sys.argv[1:]:
    for root, dirs, files in os.walk(top):
        for f in files:
            if f.endswith((".yaml", ".yml")):
                with open(os.path.join(root, f), "rb") as fh:
                    yaml.compose(fh.read(), Loader=yaml.CSafeLoader)
"""

# What seeing a change costs at the least: a fresh Python listing every YAML file and taking its lstat
# (no parsing). A warm run that must notice any edit, without a file watcher, cannot go below it.
_STAT_FLOOR = r"""
import os, sys
for top in sys.argv[1:]:
    for root, dirs, files in os.walk(top):
        for f in files:
            if f.endswith((".yaml", ".yml")):
                os.lstat(os.path.join(root, f))
"""


def measure(cmd: list[str], repeat: int = 1, env: dict | None = None) -> dict:
    best = None
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, check=True,
                             env=env)
        r = json.loads(out.stdout)
        if best is None or r["wall"] < best["wall"]:
            best = r
    return best


PLAN_ID = "hp-2026-kh-bcd799-pttd-pctp-g00000"
AGENCY = "Sở Giáo dục và Đào tạo thành phố Hải Phòng"  # the generated provinces have their own "Sở Giáo dục"
SHIPPED_AGENCY = "Sở Giáo dục và Đào tạo Hải Phòng"
PER_PLAN = 100  # reports per plan (BENCH_REPORTS sets the total)


def make_repo(out: Path, n_plans: int):
    """A generated repository: ``n_plans`` plans, the registries with their communes, the indicators and
    ``BENCH_REPORTS`` reports (default 100 per plan). Returns (plan files, reports, bytes of YAML)."""
    from generate import add_communes, generate, generate_reports

    files = generate(n_plans, out)
    add_communes(out)
    shutil.copytree(ROOT / "kpi", out / "kpi", ignore=shutil.ignore_patterns("reports"))  # the indicators
    n = int(os.environ.get("BENCH_REPORTS") or PER_PLAN * n_plans)
    reports = generate_reports(out, n)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.suffix in (".yaml", ".yml"))
    # The files just written are still being flushed to the disk (hundreds of MB at 2,000 plans): the
    # first commands measured would pay for it. Flushed before any is measured.
    os.sync()
    return files, len(reports), size


def growth(sizes: list[int], repeat: int) -> None:
    """Time and memory of lint and the queries at each size (reports in proportion): warm queries should
    grow far slower than the data, lint in proportion to it."""
    plans = str(BIN / "plans")
    out = ROOT / "bench" / "out" / "growth"
    print(f"{'plans':>6} {'reports':>8} {'MB':>5} | {'floor':>10} {'lint cold':>10} {'lint 1 edit':>11} | "
          f"{'status cold':>11} {'status warm':>11} {'kpi warm':>10} | {'stat floor':>10}   (seconds / peak MB, 10⁶ bytes)")
    for n in sizes:
        files, reports, size = make_repo(out, n)
        cache = tempfile.mkdtemp(prefix="plans-bench-cache-")
        env = dict(os.environ, PLANS_CACHE_DIR=cache)
        try:
            lint = [plans, "lint", str(out), "--format", "json"]
            status = [plans, "status", "--repo", str(out), "--agency", AGENCY, "--as-of", "2026-03-01"]
            kpi_cmd = [plans, "kpi", "--repo", str(out), "--plan", PLAN_ID, "--period", "2026-H1",
                       "--as-of", "2026-09-01"]
            r = [measure([sys.executable, "-c", _FLOOR, str(out)], repeat), measure(lint, 1, env)]
            one = files[len(files) // 2]
            one.write_text(one.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
            r.append(measure(lint, 1, env))
            shutil.rmtree(cache)
            os.mkdir(cache, 0o700)
            r += [measure(status, 1, env), measure(status, repeat, env), measure(kpi_cmd, repeat, env)]
            r.append(measure([sys.executable, "-c", _STAT_FLOOR, str(out)], repeat))
        finally:
            shutil.rmtree(cache, ignore_errors=True)
        cells = [f"{x['wall']:5.2f}/{_bytes(x) / 1e6:<4.0f}" for x in r]
        print(f"{n:>6} {reports:>8} {size / 1e6:>5.0f} | {cells[0]:>10} {cells[1]:>10} {cells[2]:>11} | "
              f"{cells[3]:>11} {cells[4]:>11} {cells[5]:>10} | {cells[6]:>10}", flush=True)
        for x in r:
            if x["rc"] not in (0, 1):
                print(f"!! exited {x['rc']}: {x['err'].strip()}")
    if os.environ.get("BENCH_KEEP") is None:
        shutil.rmtree(out, ignore_errors=True)


def _bytes(r: dict) -> int:
    """A measured command's peak memory in bytes (``ru_maxrss`` is in KiB on Linux)."""
    return r["rss_kib"] * 1024


def _peak(rows: list) -> tuple[str, int]:
    """The generated repository's row with the highest peak memory, and that peak in bytes."""
    return max(((n, _bytes(r)) for n, r, _, _ in rows if not n.startswith(("shipped", "check"))), key=lambda x: x[1])


def _why(rows: list, floor: dict, size: int) -> list[str]:
    """For each goal the table misses, what the measured rows say of why: the share of it that the stat
    floor and start-up alone take, where the memory peaks."""
    by = {name: r for name, r, _, _ in rows}
    f = floor["wall"]
    stat, start = by["stat floor (list and lstat every file)"]["wall"], by["plans --help (start-up)"]["wall"]
    out = []
    edit = by["plans lint, warm (one file edited)"]["wall"]
    if edit > 0.1 * f:
        out.append(f"- lint, one file edited: {edit / f:.2f}× the floor (goal 0.1×). Listing every file and taking its "
                   f"lstat, which a run that must notice any edit pays without a file watcher, is {stat / f:.2f}× "
                   f"alone; start-up {start / f:.2f}×; together {(stat + start) / f:.2f}×. The rest "
                   f"({(edit - stat - start) / f:.2f}×) is reading the cached tree, the edited file and what reads it.")
    cold = by["plans lint, cold (empty cache)"]["wall"]
    if cold > 1.5 * f:
        out.append(f"- lint, cold: {cold / f:.2f}× the floor (goal 1.5×). The floor only composes each file (C); lint "
                   f"then turns the nodes into data with positions, validates, builds the model, runs the rules and "
                   f"writes the cache, in Python, on {os.cpu_count()} cores: the profile below gives each its share.")
    for name in ("plans status --agency, warm", "plans kpi, warm"):
        wall = by[name]["wall"]
        if wall > 1.0:
            out.append(f"- {name}: {wall:.2f} s (goal 1 s). Listing and lstat'ing every file alone takes "
                       f"{stat:.2f} s, start-up {start:.2f} s; the query's own work {wall - stat - start:.2f} s.")
    peak_name, peak = _peak(rows)
    if peak > 3 * size:
        queries = max(_bytes(r) for n, r, _, _ in rows if n.startswith(("plans status", "plans kpi")))
        out.append(f"- memory: the peak, {peak / 1e6:.0f} MB ({peak / size:.1f}× the data), is \"{peak_name}\": the "
                   f"main process holds every file's summary, keys and dependencies, and the judging processes forked "
                   f"from it count those pages again. The queries peak at {queries / 1e6:.0f} MB "
                   f"({queries / size:.1f}×).")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=int(os.environ.get("BENCH_PLANS") or 500),
                    help="plan files to generate (default: $BENCH_PLANS, else 500)")
    ap.add_argument("--repeat", type=int, default=3, help="warm runs: the best of this many")
    ap.add_argument("--growth", default=os.environ.get("BENCH_GROWTH", ""),
                    help="sizes for the growth series instead of the table, e.g. 100,500,2000 ($BENCH_GROWTH)")
    a = ap.parse_args()

    if a.growth:
        return growth([int(x) for x in a.growth.split(",") if x.strip()], a.repeat)
    out = ROOT / "bench" / "out" / "repo"
    files, reports, size = make_repo(out, a.plans)
    data = [p for p in out.rglob("*") if p.suffix in (".yaml", ".yml")]
    print(f"{len(files)} generated plans, {reports} reports, {len(data)} YAML files, {size / 1e6:.1f} MB "
          f"(memory goal ≤ 3× = {3 * size / 1e6:.0f} MB)\n")

    plans = str(BIN / "plans")
    plan_id = PLAN_ID
    agency = AGENCY
    rows = []  # (label, result, goal as a ratio to the floor or None, goal text)

    floor = measure([sys.executable, "-c", _FLOOR, str(out)], a.repeat)
    rows.append(("floor (libyaml C compose, all files)", floor, None, ""))
    rows.append(("stat floor (list and lstat every file)", measure([sys.executable, "-c", _STAT_FLOOR, str(out)],
                                                                  a.repeat), None, ""))

    cache = tempfile.mkdtemp(prefix="plans-bench-cache-")
    lint_cache = tempfile.mkdtemp(prefix="plans-bench-lint-")
    env = dict(os.environ, PLANS_CACHE_DIR=cache)
    try:
        lint = [plans, "lint", str(out), "--format", "json"]
        lint_cold = measure(lint, 1, env)
        rows.append(("plans lint, cold (empty cache)", lint_cold, 1.5, "≤ 1.5×"))
        rows.append(("plans lint, warm (no change)", measure(lint, a.repeat, env), None, ""))
        one = files[len(files) // 2]
        one.write_text(one.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        rows.append(("plans lint, warm (one file edited)", measure(lint, 1, env), 0.1, "≤ 0.1×"))
        registry = out / "agencies" / "hp.yaml"  # every file's rules read the registries: all judged again
        registry.write_text(registry.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        rows.append(("plans lint, warm (a registry edited)", measure(lint, 1, env), None, ""))
        shutil.copy2(os.path.join(cache, "model.sqlite3"), lint_cache)  # for the profile of a warm run
        status = [plans, "status", "--repo", str(out), "--agency", agency, "--as-of", "2026-03-01"]
        kpi_cmd = [plans, "kpi", "--repo", str(out), "--plan", plan_id, "--period", "2026-H1", "--as-of", "2026-09-01"]
        shutil.rmtree(cache)
        os.mkdir(cache, 0o700)
        rows.append(("plans status --agency, cold", measure(status, 1, env), 2 * lint_cold["wall"] / floor["wall"],
                     "≤ 2× lint"))
        rows.append(("plans status --agency, warm", measure(status, a.repeat, env), None, "≤ 1 s"))
        shutil.rmtree(cache)
        os.mkdir(cache, 0o700)
        rows.append(("plans kpi, cold", measure(kpi_cmd, 1, env), 2 * lint_cold["wall"] / floor["wall"],
                     "≤ 2× lint"))
        rows.append(("plans kpi, warm", measure(kpi_cmd, a.repeat, env), None, "≤ 1 s"))
        if os.environ.get("BENCH_PROFILE", "1") != "0":  # where the time goes, printed after the table
            breakdown = subprocess.run([sys.executable, str(ROOT / "bench" / "breakdown.py"), str(out),
                                        "--agency", agency, "--warm-cache", cache, "--lint-cache", lint_cache],
                                       capture_output=True, text=True).stdout
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(lint_cache, ignore_errors=True)
    if os.environ.get("BENCH_CHECK_JSONSCHEMA", "1") != "0" and (BIN / "check-jsonschema").exists():
        cj = [str(BIN / "check-jsonschema"), "--schemafile", str(ROOT / "schema" / "plan.schema.json"),
              *map(str, files)]
        rows.append(("check-jsonschema (plan schema)", measure(cj, 1), None, ""))
    rows.append(("plans --help (start-up)", measure([plans, "--help"], max(a.repeat, 5)), None, "≤ 0.2 s"))

    shipped = tempfile.mkdtemp(prefix="plans-bench-cache-")
    env = dict(os.environ, PLANS_CACHE_DIR=shipped)
    try:
        repo = ["--repo", str(ROOT / "plans"), "--repo", str(ROOT / "kpi")]
        measure([plans, "lint", str(ROOT / "plans"), str(ROOT / "kpi")], 1, env)  # fills the cache
        rows.append(("shipped: lint, warm", measure([plans, "lint", str(ROOT / "plans"), str(ROOT / "kpi")],
                                                          a.repeat, env), None, ""))
        rows.append(("shipped: status --agency, warm",
                     measure([plans, "status", *repo, "--agency", SHIPPED_AGENCY], a.repeat, env), None, "≤ 0.3 s"))
        rows.append(("shipped: kpi, warm",
                     measure([plans, "kpi", *repo, "--plan", "hp-2026-kh-bcd799-pttd-pctp", "--period", "2026-H1"],
                             a.repeat, env), None, "≤ 0.3 s"))
    finally:
        shutil.rmtree(shipped, ignore_errors=True)

    w = max(len(r[0]) for r in rows)
    print(f"{'command':<{w}} {'wall s':>6} {'×floor':>6} {'MB':>4}  goal")
    for name, r, goal, text in rows:
        ratio = r["wall"] / floor["wall"]
        verdict = ""
        if goal is not None:
            verdict = "met" if ratio <= goal else f"{ratio / goal:.1f}× over"
        elif text.startswith("≤") and text.endswith(" s"):
            limit = float(text[1:-1])
            verdict = "met" if r["wall"] <= limit else f"{r['wall'] / limit:.1f}× over"
        print(f"{name:<{w}} {r['wall']:>6.2f} {ratio:>6.2f} {_bytes(r) / 1e6:>4.0f}  {text} {verdict}".rstrip())
    _, peak = _peak(rows)
    print(f"\npeak memory {peak / 1e6:.0f} MB = {peak / size:.1f}× the data on disk (goal ≤ 3×)")
    why = _why(rows, floor, size)
    if why:
        print("\nWhy a goal is missed (from the rows above):")
        import textwrap

        print("\n".join(textwrap.fill(x, 80, subsequent_indent="  ") for x in why))
    for name, r, _, _ in rows:
        if r["rc"] not in (0, 1):
            print(f"!! {name} exited {r['rc']}: {r['err'].strip()}")
    if os.environ.get("BENCH_PROFILE", "1") != "0":
        print("\nWhere the time goes (bench/breakdown.py; BENCH_PROFILE=0 skips it):\n")
        print(breakdown.rstrip() or "(the profile did not run)")
    if os.environ.get("BENCH_KEEP") is None:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
