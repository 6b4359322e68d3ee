"""The shipped data: every plan that declares ``source.file``, checked against the seed text it was read from.

These are checks of the data, not of the tool. They read the repository's own ``plans/`` (or the copy
named by the environment variable ``PLANS_DATA_ROOT``), so they are the only tests that react when staff
edit the data — and then each failure says in words which item of which plan lost what.

Nothing may be dropped: every percentage and every dd/mm date of the seed is in the YAML, and the YAML has
at least as many numbered items, lettered items and "(… thực hiện)" assignments as the seed. The OCR seeds
lost their diacritics, so the seed side is compared without them. A plan without ``source.file`` has no
seed to be compared with and is not checked here. The facts tests check particular plans against their
paper and are skipped when that plan is not in the data.
"""
from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz

import plans
from plans.text import fold

ROOT = Path(__file__).resolve().parent.parent
DATA_ROOT = Path(os.environ.get("PLANS_DATA_ROOT") or ROOT).resolve()
PLANS_DIR = DATA_ROOT / "plans"
if not PLANS_DIR.is_dir():
    pytest.fail(f"PLANS_DATA_ROOT={DATA_ROOT}: there is no plans/ directory there to check", pytrace=False)

REPO = plans.load(str(PLANS_DIR))


def source_file(plan) -> str | None:
    source = plan.source if isinstance(plan.source, dict) else {}
    f = source.get("file")
    return f if isinstance(f, str) and f.strip() else None


SEEDED = sorted(pid for pid, p in REPO.plans.items() if source_file(p))


def rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(DATA_ROOT))
    except ValueError:
        return str(path)


# --- reading the seed and the YAML ------------------------------------------------------------------------

