"""Documents ready to send (issue 12): the geometry of Nghị định 30/2020 measured in the DOCX (widths,
positions, not only style names), real footnotes, language and file properties, the format from -o,
numbering and punctuation as printed, unverified values, the report's own header, the signature chain.

Widths are in twips (1 cm = 567). Text widths are measured with Times metrics (plans.render.geometry,
checked below against Liberation Serif's own advance widths)."""
import re
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

from conftest import FIXTURE
from plans.commands.app import app
from plans.render.geometry import text_width

HP26 = "hp-2026-kh-bcd799-pttd-pctp"
HP25 = "hp-2025-kh-bcd799-pctp-mbn"
VN = "vn-2025-53-kh-bcd"
HN = "hn-2024-133-kh-ubnd"
HUE = "hue-2026-kh-ubnd-pctp"
CELL_MARGINS = 2 * 108  # Word's default cell margins, left and right

pytestmark = pytest.mark.usefixtures("in_fixture_repo")


def render(*args):
    res = CliRunner().invoke(app, [str(a) for a in args])
    assert "Traceback" not in res.output, res.output
    return res


@pytest.fixture(scope="module")
def docs(tmp_path_factory, frozen_repo):
    """Every fixture plan with its appendix, and the periodic report, rendered once."""
    out = tmp_path_factory.mktemp("docs")
    repo = ["--repo", str(frozen_repo / "plans"), "--repo", str(frozen_repo / "kpi")]
    paths = {}
    for pid in (VN, HP26, HP25, HN, HUE):
        paths[pid] = out / f"{pid}.docx"
        res = render("render", "plan", pid, "--appendix", "--format", "docx", "-o", paths[pid], *repo[:2])
        assert res.exit_code == 0, res.output
    paths["report"] = out / "bc.docx"
    res = render("render", "report", "--plan", HP26, "--period", "2026-H1", "--format", "docx", "-o", paths["report"],
                 *repo)
    assert res.exit_code == 0, res.output
    return paths


def doc_of(docs, key):
    return Document(str(docs[key]))


def text_width_of(section) -> int:
    return section.page_width.twips - section.left_margin.twips - section.right_margin.twips


