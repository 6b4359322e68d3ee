"""Rendering: DOCX per Nghị định 30/2020 (checked with python-docx) and Markdown, for every plan of the
fixture repository (a frozen copy of the seed plans; the commands run in it, never on the shipped data)."""
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

import plans
from conftest import FIXTURE

FIXTURE_PLANS = plans.load(str(FIXTURE / "plans")).plans
PLAN_IDS = sorted(FIXTURE_PLANS)
HP26 = "hp-2026-kh-bcd799-pttd-pctp"


def style_of(par):
    return par.style.name


def effective(par, attr):
    """A run's font attribute, falling back to the paragraph style (and its base)."""
    for run in par.runs:
        v = getattr(run.font, attr)
        if v is not None:
            return v
    st = par.style
    while st is not None:
        v = getattr(st.font, attr)
        if v is not None:
            return v
        st = st.base_style
    return None


pytestmark = pytest.mark.usefixtures("in_fixture_repo")


@pytest.fixture(scope="module")
def national(tmp_path_factory, frozen_repo):
    from typer.testing import CliRunner

    from plans.commands.app import app

    out = tmp_path_factory.mktemp("docx") / "53.docx"
    res = CliRunner().invoke(app, ["render", "plan", "vn-2025-53-kh-bcd", "--format", "docx", "--appendix",
                                   "-o", str(out), "--repo", str(frozen_repo / "plans")])
    assert res.exit_code == 0, res.output
    return Document(str(out))


def test_page_setup(national):
    s = national.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert 20 <= round(s.top_margin.mm) <= 25 and 20 <= round(s.bottom_margin.mm) <= 25
    assert 30 <= round(s.left_margin.mm) <= 35 and 15 <= round(s.right_margin.mm) <= 20


def test_header_block(national):
    header = national.tables[0]
    left, right = header.rows[0].cells
    left_text = [p.text.replace("\n", " ") for p in left.paragraphs if p.text]
    assert left_text[0] == "Ban Chỉ đạo phòng, chống tội phạm của Chính phủ"
    issuer = left.paragraphs[0]
    assert effective(issuer, "all_caps") and effective(issuer, "bold") and effective(issuer, "size") == Pt(13)
    assert "Số: 53/KH-BCĐ" in left_text
    qh, tn = right.paragraphs[0], right.paragraphs[1]
    assert qh.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and effective(qh, "bold")
    assert Pt(12) <= effective(qh, "size") <= Pt(13)
    assert tn.text == "Độc lập - Tự do - Hạnh phúc" and effective(tn, "bold") and tn.runs[0].font.underline
    assert Pt(13) <= effective(tn, "size") <= Pt(14)
    date = [p for p in right.paragraphs if "ngày" in p.text][0]
    assert date.text == "Hà Nội, ngày 05 tháng 02 năm 2025" and effective(date, "italic")


def test_type_name_body_and_signature(national):
    pars = national.paragraphs
    kind = [p for p in pars if p.text == "KẾ HOẠCH"][0]
    assert effective(kind, "bold") and effective(kind, "all_caps")
    body = [p for p in pars if p.text.startswith("Năm 2024, dưới sự lãnh đạo")][0]
    assert Pt(13) <= effective(body, "size") <= Pt(14)
    assert body.paragraph_format.alignment is None or body.style.paragraph_format.alignment == 3  # justified
    assert body.style.paragraph_format.first_line_indent > 0
    assert effective(body, "name") == "Times New Roman"
    sig = national.tables[1]
    left, right = sig.rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    assert effective(left.paragraphs[0], "size") == Pt(12) and effective(left.paragraphs[0], "bold") \
        and effective(left.paragraphs[0], "italic")
    assert effective(left.paragraphs[1], "size") == Pt(11)
    right_text = [p.text for p in right.paragraphs if p.text]
    assert right_text[:2] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC"]
    assert right_text[-1] == "Đại tướng Lương Tam Quang" and effective(right.paragraphs[-1], "bold")


def test_page_numbers_from_page_two(national):
    s = national.sections[0]
    assert s.different_first_page_header_footer
    instr = "".join(e.text for e in s.header._element.iter(qn("w:instrText")))
    assert "PAGE" in instr
    assert not s.first_page_header.paragraphs[0].text


