"""Each rule: a file that triggers it and one that does not, through the CLI."""
import pytest


def codes(run, path, *extra):
    res, doc = run.json("lint", path, "--format", "json", *extra)
    return res, [(f["code"], f["line"]) for f in doc["findings"] if "suppressed" not in f], doc


def test_clean_repository_has_no_findings(run, mini):
    res, found, _ = codes(run, mini.path)
    assert found == []
    assert res.exit_code == 0


CASES = {
    # code: (old text, new text, expected line of the finding)
    "R001": ("lead: [vn.bo-cong-an]\n                partner", "lead: [vn.bo-cong-anh]\n                partner", 33),
    "R002": ("- id: II.2.a.2", "- id: II.2.a.1", 38),
    "R003": ("period: {start", "implements:\n  - plan: vn-2024-khong-co\nperiod: {start", 10),
    "R004": ("    objective: I.2", "    objective: I.9", 20),
    "R005": ("- start: 2025-07-01\n                end: 2025-09-30",
             "- start: 2024-07-01\n                end: 2024-09-30", 50),
    "R006": ("deadline: 2025-06-30", "deadline: 2026-01-15", 43),
    "R007": ("text: Tổ chức truyền thông", "text: To\u0302̉ chức truyền thông", 39),
    "R009": ("executor: [vn.bo-giao-duc-va-dao-tao]", "executor: [vn.bo-lao-dong-thuong-binh-va-xa-hoi]", 41),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_triggers(run, mini, code):
    old, new, line = CASES[code]
    mini.edit(old, new)
    if code == "R009":  # a plan issued after the ministry was merged on 01/3/2025
        mini.edit("date: 2025-02-05", "date: 2025-03-15")
    res, found, _ = codes(run, mini.path)
    assert (code, line) in found, found
    assert res.exit_code == 1


def test_r009_names_the_successor(run, mini):
    mini.edit(*CASES["R009"][:2])
    mini.edit("date: 2025-02-05", "date: 2025-03-15")
    res = run("lint", mini.path)
    assert "Bộ Lao động - Thương binh và Xã hội" in res.stdout
    assert "kế thừa: Bộ Nội vụ" in res.stdout


def test_r009_not_before_the_merger(run, mini):
    mini.edit(*CASES["R009"][:2])
    mini.edit("date: 2025-02-05", "date: 2025-02-28")  # the ministry still existed on its last day
    _, found, _ = codes(run, mini.path)
    assert not [c for c in found if c[0] == "R009"]


def test_r008_mixed_tone_placement(run, mini):
    mini.edit("Tổ chức truyền thông phòng, chống bạo lực học đường.",
              "Tổ chức truyền thông phòng, chống bạo lực học đường; hòa giải ở cơ sở; hoà giải mâu thuẫn; hòa nhập.")
    res, found, _ = codes(run, mini.path)
    assert ("R008", 39) in found
    assert res.exit_code == 0  # a warning does not fail the run


def test_r008_one_style_is_fine(run, mini):
    mini.edit("Tổ chức truyền thông phòng, chống bạo lực học đường.", "Hòa giải ở cơ sở; hòa nhập cộng đồng.")
    _, found, _ = codes(run, mini.path)
    assert not [c for c in found if c[0] == "R008"]


def test_r010_unverified_is_a_warning(run, mini):
    mini.edit("signer:", 'unverified:\n  - field: number\n    read_as: "2}"\n    note: Số không đọc được.\nsigner:')
    res, found, doc = codes(run, mini.path)
    assert ("R010", 59) in found
    assert res.exit_code == 0
    assert "đọc được “2}”" in doc["findings"][0]["message"]


def test_r001_suggests_the_nearest_id(run, mini):
    mini.edit(*CASES["R001"][:2])
    res = run("lint", mini.path)
    assert "có phải “vn.bo-cong-an”" in res.stdout
    res = run("--lang", "en", "lint", mini.path)
    assert "did you mean “vn.bo-cong-an”" in res.stdout


def test_group_reference_is_known(run, mini):
    # "các bộ, ngành, địa phương" is a group, not an agency: no R001
    _, found, _ = codes(run, mini.path)
    assert not [c for c in found if c[0] == "R001"]


def test_r004_unverified_field_must_exist(run, mini):
    mini.edit("signer:", "unverified:\n  - field: II.9.1\n    note: x\nsigner:")
    _, found, _ = codes(run, mini.path)
    assert ("R004", 59) in found


def test_schema_error_points_at_the_line(run, mini):
    mini.edit("recurrence: continuous", "recurrence: hằng ngày")
    res, found, doc = codes(run, mini.path)
    assert ("S001", 35) in found
    assert res.exit_code == 1


def test_unknown_key_points_at_the_key(run, mini):
    mini.edit("    title: Phòng ngừa xã hội", "    titel: Phòng ngừa xã hội")
    _, found, _ = codes(run, mini.path)
    assert ("S001", 28) in found


def test_duplicate_agency_id_across_files(run, mini):
    (mini.path / "agencies" / "more.yaml").write_text(
        "kind: Agencies\nschema_version: 1\njurisdiction: vn\nagencies:\n  - id: vn.bo-cong-an\n    name: Bộ Công an\n",
        encoding="utf-8")
    _, _, doc = codes(run, mini.path)
    dup = [f for f in doc["findings"] if f["code"] == "R002"]
    assert len(dup) == 1 and "vn.bo-cong-an" in dup[0]["message"]


def test_schema_messages_in_vietnamese_and_english(run, tmp_path):
    (tmp_path / "p.yaml").write_text("kind: Plan\nschema_version: 1\nid: x\nnumber: 1/KH\n", encoding="utf-8")
    vi = run("lint", tmp_path).stdout
    assert "thiếu trường bắt buộc “issuer”" in vi and "thiếu trường bắt buộc “sections”" in vi
    en = run("--lang", "en", "lint", tmp_path).stdout
    assert "'issuer' is a required property" in en


def test_comma_in_flow_mapping_gets_a_hint(run, mini):
    mini.edit('name: "Ngày toàn dân phòng, chống mua bán người"', "name: Ngày toàn dân phòng, chống mua bán người")
    out = run("lint", mini.path).stdout
    assert "Đặt giá trị đó trong nháy kép" in out


def test_r020_same_name_for_two_bodies(run, mini):
    mini.edit("    name: Bộ Giáo dục và Đào tạo\n", "    name: Bộ Giáo dục và Đào tạo\n    short: [BCA]\n",
              file=mini.agencies)
    res, found, doc = codes(run, mini.path)
    assert [c for c, _ in found] == ["R020"] and res.exit_code == 0
    assert "“BCA”" in doc["findings"][0]["message"]


def test_r020_not_for_a_body_and_its_successor(run, mini):
    # the ministry merged on 01/3/2025 and the one that took it over may share a short form
    mini.edit("    short: [Bộ LĐTBXH]\n", "    short: [Bộ LĐTBXH, BNV]\n", file=mini.agencies)
    mini.edit("  - id: vn.bo-noi-vu\n    name: Bộ Nội vụ\n",
              "  - id: vn.bo-noi-vu\n    name: Bộ Nội vụ\n    short: [BNV]\n    valid_from: 2025-03-01\n",
              file=mini.agencies)
    _, found, _ = codes(run, mini.path)
    assert not [c for c in found if c[0] == "R020"]
