"""plans cascade: a local plan against the plan it carries out (Hải Phòng 2025 against 53/KH-BCĐ), the
reverse view, the suggested links and their writer, rule R028, and national groups reaching city bodies.

Runs on a copy of tests/fixtures/cascade (the shipped plans with the hand-filled links, frozen)."""
import json
import re
import shutil
from pathlib import Path

import pytest

CASCADE = Path(__file__).resolve().parent / "fixtures" / "cascade"
HP = "plans/hp/2025-kh-bcd799-pctp-mbn.yaml"
VN = "plans/vn/2025-53-kh-bcd.yaml"
HP_ID, VN_ID = "hp-2025-kh-bcd799-pctp-mbn", "vn-2025-53-kh-bcd"


class Copy:
    def __init__(self, path: Path):
        self.path = path

    def read(self, rel):
        return (self.path / rel).read_text(encoding="utf-8")

    def write(self, rel, text):
        (self.path / rel).write_text(text, encoding="utf-8")

    def edit(self, rel, old, new, count=1):
        text = self.read(rel)
        assert old in text, old
        self.write(rel, text.replace(old, new, count))

    def cut(self, rel, pattern):
        """Remove the YAML block matched by the regex ``pattern`` (multiline)."""
        text = self.read(rel)
        new, n = re.subn(pattern, "", text, count=1, flags=re.M | re.S)
        assert n == 1, pattern
        self.write(rel, new)

    def args(self):
        return ["--repo", str(self.path / "plans"), "--repo", str(self.path / "kpi")]


@pytest.fixture
def casc(tmp_path, monkeypatch):
    dest = tmp_path / "repo"
    shutil.copytree(CASCADE, dest)
    monkeypatch.chdir(dest)
    return Copy(dest)


def report(run, casc, plan=HP_ID, *extra):
    res = run("cascade", plan, "--format", "json", *extra, *casc.args())
    return res, json.loads(res.stdout)


def parent(doc, pid=VN_ID):
    return next(p for p in doc["parents"] if p["plan"] == pid)


def status_of(doc, item):
    return next(i for i in parent(doc)["items"] if i["id"] == item)


# ---------------------------------------------------------------- the report on the hand-filled links

def test_hai_phong_2025_against_53(run, casc):
    res, doc = report(run, casc)
    p = parent(doc)
    f = p["figures"]
    assert (f["items"], f["items_covered"], f["tasks"], f["tasks_covered"]) == (50, 49, 35, 34)
    assert [i["id"] for i in p["items"] if i["status"] == "missing"] == ["II.1.d.1"]
    # the city's II.1.d.1 is the national II.1.d.2: ids differ, the link says so
    assert status_of(doc, "II.1.d.2")["local"] == ["II.1.d.1"]
    assert status_of(doc, "II.1.d.3")["local"] == ["II.1.d.2"]
    assert p["targets"] == [] and p["deadlines"] == [] and p["reports"] == []
    # the national II.1.d.3 goes to "Ban Chỉ đạo các địa phương": Hải Phòng's BCĐ 799 is in it
    g = next(g for g in p["group_tasks"] if g["parent_task"] == "II.1.d.3")
    assert g["members_here"] == ["hp.bcd-799"] and g["local"] == ["II.1.d.2"]
    unowned = [g["parent_task"] for g in p["group_tasks"] if not g["owners"]]
    assert unowned == ["II.1.d.1"]
    assert res.exit_code == 1  # a task addressed to the city that nothing carries out


def test_table_says_what_is_missing_in_both_languages(run, casc):
    res = run("cascade", HP_ID, *casc.args())
    assert "không có nhiệm vụ tương ứng" in res.stdout
    assert "Độ bao phủ: 49/50 mục (98,0%)" in res.stdout
    res = run("cascade", HP_ID, "--lang", "en", *casc.args())
    assert "no corresponding task" in res.stdout and "Coverage: 49/50 items (98.0%)" in res.stdout
    res = run("cascade", "53/KH-BCĐ", "--format", "md", "--down", *casc.args())
    assert HP_ID in res.stdout and res.exit_code == 0


