"""``plans render reminder``: the công văn đôn đốc to agencies with overdue tasks or reports not sent, in
the same layout as the other documents, agreeing with ``plans status`` for the same --as-of."""
import zipfile

import pytest
from docx import Document

pytestmark = pytest.mark.usefixtures("in_fixture_repo")

AS_OF = "01/07/2026"


def test_reminder_lists_each_agency_with_its_overdue_tasks_and_missing_reports(run, tmp_path):
    out = tmp_path / "don-doc.docx"
    res = run("render", "reminder", "--overdue", "--as-of", AS_OF, "-o", out)
    assert res.exit_code == 0, res.output
    assert zipfile.is_zipfile(out)
    d = Document(str(out))
    left = [p.text for p in d.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert left[0].replace("\n", " ") == "Ủy ban nhân dân thành phố Huế"  # capitals by the style
    assert left[1] == "Số: …/UBND" and left[2].replace("\n", " ").startswith("V/v đôn đốc")
    texts = [p.text for p in d.paragraphs]
    assert "Kính gửi:" in texts and "- Sở Tư pháp thành phố Huế;" in texts
    heads = [x for x in texts if x[:1].isdigit() and ". " in x[:4]]
    head = next(x for x in heads if x.endswith("Sở Tư pháp thành phố Huế"))
    block = texts[texts.index(head):texts.index(heads[heads.index(head) + 1])]
    assert "- Nhiệm vụ quá hạn, chưa hoàn thành:" in block and "- Báo cáo chưa gửi:" in block
    assert any(x.startswith("+ Mục II.9.1:") and x.endswith("(thời hạn 25/03/2026).") for x in block)
    assert "+ Báo cáo 6 tháng đầu năm 2026 gửi Công an thành phố Huế (hạn 12/06/2026)." in block
    ca = next(x for x in heads if x.endswith("Công an thành phố Huế"))
    ca_block = texts[texts.index(ca):texts.index(heads[heads.index(ca) + 1])]
    assert any(x.startswith("+ Mục II.9.1:") for x in ca_block)
    assert not any("gửi Công an thành phố Huế" in x for x in ca_block)  # it owes no report to itself
    sig = [p.text for p in d.tables[1].rows[0].cells[0].paragraphs]
    assert sig[:3] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    closing = [x for x in texts if "trước ngày 08/07/2026" in x]  # seven days after --as-of
    assert closing


def test_reminder_agrees_with_status(run, tmp_path):
    """Every overdue task and unreceived report ``plans status`` shows for the agency is in the letter."""
    res, data = run.json("status", "--agency", "cong an hue", "--as-of", AS_OF, "--format", "json")
    assert res.exit_code == 0
    md = run("render", "reminder", "--agency", "cong an hue", "--as-of", AS_OF).stdout
    overdue = [x for x in data["tasks"] if x["state_code"] == "overdue" and x["role_code"] != "partner"]
    assert overdue
    for x in overdue:
        assert f"Mục {x['task']}:" in md
    assert "Kính gửi: Công an thành phố Huế." in md


def test_one_agency_with_nothing_owed_is_told_so(run):
    res = run("render", "reminder", "--agency", "cong an hue", "--as-of", "01/02/2026")
    assert res.exit_code == 1 and "không có gì để đôn đốc" in res.output


def test_reminder_needs_agency_or_overdue(run):
    for args in ([], ["--overdue", "--agency", "cong an hue"]):
        res = run("render", "reminder", "--as-of", AS_OF, *args)
        assert res.exit_code == 2 and "--agency" in res.output and "--overdue" in res.output


def test_reminder_refuses_to_mix_issuers(repo, run):
    repo.edit("plans/hp/2026-kh-bcd799-pttd-pctp.yaml", "            lead: [hp.cong-an]\n",
              "            lead: [hp.cong-an]\n            deadline: 2026-03-31\n")
    res = run("render", "reminder", "--overdue", "--as-of", AS_OF, *repo.args())
    assert res.exit_code == 2 and "-j/--jurisdiction" in res.output
    md = run("render", "reminder", "--overdue", "-j", "hp", "--as-of", AS_OF, *repo.args()).stdout
    assert "Kính gửi: Công an thành phố Hải Phòng." in md and "(thời hạn 31/03/2026)" in md
    assert "Số: …/BCĐ" in md
