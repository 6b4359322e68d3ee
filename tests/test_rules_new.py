"""Rules R021–R027, through the CLI on a copy of the frozen repository, and their parsers through the API."""
import datetime as dt
import shutil
from pathlib import Path

import pytest

from plans.checks.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "repo"
VN = "plans/vn/2025-53-kh-bcd.yaml"
HP25 = "plans/hp/2025-kh-bcd799-pctp-mbn.yaml"
HUE = "plans/hue/2026-kh-ubnd-pctp.yaml"
NEW = {f"R02{i}" for i in range(1, 8)}


class Repo:
    def __init__(self, root: Path):
        self.root = root
        self.changed = set()

    def edit(self, rel, old, new):
        self.changed.add(rel)
        f = self.root / rel
        text = f.read_text(encoding="utf-8")
        assert old in text, old
        f.write_text(text.replace(old, new, 1), encoding="utf-8")

    def line_of(self, rel, needle):
        for n, line in enumerate((self.root / rel).read_text(encoding="utf-8").splitlines(), 1):
            if line.rstrip().endswith(needle):
                return n
        raise AssertionError(needle)


@pytest.fixture
def repo(tmp_path):
    dest = tmp_path / "repo"
    shutil.copytree(FIXTURE / "plans", dest / "plans")
    return Repo(dest)


def lint(run, path, *extra):
    res, doc = run.json("lint", path, "--format", "json", *extra)
    return res, [f for f in doc["findings"] if "suppressed" not in f]


def lint_in(run, path, lang=()):
    res, doc = run.json(*lang, "lint", path, "--format", "json")
    return res, [f for f in doc["findings"] if "suppressed" not in f]


def new_findings(run, repo, code=None, lang=(), files=None):
    """The new rules' findings on the given files of the copy (by default the files the test changed: linting
    just those keeps each test fast)."""
    paths = [repo.root / f for f in (files or sorted(repo.changed))]
    res, doc = run.json(*lang, "lint", *paths, "--format", "json")
    found = [f for f in doc["findings"] if "suppressed" not in f]
    out = [f for f in found if f["code"] in NEW]
    return res, [f for f in out if code is None or f["code"] == code]


def where(findings):
    return [(f["code"], Path(f["file"]).name, f["line"]) for f in findings]


def test_frozen_repository_has_no_new_findings(run):
    """No false alarms on real data: every new rule runs, and stays silent on the frozen repository."""
    assert NEW <= {r.code for r in all_rules() if r.check is not None}
    _, found = lint(run, FIXTURE / "plans")
    assert [f for f in found if f["code"] in NEW] == []


def test_every_new_rule_is_registered_and_explained(run):
    codes = {r.code: r for r in all_rules()}
    assert NEW <= set(codes)
    for code in sorted(NEW):
        vi = run("rule", code).stdout
        en = run("--lang", "en", "rule", code).stdout
        assert code in vi and codes[code].explain["vi"][:30] in vi
        assert codes[code].explain["en"][:30] in en


# ---------------------------------------------------------------- R021

def test_r021_period_ends_before_it_starts(run, repo):
    repo.edit(VN, "period:\n  start: 2025-01-01\n  end: 2025-12-31", "period:\n  start: 2026-01-01\n  end: 2025-12-31")
    res, found = new_findings(run, repo, "R021")
    assert where(found) == [("R021", "2025-53-kh-bcd.yaml", repo.line_of(VN, "start: 2026-01-01"))]
    assert "01/01/2026" in found[0]["message"] and "31/12/2025" in found[0]["message"]
    assert res.exit_code == 1


def test_r021_plan_signed_after_its_period(run, repo):
    repo.edit(VN, "date: 2025-02-05\ntitle", "date: 2026-02-05\ntitle")
    _, found = new_findings(run, repo, "R021")
    assert where(found) == [("R021", "2025-53-kh-bcd.yaml", repo.line_of(VN, "date: 2026-02-05"))]
    assert "05/02/2026" in found[0]["message"]


