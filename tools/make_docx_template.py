"""Build templates/van-ban.docx: the Word template every DOCX is rendered from.

It carries the page set-up and the named paragraph styles of Nghị định 30/2020/NĐ-CP, Phụ lục I
(A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; sizes per element).
An office restyles its documents by opening the .docx in Word and changing the styles
(font, size, spacing) or the page set-up; the renderer only refers to styles by name.
Run again to regenerate the default:  .venv/bin/python tools/make_docx_template.py
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

OUT = Path(__file__).resolve().parent.parent / "templates" / "van-ban.docx"
FONT = "Times New Roman"

# name: (size pt, bold, italic, caps, alignment, first-line indent cm, space after pt)
STYLES = {
    "VB Cơ quan chủ quản": (13, False, False, True, "center", 0, 0),
    "VB Cơ quan ban hành": (13, True, False, True, "center", 0, 0),
    "VB Số ký hiệu": (13, False, False, False, "center", 0, 0),
    "VB Quốc hiệu": (13, True, False, True, "center", 0, 0),
    "VB Tiêu ngữ": (14, True, False, False, "center", 0, 0),
    "VB Địa danh ngày tháng": (14, False, True, False, "center", 0, 0),
    "VB Tên loại": (14, True, False, True, "center", 0, 0),
    "VB Trích yếu": (14, True, False, False, "center", 0, 6),
    "VB Đề mục": (14, True, False, False, "justify", 1.0, 6),
    "VB Nội dung": (14, False, False, False, "justify", 1.0, 6),
    "VB Phân công": (14, False, True, False, "justify", 1.0, 6),
    "VB Nơi nhận": (12, True, True, False, "left", 0, 0),
    "VB Nơi nhận danh sách": (11, False, False, False, "left", 0, 0),
    "VB Thẩm quyền ký": (14, True, False, True, "center", 0, 0),
    "VB Người ký": (14, True, False, False, "center", 0, 0),
    "VB Bảng": (12, False, False, False, "left", 0, 0),
    "VB Bảng tiêu đề": (12, True, False, False, "center", 0, 0),
    "VB Chú thích": (11, False, False, False, "justify", 0, 3),
    "VB Dữ liệu mẫu": (13, True, False, True, "center", 0, 6),
    "VB Số trang": (13, False, False, False, "center", 0, 0),
}
ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def set_font(style, size):
    style.font.name = FONT
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)


def build(out: Path = OUT) -> Path:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)
    sec.header_distance = Mm(10)
    normal = doc.styles["Normal"]
    set_font(normal, 14)
    normal.paragraph_format.space_after = Pt(0)
    for name, (size, bold, italic, caps, align, indent, after) in STYLES.items():
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        set_font(st, size)
        st.font.bold, st.font.italic, st.font.all_caps = bold, italic, caps
        pf = st.paragraph_format
        pf.alignment = ALIGN[align]
        pf.first_line_indent = Cm(indent) if indent else None
        pf.space_after = Pt(after)
        pf.space_before = Pt(0)
        pf.line_spacing = 1.0 if size < 14 else 1.15
    for lang in doc.styles.element.iter(qn("w:lang")):  # Vietnamese spelling and hyphenation
        lang.set(qn("w:val"), "vi-VN")
        lang.set(qn("w:eastAsia"), "vi-VN")
    cp = doc.core_properties
    cp.title, cp.author, cp.last_modified_by = "Mẫu văn bản theo Nghị định 30/2020/NĐ-CP", "plans", "plans"
    cp.language, cp.comments = "vi-VN", ""
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out)
    return out


if __name__ == "__main__":
    print(build())
