"""``plans site``: a static dashboard (HTML, CSS, a little JavaScript) built from the repository."""
from __future__ import annotations

from typing import List, Optional

import typer

from plans.commands._common import dmy, fail, load_repo, parse_date
from plans.commands.app import Lang, app, lang_of
from plans.i18n import t


@app.command()
def site(
    ctx: typer.Context,
    out: str = typer.Option("_site", "-o", "--output", help="Thư mục ghi trang (mặc định _site)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Tính đến ngày (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định hôm nay."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="Ngôn ngữ của trang: vi, en (mặc định như lệnh)."),
    soon: int = typer.Option(30, "--soon", help="Số ngày coi là sắp đến hạn."),
    force: bool = typer.Option(False, "--force", help="Ghi đè cả tệp không do plans site tạo hoặc đã bị sửa."),
    paths: Optional[List[str]] = typer.Option(None, "--repo", help="Thư mục kho (mặc định plans và kpi)."),
):
    """Dựng trang tĩnh (mở được không cần mạng): tổng quan, từng kế hoạch, từng cơ quan, chỉ tiêu, tìm kiếm.

    Ví dụ: plans site -o _site --as-of 01/03/2026
    """
    page_lang = lang.value if lang else lang_of(ctx)
    msg_lang = lang_of(ctx) if lang is None else lang.value
    day = parse_date(as_of, msg_lang)
    if soon < 0:
        fail(t("site_bad_soon", msg_lang))
    repo = load_repo(paths, msg_lang)
    from pathlib import Path

    from plans.commands._writes import refusal
    from plans.output.safewrite import WriteRefused
    from plans.site.build import DOWNLOADS, build_site
    from plans.site.output import present_files, write_site

    present = present_files(Path(out), [p for _, p in DOWNLOADS])
    files = build_site(repo, day, page_lang, soon, present)
    try:
        res = write_site(out, files, force=force)
    except WriteRefused as e:
        if e.reason == "exists":
            fail(t("site_in_the_way", msg_lang, path=e.path, out=out))
        fail(refusal(e, msg_lang))
    typer.echo(t("site_written", msg_lang, out=out, n=len(files), written=len(res.written),
                 unchanged=len(res.unchanged), removed=len(res.removed), date=dmy(day)))
    if res.kept:
        typer.echo(t("site_kept", msg_lang, n=len(res.kept), files=", ".join(res.kept[:5])), err=True)
