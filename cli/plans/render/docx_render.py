"""DOCX in the state's document format (Nghị định 30/2020/NĐ-CP, Phụ lục I), with python-docx.

Every data string passes ``plans.text.clean`` on its way into the document: XML cannot hold control
characters (lxml refuses them), and none belongs in a document.

Everything is built on templates/van-ban.docx: page set-up and the named "VB …" styles come from
it, so an office restyles documents (letterhead, fonts, spacing) by editing that file in Word.
What the decree sizes by the text (the rules under the issuing body and the summary, the signature
column, the appendix table) is measured with ``plans.render.geometry`` against the page the template
sets up.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import os
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor, Twips

from plans.loading.model import Plan, Repository
from plans.i18n import t
from plans.render.context import STATE_VI, basis_text, counts_text, missing_text, notes_empty_text
from plans.render import blocks
from plans.render.charts import decimal
from plans.render.dates import dmy, place_date
from plans.render.footnotes import Footnotes
from plans.render.geometry import TWIPS_PER_PT, text_width, wrap
from plans.text import clean, goal

TEMPLATE = Path(__file__).resolve().parents[3] / "templates" / "van-ban.docx"
ROMAN = blocks.ROMAN
STATUS_VI = {k: t(f"status_{k}", "vi").capitalize() for k in ("met", "not-met", "insufficient", "not-due")}
LANGUAGE = "vi-VN"
CELL_MARGIN = 108  # twips: Word's default left and right cell margins (0.19 cm)
DRAFT_MARK = "chưa xác minh"


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


class Marks:
    """What a document prints that is not verified (unread on the scan, left blank): with ``draft``
    each is printed highlighted and followed by "[chưa xác minh]"; ``fields`` maps a printed field
    ("number", "date", "signer", a node id …) to why it is unverified."""

    def __init__(self, fields: dict[str, str] | None = None, draft: bool = False):
        self.fields = fields or {}
        self.draft = draft

    def has(self, key: str) -> bool:
        return key in self.fields

    def apply(self, paragraph, key: str) -> None:
        """Mark ``paragraph`` when ``key`` is unverified and this is a draft."""
        if not (self.draft and key in self.fields):
            return
        for run in paragraph.runs:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        r = paragraph.add_run(f" [{DRAFT_MARK}]")
        r.font.highlight_color = WD_COLOR_INDEX.YELLOW
        r.font.color.rgb = RGBColor(0xC6, 0x28, 0x28)
        r.italic = True


NO_MARKS = Marks()


def new_document(template: Path | None = None, draft: bool = False):
    doc = open_template(template)
    body = doc.element.body
    for el in list(body):  # the template's own empty paragraph
        if el.tag == qn("w:p"):
            body.remove(el)
    _page_numbers(doc.sections[0])
    _language(doc)
    _keep_broken_lines(doc)
    if draft:
        p = doc.add_paragraph(style="VB Số ký hiệu")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        r = p.add_run("DỰ THẢO")
        r.bold = True
        r.font.color.rgb = RGBColor(0xC6, 0x28, 0x28)
    return doc


# ------------------------------------------------------------------ low-level helpers

def _language(doc) -> None:
    """Vietnamese for spelling and hyphenation: the default run properties and every style say vi-VN
    (python-docx's default template says en-US); the spelling state is left for Word to establish."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    if rpr.find(qn("w:lang")) is None:
        rpr.append(OxmlElement("w:lang"))
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
    settings = doc.settings.element
    for el in settings.findall(qn("w:proofState")):
        settings.remove(el)


def _keep_broken_lines(doc) -> None:
    """A line ended by a line break (a task printed in two paragraphs inside one numbered item) is not
    stretched to the full width in a justified paragraph (Word's and LibreOffice's doNotExpandShiftReturn)."""
    settings = doc.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.append(compat)
    if compat.find(qn("w:doNotExpandShiftReturn")) is None:
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def properties(doc, title: str, subject: str, author: str, keywords: str = "", category: str = "") -> None:
    """The file's core properties: what the document is and who issues it (not "python-docx", 2013)."""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():  # reproducible builds
        now = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc)
    cp = doc.core_properties
    cp.title, cp.subject, cp.author, cp.last_modified_by = (clean(x)[:255] for x in (title, subject, author, author))
    cp.keywords, cp.category, cp.comments = clean(keywords)[:255], clean(category)[:255], ""
    cp.language, cp.revision = LANGUAGE, 1
    cp.created = cp.modified = now
    cp.identifier, cp.content_status, cp.version = "", "", ""


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