def test_r021_date_range_from_after_period_and_after_to(run, repo):
    repo.edit(HP25, "date_range:\n  from: 2025-02-20\n  to: 2025-02-28",
              "date_range:\n  from: 2026-02-20\n  to: 2026-02-28")
    _, found = new_findings(run, repo, "R021")
    assert where(found) == [("R021", "2025-kh-bcd799-pctp-mbn.yaml", repo.line_of(HP25, "from: 2026-02-20"))]
    repo.edit(HP25, "from: 2026-02-20\n  to: 2026-02-28", "from: 2025-02-28\n  to: 2025-02-20")
    _, found = new_findings(run, repo, "R021")
    assert len(found) == 1 and "date_range.to" in found[0]["message"]


# ---------------------------------------------------------------- R022

def test_r022_legal_basis_after_the_plan(run, repo):
    repo.edit(VN, "  number: 13-KL/TW\n  date: 2021-08-16", "  number: 13-KL/TW\n  date: 2025-02-05")
    assert new_findings(run, repo, "R022")[1] == []  # the same day is fine
    repo.edit(VN, "  number: 13-KL/TW\n  date: 2025-02-05", "  number: 13-KL/TW\n  date: 2025-03-01")
    res, found = new_findings(run, repo, "R022")
    assert where(found) == [("R022", "2025-53-kh-bcd.yaml", repo.line_of(VN, "date: 2025-03-01"))]
    assert "13-KL/TW" in found[0]["message"] and "05/02/2025" in found[0]["message"]
    assert res.exit_code == 1


def test_r022_with_a_date_range_only_certainly_later_counts(run, repo):
    # signed between 20 and 28/02/2025: a basis of 25/02 may be older, one of 01/03 cannot
    repo.edit(HP25, "  number: 53/KH-BCĐ\n  date: 2025-02-05", "  number: 53/KH-BCĐ\n  date: 2025-02-25")
    assert new_findings(run, repo, "R022")[1] == []
    repo.edit(HP25, "  date: 2025-02-25", "  date: 2025-03-01")
    _, found = new_findings(run, repo, "R022")
    assert where(found) == [("R022", "2025-kh-bcd799-pctp-mbn.yaml", repo.line_of(HP25, "date: 2025-03-01"))]


# ---------------------------------------------------------------- R023

def test_r023_missing_source_file(run, repo):
    repo.edit(VN, "file: sources/003_98c37bab2b530168.txt", "file: sources/003_khong_co.txt")
    res, found = new_findings(run, repo, "R023")
    assert where(found) == [("R023", "2025-53-kh-bcd.yaml", repo.line_of(VN, "file: sources/003_khong_co.txt"))]
    assert "sources/003_khong_co.txt" in found[0]["message"]
    assert res.exit_code == 1
    # a ".." that stays inside plans/ is fine
    repo.edit(VN, "file: sources/003_khong_co.txt", "file: hp/../sources/003_98c37bab2b530168.txt")
    assert new_findings(run, repo, "R023")[1] == []


def test_r023_paths_leaving_the_repository_are_findings(run, repo):
    bad = {VN: "../../../../etc/passwd", HP25: "/etc/passwd", HUE: "sources/../../pyproject.toml",
           "plans/hn/2024-133-kh-ubnd.yaml": "'C:\\sources\\x.txt'",
           "plans/hp/2026-kh-bcd799-pttd-pctp.yaml": "''"}
    for rel, path in bad.items():
        text = (repo.root / rel).read_text(encoding="utf-8")
        old = next(line for line in text.splitlines() if line.startswith("  file: "))
        repo.edit(rel, old, f"  file: {path}")
    res, found = new_findings(run, repo, "R023")
    assert sorted(Path(f["file"]).name for f in found) == sorted(Path(rel).name for rel in bad)
    outside = [f for f in found if "ngoài" in f["message"]]
    assert len(outside) == 2  # the two "..": the absolute ones say so, and the empty one is empty
    assert res.exit_code == 1


