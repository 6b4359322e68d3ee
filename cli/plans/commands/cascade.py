"""``plans cascade PLAN`` (coverage of a local plan against the plan above), ``plans cascade --down PLAN``
(the plans implementing it) and ``plans cascade link PLAN [--write]`` (suggested carries_out links)."""
from __future__ import annotations

from typing import List, Optional

import typer

from plans.commands._common import OutFormat, console, dmy, emit_json, fail, load_repo, render, say, truncate
from plans.commands.app import app, lang_of
from plans.i18n import t
from plans.text import goal


@app.command()
def cascade(
    ctx: typer.Context,
    first: str = typer.Argument(..., metavar="PLAN", help="Mã hoặc số kế hoạch; “link PLAN” để gợi ý liên kết."),
    second: Optional[str] = typer.Argument(None, hidden=True),
    down_: bool = typer.Option(False, "--down", help="Chiều ngược: các kế hoạch triển khai PLAN và độ bao phủ của từng kế hoạch."),
    write: bool = typer.Option(False, "--write", help="(link) Ghi các liên kết gợi ý vào tệp kế hoạch."),
    cutoff: float = typer.Option(70.0, "--cutoff", min=0, max=100, help="(link) Điểm tối thiểu để gợi ý (0–100)."),
    format: OutFormat = typer.Option(OutFormat.table, "--format", "-f", help="table, json, csv, md."),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho."),
    lang_opt: Optional[str] = typer.Option(None, "--lang", help="vi, en (như plans --lang)."),
):
    """Kế hoạch địa phương có thực hiện đủ kế hoạch cấp trên không: mục thiếu, chỉ tiêu lỏng hơn, thời hạn muộn hơn.

    Ví dụ: plans cascade hp-2025-kh-bcd799-pctp-mbn ; plans cascade --down 53/KH-BCĐ ;
    plans cascade link hp-2025-kh-bcd799-pctp-mbn --write
    """
    lang = lang_opt if lang_opt in ("vi", "en") else lang_of(ctx)
    if format is OutFormat.csv:
        fail(t("bad_format", lang, fmt="csv", choices="table, json, md"))
    link_mode = first == "link"
    if link_mode and not second:
        fail(t("cascade_unknown_plan", lang, id=""))
    if not link_mode and second:
        fail(t("cascade_unknown_plan", lang, id=f"{first} {second}"))
    if write and not link_mode:
        fail(t("cascade_bad_option", lang, option="--write", mode="plans cascade link"))
    if down_ and link_mode:
        fail(t("cascade_bad_option", lang, option="--down", mode="plans cascade PLAN"))
    repo = load_repo(paths, lang)
    plan = _resolve_plan(repo, second if link_mode else first, lang)
    if link_mode:
        raise typer.Exit(_link(repo, plan, write, cutoff, format, lang))
    if down_:
        raise typer.Exit(_down(repo, plan, format, lang))
    raise typer.Exit(_report(repo, plan, format, lang))


def _resolve_plan(repo, text: str, lang: str):
    from plans.cascade.links import same_document

    if text in repo.plans:
        return repo.plans[text]
    hits = [p for p in repo.plans.values() if same_document(text, p.number)]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        fail(t("cascade_ambiguous_plan", lang, id=text, ids=", ".join(sorted(p.id for p in hits))))
    fail(t("cascade_unknown_plan", lang, id=text))


def _kind(kind: str, lang: str) -> str:
    return t(f"cascade_kind_{kind}", lang)


def _pct(x, lang: str = "vi") -> str:
    if x is None:
        return "—"
    return f"{x:.1f}%".replace(".", ",") if lang == "vi" else f"{x:.1f}%"


# ---------------------------------------------------------------- the coverage report