def strip(s: str) -> str:
    """Lower case without diacritics; keeps every line break, so line numbers stay those of the seed."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def norm(s: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", strip(s)).split())


def strings(x):
    if isinstance(x, dict):
        for v in x.values():
            yield from strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from strings(v)
    elif x is not None:
        yield str(x)


class Seed:
    """The seed text of a plan, and where in it a match was found."""

    def __init__(self, path: Path):
        self.path = path
        self.name = rel(path)
        self.text = path.read_text(encoding="utf-8")
        self.stripped = strip(self.text)
        self.lines = self.text.splitlines()

    def line_of(self, pos: int, text: str | None = None) -> int:
        return (self.text if text is None else text).count("\n", 0, pos) + 1

    def where(self, line: int, column: int | None = None, name: bool = True) -> str:
        """“line N of plans/sources/…txt: «…»”: the words of that line around ``column``."""
        context = self.lines[line - 1] if line <= len(self.lines) else ""
        if len(context) > 90:
            lo = max(0, min((column or 0) - 45, len(context) - 90))
            lo = context.rfind(" ", 0, lo) + 1 if lo else 0  # start at a word
            hi = context.find(" ", lo + 90)
            context = ("…" if lo else "") + context[lo:hi if hi > 0 else None] + ("…" if hi > 0 else "")
        return f"line {line}{f' of {self.name}:' if name else ''} «{' '.join(context.split())}»"

    def at(self, pos: int, text: str | None = None, name: bool = True) -> str:
        """Where the match at offset ``pos`` of ``text`` (the seed, or its stripped form) is."""
        text = self.text if text is None else text
        return self.where(self.line_of(pos, text), pos - (text.rfind("\n", 0, pos) + 1), name)

    def span(self, start: int, end: int) -> str:
        """“lines A–B of plans/sources/…txt: «…»”: the seed from offset ``start`` to ``end`` of its stripped
        form, with some words before it (stripping keeps one character per character of an NFC text)."""
        a, b = self.line_of(start, self.stripped), self.line_of(end, self.stripped)
        lines = f"line {a}" if a == b else f"lines {a}–{b}"
        text = self.text if len(self.text) == len(self.stripped) else self.stripped
        before = " ".join(text[max(0, start - 60):start].split()[1:][-6:])
        body = " ".join(text[start:end].split())
        if len(body) > 120:
            body = body[:60] + " … " + body[-50:]
        return f"{lines} of {self.name}: «…{before} {body}»"


@lru_cache(maxsize=None)
def load(plan_id):
    """The plan, its seed and all the strings of its YAML file; skips when the seed is missing."""
    plan = REPO.plans[plan_id]
    path = PLANS_DIR / source_file(plan)
    if not path.is_file():
        pytest.skip(f"{plan_id}: its seed {rel(path)} is missing (reported by test_every_source_file_exists)")
    data = yaml.safe_load(Path(plan.file).read_text(encoding="utf-8"))
    return plan, Seed(path), "\n".join(strings(data))


def lost(plan, what: str, items: list[str]) -> str:
    return f"{plan.id} ({rel(Path(plan.file))}) lost {what} of its seed:\n" + "\n".join(f"  - {i}" for i in items)


# --- every seed is transcribed ----------------------------------------------------------------------------

def test_every_seed_text_is_transcribed_by_a_plan():
    transcribed = {(PLANS_DIR / source_file(p)).resolve() for p in REPO.plans.values() if source_file(p)}
    seeds = sorted((PLANS_DIR / "sources").glob("*.txt"))
    orphans = [s for s in seeds if s.resolve() not in transcribed]
    assert not orphans, "\n".join(
        f"{rel(s)} is a seed text that no plan transcribes: no plan has “source: {{file: "
        f"{s.relative_to(PLANS_DIR)}}}”" for s in orphans)


@pytest.mark.parametrize("plan_id", SEEDED)
def test_every_source_file_exists(plan_id):
    plan = REPO.plans[plan_id]
    path = PLANS_DIR / source_file(plan)
    assert path.is_file(), (f"{plan_id} ({rel(Path(plan.file))}): its source.file “{source_file(plan)}” "
                            f"does not exist (looked for {rel(path)}; the path is relative to plans/)")


# --- nothing of the seed is dropped ------------------------------------------------------------------------

_PERCENT_SEED = re.compile(r"(\d+)\s*%(?!\s*th)")  # not "ngày 2% tháng" (a scanned day)
_PERCENT_YAML = re.compile(r"(\d+)\s*%")


@pytest.mark.parametrize("plan_id", SEEDED)
def test_every_percentage_is_kept(plan_id):
    plan, seed, ytext = load(plan_id)
    in_seed = {}
    for m in _PERCENT_SEED.finditer(seed.text):
        in_seed.setdefault(m.group(1), m.start())
    in_yaml = {m.group(1) for m in _PERCENT_YAML.finditer(ytext)}
    missing = [f"the seed's percentage {p}% ({seed.at(pos)}) is not in the YAML"
               for p, pos in in_seed.items() if p not in in_yaml]
    assert not missing, lost(plan, f"{len(missing)} percentage(s)", missing)


def day_months(text: str) -> dict:
    """Every day/month written in ``text`` (dd/mm, dd/mm/yyyy, yyyy-mm-dd, --mm-dd), with where it first is."""
    out = {}
    for m in re.finditer(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?:/(\d{4}))?(?!\d)", text):
        d, mo = int(m.group(1)), int(m.group(2))
        if 1 <= d <= 31 and 1 <= mo <= 12:
            out.setdefault((d, mo), m.start())
    for m in re.finditer(r"(?:\d{4}|-)-(\d{2})-(\d{2})", text):
        out.setdefault((int(m.group(2)), int(m.group(1))), m.start())
    return out


@pytest.mark.parametrize("plan_id", SEEDED)
def test_every_day_month_date_is_kept(plan_id):
    plan, seed, ytext = load(plan_id)
    in_yaml = day_months(ytext)
    missing = [f"the seed's date {d}/{mo} ({seed.at(pos)}) is not in the YAML"
               for (d, mo), pos in sorted(day_months(seed.text).items(), key=lambda kv: kv[1])
               if (d, mo) not in in_yaml]
    assert not missing, lost(plan, f"{len(missing)} date(s)", missing)


_CLOSE = re.compile(r"\bt\s*h\s*[a-z]{1,2}\s*[ce]\s+h\s*[a-z0-9]{1,3}\s*n\s*[.*,;]*\s*\)")  # "thực hiện)" as OCR spells it
_CONTEXT = 80  # characters of the task text before an assignment, to tell repeated assignments apart
_SIMILAR = 55


def unmatched(seed_items: list[str], yaml_items: list[str]) -> list[int]:
    """Indices of the seed items that an order-keeping alignment pairs with no similar YAML item.

    Only used to explain a failure: which assignment of the seed is probably the one lost."""
    n, m = len(seed_items), len(yaml_items)
    score = [[fuzz.ratio(a, b) for b in yaml_items] for a in seed_items]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1],
                             score[i][j] + best[i + 1][j + 1] if score[i][j] >= _SIMILAR else 0)
    i = j = 0
    out = []
    while i < n:
        if j < m and score[i][j] >= _SIMILAR and best[i][j] == score[i][j] + best[i + 1][j + 1]:
            i, j = i + 1, j + 1
        elif j < m and best[i][j] == best[i][j + 1]:
            j += 1
        else:
            out.append(i)
            i += 1
    return out


@pytest.mark.parametrize("plan_id", SEEDED)
def test_every_assignment_is_kept(plan_id):
    plan, seed, _ = load(plan_id)
    closes = list(_CLOSE.finditer(seed.stripped))
    tasks = [t for t in plan.tasks() if t.assignment and re.search(r"thuc hien\s*$", fold(t.assignment))]
    if len(tasks) >= len(closes):
        return
    s = seed.stripped
    seed_items, spans = [], []
    for m in closes:
        opening = s.rfind("(", 0, m.end() - 1)
        seed_items.append(norm(s[max(0, opening - 2 * _CONTEXT):opening])[-_CONTEXT:] + " | "
                          + norm(s[opening + 1:m.end() - 1]))
        spans.append((opening, m.end()))
    yaml_items = [norm(t.text)[-_CONTEXT:] + " | " + norm(t.assignment) for t in tasks]
    likely = [f"probably the assignment at {seed.span(*spans[i])}" for i in unmatched(seed_items, yaml_items)]
    pytest.fail(lost(plan, f"{len(closes) - len(tasks)} assignment(s)", [
        f"the seed closes {len(closes)} tasks with an assignment “(… thực hiện)”, but only {len(tasks)} tasks "
        f"of the YAML have an assignment ending in “thực hiện”", *likely]), pytrace=False)


_NUMBERED = re.compile(r"(?m)^\s*(\d{1,2})\.\s+(\S+ \S+)")
_LETTERED = re.compile(r"(?m)^\s*([a-h])\)\s")


@pytest.mark.parametrize("plan_id", SEEDED)
def test_every_numbered_and_lettered_item_is_kept(plan_id):
    plan, seed, _ = load(plan_id)
    numbered = [m for m in _NUMBERED.finditer(seed.text)
                if not m.group(2)[:1].isdigit() and not m.group(2).isupper()]
    lettered = list(_LETTERED.finditer(seed.stripped))
    ids = [o.id for o in plan.objectives] + [s.id for s in plan.all_sections()] + [t.id for t in plan.tasks()]
    yaml_numbered = {re.match(r"[IVX]+\.\d+", i).group(0) for i in ids if re.match(r"[IVX]+\.\d+", i)}
    yaml_numbered |= {i for i in ids if re.fullmatch(r"I(\.\d+)+", i)}
    yaml_lettered = [s.id for s in plan.all_sections() if re.search(r"\.[a-h]$", s.id)]
    problems = []
    if len(yaml_numbered) < len(numbered):
        problems.append(
            f"the seed has {len(numbered)} numbered items “1. …” but the YAML only {len(yaml_numbered)} numbered "
            f"sections ({', '.join(sorted(yaml_numbered)) or 'none'}); the seed's numbered items, in {seed.name}: "
            + "; ".join(seed.at(m.start(1), name=False) for m in numbered))
    if len(yaml_lettered) < len(lettered):
        problems.append(
            f"the seed has {len(lettered)} lettered items “a) …” but the YAML only {len(yaml_lettered)} lettered "
            f"sections ({', '.join(yaml_lettered) or 'none'}); the seed's lettered items, in {seed.name}: "
            + "; ".join(seed.at(m.start(1), seed.stripped, name=False) for m in lettered))
    assert not problems, lost(plan, "numbered or lettered items", problems)


# --- the data lints clean -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def linted():
    """``plans lint`` on the data (plans/ and kpi/): its exit code and JSON findings."""
    import json

    from typer.testing import CliRunner

    from plans.commands.app import app

    paths = [PLANS_DIR] + ([DATA_ROOT / "kpi"] if (DATA_ROOT / "kpi").is_dir() else [])
    res = CliRunner().invoke(app, ["lint", *map(str, paths), "--format", "json"])
    assert "Traceback" not in res.output and not (res.exception and not isinstance(res.exception, SystemExit)), \
        res.output
    return res.exit_code, json.loads(res.stdout)["findings"]


def test_data_lints_without_errors(linted):
    """Errors fail. Warnings (unverified readings, sample data, an assignment text that names another body
    after a staff edit) are for the reviewer: lint shows them, and they do not fail the build."""
    exit_code, findings = linted
    other = [f for f in findings if "suppressed" not in f and f["severity"] == "error"]
    assert exit_code == 0 and not other, "the data does not lint clean:\n" + "\n".join(
        f"  - {rel(Path(f['file']))}:{f['line']}:{f['column']}: {f['code']} {f['severity']}: {f['message']}"
        for f in other)


# --- facts of particular plans, checked against their paper -------------------------------------------------

def plan_or_skip(plan_id):
    if plan_id not in REPO.plans:
        pytest.skip(f"plan {plan_id} is not in {rel(PLANS_DIR)}")
    return REPO.plans[plan_id]


def expect(plan, what, found, wanted):
    assert found == wanted, f"{plan.id} ({rel(Path(plan.file))}): {what} is {found!r}, the paper says {wanted!r}"


def test_national_plan_facts():
    p = plan_or_skip("vn-2025-53-kh-bcd")
    expect(p, "the number", p.number, "53/KH-BCĐ")
    expect(p, "the date", str(p.date), "2025-02-05")
    expect(p, "the issuer", p.issuer, "vn.bcd-138-cp")
    targets = {x.indicator: x for x in p.targets}
    for indicator, attr, wanted in (("investigation.detection-rate", "comparator", ">"),
                                    ("investigation.detection-rate", "threshold", 75),
                                    ("hotspot.transformation-rate", "comparator", ">="),
                                    ("hotspot.transformation-rate", "threshold", 60),
                                    ("crime.social-order.change", "comparator", ">="),
                                    ("crime.social-order.change", "direction", "decrease")):
        assert indicator in targets, f"{p.id}: no target measures {indicator} (the paper sets one)"
        expect(p, f"the {attr} of the target on {indicator}", getattr(targets[indicator], attr), wanted)
    expect(p, "the signer", (p.signer or {}).get("name"), "Lương Tam Quang")
    expect(p, "the signer's authority", (p.signer or {}).get("authority"), "KT.")


def test_national_plan_keeps_its_stale_campaign_date_flagged(linted):
    """The paper repeats last year's campaign window (2024): lint catches it (R005), silenced with a reason."""
    p = plan_or_skip("vn-2025-53-kh-bcd")
    stale = [f for f in linted[1] if f["code"] == "R005" and Path(f["file"]).resolve() == Path(p.file).resolve()]
    assert stale, f"{p.id} ({rel(Path(p.file))}): the stale 2024 campaign date of the paper is no longer flagged (R005)"
    unexplained = [f for f in stale if "2024" not in f.get("suppressed", "")]
    assert not unexplained, (f"{p.id} ({rel(Path(p.file))}): R005 at line(s) "
                             f"{', '.join(str(f['line']) for f in unexplained)} is not silenced with a reason that "
                             f"names 2024")