def text_width_twips(section) -> int:
    """The width between the margins of a section, in twips."""
    return int(section.page_width.twips - section.left_margin.twips - section.right_margin.twips)


def _style_font(doc, style: str) -> tuple[float, bool, bool, bool]:
    """(size pt, bold, italic, all caps) of a paragraph style, following its base styles."""
    st, out = doc.styles[style], {}
    while st is not None:
        f = st.font
        for k, v in (("size", f.size.pt if f.size else None), ("bold", f.bold), ("italic", f.italic),
                     ("caps", f.all_caps)):
            if out.get(k) is None and v is not None:
                out[k] = v
        st = st.base_style
    return out.get("size") or 14.0, bool(out.get("bold")), bool(out.get("italic")), bool(out.get("caps"))


def measure(doc, style: str, text: str) -> float:
    """The width of ``text`` in ``style``, in twips."""
    size, bold, italic, caps = _style_font(doc, style)
    return text_width(text, size, bold, italic, caps) * TWIPS_PER_PT


def _rule(container, style: str, avail: int, line_width: float, ratio: float = 0.4):
    """A short solid rule, centred, directly under the line above it: the bottom border of a paragraph
    one point high (its mark is 1 pt type, single spacing, nothing before or after): the decree's line
    under the issuing body and under the summary ("độ dài bằng từ 1/3 đến 1/2 độ dài của dòng chữ").
    ``avail``: the width the paragraph spans; ``line_width``: the width of the line above, in twips."""
    p = container.add_paragraph(style=style)
    pf = p.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before = pf.space_after = Pt(0)
    pf.first_line_indent = Twips(0)
    indent = max(0, int((avail - line_width * ratio) / 2))
    pf.left_indent = pf.right_indent = Twips(indent)
    pPr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    # w:pBdr goes before w:spacing and w:ind in CT_PPr
    anchor = next((el for el in pPr if el.tag in (qn("w:shd"), qn("w:tabs"), qn("w:spacing"), qn("w:ind"),
                                                    qn("w:jc"))), None)
    if anchor is not None:
        anchor.addprevious(bdr)
    else:
        pPr.append(bdr)
    rpr = OxmlElement("w:rPr")  # the paragraph mark's size sets the paragraph's height
    for tag in ("w:sz", "w:szCs"):
        sz = OxmlElement(tag)
        sz.set(qn("w:val"), "2")
        rpr.append(sz)
    pPr.append(rpr)
    return p


def _lines_par(container, lines: list[str], style: str, first: bool = False):
    """One paragraph with ``lines`` separated by line breaks (an issuing body printed in 2–3 lines)."""
    p = container.paragraphs[0] if first and not container.paragraphs[0].text else container.add_paragraph()
    p.style = style
    for i, line in enumerate(lines):
        r = p.add_run(clean(line))
        if i < len(lines) - 1:
            r.add_break()
    return p


def _cell_par(cell, text, style, first=False, **run_kw):
    p = cell.paragraphs[0] if first and not cell.paragraphs[0].text else cell.add_paragraph()
    p.style = style
    if text:
        r = p.add_run(clean(text))
        for k, v in run_kw.items():
            setattr(r, k, v)
    return p


def _set_col_widths(table, widths_twips):
    """Fixed column widths that both Word (cell widths) and LibreOffice (the grid) honour."""
    widths_twips = [int(w) for w in widths_twips]
    table.autofit = False
    tblPr = table._tbl.tblPr
    for old in tblPr.findall(qn("w:tblLayout")):
        tblPr.remove(old)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblPr.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(widths_twips)))
    width.set(qn("w:type"), "dxa")
    for old in tblPr.findall(qn("w:tblW")):
        tblPr.remove(old)
    tblPr.append(width)
    grid = table._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths_twips):
        gc.set(qn("w:w"), str(w))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_twips):
            cell.width = Twips(w)


