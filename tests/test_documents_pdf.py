"""The documents through LibreOffice, as they print (make e2e): PDF output, and the lines Nghị định 30/2020
keeps whole (Quốc hiệu, the signer's titles) read back from the PDF. Needs soffice and pdftotext; runs
when PLANS_E2E=1 (make e2e), skips otherwise."""
import os
import shutil
import subprocess

import pytest

pytestmark = [
    pytest.mark.usefixtures("in_fixture_repo"),
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                       reason="needs LibreOffice (soffice) and poppler-utils (pdftotext)"),
    pytest.mark.skipif(os.environ.get("PLANS_E2E") != "1", reason="slow (LibreOffice): make e2e"),
]


def lines(pdf, first=1, last=None):
    args = ["pdftotext", "-layout", "-f", str(first)] + (["-l", str(last)] if last else []) + [str(pdf), "-"]
    return [x.strip() for x in subprocess.run(args, capture_output=True, text=True, check=True).stdout.splitlines()]


def test_plan_as_pdf_keeps_the_decree_lines_whole(run, tmp_path):
    out = tmp_path / "hp.pdf"
    res = run("render", "plan", "hp-2026-kh-bcd799-pttd-pctp", "--appendix", "-o", out)
    assert res.exit_code == 0, res.output
    assert out.read_bytes()[:5] == b"%PDF-"
    text = lines(out)
    assert any(x.endswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") for x in text)
    assert any(x.endswith("PHÓ CHỦ TỊCH ỦY BAN NHÂN DÂN") for x in text)  # one line, not "… NHÂN / DÂN"
    assert not any(x == "DÂN" for x in text)


def test_report_as_pdf(run, tmp_path):
    out = tmp_path / "bc.pdf"
    res = run("render", "report", "--plan", "hp-2026-kh-bcd799-pttd-pctp", "--period", "2026-H1", "-o", out,
              "--number", "12/BC-BCĐ")
    assert res.exit_code == 0, res.output
    first = lines(out, 1, 1)
    assert any("Số: 12/BC-BCĐ" in x for x in first)
