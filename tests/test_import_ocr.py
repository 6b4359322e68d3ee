"""``plans import`` on OCR text: the structures the scanned seeds use, on small fixtures made for them
(tests/fixtures/importer/ocr-cau-truc.txt and texts in the tests), never on the shipped plans.

Footnotes printed inside a sentence, circled numbers read as "@"/"®", "(1)" items (tasks, or sections
numbered alike when one of them holds several tasks), a parenthesis inside a sentence, short numbered
headings, "thực hiện" as OCR leaves it, group names with a broken short word."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from import_helpers import ROLES, tasks, walk

HERE = Path(__file__).resolve().parent
FX = HERE / "fixtures" / "importer"


def roles(t):
    return {k: t[k] for k in ROLES if k in t}


@pytest.fixture(scope="module")
def fx_repo():
    import plans

    return plans.load(str(HERE / "fixtures" / "repo" / "plans"))


def body(text, repo, jurisdiction="hp"):
    from plans.importer.body import parse_body
    from plans.importer.lines import paragraphs
    from plans.importer.names import Resolver

    r = Resolver(repo, jurisdiction)
    return parse_body(paragraphs(text.splitlines()), r, 2026)


# ------------------------------------------------------------------ the whole command

def test_ocr_structures_through_the_command(run, repo):
    out = repo.path / "draft.yaml"
    res = run("import", str(FX / "ocr-cau-truc.txt"), "-o", str(out))
    assert res.exit_code == 0, res.output
    d = yaml.safe_load(out.read_text(encoding="utf-8"))
    tk = tasks(d["sections"])
    secs = {s["id"]: s for s in walk(d["sections"])}
    # (1) of 1.1 holds two tasks: every "(n)" item of part 1 is a section, those of 1.2 too
    assert [t for t in tk if t.startswith("II.1.")] == ["II.1.1.1.1", "II.1.1.1.2", "II.1.1.2.1",
                                                         "II.1.2.1.1", "II.1.2.2.1"]
    assert roles(tk["II.1.1.1.2"]) == {"executor": ["hp.lien-doan-lao-dong"]}
    # "các s, ngành, địa phương thwec hiện": still the group, still an assignment
    assert roles(tk["II.1.1.2.1"]) == {"executor": ["hp.cac-so-ban-nganh-dia-phuong"]}
    # the footnote at the page's foot is dropped and the sentence it cut is whole again
    t = tk["II.1.2.2.1"]
    assert "Chỉ thị" not in t["text"] and "70-CT/TU" not in t["text"]
    assert t["text"].endswith("ngành nghề kinh doanh có điều kiện")
    assert roles(t) == {"lead": ["hp.so-tu-phap"], "partner": ["hp.cac-so-ban-nganh-dia-phuong"]}
    # circled numbers read as "@", "®": put back, and each numbered piece is its own task
    assert tk["II.2.a.1"]["text"].startswith("Tuyên truyền cho Nhân dân về các nội dung: ① phòng")
    assert tk["II.2.a.2"]["text"].startswith("② phòng, chống bạo lực học đường")
    assert roles(tk["II.2.a.2"]) == {"executor": ["hp.so-tu-phap"]}
    # "(1) … (2) … (3) … (X thực hiện)": three tasks with the printed ids, the run's assignment on each
    assert [tk[f"II.3.{i}"]["executor"] for i in (1, 2, 3)] == [["hp.cong-an", "hp.so-tu-phap"]] * 3
    # III.1 holds a bulleted list: III.1 and III.2 are both sections (numbered alike); the parenthesis
    # "(Công an thành phố - Phòng Tham mưu) để tổng hợp" is inside a sentence, not an assignment
    assert "III.1" in secs and "III.2" in secs
    assert sorted(t for t in tk if t.startswith("III.")) == ["III.1.1", "III.1.2", "III.1.3", "III.2.1"]
    assert "để tổng hợp" in tk["III.1.1"]["text"] and "assignment" not in tk["III.1.1"]
    assert roles(tk["III.2.1"]) == {"lead": ["hp.cong-an"]}


# ------------------------------------------------------------------ lines

def test_footnote_inside_a_sentence_is_dropped():
    from plans.importer.lines import paragraphs

    body_ = "Tăng cường công tác quản lý nhà nước về an ninh, trật tự trên địa bàn các"
    lines = [body_] * 6 + [
        "",
        "3 Quyết định có hiệu lực thi hành từ ngày 16 tháng 3 năm 2026 (thay thế Quyết định số 04/2019/QĐ-TTg",
        "ngày 22/01/2019 của Thủ tướng Chính phủ) và các văn bản hướng dẫn thi hành có liên quan khác.",
        " xã, phường, đặc khu (Công an thành phố thực hiện).",
    ]
    ps = paragraphs(lines)
    assert len(ps) == 1
    assert "Quyết định" not in ps[0] and ps[0].endswith("các xã, phường, đặc khu (Công an thành phố thực hiện).")
    # a body line that merely starts with a number is kept
    assert "14 trung tâm" in paragraphs([body_] * 3 + ["14 trung tâm; tăng cường hợp tác quốc tế."])[0]


def test_circled_numbers_read_by_ocr_are_put_back():
    from plans.importer.lines import circled

    assert circled("chủ thể như: ® Chủ động; @ Hướng dẫn; © Tạo môi trường; ®) Thực hiện") == \
        "chủ thể như: ① Chủ động; ② Hướng dẫn; ③ Tạo môi trường; ④ Thực hiện"
    assert circled("nội dung: ③ đã in đúng; @ tiếp theo") == "nội dung: ③ đã in đúng; ④ tiếp theo"
    assert circled("thư điện tử ten@example.vn, không đổi") == "thư điện tử ten@example.vn, không đổi"


def test_short_numbered_heading_is_its_own_paragraph():
    from plans.importer.lines import paragraphs

    full = "Từng sở, ngành, địa phương tiến hành rà soát tổng thể các nguyên nhân, điều"
    ps = paragraphs(["a) Phòng ngừa xã hội", "", full, "kiện phát sinh tội phạm."])
    assert ps[0] == "a) Phòng ngừa xã hội" and ps[1].startswith("Từng sở")


# ------------------------------------------------------------------ items and assignments

def test_parenthesised_item_with_a_bulleted_list_is_a_section_its_siblings_stay_tasks(fx_repo):
    b = body("""II. NHIỆM VỤ
