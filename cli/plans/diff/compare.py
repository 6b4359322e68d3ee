"""Two loaded repositories → the changes between them, in the model's own terms.

``compare(base, head)`` matches plans, objectives, targets, sections and tasks by id, reporting duties
by what they are (period, recipient, section), agencies, indicators and reports by id; it tells moves
(another section, another position, a swap) and renumberings from edits, and edits field by field.
Pure: reads two models, returns a :class:`DiffResult`. Nothing is printed.
"""
from __future__ import annotations

import difflib
from typing import Callable

from plans.diff.model import Change, DiffResult, Problem, Warning
from plans.diff.textdiff import tokens, word_diff
from plans.loading.model import ROLES, Plan, Repository, Task
from plans.text import dmy, fold, goal

Rel = Callable[[str], str]


def _ident(p: str) -> str:
    return p


class _Ctx:
    def __init__(self, base: Repository, head: Repository, base_rel: Rel, head_rel: Rel, shared):
        self.base, self.head = base, head
        self.base_rel, self.head_rel = base_rel, head_rel
        self.shared = shared
        self.changes: list[Change] = []
        self.warnings: list[Warning] = []
        self.renumbered: dict[str, dict[str, str]] = {}  # plan id -> {base task id: head task id}

    def add(self, kind, plan=None, id=None, field=None, before=None, after=None, node=None, side="head", **detail):
        file = line = None
        if node is not None and getattr(node, "file", None):
            file = (self.head_rel if side == "head" else self.base_rel)(node.file)
            try:
                line = node.at().line
            except Exception:  # positions of a file that went away: the file is enough
                line = None
        self.changes.append(Change(kind, plan, id, field, before, after, detail, file, line))

    def same_source(self, a, b) -> bool:
        """Both objects were read from the same unchanged file (shared by both sides): nothing to compare."""
        return bool(a.file) and a.file == b.file and a.file in self.shared


def compare(base: Repository, head: Repository, base_rel: Rel = _ident, head_rel: Rel = _ident,
            shared: frozenset[str] | set[str] = frozenset(), base_label: str = "", head_label: str = "") -> DiffResult:
    """The changes from ``base`` to ``head``.

    ``base_rel``/``head_rel`` turn a side's file paths into the paths shown (relative to the repository);
    ``shared`` lists the files both sides read from the same place with the same content (their records are
    not compared: the cost of a diff grows with the change, not with the repository)."""
    ctx = _Ctx(base, head, base_rel, head_rel, set(shared))
    result = DiffResult(base_label=base_label, head_label=head_label)
    result.problems = _problems(base, "base", base_rel) + _problems(head, "head", head_rel)
    _plans(ctx, result.problems)
    _registry(ctx)
    _indicators(ctx)
    _reports(ctx)
    result.changes = ctx.changes
    result.warnings = ctx.warnings
    from plans.diff.impact import impact

    result.impact = impact(base, head, result.changes, ctx.renumbered)
    return result


def _problems(repo: Repository, side: str, rel: Rel) -> list[Problem]:
    from plans.findings import resolve_positions

    errors = [f for f in repo.load_findings if f.severity == "error"]
    resolve_positions(errors)
    return [Problem(side, rel(f.file), f.line, f.col, f.code, f) for f in errors]


# ---------------------------------------------------------------- plans

def _plans(ctx: _Ctx, problems: list[Problem]) -> None:
    base, head = ctx.base.plans, ctx.head.plans
    broken = {(p.side, p.file) for p in problems}
    for pid, bp in base.items():
        hp = head.get(pid)
        if hp is None:
            rel = ctx.base_rel(bp.file)
            if ("head", rel) in broken:
                ctx.add("plan.unloaded", pid, node=bp, side="base", side_failed="head", file_failed=rel)
            else:
                ctx.add("plan.removed", pid, before=bp.number, node=bp, side="base", title=bp.title)
            continue
        if ctx.same_source(bp, hp) or bp == hp:
            continue
        _plan(ctx, bp, hp)
    for pid, hp in head.items():
        if pid in base:
            continue
        rel = ctx.head_rel(hp.file)
        if ("base", rel) in broken:
            ctx.add("plan.unloaded", pid, node=hp, side_failed="base", file_failed=rel)
        else:
            ctx.add("plan.added", pid, after=hp.number, node=hp, title=hp.title,
                    tasks=sum(1 for _ in hp.tasks()), targets=len(hp.targets))


