"""Generate a national-scale repository shaped like the seeds.

Every shipped plan is copied N times under new ids (as if each province and each
year kept its own version), with the agency registries alongside, so that lint
sees the same cross-references, groups and text it sees on the real data. The copies of
the three cities' plans are spread over 33 provinces (``SLOTS``), each with its own registry, so that
one body's work grows with its own province's plans, not with the country's.

With ``--reports`` (default: 100 per plan) it also writes periodic reports shaped like the
shipped samples (``kpi/reports/<plan>/<period>/<agency>.yaml``, schema/report.schema.json): per
plan, period (monthly, quarterly, 6-monthly, 9-monthly, yearly) and reporting body, with figures
that add up (a numerator never above its denominator) for the targets the body answers for and the
progress of the tasks assigned to it. The reporters include the communes: the registries of the
generated provinces get their communes after 01/7/2025 (as many as Hải Phòng's 114, Hà Nội's 126
and Huế's 40: 3,080 in 33 provinces, of the country's 3,321), members of the group "UBND các xã, phường(, đặc khu)".

    python bench/generate.py --plans 2000 --out bench/out/repo            # 200,000 reports
    python bench/generate.py --plans 500 --reports 0 --out bench/out/repo  # plans only
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# The provinces: the plans of the three seeded cities are copied into SLOTS provinces each (3 × 11 = 33,
# with the national registry 34): copy c of a city's plan goes to slot c % SLOTS; slot 0 is the city itself,
# slot s another province "hp07" with its own registry (ids hp07.…, names "… Hải Phòng 07").
SLOTS = 11
PLACES = {"hp": "Hải Phòng", "hn": "Hà Nội", "hue": "Huế"}


def _province(text: str, jur: str, slot: int) -> str:
    """``text`` (a plan or a registry) moved to province slot ``slot`` of ``jur``."""
    if slot == 0 or jur not in PLACES:
        return text
    new = f"{jur}{slot:02d}"
    text = re.sub(rf"(?<![\w.-]){jur}\.(?=[a-z0-9])", f"{new}.", text)
    return re.sub(rf"(?m)^jurisdiction: {jur}$", f"jurisdiction: {new}", text)


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
    jurs = [re.search(r"(?m)^jurisdiction: (\S+)", t).group(1) for t in texts]
    written = []
    slots_used = set()
    for i in range(n_plans):
        k = i % len(texts)
        copy = i // len(texts)
        suffix = f"-g{copy:05d}"
        text = texts[k]
        for pid in ids:  # keep the cascade inside each generated copy, links to the parent's tasks too
            text = re.sub(rf"(?m)^(id|  - plan|- plan): {re.escape(pid)}$", rf"\1: {pid}{suffix}", text)
            text = re.sub(rf"(?<![\w-]){re.escape(pid)}:", f"{pid}{suffix}:", text)
        slot = copy % SLOTS
        if jurs[k] in PLACES and slot:
            text = _province(text, jurs[k], slot)
            slots_used.add((jurs[k], slot))
        d = out / f"g{copy // 100:03d}"
        if not d.exists():  # source.file is read beside the plan (no plans/ above it here)
            d.mkdir()
            shutil.copytree(ROOT / "plans" / "sources", d / "sources")
        path = d / f"{ids[k]}{suffix}.yaml"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for jur, slot in sorted(slots_used):  # the registries of the other provinces
        text = _province((ROOT / "plans" / "agencies" / f"{jur}.yaml").read_text(encoding="utf-8"), jur, slot)
        text = text.replace(PLACES[jur], f"{PLACES[jur]} {slot:02d}")
        (out / "agencies" / f"{jur}{slot:02d}.yaml").write_text(text, encoding="utf-8")
    return written


# Communes (xã, phường, đặc khu) from 01/7/2025, by province: 3,321 in the country's 34 provinces.
COMMUNES = {"hp": 114, "hn": 126, "hue": 40}
COMMUNES_NATIONAL = 3321
COMMUNE_GROUPS = ("{jur}.ubnd-cac-xa-phuong-dac-khu", "{jur}.ubnd-cac-xa-phuong")  # as each registry names it
PER_PLAN = 100  # reports per plan by default


def add_communes(out: Path) -> int:
    """Append the communes of each generated province to its registry copy; returns how many."""
    import yaml

    n = 0
    for f in sorted((out / "agencies").glob("*.yaml")):
        jur = f.stem
        count = COMMUNES.get(jur.rstrip("0123456789"))
        if count is None:
            continue
        doc = yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        have = {g.get("id") for g in doc.get("groups") or []}
        group = next((g.format(jur=jur) for g in COMMUNE_GROUPS if g.format(jur=jur) in have), None)
        if group is None:
            continue
        for i in range(1, count + 1):
            doc["agencies"].append({
                "id": f"{jur}.xa-{i:03d}", "name": f"Ủy ban nhân dân xã số {i} ({doc.get('name', jur)})",
                "level": "commune", "type": "people-committee", "groups": [group],
                "valid_from": "2025-07-01"})
            n += 1
        f.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    return n


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _periods(plan) -> list:
    from plans.queries import periods

    if not plan.period_start or not plan.period_end:
        return []
    out = []
    for year in range(plan.period_start.year, min(plan.period_end.year, plan.period_start.year + 1) + 1):
        codes = [f"{year}-M{m:02d}" for m in range(1, 13)] + [f"{year}-Q{q}" for q in range(1, 5)]
        codes += [f"{year}-H1", f"{year}-H2", f"{year}-9M", str(year)]
        for c in codes:
            p = periods.parse(c)
            if plan.period_start <= p.start and p.end <= plan.period_end:
                out.append(p)
    return out


def generate_reports(out: Path, total: int, seed: int = 17) -> list[Path]:
    """``total`` reports spread evenly over the plans under ``out`` (see the module's text)."""
    import random
    import sys

    sys.path.insert(0, str(ROOT / "cli"))
    from plans.kpi.attainment import responsible_for
    from plans.loading.loader import load_repository

    repo, _ = load_repository([str(out)])
    plans = sorted(repo.plans.values(), key=lambda p: p.id)
    if not plans or total <= 0:
        return []
    rng = random.Random(seed)
    per, extra = divmod(total, len(plans))
    written = []
    reports = out / "kpi" / "reports"
    for n, plan in enumerate(plans):
        want = per + (1 if n < extra else 0)
        jur = plan.jurisdiction or plan.id.split("-")[0]
        ps = _periods(plan)
        bodies = [a for a in repo.agencies.values() if a.jurisdiction == jur
                  and not (a.valid_from and plan.period_end and a.valid_from > plan.period_end)
                  and not (a.valid_to and plan.period_start and a.valid_to < plan.period_start)]
        if not ps or not bodies:
            continue
        pairs = [(p, a) for p in ps for a in bodies]
        rng.shuffle(pairs)
        tasks = list(plan.tasks())
        for period, body in pairs[:want]:
            reach = {body.id, *body.groups}
            lines = ["kind: Report", "schema_version: 1", f"plan: {plan.id}", f"period: {_q(period.code)}",
                     f"agency: {body.id}",
                     f"date: '{period.end + dt.timedelta(days=rng.randint(1, 20))}'",
                     f"number: {_q(f'{rng.randint(1, 999)}/BC-{body.id.split(chr(46))[-1][:12].upper()}')}"]
            figures = []
            for tg in plan.targets:
                ind = repo.indicators.get(tg.indicator or "")
                if ind is None or not responsible_for(body, ind):
                    continue
                values, baseline = {}, {}
                if ind.kind in ("ratio", "share"):
                    den = rng.randint(20, 2000)
                    values = {ind.denominator: den, ind.numerator: rng.randint(int(den * 0.6), den)}
                elif ind.kind == "change":
                    base = rng.randint(50, 1500)
                    values, baseline = {ind.value: rng.randint(int(base * 0.7), base)}, {ind.value: base}
                else:
                    values = {ind.value: rng.randint(0, 3)}
                figures.append((ind.id, values, baseline))
            if figures:
                lines.append("figures:")
                for iid, values, baseline in figures:
                    lines.append(f"  - indicator: {iid}")
                    lines.append("    values:")
                    lines.extend(f"      {k}: {v}" for k, v in values.items())
                    if baseline:
                        lines.append("    baseline:")
                        lines.extend(f"      {k}: {v}" for k, v in baseline.items())
            mine = [t for t in tasks if any(ref in reach for _, ref, _ in t.roles())][:12]
            if mine:
                lines.append("tasks:")
                for t in mine:
                    status = rng.choice(("done", "in-progress", "in-progress", "not-started"))
                    lines.append(f"  - task: {_q(t.id)}")
                    lines.append(f"    status: {status}")
                    if status == "done":
                        lines.append(f"    done_on: '{period.start + dt.timedelta(days=rng.randint(0, (period.end - period.start).days))}'")
                        lines.append(f"    evidence: {_q(f'Văn bản số {rng.randint(1, 500)}/BC')}")
            lines.append("notes:")
            lines.append(f"  results: {_q('Tổ chức triển khai kế hoạch ' + plan.number + ' trong kỳ ' + period.label())}")
            d = reports / plan.id / period.code
            d.mkdir(parents=True, exist_ok=True)
            f = d / f"{body.id}.yaml"
            f.write_text("\n".join(lines) + "\n", encoding="utf-8")
            written.append(f)
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=2000)
    ap.add_argument("--reports", type=int, default=None, help=f"reports to write (default {PER_PLAN} per plan)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "repo"))
    a = ap.parse_args()
    files = generate(a.plans, Path(a.out))
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} plan files, {size / 1e6:.1f} MB, in {a.out}")
    communes = add_communes(Path(a.out))
    shutil.copytree(ROOT / "kpi", Path(a.out) / "kpi", ignore=shutil.ignore_patterns("reports"))
    reports = generate_reports(Path(a.out), PER_PLAN * a.plans if a.reports is None else a.reports)
    size = sum(f.stat().st_size for f in reports)
    print(f"{communes} communes in the registries (of {COMMUNES_NATIONAL} nationally); "
          f"{len(reports)} reports, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
