"""Benchmark of ``plans diff``: the shipped repository, and a generated national-scale one, each with one
plan changed (a task's lead) in a git commit.

    python bench/diff.py [--plans 2000]

Prints, per repository: the whole command (``plans diff HEAD~1 HEAD --format json``, its own process) with
an empty model cache and with the cache kept from the run before; and, in this process, the time of loading
the two sides and the time of the diff itself (compare + per-agency impact) beside it.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))
from run import measure  # noqa: E402


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.org", "GIT_COMMITTER_NAME": "b",
           "GIT_COMMITTER_EMAIL": "b@example.org"}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def change_one_lead(path: Path) -> None:
    import re

    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"lead: \[(?!hp\.cong-an\])[^\]]*\]", "lead: [hp.cong-an]", text, count=1), encoding="utf-8")


def make_repo(root: Path, n_plans: int | None) -> Path:
    root.mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    if n_plans is None:
        shutil.copytree(ROOT / "plans", root / "plans")
        shutil.copytree(ROOT / "kpi", root / "kpi")
        changed = root / "plans" / "hp" / "2026-kh-bcd799-pttd-pctp.yaml"
    else:
        from generate import generate

        files = generate(n_plans, root / "plans")
        changed = next(f for f in files[len(files) // 2:] if "hp-2026-kh-bcd799-pttd-pctp" in f.name)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    change_one_lead(changed)
    git(root, "commit", "-q", "-am", "one plan changed")
    return root


def in_process(root: Path) -> dict:
    from plans.diff import revisions as rv
    from plans.diff.api import load_side
    from plans.diff.compare import compare

    here = os.getcwd()
    os.chdir(root)
    try:
        t0 = time.perf_counter()
        b = rv.revision(str(root), "HEAD~1")
        h = rv.revision(str(root), "HEAD")
        t1 = time.perf_counter()
        brepo, hrepo = load_side(b), load_side(h)
        t2 = time.perf_counter()
        res = compare(brepo, hrepo, b.rel, h.rel, b.reused & h.reused)
        t3 = time.perf_counter()
        b.close()
        h.close()
    finally:
        os.chdir(here)
    return {"read": t1 - t0, "load": t2 - t1, "diff": t3 - t2, "changes": len(res.changes),
            "agencies": len(res.impact), "plans": len(hrepo.plans)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=2000)
    a = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, n in (("shipped repository", None), (f"generated, {a.plans} plans", a.plans)):
            root = make_repo(Path(tmp) / label.split(",")[0].replace(" ", "-"), n)
            cache = Path(tmp) / f"cache-{n}"
            os.environ["PLANS_CACHE_DIR"] = str(cache)
            cmd = [str(BIN / "plans"), "diff", "HEAD~1", "HEAD", "--format", "json"]
            here = os.getcwd()
            os.chdir(root)
            try:
                cold = measure(cmd)
                warm = measure(cmd, 3)
            finally:
                os.chdir(here)
            ip = in_process(root)  # cache warm
            rows.append((label, cold, warm, ip))
            del os.environ["PLANS_CACHE_DIR"]
    print(f"{'repository':<26} {'cmd cold s':>10} {'cmd warm s':>10} {'peak MB':>8} {'load 2 sides s':>14} "
          f"{'diff s':>8} {'changes':>7} {'agencies':>8}")
    for label, cold, warm, ip in rows:
        print(f"{label:<26} {cold['wall']:>10.2f} {warm['wall']:>10.2f} {warm['rss_kib'] / 1024:>8.0f} "
              f"{ip['read'] + ip['load']:>14.2f} {ip['diff']:>8.3f} {ip['changes']:>7} {ip['agencies']:>8}")
        for r in (cold, warm):
            if r["rc"] not in (0, 1):
                print(f"!! exit {r['rc']}: {r['err'].strip()}")


if __name__ == "__main__":
    main()
