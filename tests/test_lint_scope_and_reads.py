"""Lint judges the files named against the whole repository; reads never hang, leak or crash."""
import json
import os
import threading
from pathlib import Path

import pytest


NEW_PLAN = """kind: Plan
schema_version: 1
id: hp-2027-test
number: 1/KH-BCĐ
issuer: hp.bcd-799
date: 2027-01-10
title: Kế hoạch thử
period: {start: 2027-01-01, end: 2027-12-31}
sections:
  - id: I
    tasks:
      - id: I.1
        text: Tuyên truyền phòng, chống tội phạm.
        lead: [hp.cong-an]
        partner: [hp.so-giao-duc-va-dao-tao, LEAD2]
"""


# `repo` (conftest.py): a private copy of the fixture repository, made the working directory


def lint_json(run, *args):
    res = run("lint", *args, "--format", "json")
    return res, json.loads(res.stdout)


def test_one_file_is_linted_against_the_repository_registries(run, repo):
    new = repo.path / "plans" / "hp" / "2027-test.yaml"
    new.write_text(NEW_PLAN.replace(", LEAD2", ""), encoding="utf-8")
    res, doc = lint_json(run, "plans/hp/2027-test.yaml")
    assert [f for f in doc["findings"] if f["code"] == "R001"] == [], doc["findings"]
    assert doc["summary"]["files"] == 1
    assert {f["file"] for f in doc["findings"]} <= {"plans/hp/2027-test.yaml"}
    assert res.exit_code == 0


def test_one_file_reports_its_own_unknown_agency_at_its_line(run, repo):
    new = repo.path / "plans" / "hp" / "2027-test.yaml"
    new.write_text(NEW_PLAN.replace("LEAD2", "hp.so-khong-co"), encoding="utf-8")
    res, doc = lint_json(run, str(new))  # an absolute path, as an editor passes it
    r001 = [(f["file"], f["line"]) for f in doc["findings"] if f["code"] == "R001"]
    assert r001 == [("plans/hp/2027-test.yaml", 15)], doc["findings"]  # shown relative to the working directory
    assert res.exit_code == 1


def test_standing_warnings_of_other_files_are_not_reported(run, repo):
    _, everything = lint_json(run)
    assert any(f["file"].startswith("plans/vn/") for f in everything["findings"])
    _, one = lint_json(run, "plans/hn/2024-133-kh-ubnd.yaml")
    assert one["findings"] and all(f["file"] == "plans/hn/2024-133-kh-ubnd.yaml" for f in one["findings"])


@pytest.mark.parametrize("value", ["30%", '"30"', "[30]", "{a: 1}", ".nan", "1e999", "-5", "null"])
def test_a_mistyped_threshold_is_S001_at_its_line_and_the_rest_is_still_judged(run, repo, value):
    plan = repo.path / "plans" / "hp" / "2026-kh-bcd799-pttd-pctp.yaml"
    text = plan.read_text(encoding="utf-8")
    lines = text.splitlines()
    n = next(i for i, ln in enumerate(lines) if ln.strip().startswith("threshold:"))
    indent = lines[n][: len(lines[n]) - len(lines[n].lstrip())]
    lines[n] = f"{indent}threshold: {value}"
    lead = next(i for i, ln in enumerate(lines) if "lead: [hp." in ln)
    lines[lead] = lines[lead].replace("lead: [hp.", "lead: [hp.khong-co-", 1)
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res, doc = lint_json(run, "plans")
    assert res.exit_code == 1
    codes = {(f["code"], f["line"]) for f in doc["findings"]}
    if value != "-5" and value != "null":  # -5 and null may be valid for a threshold: then no S001 is due
        assert ("S001", n + 1) in codes, doc["findings"]
    assert ("R001", lead + 1) in codes  # the rest of the file is still checked


def test_status_and_kpi_survive_a_mistyped_threshold(run, repo):
    plan = repo.path / "plans" / "hp" / "2026-kh-bcd799-pttd-pctp.yaml"
    text = plan.read_text(encoding="utf-8")
    import re
    plan.write_text(re.sub(r"threshold: \d+", "threshold: 30%", text), encoding="utf-8")
    for args in (["status", "--agency", "hp.cong-an", "--as-of", "2026-03-01"],
                 ["kpi", "--plan", "hp-2026-kh-bcd799-pttd-pctp", "--period", "2026-H1"],
                 ["tasks", "--plan", "hp-2026-kh-bcd799-pttd-pctp"]):
        res = run(*args, "--repo", "plans", "--repo", "kpi")
        assert res.exit_code in (0, 1, 2), (args, res.output)


def test_a_fifo_is_one_finding_and_never_hangs(run, repo):
    os.mkfifo(repo.path / "plans" / "pipe.yaml")
    done = {}

    def go():
        done["res"] = lint_json(run, "plans")

    th = threading.Thread(target=go, daemon=True)
    th.start()
    th.join(30)
    assert "res" in done, "lint hung on a FIFO"
    res, doc = done["res"]
    assert [(f["code"], f["line"]) for f in doc["findings"] if f["file"].endswith("pipe.yaml")] == [("Y014", 1)]


def test_a_symlink_to_a_device_or_outside_the_repository_is_not_read(run, repo, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:SECRET-HASH:19000:0:99999:7:::\n")
    (repo.path / "plans" / "zero.yaml").symlink_to("/dev/zero")
    (repo.path / "plans" / "leak.yaml").symlink_to(secret)
    res = run("lint", "plans")
    assert "SECRET-HASH" not in res.output
    _, doc = lint_json(run, "plans")
    got = {Path(f["file"]).name: f["code"] for f in doc["findings"] if f["file"].endswith(("zero.yaml", "leak.yaml"))}
    assert got == {"zero.yaml": "Y013", "leak.yaml": "Y013"}


def test_a_symlink_inside_the_repository_is_followed(run, repo):
    os.symlink("2026-kh-bcd799-pttd-pctp.yaml", repo.path / "plans" / "hp" / "alias.yaml")
    _, doc = lint_json(run, "plans/hp/alias.yaml")
    assert not [f for f in doc["findings"] if f["code"].startswith("Y")]


def test_a_symlink_loop_given_as_the_path_is_a_usage_error(run, repo):
    os.symlink("loop.yaml", repo.path / "loop.yaml")
    res = run("lint", "loop.yaml")
    assert res.exit_code == 2


def test_a_million_item_flow_list_is_refused_quickly(run, repo):
    (repo.path / "plans" / "big.yaml").write_text("kind: Plan\nx: [" + "1," * 1_000_000 + "1]\n")
    _, doc = lint_json(run, "plans/big.yaml")
    assert [(f["code"], f["line"]) for f in doc["findings"]] == [("Y015", 2)]


def test_an_impossible_date_is_S001(run, repo):
    plan = repo.path / "plans" / "hp" / "2026-kh-bcd799-pttd-pctp.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "end: 2026-12-31" in text
    plan.write_text(text.replace("end: 2026-12-31", "end: 2026-02-30", 1), encoding="utf-8")
    _, doc = lint_json(run, "plans/hp/2026-kh-bcd799-pttd-pctp.yaml")
    assert any(f["code"] == "S001" and "2026-02-30" in f["message"] for f in doc["findings"]), doc["findings"]