def _cant_split(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    trPr.append(el)


def _repeat_header(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    h = OxmlElement("w:tblHeader")
    h.set(qn("w:val"), "true")
    trPr.append(h)


# ------------------------------------------------------------------ the decree's blocks

def header_block(doc, issuer: str, parent: str, number: str, place: str | None, date, between=None,
                 marks: Marks = NO_MARKS, summary: str | None = None):
    """The two-column header: issuing body and number (left), Quốc hiệu, Tiêu ngữ, place and date
    (right). The right column is as wide as the Quốc hiệu needs; the issuing body is broken into even
    lines that fit the left one, and the rule under it is 40 % of its widest line."""
    total = text_width_twips(doc.sections[-1])
    right_w = max(measure(doc, "VB Quốc hiệu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                  measure(doc, "VB Địa danh ngày tháng", place_date(place, date, between))) + 2 * CELL_MARGIN + 150
    right_w = int(min(right_w, total * 0.66))
    left_w = total - right_w
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_col_widths(t, [left_w, right_w])
    left, right = t.rows[0].cells
    avail = left_w - 2 * CELL_MARGIN
    first = True
    if parent:
        size, bold, _, caps = _style_font(doc, "VB Cơ quan chủ quản")
        _lines_par(left, wrap(clean(parent), avail / TWIPS_PER_PT * 0.97, size, bold, caps), "VB Cơ quan chủ quản",
                   first=True)
        first = False
    size, bold, _, caps = _style_font(doc, "VB Cơ quan ban hành")
    lines = wrap(clean(issuer), avail / TWIPS_PER_PT * 0.97, size, bold, caps)
    p = _lines_par(left, lines, "VB Cơ quan ban hành", first=first)
    _rule(left, "VB Cơ quan ban hành", avail, max((measure(doc, "VB Cơ quan ban hành", x) for x in lines), default=0))
    num_p = _cell_par(left, f"Số: {number}", "VB Số ký hiệu")
    num_p.paragraph_format.space_before = Pt(6)
    marks.apply(num_p, "number")
    if summary:  # a letter's summary, under its number ("V/v …", 12–13 pt, upright)
        size = _style_font(doc, "VB Số ký hiệu")[0]
        _lines_par(left, wrap(clean(summary), avail / TWIPS_PER_PT * 0.97, min(size, 12.5)), "VB Số ký hiệu") \
            .paragraph_format.space_before = Pt(3)
        for r in left.paragraphs[-1].runs:
            r.font.size = Pt(12)
    _cell_par(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "VB Quốc hiệu", first=True)
    _cell_par(right, "Độc lập - Tự do - Hạnh phúc", "VB Tiêu ngữ", underline=True)
    right.add_paragraph(style="VB Tiêu ngữ")
    date_p = _cell_par(right, place_date(place, date, between), "VB Địa danh ngày tháng")
    date_p.paragraph_format.space_before = Pt(6)
    marks.apply(date_p, "date")
    return t, p


def title_block(doc, kind: str, summary: str):
    """Type name, summary (in the lines given), and the rule under the summary: 40 % of its widest line
    as Word breaks it."""
    doc.add_paragraph(style="VB Nội dung")
    doc.add_paragraph(clean(kind), style="VB Tên loại")
    avail = text_width_twips(doc.sections[-1])
    size, bold, _, caps = _style_font(doc, "VB Trích yếu")
    widest = 0.0
    last = None
    for line in summary.split("\n"):  # each line of the summary broken into even lines, as offices type it
        pieces = wrap(clean(line), avail / TWIPS_PER_PT * 0.95, size, bold, caps)
        last = _lines_par(doc, pieces, "VB Trích yếu")
        widest = max([widest, *(measure(doc, "VB Trích yếu", x) for x in pieces)])
    if last is not None:
        last.paragraph_format.space_after = Pt(0)
    rule = _rule(doc, "VB Trích yếu", avail, widest)
    rule.paragraph_format.space_after = Pt(12)
    return last


def signature_block(doc, recipients: list[str], signer, marks: Marks = NO_MARKS):
    """Nơi nhận (left) and the signature (right). The signature column is as wide as its longest line
    (authority, titles) needs, so "PHÓ CHỦ TỊCH ỦY BAN NHÂN DÂN" stays on one line."""
    sig = signer if isinstance(signer, blocks.Signature) else blocks.signature(signer)
    total = text_width_twips(doc.sections[-1])
    need = max([measure(doc, "VB Thẩm quyền ký", x) for x in [*sig.heading, *sig.below]] +
               [measure(doc, "VB Người ký", sig.name), Cm(6.5).twips])
    right_w = int(min(need + 2 * CELL_MARGIN + 100, total * 0.62))
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    _set_col_widths(t, [total - right_w, right_w])
    _cant_split(t.rows[0])  # the signature never leaves its title on the page before
    left, right = t.rows[0].cells
    p = _cell_par(left, "Nơi nhận:", "VB Nơi nhận", first=True)
    for r in blocks.recipient_lines([clean(x) for x in recipients]):
        _cell_par(left, r, "VB Nơi nhận danh sách")
    first = True
    for line in sig.heading:
        q = _cell_par(right, line, "VB Thẩm quyền ký", first=first)
        first = False
    if not sig.heading:
        q = _cell_par(right, "", "VB Thẩm quyền ký", first=True)
    marks.apply(q, "signer.title")
    for _ in range(3 if sig.below else 4):  # the space for the signature and the seal
        right.add_paragraph(style="VB Người ký")
    for line in sig.below:
        _cell_par(right, line, "VB Thẩm quyền ký")
    name_p = _cell_par(right, sig.name, "VB Người ký")
    marks.apply(name_p, "signer.name")
    return t, p


def _table(doc, headers, rows, widths=None, repeat_header=True):
    """A ruled table; ``widths`` in twips (scaled down to the text width if wider)."""
    t = doc.add_table(rows=1, cols=len(headers))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, h in zip(t.rows[0].cells, headers):
        cell.paragraphs[0].style = "VB Bảng tiêu đề"
        cell.paragraphs[0].add_run(clean(h))
    if repeat_header:
        _repeat_header(t.rows[0])
    for row in rows:
        cells = t.add_row().cells
        for cell, v in zip(cells, row):
            cell.paragraphs[0].style = "VB Bảng"
            cell.paragraphs[0].add_run(clean("" if v is None else str(v)))
    if widths:
        total = text_width_twips(doc.sections[-1])
        scale = min(1.0, total / sum(widths))
        _set_col_widths(t, _fit([w * scale for w in widths], total))
    return t


def _fit(widths: list[float], total: int) -> list[int]:
    """Integer widths that add up to no more than ``total``."""
    out = [int(w) for w in widths]
    while sum(out) > total:
        i = out.index(max(out))
        out[i] -= sum(out) - total
    return out


def date_words(d: dt.date | None, between=None) -> str:
    """"ngày 05 tháng 02 năm 2025" (the date line's words without the place)."""
    return place_date("", d, between).split(", ", 1)[1]


# ------------------------------------------------------------------ the plan


def plan_marks(plan: Plan, draft: bool = False) -> Marks:
    """The plan's printed values that are not verified: its ``unverified`` fields and what is blank."""
    from plans.render.review import plan_review

    return Marks({w.key: w.reason for w in plan_review(plan)}, draft)


def plan_document(repo: Repository, plan: Plan, appendix: bool = False, template: Path | None = None,
                  draft: bool = False):
    marks = plan_marks(plan, draft)
    doc = new_document(template, draft)
    issuer = repo.names_of([plan.issuer])[0]
    parent = repo.names_of([plan.issuer_parent])[0] if plan.issuer_parent else ""
    header_block(doc, issuer, parent, plan.number, plan.place, plan.date, between=(plan.date_from, plan.date_to),
                 marks=marks)
    title_par = title_block(doc, plan.document_type or "KẾ HOẠCH", plan.title)
    notes = Footnotes(doc)
    by_anchor: dict[str, list] = {}
    ids = plan.node_ids()
    for f in sorted(plan.footnotes, key=lambda f: f.n):
        by_anchor.setdefault(f.anchor if f.anchor in ids else "", []).append(f)
    for p in plan.preamble:
        doc.add_paragraph(clean(p), style="VB Nội dung")
    if plan.objectives:
        doc.add_paragraph(clean(f"I. {blocks.objectives_title(plan)}"), style="VB Đề mục")
        obj_ids = {o.id for o in plan.objectives}
        for o in plan.objectives:
            if plan.objective_heading(o):
                doc.add_paragraph(clean(plan.objective_heading(o)), style="VB Nội dung").runs[0].bold = True
            lab = blocks.objective_label(o, obj_ids)
            par = doc.add_paragraph(clean(f"{lab} {o.text}".strip()), style="VB Nội dung")
            _notes_at(notes, par, by_anchor, o.id)
            marks.apply(par, o.id)
            for extra in o.paragraphs:
                doc.add_paragraph(clean(extra), style="VB Nội dung")
    for sec in plan.sections:
        _section(doc, sec, notes, by_anchor, marks)
    for f in by_anchor.pop("", []):  # a note whose anchor is not printed: marked on the summary
        notes.add(title_par, clean(f.text))
    for rest in list(by_anchor.values()):
        for f in rest:
            notes.add(title_par, clean(f.text))
    signature_block(doc, [r.line for r in plan.recipients], plan.signer, marks)
    notes.finish()
    if appendix:
        assignment_appendix(doc, repo, plan, issuer)
    properties(doc, f"{plan.document_type or 'KẾ HOẠCH'} {plan.number}".strip(), plan.title, issuer,
               keywords=plan.number, category=plan.document_type or "KẾ HOẠCH")
    return doc


def _notes_at(notes: Footnotes, paragraph, by_anchor: dict, node_id: str) -> None:
    for f in by_anchor.pop(node_id, []):
        notes.add(paragraph, clean(f.text))


_END = (".", ";", ":", "!", "?", "…")


def _section(doc, sec, notes, by_anchor, marks):
    """A part or item: its heading (label and title as printed), intro, then its tasks as printed: a task
    whose text starts in lower case continues the item before it ("…(Bộ Công an chủ trì…); sơ kết …")."""
    lab = blocks.label(sec.id)
    if sec.title:
        head = doc.add_paragraph(clean(f"{lab} {sec.title}".strip()), style="VB Đề mục")
        _notes_at(notes, head, by_anchor, sec.id)
        marks.apply(head, sec.id)
    for k, p in enumerate(sec.intro):
        # an untitled item's label goes on its first paragraph ("(4) Tiếp tục tổ chức … các lĩnh vực:")
        own = f"{lab} " if lab and not sec.title and k == 0 else ""
        doc.add_paragraph(clean(own + p), style="VB Nội dung")
    items: list[list] = []
    for i, task in enumerate(sec.tasks):
        if items and task.text[:1].islower():
            items[-1].append(task)
        else:
            items.append([task])
    index = 0
    for item in items:
        p = doc.add_paragraph(style="VB Nội dung")
        tl = blocks.task_label(sec, index, item[0])
        index += len(item)
        if tl:
            p.add_run(tl + " ")
        for j, task in enumerate(item):
            sep = ";" if j < len(item) - 1 else "."
            text = clean(task.text).rstrip()
            p.add_run(re.sub(r"\n\s*\n", "\n", text))  # a task's second paragraph: a new line, no blank one
            if task.assignment:
                p.add_run(" (")
                p.add_run(clean(task.assignment)).italic = True
                p.add_run(")" + sep)
            elif not text.endswith(_END):
                p.add_run(sep)
            _notes_at(notes, p, by_anchor, task.id)
            marks.apply(p, task.id)
            if j < len(item) - 1:
                p.add_run(" ")
        if not sec.title and index == len(item):  # an untitled item's own note (II.1.a)
            _notes_at(notes, p, by_anchor, sec.id)
    for child in sec.sections:
        _section(doc, child, notes, by_anchor, marks)


def _landscape(doc):
    sec = doc.add_section()
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(25), Mm(20)
    return sec


ROMAN_SEQ = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def assignment_appendix(doc, repo, plan, issuer: str | None = None):
    """Phụ lục I, II …: the assignment of tasks, one landscape appendix per part of the plan that has
    tasks, each "(Kèm theo Kế hoạch số … ngày … của …)" in italics, its table as wide as the text, the
    header row repeated on every page. The "Sản phẩm" column is there only when a task names a product."""
    issuer = issuer or repo.names_of([plan.issuer])[0]
    parts = [(top, [(s, t) for s in top.walk() for t in s.tasks]) for top in plan.sections]
    parts = [(top, tasks) for top, tasks in parts if tasks]
    for n, (top, tasks) in enumerate(parts):
        sec = _landscape(doc)
        doc.add_paragraph(f"Phụ lục {ROMAN_SEQ[n] if n < len(ROMAN_SEQ) else n + 1}", style="VB Tên loại")
        doc.add_paragraph("PHÂN CÔNG THỰC HIỆN NHIỆM VỤ", style="VB Tên loại")
        doc.add_paragraph(clean(f"{blocks.label(top.id)} {top.title or ''}".strip()), style="VB Trích yếu")
        kem = doc.add_paragraph(style="VB Trích yếu")
        kem.add_run(clean(f"(Kèm theo {(plan.document_type or 'Kế hoạch').capitalize()} số {plan.number} "
                          f"{date_words(plan.date, (plan.date_from, plan.date_to))} của {issuer})"))
        for r in kem.runs:
            r.italic, r.bold = True, False
        with_products = any(t.products for _, t in tasks)
        rows = []
        for i, (s, t) in enumerate(tasks, 1):
            lead = repo.names_of(t.lead or t.executor)
            row = [i, f"{t.id}. {t.text}", ", ".join(lead), ", ".join(repo.names_of(t.partner)),
                   dmy(t.deadline) or t.deadline_text or ("Thường xuyên" if t.recurrence else "Trong năm")]
            if with_products:
                row.append("; ".join(t.products))
            rows.append(row)
        headers = ["TT", "Nhiệm vụ", "Chủ trì / thực hiện", "Phối hợp", "Thời hạn"]
        shares = [1.1, 12.0, 4.6, 4.6, 2.6]
        if with_products:
            headers.append("Sản phẩm")
            shares = [1.1, 10.0, 4.2, 4.2, 2.4, 3.2]
        total = text_width_twips(sec)
        _table(doc, headers, rows, widths=[total * x / sum(shares) for x in shares])
    # the page after the appendix (if anything follows) would be landscape too; nothing does


# ------------------------------------------------------------------ the periodic report

def report_document(repo: Repository, ctx, chart_png: bytes | None = None, template: Path | None = None,
                    office: dict | None = None, draft: bool = False, marks: Marks | None = None):
    """The periodic result report. ``office`` (office.yaml, or --number/--date/--signer): ``issuer``,
    ``parent``, ``number``, ``date``, ``place``, ``signer`` (mapping or plain text), ``recipients``."""
    office = office or {}
    marks = marks or Marks(draft=draft)
    plan = ctx.plan
    doc = new_document(template, draft)
    issuer = office.get("issuer") or repo.names_of([plan.issuer])[0]
    parent = office.get("parent") or (repo.names_of([plan.issuer_parent])[0] if plan.issuer_parent else "")
    number = office.get("number") or blocks.report_number(plan.number)
    header_block(doc, issuer, parent, number, office.get("place") or plan.place, office.get("date"), marks=marks)
    label = ctx.period.label("vi")
    summary = (f"Kết quả thực hiện Kế hoạch số {plan.number} ngày {plan.date_label()}\n"
               f"{label[0].upper() + label[1:]}")
    title_block(doc, "BÁO CÁO", summary)
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
        value = decimal(a.value) + unit if a.value is not None else "—"
        rows.append((a.target.id, a.target.text, goal(a.target.comparator, a.target.threshold, a.target.unit),
                     value, STATUS_VI.get(a.status, a.status)))
    cm = Cm(1).twips
    _table(doc, ["Mã", "Chỉ tiêu", "Yêu cầu", "Kết quả", "Đánh giá"], rows,
           widths=[1.2 * cm, 8.0 * cm, 2.2 * cm, 2.3 * cm, 2.8 * cm])
    if chart_png:
        doc.add_paragraph(style="VB Nội dung")
        doc.add_picture(io.BytesIO(chart_png), width=Twips(min(Cm(16).twips, text_width_twips(doc.sections[-1]))))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ", style="VB Đề mục")
    doc.add_paragraph(counts_text(ctx), style="VB Nội dung")
    by_section: dict[str, list] = {}
    for line in ctx.tasks:  # grouped by numbered item (II.1, II.2 …)
        by_section.setdefault(".".join(line.section.split(".")[:2]), []).append(line)
    for sid, lines in by_section.items():
        title = ctx.sections.get(sid) or ""
        doc.add_paragraph(clean(f"{sid} {title}".strip()), style="VB Nội dung").runs[0].bold = True
        _table(doc, ["Nhiệm vụ", "Cơ quan", "Tình trạng", "Sản phẩm, minh chứng"],
               [(f"{x.task_id}. {blocks.shorten(x.text)}", x.agency, STATE_VI.get(x.state, x.state), x.evidence)
                for x in lines], widths=[7.5 * cm, 3.5 * cm, 2.5 * cm, 3.0 * cm])
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
    recipients = office.get("recipients") or default_report_recipients(repo, ctx)
    signer = office.get("signer") or plan.signer
    signature_block(doc, recipients, signer, marks)
    properties(doc, f"BÁO CÁO {number}", summary.replace("\n", " — "), issuer, keywords=plan.number,
               category="BÁO CÁO")
    return doc


def default_report_recipients(repo: Repository, ctx) -> list[str]:
    """Whom the plan says this period's report goes to, then the file copy: never "Như trên" (there is
    no "Kính gửi" above it)."""
    out = []
    duties = [d for d in ctx.plan.reporting if d.period == ctx.period.kind] or ctx.plan.reporting
    for duty in duties:  # this period's duties, else whom the plan has reports sent to at all
        if duty.recipient:
            name = repo.names_of([duty.recipient])[0]
            if name not in out:
                out.append(name)
    return [*out, "Lưu: VT"]


# ------------------------------------------------------------------ the reminder letter

def reminder_document(repo: Repository, ctx, template: Path | None = None, office: dict | None = None,
                      draft: bool = False, marks: Marks | None = None):
    """Công văn đôn đốc (Nghị định 30/2020, Phụ lục I, mẫu 1.4): header with the summary under the number,
    "Kính gửi", what each agency still owes, Nơi nhận ("Như trên"), signature."""
    from plans.render.reminder import default_number, letter

    office = office or {}
    marks = marks or Marks(draft=draft)
    doc = new_document(template, draft)
    issuer = office.get("issuer") or repo.names_of([ctx.issuer])[0]
    parent = office.get("parent") or (repo.names_of([ctx.issuer_parent])[0] if ctx.issuer_parent else "")
    number = office.get("number") or default_number(ctx)
    words = letter(repo, ctx, issuer)
    header_block(doc, issuer, parent, number, office.get("place") or ctx.place, office.get("date"), marks=marks,
                 summary=words.summary)
    doc.add_paragraph(style="VB Nội dung")
    _kinh_gui(doc, words.to)
    if ctx.sample:
        doc.add_paragraph("DỮ LIỆU MẪU — KHÔNG PHẢI SỐ LIỆU THẬT", style="VB Dữ liệu mẫu").runs[0].font.color.rgb = \
            RGBColor(0xC6, 0x28, 0x28)
    doc.add_paragraph(clean(words.opening), style="VB Nội dung")
    for n, (head, lines) in enumerate(words.items, 1):
        if head:
            doc.add_paragraph(clean(f"{n}. {head}"), style="VB Đề mục")
        for line, subs in lines:
            doc.add_paragraph(clean(f"- {line}"), style="VB Nội dung")
            for i, sub in enumerate(subs):
                doc.add_paragraph(clean(f"+ {sub}{';' if i < len(subs) - 1 else '.'}"), style="VB Nội dung")
    for text in words.closing:
        doc.add_paragraph(clean(text), style="VB Nội dung")
    recipients = office.get("recipients") or ["Như trên", "Lưu: VT"]
    signature_block(doc, recipients, office.get("signer") or ctx.signer, marks)
    properties(doc, f"CÔNG VĂN {number}", words.summary, issuer, category="CÔNG VĂN")
    return doc


def _kinh_gui(doc, names: list[str]) -> None:
    """"Kính gửi: X." on one line, or "Kính gửi:" and one "- X;" line per recipient, the last with "."."""
    if len(names) == 1:
        p = doc.add_paragraph(style="VB Nội dung")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.first_line_indent = Twips(0)
        p.add_run(clean(f"Kính gửi: {names[0]}."))
        return
    p = doc.add_paragraph("Kính gửi:", style="VB Nội dung")
    p.paragraph_format.first_line_indent = Twips(0)
    p.paragraph_format.left_indent = Cm(2.5)
    p.paragraph_format.space_after = Pt(0)
    for i, name in enumerate(names):
        q = doc.add_paragraph(clean(f"- {name}{';' if i < len(names) - 1 else '.'}"), style="VB Nội dung")
        q.paragraph_format.first_line_indent = Twips(0)
        q.paragraph_format.left_indent = Cm(4.5)
        q.paragraph_format.space_after = Pt(0)
    doc.add_paragraph(style="VB Nội dung")


def to_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
