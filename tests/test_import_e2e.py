"""``plans import`` of a PDF that LibreOffice printed, and of scans read by Tesseract (make e2e).

Needs LibreOffice (soffice) and poppler-utils (pdftoppm) for the PDF; Tesseract with its Vietnamese
data (Debian: tesseract-ocr tesseract-ocr-vie) for the scans. Runs when PLANS_E2E=1 (make e2e) and
skips cleanly when a program is missing. Runs on tests/fixtures only."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from plans.importer.extract import ocr_available

from import_helpers import load, tasks

pytestmark = [
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")),
                       reason="needs LibreOffice (soffice) and poppler-utils (pdftoppm)"),
    pytest.mark.skipif(os.environ.get("PLANS_E2E") != "1", reason="slow (LibreOffice, Tesseract): make e2e"),
]
needs_ocr = pytest.mark.skipif(ocr_available() is not None,
                               reason="needs Tesseract and its Vietnamese data (tesseract-ocr tesseract-ocr-vie)")

PLAN = "hue-2026-kh-ubnd-pctp"


def reviewed(repo):
    return next(d for d in (load(p) for p in repo.plans.rglob("*.yaml") if "agencies" not in p.parts)
                if d.get("id") == PLAN)


def printed_pdf(run, repo) -> Path:
    pdf = repo.path / "nhan.pdf"
    res = run("render", "plan", PLAN, "-o", str(pdf))
    assert res.exit_code == 0, res.output
    assert pdf.read_bytes()[:5] == b"%PDF-"
    return pdf


def pages_as_images(pdf: Path, first: int, last: int, dpi: int = 200) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(first), "-l", str(last), str(pdf),
                    str(pdf.with_name("trang"))], check=True, capture_output=True, timeout=300)
    return sorted(pdf.parent.glob("trang-*.png"))


def import_(run, repo, src):
    out = repo.path / "draft.yaml"
    res = run("import", str(src), "-o", str(out), "--force")
    assert res.exit_code == 0, res.output
    return res, load(out)


def test_pdf_printed_by_libreoffice(run, repo):
    """The plan rendered, printed to PDF by LibreOffice and imported back: its text layer gives the
    header and nearly every task."""
    ref = reviewed(repo)
    res, d = import_(run, repo, printed_pdf(run, repo))
    assert (d["issuer"], d["place"], d["title"]) == (ref["issuer"], ref["place"], ref["title"])
    assert d["source"]["note"].startswith("Bản nháp do plans import tạo từ tệp PDF")
    want, got = set(tasks(ref)), set(tasks(d))
    assert len(want & got) >= 0.95 * len(want), sorted(want - got)
    # the footnotes (a raised "1" in the text, the notes at the page foot) are no tasks and no targets
    assert not [i for i, t in tasks(d).items() if t["text"].strip().isdigit()]
    assert sorted((t["comparator"], t["threshold"]) for t in d["targets"]) == \
        sorted((t["comparator"], t["threshold"]) for t in ref["targets"])


@needs_ocr
def test_scanned_pdf_without_text_layer_is_read_by_tesseract(run, repo):
    """The first two printed pages as images in a PDF with no text layer (a scan): Tesseract reads them."""
    from PIL import Image

    images = [Image.open(p).convert("RGB") for p in pages_as_images(printed_pdf(run, repo), 1, 2)]
    scan = repo.path / "ban-quet.pdf"
    images[0].save(scan, save_all=True, append_images=images[1:], resolution=200)
    res, d = import_(run, repo, scan)
    ref = reviewed(repo)
    assert d["source"]["note"].startswith("Bản nháp do plans import tạo từ tệp OCR")
    assert d["issuer"] == ref["issuer"] and d["title"] == ref["title"]
    got = tasks(d)
    assert {"II.1.a.1", "II.1.b.1", "II.1.c.1"} <= set(got), sorted(got)
    assert got["II.1.a.1"]["executor"] == tasks(ref)["II.1.a.1"]["executor"]


@needs_ocr
def test_scanned_image(run, repo):
    """A photographed or scanned page (PNG): the header and the objectives are read."""
    page = pages_as_images(printed_pdf(run, repo), 1, 1)[0]
    out = repo.path / "draft.yaml"
    res = run("import", str(page), "-o", str(out), "--force")
    # one page holds the header and part I only: a draft, or the clear "no plan structure" message
    assert "Traceback" not in res.output
    if res.exit_code == 0:
        d = load(out)
        assert d["title"] == reviewed(repo)["title"]
    else:
        assert res.exit_code == 1 and "không thấy cấu trúc kế hoạch" in res.output