@pytest.mark.parametrize("plan_id, wanted", [
    ("hp-2025-kh-bcd799-pctp-mbn", {"plan": ["vn-2025-53-kh-bcd"]}),
    ("hn-2024-133-kh-ubnd", {"ref": ["19/KH-BCĐ", "193/QĐ-TTg"]}),
    ("hp-2026-kh-bcd799-pttd-pctp", {"ref": ["9557"]}),
])
def test_cascade_is_linked(plan_id, wanted):
    """Each plan names the higher plan it implements: one in the repository (plan) or a document (ref)."""
    p = plan_or_skip(plan_id)
    in_repo = [i.plan for i in p.implements if i.plan]
    refs = [i.ref.number for i in p.implements if i.ref]
    for plan in wanted.get("plan", []):
        assert plan in in_repo, f"{p.id} ({rel(Path(p.file))}): implements should name plan {plan}; it names {in_repo}"
    for number in wanted.get("ref", []):
        assert any(number in n for n in refs), (
            f"{p.id} ({rel(Path(p.file))}): implements should name document {number}; it names {refs}")


def test_2025_reorganisation_is_recorded():
    hn = plan_or_skip("hn-2024-133-kh-ubnd")
    labour_id = "hn.so-lao-dong-thuong-binh-va-xa-hoi"
    assert labour_id in REPO.agencies, f"{hn.id} assigns work to {labour_id}, which is no longer in the registry"
    labour = REPO.agencies[labour_id]
    assert str(labour.valid_to) == "2025-02-28", f"{labour_id}: valid_to is {labour.valid_to}, it ceased on 2025-02-28"
    assert "hn.so-noi-vu" in (labour.successor or []), (
        f"{labour_id}: its successor should include hn.so-noi-vu; it is {labour.successor}")
    assert any(g.valid_to and str(g.valid_to) == "2025-06-30" for g in REPO.groups.values() if g.id.startswith("hn.")), \
        "no Hà Nội group ends on 2025-06-30 (the district level was abolished on 01/7/2025)"