1. Công tác truyền thông

(1) Đẩy mạnh tuyên truyền về phòng, chống tội phạm đến từng người dân (Công an thành phố thực hiện).

(2) Tiếp tục đổi mới các hoạt động tuyên truyền trên các lĩnh vực:

- Tổ chức hội nghị tuyên truyền cho cán bộ và người dân (Sở Tư pháp thực hiện).

- Lồng ghép nội dung tuyên truyền trong các hoạt động văn hóa (Công an thành phố thực hiện).
""", fx_repo)
    tk = tasks(b.sections)
    assert sorted(tk) == ["II.1.1", "II.1.2.1", "II.1.2.2"]
    sec = {s["id"]: s for s in walk(b.sections)}["II.1.2"]
    # its own paragraph introduces the list: the section's intro (as Hà Nội's reviewed II.2.1.4 has it)
    assert sec["intro"] == ["Tiếp tục đổi mới các hoạt động tuyên truyền trên các lĩnh vực:"]
    assert tk["II.1.2.1"]["executor"] == ["hp.so-tu-phap"]


def test_parenthesis_inside_a_sentence_is_no_assignment(fx_repo):
    from plans.importer.body import split_tasks
    from plans.importer.names import Resolver

    r = Resolver(fx_repo, "hp")
    ts = split_tasks([(None, "Báo cáo về Cơ quan Thường trực (Công an thành phố - Phòng Tham mưu) để tổng hợp, "
                             "báo cáo Ban Chỉ đạo (Các sở, ngành, địa phương thực hiện); 16ng ghép tuyên "
                             "truyền vào các hoạt động (Sở Tư pháp thực hiện).")], r)
    assert [t.assignment for t in ts] == ["Các sở, ngành, địa phương thực hiện", "Sở Tư pháp thực hiện"]
    assert "(Công an thành phố - Phòng Tham mưu) để tổng hợp" in ts[0].text


def test_thuc_hien_as_ocr_leaves_it_marks_an_assignment(fx_repo):
    from plans.importer.assign import looks_like_assignment, parse_roles
    from plans.importer.names import Resolver

    r = Resolver(fx_repo, "hp")
    assert looks_like_assignment("Công an thành phố thwec hiện", r)
    assert parse_roles("Sở Tư pháp phối hợp Công an thành phố thyc hiện", r).executor == ["hp.so-tu-phap"]
    assert not looks_like_assignment("thể hiện rõ trách nhiệm của người đứng đầu", None)


def test_broken_group_name_is_read_by_its_letters_only_on_ocr_text(fx_repo):
    from plans.importer.names import Resolver

    r = Resolver(fx_repo, "hp")
    for broken in ("các s, ngành, địa phương", "Các 80, ngành, địa phương", "Cdce sở, ngành, địa phương"):
        r.ocr = False
        assert "hp.cac-so-ban-nganh-dia-phuong" not in r.names(broken).ids
        r.ocr = True
        assert r.names(broken).ids == ["hp.cac-so-ban-nganh-dia-phuong"], broken
    # a body's name is never read so, and neither is a text naming no group
    assert r.one("các xã ven biển của thành phố") is None


# ------------------------------------------------------------------ a scan that lost its header

HEADLESS = """ Thure hien cong tac phong, chong toi pham nam 2026

