"""``plans site``: the pages hold what the model says (counts, names, links), every internal link
resolves, nothing refers outside the folder, a rebuild is byte-identical, and a rebuild never loses a
file someone else put into the folder. Runs on the frozen fixture repository, never the shipped data."""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from typer.testing import CliRunner

import plans
from plans.commands.app import app
from plans.kpi.progress import progress_lookup
from plans.queries import status as q
from site_helpers import AS_OF, page, table_rows

DAY = dt.datetime.strptime(AS_OF, "%d/%m/%Y").date()
HP26 = "hp-2026-kh-bcd799-pttd-pctp"
SGD = "hp.so-giao-duc-va-dao-tao"


def invoke(*args):
    res = CliRunner().invoke(app, [str(a) for a in args])
    assert "Traceback" not in res.output, res.output
    return res


@pytest.fixture(scope="module")
def built(tmp_path_factory, frozen_repo):
    out = tmp_path_factory.mktemp("site") / "_site"
    res = invoke("site", "-o", out, "--as-of", AS_OF, "--repo", frozen_repo / "plans", "--repo", frozen_repo / "kpi")
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def repo(frozen_repo):
    return plans.load(str(frozen_repo / "plans"), str(frozen_repo / "kpi"))


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def test_command_reports_what_it_wrote(built):
    assert (built / "index.html").is_file() and (built / "search.html").is_file()
    assert (built / "assets" / "vendor" / "minisearch" / "LICENSE.txt").is_file()


def test_home_counts_per_plan_match_the_model(built, repo):
    html = (built / "index.html").read_text(encoding="utf-8")
    received, _ = progress_lookup(repo, DAY)
    rows = q.overview(repo, DAY, received=received)
    in_force = [p for p in repo.plans.values() if q.in_force(p, DAY)]
    assert in_force, "the fixture must have plans in force on the day"
    home = page(built, "index.html")
    for p in in_force:
        states = [q.task_state(p, t, DAY, 30)[0] for t in p.tasks()]
        overdue, soon = states.count(q.OVERDUE), states.count(q.DUE_SOON)
        missing = sum(1 for r in rows for rep in q.agency_status(repo, r["agency"], DAY, received=received).reports
                      if rep.plan.id == p.id and rep.state == q.NOT_RECEIVED)
        row = next(r for r in table_rows(html, f'id="area-{p.jurisdiction}"') if r and r[0].startswith(p.number))
        # plan | on time | due soon | overdue | reports missing | met | not met | insufficient
        assert row[1:5] == [str(len(states) - overdue - soon), str(soon), str(overdue), str(missing)], (p.id, row)
        assert int(row[5]) + int(row[6]) + int(row[7]) == len(p.targets)
        assert home.links_to(f"plan/{p.id}.html"), p.id
    ended = [p for p in repo.plans.values() if not q.in_force(p, DAY)]
    for p in ended:  # listed apart, still linked
        assert p.number in home.text and home.links_to(f"plan/{p.id}.html")


def test_home_agency_table_is_the_overview(built, repo):
    html = (built / "index.html").read_text(encoding="utf-8")
    received, _ = progress_lookup(repo, DAY)
    rows = q.overview(repo, DAY, received=received)
    table = table_rows(html, 'id="by-agency"')[1:]
    assert len(table) == len(rows)
    got = {(r[0], r[2], r[5], r[6]) for r in table}
    want = {(r["name"], str(r["tasks"]), str(r["overdue"]), str(r["reports_not_received"])) for r in rows}
    assert got == want
    home = page(built, "index.html")
    assert "Sở Giáo dục và Đào tạo thành phố Hải Phòng" in home.links_to(f"agency/{SGD}.html")


def test_targets_status_matches_attainment(built, repo):
    import datetime as dt

    from plans.kpi.attainment import attainment, report_periods
    from plans.loading.view import View

    view = View(repo, DAY)  # the site's day, not today
    p = repo.plans[HP26]
    latest = report_periods(view, p)[-1]
    rows = attainment(view, p, latest)
    html = (built / "plan" / f"{HP26}.html").read_text(encoding="utf-8")
    table = {r[0]: r for r in table_rows(html, 'id="targets"')[1:]}
    labels = {"met": "đạt", "not-met": "không đạt", "insufficient": "chưa đủ số liệu"}
    assert set(table) == {a.target.id for a in rows}
    for a in rows:
        assert table[a.target.id][4] == labels[a.status], a.target.id
    assert "DỮ LIỆU MẪU" in html  # the shipped reports are sample data: said on the page


def test_plan_page_has_every_task_with_roles_linked(built, repo):
    for p in repo.plans.values():
        pg = page(built, f"plan/{p.id}.html")
        for t in p.tasks():
            assert "t-" + re.sub(r"[^A-Za-z0-9._-]", "-", t.id) in pg.ids, (p.id, t.id)
            for _, ref, _ in t.roles():
                if repo.entity(ref):
                    assert repo.name_of(ref) in pg.links_to(f"agency/{ref}.html"), (p.id, t.id, ref)
    hp = page(built, f"plan/{HP26}.html")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in hp.text and repo.plans[HP26].title in hp.text


