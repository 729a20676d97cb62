"""Old binary Word (.doc) and WPS (.wps) files: converted to .docx by LibreOffice where it is
installed (tables with merged cells, generated numbering); else a Word 97–2003 file (also one
that WPS Office saved) is read by antiword, one line per paragraph, a table row as its cells."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..text import LoadError
from . import Extracted, squeeze
from .docx import read_docx

INSTALL_HINT = ("install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer) so that soffice is on PATH, "
                "or, for Word 97-2003 .doc files, antiword (apt-get install antiword)")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def soffice() -> str | None:
    """The LibreOffice command on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(path: Path, name: str, timeout: float = 120) -> Extracted:
    """Convert ``path`` with ``soffice --headless --convert-to docx`` and read the result, or read
    it with antiword when LibreOffice is missing."""
    command = soffice()
    if command is None:
        antiword = shutil.which("antiword")
        if antiword and Path(path).read_bytes()[:8] == _OLE:
            return _read_antiword(antiword, path, name, timeout)
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


_TABLE_ROW = re.compile(r"^\|(.*)\|$")


def _read_antiword(command: str, path: Path, name: str, timeout: float) -> Extracted:
    """antiword's text (UTF-8, no line wrapping): each paragraph a line, ``|a|b|`` a table row."""
    try:
        done = subprocess.run([command, "-m", "UTF-8.txt", "-w", "0", str(path)], capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired as error:
        raise LoadError(f"{name}: antiword did not read it within {timeout:.0f} s") from error
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise LoadError(f"{name}: antiword could not read it ({detail[-1] if detail else 'no output'}); "
                        f"{INSTALL_HINT.split(', or,')[0]}")
    out = Extracted()
    for number, raw in enumerate(done.stdout.decode("utf-8", "replace").splitlines(), start=1):
        row = _TABLE_ROW.match(raw.strip())
        text = " | ".join(squeeze(cell) for cell in row.group(1).split("|")) if row else squeeze(raw)
        if text.strip(" |"):
            out.add(text, f"paragraph {number}")
    if not out.lines:
        raise LoadError(f"{name}: antiword found no text in it")
    return out