def grid(table) -> list[int]:
    return [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def tbl_width(table) -> int:
    return int(table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w")))


def indents(par) -> tuple[int, int]:
    pf = par.paragraph_format
    return (pf.left_indent.twips if pf.left_indent else 0), (pf.right_indent.twips if pf.right_indent else 0)


def width_pt(text, size, bold=True, caps=True):
    return text_width(text, size, bold=bold, caps=caps)


# ------------------------------------------------------------------ measuring text


def test_text_width_follows_times_new_roman():
    # Liberation Serif (metric-compatible with Times New Roman), advance widths summed with FreeType:
    # 271.2 pt and 240.3 pt; the horns of ư, ơ are wider than u, o
    assert width_pt("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13) == pytest.approx(271.2, abs=0.5)
    assert width_pt("PHÓ TRƯỞNG BAN THƯỜNG TRỰC", 14) == pytest.approx(240.3, abs=0.5)
    assert text_width("ư", 14) > text_width("u", 14)


# ------------------------------------------------------------------ 1. the appendix


def test_appendix_tables_fit_the_landscape_text_width(docs):
    for pid in (VN, HP26, HP25, HN, HUE):
        d = doc_of(docs, pid)
        land = [s for s in d.sections if s.page_width > s.page_height]
        assert land, pid
        fit = text_width_of(land[0])  # 297 - 25 - 20 mm = 14,287 twips
        assert 14280 <= fit <= 14290
        appendix = d.tables[2:]
        assert appendix, pid
        for t in appendix:
            assert sum(grid(t)) <= fit and tbl_width(t) <= fit, (pid, grid(t))
            assert sum(grid(t)) >= fit - 20  # and uses it
        portrait = text_width_of(d.sections[0])
        for t in d.tables[:2]:
            assert tbl_width(t) <= portrait


def test_appendix_header_row_repeats_and_appendices_are_numbered(docs):
    d = doc_of(docs, VN)
    for t in d.tables[2:]:
        trpr = t.rows[0]._tr.trPr
        assert trpr is not None and trpr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr is None or r._tr.trPr.find(qn("w:tblHeader")) is None for r in t.rows[1:])
    texts = [p.text for p in d.paragraphs]
    assert "Phụ lục I" in texts and "Phụ lục II" in texts
    kem = [p for p in d.paragraphs if p.text.startswith("(Kèm theo Kế hoạch số 53/KH-BCĐ")]
    assert len(kem) == 2
    assert kem[0].text == ("(Kèm theo Kế hoạch số 53/KH-BCĐ ngày 05 tháng 02 năm 2025 của Ban Chỉ đạo phòng, "
                           "chống tội phạm của Chính phủ)")
    assert all(r.italic for p in kem for r in p.runs)


def test_product_column_is_filled_or_dropped(docs):
    vn = doc_of(docs, VN)  # no task names a product: no empty column
    assert all("Sản phẩm" not in [c.text for c in t.rows[0].cells] for t in vn.tables[2:])
    hue = doc_of(docs, HUE)
    filled = [r.cells[-1].text for t in hue.tables[2:] if t.rows[0].cells[-1].text == "Sản phẩm" for r in t.rows[1:]]
    assert any(filled)


# ------------------------------------------------------------------ 2. the rule under the issuing body


def _rule_after(container_pars, style):
    """(the paragraph before the rule, the rule paragraph)."""
    pars = list(container_pars)
    for i, p in enumerate(pars):
        ppr = p._p.pPr
        if ppr is not None and ppr.find(qn("w:pBdr")) is not None and p.style.name == style:
            return pars[i - 1], p
    raise AssertionError("no rule")


def _mark_size_pt(par) -> float:
    rpr = par._p.pPr.find(qn("w:rPr"))
    sz = rpr.find(qn("w:sz")) if rpr is not None else None
    return int(sz.get(qn("w:val"))) / 2 if sz is not None else (par.style.font.size.pt)


@pytest.mark.parametrize("key", [VN, HP26, HN])
def test_rule_sits_directly_under_the_issuer_one_third_to_half_its_width(docs, key):
    d = doc_of(docs, key)
    left = d.tables[0].rows[0].cells[0]
    issuer, rule = _rule_after(left.paragraphs, "VB Cơ quan ban hành")
    assert issuer.text and not rule.text  # the rule follows the name, nothing between
    bottom = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "single"
    # directly under: the rule's paragraph is one point high, no space before it or after the name
    assert _mark_size_pt(rule) <= 1
    assert not (rule.paragraph_format.space_before or 0) and not (issuer.paragraph_format.space_after or 0)
    # and the number below keeps its distance, so the rule is not an overline on "Số:"
    number = left.paragraphs[left.paragraphs.index(rule) + 1] if False else \
        [p for p in left.paragraphs if p.text.startswith("Số:")][0]
    assert number.paragraph_format.space_before.pt >= 4
    cell_w = grid(d.tables[0])[0] - CELL_MARGINS
    li, ri = indents(rule)
    assert li == pytest.approx(ri, abs=2)  # centred
    rule_w = cell_w - li - ri
    widest = max(width_pt(line, 13) * 20 for line in issuer.text.split("\n"))
    assert widest <= cell_w  # the name's lines fit the column
    assert widest / 3 <= rule_w <= widest / 2


def test_rule_under_the_summary_one_third_to_half_its_width(docs):
    d = doc_of(docs, VN)
    summary, rule = _rule_after(d.paragraphs, "VB Trích yếu")
    assert summary.text.replace("\n", " ") == ("Thực hiện công tác phòng, chống tội phạm, phòng, chống mua bán "
                                               "người năm 2025")
    assert _mark_size_pt(rule) <= 1
    li, ri = indents(rule)
    rule_w = text_width_of(d.sections[0]) - li - ri
    widest = max(width_pt(line, 14, caps=False) * 20 for line in summary.text.split("\n"))
    assert widest / 3 <= rule_w <= widest / 2


# ------------------------------------------------------------------ 3. the signature column


@pytest.mark.parametrize("key,lines", [
    (VN, ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "BỘ TRƯỞNG BỘ CÔNG AN", "Đại tướng Lương Tam Quang"]),
    (HP26, ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "PHÓ CHỦ TỊCH ỦY BAN NHÂN DÂN", "Vũ Tiến Phụng"]),
])
def test_signature_column_holds_each_title_on_one_line(docs, key, lines):
    d = doc_of(docs, key)
    sig = d.tables[1]
    right = sig.rows[0].cells[1]
    assert [p.text for p in right.paragraphs if p.text] == lines
    room = grid(sig)[1] - CELL_MARGINS
    for line in lines[:-1]:
        assert width_pt(line, 14) * 20 <= room, (line, room)
    assert width_pt(lines[-1], 14, caps=False) * 20 <= room
    assert sum(grid(sig)) <= text_width_of(d.sections[0])