def test_agency_page_is_what_status_says(built, repo):
    received, progress = progress_lookup(repo, DAY)
    st = q.agency_status(repo, SGD, DAY, received=received)
    pg = page(built, f"agency/{SGD}.html")
    assert "Sở Giáo dục và Đào tạo thành phố Hải Phòng" in pg.text
    assert st.assignments
    for a in st.assignments:  # every task, linked to its place in the plan
        anchor = "t-" + re.sub(r"[^A-Za-z0-9._-]", "-", a.task.id)
        assert any(h.endswith(f"plan/{a.plan.id}.html#{anchor}") for h, _ in pg.anchors), a.task.id
    html = (built / "agency" / f"{SGD}.html").read_text(encoding="utf-8")
    n_reports = sum(len(table_rows(html[m.start():], "<table")) - 1
                    for m in re.finditer(r"<h3>Báo cáo phải gửi</h3>", html))
    assert n_reports == len(st.reports)
    via = [a for a in st.assignments if a.via_kind == "group"]
    assert via and "qua nhóm" in pg.text


def test_every_internal_link_resolves(built):
    ids_cache: dict[Path, set] = {}
    checked = 0
    for f in html_files(built):
        pg = page(built, str(f.relative_to(built)))
        for attr, link in pg.links:
            if link.startswith("#"):
                target, frag = f, link[1:]
            else:
                assert not re.match(r"^[a-z][a-z0-9+.-]*:", link), (f, link)  # no scheme: no http, no data:
                path, _, frag = link.partition("#")
                target = (f.parent / unquote(path.split("?")[0])).resolve()
                assert target.is_file(), (f.relative_to(built), link)
                assert built.resolve() in target.parents, (f, link)
            if frag and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = page(target.parent, target.name).ids
                assert frag in ids_cache[target], (f.relative_to(built), link)
            checked += 1
    assert checked > 1000


URL = re.compile(rb"https?://")


