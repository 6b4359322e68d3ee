"""DOCX in the state's document format (Nghị định 30/2020/NĐ-CP, Phụ lục I), with python-docx.

Every data string passes ``plans.text.clean`` on its way into the document: XML cannot hold control
characters (lxml refuses them), and none belongs in a document.

Everything is built on templates/van-ban.docx: page set-up and the named "VB …" styles come from
it, so an office restyles documents (letterhead, fonts, spacing) by editing that file in Word.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from plans.loading.model import Plan, Repository
from plans.render.context import STATE_VI, basis_text, counts_text, missing_text, notes_empty_text
from plans.render.dates import dmy, place_date
from plans.text import clean, goal, num

TEMPLATE = Path(__file__).resolve().parents[3] / "templates" / "van-ban.docx"
ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
STATUS_VI = {"met": "Đạt", "not-met": "Không đạt", "insufficient": "Chưa đủ số liệu",
             "not-due": "Chưa đến kỳ đánh giá"}


STYLES = ("VB Cơ quan chủ quản", "VB Cơ quan ban hành", "VB Số ký hiệu", "VB Quốc hiệu", "VB Tiêu ngữ",
          "VB Địa danh ngày tháng", "VB Tên loại", "VB Trích yếu", "VB Nội dung", "VB Đề mục", "VB Chú thích",
          "VB Dữ liệu mẫu", "VB Bảng", "VB Bảng tiêu đề", "VB Nơi nhận", "VB Nơi nhận danh sách",
          "VB Thẩm quyền ký", "VB Người ký", "VB Số trang", "Table Grid")


class TemplateError(Exception):
    """A --template that cannot be used: ``reason`` is "unreadable" (with ``detail``), "not-docx" or
    "styles" (``detail``: the missing style names)."""

    def __init__(self, path: str, reason: str, detail: str = ""):
        super().__init__(f"{path}: {reason} {detail}".strip())
        self.path, self.reason, self.detail = path, reason, detail


def open_template(template: Path | None = None):
    """The Word template as a python-docx Document; TemplateError if it is not one we can build on."""
    import zipfile

    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError

    path = Path(template or TEMPLATE)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise TemplateError(str(path), "unreadable", e.strerror or type(e).__name__) from None
    try:
        doc = Document(io.BytesIO(data))
    except (OpcError, KeyError, ValueError, zipfile.BadZipFile, LxmlError):
        raise TemplateError(str(path), "not-docx") from None
    names = {st.name for st in doc.styles}
    missing = [n for n in STYLES if n not in names]
    if missing:
        raise TemplateError(str(path), "styles", ", ".join(missing))
    return doc


def new_document(template: Path | None = None):
    doc = open_template(template)
    body = doc.element.body
    for el in list(body):  # the template's own empty paragraph
        if el.tag == qn("w:p"):
            body.remove(el)
    _page_numbers(doc.sections[0])
    return doc


# ------------------------------------------------------------------ low-level helpers

def _page_numbers(section):
    """Page number centred at the top, from page 2 (different first page, empty first header)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.style = "VB Số trang"
    run = p.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), tag)
            run._r.append(fld)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    run.font.name = "Times New Roman"
    run.font.size = Pt(13)


def _no_borders(table):
    tbl = table._tbl
    pr = tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    pr.append(borders)


def _rule_below(paragraph, indent_cm: float = 2.0):
    """A short solid line under a header line (the line under the issuer / the trích yếu)."""
    pf = paragraph.paragraph_format
    pf.left_indent, pf.right_indent = Cm(indent_cm), Cm(indent_cm)
    pPr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    pPr.append(bdr)


def _cell_par(cell, text, style, first=False, **run_kw):
    p = cell.paragraphs[0] if first and not cell.paragraphs[0].text else cell.add_paragraph()
    p.style = style
    if text:
        r = p.add_run(clean(text))
        for k, v in run_kw.items():
            setattr(r, k, v)
    return p


