"""Target attainment: per target of a plan, for a period, from the agencies' reports.

Figures are summed over reporters component by component, then the indicator is computed once:
a ratio is the ratio of the sums, never the mean of the ratios. Arithmetic is exact
(fractions), so "trên 90%" at exactly 90% is not met and "từ 60% trở lên" at 60% is.
No formula is evaluated from data: each indicator kind has its own code path.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from plans.loading.model import Indicator, Plan, Repository, Target
from plans.loading.view import as_view
from plans.queries import periods

MET, NOT_MET, INSUFFICIENT, NOT_DUE = "met", "not-met", "insufficient", "not-due"


@dataclass
class Attainment:
    plan: Plan
    target: Target
    period: periods.Period
    indicator: Indicator | None
    status: str
    value: Fraction | None = None
    baseline_value: Fraction | None = None  # the indicator over the baseline period, where reported
    margin: Fraction | None = None
    components: dict = field(default_factory=dict)
    baseline: dict = field(default_factory=dict)
    reporters: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # codes of what made the status insufficient
    sample: bool = False


def expected_reporters(repo: Repository, plan: Plan, indicator: Indicator) -> list[str]:
    """Agencies of the plan's jurisdiction whose type the indicator names as responsible and that
    existed during the plan's period."""
    jur = plan.jurisdiction or plan.id.split("-")[0]
    out = []
    for a in repo.agencies.values():
        if a.jurisdiction != jur or not responsible_for(a, indicator):
            continue
        if plan.period_end and a.valid_from and a.valid_from > plan.period_end:
            continue
        if plan.period_start and a.valid_to and a.valid_to < plan.period_start:
            continue
        out.append(a.id)
    return sorted(out)


def owed_reports(repo: Repository, plan: Plan, period, targets) -> set[str]:
    """The bodies that owe ``plan`` a report for ``period``: those named to lead or carry out a task
    (groups are too wide to name), the reporters of its reporting duties of this period's kind, and
    those whose figures the targets' indicators expect (``targets``: :func:`attainment`'s rows); each
    only if it existed at the period's end. The periodic report's missing list and the import's
    "not yet reported" list both read this, so they cannot disagree."""
    def exists(a):
        return repo.agencies.get(a) is not None and repo.agencies[a].existed_on(period.end)

    owed = set()
    for sec in plan.all_sections():
        for task in sec.tasks:
            owed.update(a for a in (*task.lead, *task.executor) if exists(a))
    for duty in plan.reporting:
        if duty.period != period.kind:
            continue
        for ref in duty.reporters:
            ent = repo.entity(ref)
            if ent is not None:
                owed.update(a for a in (repo.group_members(ref) if ent.is_group else {ref}) if exists(a))
    for a in targets:
        if a.indicator:
            owed.update(x for x in expected_reporters(repo, plan, a.indicator) if exists(x))
    return owed


def responsible_for(agency, indicator: Indicator) -> bool:
    """``responsible`` names agency types (police, procuracy, court…) or agency ids (vn.bo-cong-an)."""
    return agency.type in indicator.responsible or agency.id in indicator.responsible


def compare(value: Fraction, comparator: str, threshold: Fraction) -> bool:
    return {">": value > threshold, ">=": value >= threshold, "<": value < threshold,
            "<=": value <= threshold, "==": value == threshold}[comparator]


def margin(value: Fraction, comparator: str, threshold: Fraction) -> Fraction:
    """Positive when on the right side of the threshold."""
    return threshold - value if comparator in ("<", "<=") else value - threshold


def compute(indicator: Indicator, values: dict, baseline: dict) -> tuple[Fraction | None, list[str]]:
    """The indicator's value from summed component figures; (None, [problem codes]) when it cannot be."""
    def get(d, cid):
        v = d.get(cid)
        return None if v is None else Fraction(str(v))

    if indicator.kind in ("ratio", "share"):
        num, den = get(values, indicator.numerator), get(values, indicator.denominator)
        if num is None or den is None:
            return None, ["missing-component"]
        if den == 0:
            return None, ["zero-denominator"]
        if num > den:
            return None, ["inconsistent"]
        return num / den * 100, []
    if indicator.kind == "change":
        cur, base = get(values, indicator.value), get(baseline, indicator.value)
        if cur is None:
            return None, ["missing-component"]
        if base is None:
            return None, ["missing-baseline"]
        if base == 0:
            return None, ["zero-baseline"]
        change = (base - cur) / base * 100 if indicator.direction == "decrease" else (cur - base) / base * 100
        return change, []
    if indicator.kind == "count":
        cur = get(values, indicator.value)
        return (None, ["missing-component"]) if cur is None else (cur, [])
    return None, ["unknown-kind"]  # pragma: no cover - the schema allows only the kinds above