def _doc(r) -> str:
    return " ".join(x for x in (r.type or "", r.number or "", f"({r.date})" if r.date else "") if x).strip()


def _implements(p: Plan) -> list[str]:
    return [i.plan if i.plan else (_doc(i.ref) if i.ref else "") for i in p.implements]


def _plan(ctx: _Ctx, bp: Plan, hp: Plan) -> None:
    pid = hp.id
    header = [
        ("number", bp.number, hp.number),
        ("document_type", bp.document_type, hp.document_type),
        ("date", bp.date_label(), hp.date_label()),
        ("issuer", bp.issuer, hp.issuer),
        ("period", f"{dmy(bp.period_start)}–{dmy(bp.period_end)}", f"{dmy(hp.period_start)}–{dmy(hp.period_end)}"),
        ("signer", _signer(bp.signer), _signer(hp.signer)),
        ("implements", _implements(bp), _implements(hp)),
        ("legal_bases", [_doc(r) for r in bp.legal_bases], [_doc(r) for r in hp.legal_bases]),
        ("recipients", [r.line for r in bp.recipients], [r.line for r in hp.recipients]),
    ]
    for name, a, b in header:
        if a != b:
            detail = {}
            if isinstance(a, list):
                detail = {"added": [x for x in b if x not in a], "removed": [x for x in a if x not in b]}
            ctx.add("plan.field", pid, pid, name, a, b, node=hp, **detail)
    if bp.title != hp.title:
        ctx.add("plan.field", pid, pid, "title", bp.title, hp.title, node=hp, words=_tdiff(bp.title, hp.title))
    _objectives(ctx, bp, hp)
    _targets(ctx, bp, hp)
    _sections(ctx, bp, hp)
    _reporting(ctx, bp, hp)


def _signer(s: dict) -> str:
    if not isinstance(s, dict):
        return ""
    return " — ".join(str(s[k]) for k in ("title", "name") if s.get(k))


def _tdiff(a, b) -> dict:
    d = word_diff(a, b)
    return {"segments": d.context().as_json(), "diacritics_only": d.diacritics_only, **d.counts()}


# ---------------------------------------------------------------- objectives and targets

def _objectives(ctx: _Ctx, bp: Plan, hp: Plan) -> None:
    b = {o.id: o for o in bp.objectives}
    h = {o.id: o for o in hp.objectives}
    for oid, o in b.items():
        if oid not in h:
            ctx.add("objective.removed", hp.id, oid, before=o.text, node=o, side="base")
    for oid, o in h.items():
        if oid not in b:
            ctx.add("objective.added", hp.id, oid, after=o.text, node=o)
            continue
        old = "\n".join([b[oid].text, *b[oid].paragraphs])
        new = "\n".join([o.text, *o.paragraphs])
        if old != new:
            ctx.add("objective.text", hp.id, oid, "text", old, new, node=o, words=_tdiff(old, new))


_TIGHTER_UP = {">", ">="}
_TIGHTER_DOWN = {"<", "<="}


def tightening(before, after) -> str | None:
    """"tighter", "looser" or None (not comparable) for two targets' (comparator, threshold, unit)."""
    (c1, t1, u1), (c2, t2, u2) = before, after
    if u1 != u2 or not isinstance(t1, (int, float)) or not isinstance(t2, (int, float)):
        return None
    if c1 in _TIGHTER_UP and c2 in _TIGHTER_UP:
        if t1 != t2:
            return "tighter" if t2 > t1 else "looser"
        return "tighter" if (c1, c2) == (">=", ">") else "looser"
    if c1 in _TIGHTER_DOWN and c2 in _TIGHTER_DOWN:
        if t1 != t2:
            return "tighter" if t2 < t1 else "looser"
        return "tighter" if (c1, c2) == ("<=", "<") else "looser"
    return None