def _set_col_widths(table, widths_cm):
    """Fixed column widths that both Word (cell widths) and LibreOffice (the grid) honour."""
    table.autofit = False
    tblPr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblPr.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(sum(widths_cm) * 567)))
    width.set(qn("w:type"), "dxa")
    for old in tblPr.findall(qn("w:tblW")):
        tblPr.remove(old)
    tblPr.append(width)
    for col, w in zip(table.columns, widths_cm):
        col.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)


def header_block(doc, issuer: str, parent: str, number: str, place: str | None, date, between=None):
    """The two-column header: issuing body and number (left), Quốc hiệu, Tiêu ngữ, place and date (right)."""
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_col_widths(t, [6.0, 10.5])
    left, right = t.rows[0].cells
    first = True
    if parent:
        _cell_par(left, parent, "VB Cơ quan chủ quản", first=True)
        first = False
    p = _cell_par(left, issuer, "VB Cơ quan ban hành", first=first)
    rule = left.add_paragraph(style="VB Cơ quan ban hành")
    _rule_below(rule, 2.0)
    _cell_par(left, f"Số: {number}", "VB Số ký hiệu")
    _cell_par(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "VB Quốc hiệu", first=True)
    _cell_par(right, "Độc lập - Tự do - Hạnh phúc", "VB Tiêu ngữ", underline=True)
    right.add_paragraph(style="VB Tiêu ngữ")
    _cell_par(right, place_date(place, date, between), "VB Địa danh ngày tháng")
    return t, p


def title_block(doc, kind: str, summary: str):
    doc.add_paragraph(style="VB Nội dung")
    doc.add_paragraph(clean(kind), style="VB Tên loại")
    for line in summary.split("\n"):
        doc.add_paragraph(clean(line), style="VB Trích yếu")
    _rule_below(doc.add_paragraph(style="VB Trích yếu"), 6.0)


def signature_block(doc, recipients: list[str], signer: dict):
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    _set_col_widths(t, [8.0, 8.0])
    left, right = t.rows[0].cells
    p = _cell_par(left, "Nơi nhận:", "VB Nơi nhận", first=True)
    for r in map(clean, recipients):
        _cell_par(left, r if r.startswith("-") else f"- {r}", "VB Nơi nhận danh sách")
    auth = " ".join(x for x in (signer.get("authority", ""), signer.get("on_behalf_of", "")) if x)
    first = True
    if auth:
        _cell_par(right, auth, "VB Thẩm quyền ký", first=True)
        first = False
    if signer.get("title"):
        _cell_par(right, signer["title"], "VB Thẩm quyền ký", first=first)
    if signer.get("extra_title"):
        _cell_par(right, signer["extra_title"], "VB Thẩm quyền ký")
    for _ in range(3):
        right.add_paragraph(style="VB Người ký")
    name = " ".join(x for x in (signer.get("rank", ""), signer.get("name", "")) if x)
    _cell_par(right, name, "VB Người ký")
    return t, p


def _label(node_id: str) -> str:
    last = node_id.split(".")[-1]
    if last in ROMAN:
        return f"{last}."
    if last.isdigit():
        return f"{last}."
    if re.fullmatch(r"[a-zđ]", last):
        return f"{last})"
    return ""


def _table(doc, headers, rows, widths=None):
    t = doc.add_table(rows=1, cols=len(headers))
    t.style = doc.styles["Table Grid"]
    for cell, h in zip(t.rows[0].cells, headers):
        cell.paragraphs[0].style = "VB Bảng tiêu đề"
        cell.paragraphs[0].add_run(clean(h))
    for row in rows:
        cells = t.add_row().cells
        for cell, v in zip(cells, row):
            cell.paragraphs[0].style = "VB Bảng"
            cell.paragraphs[0].add_run(clean("" if v is None else str(v)))
    if widths:
        _set_col_widths(t, widths)
    return t


# ------------------------------------------------------------------ the plan