# ------------------------------------------------------------------ 4. footnotes


def _xml(path, part):
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8") if part in z.namelist() else None


def test_footnotes_are_real_word_footnotes_with_marks_in_the_text(docs):
    notes = _xml(docs[HP26], "word/footnotes.xml")
    assert notes is not None
    ids = re.findall(r'<w:footnote w:id="(\d+)"', notes)  # the notes (not the separators)
    assert len(ids) == 4
    assert "Nghị quyết số 57-NQ/TW" in notes
    body = _xml(docs[HP26], "word/document.xml")
    refs = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body)
    assert sorted(refs) == sorted(ids)
    rels = _xml(docs[HP26], "word/_rels/document.xml.rels")
    assert "relationships/footnotes" in rels
    assert "footnotes+xml" in _xml(docs[HP26], "[Content_Types].xml")
    # the first mark is in objective I.2's paragraph, and the old block after the signature is gone
    d = doc_of(docs, HP26)
    marked = [p for p in d.paragraphs if p._p.xpath(".//w:footnoteReference")]
    assert marked[0].text.startswith("2. Giữ vững môi trường an ninh")
    assert not any(p.text.startswith("____") for p in d.paragraphs)


def test_markdown_footnotes(run):
    md = run("render", "plan", HP26).stdout
    assert "[^1]" in md.split("[^1]:")[0]  # the mark comes before its note
    assert "\n[^1]: Nghị quyết số 57-NQ/TW" in md


# ------------------------------------------------------------------ 8. language and properties


def test_language_is_vietnamese(docs):
    styles = _xml(docs[VN], "word/styles.xml")
    langs = re.findall(r'<w:lang [^>]*w:val="([^"]+)"', styles)
    assert langs and set(langs) == {"vi-VN"}
    assert "en-US" not in styles
    assert 'w:spelling="clean"' not in _xml(docs[VN], "word/settings.xml")


def test_core_properties_name_the_document_and_the_issuer(docs):
    cp = doc_of(docs, VN).core_properties
    assert cp.title == "KẾ HOẠCH 53/KH-BCĐ"
    assert cp.subject == "Thực hiện công tác phòng, chống tội phạm, phòng, chống mua bán người năm 2025"
    assert cp.author == cp.last_modified_by == "Ban Chỉ đạo phòng, chống tội phạm của Chính phủ"
    assert cp.language == "vi-VN" and cp.created.year >= 2025
    assert "python-docx" not in _xml(docs[VN], "docProps/core.xml")
    rp = doc_of(docs, "report").core_properties
    assert rp.title.startswith("BÁO CÁO") and "4…/KH-BCĐ" in rp.subject


# ------------------------------------------------------------------ 10. the format from -o


def test_format_follows_the_output_extension(tmp_path):
    docx = tmp_path / "k.docx"
    assert render("render", "plan", HN, "-o", docx).exit_code == 0
    assert zipfile.is_zipfile(docx)
    md = tmp_path / "k.md"
    assert render("render", "plan", HN, "-o", md).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("| ")