Thuc hien Nghi quyet so 03-NQ/TU ngay 11/02/2026 cua Ban Thuong vu Thanh uy ve cong tac
phong, chong toi pham, Uy ban nhan dan thanh pho ban hanh ke hoach thuc hien nhu sau:

I. MUC TIEU, YEU CAU

1. Phan dau keo giam it nhat 5% so vu pham toi ve trat tu xa hoi.

II. NHIEM VU, PHAN CONG THUC HIEN

1. Tong ket cong tac phong, chong toi pham nam 2025, hoan thanh trwéc ngay
20/3/2026 (Cong an thanh pho thuc hien).

2. To chuc cac hoat dong huong ung “Ngay toan dan phong, chong mua ban nguoi”
(30/ 7/2026) tai cac dia ban thuong xuyen xay ra toi pham (Cong an thanh pho
thuc hien).

Noi nhign:
- Bo Cong an;
- Luu: VT.
"""


def test_scan_without_its_header_gets_what_the_text_allows(run, repo):
    src = repo.path / "mat-dau.txt"
    src.write_text(HEADLESS, encoding="utf-8")
    out = repo.path / "draft.yaml"
    res = run("import", str(src), "-o", str(out), "--jurisdiction", "hp")
    assert res.exit_code == 0, res.output
    d = yaml.safe_load(out.read_text(encoding="utf-8"))
    # the first lines before a blank line are the trích yếu, restored
    assert d["title"] == "Thực hiện công tác phòng, chống tội phạm năm 2026"
    # signed after the newest document it cites and before the first deadline it sets
    assert "date" not in d and {k: str(v) for k, v in d["date_range"].items()} == {"from": "2026-02-11",
                                                                                    "to": "2026-03-19"}
    # the place of the issuer's registry; the symbol a plan of this issuer gets, the number unknown
    assert d["issuer"] == "hp.ubnd" and d["place"] == "Hải Phòng" and d["number"] == "…/KH-UBND"
    fields = {u["field"] for u in d["unverified"]}
    assert {"date", "place", "number"} <= fields
    tk = tasks(d["sections"])
    assert str(tk["II.1.1"]["deadline"]) == "2026-03-20"     # "trwéc ngày" as OCR left it
    assert [x["date"] for x in tk["II.2.1"]["days"]] == ["--07-30"]
    assert "recurrence" not in tk["II.2.1"]            # "địa bàn thường xuyên xảy ra tội phạm": a place
    # "Noi nhign" (OCR) still starts the closing: the recipients are no task
    assert d["recipients"][0]["text"].startswith("Bộ Công an")


def test_restoration_takes_a_syllable_two_letters_off_when_the_context_wants_it():
    from plans.importer.diacritics import Model, restore

    m = Model()
    for _ in range(5):
        m.add_text("Thực hiện kế hoạch. Thuế được thu. Thuê nhà ở.")
    assert restore(m, "Thure hien ke hoach").text == "Thực hiện kế hoạch"
    assert restore(m, "Thue nha").text == "Thuê nhà"          # letters that fit stay what they spell


def test_a_speck_read_as_a_digit_between_words_is_dropped_from_a_name(fx_repo):
    from plans.importer.names import Resolver

    r = Resolver(fx_repo, "hp")
    n = r.names("Ủy ban Mặt trận Tổ 6 quốc Việt Nam thành phố")
    assert (n.ids, n.unknown) == (["hp.uy-ban-mttq"], [])
    # a number that belongs to a name stays ("Ban Chỉ đạo 799 thành phố" is not touched)
    assert r.names("Ban Chỉ đạo 799 thành phố").ids == r.names("Ban Chỉ đạo 799").ids


def test_sentence_forms_of_the_last_part(fx_repo):
    from plans.importer.assign import parse_roles, sentence_roles
    from plans.importer.names import Resolver

    r = Resolver(fx_repo, "hp")
    x = sentence_roles("Căn ct các văn bản chỉ đạo của Đảng, Nhà nước và nội dung Kế hoạch này, các sở, ban, "
                       "ngành, đoàn thể, địa phương xây dựng kế hoạch, tổ chức triển khai thực hiện.", r)
    assert x.executor == ["hp.cac-so-ban-nganh-doan-the-dia-phuong"]
    x = sentence_roles("Định kỳ, các sở, ban, ngành, đoàn thể, địa phương báo cáo kết quả thực hiện (06 tháng "
                       "trước ngày 12/6).", r)
    assert x.executor == ["hp.cac-so-ban-nganh-doan-the-dia-phuong"]
    x = sentence_roles("Giao Công an thành phố có trách nhiệm tham mưu, theo dõi, đôn đốc việc thực hiện.", r)
    assert (x.lead, x.executor) == (["hp.cong-an"], [])
    # a speck read as a quote inside "phối"; a name list cut by ";" before its role word
    x = parse_roles('Sở Tư pháp chủ trì phố"i hợp với Công an thành phố thực hiện', r)
    assert (x.lead, x.partner) == (["hp.so-tu-phap"], ["hp.cong-an"])
    x = parse_roles("Sở Tư pháp; Công an thành phố chủ trì, phối hợp các sở, ngành, địa phương thực hiện", r)
    assert x.lead == ["hp.so-tu-phap", "hp.cong-an"] and x.executor == []


def test_restoration_never_writes_the_number_placeholder():
    from plans.importer.diacritics import Model, restore

    m = Model()
    for _ in range(3):
        m.add_text("Hải Phòng, ngày 20 tháng 02 năm 2025. Số 15 năm 2024.")
    for ocr in ("Hai Phong, ngay 2% thang02 ndam 2025", "thang 02 numm 2025", "Hai Phong, nguum 20"):
        out = restore(m, ocr).text
        assert "<" not in out and ">" not in out, out
