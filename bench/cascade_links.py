"""Precision and recall of `plans cascade link` against the hand-filled carries_out links.

For every shipped plan that has links, the links are taken out of the loaded model, the suggestions are
computed as `plans cascade link` computes them, and compared with the links a person filled in by reading
both texts. Run: .venv/bin/python bench/cascade_links.py [--cutoff 70] [PATHS…]
"""
from __future__ import annotations

import argparse
import sys
import time


def main(argv=None) -> int:
    from plans.cascade.links import linkable
    from plans.cascade.suggest import CUTOFF, precision_recall, suggest
    from plans.loading.loader import load_repository

    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", default=["plans", "kpi"])
    ap.add_argument("--cutoff", type=float, default=CUTOFF)
    args = ap.parse_args(argv)
    repo, _ = load_repository(args.paths)
    rows = 0
    for plan in sorted(repo.plans.values(), key=lambda p: p.id):
        truth = {(n.id, lk) for n in linkable(plan) for lk in n.carries_out}
        if not truth:
            continue
        for n in linkable(plan):
            n.carries_out = []
        t0 = time.perf_counter()
        got = {(s.local_id, s.link) for s in suggest(repo, plan.id, cutoff=args.cutoff) if not s.linked}
        secs = time.perf_counter() - t0
        p, r = precision_recall(got, truth)
        rows += 1
        print(f"{plan.id}: {len(truth)} hand links, {len(got)} suggested (cutoff {args.cutoff:g}), "
              f"{len(got & truth)} agree — precision {p:.3f}, recall {r:.3f} ({secs:.2f} s)")
        for lid, lk in sorted(got - truth):
            print(f"  suggested, not by hand: {lid} -> {lk}")
        for lid, lk in sorted(truth - got):
            print(f"  by hand, not suggested: {lid} -> {lk}")
    if not rows:
        print("no plan has carries_out links")
    return 0


if __name__ == "__main__":
    sys.exit(main())