def plan_document(repo: Repository, plan: Plan, appendix: bool = False, template: Path | None = None):
    doc = new_document(template)
    issuer = repo.names_of([plan.issuer])[0]
    parent = repo.names_of([plan.issuer_parent])[0] if plan.issuer_parent else ""
    header_block(doc, issuer, parent, plan.number, plan.place, plan.date, between=(plan.date_from, plan.date_to))
    title_block(doc, plan.document_type or "KẾ HOẠCH", plan.title)
    for p in plan.preamble:
        doc.add_paragraph(clean(p), style="VB Nội dung")
    if plan.objectives:
        doc.add_paragraph("I. MỤC TIÊU, YÊU CẦU", style="VB Đề mục")
        for o in plan.objectives:
            if plan.objective_heading(o):
                doc.add_paragraph(clean(plan.objective_heading(o)), style="VB Nội dung").runs[0].bold = True
            label = _label(o.id)
            doc.add_paragraph(clean(f"{label} {o.text}".strip()), style="VB Nội dung")
            for extra in o.paragraphs:
                doc.add_paragraph(clean(extra), style="VB Nội dung")
    for sec in plan.sections:
        _section(doc, sec)
    signature_block(doc, [r.line for r in plan.recipients], plan.signer)
    if plan.footnotes:  # the footnotes of the original, kept together after the signature
        doc.add_paragraph("_" * 20, style="VB Chú thích")
        for f in plan.footnotes:
            p = doc.add_paragraph(style="VB Chú thích")
            r = p.add_run(str(f.n))
            r.font.superscript = True
            p.add_run(clean(" " + f.text))
    if appendix:
        assignment_appendix(doc, repo, plan)
    return doc


def _section(doc, sec):
    label = _label(sec.id)
    if sec.title:
        doc.add_paragraph(clean(f"{label} {sec.title}".strip()), style="VB Đề mục")
    for p in sec.intro:
        doc.add_paragraph(clean(p), style="VB Nội dung")
    for i, task in enumerate(sec.tasks):
        p = doc.add_paragraph(style="VB Nội dung")
        lead = f"{label} " if (not sec.title and i == 0 and label) else ""
        p.add_run(clean(lead + task.text))
        if task.assignment:
            r = p.add_run(clean(f" ({task.assignment})."))
            r.italic = True
    for child in sec.sections:
        _section(doc, child)


def assignment_appendix(doc, repo, plan):
    """Phụ lục phân công nhiệm vụ: a landscape section (new page) per top-level part of the plan."""
    for top in plan.sections:
        tasks = [(s, t) for s in top.walk() for t in s.tasks]
        if not tasks:
            continue
        sec = doc.add_section()
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
        sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(25), Mm(20)
        doc.add_paragraph("PHỤ LỤC PHÂN CÔNG NHIỆM VỤ", style="VB Tên loại")
        doc.add_paragraph(clean(f"(Kèm theo Kế hoạch số {plan.number} ngày {plan.date_label()})"),
                          style="VB Trích yếu")
        doc.add_paragraph(clean(f"{_label(top.id)} {top.title or ''}".strip()), style="VB Đề mục")
        rows = []
        for n, (s, t) in enumerate(tasks, 1):
            lead = repo.names_of(t.lead or t.executor)
            rows.append((n, f"{t.id}. {t.text}", ", ".join(lead), ", ".join(repo.names_of(t.partner)),
                         dmy(t.deadline) or ("Thường xuyên" if t.recurrence else "Trong năm"),
                         "; ".join(t.products)))
        _table(doc, ["TT", "Nhiệm vụ", "Chủ trì / thực hiện", "Phối hợp", "Thời hạn", "Sản phẩm"], rows,
               widths=[1.0, 12.5, 4.5, 4.5, 2.5, 2.5])


# ------------------------------------------------------------------ the periodic report

