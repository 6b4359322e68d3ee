"""Fixtures for the importer tests, made in the test: a DOCX with a two-column header table and Word's
automatic numbering (numbering.xml levels I., 1., a), -), and a small PDF with a text layer written
byte by byte (no LibreOffice, no PDF library needed)."""
from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import yaml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG", "BAN CHỈ ĐẠO 799", "Số: 12/KH-BCĐ"]
HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                "Hải Phòng, ngày 05 tháng 3 năm 2026"]

# (level, text): level 0 = I., 1 = 1., 2 = a), 3 = bullet; None = a plain paragraph
BODY = [
    (0, "MỤC TIÊU, YÊU CẦU"),
    (1, "Phấn đấu kéo giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2025; tỷ lệ điều tra, "
        "khám phá án đạt trên 75%."),
    (0, "NHIỆM VỤ, PHÂN CÔNG THỰC HIỆN"),
    (1, "Công tác lãnh đạo, chỉ đạo"),
    (2, "Tổ chức rà soát, đánh giá tình hình tội phạm trên địa bàn, hoàn thành trước ngày 15/6/2026 "
        "(Công an thành phố chủ trì, phối hợp với Sở Tư pháp, các sở, ngành, địa phương thực hiện)."),
    (2, "Tuyên truyền hưởng ứng “Ngày toàn dân phòng, chống mua bán người 30/7” "
        "(Các sở, ngành, địa phương thực hiện)."),
    (1, "Công tác phòng ngừa"),
    (3, "Thường xuyên rà soát, quản lý đối tượng có nguy cơ phạm tội (Công an thành phố thực hiện)."),
    (3, "Mở đợt cao điểm tấn công trấn áp tội phạm từ ngày 01/7/2026 đến hết 30/9/2026 "
        "(Công an thành phố chủ trì, Sở Tư pháp phối hợp thực hiện)."),
    (0, "TỔ CHỨC THỰC HIỆN"),
    (1, "Các sở, ngành, địa phương căn cứ kế hoạch này xây dựng kế hoạch thực hiện."),
]

FORMATS = [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"), ("bullet", "-")]


def _numbering_xml(abstract_id: int = 90, num_id: int = 90) -> tuple[str, str]:
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{txt}"/></w:lvl>'
        for i, (fmt, txt) in enumerate(FORMATS))
    abstract = f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'
    num = f'<w:num xmlns:w="{W}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    return abstract, num


def plan_docx(body=BODY, header=True) -> bytes:
    """A received plan as Word writes it: header table, type line, title, preamble, numbered body."""
    import docx
    from docx.oxml import parse_xml

    doc = docx.Document()
    if header:
        t = doc.add_table(rows=1, cols=2)
        left, right = t.rows[0].cells
        left.paragraphs[0].text = HEADER_LEFT[0]
        for line in HEADER_LEFT[1:]:
            left.add_paragraph(line)
        right.paragraphs[0].text = HEADER_RIGHT[0]
        for line in HEADER_RIGHT[1:]:
            right.add_paragraph(line)
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Thực hiện công tác phòng, chống tội phạm năm 2026")
    doc.add_paragraph("Thực hiện Kế hoạch số 53/KH-BCĐ ngày 05/02/2025 của Ban Chỉ đạo 138/CP, Ban Chỉ đạo 799 "
                      "thành phố ban hành kế hoạch thực hiện như sau:")
    numbering = doc.part.numbering_part.element
    abstract, num = _numbering_xml()
    # abstractNum elements must come before num elements
    first_num = numbering.find(f"{{{W}}}num")
    if first_num is not None:
        first_num.addprevious(parse_xml(abstract))
    else:
        numbering.append(parse_xml(abstract))
    numbering.append(parse_xml(num))
    for level, text in body:
        p = doc.add_paragraph(text)
        if level is not None:
            ppr = p._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    t = doc.add_table(rows=1, cols=2)
    left, right = t.rows[0].cells
    left.paragraphs[0].text = "Nơi nhận:"
    left.add_paragraph("- Ban Chỉ đạo 138/CP (để b/cáo);")
    left.add_paragraph("- Lưu: VT.")
    right.paragraphs[0].text = "KT. TRƯỞNG BAN"
    right.add_paragraph("PHÓ TRƯỞNG BAN")
    right.add_paragraph("Nguyễn Văn An")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def text_pdf(lines: list[str], per_page: int = 45) -> bytes:
    """A PDF with a text layer (Helvetica, ASCII text), one line per ``Tj``: what a scanner's OCR layer or
    a print-to-PDF of an unaccented text gives."""
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    objs: list[bytes] = []
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, then (page, content) pairs
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n_pages))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, pl in enumerate(pages):
        def esc(s):
            return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        body = "BT /F1 10 Tf 14 TL 40 800 Td " + " ".join(f"({esc(s)}) Tj T*" for s in pl) + " ET"
        data = body.encode("latin-1", "replace")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    f"/Contents {5 + 2 * i} 0 R >>".encode())
        objs.append(b"<< /Length " + str(len(data)).encode() + b" >>\nstream\n" + data + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for k, o in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{k} 0 obj\n".encode() + o + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


# ------------------------------------------------------------------ reading a draft back

ROLES = ("lead", "partner", "executor", "advisor")


def load(path):
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def walk(sections):
    for s in sections or []:
        yield s
        yield from walk(s.get("sections"))


def tasks(plan_or_sections):
    """A draft's tasks by id, from the plan (a mapping) or from its list of sections."""
    sections = plan_or_sections["sections"] if isinstance(plan_or_sections, dict) else plan_or_sections
    return {t["id"]: t for s in walk(sections) for t in s.get("tasks") or []}


def triples(plan):
    """(task, role, agency) of every assignment, counted."""
    return Counter((i, r, a) for i, t in tasks(plan).items() for r in ROLES for a in t.get(r) or [])