def _targets(ctx: _Ctx, bp: Plan, hp: Plan) -> None:
    b = {t.id: t for t in bp.targets}
    h = {t.id: t for t in hp.targets}
    for tid, t in b.items():
        if tid not in h:
            ctx.add("target.removed", hp.id, tid, before=goal(t.comparator, t.threshold, t.unit), node=t, side="base",
                    text=t.text)
    for tid, t in h.items():
        old = b.get(tid)
        if old is None:
            ctx.add("target.added", hp.id, tid, after=goal(t.comparator, t.threshold, t.unit), node=t, text=t.text)
            _text_mismatch(ctx, hp, t, None)
            continue
        ga, gb = (old.comparator, old.threshold, old.unit), (t.comparator, t.threshold, t.unit)
        if ga != gb:
            ctx.add("target.goal", hp.id, tid, "goal", goal(*ga), goal(*gb), node=t,
                    direction=tightening(ga, gb), comparator=[old.comparator, t.comparator],
                    threshold=[old.threshold, t.threshold], unit=[old.unit, t.unit])
            _text_mismatch(ctx, hp, t, old)
        for name in ("indicator", "baseline", "direction", "objective"):
            if getattr(old, name) != getattr(t, name):
                ctx.add("target.field", hp.id, tid, name, getattr(old, name), getattr(t, name), node=t)
        if old.text != t.text:
            ctx.add("target.field", hp.id, tid, "text", old.text, t.text, node=t, words=_tdiff(old.text, t.text))


def _text_mismatch(ctx: _Ctx, plan: Plan, t, old) -> None:
    """Warn when the target's figure changed but the printed text (the target's own, and its objective's
    paragraph) still states the old figure, or never states the new one."""
    from plans.checks.plan_rules import parse_comparisons

    if isinstance(t.threshold, bool) or not isinstance(t.threshold, (int, float)):
        return
    percent = t.unit == "percent"
    texts = [("target", t.id, t.text)]
    obj = next((o for o in plan.objectives if o.id == t.objective), None) if t.objective else None
    if obj is not None:
        texts.append(("objective", obj.id, "\n".join([obj.text, *obj.paragraphs])))
    new = float(t.threshold)
    old_value = float(old.threshold) if old is not None and isinstance(old.threshold, (int, float)) else None
    places, phrase = [], None
    for where, node_id, text in texts:
        values = [c for c in parse_comparisons(text or "", percent=percent)]
        if not values or any(abs(c.value - new) <= 1e-9 for c in values):
            continue
        stale = [c for c in values if old_value is not None and abs(c.value - old_value) <= 1e-9]
        if where == "objective" and not stale:
            continue  # an objective paragraph states several figures; only a stale one is a sure sign
        places.append({"where": where, "node": node_id})
        phrase = phrase or (stale or values)[0].phrase
    if places:  # one warning per target, naming every text that disagrees
        ctx.warnings.append(Warning("text-mismatch", plan.id, t.id, {
            "places": places, "phrase": phrase, "goal": goal(t.comparator, t.threshold, t.unit)},
            ctx.head_rel(t.file), _line(t, "threshold")))


def _line(node, *sub):
    try:
        return node.at(*sub).line
    except Exception:
        return None


# ---------------------------------------------------------------- sections and tasks

def _similarity(a: str, b: str) -> float:
    wa, wb = fold(a).split(), fold(b).split()
    if not wa and not wb:
        return 1.0
    sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    if sm.real_quick_ratio() < 0.5 or sm.quick_ratio() < 0.5:
        return sm.quick_ratio() * 0.5
    return sm.ratio()