@pytest.mark.parametrize("name, problem", [
    ("sources/x.txt", "không có"), ("../x.txt", "ngoài"), ("a/../../x.txt", "ngoài"), ("/etc/passwd", "tuyệt đối"),
    ("C:\\x.txt", "tuyệt đối"), ("\\\\server\\x.txt", "tuyệt đối"), ("~/x.txt", "tuyệt đối"), ("  ", "trống"),
    ("sources", "thư mục"), ("sources/../sources/s.txt", None), ("./sources//s.txt", None),
])
def test_r023_path_grammar(tmp_path, name, problem):
    from plans.checks.plan_rules import _source_problem

    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "s.txt").write_text("x", encoding="utf-8")
    got = _source_problem(name, str(tmp_path))
    assert (got is None) if problem is None else (problem in got[0]), got


def test_r023_outside_a_plans_directory_resolves_next_to_the_plan(run, tmp_path):
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    shutil.copy(FIXTURE / VN, data / "p.yaml")
    _, found = lint(run, data / "p.yaml")
    assert [f["code"] for f in found if f["code"] == "R023"] == ["R023"]
    (data / "sources" / "003_98c37bab2b530168.txt").write_text("OCR", encoding="utf-8")
    _, found = lint(run, data / "p.yaml")
    assert [f for f in found if f["code"] == "R023"] == []


# ---------------------------------------------------------------- R024

R024_CASES = [
    ("II.3.1.campaign", "“campaign”"),
    ("II.3.1.campaigns[3].start", "[3]"),
    ("recipients[99].text", "[99]"),
    ("signer.nam", "“nam”"),
    ("T1.thresold", "“thresold”"),
    ("number[0]", "[0]"),
    ("date_range.since", "“since”"),
    ("footnotes[n=9].text", "n=9"),
    ("number; II.1.a.1.refs[4].number", "[4]"),
]


def test_r024_each_segment_is_checked(run, repo):
    entries = "".join(f"- field: {field}\n  note: x\n" for field, _ in R024_CASES)
    repo.edit(VN, "unverified:\n", "unverified:\n" + entries)
    res, found = new_findings(run, repo, "R024")
    assert [f["line"] for f in found] == [repo.line_of(VN, f"- field: {field}") for field, _ in R024_CASES]
    for f, (field, segment) in zip(found, R024_CASES):
        assert field in f["message"] and segment in f["message"], f["message"]
    assert res.exit_code == 1


@pytest.fixture(scope="module")
def hue_plan():
    from plans.loading.loader import load_repository

    repo, _ = load_repository([str(FIXTURE / HUE)])
    return next(iter(repo.plans.values()))


@pytest.mark.parametrize("path, fails_at", [
    ("footnotes[n=1].text", None), ("II.1.a.1.refs[0].number", None), ("date", None), ("date_range.to", None),
    ("period.end", None), ("signer.name", None), ("II.2.1.1.1.text", None), ("T1.threshold", None),
    ("II.1.a.1.executor[0]", None), ("II.1.a.1.lead[0]", "[0]"), ("II.1", None), ("source.file", None),
    ("II.1.a.1.refs[0].numbr", "numbr"), ("footnotes[n=1].txt", "txt"), ("footnotes[m=1]", "m"),
    ("footnotes[1].text[0]", "[0]"), ("T1[0]", "[0]"), ("II..1", ".1"), ("recipients[x]", "[x]"),
    ("period.start.day", "day"),
])
def test_r024_path_grammar(hue_plan, path, fails_at):
    from plans.checks.plan_rules import _check_path

    got = _check_path(hue_plan, path, hue_plan.node_ids())
    assert (got is None) if fails_at is None else (fails_at in got[1]), got


def test_r024_english_message(run, repo):
    repo.edit(VN, "- field: II.7.1.text", "- field: II.7.1.txt")
    _, found = new_findings(run, repo, "R024", lang=("--lang", "en"))
    assert "there is no “txt” in “II.7.1”" in found[0]["message"]


