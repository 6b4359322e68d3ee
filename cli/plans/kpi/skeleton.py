"""A report skeleton for one agency, plan and period, written with ruamel.yaml (round-trip
writer: comments tell the person filling it in what each figure is)."""
from __future__ import annotations

from pathlib import Path

from plans.kpi.charge import targets_in_charge
from plans.loading.model import Agency, Group, Plan, Repository
from plans.queries.periods import Period
from plans.queries.status import agency_status
from plans.text import clean


def report_head(plan: Plan, period: Period, agency, date, number: str, sample: bool, how: str):
    """The head of a report file (kind, plan, period, agency, date, number, sample) with the comment
    that opens it; ``how`` is its last line (how to fill it in, or where it was imported from). A
    skeleton and a report imported from Excel start alike."""
    from ruamel.yaml.comments import CommentedMap

    start, end = period.cutoff
    doc = CommentedMap()
    doc["kind"] = "Report"
    doc["schema_version"] = 1
    doc["plan"] = plan.id
    doc["period"] = period.code
    doc["agency"] = agency.id
    doc["date"] = date
    doc["number"] = number
    if sample:
        doc["sample"] = True
    doc.yaml_set_start_comment(
        f"Báo cáo kết quả thực hiện Kế hoạch {_line(plan.number)} — {_line(agency.name)}\n"
        f"Kỳ {period.label('vi')}; chốt số liệu từ {start:%d/%m/%Y} đến {end:%d/%m/%Y} "
        f"(Nghị định 09/2019/NĐ-CP, Điều 12).\n" + how)
    doc.yaml_add_eol_comment("ngày ký báo cáo", "date")
    doc.yaml_add_eol_comment("số, ký hiệu văn bản báo cáo", "number")
    return doc


def report_skeleton(repo: Repository, plan: Plan, period: Period, agency: Agency | Group, sample: bool = False):
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    doc = report_head(plan, period, agency, None, "", sample,
                      "Điền số liệu vào chỗ null; ngày dạng YYYY-MM-DD. Kiểm tra: plans lint")

    figures = CommentedSeq()
    seen = set()
    for p, tg in targets_in_charge(repo, agency):
        if p.id != plan.id or tg.indicator in seen:
            continue
        seen.add(tg.indicator)
        ind = repo.indicators[tg.indicator]
        item = CommentedMap()
        item["indicator"] = ind.id
        values = CommentedMap()
        for c in ind.components:
            values[c.id] = None
            values.yaml_add_eol_comment(_line(f"{c.name} ({c.unit})"), c.id)
        item["values"] = values
        if ind.kind == "change":
            base = CommentedMap()
            for c in ind.components:
                base[c.id] = None
                base.yaml_add_eol_comment(_line(f"{c.name}, cùng kỳ năm gốc ({tg.baseline or 'năm trước'})"), c.id)
            item["baseline"] = base
        figures.append(item)
        figures.yaml_set_comment_before_after_key(len(figures) - 1, before=f"{tg.id}: {clean(tg.text)}", indent=2)
    doc["figures"] = figures

    tasks = CommentedSeq()
    st = agency_status(repo, agency.id, period.end, plan_id=plan.id)
    done = set()
    for a in st.assignments:
        if a.task.id in done:
            continue
        done.add(a.task.id)
        item = CommentedMap()
        item["task"] = a.task.id
        item["status"] = "not-started"
        item["done_on"] = None
        item["evidence"] = ""
        item.yaml_add_eol_comment("done | in-progress | not-started", "status")
        tasks.append(item)
        text = " ".join(clean(a.task.text).split())  # a raw control character would break the YAML
        tasks.yaml_set_comment_before_after_key(len(tasks) - 1, before=f"{a.task.id} ({a.role}): {text[:150]}",
                                                indent=2)
    doc["tasks"] = tasks
    notes = CommentedMap()
    notes["results"] = ""
    notes["shortcomings"] = ""
    notes["proposals"] = ""
    notes.yaml_add_eol_comment("kết quả đạt được", "results")
    notes.yaml_add_eol_comment("tồn tại, hạn chế", "shortcomings")
    notes.yaml_add_eol_comment("đề xuất, kiến nghị", "proposals")
    doc["notes"] = notes
    return doc


def to_yaml(doc) -> str:
    """The skeleton as YAML text (the command writes it through plans.output.safewrite)."""
    import io

    from ruamel.yaml import YAML

    y = YAML()
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    buf = io.StringIO()
    y.dump(doc, buf)
    return buf.getvalue()


def report_path(reports_dir: Path, plan_id: str, period_code: str, agency_id: str) -> Path:
    """``reports_dir/<plan>/<period>/<agency>.yaml``. Each id must match its pattern in the report schema
    (a-z, 0-9, dots, hyphens; no slash, no leading dot), so that a registry entry such as
    ``../../../tmp/x`` or ``/tmp/x`` can never name a file elsewhere: ValueError(what, id) otherwise."""
    import json
    import re

    from plans.loading.loader import schema_dir

    props = json.loads((schema_dir() / "report.schema.json").read_text(encoding="utf-8"))["properties"]
    for what, value in (("plan", plan_id), ("period", period_code), ("agency", agency_id)):
        if not isinstance(value, str) or not re.fullmatch(props[what]["pattern"], value):
            raise ValueError(what, value)
    return reports_dir / plan_id / period_code / f"{agency_id}.yaml"


def _line(s) -> str:
    """Data text for a comment: one line, no control characters (either would break the YAML written)."""
    return " ".join(clean(s).split())
