"""Which targets an agency answers for: those whose indicator names the agency's type as
responsible, in plans of the agency's own jurisdiction (a city's police for the city's plans,
a ministry for the national plan)."""
from __future__ import annotations

from plans.kpi.attainment import responsible_for
from plans.loading.model import Agency, Group, Plan, Repository, Target


def targets_in_charge(repo: Repository, agency: Agency | Group) -> list[tuple[Plan, Target]]:
    if getattr(agency, "is_group", False):
        return []
    out = []
    for plan in repo.plans.values():
        if (plan.jurisdiction or plan.id.split("-")[0]) != agency.jurisdiction:
            continue
        for tg in plan.targets:
            ind = repo.indicators.get(tg.indicator or "")
            if ind and responsible_for(agency, ind):
                out.append((plan, tg))
    return out