def test_r024_an_unknown_id_stays_r004(run, repo):
    repo.edit(VN, "- field: II.3.1.campaigns", "- field: II.3.1.campaing")
    repo.edit(VN, "- field: II.7.1.text", "- field: II.9.9")
    repo.edit(VN, "- field: II.3.2.text", "- field: number; II.9.9.text")
    _, found = lint(run, repo.root / VN)
    assert [f["code"] for f in found if f["code"] in ("R004", "R024")] == ["R024", "R004", "R004"]


def test_several_paths_starting_with_a_plain_field_are_not_r004(run, repo):
    repo.edit(VN, "- field: II.7.1.text", "- field: number; II.3.1.text")
    _, found = lint(run, repo.root / VN)
    assert [f for f in found if f["code"] in ("R004", "R024")] == []


def test_numeric_unverified_field_does_not_crash(run, repo):
    repo.edit(VN, "- field: II.7.1.text", "- field: 12")
    res, found = lint(run, repo.root / VN)
    codes = {f["code"] for f in found}
    assert "S001" in codes  # the schema refuses the entry; the rules never see it, so nothing crashes
    assert res.exit_code == 1


# ---------------------------------------------------------------- R025

def test_r025_id_prefix_disagrees_with_registry(run, repo):
    repo.edit("plans/agencies/hp.yaml", "agencies:\n", "agencies:\n  - id: hn.cong-an-nham\n    name: Công an nhầm\n")
    res, found = new_findings(run, repo, "R025")
    assert where(found) == [("R025", "hp.yaml", repo.line_of("plans/agencies/hp.yaml", "hn.cong-an-nham"))]
    assert "hn.cong-an-nham" in found[0]["message"] and "hp" in found[0]["message"]
    assert res.exit_code == 1


def test_r025_file_name_disagrees_with_jurisdiction(run, repo):
    agencies = repo.root / "plans" / "agencies"
    (agencies / "hue.yaml").rename(agencies / "hue-them.yaml")
    assert new_findings(run, repo, "R025", files=["plans/agencies"])[1] == []  # <jurisdiction>-<name>.yaml is fine
    (agencies / "hue-them.yaml").rename(agencies / "hoa.yaml")
    _, found = new_findings(run, repo, "R025", files=["plans/agencies"])
    assert where(found) == [("R025", "hoa.yaml", 3)]


def test_r025_jurisdiction_field_disagrees_with_file_and_ids(run, repo):
    repo.edit("plans/agencies/hue.yaml", "jurisdiction: hue", "jurisdiction: hp")
    _, found = new_findings(run, repo, "R025")
    assert ("R025", "hue.yaml", 3) in where(found)
    assert len(found) > 10  # and every id, hue.… in a registry that says hp


# ---------------------------------------------------------------- R026

def test_r026_comparator_contradicts_text(run, repo):
    # T3 "giải quyết đạt trên 90%" recorded as >= 90
    repo.edit(VN, "  text: giải quyết đạt trên 90%\n  indicator: reports.resolved-rate\n  comparator: '>'",
              "  text: giải quyết đạt trên 90%\n  indicator: reports.resolved-rate\n  comparator: '>='")
    res, found = new_findings(run, repo, "R026", files=[VN, "plans/agencies/vn.yaml"])
    assert len(found) == 1 and found[0]["severity"] == "warning"
    assert found[0]["line"] == repo.line_of(VN, "  text: giải quyết đạt trên 90%") + 2
    assert "“trên 90%”" in found[0]["message"] and ">= 90" in found[0]["message"]
    assert res.exit_code == 0  # a warning


def test_r026_threshold_contradicts_text(run, repo):
    repo.edit(VN, "comparator: '>='\n  threshold: 5\n", "comparator: '>='\n  threshold: 4\n")
    _, found = new_findings(run, repo, "R026")
    assert len(found) == 1 and "“ít nhất 5%”" in found[0]["message"]
    assert found[0]["line"] == repo.line_of(VN, "threshold: 4")