def test_appendix_is_landscape_with_the_assignment_table(national):
    land = [s for s in national.sections[1:]]
    assert land and all(s.orientation == WD_ORIENT.LANDSCAPE and s.page_width > s.page_height for s in land)
    table = national.tables[2]
    assert [c.text for c in table.rows[0].cells] == ["TT", "Nhiệm vụ", "Chủ trì / thực hiện", "Phối hợp",
                                                     "Thời hạn"]  # no task names a product
    row = [r for r in table.rows if "II.2.a.3." in r.cells[1].text][0]
    assert row.cells[2].text == "Bộ Công an" and "các bộ, ngành, địa phương" in row.cells[3].text


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_every_plan_renders(run, tmp_path, plan_id):
    out = tmp_path / "p.docx"
    assert run("render", "plan", plan_id, "--format", "docx", "--appendix", "-o", out).exit_code == 0
    doc = Document(str(out))
    plan = FIXTURE_PLANS[plan_id]
    text = "\n".join(p.text.replace("\n", " ") for p in doc.paragraphs)  # summary lines broken evenly
    assert plan.title in text
    assert f"Số: {plan.number}" in [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs]
    n_tasks = sum(1 for _ in plan.tasks())
    assert sum(len(t.rows) - 1 for t in doc.tables[2:]) == n_tasks
    md = run("render", "plan", plan_id, "--format", "md").stdout
    assert plan.title in md and f"Số: {plan.number}" in md


def test_markdown_table_cells_are_escaped(run):
    md = run("render", "plan", "vn-2025-53-kh-bcd", "--format", "md", "--appendix").stdout
    rows = [line for line in md.splitlines() if line.startswith("| II.")]
    assert rows and all(line.count(" | ") == 4 for line in rows)  # no cell broke the table


@pytest.fixture(scope="module")
def report(tmp_path_factory, frozen_repo):
    from typer.testing import CliRunner

    from plans.commands.app import app

    out = tmp_path_factory.mktemp("report") / "bc.docx"
    res = CliRunner().invoke(app, ["render", "report", "--plan", HP26, "--period", "2026-H1", "--format", "docx",
                                   "-o", str(out), "--repo", str(frozen_repo / "plans"),
                                   "--repo", str(frozen_repo / "kpi")])
    assert res.exit_code == 0, res.output
    return Document(str(out))


def test_report_docx(report):
    text = [p.text for p in report.paragraphs]
    assert "BÁO CÁO" in text
    # the day of the plan is not legible on the scan: the range it must lie in is printed
    assert any(t.startswith("Kết quả thực hiện Kế hoạch số 4…/KH-BCĐ ngày 01–09/02/2026") for t in text)
    assert "DỮ LIỆU MẪU — KHÔNG PHẢI SỐ LIỆU THẬT" in text  # the demo figures are sample data
    targets = report.tables[1]
    head = [c.text for c in targets.rows[0].cells]
    assert head == ["Mã", "Chỉ tiêu", "Yêu cầu", "Kết quả", "Đánh giá"]
    t3 = [r for r in targets.rows if r.cells[0].text == "T3"][0]
    assert [c.text for c in t3.cells[2:]] == ["> 90%", "88,84%", "Không đạt"]  # the Vietnamese decimal comma
    assert report.inline_shapes and report.inline_shapes[0].width > Mm(100)  # the chart
    assert any("II.2.a.4." in r.cells[0].text and "Hoàn thành đúng hạn" == r.cells[2].text
               for t in report.tables[2:] for r in t.rows)
    assert any(p.text.startswith("III. CƠ QUAN, ĐƠN VỊ CHƯA BÁO CÁO") for p in report.paragraphs)


def test_report_markdown(run, tmp_path):
    out = tmp_path / "bc.md"
    assert run("render", "report", "--plan", HP26, "--period", "2026-H1", "--format", "md", "-o", out).exit_code == 0
    md = out.read_text(encoding="utf-8")
    assert md.startswith("> **DỮ LIỆU MẪU")
    assert "| T3 | trong đó tỷ lệ giải quyết đạt trên 90% | &gt; 90% | 88,84% | Không đạt |" in md
    assert (tmp_path / "bc-bieu-do.png").read_bytes()[:4] == b"\x89PNG"
    assert "![Mức đạt chỉ tiêu](bc-bieu-do.png)" in md


def test_docx_needs_an_output_file(run):
    res = run("render", "plan", "vn-2025-53-kh-bcd", "--format", "docx")
    assert res.exit_code == 2


def test_unreadable_day_is_left_blank_in_the_header(run, tmp_path):
    out = tmp_path / "hp.docx"
    assert run("render", "plan", "hp-2025-kh-bcd799-pctp-mbn", "--format", "docx", "-o", out).exit_code == 0
    right = Document(str(out)).tables[0].rows[0].cells[1]
    # the scan shows the day's first digit (20–28/02): it is printed, the unreadable digit left blank
    assert "Hải Phòng, ngày 2… tháng 02 năm 2025" in [p.text for p in right.paragraphs]


def test_recipients_keep_their_purpose(national, run):
    left = national.tables[1].rows[0].cells[0]
    assert "- Đ/c Thủ tướng Chính phủ (để b/cáo);" in [p.text for p in left.paragraphs]
    assert "- Đ/c Thủ tướng Chính phủ (để b/cáo)" in run("render", "plan", "vn-2025-53-kh-bcd").stdout