def test_format_contradicting_the_extension_is_refused(tmp_path):
    res = render("render", "plan", HN, "--format", "md", "-o", tmp_path / "k.docx")
    assert res.exit_code == 2 and "--format" in res.output
    assert not (tmp_path / "k.docx").exists()


def test_pdf_without_libreoffice_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANS_SOFFICE", "")
    res = render("render", "plan", HN, "-o", tmp_path / "k.pdf")
    assert res.exit_code == 2 and "LibreOffice" in res.output
    assert not (tmp_path / "k.pdf").exists()


# ------------------------------------------------------------------ 5. numbering and punctuation


def test_sub_items_print_as_dashes_not_a_second_numbering(docs):
    d = doc_of(docs, HP26)
    pars = [p.text for p in d.paragraphs]
    start = pars.index("I. MỤC TIÊU, YÊU CẦU")
    end = next(i for i, x in enumerate(pars) if x.startswith("II. "))
    labels = [re.match(r"(\d+\.|-) ", x).group(1) for x in pars[start + 1:end] if re.match(r"(\d+\.|-) ", x)]
    assert labels == ["1.", "2.", "3.", "-", "-", "-", "-", "-", "4.", "5."]


def test_a_task_continuing_a_sentence_stays_in_its_item(docs):
    d = doc_of(docs, VN)
    item = [p.text for p in d.paragraphs if p.text.startswith("d) Tổ chức kiểm tra")][0]
    assert "(Bộ Công an chủ trì, phối hợp các bộ, ngành, địa phương thực hiện); sơ kết, tổng kết" in item
    assert item.endswith("(Ban Chỉ đạo các địa phương).")


def test_recipients_are_punctuated_as_printed(docs, run):
    left = doc_of(docs, VN).tables[1].rows[0].cells[0]
    lines = [p.text for p in left.paragraphs][1:]
    assert lines[0] == "- Đ/c Thủ tướng Chính phủ (để b/cáo);"
    assert all(x.endswith(";") for x in lines[:-1]) and lines[-1] == "- Lưu: VT, TTBCĐ(V01-P3)."
    md = run("render", "plan", VN).stdout
    assert "- Lưu: VT, TTBCĐ(V01-P3).\n" in md


# ------------------------------------------------------------------ 6. unverified values


def test_render_warns_about_unverified_values(tmp_path):
    res = render("render", "plan", HP26, "-o", tmp_path / "k.docx")
    assert res.exit_code == 0
    assert "văn bản in những giá trị chưa xác minh (xem plans/hp/2026-kh-bcd799-pttd-pctp.yaml)" in res.stderr
    assert "  dòng 442: số, ký hiệu “4…/KH-BCĐ”\n" in res.stderr  # the line of its `unverified` entry
    assert "--draft" in res.stderr
    body = Document(str(tmp_path / "k.docx"))
    assert "chưa xác minh" not in _xml(tmp_path / "k.docx", "word/document.xml")
    assert "DỰ THẢO" not in [p.text for p in body.paragraphs]


def test_draft_marks_unverified_values(tmp_path, run):
    out = tmp_path / "k.docx"
    assert render("render", "plan", HP26, "--draft", "-o", out).exit_code == 0
    d = Document(str(out))
    assert d.paragraphs[0].text == "DỰ THẢO"
    left = d.tables[0].rows[0].cells[0]
    number = [p for p in left.paragraphs if p.text.startswith("Số:")][0]
    assert number.text == "Số: 4…/KH-BCĐ [chưa xác minh]"
    assert number.runs[0].font.highlight_color is not None
    md = run("render", "plan", HP26, "--draft").stdout
    assert "Số: 4…/KH-BCĐ **[chưa xác minh]**" in md


def test_blank_signer_title_is_warned(tmp_path):
    res = render("render", "plan", HP25, "-o", tmp_path / "k.docx")
    assert ": chức vụ, thẩm quyền người ký\n" in res.stderr


# ------------------------------------------------------------------ 7. the report's own header