def test_r026_silent_without_a_recognisable_comparison(run, repo):
    # "Không có … phân loại “Yếu”" (T8) has no figure: whatever the data says, nothing to compare; T4's
    # "đạt trên 80%" recorded as < 80 is reported
    hp26 = "plans/hp/2026-kh-bcd799-pttd-pctp.yaml"
    text = (repo.root / hp26).read_text(encoding="utf-8")
    for target, comparator in (("- id: T8", "'>'"), ("- id: T4", "'<'")):
        j = text.index("comparator:", text.index(target))
        text = text[:j] + f"comparator: {comparator}" + text[text.index("\n", j):]
    (repo.root / hp26).write_text(text, encoding="utf-8")
    _, found = new_findings(run, repo, "R026", files=[hp26])
    assert len(found) == 1 and "“trên 80%”" in found[0]["message"]


@pytest.mark.parametrize("text, expected", [
    ("giải quyết đạt trên 90%", [(">", 90)]),
    ("kéo giảm ít nhất 30% số vụ", [(">=", 30)]),
    ("đạt từ 60% trở lên", [(">=", 60)]),
    ("60 % trở lên", [(">=", 60)]),
    ("không dưới 80%", [(">=", 80)]),
    ("tối thiểu đạt 70%", [(">=", 70)]),
    ("tỷ lệ tái phạm dưới 5%", [("<", 5)]),
    ("không quá 3%", [("<=", 3)]),
    ("tối đa 2,5%", [("<=", 2.5)]),
    ("10% trở xuống", [("<=", 10)]),
    ("100% tố giác", [(None, 100)]),
    ("giảm 5% so với năm 2025", [(None, 5)]),
    ("50% tổng số xã trên địa bàn thành phố", [(None, 50)]),
    ("không để tỷ lệ tái phạm vượt quá 5%", []),  # negated: not guessed
    ("Không có thôn, tổ dân phố phân loại “Yếu”", []),
])
def test_comparison_grammar_percent(text, expected):
    from plans.checks.plan_rules import parse_comparisons

    assert [(c.op, c.value) for c in parse_comparisons(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("giảm trên 5 vụ", [(">", 5)]),
    ("không quá 1.000 vụ", [("<=", 1000)]),
    ("người dưới 18 tuổi", []),  # an age, not the count
    ("giảm 5 vụ so với năm 2025", []),  # a plain count is not read
])
def test_comparison_grammar_counts(text, expected):
    from plans.checks.plan_rules import parse_comparisons

    assert [(c.op, c.value) for c in parse_comparisons(text, percent=False)] == expected


# ---------------------------------------------------------------- R027

WITH_REGISTRY = [HP25, "plans/agencies/hp.yaml"]
LEAD_CA = ("assignment: Công an thành phố chủ trì, phối hợp các sở, ngành, địa phương thực hiện\n"
           "        lead:\n        - hp.cong-an\n")


def test_r027_lead_named_in_text_is_not_the_lead(run, repo):
    repo.edit(HP25, LEAD_CA, LEAD_CA.replace("- hp.cong-an", "- hp.so-tu-phap"))
    res, found = new_findings(run, repo, "R027", files=WITH_REGISTRY)
    assert len(found) == 1 and found[0]["severity"] == "warning"
    msg = found[0]["message"]
    assert "Công an thành phố Hải Phòng" in msg and "chủ trì" in msg and "Sở Tư pháp" in msg
    assert found[0]["line"] == repo.line_of(HP25, LEAD_CA.splitlines()[0])


def test_r027_partner_named_in_text_is_not_a_partner(run, repo):
    old = ("assignment: Sở Giáo dục và Đào tạo phối hợp Công an thành phố thực hiện\n"
           "        partner:\n        - hp.cong-an")
    repo.edit(HP25, old, old.replace("- hp.cong-an", "- hp.so-tu-phap"))
    _, found = new_findings(run, repo, "R027", lang=("--lang", "en"), files=WITH_REGISTRY)
    assert len(found) == 1
    assert "as partner" in found[0]["message"] and "Công an thành phố Hải Phòng" in found[0]["message"]