def match_tasks(bp: Plan, hp: Plan) -> list[tuple[Task | None, Task | None]]:
    """Pairs (base task, head task): by id when the text still fits, else by text (a renumbered task), else by
    id (a rewritten task); unpaired tasks as (task, None) or (None, task)."""
    b = {t.id: t for t in bp.tasks()}
    h = {t.id: t for t in hp.tasks()}
    pairs: dict[str, str] = {}  # head id -> base id
    for tid in h.keys() & b.keys():
        if fold(h[tid].text) == fold(b[tid].text) or _similarity(b[tid].text, h[tid].text) >= 0.5:
            pairs[tid] = tid
    free_b = [x for x in b if x not in set(pairs.values())]
    free_h = [x for x in h if x not in pairs]
    if free_b and free_h:
        by_text: dict[str, list[str]] = {}
        for x in free_b:
            by_text.setdefault(fold(b[x].text), []).append(x)
        for x in list(free_h):
            cands = by_text.get(fold(h[x].text))
            if cands:
                pairs[x] = cands.pop(0)
        used = set(pairs.values())
        free_b = [x for x in free_b if x not in used]
        free_h = [x for x in free_h if x not in pairs]
        if free_b and free_h and len(free_b) * len(free_h) <= 2500:
            scored = sorted(((_similarity(b[y].text, h[x].text), x, y) for x in free_h for y in free_b), reverse=True)
            for score, x, y in scored:
                if score < 0.75:
                    break
                if x in pairs or y in used:
                    continue
                pairs[x] = y
                used.add(y)
            free_b = [x for x in free_b if x not in used]
            free_h = [x for x in free_h if x not in pairs]
    for x in free_h:  # same id, text rewritten beyond recognition: still the same task
        if x in b and x in free_b:
            pairs[x] = x
            free_b.remove(x)
    out: list[tuple[Task | None, Task | None]] = [(b[pairs[x]], h[x]) if x in pairs else (None, h[x]) for x in h]
    paired = set(pairs.values())
    out += [(b[x], None) for x in b if x not in paired]
    return out


def _section_parents(p: Plan) -> dict[str, tuple[str | None, int]]:
    out: dict[str, tuple[str | None, int]] = {}

    def walk(secs, parent):
        for i, s in enumerate(secs):
            out[s.id] = (parent, i)
            walk(s.sections, s.id)

    walk(p.sections, None)
    return out


def _moved_in_order(before: list[str], after: list[str]) -> set[str]:
    """Items of ``after`` that are out of their old order (not in a longest common run): a swap of two
    neighbours moves one of them, as a reader would say it."""
    sm = difflib.SequenceMatcher(None, before, after, autojunk=False)
    kept = set()
    for blk in sm.get_matching_blocks():
        kept.update(after[blk.b:blk.b + blk.size])
    return {x for x in after if x not in kept}


def _sections(ctx: _Ctx, bp: Plan, hp: Plan) -> None:
    pid = hp.id
    bs = {s.id: s for s in bp.all_sections()}
    hs = {s.id: s for s in hp.all_sections()}
    bpar, hpar = _section_parents(bp), _section_parents(hp)
    for sid, s in bs.items():
        if sid not in hs:
            ctx.add("section.removed", pid, sid, before=s.title, node=s, side="base")
    for sid, s in hs.items():
        if sid not in bs:
            ctx.add("section.added", pid, sid, after=s.title, node=s)
            continue
        if (bs[sid].title or "") != (s.title or ""):
            ctx.add("section.title", pid, sid, "title", bs[sid].title, s.title, node=s,
                    words=_tdiff(bs[sid].title, s.title))
        if bpar[sid][0] != hpar[sid][0]:
            ctx.add("section.moved", pid, sid, "parent", bpar[sid][0], hpar[sid][0], node=s)
    # order among siblings that stayed under the same parent
    for parent in {hpar[s][0] for s in hs if s in bs}:
        before = [s for s, (par, _) in sorted(bpar.items(), key=lambda kv: kv[1][1]) if par == parent
                  and s in hs and hpar[s][0] == parent]
        after = [s for s, (par, _) in sorted(hpar.items(), key=lambda kv: kv[1][1]) if par == parent
                 and s in bs and bpar[s][0] == parent]
        for sid in _moved_in_order(before, after):
            ctx.add("section.moved", pid, sid, "position", before.index(sid) + 1, after.index(sid) + 1,
                    node=hs[sid], parent=parent, after_id=_prev(after, sid))
    _tasks(ctx, bp, hp)


def _prev(seq: list[str], x: str) -> str | None:
    i = seq.index(x)
    return seq[i - 1] if i else None


