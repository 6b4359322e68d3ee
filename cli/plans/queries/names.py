"""Find an agency or group by what a person types: id, official name, short form, alias,
with or without diacritics, with small typos ("so giao duc hai phong")."""
from __future__ import annotations

from dataclasses import dataclass, field

from plans.loading.model import Agency, Group, Repository
from plans.text import fold

FOUND, AMBIGUOUS, UNKNOWN = "found", "ambiguous", "unknown"


@dataclass
class Resolution:
    status: str
    entity: Agency | Group | None = None
    candidates: list[tuple[Agency | Group, float]] = field(default_factory=list)
    query: str = ""


class NameIndex:
    """Folded names and words of every agency and group, built once per repository."""

    def __init__(self, repo: Repository):
        self.repo = repo
        self.exact: dict[str, set[str]] = {}
        self.words: dict[str, set[str]] = {}  # entity id -> every word of its names and its place
        self.folded: dict[str, list[str]] = {}
        place = {}
        for ent in (*repo.agencies.values(), *repo.groups.values()):
            names = [fold(n) for n in {ent.id, *ent.names()}]
            names = [n for n in names if n]
            self.folded[ent.id] = names
            for n in names:
                self.exact.setdefault(n, set()).add(ent.id)
            words = {w for n in names for w in n.split()}
            words |= set(place.setdefault(ent.jurisdiction, fold(_place_name(repo, ent.jurisdiction))).split())
            self.words[ent.id] = words
        self.words_all = {w for ws in self.words.values() for w in ws}
        self.vocabulary = sorted(self.words_all)

    def resolve(self, text: str, limit: int = 8) -> Resolution:
        from rapidfuzz import fuzz, process

        if text in self.repo.agencies or text in self.repo.groups:
            return Resolution(FOUND, self.repo.entity(text), query=text)
        q = fold(text)
        hits = self.exact.get(q)
        if hits and len(hits) == 1:
            return Resolution(FOUND, self.repo.entity(next(iter(hits))), query=text)
        tokens = q.split()
        if not tokens:
            return Resolution(UNKNOWN, query=text)
        # Each typed word, matched to the known words it may be (exactly for short words,
        # within a small typo otherwise).
        matches = []
        for t in tokens:
            if len(t) <= 3:
                matches.append({t: 100.0} if t in self.words_all else {})
            else:
                matches.append({w: sc for w, sc, _ in process.extract(t, self.vocabulary, scorer=fuzz.ratio,
                                                                        score_cutoff=75, limit=20)})
        scored = []
        for ent_id, words in self.words.items():
            cover = sum(max((sc for w, sc in m.items() if w in words), default=0.0) for m in matches) / len(tokens)
            if cover < 50:
                continue
            closest = max(fuzz.ratio(q, n) for n in self.folded[ent_id])
            scored.append((0.7 * cover + 0.3 * closest, ent_id))
        scored.sort(key=lambda x: (-x[0], x[1]))
        cands = [(self.repo.entity(e), round(sc, 1)) for sc, e in scored[:limit]]
        if hits:  # the same name written for several bodies: only those
            cands = [c for c in cands if c[0].id in hits] or [(self.repo.entity(h), 100.0) for h in sorted(hits)]
            return Resolution(AMBIGUOUS, candidates=cands, query=text)
        if not scored or scored[0][0] < 75:
            return Resolution(UNKNOWN, candidates=cands[:3], query=text)
        top = scored[0][0]
        close = [c for c in cands if c[1] >= top - 2]
        if len(close) == 1:
            return Resolution(FOUND, close[0][0], candidates=cands, query=text)
        return Resolution(AMBIGUOUS, candidates=close, query=text)


def _place_name(repo: Repository, jurisdiction: str) -> str:
    return repo.jurisdiction_names.get(jurisdiction, "")


def resolve(repo: Repository, text: str) -> Resolution:
    return NameIndex(repo).resolve(text)
