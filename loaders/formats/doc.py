"""Old binary Word (.doc) and WPS (.wps) files, converted to .docx by LibreOffice first."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..text import LoadError
from . import Extracted
from .docx import read_docx

INSTALL_HINT = "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer) so that soffice is on PATH"


def soffice() -> str | None:
    """The LibreOffice command on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(path: Path, name: str, timeout: float = 120) -> Extracted:
    """Convert ``path`` with ``soffice --headless --convert-to docx`` and read the result."""
    command = soffice()
    if command is None:
        raise LoadError(f"{name}: a {path.suffix or '.doc'} file needs LibreOffice to be read; {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="policykg-doc-") as out:
        # a private profile: a user's running LibreOffice would otherwise take the job and lock
        profile = Path(out, "profile").as_uri()
        try:
            done = subprocess.run([command, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                                   "--outdir", out, str(path)], capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as error:
            raise LoadError(f"{name}: LibreOffice did not convert it within {timeout:.0f} s") from error
        converted = Path(out, Path(path).stem + ".docx")
        if done.returncode != 0 or not converted.exists():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise LoadError(f"{name}: LibreOffice could not convert it ({detail[-1] if detail else 'no output'})")
        return read_docx(converted.read_bytes(), name)
