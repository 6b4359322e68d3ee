"""Hostile or broken files: one clear finding each, with file and line; lint goes on; no traceback."""
import json
import unicodedata

import pytest

GOOD = "kind: Agencies\nschema_version: 1\njurisdiction: vn\nagencies:\n  - id: vn.bo-cong-an\n    name: Bộ Công an\n"

BOMB = """kind: Agencies
schema_version: 1
jurisdiction: vn
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: [*g,*g,*g,*g,*g,*g,*g,*g,*g]
"""

CASES = {
    "malformed": (b"kind: Plan\nid: [unclosed\nnumber: 1\n", "Y001", 3),
    "duplicate_key": ("kind: Agencies\nschema_version: 1\njurisdiction: vn\njurisdiction: hp\n".encode(), "Y002", 4),
    "not_utf8": (unicodedata.normalize("NFD", "kind: Agencies\nschema_version: 1\njurisdiction: vn\nname: Hải Phòng\n").encode("cp1258"), "Y003", 4),
    "unknown_kind": (b"kind: Planz\nschema_version: 1\n", "Y009", 1),
    "no_kind": (b"- just\n- a list\n", "Y009", 1),
    "python_tag": (b"kind: Plan\nid: !!python/object/apply:os.system ['touch /tmp/plans-pwned']\n", "Y005", 2),
    "alias_bomb": (BOMB.encode(), "Y006", 4),
    "deep_nesting": (b"kind: Plan\nx: " + b"[" * 10000 + b"]" * 10000 + b"\n", "Y007", 2),
    "two_documents": (b"kind: Plan\n---\nkind: Plan\n", "Y011", 2),
    "empty": (b"", "Y009", 1),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_gives_one_finding_and_lint_goes_on(run, tmp_path, case):
    content, code, line = CASES[case]
    (tmp_path / "a_bad.yaml").write_bytes(content)
    (tmp_path / "b_good.yaml").write_text(GOOD, encoding="utf-8")
    res = run("lint", tmp_path, "--format", "json")
    doc = json.loads(res.stdout)
    bad = [f for f in doc["findings"] if f["file"].endswith("a_bad.yaml")]
    assert [(f["code"], f["line"]) for f in bad] == [(code, line)], bad
    assert not [f for f in doc["findings"] if f["file"].endswith("b_good.yaml")]
    assert doc["summary"]["files"] == 2  # the good file was read too
    assert res.exit_code == 1


def test_python_tag_is_never_executed(run, tmp_path):
    marker = tmp_path / "pwned"
    (tmp_path / "x.yaml").write_text(f"kind: Plan\nid: !!python/object/apply:os.system ['touch {marker}']\n")
    run("lint", tmp_path)
    assert not marker.exists()


def test_bom_is_reported_and_the_rest_still_checked(run, tmp_path):
    (tmp_path / "a.yaml").write_bytes(b"\xef\xbb\xbf" + GOOD.replace("jurisdiction: vn\n", "").encode())
    res = run("lint", tmp_path, "--format", "json")
    found = [(f["code"], f["line"]) for f in json.loads(res.stdout)["findings"]]
    assert ("Y004", 1) in found
    assert any(c == "S001" for c, _ in found)  # the missing jurisdiction is still found


def test_huge_file_is_refused_without_reading_it(run, tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.write(b"kind: Plan\nnotes: '")
        fh.write(b"x" * (50 * 1024 * 1024))
        fh.write(b"'\n")
    (tmp_path / "b_good.yaml").write_text(GOOD, encoding="utf-8")
    res = run("lint", tmp_path, "--format", "json")
    found = [(f["code"], f["line"], f["file"]) for f in json.loads(res.stdout)["findings"]]
    assert len(found) == 1 and found[0][:2] == ("Y008", 1) and found[0][2].endswith("big.yaml")


def test_text_output_names_file_line_and_shows_the_source(run, tmp_path):
    (tmp_path / "a.yaml").write_bytes(CASES["duplicate_key"][0])
    res = run("lint", tmp_path)
    assert "a.yaml:4:1" in res.stdout
    assert "Y002" in res.stdout and "jurisdiction" in res.stdout
    assert "lần đầu ở dòng 3" in res.stdout


def test_missing_path_is_a_usage_error(run, tmp_path):
    res = run("lint", tmp_path / "nope")
    assert res.exit_code == 2
    assert "Không tìm thấy" in res.output


def test_bad_config_is_exit_2(run, mini):
    (mini.path / "pyproject.toml").write_text("[tool.plans]\nmax-file-bytes = -1\n")
    res = run("lint", mini.path, "--config", mini.path / "pyproject.toml")
    assert res.exit_code == 2
    assert "max-file-bytes" in res.output