def _report(tmp_path, *extra):
    out = tmp_path / "bc.docx"
    res = render("render", "report", "--plan", HP26, "--period", "2026-H1", "--format", "docx", "-o", out, *extra)
    assert res.exit_code == 0, res.output
    return Document(str(out)), res


def test_report_default_number_has_no_dangling_hyphen_and_is_warned(docs, tmp_path):
    d, res = _report(tmp_path)
    left = [p.text for p in d.tables[0].rows[0].cells[0].paragraphs]
    assert "Số: …/BC-BCĐ" in left
    assert not any(x.rstrip().endswith("/BC-") for x in left)
    assert "số, ký hiệu còn để trống" in res.stderr and "ngày ký còn để trống" in res.stderr


def test_report_number_date_and_signer_from_the_command_line(tmp_path):
    d, res = _report(tmp_path, "--number", "125/BC-BCĐ", "--date", "15/06/2026",
                     "--signer", "KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN / Nguyễn Văn A")
    assert "Số: 125/BC-BCĐ" in [p.text for p in d.tables[0].rows[0].cells[0].paragraphs]
    assert "Hải Phòng, ngày 15 tháng 6 năm 2026" in [p.text for p in d.tables[0].rows[0].cells[1].paragraphs]
    right = [p.text for p in d.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert right == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Văn A"]
    assert "còn để trống" not in res.stderr


def test_office_signer_as_plain_text(tmp_path):
    office = tmp_path / "office.yaml"
    office.write_text("number: 7/BC-CAHP\nsigner: Nguyễn Văn B\n", encoding="utf-8")
    d, res = _report(tmp_path, "--office", office)
    right = [p.text for p in d.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert right == ["Nguyễn Văn B"]
    assert "chức vụ, thẩm quyền người ký còn để trống" in res.stderr


def test_report_recipients_do_not_start_with_nhu_tren(docs):
    left = [p.text for p in doc_of(docs, "report").tables[-1].rows[0].cells[0].paragraphs]
    assert left[0] == "Nơi nhận:" and not left[1].startswith("- Như trên")
    assert left[-1] == "- Lưu: VT."


def test_report_task_texts_are_not_cut_mid_word(docs):
    d = doc_of(docs, "report")
    plan_texts = {t.id: t.text for t in __import__("plans").load(str(FIXTURE / "plans")).plans[HP26].tasks()}
    cut = 0
    for t in d.tables[2:]:
        for r in t.rows[1:]:
            cell = r.cells[0].text
            tid, text = cell.split(". ", 1)
            full = plan_texts[tid]
            if text != full:
                cut += 1
                assert text.endswith(" …")
                kept = text[:-2]
                assert full.startswith(kept) and full[len(kept)] in " ,;:"
    assert cut


# ------------------------------------------------------------------ issue 11, 12 and 14: as printed


HN_SIGNER = '''signer:
  authority: "TM."
  on_behalf_of: "ỦY BAN NHÂN DÂN"
  title: "PHÓ CHỦ TỊCH"'''
HN_CHAIN = '''signer:
  chain:
    - {authority: "TM.", on_behalf_of: "ỦY BAN NHÂN DÂN"}
    - {authority: "KT.", on_behalf_of: "CHỦ TỊCH"}
  title: "PHÓ CHỦ TỊCH"'''


def test_signature_with_two_authority_lines(repo, run, tmp_path):
    repo.edit("plans/hn/2024-133-kh-ubnd.yaml", HN_SIGNER, HN_CHAIN)
    assert run("lint", "plans/hn/2024-133-kh-ubnd.yaml").exit_code == 0
    out = tmp_path / "hn.docx"
    assert run("render", "plan", HN, "-o", out).exit_code == 0
    right = [p.text for p in Document(str(out)).tables[1].rows[0].cells[1].paragraphs if p.text]
    assert right[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    md = run("render", "plan", HN).stdout
    assert "**TM. ỦY BAN NHÂN DÂN**<br>\n**KT. CHỦ TỊCH**<br>\n**PHÓ CHỦ TỊCH**<br>" in md


def test_chain_and_single_authority_together_is_an_error(repo, run):
    repo.edit("plans/hn/2024-133-kh-ubnd.yaml", HN_SIGNER, HN_CHAIN + '\n  authority: "TM."')
    res = run("lint", "plans/hn/2024-133-kh-ubnd.yaml")
    assert res.exit_code == 1 and "S001" in res.stdout and "không ghi “authority”, “on_behalf_of” ở đây" in res.stdout


def test_objectives_heading_as_printed(repo, run, tmp_path):
    repo.edit("plans/hp/2026-kh-bcd799-pttd-pctp.yaml", "\nobjectives:", '\nobjectives_title: "MỤC ĐÍCH, YÊU CẦU"\nobjectives:')
    out = tmp_path / "k.docx"
    assert run("render", "plan", HP26, "-o", out).exit_code == 0
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert "I. MỤC ĐÍCH, YÊU CẦU" in texts and "I. MỤC TIÊU, YÊU CẦU" not in texts
    assert "## I. MỤC ĐÍCH, YÊU CẦU" in run("render", "plan", HP26).stdout


# ------------------------------------------------------------------ 9. the chart


@pytest.fixture(scope="module")
def chart(frozen_repo):
    import plans
    from plans.kpi.attainment import attainment
    from plans.queries import periods
    from plans.render.charts import attainment_figure

    r = plans.load(str(frozen_repo / "plans"), str(frozen_repo / "kpi"))
    fig = attainment_figure(attainment(r, r.plans[HP26], periods.parse("2026-H1")), "vi", sample=True)
    yield fig
    import matplotlib.pyplot as plt

    plt.close(fig)


def _panels(fig):
    return {ax.get_title(loc="left"): ax for ax in fig.axes}


def test_chart_has_every_target_named_in_words_and_a_panel_per_scale(chart):
    panels = _panels(chart)
    assert set(panels) == {"Tỷ lệ (%)", "Mức thay đổi so với kỳ gốc (%)", "Số lượng"}
    labels = {p: [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()] for p, ax in panels.items()}
    assert labels["Số lượng"][0].startswith("T8 · Không có thôn, tổ dân phố")  # the count target is there
    assert [x.split(" ·")[0] for x in labels["Mức thay đổi so với kỳ gốc (%)"]] == ["T1"]  # the reduction alone
    assert "T1" not in [x.split(" ·")[0] for x in labels["Tỷ lệ (%)"]]
    assert "T3 · trong đó tỷ lệ giải quyết đạt trên 90%" in labels["Tỷ lệ (%)"]
    assert sum(len(v) for v in labels.values()) == 11


def test_chart_figures_sit_clear_of_the_target_ticks_in_words_and_commas(chart):
    rate = _panels(chart)["Tỷ lệ (%)"]
    texts = [t for t in rate.texts]
    assert "88,84% · không đạt (> 90%)" in [t.get_text() for t in texts]
    for t in texts:  # in the column right of the panel (axes x > 1), where no bar or tick reaches
        assert t.get_transform() != rate.transData and t.get_position()[0] > 1
    change = _panels(chart)["Mức thay đổi so với kỳ gốc (%)"]
    assert change.texts[0].get_text() == "giảm 14,62% · đạt (≥ 12%)"


def test_chart_met_or_not_is_readable_without_colour(chart):
    rate = _panels(chart)["Tỷ lệ (%)"]
    labels = [t.get_text().split(" ·")[0] for t in rate.get_yticklabels()]
    hatch = dict(zip(labels, [bar.get_hatch() for bar in rate.patches]))
    assert hatch["T3"] and hatch["T7"] and not hatch["T2"]  # not met: hatched; met: solid
    legend = [t.get_text() for t in chart.legends[0].get_texts()]
    assert legend == ["Đạt", "Không đạt", "Mức chỉ tiêu"]


def test_chart_uses_a_serif_like_the_document(chart):
    import matplotlib.pyplot as plt

    assert plt.rcParams["font.family"][0] in ("Times New Roman", "Liberation Serif", "Nimbus Roman", "DejaVu Serif")
    assert chart.axes[0].get_xticklabels() is not None