def report_document(repo: Repository, ctx, chart_png: bytes | None = None, template: Path | None = None,
                    office: dict | None = None):
    office = office or {}
    plan = ctx.plan
    doc = new_document(template)
    issuer = office.get("issuer") or repo.names_of([plan.issuer])[0]
    parent = office.get("parent") or (repo.names_of([plan.issuer_parent])[0] if plan.issuer_parent else "")
    header_block(doc, issuer, parent, office.get("number", "      /BC-"), plan.place, None)
    title_block(doc, "BÁO CÁO", f"Kết quả thực hiện Kế hoạch số {plan.number} ngày {plan.date_label()}\n"
                                f"{ctx.period.label('vi')[0].upper() + ctx.period.label('vi')[1:]}")
    if ctx.sample:
        doc.add_paragraph("DỮ LIỆU MẪU — KHÔNG PHẢI SỐ LIỆU THẬT", style="VB Dữ liệu mẫu").runs[0].font.color.rgb = \
            RGBColor(0xC6, 0x28, 0x28)
    doc.add_paragraph(clean(f"Thực hiện Kế hoạch số {plan.number} ngày {plan.date_label()} về "
                            f"{plan.title[:1].lower()}{plan.title[1:]}, {basis_text(ctx)}, kết quả thực hiện "
                            f"như sau:"),
                      style="VB Nội dung")
    doc.add_paragraph("I. KẾT QUẢ THỰC HIỆN CHỈ TIÊU", style="VB Đề mục")
    rows = []
    for a in ctx.targets:
        unit = "%" if a.target.unit == "percent" else ""
        value = num(a.value) + unit if a.value is not None else "—"
        rows.append((a.target.id, a.target.text, goal(a.target.comparator, a.target.threshold, a.target.unit),
                     value, STATUS_VI[a.status]))
    _table(doc, ["Mã", "Chỉ tiêu", "Yêu cầu", "Kết quả", "Đánh giá"], rows, widths=[1.2, 8.0, 2.2, 2.2, 2.4])
    if chart_png:
        doc.add_paragraph(style="VB Nội dung")
        doc.add_picture(io.BytesIO(chart_png), width=Cm(15.5))
    doc.add_paragraph("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ", style="VB Đề mục")
    doc.add_paragraph(counts_text(ctx), style="VB Nội dung")
    by_section: dict[str, list] = {}
    for line in ctx.tasks:  # grouped by numbered item (II.1, II.2 …)
        by_section.setdefault(".".join(line.section.split(".")[:2]), []).append(line)
    for sid, lines in by_section.items():
        title = ctx.sections.get(sid) or ""
        doc.add_paragraph(clean(f"{sid} {title}".strip()), style="VB Nội dung").runs[0].bold = True
        _table(doc, ["Nhiệm vụ", "Cơ quan", "Tình trạng", "Sản phẩm, minh chứng"],
               [(f"{x.task_id}. {x.text[:160]}{'…' if len(x.text) > 160 else ''}", x.agency, STATE_VI[x.state],
                 x.evidence) for x in lines], widths=[7.5, 3.5, 2.5, 2.5])
    doc.add_paragraph("III. CƠ QUAN, ĐƠN VỊ CHƯA BÁO CÁO", style="VB Đề mục")
    doc.add_paragraph(clean(missing_text(ctx)), style="VB Nội dung")
    for key, head in (("shortcomings", "IV. TỒN TẠI, HẠN CHẾ"), ("proposals", "V. ĐỀ XUẤT, KIẾN NGHỊ")):
        doc.add_paragraph(head, style="VB Đề mục")
        if not ctx.notes[key]:
            doc.add_paragraph(notes_empty_text(ctx), style="VB Nội dung")
        for agency, text in ctx.notes[key]:
            p = doc.add_paragraph(style="VB Nội dung")
            p.add_run(clean(f"{agency}: ")).italic = True
            p.add_run(clean(text))
    recipients = office.get("recipients") or ["Như trên;", "Lưu: VT."]
    signer = office.get("signer") or plan.signer
    signature_block(doc, recipients, signer)
    return doc


def to_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()

