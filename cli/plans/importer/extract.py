"""Text out of a received plan: DOCX (with Word's automatic numbering and header tables), PDF with a
text layer, plain text or Markdown (OCR output, a web page), and scans through Tesseract when installed.

Every reader returns an :class:`Extracted`: the text as *blocks* (paragraphs for DOCX, lines for
everything else, which :mod:`plans.importer.lines` joins), and what kind of source it was.
Bad input raises :class:`ExtractError` with a stable ``reason`` for the command to explain.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field

MAX_BYTES = 50 * 1024 * 1024       # a received plan is a few hundred kB; a 50 MB file is not a plan
MAX_CHARS = 3_000_000              # ~1,000 pages of text
MAX_PAGES = 1000

# reason codes of ExtractError
EMPTY = "empty"
TOO_LARGE = "too-large"
NOT_DOCX = "not-docx"
BAD_PDF = "bad-pdf"
ENCRYPTED = "encrypted"
NO_TEXT = "no-text"          # a scan, and no OCR engine to read it
OCR_FAILED = "ocr-failed"
UNREADABLE = "unreadable"
UNKNOWN_TYPE = "unknown-type"
NOT_TEXT = "not-text"        # bytes that are not text in any encoding we accept


class ExtractError(Exception):
    def __init__(self, path: str, reason: str, detail: str = ""):
        self.path, self.reason, self.detail = str(path), reason, detail
        super().__init__(f"{path}: {reason} {detail}".strip())


@dataclass
class Extracted:
    blocks: list[str]                       # paragraphs (docx) or lines (text, pdf, ocr)
    kind: str                               # docx | pdf | text | markdown | ocr
    paragraphs: bool = False                # blocks are whole paragraphs (no line joining needed)
    notes: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)  # a DOCX's footnotes, in order, as printed


IMAGE_EXT = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}


def extract(path: str) -> Extracted:
    try:
        st = os.stat(path)
    except OSError as e:
        raise ExtractError(path, UNREADABLE, e.strerror or str(e))
    if not os.path.isfile(path):
        raise ExtractError(path, UNREADABLE, "not a regular file")
    if st.st_size == 0:
        raise ExtractError(path, EMPTY)
    if st.st_size > MAX_BYTES:
        raise ExtractError(path, TOO_LARGE, f"{st.st_size} > {MAX_BYTES}")
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise ExtractError(path, UNREADABLE, e.strerror or str(e))
    ext = os.path.splitext(path)[1].lower()
    if ext == ".docx" or (ext not in (".pdf", ".txt", ".md") and data[:2] == b"PK"):
        return read_docx(path, data)
    if ext == ".pdf" or data[:5] == b"%PDF-":
        return read_pdf(path, data)
    if ext in IMAGE_EXT:
        return read_image(path)
    if ext in (".txt", ".md", ".markdown", "") or ext not in (".doc", ".odt", ".rtf", ".xlsx"):
        return read_text(path, data, markdown=ext in (".md", ".markdown"))
    raise ExtractError(path, UNKNOWN_TYPE, ext)


# ------------------------------------------------------------------ plain text and Markdown

def _decode(path: str, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractError(path, NOT_TEXT)
    for enc in ("utf-8", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8", "cp1258"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ExtractError(path, NOT_TEXT)


_MD_EMPH = re.compile(r"(\*\*|__|\*|(?<!\w)_(?!\w))")
_MD_HEAD = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def markdown_lines(text: str) -> list[str]:
    """Markdown (a page copied from the web) as plain lines: emphasis and heading marks dropped, a table
    read column by column (the two-column header of a Vietnamese document: issuer left, Quốc hiệu right),
    each cell's ``<br>`` a line."""
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip().startswith("|"):
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                if not _MD_RULE.match(lines[i]):
                    cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                    rows.append(cells)
                i += 1
            width = max((len(r) for r in rows), default=0)
            for col in range(width):
                for r in rows:
                    if col < len(r):
                        for part in re.split(r"<br\s*/?>", r[col]):
                            part = _MD_EMPH.sub("", part).strip()
                            if part:
                                out.append(part)
            out.append("")
            continue
        line = _MD_HEAD.sub("", line)
        out.append(_MD_EMPH.sub("", line).rstrip())
        i += 1
    return out