def test_removed_city_task_is_reported(run, casc):
    casc.cut(HP, r"^      - id: II\.2\.a\.7\n.*?(?=^      - id: II\.2\.a\.8)")
    _, doc = report(run, casc)
    assert status_of(doc, "II.2.a.7") ["status"] == "missing"
    assert parent(doc)["figures"]["tasks_covered"] == 33


def test_looser_target_is_reported(run, casc):
    casc.edit(HP, "- id: T3\n  carries_out: [vn-2025-53-kh-bcd:T3]\n  text: giải quyết đạt trên 90%\n"
                  "  indicator: reports.resolved-rate\n  comparator: '>'\n  threshold: 90",
              "- id: T3\n  carries_out: [vn-2025-53-kh-bcd:T3]\n  text: giải quyết đạt trên 85%\n"
              "  indicator: reports.resolved-rate\n  comparator: '>'\n  threshold: 85")
    res, doc = report(run, casc)
    [issue] = parent(doc)["targets"]
    assert (issue["problem"], issue["parent_target"], issue["local_target"]) == ("looser", "T3", "T3")
    assert issue["parent_goal"] == "> 90%" and issue["local_goal"] == "> 85%"
    assert res.exit_code == 1


def test_deleted_city_target_is_reported(run, casc):
    casc.cut(HP, r"^- id: T9\n.*?(?=^- id: T10)")
    _, doc = report(run, casc)
    [issue] = parent(doc)["targets"]
    assert (issue["problem"], issue["parent_target"], issue["local_target"]) == ("missing", "T9", None)
    assert status_of(doc, "T9")["status"] == "missing"


def test_later_deadline_and_campaign_are_reported(run, casc):
    casc.edit(VN, "      - id: II.1.c.1\n", "      - id: II.1.c.1\n        deadline: 2025-06-30\n")
    casc.edit(HP, "      - id: II.1.c.1\n", "      - id: II.1.c.1\n        deadline: 2025-09-30\n")
    casc.edit(HP, "      - start: 2024-07-01  # plans: ignore[R005] văn bản gốc ghi năm 2024; giữ nguyên\n"
                  "        end: 2024-09-30",
              "      - start: 2024-07-01  # plans: ignore[R005] văn bản gốc ghi năm 2024; giữ nguyên\n"
              "        end: 2024-10-31")
    res, doc = report(run, casc)
    got = {(d["problem"], d["parent_item"], d["local_item"], d["parent_date"], d["local_date"])
           for d in parent(doc)["deadlines"]}
    assert got == {("later", "II.1.c.1", "II.1.c.1", "30/06/2025", "30/09/2025"),
                   ("campaign-later", "II.3.1", "II.3.1", "30/09/2024", "31/10/2024")}
    assert res.exit_code == 1
    table = " ".join(run("cascade", HP_ID, *casc.args()).stdout.split())  # wrapped to the terminal's width
    assert "thời hạn muộn hơn" in table and "đợt cao điểm kết thúc muộn hơn" in table


def test_reporting_deadline_leaving_no_time_is_reported(run, casc):
    # the nation wants the year's report by 15/12; the city collects its departments' reports on 20/12
    casc.edit(VN, "- period: year\n  recipient: vn.co-quan-thuong-truc-bcd-138-cp\n",
              "- period: year\n  due: --12-15\n  recipient: vn.co-quan-thuong-truc-bcd-138-cp\n")
    casc.edit(HP, "- period: year\n  recipient: hp.bcd-799\n", "- period: year\n  due: --12-20\n  recipient: hp.bcd-799\n")
    _, doc = report(run, casc)
    [r] = parent(doc)["reports"]
    assert (r["recipient"], r["period"], r["local_due"], r["upward_due"]) == ("hp.bcd-799", "2025", "20/12/2025",
                                                                            "15/12/2025")
    casc.edit(HP, "  due: --12-20\n", "  due: --12-05\n")
    _, doc = report(run, casc)
    assert parent(doc)["reports"] == [] and parent(doc)["reports_checked"]


