"""Render the sample documents of the README from the shipped data, convert them to PDF with LibreOffice
and keep the first and last pages as small PNGs in docs/images/ (make doc-images).

Needs LibreOffice (soffice) and poppler-utils (pdftoppm):
    sudo apt-get install -y libreoffice-writer-nogui poppler-utils
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
PLANS = ROOT / ".venv" / "bin" / "plans"
DOCUMENTS = {
    "ke-hoach-53-kh-bcd": ["render", "plan", "vn-2025-53-kh-bcd", "--appendix"],
    "ke-hoach-hp-2025": ["render", "plan", "hp-2025-kh-bcd799-pctp-mbn"],
    "ke-hoach-hp-2026": ["render", "plan", "hp-2026-kh-bcd799-pttd-pctp", "--appendix"],
    "bao-cao-hp-2026-h1": ["render", "report", "--plan", "hp-2026-kh-bcd799-pttd-pctp", "--period", "2026-H1",
                           "--number", "…/BC-BCĐ", "--date", "20/06/2026"],
    "cong-van-don-doc-hue": ["render", "reminder", "--agency", "Công an thành phố Huế", "--as-of", "01/07/2026",
                             "--date", "02/07/2026"],
}


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def signature_page(pdf: Path, last: int) -> int:
    """The page with "Nơi nhận" and the signature (before a plan's appendices)."""
    for page in range(1, last + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        if "Nơi nhận" in text:
            return page
    return last


def png(pdf: Path, page: int, out: Path, dpi: int = 50) -> None:
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(out.with_suffix(""))], check=True)
    Image.open(out).convert("L").quantize(16).save(out, optimize=True)  # grey, 16 levels: a few dozen KB


def main() -> int:
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        print(__doc__, file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in DOCUMENTS.items():
            pdf = Path(tmp) / f"{name}.pdf"
            subprocess.run([str(PLANS), *args, "-o", str(pdf)], cwd=ROOT, check=True)
            last = pages(pdf)
            keep = {1, last, signature_page(pdf, last)}
            for page in sorted(keep):
                png(pdf, page, OUT / f"{name}-{page}.png")
            print(name, last, "trang")
    return 0


if __name__ == "__main__":
    sys.exit(main())
