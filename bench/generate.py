"""Generate a national-scale repository shaped like the seeds.

Every shipped plan is copied N times under new ids (as if each province and each
year kept its own version), with the agency registries alongside, so that lint
sees the same cross-references, groups and text it sees on the real data.

    python bench/generate.py --plans 2000 --out bench/out/repo
"""
from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate(n_plans: int, out: Path) -> list[Path]:
    if out.exists():
        shutil.rmtree(out)
    (out / "agencies").mkdir(parents=True)
    for f in (ROOT / "plans" / "agencies").glob("*.yaml"):
        shutil.copy(f, out / "agencies" / f.name)
    sources = out / "sources"
    shutil.copytree(ROOT / "plans" / "sources", sources)
    templates = sorted(p for p in (ROOT / "plans").glob("*/*.yaml") if p.parent.name != "agencies")
    texts = [t.read_text(encoding="utf-8") for t in templates]
    ids = [re.search(r"(?m)^id: (\S+)", t).group(1) for t in texts]
    written = []
    for i in range(n_plans):
        k = i % len(texts)
        copy = i // len(texts)
        suffix = f"-g{copy:05d}"
        text = texts[k]
        for pid in ids:  # keep the cascade inside each generated copy
            text = re.sub(rf"(?m)^(id|  - plan|- plan): {re.escape(pid)}$", rf"\1: {pid}{suffix}", text)
        d = out / f"g{copy // 100:03d}"
        d.mkdir(exist_ok=True)
        path = d / f"{ids[k]}{suffix}.yaml"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=2000)
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "repo"))
    a = ap.parse_args()
    files = generate(a.plans, Path(a.out))
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} plan files, {size / 1e6:.1f} MB, in {a.out}")


if __name__ == "__main__":
    main()
