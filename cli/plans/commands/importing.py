"""``plans import FILE``: a received plan (DOCX, PDF, OCR text, web text) becomes a draft plan YAML."""
from __future__ import annotations

import os
from typing import List, Optional

import typer

from plans.commands._common import console, fail, load_repo, say
from plans.commands.app import app, lang_of
from plans.i18n import TEXT, t


def _root_of(paths: Optional[List[str]]) -> str:
    from plans.output.safewrite import repository_root

    start = paths[0] if paths else "."
    root = repository_root(start, fallback=False)
    if root is None:
        root = repository_root(os.path.dirname(os.path.abspath(start)) if paths else ".", fallback=True)
    return str(root)


def _source_file(path: str, root: str) -> str:
    """source.file as the shipped plans write it: relative to plans/ when the file lies there."""
    plans_dir = os.path.join(root, "plans")
    real = os.path.realpath(path)
    if os.path.commonpath([real, os.path.realpath(plans_dir)]) == os.path.realpath(plans_dir):
        return os.path.relpath(real, os.path.realpath(plans_dir))
    return "sources/" + os.path.basename(path)


def _day(value) -> str:
    """A draft's date (ISO text or a date) as every output shows one: dd/mm/yyyy."""
    import datetime as dt

    from plans.text import dmy

    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return dmy(value) if isinstance(value, dt.date) else ""


def _write(items, lang: str, force: bool) -> None:
    from plans.commands._writes import refusal
    from plans.output.safewrite import WriteRefused, write_files

    try:
        write_files(items, force=force, protected=())
    except WriteRefused as e:
        fail(refusal(e, lang))


@app.command("import")
def import_plan(
    ctx: typer.Context,
    file: str = typer.Argument(..., help="Văn bản nhận được: .docx, .pdf, .txt, .md, ảnh quét."),
    out: Optional[str] = typer.Option(None, "-o", "--output",
                                      help="Tệp YAML ghi ra (mặc định plans/<địa bàn>/<mã>.yaml trong kho)."),
    jurisdiction: Optional[str] = typer.Option(None, "--jurisdiction", "-j",
                                               help="Địa bàn (mã sổ cơ quan: vn, hp, hn, hue…); mặc định theo cơ quan ban hành."),
    implements: Optional[str] = typer.Option(None, "--implements", help="Mã kế hoạch cấp trên mà kế hoạch này thực hiện."),
    new_agencies: Optional[str] = typer.Option(None, "--new-agencies",
                                               help="Ghi dự thảo sổ cơ quan cho các tên chưa có vào tệp này."),
    force: bool = typer.Option(False, "--force", help="Ghi đè tệp đã có."),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho."),
):
    """Nhập một kế hoạch nhận được (DOCX, PDF, văn bản OCR) thành bản nháp YAML để rà soát.

    Ví dụ: plans import ke-hoach-nhan-duoc.docx -o plans/hp/2026-kh-moi.yaml
    """
    from plans.importer import ExtractError, import_file
    from plans.importer.draft import schema_errors, to_yaml

    lang = lang_of(ctx)
    repo = load_repo(paths, lang)
    if implements and implements not in repo.plans:
        fail(t("import_bad_implements", lang, id=implements))
    if jurisdiction and jurisdiction not in repo.jurisdiction_names:
        fail(t("import_bad_jurisdiction", lang, j=jurisdiction, choices=", ".join(sorted(repo.jurisdiction_names))))
    root = _root_of(paths)
    try:
        result = import_file(file, repo, root, jurisdiction=jurisdiction, implements=implements,
                             source_file=_source_file(file, root))
    except ExtractError as e:
        fail(t(f"import_{e.reason}", lang, path=file, detail=e.detail))
    data = result.data
    if not result.found.get("tasks") and not data.get("objectives"):
        fail(t("import_no_structure", lang, path=file), 1)
    errors = schema_errors(data)
    if errors:
        fail("\n".join([t("import_schema", lang)] + errors), 1)
    jur = data.get("jurisdiction", "vn")
    # named as the shipped plans are: plans/hp/2026-31-kh-bcd.yaml for the plan hp-2026-31-kh-bcd
    stem = data["id"][len(jur) + 1:] if data["id"].startswith(jur + "-") else data["id"]
    target = out or os.path.join(root, "plans", jur, f"{stem}.yaml")
    items = [(target, to_yaml(data).encode("utf-8"))]
    unknown = result.unknown
    if new_agencies and unknown:
        items.append((new_agencies, _registry_draft(data.get("jurisdiction", "vn"), unknown).encode("utf-8")))
    _write(items, lang, force)

    con = console()
    shown = os.path.relpath(target) if not os.path.isabs(out or "") else target
    say(con, t("import_written", lang, path=shown), "green")
    rng = data.get("date_range") or {}
    date = _day(data.get("date")) or ("{}–{}".format(_day(rng.get("from")), _day(rng.get("to"))) if rng else "…")
    say(con, t("import_header", lang, number=data.get("number", "…"), issuer=data.get("issuer", "…"),
               place=data.get("place", "…"), date=date, title=data.get("title", "…")))
    say(con, t("import_found", lang, **result.found))
    if result.restored:
        say(con, t("import_restored", lang, changed=result.restored[0], tokens=result.restored[1]), "yellow")
    if result.missing:
        parts = [t(f"import_part_{f}", lang) if f"import_part_{f}" in TEXT else f for f in result.missing]
        say(con, t("import_missing", lang, fields="; ".join(parts)), "yellow")
    if unknown:
        say(con, t("import_unknown", lang, n=len(unknown)), "yellow")
        for task, u in unknown[:12]:
            near = "; ".join(f"{i} ({n})" for i, n, _ in u.candidates[:2]) or t("import_none", lang)
            say(con, t("import_unknown_line", lang, task=task, text=u.text, near=near))
        if new_agencies:
            say(con, t("import_new_agencies", lang, n=len({u.text for _, u in unknown}), path=new_agencies))
    elif new_agencies:
        say(con, t("import_no_new_agencies", lang))
    src_file = data.get("source", {}).get("file", "")
    if src_file and not os.path.exists(os.path.join(root, "plans", src_file)):
        say(con, t("import_copy_source", lang, path=os.path.join("plans", src_file)), "yellow")
    say(con, t("import_unverified", lang, n=len(data.get("unverified", [])), path=shown))


def _registry_draft(jurisdiction: str, unknown) -> str:
    """An Agencies file for the names the registry lacks: ids made from the names, every entry marked."""
    from plans.importer.draft import _ordered  # noqa: F401  (same emitter settings)
    from plans.importer.vntext import fold_keep

    seen: dict[str, dict] = {}
    for task, u in unknown:
        slug = "-".join(fold_keep(u.text).split())[:60] or "co-quan"
        aid = f"{jurisdiction}.{slug}"
        if aid in seen:
            continue
        near = ", ".join(f"{i} ({n})" for i, n, _ in u.candidates[:3])
        seen[aid] = {"id": aid, "name": u.text,
                     "note": f"Dự thảo do plans import tạo (gặp ở {task}); chưa xác minh."
                             + (f" Gần nhất trong sổ: {near}." if near else "")}
    import io

    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.default_flow_style = False
    y.allow_unicode = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    y.dump({"kind": "Agencies", "schema_version": 1, "jurisdiction": jurisdiction,
            "agencies": list(seen.values())}, buf)
    return buf.getvalue()