@pytest.mark.parametrize("plan_id, lo, hi", [
    ("hp-2025-kh-bcd799-pctp-mbn", "2025-02-20", "2025-02-28"),
    ("hp-2026-kh-bcd799-pttd-pctp", "2026-02-01", "2026-02-09"),
    ("hue-2026-kh-ubnd-pctp", "2026-02-11", "2026-03-19"),
])
def test_illegible_days_are_ranges_not_guesses(plan_id, lo, hi):
    p = plan_or_skip(plan_id)
    assert p.date is None, f"{p.id}: the day is illegible on the scan, but the YAML gives the date {p.date}"
    expect(p, "the date range", (str(p.date_from), str(p.date_to)), (lo, hi))
    assert any(u.field_ == "date" for u in p.unverified), f"{p.id}: the illegible date is not listed as unverified"


# --- the audit's inferences (issue 11, items 11, 13–15) --------------------------------------------------

@pytest.mark.parametrize("plan_id, fields", [
    # III.1 prints neither a period nor a recipient; III.3 prints its recipients but no period
    ("vn-2025-53-kh-bcd", ["reporting[0].period", "reporting[0].recipient", "reporting[1].period",
                           "reporting[2].period"]),
    # III.2: the city police "tổng hợp, tham mưu báo cáo Bộ Công an và UBND thành phố theo quy định", no period
    ("hue-2026-kh-ubnd-pctp", ["reporting[3].period", "reporting[4].period", "reporting[5].period",
                               "reporting[6].period"]),
])
def test_inferred_reporting_values_are_marked(plan_id, fields):
    p = plan_or_skip(plan_id)
    marked = {f.strip() for u in p.unverified for f in u.field_.split(";")}
    missing = [f for f in fields if f not in marked]
    assert not missing, (f"{p.id} ({rel(Path(p.file))}): {', '.join(missing)} is not printed in the plan (it is "
                         f"inferred) but is not listed under unverified")


