"""Benchmarks, printed as one table of ratios to the parser's floor.

A repository of generated plans (``BENCH_PLANS``, default 1000; ``bench/generate.py``) with the agency
registries and the shipped KPI data, then, each in its own fresh process, side by side in one run:

- the floor: a fresh Python composing every YAML file with libyaml's C parser, nothing else;
- ``plans lint``: cold (empty cache), warm with nothing changed, warm with one plan changed, warm with
  one agency registry changed (which every file's rules read: all of them are judged again);
- check-jsonschema on the plan files (the plan schema only; ``BENCH_CHECK_JSONSCHEMA=0`` skips it);
- ``plans status --agency`` and ``plans kpi``: cold and warm; ``plans --help`` (start-up);
- on the shipped repository: lint, status --agency and kpi, warm.

Each row gives wall seconds, the ratio to the floor and the peak memory (max RSS of the process, or
of its largest worker). The goals of issue 17 are printed beside the rows they concern.

    BENCH_PLANS=500 python bench/run.py     # or: make bench BENCH_PLANS=500
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


def measure(cmd: list[str], repeat: int = 1, env: dict | None = None) -> dict:
    best = None
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, check=True,
                             env=env)
        r = json.loads(out.stdout)
        if best is None or r["wall"] < best["wall"]:
            best = r
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=int(os.environ.get("BENCH_PLANS") or 1000),
                    help="plan files to generate (default: $BENCH_PLANS, else 1000)")
    ap.add_argument("--repeat", type=int, default=3, help="warm runs: the best of this many")
    a = ap.parse_args()

    from generate import generate

    out = ROOT / "bench" / "out" / "repo"
    files = generate(a.plans, out)
    kpi = out / "kpi"
    shutil.copytree(ROOT / "kpi", kpi)  # indicators and the shipped sample reports
    data = [p for p in out.rglob("*") if p.suffix in (".yaml", ".yml")]
    size = sum(p.stat().st_size for p in data)
    print(f"{len(files)} generated plans, {len(data)} YAML files, {size / 1e6:.1f} MB "
          f"(memory goal ≤ 3× = {3 * size / 1e6:.0f} MB)\n")

    plans = str(BIN / "plans")
    plan_id = "hp-2026-kh-bcd799-pttd-pctp-g00000"
    agency = "Sở Giáo dục và Đào tạo Hải Phòng"
    rows = []  # (label, result, goal as a ratio to the floor or None, goal text)

    floor = measure([sys.executable, "-c", _FLOOR, str(out)], a.repeat)
    rows.append(("floor (libyaml C compose, all files)", floor, None, ""))

    cache = tempfile.mkdtemp(prefix="plans-bench-cache-")
    env = dict(os.environ, PLANS_CACHE_DIR=cache)
    try:
        lint = [plans, "lint", str(out), "--format", "json"]
        rows.append(("plans lint, cold (empty cache)", measure(lint, 1, env), 1.5, "≤ 1.5×"))
        rows.append(("plans lint, warm (no change)", measure(lint, a.repeat, env), None, ""))
        one = files[len(files) // 2]
        one.write_text(one.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        rows.append(("plans lint, warm (one file edited)", measure(lint, 1, env), 0.1, "≤ 0.1×"))
        registry = out / "agencies" / "hp.yaml"  # every file's rules read the registries: all judged again
        registry.write_text(registry.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        rows.append(("plans lint, warm (a registry edited)", measure(lint, 1, env), None, ""))
        status = [plans, "status", "--repo", str(out), "--agency", agency, "--as-of", "2026-03-01"]
        kpi_cmd = [plans, "kpi", "--repo", str(out), "--plan", plan_id, "--period", "2026-H1"]
        shutil.rmtree(cache)
        os.mkdir(cache, 0o700)
        rows.append(("plans status --agency, cold", measure(status, 1, env), 2 * rows[1][1]["wall"] / floor["wall"],
                     "≤ 2× lint"))
        rows.append(("plans status --agency, warm", measure(status, a.repeat, env), None, "≤ 1 s"))
        rows.append(("plans kpi, warm", measure(kpi_cmd, a.repeat, env), None, "≤ 1 s"))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
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
                     measure([plans, "status", *repo, "--agency", agency], a.repeat, env), None, "≤ 0.3 s"))
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
        print(f"{name:<{w}} {r['wall']:>6.2f} {ratio:>6.2f} {r['rss_kib'] / 1024:>4.0f}  {text} {verdict}".rstrip())
    peak = max(r["rss_kib"] * 1024 for name, r, _, _ in rows if not name.startswith(("shipped", "check")))
    print(f"\npeak memory {peak / 1e6:.0f} MB = {peak / size:.1f}× the data on disk (goal ≤ 3×)")
    for name, r, _, _ in rows:
        if r["rc"] not in (0, 1):
            print(f"!! {name} exited {r['rc']}: {r['err'].strip()}")
    if os.environ.get("BENCH_KEEP") is None:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
