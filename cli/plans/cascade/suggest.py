"""Suggested ``carries_out`` links: each local task, objective and target against the parent's items of
the same kind, by text similarity (diacritic-folded, rapidfuzz) and, for tasks, by the agencies involved.

Scores are 0–100: text = mean of rapidfuzz's token-set and token-sort ratios on the folded texts, with
the words that differ only by level ("sở"/"bộ", "thành phố"/"Trung ương") made alike; agencies = how well
the parent's assigned bodies are matched by the local ones or their counterparts above (a city police's
parent ministry, the national groups a body belongs to, or a similar name). A task's score is
0.75 × text + 0.25 × agencies; a target on the same indicator as the parent's scores 100.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from plans.cascade.links import find_item, kind_of, linkable, links_to, make_link, parents
from plans.loading.model import Plan, Repository, Target, Task
from plans.text import fold

CUTOFF = 70.0     # below this no link is suggested
TEXT_WEIGHT = 0.75

# words of a local plan that stand for a word of the national one
_LEVEL = [(r"\bso\b", "bo"), (r"\bthanh pho\b", "trung uong"), (r"\b799\b", "138"), (r"\btp\b", "trung uong"),
          (r"\b138 cp\b", "138"), (r"\bcong an thanh pho\b", "bo cong an"), (r"\bcong an tinh\b", "bo cong an")]


@dataclass
class Suggestion:
    local_id: str
    kind: str
    parent_plan: str
    parent_id: str
    score: float
    text_score: float
    agency_score: float | None
    linked: bool          # the local item already carries this link
    local_text: str = ""
    parent_text: str = ""

    @property
    def link(self) -> str:
        return make_link(self.parent_plan, self.parent_id)


@lru_cache(maxsize=8192)
def _norm(s: str) -> str:
    s = fold(s or "")
    for pat, rep in _LEVEL:
        s = re.sub(pat, rep, s)
    return s


def text_score(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return 0.0
    return (fuzz.token_set_ratio(na, nb) + fuzz.token_sort_ratio(na, nb)) / 2


def _names(repo: Repository, ref: str, up: bool) -> frozenset[str]:
    cache = repo.__dict__.setdefault("_cascade_names", {})  # per loaded repository: registries do not change
    key = (ref, up)
    if key not in cache:
        cache[key] = frozenset(_names_uncached(repo, ref, up))
    return cache[key]


def _names_uncached(repo: Repository, ref: str, up: bool) -> set[str]:
    ent = repo.entity(ref)
    if ent is None:
        return {_norm(ref)}
    out = {_norm(n) for n in ent.names()}
    if up:  # the counterparts above: parent body, national groups
        parent = getattr(ent, "parent", None)
        if parent and repo.entity(parent):
            out |= {_norm(n) for n in repo.entity(parent).names()}
        if not ent.is_group:
            for g in repo.groups_of(ref):
                if repo.groups[g].jurisdiction != ent.jurisdiction:
                    out |= {_norm(n) for n in repo.groups[g].names()}
    return out


def agency_score(repo: Repository, local: Task, parent: Task) -> float | None:
    from rapidfuzz import fuzz

    mine = set().union(*[_names(repo, r, True) for _, r, _ in local.roles()])
    theirs = [_names(repo, r, False) for _, r, _ in parent.roles()]
    if not mine or not theirs:
        return None
    total = 0.0
    for names in theirs:
        total += max(fuzz.token_sort_ratio(a, b) for a in mine for b in names)
    return total / len(theirs)


def score(repo: Repository, local, parent) -> tuple[float, float, float | None]:
    if isinstance(local, Target) and isinstance(parent, Target) and local.indicator and \
            local.indicator == parent.indicator:
        return 100.0, text_score(local.text, parent.text), None
    ts = text_score(local.text, parent.text)
    ag = agency_score(repo, local, parent) if isinstance(local, Task) else None
    total = ts if ag is None else TEXT_WEIGHT * ts + (1 - TEXT_WEIGHT) * ag
    return round(total, 1), round(ts, 1), (round(ag, 1) if ag is not None else None)


def suggest(repo: Repository, plan_id: str, cutoff: float = CUTOFF) -> list[Suggestion]:
    """The best parent item for each local item (per parent plan in the repository), when it scores at
    least ``cutoff``; existing links are reported too (``linked``), whatever their score."""
    plan = repo.plans[plan_id]
    out: list[Suggestion] = []
    for par in parents(repo, plan):
        if par.plan is None:
            continue
        parent = par.plan
        links = links_to(plan, parent.id)
        pool = {k: [n for n in linkable(parent) if kind_of(n) == k] for k in ("task", "objective", "target")}
        for node in linkable(plan):
            kind = kind_of(node)
            have = links.by_local.get(id(node), [])
            for pid in have:
                pnode = find_item(parent, pid)
                if pnode is not None:
                    total, ts, ag = score(repo, node, pnode)
                    out.append(Suggestion(node.id, kind, parent.id, pid, total, ts, ag, True, node.text, pnode.text))
            if have:
                continue
            best = None
            for cand in pool[kind]:
                total, ts, ag = score(repo, node, cand)
                if best is None or (total, ts) > (best[0], best[1]):
                    best = (total, ts, ag, cand)
            if best and best[0] >= cutoff:
                out.append(Suggestion(node.id, kind, parent.id, best[3].id, best[0], best[1], best[2], False,
                                      node.text, best[3].text))
    return out


def precision_recall(suggested: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float]:
    """Precision and recall of suggested (local id, link) pairs against hand-filled ones."""
    hit = len(suggested & truth)
    p = hit / len(suggested) if suggested else 1.0
    r = hit / len(truth) if truth else 1.0
    return p, r
