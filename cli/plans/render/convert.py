"""DOCX → PDF through LibreOffice (``soffice --headless --convert-to pdf``), when it is installed.

LibreOffice runs with a private, throw-away profile in a temporary directory, so it neither meets
a LibreOffice the user has open nor leaves anything behind.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path


class ConvertError(Exception):
    """``reason``: "missing" (no LibreOffice), "failed" (with ``detail``) or "timeout"."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}".strip(": "))
        self.reason, self.detail = reason, detail


def soffice() -> str | None:
    """The LibreOffice program, or None. ``PLANS_SOFFICE`` names another one ("" means none)."""
    if "PLANS_SOFFICE" in os.environ:
        return shutil.which(os.environ["PLANS_SOFFICE"]) if os.environ["PLANS_SOFFICE"] else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, timeout: int = 300) -> bytes:
    exe = soffice()
    if not exe:
        raise ConvertError("missing")
    with tempfile.TemporaryDirectory(prefix="plans-pdf-") as tmp:
        src = Path(tmp) / "van-ban.docx"
        src.write_bytes(data)
        profile = Path(tmp, "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
               "--convert-to", "pdf", "--outdir", tmp, str(src)]
        try:
            res = subprocess.run(cmd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ConvertError("timeout", str(timeout)) from None
        except OSError as e:
            raise ConvertError("failed", e.strerror or str(e)) from None
        pdf = src.with_suffix(".pdf")
        if res.returncode != 0 or not pdf.is_file():
            detail = (res.stderr or res.stdout or b"").decode("utf-8", "replace").strip().splitlines()
            raise ConvertError("failed", detail[-1] if detail else f"exit {res.returncode}")
        return pdf.read_bytes()