def attainment(view, plan: Plan, period: periods.Period, agency: str | None = None,
               as_of=None) -> list[Attainment]:
    """One row per target of ``plan`` for ``period``, from the reports received by the view's day
    (a :class:`~plans.loading.view.View`, or a repository and ``as_of``, today by default). With
    ``agency``, only that reporter's figures (the agency's own contribution; the missing list then
    concerns it alone)."""
    view = as_view(view, as_of)
    repo = view.repo
    reports = view.reports_for(plan.id, period.code, agency)
    out = []
    covered = plan_covers(plan, period)
    for tg in plan.targets:
        ind = repo.indicators.get(tg.indicator or "")
        row = Attainment(plan, tg, period, ind, INSUFFICIENT)
        if not covered:
            row.problems.append("period-not-covered")
            out.append(row)
            continue
        if ind is None:
            row.problems.append("unknown-indicator")
            out.append(row)
            continue
        sums: dict[str, Fraction] = {}
        base: dict[str, Fraction] = {}
        for r in reports:
            for f in r.figures:
                if f.indicator != ind.id:
                    continue
                row.reporters.append(r.agency)
                row.sample = row.sample or r.sample
                for k, v in f.values.items():
                    if v is not None:  # null: not filled in yet
                        sums[k] = sums.get(k, Fraction(0)) + Fraction(str(v))
                for k, v in f.baseline.items():
                    if v is not None:
                        base[k] = base.get(k, Fraction(0)) + Fraction(str(v))
                # a reporter whose own figures do not add up spoils the sum: say so
                if ind.kind in ("ratio", "share") and _gt(f.values, ind.numerator, ind.denominator):
                    row.problems.append("inconsistent")
        row.reporters = sorted(set(row.reporters))
        expected = [agency] if agency else expected_reporters(repo, plan, ind)
        row.missing = [a for a in expected if a not in row.reporters]
        row.components, row.baseline = sums, base
        if not row.reporters:
            row.problems.append("no-figures")
            out.append(row)
            continue
        value, problems = compute(ind, sums, base)
        row.problems.extend(p for p in problems if p not in row.problems)
        row.value = value
        if ind.kind != "change" and base:
            row.baseline_value, _ = compute(ind, base, {})
        if row.missing:
            row.problems.append("missing-reporters")
        threshold = Fraction(str(tg.threshold))
        if value is not None:
            row.margin = margin(value, tg.comparator, threshold)
        if value is not None and not row.problems:
            row.status = MET if compare(value, tg.comparator, threshold) else NOT_MET
            if tg.period_end and period.end < tg.period_end:
                # a goal for a longer period ("giai đoạn 2025 - 2030"): judged when that period ends
                row.status = NOT_DUE
        out.append(row)
    if covered and not view.period_closed(period):  # figures of a period still running: provisional
        for row in out:
            row.problems.append("provisional")
    return out


def _gt(values: dict, a: str | None, b: str | None) -> bool:
    if a is None or b is None or values.get(a) is None or values.get(b) is None:
        return False
    return Fraction(str(values[a])) > Fraction(str(values[b]))


def plan_covers(plan: Plan, period: periods.Period) -> bool:
    if not plan.period_start or not plan.period_end:
        return True
    return plan.period_start <= period.start and period.end <= plan.period_end


def report_periods(view, plan: Plan, as_of=None) -> list[periods.Period]:
    """Every period some report for ``plan`` received by the view's day covers, in time order (for
    --trend)."""
    seen = {}
    for r in as_view(view, as_of).reports:
        if r.plan == plan.id:
            try:
                p = periods.parse(r.period)
            except ValueError:
                continue
            seen[p.code] = p
    return sorted(seen.values(), key=lambda p: (p.end, p.start))