def _report_doc(repo, rep, lang) -> dict:
    """The whole report as plain data (the JSON output, and what the other formats print)."""
    plan = rep.plan
    parents = []
    for pr in rep.parents:
        par = pr.parent
        notes = []
        for key, args in pr.notes:
            if key == "cascade_note_ref_targets":
                args = {"targets": "; ".join(f"{tg.id} {goal(tg.comparator, tg.threshold, tg.unit, lang)}"
                                             for tg in args["targets"])}
            notes.append(t(key, lang, **args))
        doc = {"plan": par.plan.id if par.plan else None, "number": par.number,
               "in_repository": par.plan is not None, "by_reference": par.by_ref, "notes": notes}
        if par.plan is not None:
            doc["date"] = par.plan.date_label()
            doc["issuer"] = repo.name_of(par.plan.issuer)
            doc["figures"] = pr.figures()
            doc["items"] = [{"kind": r.kind, "kind_label": _kind(r.kind, lang), "id": r.parent_id, "text": r.parent_text,
                             "status": r.status, "local": r.local, "addressed_here": r.addressed_here}
                            for r in pr.items]
            doc["targets"] = [{"problem": ti.kind, "problem_label": t(f"cascade_target_{ti.kind}", lang)
                               + ("" if ti.linked or ti.local_target is None else t("cascade_by_indicator", lang)),
                               "parent_target": ti.parent_target.id, "parent_text": ti.parent_target.text,
                               "parent_goal": goal(ti.parent_target.comparator, ti.parent_target.threshold,
                                                   ti.parent_target.unit, lang),
                               "local_target": ti.local_target.id if ti.local_target else None,
                               "local_goal": goal(ti.local_target.comparator, ti.local_target.threshold,
                                                  ti.local_target.unit, lang) if ti.local_target else None,
                               "linked": ti.linked} for ti in pr.targets]
            doc["deadlines"] = [{"problem": d.kind, "problem_label": t(f"cascade_deadline_{d.kind}", lang),
                                 "parent_item": d.parent_id, "local_item": d.local_id,
                                 "parent_date": dmy(d.parent_date), "local_date": dmy(d.local_date)}
                                for d in pr.deadlines]
            doc["reports"] = [{"reporting_index": r.local_duty_index, "recipient": r.recipient,
                               "recipient_name": repo.name_of(r.recipient), "period": r.period,
                               "local_due": dmy(r.local_due), "upward_due": dmy(r.upward_due),
                               "upward_recipient": repo.name_of(r.upward_recipient), "upward_from": r.upward_from}
                              for r in pr.reports]
            doc["reports_checked"] = bool(pr.reports) or _has_dues(plan) and _has_dues(par.plan)
            doc["group_tasks"] = [{"parent_task": g.parent_id, "role": g.role, "group": g.group,
                                   "group_name": repo.name_of(g.group), "members_here": g.members_here,
                                   "local": g.local, "owners": g.owners,
                                   "owner_names": repo.names_of(g.owners)} for g in pr.groups]
        elif par.ref is not None:
            from plans.loading.model import parse_date

            doc.update({"date": dmy(parse_date(par.ref.date)) or par.ref.date, "issuer": par.ref.issuer})
        parents.append(doc)
    return {"plan": plan.id, "number": plan.number, "date": plan.date_label(), "issuer": repo.name_of(plan.issuer),
            "parents": parents}


def _has_dues(plan) -> bool:
    return any(d.due or d.due_dates for d in plan.reporting)


def _has_findings(doc) -> bool:
    for p in doc["parents"]:
        if not p["in_repository"]:
            continue
        f = p["figures"]
        if (f["tasks_here"] - f["tasks_here_covered"]) or (f["objectives"] - f["objectives_covered"]) \
                or p["targets"] or p["deadlines"] or p["reports"] or f["group_tasks_unowned"]:
            return True
    return False


