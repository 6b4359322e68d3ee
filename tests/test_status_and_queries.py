"""plans status / tasks / plans / agencies / show on the fixture repository (a frozen copy of the seed plans).

Every test runs with the fixture repository as the working directory (``in_fixture_repo``), so the
commands' default ``plans``/``kpi`` are the fixture's, never the shipped data that staff edit.
"""
import pytest

import plans
from conftest import FIXTURE
from plans.queries.names import AMBIGUOUS, FOUND, UNKNOWN, NameIndex
from plans.queries.periods import parse, period_for_due
from plans.text import vi_key

pytestmark = pytest.mark.usefixtures("in_fixture_repo")

REPO = plans.load(str(FIXTURE / "plans"), str(FIXTURE / "kpi"))
IX = NameIndex(REPO)


@pytest.mark.parametrize("typed, expected", [
    ("Sở Giáo dục và Đào tạo Hải Phòng", "hp.so-giao-duc-va-dao-tao"),
    ("so giao duc hai phong", "hp.so-giao-duc-va-dao-tao"),       # no diacritics
    ("so giao duc hai phng", "hp.so-giao-duc-va-dao-tao"),        # a typo
    ("Bộ Công an", "vn.bo-cong-an"),
    ("bo cong an", "vn.bo-cong-an"),
    ("hp.cong-an", "hp.cong-an"),                                  # by id
    ("CATP Hai Phong", "hp.cong-an"),                              # short form + place
    ("Cong an Thanh pho Ha Noi", "hn.cong-an"),                    # an alias as the OCR wrote it
])
def test_names_resolve(typed, expected):
    r = IX.resolve(typed)
    assert r.status == FOUND and r.entity.id == expected


def test_ambiguous_name_lists_candidates():
    r = IX.resolve("cong an thanh pho")
    assert r.status == AMBIGUOUS
    assert {c.id for c, _ in r.candidates} == {"hp.cong-an", "hn.cong-an", "hue.cong-an"}


def test_unknown_name():
    assert IX.resolve("xyz abc").status == UNKNOWN


def test_cli_ambiguous_exits_2_with_candidates(run):
    res = run("status", "--agency", "cong an thanh pho")
    assert res.exit_code == 2
    assert "hp.cong-an" in res.output and "hn.cong-an" in res.output


def test_cli_unknown_suggests_nearest(run):
    res = run("status", "--agency", "so giao duc hai phong ha noi hue")
    assert res.exit_code in (0, 2)
    res = run("status", "--agency", "Sở Giáo dục Hải Dương Bắc Ninh")
    assert res.exit_code == 2


def test_national_plan_gives_bo_cong_an_the_lead_on_30_7(run):
    res, doc = run.json("status", "--agency", "bo cong an", "--as-of", "2025-07-01", "--format", "json")
    hits = [t for t in doc["tasks"] if t["plan"] == "vn-2025-53-kh-bcd" and "30/7" in t["text"]]
    assert hits and hits[0]["role_code"] == "lead" and hits[0]["via_id"] is None
    # 30/7 is within 30 days of 01/07: the day is flagged
    assert "30/07/2025" in hits[0]["state"]


def test_hai_phong_2026_gives_education_the_school_violence_item(run):
    res, doc = run.json("status", "--agency", "Sở Giáo dục và Đào tạo Hải Phòng", "--as-of", "01/03/2026",
                        "--format", "json")
    school = [t for t in doc["tasks"] if t["plan"] == "hp-2026-kh-bcd799-pttd-pctp" and "bạo lực học đường" in t["text"]]
    assert school and school[0]["via_id"] is None  # assigned by name, not through a group
    through_group = [t for t in doc["tasks"] if t["via_id"]]
    assert through_group and all("qua nhóm" in t["via"] for t in through_group)
    assert not [t for t in doc["tasks"] if t["plan"] == "hp-2025-kh-bcd799-pctp-mbn"]  # ended plans left out…
    _, doc_all = run.json("status", "--agency", "hp.so-giao-duc-va-dao-tao", "--as-of", "01/03/2026", "--all",
                          "--format", "json")
    assert [t for t in doc_all["tasks"] if t["plan"] == "hp-2025-kh-bcd799-pctp-mbn"]  # …unless --all


