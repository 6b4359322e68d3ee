"""The static site: pages from the site model through the Jinja2 templates in templates/site/.

``build_site(repo, as_of, lang)`` returns ``{relative path: bytes}``: HTML pages, SVG charts, the
search index, and the assets (CSS, JS, the vendored MiniSearch with its licence). Links are relative,
so the folder works from a web server, a file share or a double-click on index.html, and no page
refers to anything outside it. The same repository, day and language give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from plans.kpi.attainment import attainment, report_periods
from plans.i18n import TEXT
from plans.loading.model import Repository
from plans.render.dates import place_date
from plans.site import model as sm
from plans.site.labels import label
from plans.text import dmy, goal, num, vi_key

TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "site"
ASSETS = TEMPLATES / "assets"
KINDS = frozenset(k for k in TEXT if k.startswith("kind_"))
PLANS_PER_PAGE = 40  # an agency page lists this many plans; more go to further pages

# Files that other commands may put into the site folder before the site is built; an agency page links
# to each one that exists. ``{slug}`` is the agency's file name (its id when plain, see model.slug).
DOWNLOADS = (
    ("download_calendar", "calendar/{slug}.ics"),
    ("download_workbook", "workbooks/{slug}.xlsx"),
)


class Urls:
    """Site-relative paths of every page; templates prefix them with ``root``."""

    home = "index.html"
    plans = "plans.html"
    agencies = "agencies.html"
    kpi = "kpi.html"
    search = "search.html"

    @staticmethod
    def plan(pid: str, anchor: str | None = None) -> str:
        return f"plan/{sm.slug(pid)}.html" + (f"#{anchor}" if anchor else "")

    @staticmethod
    def task(pid: str, tid: str) -> str:
        return Urls.plan(pid, "t-" + sm.anchor(tid))

    @staticmethod
    def agency(aid: str, page: int = 1) -> str:
        return f"agency/{sm.slug(aid)}" + (f"-p{page}" if page > 1 else "") + ".html"

    @staticmethod
    def indicator(iid: str) -> str:
        return f"kpi/{sm.slug(iid)}.html"

    @staticmethod
    def jurisdiction(code: str, anchor: str | None = None) -> str:
        return f"area/{sm.slug(code)}.html" + (f"#{anchor}" if anchor else "")

    @staticmethod
    def chart(name: str) -> str:
        return f"charts/{name}.svg"


@lru_cache(maxsize=2)
def _env(lang: str):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["dmy"] = dmy
    env.filters["num"] = num
    env.globals.update(L=lambda key, **kw: label(key, lang, **kw), lang=lang, url=Urls, anchor=sm.anchor,
                       goal=lambda tg: goal(tg.comparator, tg.threshold, tg.unit, lang),
                       data_lang="" if lang == "vi" else "vi")
    return env


class Builder:
    def __init__(self, repo: Repository, as_of: dt.date, lang: str = "vi", soon_days: int = 30,
                 present: frozenset[str] = frozenset()):
        self.repo, self.lang, self.present = repo, lang, present
        self.m = sm.build_model(repo, as_of, soon_days)
        self.env = _env(lang)
        self.files: dict[str, bytes] = {}
        self.search: list[dict] = []

    # helpers the templates call -------------------------------------------------------------------
    def name(self, ref: str | None) -> str:
        return self.repo.name_of(ref)

    def state_text(self, state: str) -> str:
        return label(f"state_{state}", self.lang)

    def value_text(self, a) -> str:
        if a is None or a.value is None:
            return ""
        return num(a.value) + ("%" if a.target.unit == "percent" else "")

    def problems_text(self, a) -> str:
        out = [label(f"problem_{p}", self.lang) for p in a.problems]
        if a.missing and "missing-reporters" in a.problems:
            out.append(label("missing_reporters", self.lang, names=", ".join(self.name(x) for x in a.missing)))
        return "; ".join(out)

    def task_when(self, task) -> str:
        parts = []
        if task.deadline:
            parts.append(dmy(task.deadline))
        elif task.deadline_text:
            parts.append(task.deadline_text)
        elif task.recurrence:
            parts.append(label("recurrence", self.lang))
        parts += [label("campaign", self.lang, start=dmy(c.start), end=dmy(c.end)) for c in task.campaigns
                  if c.start and c.end]
        return "; ".join(parts)

    def render(self, rel: str, template: str, **ctx) -> None:
        depth = rel.count("/")
        html = self.env.get_template(template).render(root="../" * depth, page=rel, b=self, m=self.m,
                                                      as_of=dmy(self.m.as_of), **ctx)
        self.files[rel] = html.encode("utf-8")

    # pages ------------------------------------------------------------------------------------------
    def build(self) -> dict[str, bytes]:
        self.home()
        for f in self.m.plans:
            self.plan(f)
        for code, name in self.m.jurisdictions:
            self.jurisdiction(code, name)
        for ent in self.m.entities:
            self.agency(ent)
        self.lists()
        self.kpi()
        self.render(Urls.search, "search.html.j2")
        self.search_index()
        self.assets()
        return dict(sorted(self.files.items()))

    def _area_rows(self, code: str, facts: list) -> dict:
        """The home page's figures for one jurisdiction: per plan in force and in total."""
        rows = []
        for f in facts:
            tb = f.target_buckets()
            rows.append({"facts": f, "tasks": {b: len(f.tasks_by_bucket[b]) for b in sm.TASK_BUCKETS},
                         "n_tasks": sum(len(v) for v in f.tasks_by_bucket.values()),
                         "reports_missing": len(f.reports_missing), "targets": {b: len(tb[b]) for b in tb}})
        total = {"tasks": {b: sum(r["tasks"][b] for r in rows) for b in sm.TASK_BUCKETS},
                 "n_tasks": sum(r["n_tasks"] for r in rows),
                 "reports_missing": sum(r["reports_missing"] for r in rows),
                 "targets": {b: sum(r["targets"][b] for r in rows) for b in sm.TARGET_BUCKETS}}
        return {"code": code, "rows": rows, "total": total}

    def _areas(self) -> list[tuple[str, str, list]]:
        out = []
        for code, name in self.m.jurisdictions:
            facts = [f for f in self.m.plans if f.in_force and self.m.jurisdiction_of(f.plan) == code]
            if facts:
                out.append((code, name, facts))
        return out

    def home(self) -> None:
        areas = [(name, self._area_rows(code, facts)) for code, name, facts in self._areas()]
        ended = [f for f in self.m.plans if not f.in_force]
        sample = any(f.sample for f in self.m.plans if f.in_force)
        self.render(Urls.home, "home.html.j2", areas=areas, ended=ended, sample=sample,
                    overview=self.m.overview)

    def jurisdiction(self, code: str, name: str) -> None:
        facts = [f for f in self.m.plans if f.in_force and self.m.jurisdiction_of(f.plan) == code]
        area = self._area_rows(code, facts)
        overdue = [(f, t) for f in facts for t in f.tasks_by_bucket["overdue"]]
        due_soon = [(f, t) for f in facts for t in f.tasks_by_bucket["due-soon"]]
        on_time = [(f, t) for f in facts for t in f.tasks_by_bucket["on-time"]]
        missing = [(f, aid, r) for f in facts for aid, r in f.reports_missing]
        targets = {b: [(f, tg) for f in facts for tg in f.target_buckets()[b]] for b in sm.TARGET_BUCKETS}
        agencies = [e for e in self.m.entities if e.jurisdiction == code]
        self.render(Urls.jurisdiction(code), "area.html.j2", name=name, area=area, overdue=overdue,
                    due_soon=due_soon, on_time=on_time, missing=missing, targets=targets,
                    sample=any(f.sample for f in facts), agencies=agencies)

    def plan(self, f: sm.PlanFacts) -> None:
        p = f.plan
        charts = {}
        for tg in p.targets:
            rows = [(per, next((a for a in f.attainment[per.code] if a.target.id == tg.id), None)) for per in f.periods]
            if any(a is not None and a.value is not None for _, a in rows):
                charts[tg.id] = self.target_chart(p, tg, rows)
        latest = {a.target.id: a for a in (f.latest or [])}
        parents = [(imp, self.repo.plans.get(imp.plan) if imp.plan else None) for imp in p.implements]
        self.render(Urls.plan(p.id), "plan.html.j2", f=f, p=p, charts=charts, latest=latest, parents=parents,
                    sample=f.sample, task_row=self.task_row, due_text=self.due_text, known_kinds=KINDS,
                    printed_date=place_date(p.place, p.date, (p.date_from, p.date_to)))
        for task in p.tasks():
            self.search.append({"k": "task", "t": f"{task.id} {_short(task.text, 220)}",
                                "d": f"{p.number} — {_short(p.title, 80)}", "u": Urls.task(p.id, task.id)})
        self.search.append({"k": "plan", "t": f"{p.number} — {p.title}",
                            "d": f"{self.name(p.issuer)} · {p.date_label()}", "a": p.id, "u": Urls.plan(p.id)})

    def due_text(self, duty) -> str:
        """A reporting duty's due dates as printed: "18/06 hằng năm" (yearly), "20/03/2026"."""
        out = []
        for d in [duty.due, *duty.due_dates]:
            if not d:
                continue
            if d.startswith("--"):
                out.append(f"{d[5:7]}/{d[2:4]}")
            else:
                try:
                    out.append(dmy(dt.date.fromisoformat(d)))
                except ValueError:
                    out.append(d)
        return ", ".join(out)

    def task_row(self, f, task) -> dict:
        st, left = f.task_states[task.id]
        return {"state": st, "bucket": sm.task_bucket(st), "when": self.task_when(task), "left": left}

    def target_chart(self, p, tg, rows) -> dict:
        from plans.site.charts import bar_chart

        unit = "%" if tg.unit == "percent" else ""
        cats = [per.label(self.lang) for per, _ in rows]
        vals = [float(a.value) if a is not None and a.value is not None else None for _, a in rows]
        stats = [a.status if a is not None else None for _, a in rows]
        g = goal(tg.comparator, tg.threshold, tg.unit, self.lang)
        name = f"{sm.slug(p.id)}--{sm.slug(tg.id)}"
        self.files[Urls.chart(name)] = bar_chart(cats, [(tg.id, vals, stats)], unit, float(tg.threshold),
                                                 label("chart_threshold", self.lang, goal=g))
        what = "; ".join(f"{c}: {_v(v, unit)}" for c, v in zip(cats, vals)) + f" ({g})"
        return {"src": Urls.chart(name), "alt": label("chart_alt", self.lang, what=f"{tg.id} — {what}")}

    def agency(self, ent) -> None:
        st = self.m.status[ent.id]
        by_plan: dict[str, dict] = {}

        def section(plan):
            return by_plan.setdefault(plan.id, {"plan": plan, "tasks": [], "reports": [], "targets": []})

        for a in st.assignments:
            section(a.plan)["tasks"].append(a)
        for r in st.reports:
            section(r.plan)["reports"].append(r)
        latest_of = {}
        for x in st.targets:  # the targets in its charge, of plans in force (as plans status lists them)
            plan, tg = x.plan, x.target
            f = self.m.facts(plan.id)
            a = next((x for x in (f.latest or []) if x.target.id == tg.id), None)
            section(plan)["targets"].append((tg, a))
            latest_of[plan.id] = f.latest
        order = {f.plan.id: i for i, f in enumerate(self.m.plans)}
        sections = sorted(by_plan.values(), key=lambda s: order[s["plan"].id])
        pages = [sections[i:i + PLANS_PER_PAGE] for i in range(0, len(sections), PLANS_PER_PAGE)] or [[]]
        downloads = [(key, path.format(slug=sm.slug(ent.id))) for key, path in DOWNLOADS
                     if path.format(slug=sm.slug(ent.id)) in self.present]
        members = sorted(self.repo.group_members(ent.id), key=lambda x: (vi_key(self.name(x)), x)) if ent.is_group else []
        groups = sorted(self.repo.groups_of(ent.id), key=lambda x: (vi_key(self.name(x)), x)) if not ent.is_group else []
        sample = any(a.progress is not None and a.progress.sample for a in st.assignments) or any(
            a is not None and a.sample for s in sections for _, a in s["targets"])
        for n, chunk in enumerate(pages, 1):
            self.render(Urls.agency(ent.id, n), "agency.html.j2", ent=ent, st=st, sections=chunk, all_sections=sections,
                        page_no=n, pages=len(pages), per_page=PLANS_PER_PAGE, downloads=downloads if n == 1 else [],
                        members=members, groups=groups, sample=sample)
        self.search.append({"k": "group" if ent.is_group else "agency", "t": ent.name,
                            "d": self.m.repo.jurisdiction_names.get(ent.jurisdiction, ent.jurisdiction),
                            "a": " ".join([ent.id, *ent.short, *ent.aliases]), "u": Urls.agency(ent.id)})

    def lists(self) -> None:
        by_code = {}
        for f in self.m.plans:
            by_code.setdefault(self.m.jurisdiction_of(f.plan), []).append(f)
        self.render(Urls.plans, "plans.html.j2", groups=[(code, name, by_code.get(code, []))
                                                         for code, name in self.m.jurisdictions])
        self.render(Urls.agencies, "agencies.html.j2", groups=[
            (code, name, [e for e in self.m.entities if e.jurisdiction == code]) for code, name in self.m.jurisdictions])

    def kpi(self) -> None:
        inds = sorted(self.repo.indicators.values(), key=lambda i: (vi_key(i.name), i.id))
        uses = {i.id: [] for i in inds}
        for f in self.m.plans:
            for tg in f.plan.targets:
                if tg.indicator in uses:
                    uses[tg.indicator].append((f, tg))
        self.render(Urls.kpi, "kpi.html.j2", inds=inds, uses=uses)
        for ind in inds:
            blocks = []
            for f, tg in uses[ind.id]:
                pers = report_periods(self.m.view, f.plan)
                if not pers:
                    blocks.append({"f": f, "tg": tg, "rows": [], "reporters": [], "chart": None})
                    continue
                reporters = sorted({r for rows in f.attainment.values() for a in rows if a.target.id == tg.id
                                    for r in a.reporters}, key=lambda x: (vi_key(self.name(x)), x))
                table = []
                for per in pers:
                    total = next((a for a in f.attainment[per.code] if a.target.id == tg.id), None)
                    own = {}
                    for r in reporters:
                        own[r] = next((a for a in attainment(self.m.view, f.plan, per, r) if a.target.id == tg.id), None)
                    table.append({"period": per, "total": total, "own": own})
                blocks.append({"f": f, "tg": tg, "rows": table, "reporters": reporters,
                               "chart": self.indicator_chart(ind, f, tg, table, reporters)})
            self.render(Urls.indicator(ind.id), "indicator.html.j2", ind=ind, blocks=blocks,
                        sample=any(b["f"].sample for b in blocks if b["rows"]))

    def indicator_chart(self, ind, f, tg, table, reporters) -> dict | None:
        from plans.site.charts import bar_chart

        unit = "%" if ind.unit == "percent" else ind.unit
        cats = [row["period"].label(self.lang) for row in table]

        def val(a):
            return float(a.value) if a is not None and a.value is not None else None

        series = [(self.name(r), [val(row["own"][r]) for row in table], [None] * len(table)) for r in reporters]
        series.append((label("col_total", self.lang), [val(row["total"]) for row in table],
                       [row["total"].status if row["total"] else None for row in table]))
        if not any(v is not None for _, vals, _ in series for v in vals):
            return None
        g = goal(tg.comparator, tg.threshold, tg.unit, self.lang)
        name = f"kpi-{sm.slug(ind.id)}--{sm.slug(f.plan.id)}--{sm.slug(tg.id)}"
        self.files[Urls.chart(name)] = bar_chart(cats, series, unit, float(tg.threshold),
                                                 label("chart_threshold", self.lang, goal=g))
        what = "; ".join(f"{n}, {c}: {_v(v, unit)}" for n, vals, _ in series for c, v in zip(cats, vals))
        return {"src": Urls.chart(name), "alt": label("chart_alt", self.lang, what=what)}

    def search_index(self) -> None:
        order = {"agency": 0, "group": 1, "plan": 2, "task": 3}
        docs = sorted(self.search, key=lambda d: (order[d["k"]], d["u"], d["t"]))
        for i, d in enumerate(docs):
            d["id"] = i
        body = json.dumps({"docs": docs, "labels": {k: label(k, self.lang) for k in (
            "kind_plan", "kind_agency", "kind_group", "kind_task", "search_none")},
            "count": label("search_count", self.lang, n="{n}"), "more": label("search_more", self.lang, n="{n}")},
            ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        # a script, not JSON fetched at run time: browsers refuse fetch() from pages opened as files
        self.files["assets/search-index.js"] = ("window.PLANS_SEARCH=" + body.replace("</", "<\\/") + ";\n").encode()

    def assets(self) -> None:
        for f in sorted(ASSETS.rglob("*")):
            if f.is_file():
                self.files["assets/" + f.relative_to(ASSETS).as_posix()] = f.read_bytes()


def _short(s: str, n: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1].rsplit(" ", 1)[0] + "…"


def _v(v, unit: str) -> str:
    return "—" if v is None else f"{v:.2f}".rstrip("0").rstrip(".") + ("%" if unit == "%" else f" {unit}" if unit else "")


def build_site(repo: Repository, as_of: dt.date, lang: str = "vi", soon_days: int = 30,
               present: frozenset[str] = frozenset()) -> dict[str, bytes]:
    """Every file of the site, ``{relative path: bytes}``, in path order. ``present``: the relative paths
    already in the output folder (calendar and workbook files other commands wrote), linked when found."""
    return Builder(repo, as_of, lang, soon_days, present).build()


__all__ = ["build_site", "Urls", "DOWNLOADS"]
