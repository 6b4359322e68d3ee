"""``plans import`` after folding the DOCX round-trip and the OCR importer work into one set of rules:
the cases where the two met ("(n)" items, a part's numbered items, the signing date of a scan).
Small texts made for the tests, never the shipped plans."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from import_helpers import tasks, walk

HERE = Path(__file__).resolve().parent
FX = HERE / "fixtures" / "importer"


@pytest.fixture(scope="module")
def fx_repo():
    import plans

    return plans.load(str(HERE / "fixtures" / "repo" / "plans"))


def body(text, repo):
    from plans.importer.body import parse_body
    from plans.importer.lines import paragraphs
    from plans.importer.names import Resolver

    return parse_body(paragraphs(text.splitlines()), Resolver(repo, "hp"), 2026)


def test_item_assigned_itself_over_assigned_bullets_makes_its_run_sections(fx_repo):
    """"(2) … (X thực hiện)" then "- … (Y thực hiện)": the item holds two tasks, so every "(n)" item of
    the part is a section (as a DOCX rendered from such a plan prints it)."""
    b = body("""II. NHIỆM VỤ
1. Công tác phòng ngừa
1.1. Phòng ngừa xã hội
(1) Rà soát các yếu tố phát sinh tội phạm trên địa bàn (Công an thành phố thực hiện).
(2) Tổ chức truyền thông lưu động tại khu dân cư (Sở Tư pháp thực hiện).
- Lồng ghép tuyên truyền vào hoạt động tại khu công nghiệp (Liên đoàn Lao động thành phố thực hiện).
1.2. Phòng ngừa nghiệp vụ
(1) Nâng cao hiệu quả công tác nghiệp vụ cơ bản (Công an thành phố thực hiện).
""", fx_repo)
    tk = tasks(b.sections)
    assert sorted(tk) == ["II.1.1.1.1", "II.1.1.2.1", "II.1.1.2.2", "II.1.2.1.1"]
    assert tk["II.1.1.2.2"]["executor"] == ["hp.lien-doan-lao-dong"]


def test_a_titled_item_over_its_list_leaves_the_other_items_tasks(fx_repo):
    """A part whose last item is a heading ending in ":" over "- …" items: the other items stay tasks
    (III.1, III.2), as a DOCX of Hà Nội's plan prints them; an item that is a sentence over a list
    makes them sections (tested in test_import_ocr.py)."""
    b = body("""III. TỔ CHỨC THỰC HIỆN
1. Các sở, ban, ngành căn cứ Kế hoạch này xây dựng kế hoạch thực hiện.
2. Định kỳ báo cáo kết quả thực hiện về Công an thành phố.
3. Công an thành phố, cơ quan thường trực:
- Theo dõi, đôn đốc việc thực hiện Kế hoạch (Công an thành phố chủ trì).
- Tổng hợp kết quả, báo cáo Ủy ban nhân dân thành phố (Công an thành phố thực hiện).
""", fx_repo)
    tk = tasks(b.sections)
    assert sorted(tk) == ["III.1", "III.2", "III.3.1", "III.3.2"]
    sec = {s["id"]: s for s in walk(b.sections)}["III.3"]
    assert sec["title"] == "Công an thành phố, cơ quan thường trực:"


WIDE = "phong, chong toi pham tren dia ban thanh pho, bao dam an ninh trat tu"   # a body line's width
HEADLESS = f""" Thure hien cong tac phong, chong toi pham nam 2026

Uy ban nhan dan thanh pho ban hanh ke hoach thuc hien cong tac {WIDE[:20]}
{WIDE} nhu sau:

I. MUC TIEU, YEU CAU

1. Phan dau keo giam it nhat 5% so vu pham toi ve trat tu xa hoi tren dia
ban thanh pho, trien khai quyet liet chu truong xay dung xa, phuong khong

2 Nghi quyet so 03-NQ/TU ngay 11/02/2026 cua Ban Thuong vu Thanh uy ve xay dung thanh pho khong ma tuy.
 ma tuy theo Nghi quyet cua Ban Thuong vu Thanh uy.

II. NHIEM VU, PHAN CONG THUC HIEN

1. Tong ket cong tac phong, chong toi pham nam 2025, hoan thanh truoc ngay
20/3/2026 (Cong an thanh pho thuc hien).

Noi nhan:
- Bo Cong an;
- Luu: VT.
"""


def test_a_scans_footnote_dates_its_signing_and_is_kept(run, repo):
    """The only document a scan without its header cites is in a footnote printed inside the body: it
    is taken out of the text, kept as the draft's footnote 2 (as printed), and the signing date lies
    between it and the day before the first deadline."""
    src = repo.path / "mat-dau.txt"
    src.write_text(HEADLESS, encoding="utf-8")
    out = repo.path / "draft.yaml"
    res = run("import", str(src), "-o", str(out), "--jurisdiction", "hp")
    assert res.exit_code == 0, res.output
    d = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert {k: str(v) for k, v in d["date_range"].items()} == {"from": "2026-02-11", "to": "2026-03-19"}
    note = next(u["note"] for u in d["unverified"] if u["field"] == "date")
    assert "2026-02-11–2026-03-19" in note
    assert [f["n"] for f in d["footnotes"]] == [2] and "03-NQ/TU" in d["footnotes"][0]["text"]
    assert "footnotes" in {u["field"] for u in d["unverified"]}
    objective = " ".join(o["text"] for o in d["objectives"])
    assert "03-NQ/TU" not in objective and "không ma túy" in objective


def test_docx_footnotes_are_numbered_in_order(run, repo):
    """A DOCX's own footnotes keep their order (the scan's rule does not apply to them)."""
    from plans.importer import import_extracted
    from plans.importer.extract import Extracted

    import plans

    lines = ["KẾ HOẠCH", "Thực hiện công tác phòng, chống tội phạm năm 2026", "I. MỤC TIÊU",
             "1. Kéo giảm tội phạm về trật tự xã hội."]
    res = import_extracted(Extracted(lines, "docx", paragraphs=True, footnotes=["Ghi chú một.", "Ghi chú hai."]),
                           plans.load(str(repo.path / "plans")), str(repo.path), jurisdiction="hp")
    assert res.data["footnotes"] == [{"n": 1, "text": "Ghi chú một."}, {"n": 2, "text": "Ghi chú hai."}]
    assert "footnotes" not in {u["field"] for u in res.data["unverified"]}