def _report(repo, plan, format, lang) -> int:
    from plans.cascade.report import report

    rep = report(repo, plan.id)
    doc = _report_doc(repo, rep, lang)
    code = 1 if _has_findings(doc) else 0
    if format is OutFormat.json:
        emit_json(doc)
        return code
    out = console()
    md = format is OutFormat.md
    if not doc["parents"]:
        _line(out, md, t("cascade_no_parent", lang, id=plan.id))
        return 0
    for p in doc["parents"]:
        if not p["in_repository"]:
            _head(out, md, t("cascade_heading_ref", lang, number=plan.number, date=plan.date_label(),
                             issuer=doc["issuer"], parent=p["number"]))
            for n in p["notes"]:
                _line(out, md, n)
            continue
        _head(out, md, t("cascade_heading", lang, number=plan.number, date=plan.date_label(), issuer=doc["issuer"],
                         parent=p["number"], parent_date=p["date"], parent_issuer=p["issuer"]))
        for n in p["notes"]:
            _line(out, md, n, "yellow")
        f = p["figures"]
        _line(out, md, t("cascade_figures", lang, covered=f["items_covered"], total=f["items"], pct=_pct(f["coverage"], lang),
                         tc=f["tasks_covered"], t=f["tasks"], oc=f["objectives_covered"], o=f["objectives"],
                         gc=f["targets_covered"], g=f["targets"], hc=f["tasks_here_covered"], h=f["tasks_here"]),
              "bold")
        rows = [{"id": i["id"], "kind": i["kind_label"],
                 "here": ", ".join(i["local"]) or t(f"cascade_no_{i['kind']}", lang),
                 "text": truncate(i["text"], 70) if not md else i["text"]} for i in p["items"]]
        render(rows, [("id", "cascade_col_parent_item"), ("kind", "cascade_col_kind"), ("here", "cascade_col_here"),
                      ("text", "col_text")], format, lang, title=t("cascade_items_heading", lang), out=out)
        missing = [r for r in rows if not next(i for i in p["items"] if i["id"] == r["id"])["local"]]
        if missing:
            render(missing, [("id", "cascade_col_parent_item"), ("kind", "cascade_col_kind"), ("text", "col_text")],
                   format, lang, title=t("cascade_missing_heading", lang), out=out)
        else:
            _line(out, md, t("cascade_none_missing", lang))
        if p["targets"]:
            render([dict(x, local_target=x["local_target"] or "—", local_goal=x["local_goal"] or "—")
                    for x in p["targets"]],
                   [("parent_target", "cascade_col_parent_item"), ("parent_goal", "cascade_col_parent_goal"),
                    ("local_target", "cascade_col_local_item"), ("local_goal", "cascade_col_local_goal"),
                    ("problem_label", "cascade_col_problem")], format, lang, title=t("cascade_targets_heading", lang),
                   out=out)
        else:
            _line(out, md, t("cascade_targets_ok", lang))
        if p["deadlines"]:
            render(p["deadlines"], [("parent_item", "cascade_col_parent_item"), ("parent_date", "cascade_col_parent_goal"),
                                    ("local_item", "cascade_col_local_item"), ("local_date", "cascade_col_local_goal"),
                                    ("problem_label", "cascade_col_problem")], format, lang,
                   title=t("cascade_deadlines_heading", lang), out=out)
        else:
            _line(out, md, t("cascade_deadlines_ok", lang))
        if p["reports"]:
            render(p["reports"], [("recipient_name", "cascade_col_recipient"), ("period", "col_period"),
                                  ("local_due", "cascade_col_local_due"), ("upward_due", "cascade_col_upward_due"),
                                  ("upward_recipient", "col_recipient")], format, lang,
                   title=t("cascade_reports_heading", lang), out=out)
        elif p["reports_checked"]:
            _line(out, md, t("cascade_reports_ok", lang))
        else:
            _line(out, md, t("cascade_reports_unknown", lang))
        if p["group_tasks"]:
            grows = [{"task": g["parent_task"], "group": g["group_name"], "members": ", ".join(g["members_here"]),
                      "owners": (", ".join(g["owner_names"]) + (f" ({', '.join(g['local'])})" if g["local"] else ""))
                      or t("cascade_unowned", lang)} for g in p["group_tasks"]]
            render(grows, [("task", "cascade_col_parent_item"), ("group", "cascade_col_group"),
                           ("members", "cascade_col_members"), ("owners", "cascade_col_owners")], format, lang,
                   title=t("cascade_groups_heading", lang), out=out)
    return code


def _head(out, md: bool, text: str) -> None:
    if md:
        from plans.output.escape import md_text

        typer.echo(f"## {md_text(text)}\n")
    else:
        say(out, text, "bold")


def _line(out, md: bool, text: str, style: str | None = None) -> None:
    if md:
        from plans.output.escape import md_text

        typer.echo(f"{md_text(text)}\n")
    else:
        say(out, text, style)


# ---------------------------------------------------------------- --down