def read_text(path: str, data: bytes, markdown: bool = False) -> Extracted:
    text = _decode(path, data)
    if len(text) > MAX_CHARS:
        raise ExtractError(path, TOO_LARGE, f"{len(text)} characters")
    if not text.strip():
        raise ExtractError(path, EMPTY)
    if markdown or re.search(r"^\s*\|.*\|\s*$", text, re.M) and re.search(r"^\s*\|?\s*-{3,}", text, re.M):
        return Extracted(markdown_lines(text), "markdown")
    return Extracted([ln.rstrip() for ln in text.splitlines()], "text")


# ------------------------------------------------------------------ DOCX

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    s = ""
    for v, r in vals:
        while n >= v:
            s, n = s + r, n - v
    return s


def _letter(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


def _fmt(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class Numbering:
    """Word's automatic numbering (numbering.xml): the label each numbered paragraph shows ("I.", "1.",
    "a)", "-"), counted as Word counts: per abstract list and level, deeper levels restart."""

    def __init__(self, doc):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> (fmt, text, start)
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            part = doc.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.findall(f"{_W}abstractNum"):
            aid = an.get(f"{_W}abstractNumId")
            lv = {}
            for lvl in an.findall(f"{_W}lvl"):
                il = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                txt = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                lv[il] = (fmt.get(f"{_W}val") if fmt is not None else "decimal",
                          txt.get(f"{_W}val") if txt is not None else "",
                          int(start.get(f"{_W}val")) if start is not None else 1)
            abstract[aid] = lv
        for num in root.findall(f"{_W}num"):
            nid = num.get(f"{_W}numId")
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            aid = ref.get(f"{_W}val")
            self.abstract_of[nid] = aid
            for il, v in abstract.get(aid, {}).items():
                self.levels[(nid, il)] = v
            for ov in num.findall(f"{_W}lvlOverride"):
                il = int(ov.get(f"{_W}ilvl", "0"))
                so = ov.find(f"{_W}startOverride")
                if so is not None and (nid, il) in self.levels:
                    f_, t_, _ = self.levels[(nid, il)]
                    self.levels[(nid, il)] = (f_, t_, int(so.get(f"{_W}val")))

    def label(self, num_id: str, ilvl: int) -> str:
        if (num_id, ilvl) not in self.levels or num_id == "0":
            return ""
        key = self.abstract_of.get(num_id, num_id)
        c = self.counters.setdefault(key, {})
        fmt, text, start = self.levels[(num_id, ilvl)]
        c[ilvl] = c.get(ilvl, start - 1) + 1
        for deeper in [k for k in c if k > ilvl]:
            del c[deeper]
        if fmt == "bullet":
            return "-" if text in ("", "\uf0b7", "•", "\uf02d", "–", "-", "o", "\uf0a7") else text
        out = text
        for lvl in range(ilvl + 1):
            f_, _, s_ = self.levels.get((num_id, lvl), ("decimal", "", 1))
            out = out.replace(f"%{lvl + 1}", _fmt(c.get(lvl, s_), f_))
        return out


def _num_pr(p, styles) -> tuple[str, int] | None:
    ppr = p.find(f"{_W}pPr")
    if ppr is not None:
        np_ = ppr.find(f"{_W}numPr")
        if np_ is not None:
            nid = np_.find(f"{_W}numId")
            il = np_.find(f"{_W}ilvl")
            if nid is not None:
                return nid.get(f"{_W}val"), int(il.get(f"{_W}val")) if il is not None else 0
        st = ppr.find(f"{_W}pStyle")
        if st is not None:
            return styles.get(st.get(f"{_W}val"))
    return None


def _style_numbering(doc) -> dict[str, tuple[str, int]]:
    out = {}
    try:
        for s in doc.styles.element.findall(f"{_W}style"):
            ppr = s.find(f"{_W}pPr")
            np_ = ppr.find(f"{_W}numPr") if ppr is not None else None
            if np_ is not None and np_.find(f"{_W}numId") is not None:
                il = np_.find(f"{_W}ilvl")
                out[s.get(f"{_W}styleId")] = (np_.find(f"{_W}numId").get(f"{_W}val"),
                                              int(il.get(f"{_W}val")) if il is not None else 0)
    except AttributeError:
        pass
    return out


def _par_text(p) -> str:
    parts = []
    for el in p.iter():
        if el.tag == f"{_W}t":
            parts.append(el.text or "")
        elif el.tag in (f"{_W}tab",):
            parts.append(" ")
        elif el.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def read_docx(path: str, data: bytes) -> Extracted:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise ExtractError(path, NOT_DOCX, str(e))
    if "word/document.xml" not in names:
        raise ExtractError(path, NOT_DOCX, "no word/document.xml")
    total = sum(i.file_size for i in zf.infolist())
    if total > 20 * MAX_BYTES:  # a ZIP bomb
        raise ExtractError(path, TOO_LARGE, f"{total} bytes unpacked")
    try:
        import docx

        doc = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises many kinds on damaged packages  # noqa: BLE001
        raise ExtractError(path, NOT_DOCX, f"{type(e).__name__}: {e}"[:200])
    numbering = Numbering(doc)
    styles = _style_numbering(doc)
    blocks: list[str] = []

    def paragraph(p):
        text = _par_text(p)
        np_ = _num_pr(p, styles)
        label = numbering.label(*np_) if np_ else ""
        # a line break inside a paragraph (Shift+Enter) stays inside it
        text = "\n".join(ln.strip() for ln in text.split("\n")).strip()
        blocks.append(f"{label} {text}".strip() if label else text)

    def table(tbl):
        # header and signature blocks are two-column tables: read column by column
        rows = tbl.findall(f"{_W}tr")
        grid = [[c for c in r.findall(f"{_W}tc")] for r in rows]
        width = max((len(r) for r in grid), default=0)
        two_col = width <= 2
        if two_col:
            for col in range(width):
                for r in grid:
                    if col < len(r):
                        for p in r[col].iter(f"{_W}p"):
                            paragraph(p)
                blocks.append("")
        else:  # a data table (an appendix): one line per row
            for r in grid:
                blocks.append(" | ".join(" ".join(_par_text(p).strip() for p in c.iter(f"{_W}p")).strip()
                                         for c in r))
            blocks.append("")

    body = doc.element.body
    for el in body:
        if el.tag == f"{_W}p":
            paragraph(el)
        elif el.tag == f"{_W}tbl":
            table(el)
        if len(blocks) > MAX_CHARS // 10:
            raise ExtractError(path, TOO_LARGE, f"{len(blocks)} paragraphs")
    if not any(b.strip() for b in blocks):
        raise ExtractError(path, EMPTY)
    return Extracted(blocks, "docx", paragraphs=True, footnotes=_docx_footnotes(zf))


def _docx_footnotes(zf: zipfile.ZipFile) -> list[str]:
    """The footnotes of a DOCX (word/footnotes.xml), without Word's separators."""
    from lxml import etree

    try:
        root = etree.fromstring(zf.read("word/footnotes.xml"), etree.XMLParser(resolve_entities=False))
    except (KeyError, etree.XMLSyntaxError, ValueError):
        return []
    out = []
    for fn in root.findall(f"{_W}footnote"):
        if fn.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(_par_text(p).strip() for p in fn.iter(f"{_W}p")).strip()
        if text:
            out.append(" ".join(text.split()))
    return out


# ------------------------------------------------------------------ PDF

def read_pdf(path: str, data: bytes) -> Extracted:
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as e:  # pragma: no cover - a dependency
        raise ExtractError(path, BAD_PDF, str(e))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ExtractError(path, ENCRYPTED)
            except ExtractError:
                raise
            except Exception:  # noqa: BLE001 - unsupported encryption
                raise ExtractError(path, ENCRYPTED)
        pages = reader.pages
        n = len(pages)
    except ExtractError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, AssertionError) as e:
        raise ExtractError(path, BAD_PDF, f"{type(e).__name__}: {e}"[:200])
    except Exception as e:  # noqa: BLE001 - pypdf on damaged input
        raise ExtractError(path, BAD_PDF, f"{type(e).__name__}: {e}"[:200])
    if n > MAX_PAGES:
        raise ExtractError(path, TOO_LARGE, f"{n} pages")
    lines: list[str] = []
    chars = 0
    try:
        texts = _pages_without_notes(pages)
    except Exception as e:  # noqa: BLE001 - a damaged page
        raise ExtractError(path, BAD_PDF, f"{type(e).__name__}: {e}"[:200])
    for i in range(n):
        text = texts[i]
        chars += len(text)
        if chars > MAX_CHARS:
            raise ExtractError(path, TOO_LARGE, f"{chars} characters")
        lines.extend(ln.rstrip() for ln in text.splitlines())
        lines.append("")
    if sum(len(ln.strip()) for ln in lines) < 20 * max(n, 1) // 10 + 20:
        return _ocr_pdf(path, n)
    return Extracted(lines, "pdf")


def _pages_without_notes(pages) -> list[str]:
    """Each page's text without its footnotes: a note's number in the text is set small and raised
    (a digit at under 0.7 of the body's size), and the notes at the foot of the page start with a small
    number at the start of a line, followed by small type only to the end of the page. Left in, the
    number became a task ("1") and the note's text a task's (a "100%" in a note, a second target).
    The body's size is the size most characters are set in."""
    from collections import Counter

    found: list[list[tuple[float, str]]] = []
    for page in pages:
        parts: list[tuple[float, str]] = []

        def visit(text, cm, tm, font, size, parts=parts):
            if text:
                parts.append((abs((size or 0) * (tm[3] or 1) * (cm[3] or 1)), text))

        plain = page.extract_text(visitor_text=visit) or ""
        found.append(parts if "".join(t for _, t in parts).strip() else [(0.0, plain)])
    sizes: Counter = Counter()
    for parts in found:
        for size, text in parts:
            if text.strip():
                sizes[round(size, 1)] += len(text.strip())
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    out = []
    for parts in found:
        if not body:
            out.append("".join(t for _, t in parts))
            continue
        small = [size < 0.9 * body or not t.strip() for size, t in parts]
        keep: list[str] = []
        line_start = True
        for k, (size, text) in enumerate(parts):
            note_no = re.fullmatch(r"\s*\d{1,2}\s*", text) is not None and 0 < size < 0.9 * body
            if note_no and line_start and all(small[k:]):
                break                                   # the notes at the foot of the page
            if note_no and size < 0.7 * body:
                continue                                # a note's number in the text
            keep.append(text)
            if text.strip() or "\n" in text:
                line_start = text.endswith("\n")
        out.append("".join(keep))
    return out


# ------------------------------------------------------------------ scans (Tesseract)

def ocr_available() -> str | None:
    """Why OCR cannot run (None when it can): Tesseract and its Vietnamese data must be installed."""
    exe = shutil.which("tesseract")
    if not exe:
        return "tesseract"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return "tesseract"
    if "vie" not in (out.stdout + out.stderr).split():
        return "tesseract-ocr-vie"
    return None


def _tesseract(path: str, image: str) -> list[str]:
    try:
        out = subprocess.run(["tesseract", image, "stdout", "-l", "vie"], capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as e:
        raise ExtractError(path, OCR_FAILED, str(e))
    if out.returncode != 0:
        raise ExtractError(path, OCR_FAILED, out.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] and
                           out.stderr.decode("utf-8", "replace").strip().splitlines()[-1] or "")
    return out.stdout.decode("utf-8", "replace").splitlines()


def read_image(path: str) -> Extracted:
    missing = ocr_available()
    if missing:
        raise ExtractError(path, NO_TEXT, missing)
    lines = _tesseract(path, path)
    if not any(ln.strip() for ln in lines):
        raise ExtractError(path, EMPTY)
    return Extracted(lines, "ocr")


def _ocr_pdf(path: str, pages: int) -> Extracted:
    missing = ocr_available() or (None if shutil.which("pdftoppm") else "poppler-utils")
    if missing:
        raise ExtractError(path, NO_TEXT, missing)
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="plans-ocr-") as d:
        try:
            subprocess.run(["pdftoppm", "-r", "300", "-png", path, os.path.join(d, "p")], check=True,
                           capture_output=True, timeout=600)
        except (OSError, subprocess.SubprocessError) as e:
            raise ExtractError(path, OCR_FAILED, str(e))
        for name in sorted(os.listdir(d)):
            lines.extend(_tesseract(path, os.path.join(d, name)))
            lines.append("")
    if not any(ln.strip() for ln in lines):
        raise ExtractError(path, EMPTY)
    return Extracted(lines, "ocr")