def test_ha_noi_2024_hotline_task_and_who_took_it_over(run):
    res, doc = run.json("status", "--agency", "so lao dong thuong binh xa hoi ha noi", "--as-of", "2024-06-01",
                        "--format", "json")
    hotline = [t for t in doc["tasks"] if "Tổng đài điện thoại quốc gia" in t["text"]]
    assert hotline and hotline[0]["role_code"] == "lead"
    assert doc["agency"]["valid_to"] == "2025-02-28"
    assert "hn.so-noi-vu" in doc["agency"]["successors"]
    text = run("status", "--agency", "hn.so-lao-dong-thuong-binh-va-xa-hoi", "--as-of", "2025-06-01", "--all").stdout
    text = " ".join(text.split())  # prose is wrapped to the width (80 in a pipe)
    assert "tiếp nhận" in text and "Sở Nội vụ thành phố Hà Nội" in text
    # and the successor sees the work it inherited
    _, succ = run.json("status", "--agency", "hn.so-y-te", "--as-of", "2024-06-01", "--format", "json")
    assert any(t["via_id"] == "hn.so-lao-dong-thuong-binh-va-xa-hoi" for t in succ["tasks"])


def test_reports_owed_with_cutoff_windows(run):
    _, doc = run.json("status", "--agency", "hue.so-tu-phap", "--as-of", "2026-06-01", "--format", "json")
    six = [r for r in doc["reports"] if r["period_code"] == "2026-H1"]
    assert six and six[0]["due"] == "12/06/2026" and six[0]["cutoff"] == "15/12/2025–14/06/2026"
    assert six[0]["state_code"] == "due-soon"
    year = [r for r in doc["reports"] if r["period_code"] == "2026"]
    assert year and year[0]["cutoff"] == "15/12/2025–14/12/2026" and year[0]["state_code"] == "upcoming"


def test_deadlines_overdue_and_due_soon(run):
    # Huế 2026: the fund decision is due before 25/3/2026
    _, before = run.json("status", "--agency", "hue.cong-an", "--as-of", "2026-03-01", "--format", "json")
    _, after = run.json("status", "--agency", "hue.cong-an", "--as-of", "2026-04-01", "--format", "json")
    due = lambda doc: {t["task"]: t["state_code"] for t in doc["tasks"] if t["deadline"] == "25/03/2026"}
    assert set(due(before).values()) == {"due-soon"}
    assert set(due(after).values()) == {"overdue"}


def test_status_overview(run):
    _, doc = run.json("status", "--as-of", "2026-04-01", "--format", "json")
    rows = {r["agency"]: r for r in doc["agencies"]}
    assert rows["hue.cong-an"]["overdue"] >= 1
    assert "vn.bo-lao-dong-thuong-binh-va-xa-hoi" not in rows  # ceased before the 2026 plans
    names = [r["name"] for r in doc["agencies"]]
    assert names == sorted(names, key=vi_key)


@pytest.mark.parametrize("fmt", ["table", "csv", "md", "json"])
def test_status_formats(run, fmt):
    res = run("status", "--agency", "hp.cong-an", "--as-of", "2026-03-01", "--format", fmt)
    assert res.exit_code == 0 and res.stdout
    if fmt == "csv":
        assert res.stdout.splitlines()[0].startswith("Bảng,Kế hoạch,Mục")  # one table: rows say which
    if fmt == "md":
        assert "| Mục" in res.stdout and "## Công an thành phố Hải Phòng" in res.stdout


def test_english(run):
    res = run("--lang", "en", "status", "--agency", "hp.cong-an", "--as-of", "2026-03-01")
    assert "as of 01/03/2026" in res.stdout and "Tasks" in res.stdout