def _tasks(ctx: _Ctx, bp: Plan, hp: Plan) -> None:
    pid = hp.id
    pairs = match_tasks(bp, hp)
    renum = {b.id: h.id for b, h in pairs if b is not None and h is not None and b.id != h.id}
    if renum:
        ctx.renumbered[pid] = renum
    same_section = {}
    for b, h in pairs:
        if b is None:
            ctx.add("task.added", pid, h.id, after=h.text, node=h, section=h.section_id,
                    roles={r: list(getattr(h, r)) for r in ROLES if getattr(h, r)},
                    deadline=h.deadline.isoformat() if h.deadline else None)
            continue
        if h is None:
            ctx.add("task.removed", pid, b.id, before=b.text, node=b, side="base", section=b.section_id,
                    roles={r: list(getattr(b, r)) for r in ROLES if getattr(b, r)})
            continue
        if b.section_id != h.section_id:
            ctx.add("task.moved", pid, h.id, "section", b.section_id, h.section_id, node=h, old_id=b.id)
        else:
            same_section[h.id] = b.id
        _task_fields(ctx, pid, b, h)
    # positions inside a section: only tasks that stayed in it count
    bsec = {s.id: s for s in bp.all_sections()}
    for s in hp.all_sections():
        old = bsec.get(s.id)
        if old is None:
            continue
        after = [t.id for t in s.tasks if t.id in same_section]
        back = {v: k for k, v in same_section.items()}
        before = [back[t.id] for t in old.tasks if t.id in back]
        moved = _moved_in_order(before, after)
        for tid in after:
            old_id = same_section[tid]
            if tid in moved:
                ctx.add("task.moved", pid, tid, "position", before.index(tid) + 1, after.index(tid) + 1,
                        node=next(t for t in s.tasks if t.id == tid), section=s.id, after_id=_prev(after, tid),
                        old_id=old_id)
            elif old_id != tid:
                ctx.add("task.renumbered", pid, tid, "id", old_id, tid, node=next(t for t in s.tasks if t.id == tid))


def _fmt_campaign(c) -> str:
    span = f"{dmy(c.start)}–{dmy(c.end)}"
    return f"{span} {c.name}".strip() if c.name else span


def _fmt_day(d) -> str:
    mm, dd = d.month_day
    return f"{dd:02d}/{mm:02d} {d.name}".strip()


def _task_fields(ctx: _Ctx, pid: str, b: Task, h: Task) -> None:
    tid = h.id
    for role in ROLES:
        old, new = list(getattr(b, role)), list(getattr(h, role))
        if old != new:
            gained = [x for x in new if x not in old]
            lost = [x for x in old if x not in new]
            if gained or lost:
                ctx.add("task.role", pid, tid, role, old, new, node=h, added=gained, removed=lost)
    if b.deadline != h.deadline or (b.deadline_text or "") != (h.deadline_text or ""):
        bd = b.deadline.isoformat() if b.deadline else None
        hd = h.deadline.isoformat() if h.deadline else None
        later = None
        if b.deadline and h.deadline and b.deadline != h.deadline:
            later = h.deadline > b.deadline
        ctx.add("task.deadline", pid, tid, "deadline", bd, hd, node=h, later=later,
                text_before=b.deadline_text, text_after=h.deadline_text)
        _deadline_mismatch(ctx, pid, b, h)
    if (b.recurrence or None) != (h.recurrence or None):
        ctx.add("task.recurrence", pid, tid, "recurrence", b.recurrence, h.recurrence, node=h)
    bc, hc = [_fmt_campaign(c) for c in b.campaigns], [_fmt_campaign(c) for c in h.campaigns]
    if bc != hc:
        ctx.add("task.campaigns", pid, tid, "campaigns", bc, hc, node=h,
                added=[x for x in hc if x not in bc], removed=[x for x in bc if x not in hc])
    bd_, hd_ = [_fmt_day(d) for d in b.days], [_fmt_day(d) for d in h.days]
    if bd_ != hd_:
        ctx.add("task.days", pid, tid, "days", bd_, hd_, node=h,
                added=[x for x in hd_ if x not in bd_], removed=[x for x in bd_ if x not in hd_])
    if b.text != h.text:
        ctx.add("task.text", pid, tid, "text", b.text, h.text, node=h, words=_tdiff(b.text, h.text))
    if (b.assignment or "") != (h.assignment or ""):
        ctx.add("task.assignment", pid, tid, "assignment", b.assignment, h.assignment, node=h,
                words=_tdiff(b.assignment, h.assignment))
    for name, fa, fb in (("products", b.products, h.products), ("see", b.see, h.see),
                         ("refs", [_doc(r) for r in b.refs], [_doc(r) for r in h.refs])):
        if list(fa) != list(fb):
            ctx.add("task.field", pid, tid, name, list(fa), list(fb), node=h,
                    added=[x for x in fb if x not in fa], removed=[x for x in fa if x not in fb])