def _down(repo, plan, format, lang) -> int:
    from plans.cascade.report import down

    rows = down(repo, plan.id)
    if format is OutFormat.json:
        emit_json({"plan": plan.id, "number": plan.number, "implemented_by": rows})
        return 0
    out = console()
    md = format is OutFormat.md
    if not rows:
        _line(out, md, t("cascade_down_none", lang, number=plan.number))
        return 0
    table = [{"plan": r["plan"], "number": r["number"], "issuer": repo.name_of(r["issuer"]), "date": r["date"],
              "coverage": f"{r['items_covered']}/{r['items']} ({_pct(r['coverage'], lang)})",
              "tasks": f"{r['tasks_covered']}/{r['tasks']}",
              "issues": t("cascade_issue_counts", lang, looser=r["looser"], missing=r["targets_missing"],
                          later=r["later"], reports=r["report_conflicts"], unowned=r["group_tasks_unowned"])}
             for r in rows]
    render(table, [("plan", "col_id"), ("issuer", "col_issuer"), ("date", "col_date"),
                   ("coverage", "cascade_col_coverage"), ("tasks", "cascade_col_tasks"),
                   ("issues", "cascade_col_issues")], format, lang,
           title=t("cascade_down_heading", lang, number=plan.number, date=plan.date_label()), out=out)
    return 0


# ---------------------------------------------------------------- link

def _link(repo, plan, write: bool, cutoff: float, format, lang) -> int:
    from plans.cascade.links import parents
    from plans.cascade.suggest import suggest

    if not any(p.plan is not None for p in parents(repo, plan)):
        fail(t("cascade_link_no_parent", lang, id=plan.id), code=1)
    sugg = suggest(repo, plan.id, cutoff=cutoff)
    new = [s for s in sugg if not s.linked]
    rows = [{"local": s.local_id, "kind": _kind(s.kind, lang), "link": s.link, "parent": s.parent_id,
             "score": f"{s.score:.1f}", "text_score": f"{s.text_score:.1f}",
             "agency_score": "—" if s.agency_score is None else f"{s.agency_score:.1f}",
             "state": t("cascade_link_existing" if s.linked else "cascade_link_new", lang),
             "linked": s.linked, "local_text": s.local_text, "parent_text": s.parent_text,
             "short": truncate(s.local_text, 50)} for s in sugg]
    path = plan.file
    if write and new:
        _write_links(path, new, lang)
    if format is OutFormat.json:
        emit_json({"plan": plan.id, "file": path, "cutoff": cutoff, "written": bool(write and new),
                   "suggestions": [{k: v for k, v in r.items() if k != "short"} for r in rows]})
        return 0
    out = console()
    md = format is OutFormat.md
    parent_numbers = ", ".join(p.number for p in parents(repo, plan) if p.plan is not None)
    render(rows, [("local", "cascade_col_local_item"), ("kind", "cascade_col_kind"), ("parent", "cascade_col_parent_item"),
                  ("score", "cascade_col_score"), ("text_score", "cascade_col_text_score"),
                  ("agency_score", "cascade_col_agency_score"), ("state", "cascade_col_state"), ("short", "col_text")],
           format, lang, title=t("cascade_link_heading", lang, number=plan.number, parent=parent_numbers), out=out)
    if not new:
        _line(out, md, t("cascade_link_none", lang))
    elif write:
        console(stderr=True).print(t("cascade_link_written", lang, n=len(new), path=_rel(path)), markup=False,
                                   soft_wrap=True)
    else:
        _line(out, md, t("cascade_link_hint", lang, n=len(new), path=_rel(path)))
    return 0


def _rel(path: str) -> str:
    import os

    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return rel if len(rel) < len(path) else path


def _write_links(path: str, new, lang: str) -> None:
    """Add the suggested links to the plan file: atomically, never through a link, never over a file
    changed since it was read (plans.output.safewrite); nothing else in the file changes."""
    import os

    from plans.cascade.edit import EditError, add_links
    from plans.commands._writes import refusal
    from plans.output.safewrite import WriteRefused, write_atomic

    additions: dict[str, list[str]] = {}
    for s in new:
        additions.setdefault(s.local_id, []).append(s.link)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            before = os.fstat(fh.fileno())
            text = fh.read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        fail(t("cascade_link_refused", lang, path=_rel(path), detail=getattr(e, "strerror", None) or str(e)))
    try:
        out, _ = add_links(text, additions)
    except EditError as e:
        fail(t("cascade_link_refused", lang, path=_rel(path), detail=e.detail or e.reason))
    try:
        write_atomic(path, out.encode("utf-8"), force=True, expect=before)
    except WriteRefused as e:
        fail(refusal(e, lang))