def test_r027_a_group_containing_the_body_is_enough(run, repo):
    repo.edit(HP25, LEAD_CA, LEAD_CA.replace("- hp.cong-an", "- hp.so-tu-phap"))
    assert len(new_findings(run, repo, "R027", files=WITH_REGISTRY)[1]) == 1
    repo.edit(HP25, "        - hp.so-tu-phap\n", "        - hp.cac-so-ban-nganh-dia-phuong\n")
    assert new_findings(run, repo, "R027", files=WITH_REGISTRY)[1] == []


def test_r027_a_successor_is_enough(run, repo):
    old = ("assignment: Sở Văn hóa - Thể thao; Sở Du lịch chủ trì, phối hợp các sở, ngành, địa phương thực hiện\n"
           "        lead:\n        - hp.so-van-hoa-va-the-thao\n        - hp.so-du-lich\n")
    repo.edit(HP25, old, old.replace("- hp.so-van-hoa-va-the-thao\n        - hp.so-du-lich", "- hp.so-du-lich"))
    _, found = new_findings(run, repo, "R027", files=WITH_REGISTRY)
    assert len(found) == 1 and "Sở Văn hóa và Thể thao" in found[0]["message"]
    repo.edit(HP25, "        - hp.so-du-lich\n", "        - hp.so-van-hoa-the-thao-va-du-lich\n        - hp.so-du-lich\n")
    assert new_findings(run, repo, "R027", files=WITH_REGISTRY)[1] == []


@pytest.mark.parametrize("text, roles", [
    ("Công an thành phố chủ trì, phối hợp các sở, ngành thực hiện", ["lead", "partner"]),
    ("Công an thành phố chủ trì, các sở, ngành, địa phương phối hợp thực hiện", ["lead", "partner"]),
    ("Sở Giáo dục và Đào tạo phối hợp Công an thành phố thực hiện", ["partner"]),
    ("Công an thành phố tham mưu; các sở, ban, ngành, địa phương thực hiện", []),
    ("Các sở, ngành, địa phương thực hiện", []),
])
def test_assignment_grammar(text, roles):
    from plans.checks.plan_rules import assignment_spans

    assert [r for r, _, _ in assignment_spans(text)] == roles


def test_assignment_spans_point_at_the_names():
    from plans.checks.plan_rules import _fold_case, assignment_spans

    text = "Sở Giáo dục và Đào tạo phối hợp Công an thành phố thực hiện"
    [(role, lo, hi)] = assignment_spans(text)
    assert _fold_case(text)[lo:hi].strip() == "Cong an thanh pho"


# ---------------------------------------------------------------- robustness

def test_new_rules_never_raise_on_odd_values():
    from plans.checks.registry import RULES
    from plans.loading.model import (Agency, DocRef, Plan, Repository, Section, Target, Task, Unverified)

    odd_task = Task(id="II.1", text="x", assignment=12, lead=[None, 3])
    odd_task2 = Task(id="II.2", text="x", assignment="Công an chủ trì, phối hợp thực hiện", lead=[None])
    plan = Plan(id="p", number="1", issuer=None, date="2025-01-01", title="t", period_start="x",
                period_end=dt.date(2025, 12, 31), date_from=None, date_to=None, jurisdiction=None,
                source={"file": 5}, legal_bases=[DocRef(number=None, date=7), DocRef(number="1", date="2099-01-01")],
                targets=[Target(id="T1", text=None, comparator=None, threshold="x", unit=None),
                         Target(id="T2", text="trên 90%", comparator=">=", threshold=True, unit="percent")],
                sections=[Section(id="II", tasks=[odd_task, odd_task2])],
                unverified=[Unverified(field_=None, note=""), Unverified(field_=3, note=""),
                            Unverified(field_="[", note=""), Unverified(field_="signer.name[0]", note="")])
    plan.source = "not a mapping"
    repo = Repository(plans={"p": plan},
                      agencies={"x": Agency(id=None, name=None, jurisdiction=None)})
    for code in sorted(NEW):
        list(RULES[code].check(repo))
