"""A PDF of each document for the commission, made by LibreOffice when it is installed.

LibreOffice is optional: without ``soffice`` on the PATH (or in ``INTAKE_SOFFICE``), no PDF is
made and :func:`available` says so; the .docx files are always made. The conversion runs in a
private, temporary LibreOffice profile, so it never touches a user's own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120


def soffice() -> str | None:
    """The LibreOffice command (``INTAKE_SOFFICE`` or ``soffice`` on the PATH), or None."""
    configured = os.environ.get("INTAKE_SOFFICE")
    return configured if configured and Path(configured).exists() else shutil.which("soffice")


def available() -> bool:
    """True when LibreOffice can make PDFs here."""
    return soffice() is not None


def to_pdf(content: bytes, name: str = "document.docx") -> bytes | None:
    """The .docx ``content`` as PDF bytes, or None when LibreOffice is absent or fails."""
    command = soffice()
    if command is None:
        return None
    with tempfile.TemporaryDirectory(prefix="intake-pdf-") as work:
        source = Path(work) / name
        source.write_bytes(content)
        profile = Path(work, "profile").as_uri()
        try:
            subprocess.run([command, f"-env:UserInstallation={profile}", "--headless",
                            "--convert-to", "pdf", "--outdir", work, str(source)],
                           check=True, capture_output=True, timeout=TIMEOUT_SECONDS,
                           cwd=work)  # LibreOffice's NSS may write pkcs11.txt where it runs
        except (OSError, subprocess.SubprocessError):
            return None
        target = source.with_suffix(".pdf")
        return target.read_bytes() if target.exists() else None