def test_vietnamese_collation():
    words = ["Đà Nẵng", "Dũng", "ăn", "an", "âm", "Ê", "e", "ơi", "ô", "o", "ư", "u"]
    assert sorted(words, key=vi_key) == ["an", "ăn", "âm", "Dũng", "Đà Nẵng", "e", "Ê", "o", "ô", "ơi", "u", "ư"]


def test_periods_follow_decree_09_2019():
    assert parse("2025-H1").cutoff == (parse("2025").cutoff[0], parse("2025-H1").cutoff[1])
    assert [str(d) for d in parse("2025-H1").cutoff] == ["2024-12-15", "2025-06-14"]
    assert [str(d) for d in parse("2025-H2").cutoff] == ["2025-06-15", "2025-12-14"]
    assert [str(d) for d in parse("2025-Q1").cutoff] == ["2024-12-15", "2025-03-14"]
    assert [str(d) for d in parse("2025-Q3").cutoff] == ["2025-06-15", "2025-09-14"]
    assert [str(d) for d in parse("2025-M01").cutoff] == ["2024-12-15", "2025-01-14"]
    import datetime as dt
    assert period_for_due("quarter", dt.date(2024, 9, 18)).code == "2024-Q3"
    assert period_for_due("6-months", dt.date(2026, 6, 12)).code == "2026-H1"


def test_tasks_filters(run):
    _, rows = run.json("tasks", "--agency", "bo cong an", "--search", "ngay toan dan", "--format", "json")
    assert {r["task"] for r in rows} >= {"II.2.a.3"}
    _, rows = run.json("tasks", "--plan", "hue-2026-kh-ubnd-pctp", "--due-before", "31/03/2026", "--format", "json")
    assert rows and all(r["deadline"] in ("20/03/2026", "25/03/2026") for r in rows)
    _, rows = run.json("tasks", "--plan", "vn-2025-53-kh-bcd", "--section", "II.2.a", "--format", "json")
    assert rows and all(r["task"].startswith("II.2.a.") for r in rows)
    _, rows = run.json("tasks", "--recurring", "--format", "json")
    assert rows and all(r["deadline"] == "thường xuyên" for r in rows)


def test_plans_agencies_show(run):
    _, rows = run.json("plans", "--format", "json")
    assert [r["id"] for r in rows][0] == "hn-2024-133-kh-ubnd" and len(rows) == 5
    _, rows = run.json("agencies", "lao dong", "-j", "hn", "--format", "json")
    assert "hn.so-lao-dong-thuong-binh-va-xa-hoi" in {r["id"] for r in rows}
    _, doc = run.json("agencies", "--show", "so lao dong ha noi", "--format", "json")
    assert doc["valid_to"] == "2025-02-28" and doc["successor"][0]["id"] == "hn.so-noi-vu"
    _, doc = run.json("show", "vn-2025-53-kh-bcd:II.2.a.3", "--format", "json")
    assert doc["lead"] == [{"id": "vn.bo-cong-an", "name": "Bộ Công an"}]
    md = run("show", "vn-2025-53-kh-bcd", "--format", "md").stdout
    assert "Số: 53/KH-BCĐ" in md and "Lương Tam Quang" in md
    assert run("show", "no-such-plan").exit_code == 2


def test_cached_model_follows_edits(run, repo):
    args = ("status", "--agency", "hue.cong-an", "--as-of", "2026-03-01", "--format", "json", "--repo", repo.plans)
    _, first = run.json(*args)
    _, again = run.json(*args)  # served from the cache: same answer
    assert first == again
    repo.edit("plans/hue/2026-kh-ubnd-pctp.yaml", "deadline: '2026-03-25'", "deadline: '2026-03-05'")
    _, edited = run.json(*args)
    assert {t["deadline"] for t in edited["tasks"]} & {"05/03/2026"}