def _date_forms(d) -> list[str]:
    """How a date is printed in a plan: 25/3/2026, 25/03/2026, 25-3-2026."""
    forms = set()
    for day in (str(d.day), f"{d.day:02d}"):
        for month in (str(d.month), f"{d.month:02d}"):
            forms.update({f"{day}/{month}/{d.year}", f"{day}-{month}-{d.year}", f"{day}.{month}.{d.year}"})
    return sorted(forms, key=len, reverse=True)


def _deadline_mismatch(ctx: _Ctx, pid: str, b: Task, h: Task) -> None:
    """Warn when the deadline moved but the printed words (deadline_text, the task's text) still name the old
    day and not the new one."""
    import re

    if not (b.deadline and h.deadline and b.deadline != h.deadline):
        return
    for name, text in (("deadline_text", h.deadline_text), ("text", h.text)):
        if not text:
            continue
        def says(d):
            return any(re.search(rf"(?<![\d/.-]){re.escape(f)}(?![\d])", text) for f in _date_forms(d))
        if says(b.deadline) and not says(h.deadline):
            ctx.warnings.append(Warning("deadline-text", pid, h.id, {
                "field": name, "old": dmy(b.deadline), "new": dmy(h.deadline)}, ctx.head_rel(h.file), _line(h, name)))
            return


# ---------------------------------------------------------------- reporting duties

def duty_key(d) -> tuple:
    return (d.section or "", d.period or "", d.recipient or "")


def duty_label(d) -> str:
    return d.section or f"{d.period}→{d.recipient}"


def _reporting(ctx: _Ctx, bp: Plan, hp: Plan) -> None:
    pid = hp.id
    free_b = list(bp.reporting)
    pairs = []
    for h in hp.reporting:
        m = next((x for x in free_b if duty_key(x) == duty_key(h)), None)
        if m is None:
            m = next((x for x in free_b if (x.section and x.section == h.section)), None)
        if m is not None:
            free_b.remove(m)
        pairs.append((m, h))
    # leftovers pair by position
    rest_h = [i for i, (m, _) in enumerate(pairs) if m is None]
    for i in rest_h:
        if free_b:
            pairs[i] = (free_b.pop(0), pairs[i][1])
    for b, h in pairs:
        if b is None:
            ctx.add("reporting.added", pid, duty_label(h), after=h.period, node=h, recipient=h.recipient,
                    reporters=list(h.reporters), due=_dues(h))
            continue
        for name, x, y in (("period", b.period, h.period), ("due", _dues(b), _dues(h)),
                           ("recipient", b.recipient, h.recipient), ("reporters", list(b.reporters), list(h.reporters)),
                           ("text", b.text, h.text), ("section", b.section, h.section)):
            if x != y:
                extra = {}
                if name == "reporters":
                    extra = {"added": [r for r in y if r not in x], "removed": [r for r in x if r not in y]}
                ctx.add("reporting.field", pid, duty_label(h), name, x, y, node=h, **extra)
    for b in free_b:
        ctx.add("reporting.removed", pid, duty_label(b), before=b.period, node=b, side="base", recipient=b.recipient,
                reporters=list(b.reporters))


def _dues(d) -> list[str]:
    return [x for x in [d.due, *d.due_dates] if x]


# ---------------------------------------------------------------- registries, indicators, reports

_AGENCY_FIELDS = ("short", "aliases", "parent", "level", "type", "groups", "valid_from", "valid_to", "successor",
                  "includes", "members", "open")


def _val(x):
    if hasattr(x, "isoformat"):
        return x.isoformat()
    return list(x) if isinstance(x, (list, tuple)) else x