def test_every_legible_digit_of_a_number_is_kept():
    p = plan_or_skip("hp-2025-kh-bcd799-pctp-mbn")
    assert p.number.startswith("2"), (f"{p.id} ({rel(Path(p.file))}): the scan shows the number's first digit, 2 "
                                      f"(“sé: 2}} /KH-BCPH”); the YAML has {p.number!r}")


def _subject_names(plan, agency_id: str) -> list[str]:
    ent = REPO.entity(agency_id)
    if ent is None:
        return []
    names = [fold(n) for n in ent.names()]
    # the short form a plan uses for its own city's bodies: "Công an thành phố" for "Công an thành phố Hải Phòng"
    place = fold(REPO.jurisdiction_names.get(plan.jurisdiction or "", "")).replace("thanh pho ", "").strip()
    return names + [n.replace(" " + place, "").strip() for n in names if place and place in n]


@pytest.mark.parametrize("plan_id", sorted(REPO.plans))
def test_tham_muu_is_the_advisor_role(plan_id):
    """A task whose subject (a lead named at the start of its text) is to "tham mưu" has that body as advisor
    too, as in Hà Nội's and Huế's "Công an thành phố tham mưu"."""
    p = REPO.plans[plan_id]
    wrong = []
    for task in p.tasks():
        text = fold(task.text or "")
        if "tham muu" not in text:
            continue
        head = text[:90]
        for lead in task.lead:
            if lead not in task.advisor and any(n and n in head for n in _subject_names(p, lead)):
                wrong.append(f"{task.id} ({lead})")
    assert not wrong, (f"{p.id} ({rel(Path(p.file))}): the text of {', '.join(wrong)} says its lead is to "
                       f"“tham mưu”, but the lead is not also recorded as advisor")


def test_a_target_for_a_longer_period_carries_it():
    p = plan_or_skip("hue-2026-kh-ubnd-pctp")
    t1 = next((t for t in p.targets if "2025 - 2030" in t.text), None)
    assert t1 is not None, f"{p.id}: no target reads “giai đoạn 2025 - 2030”"
    assert (t1.period_start, t1.period_end) and t1.period_end and t1.period_end.year == 2030, (
        f"{p.id} ({rel(Path(p.file))}): target {t1.id} is a 2025–2030 goal but has no period of its own "
        f"({t1.period_start}–{t1.period_end})")
