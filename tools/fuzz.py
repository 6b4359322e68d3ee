"""The long fuzz run: mutated repositories through lint and every command, counting inputs and crashes.

    make fuzz                           # 100,000 inputs (FUZZ_INPUTS), both cores
    .venv/bin/python tools/fuzz.py --inputs 2000 --seed 7 --jobs 1

Every input runs ``plans lint``; one in ``--commands-every`` also runs status, tasks, show, kpi, agencies,
plans, render (Markdown, DOCX, report), report new and lint --fix, checking that nothing is written
outside each command's target. Prints the count of inputs and crashes, and one example per distinct crash
signature (exit 1 when there is any).
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def worker(args):
    seed, inputs, commands_every, progress = args
    os.environ.setdefault("PLANS_CACHE_DIR", tempfile.mkdtemp(prefix="plans-fuzz-cache-"))
    from typer.testing import CliRunner

    from fuzzing import COMMANDS, LINT, Draw, FuzzRepo, Outcome, run_one
    from plans.commands.app import app

    rng = random.Random(seed)
    repo = FuzzRepo(Path(tempfile.mkdtemp(prefix="plans-fuzz-")))
    runner, outcome = CliRunner(), Outcome()
    for i in range(inputs):
        d = Draw(rng)
        f, raw = repo.mutate(d)
        cmds = LINT + (COMMANDS if commands_every and i % commands_every == 0 else [])
        before = len(outcome.crashes)
        try:
            run_one(repo, runner, app, cmds, outcome, f)
        except Exception as e:  # the harness itself must not stop the run
            outcome.crashes.append((f"harness {type(e).__name__}: {e}", "-", f))
        if len(outcome.crashes) > before:
            keep = repo.root.parent / "crashes"
            keep.mkdir(exist_ok=True)
            (keep / f"{seed}-{i}-{Path(f).name}").write_bytes(raw)
            outcome.crashes[-1] = outcome.crashes[-1][:2] + (str(keep / f"{seed}-{i}-{Path(f).name}"),)
        repo.restore()
        outcome.inputs += 1
        if progress and outcome.inputs % 1000 == 0:
            print(f"  worker {seed}: {outcome.inputs}/{inputs} inputs, {len(outcome.crashes)} crashes",
                  file=sys.stderr, flush=True)
    return outcome.inputs, outcome.crashes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--commands-every", type=int, default=20)
    ap.add_argument("--progress", action="store_true", help="a line on stderr every 1,000 inputs per worker")
    a = ap.parse_args()
    t0 = time.time()
    per = [a.inputs // a.jobs + (1 if i < a.inputs % a.jobs else 0) for i in range(a.jobs)]
    jobs = [(a.seed * 1000 + i, n, a.commands_every, a.progress) for i, n in enumerate(per)]
    if a.jobs == 1:
        results = [worker(jobs[0])]
    else:
        from multiprocessing import Pool

        with Pool(a.jobs) as pool:
            results = pool.map(worker, jobs)
    inputs = sum(r[0] for r in results)
    crashes = [c for r in results for c in r[1]]
    sigs: dict = {}
    for sig, cmd, where in crashes:
        sigs.setdefault((sig, cmd), []).append(where)
    took = time.time() - t0
    print(f"fuzz: seed {a.seed}, {inputs} inputs, {len(crashes)} crashes, {len(sigs)} distinct, "
          f"{took:.0f} s ({inputs / took:.0f} inputs/s)")
    for (sig, cmd), wheres in sorted(sigs.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(wheres):6d}  {cmd:<8} {sig}   e.g. {wheres[0]}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