def _registry(ctx: _Ctx) -> None:
    b = {**ctx.base.agencies, **ctx.base.groups}
    h = {**ctx.head.agencies, **ctx.head.groups}
    for aid, e in b.items():
        if aid not in h:
            ctx.add("registry.removed", None, aid, before=e.name, node=e, side="base", group=e.is_group)
    for aid, e in h.items():
        old = b.get(aid)
        if old is None:
            ctx.add("registry.added", None, aid, after=e.name, node=e, group=e.is_group,
                    successor_of=[x for x, o in h.items() if aid in (o.successor or [])])
            continue
        if ctx.same_source(old, e) or old == e:
            continue
        if old.name != e.name:
            ctx.add("registry.renamed", None, aid, "name", old.name, e.name, node=e, group=e.is_group)
        folded = set()
        new_succ = [x for x in e.successor if x not in old.successor]
        if new_succ:  # replaced by a successor: one record, with the end of validity that comes with it
            ctx.add("registry.replaced", None, aid, "successor", list(old.successor), list(e.successor), node=e,
                    group=e.is_group, added=new_succ, valid_to=_val(e.valid_to))
            folded = {"successor", "valid_to"}
        for name in _AGENCY_FIELDS:
            if name in folded:
                continue
            x, y = _val(getattr(old, name, None)), _val(getattr(e, name, None))
            if x != y:
                extra = {}
                if isinstance(x, list) or isinstance(y, list):
                    x, y = x or [], y or []
                    extra = {"added": [v for v in y if v not in x], "removed": [v for v in x if v not in y]}
                ctx.add("registry.field", None, aid, name, x, y, node=e, group=e.is_group, **extra)


def _indicators(ctx: _Ctx) -> None:
    b, h = ctx.base.indicators, ctx.head.indicators
    for iid, x in b.items():
        if iid not in h:
            ctx.add("indicator.removed", None, iid, before=x.name, node=x, side="base")
    for iid, x in h.items():
        old = b.get(iid)
        if old is None:
            ctx.add("indicator.added", None, iid, after=x.name, node=x)
            continue
        if ctx.same_source(old, x) or old == x:
            continue
        for name in ("name", "kind", "unit", "numerator", "denominator", "value", "direction", "responsible"):
            if getattr(old, name) != getattr(x, name):
                ctx.add("indicator.field", None, iid, name, _val(getattr(old, name)), _val(getattr(x, name)), node=x)
        oc = [(c.id, c.name, c.unit) for c in old.components]
        nc = [(c.id, c.name, c.unit) for c in x.components]
        if oc != nc:
            ctx.add("indicator.field", None, iid, "components", [c[0] for c in oc], [c[0] for c in nc], node=x)


def report_key(r) -> str:
    return f"{r.plan}/{r.period}/{r.agency}"


def _reports(ctx: _Ctx) -> None:
    b = {report_key(r): r for r in ctx.base.reports}
    h = {report_key(r): r for r in ctx.head.reports}
    for key, r in b.items():
        if key not in h:
            ctx.add("report.removed", r.plan, key, node=r, side="base", period=r.period, agency=r.agency)
    for key, r in h.items():
        old = b.get(key)
        if old is None:
            ctx.add("report.added", r.plan, key, node=r, period=r.period, agency=r.agency, sample=r.sample,
                    figures=len(r.figures))
            continue
        if ctx.same_source(old, r) or old == r:
            continue
        for name in ("date", "number", "sample"):
            if getattr(old, name) != getattr(r, name):
                ctx.add("report.field", r.plan, key, name, _val(getattr(old, name)), _val(getattr(r, name)), node=r)
        of = {f.indicator: f for f in old.figures}
        nf = {f.indicator: f for f in r.figures}
        for ind in [*of, *[i for i in nf if i not in of]]:
            x, y = of.get(ind), nf.get(ind)
            if x is not None and y is not None and (x.values, x.baseline) == (y.values, y.baseline):
                continue
            comps = []
            for part, xs, ys in (("values", x.values if x else {}, y.values if y else {}),
                                 ("baseline", x.baseline if x else {}, y.baseline if y else {})):
                for c in [*xs, *[k for k in ys if k not in xs]]:
                    if xs.get(c) != ys.get(c):
                        comps.append({"part": part, "component": c, "before": xs.get(c), "after": ys.get(c)})
            if comps:
                ctx.add("report.figure", r.plan, key, ind, None, None, node=y or r, indicator=ind, components=comps,
                        agency=r.agency, period=r.period)
        ot = {t.task: t for t in old.tasks}
        for t in r.tasks:
            o = ot.get(t.task)
            if o is None or (o.status, o.done_on) != (t.status, t.done_on):
                ctx.add("report.task", r.plan, key, t.task, o.status if o else None, t.status, node=t,
                        agency=r.agency, period=r.period)


def word_count(s: str) -> int:
    return sum(1 for x in tokens(s) if not x.isspace())