# ---------------------------------------------------------------- groups across levels

def test_national_police_task_reaches_city_police_through_the_group(run, casc):
    casc.edit(VN, "    executor:\n    - vn.thanh-vien-bcd-138-cp\n", "    executor:\n    - vn.cong-an-cac-tinh-thanh-pho\n")
    res = run("status", "--agency", "hp.cong-an", "--plan", VN_ID, "--as-of", "01/06/2025", "--format", "json",
              *casc.args())
    doc = json.loads(res.stdout)
    [task] = [t for t in doc["tasks"] if t["task"] == "III.2"]
    assert task["via_id"] == "vn.cong-an-cac-tinh-thanh-pho" and task["role_code"] == "executor"
    # the membership is what the registry declares: without it the task does not reach the city police
    casc.edit("plans/agencies/hp.yaml", "      - vn.cong-an-cac-tinh-thanh-pho\n", "")
    doc = json.loads(run("status", "--agency", "hp.cong-an", "--plan", VN_ID, "--as-of", "01/06/2025",
                         "--format", "json", *casc.args()).stdout)
    assert not [t for t in doc["tasks"] if t["task"] == "III.2"]


def test_city_peoples_committee_sees_the_national_tasks(run, casc):
    res = run("status", "--agency", "ubnd hai phong", "--plan", VN_ID, "--as-of", "01/06/2025", *casc.args())
    assert "Không có nhiệm vụ nào" not in res.stdout and "II.1.a.1" in res.stdout
    doc = json.loads(run("status", "--agency", "ubnd hai phong", "--plan", VN_ID, "--as-of", "01/06/2025",
                         "--format", "json", *casc.args()).stdout)
    [task] = [t for t in doc["tasks"] if t["task"] == "II.1.a.1"]
    assert task["via"] == "qua nhóm “các bộ, ngành, địa phương”"


# ---------------------------------------------------------------- R028

@pytest.mark.parametrize("link,why", [
    ("vn-2025-53-kh-bcd:II.1.z.9", "không có trong 53/KH-BCĐ"),
    ("vn-2025-53-kh-bcd:II.1.d", "đó là một phần, mục"),
    ("hn-2024-133-kh-ubnd:II.1.a", "không phải kế hoạch mà"),
    ("vn-2099-x:T1", "không có trong kho"),
])
def test_r028_bad_link(run, casc, link, why):
    casc.edit(HP, "carries_out: [vn-2025-53-kh-bcd:II.2.a.5]", f"carries_out: [{link}]")
    res = run("lint", HP, "--format", "json")
    found = [f for f in json.loads(res.stdout)["findings"] if f["code"] == "R028"]
    assert len(found) == 1 and why in found[0]["message"], found
    assert res.exit_code == 1


def test_r028_quiet_on_good_links_and_explained(run, casc):
    res = run("lint", HP, "--format", "json")
    assert not [f for f in json.loads(res.stdout)["findings"] if f["code"] == "R028"]
    res = run("rule", "R028")
    assert "carries_out" in res.stdout and res.exit_code == 0


# ---------------------------------------------------------------- reference-only parents

def test_parent_cited_by_reference_only(run, casc):
    res, doc = report(run, casc, "hn-2024-133-kh-ubnd")
    p = doc["parents"][0]
    assert p["number"] == "19/KH-BCĐ" and not p["in_repository"]
    assert any("không có trong kho" in n for n in p["notes"])
    assert any("15/01/2024 không muộn hơn" in n for n in p["notes"])
    assert res.exit_code == 0