def test_no_external_url_anywhere(built):
    vendor = built / "assets" / "vendor"
    for f in sorted(p for p in built.rglob("*") if p.is_file()):
        data = f.read_bytes()
        if vendor in f.parents:
            # the vendored library mentions web pages in comments only
            for line in data.splitlines():
                if URL.search(line):
                    assert line.strip().startswith((b"//", b"*", b"/*")), (f, line)
            continue
        if f.suffix == ".svg":  # XML namespaces and the SVG DTD's identifier are names, never fetched
            data = re.sub(rb'xmlns(:\w+)?="http://www\.w3\.org/[^"]*"', b"", data)
            data = data.replace(b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"', b"")
        assert not URL.search(data), f.relative_to(built)
        if f.suffix == ".html":
            assert b"//" not in re.sub(rb"<script.*?</script>", b"", data, flags=re.S).replace(b"<!--", b""), f


def test_pages_are_accessible_basics(built):
    for f in html_files(built):
        pg = page(built, str(f.relative_to(built)))
        assert pg.html_lang == "vi", f
        assert "main" in pg.ids
        for img in pg.imgs:
            assert (img.get("alt") or "").strip(), (f, img)
    css = (built / "assets" / "site.css").read_text(encoding="utf-8")
    assert "@media print" in css and "size: A4" in css and "max-width: 40rem" in css


def test_charts_are_svg_with_text_alternatives(built):
    pg = page(built, f"plan/{HP26}.html")
    charts = [i for i in pg.imgs if i["src"].startswith("../charts/")]
    assert charts
    for img in charts:
        svg = (built / "plan" / img["src"]).resolve().read_bytes()
        assert svg.startswith(b"<?xml") and b"<svg" in svg
        assert b"<dc:date>" not in svg  # no build date: rebuilds are identical
    assert "88.84%" in pg.text or "88,84%" in pg.text


def test_indicator_pages_show_values_per_reporter(built, repo):
    from plans.kpi.attainment import attainment, report_periods

    p = repo.plans[HP26]
    per = report_periods(repo, p)[-1]
    for a in attainment(repo, p, per):
        if a.indicator is None or not a.reporters:
            continue
        pg = page(built, f"kpi/{a.indicator.id}.html")
        for r in a.reporters:
            assert repo.name_of(r) in pg.links_to(f"agency/{r}.html")
            own = attainment(repo, p, per, r)
            mine = next(x for x in own if x.target.id == a.target.id)
            if mine.value is not None:
                from plans.text import num

                assert num(mine.value) in pg.text
        assert "DỮ LIỆU MẪU" in pg.text


def test_search_index_holds_plans_tasks_agencies(built, repo):
    import json

    js = (built / "assets" / "search-index.js").read_text(encoding="utf-8")
    doc = json.loads(js[js.index("=") + 1:].rstrip().rstrip(";"))
    docs = doc["docs"]
    kinds = {d["k"] for d in docs}
    assert kinds == {"plan", "task", "agency", "group"}
    assert sum(1 for d in docs if d["k"] == "task") == sum(1 for _ in repo.tasks())
    assert sum(1 for d in docs if d["k"] == "plan") == len(repo.plans)
    sgd = [d for d in docs if d["t"] == "Sở Giáo dục và Đào tạo thành phố Hải Phòng"]
    assert sgd and sgd[0]["u"] == f"agency/{SGD}.html"
    for d in docs:
        assert (built / d["u"].split("#")[0]).is_file(), d


def test_rebuild_is_byte_identical_in_another_process(built, frozen_repo, tmp_path):
    out = tmp_path / "again"
    env = dict(os.environ, PYTHONHASHSEED="12345")  # another set order, another dict of agencies
    subprocess.run([sys.executable, "-m", "plans", "site", "-o", str(out), "--as-of", AS_OF,
                    "--repo", str(frozen_repo / "plans"), "--repo", str(frozen_repo / "kpi")],
                   check=True, env=env, capture_output=True)
    a = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    b = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_rebuild_keeps_what_others_wrote(repo, tmp_path, frozen_repo):
    out = tmp_path / "_site"
    args = ["--as-of", AS_OF, "--repo", frozen_repo / "plans", "--repo", frozen_repo / "kpi"]
    assert invoke("site", "-o", out, *args).exit_code == 0
    # another command's calendar for one agency: linked from its page, kept by every rebuild
    (out / "calendar").mkdir()
    ics = out / "calendar" / f"{SGD}.ics"
    ics.write_text("BEGIN:VCALENDAR\nEND:VCALENDAR\n", encoding="utf-8")
    res = invoke("site", "-o", out, *args)
    assert res.exit_code == 0, res.output
    assert ics.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert page(out, f"agency/{SGD}.html").links_to(f"calendar/{SGD}.ics")
    assert not page(out, "agency/hp.cong-an.html").links_to("hp.cong-an.ics")
    # a page someone edited is not overwritten without --force
    edited = out / "plans.html"
    edited.write_text("my notes", encoding="utf-8")
    res = invoke("site", "-o", out, *args)
    assert res.exit_code == 2 and "--force" in res.output
    assert edited.read_text(encoding="utf-8") == "my notes"
    assert invoke("site", "-o", out, "--force", *args).exit_code == 0
    assert "my notes" not in edited.read_text(encoding="utf-8")


def test_a_page_of_a_removed_plan_goes_on_rebuild(repo, tmp_path):
    import shutil

    from conftest import FIXTURE

    src = tmp_path / "repo"
    shutil.copytree(FIXTURE, src)
    out = tmp_path / "_site"
    args = ["-o", out, "--as-of", AS_OF, "--repo", src / "plans", "--repo", src / "kpi"]
    assert invoke("site", *args).exit_code == 0
    gone = out / "plan" / "hue-2026-kh-ubnd-pctp.html"
    assert gone.is_file()
    (src / "plans" / "hue" / "2026-kh-ubnd-pctp.yaml").unlink()
    res = invoke("site", *args)
    assert res.exit_code == 0, res.output
    assert not gone.exists()


def test_refuses_a_folder_it_did_not_make_and_data_dirs(tmp_path, frozen_repo, monkeypatch):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "index.html").write_text("<p>my own page</p>", encoding="utf-8")
    args = ["--as-of", AS_OF, "--repo", frozen_repo / "plans", "--repo", frozen_repo / "kpi"]
    res = invoke("site", "-o", out, *args)
    assert res.exit_code == 2 and "index.html" in res.output
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>my own page</p>"
    assert len(list(out.iterdir())) == 1  # nothing else written
    monkeypatch.chdir(frozen_repo)
    res = invoke("site", "-o", "plans/_site", *args)
    assert res.exit_code == 2 and not (frozen_repo / "plans" / "_site").exists()
    res = invoke("site", "-o", tmp_path / "x", "--as-of", "31/02/2026", *args[2:])
    assert res.exit_code == 2 and not (tmp_path / "x").exists()


def test_english_pages_mark_vietnamese_data(tmp_path, frozen_repo):
    out = tmp_path / "en"
    res = invoke("--lang", "en", "site", "-o", out, "--as-of", AS_OF, "--repo", frozen_repo / "plans",
                 "--repo", frozen_repo / "kpi")
    assert res.exit_code == 0 and "Site built" in res.output
    pg = page(out, f"agency/{SGD}.html")
    assert pg.html_lang == "en" and "Tasks assigned" in pg.text
    html = (out / f"agency/{SGD}.html").read_text(encoding="utf-8")
    assert '<h1 lang="vi">Sở Giáo dục và Đào tạo thành phố Hải Phòng</h1>' in html


def test_ids_never_leave_their_folder():
    from plans.site.model import slug

    assert slug("hp.cong-an") == "hp.cong-an"
    for bad in ("../../etc/passwd", "a/b", "..", ".hidden", "x y", "Sở"):
        s = slug(bad)
        assert "/" not in s and not s.startswith(".") and re.fullmatch(r"[A-Za-z0-9._-]+", s), bad
    assert slug("a/b") != slug("a_b")