def test_two_spellings_of_one_number_are_one_plan(run, casc):
    text = casc.read(VN).replace("id: vn-2025-53-kh-bcd", "id: vn-2024-19-kh-bcd").replace(
        "number: 53/KH-BCĐ", "number: 19/KH-BCĐ138/CP").replace("date: 2025-02-05", "date: 2024-01-15").replace(
        "  start: 2025-01-01\n  end: 2025-12-31", "  start: 2024-01-01\n  end: 2024-12-31")
    (casc.path / "plans/vn/2024-19.yaml").write_text(text, encoding="utf-8")
    _, doc = report(run, casc, "hn-2024-133-kh-ubnd")
    p = parent(doc, "vn-2024-19-kh-bcd")
    assert p["in_repository"] and p["by_reference"]
    assert any("implements.ref “19/KH-BCĐ”" in n for n in p["notes"])
    res = run("cascade", "--down", "vn-2024-19-kh-bcd", "--format", "json", *casc.args())
    assert [r["plan"] for r in json.loads(res.stdout)["implemented_by"]] == ["hn-2024-133-kh-ubnd"]


def test_same_document_api():
    from plans.cascade import same_document

    assert same_document("19/KH-BCĐ", "19/KH-BCĐ138/CP")
    assert same_document("53/KH-BCĐ", "53/KH-BCĐ 138/CP")
    assert same_document("19/KH-BCD", "19/kh-bcđ")
    assert not same_document("19/KH-BCĐ", "19/KH-BCĐTKNQ18")
    assert not same_document("19/KH-BCĐ", "119/KH-BCĐ")
    assert not same_document("19/KH-BCĐ", "19/KH-BCĐ138/CP", "2024-01-15", "2025-01-15")
    assert not same_document("…/KH-BCĐ", "…/KH-BCĐ")


# ---------------------------------------------------------------- suggestions and --write

def test_link_suggests_the_hand_links_and_writes_them_back(run, casc):
    original = casc.read(HP)
    truth = set(re.findall(r"- id: (\S+)\n\s+carries_out: \[([^\]]+)\]", original))
    assert len(truth) == 49
    casc.write(HP, re.sub(r"\n\s+carries_out: \[[^\]]+\]", "", original))
    res = run("cascade", "link", HP_ID, "--format", "json", *casc.args())
    got = {(s["local"], s["link"]) for s in json.loads(res.stdout)["suggestions"] if not s["linked"]}
    assert got == truth
    res = run("cascade", "link", HP_ID, "--write", *casc.args())
    assert res.exit_code == 0
    assert casc.read(HP) == original  # same lines, same place; comments, order and wrapping untouched
    res = run("cascade", "link", HP_ID, "--format", "json", *casc.args())
    assert all(s["linked"] for s in json.loads(res.stdout)["suggestions"])


def test_link_write_keeps_comments_and_appends_to_existing_lists(casc):
    from plans.cascade.edit import add_links

    text = ("kind: Plan  # head\nsections:\n- id: II\n  tasks:\n  # a comment\n  - id: II.1\n    carries_out:\n"
            "    - a:b\n    text: x\n  - id: II.2\n    carries_out: [a:c]  # keep\n    text: y\n")
    out, n = add_links(text, {"II.1": ["a:d"], "II.2": ["a:e", "a:c"]})
    assert n == 2
    assert out == text.replace("    - a:b\n", "    - a:b\n    - a:d\n").replace("[a:c]  # keep", "[a:c, a:e]  # keep")


def test_coverage_rows_for_other_layers(casc):
    import plans
    from plans.cascade import coverage

    repo = plans.load(str(casc.path / "plans"), str(casc.path / "kpi"))
    rows = coverage(repo, HP_ID)
    assert len(rows) == 50 and all(isinstance(r["local"], list) for r in rows)
    assert json.loads(json.dumps(rows)) == rows
    assert [r["id"] for r in rows if r["status"] == "missing"] == ["II.1.d.1"]


def test_usage_errors(run, casc):
    assert run("cascade", "no-such-plan", *casc.args()).exit_code == 2
    assert run("cascade", HP_ID, "--write", *casc.args()).exit_code == 2
    assert run("cascade", "link", HP_ID, "--down", *casc.args()).exit_code == 2
    res = run("cascade", "link", "hn-2024-133-kh-ubnd", *casc.args())
    assert res.exit_code == 1 and "Traceback" not in res.output
