"""Loaders: a policy document file (or its text) → the typed document model.

>>> from policykg.loaders import load_text
>>> doc = load_text("一、重点任务\\n1.建设养老服务平台。(牵头单位:市民政局;责任单位:市财政局)", "x.txt")
>>> [(a.raw, a.role) for a in doc.tasks[0].agencies]
[('市民政局', 'lead'), ('市财政局', 'assist')]
"""
from __future__ import annotations

import hashlib
import re
import zipfile
from io import BytesIO
from pathlib import Path

from ..model import Document, Source
from .pipeline import parse_text
from .text import LoadError, decode

__all__ = ["FORMATS", "LoadError", "file_format", "load_path", "load_text"]

# suffix → format; .doc and .wps need LibreOffice
FORMATS = {".txt": "text", ".md": "text", "": "text", ".htm": "html", ".html": "html", ".shtml": "html",
           ".xhtml": "html", ".docx": "docx", ".pdf": "pdf", ".doc": "doc", ".wps": "doc",
           ".rtf": "doc"}
_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b",
                         re.I | re.S)
_NAMES = {"docx": "a Word file", "pdf": "a PDF"}


def file_format(data: bytes, suffix: str) -> str:
    """What the bytes are, trusting content over the name: text, html, docx, pdf or doc.

    >>> file_format(b"%PDF-1.7 ...", ".pdf"), file_format(b"<!DOCTYPE html><html>", ".docx")
    ('pdf', 'html')
    """
    head = data[:1024]
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or head.startswith(b"{\\rtf"):
        return "doc"
    stripped = head.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(stripped) or re.search(rb"<(html|body)[\s>]", head, re.I):
        return "html"
    return "text"


def load_path(path: str | Path) -> Document:
    """Read one file into a Document: text (UTF-8, UTF-8 with BOM, GB18030/GBK), a saved web page,
    Word (.docx; .doc and .wps through LibreOffice) or PDF. Raises :class:`LoadError` (one line,
    naming the file) for a file that cannot be read as a document."""
    path = Path(path)
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(f"{path}: cannot read ({error.strerror or error})") from error
    sha256 = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise LoadError(f"{name}: empty file")
    suffix = path.suffix.lower()
    kind = file_format(data, suffix)
    expected = FORMATS.get(suffix)
    if expected in ("docx", "pdf") and kind == "html":
        raise LoadError(f"{name}: is an HTML page, not {_NAMES[expected]} (a failed download?); "
                        "rename it to .html to load it as a page")
    if expected in ("docx", "pdf") and kind == "text":
        raise LoadError(f"{name}: is not {_NAMES[expected]} (no {expected.upper()} signature)")
    if kind == "text" and expected == "html":
        kind = "html"
    if kind == "text":
        text = decode(data, name)
        return _resolved(parse_text(text, name, sha256), path, text.warnings)
    if kind == "html":
        from .formats.html import read_html

        extracted = read_html(data, name)
    elif kind == "docx":
        from .formats.docx import read_docx

        _check_zip(data, name)
        extracted = read_docx(data, name)
    elif kind == "pdf":
        from .formats.pdf import read_pdf

        extracted = read_pdf(data, name)
    else:
        from .formats.doc import read_doc

        extracted = read_doc(path, name)
    return _resolved(parse_text(extracted.text, name, sha256, extracted.locations), path, extracted.warnings)


def _resolved(doc: Document, path: Path, warnings: list[str] | None = None) -> Document:
    """``doc`` with its file resolved (the path as given stays, for messages) and the reader's warnings
    (bytes that could not be decoded, pages read by OCR and their confidence)."""
    doc.policy.source = Source(file=str(path.resolve()), sha256=doc.policy.source.sha256, name=str(path))
    doc.warnings += warnings or []
    return doc


def _check_zip(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            bad = archive.testzip()
    except Exception as error:  # zipfile raises many kinds on damaged input (zlib, seek, compression)
        raise LoadError(f"{name}: damaged Word file ({type(error).__name__}: {error})") from error
    if "word/document.xml" not in names:
        raise LoadError(f"{name}: a zip archive but not a Word document (no word/document.xml)")
    if bad:
        raise LoadError(f"{name}: damaged Word file (bad entry {bad})")


def load_text(text: str, name: str) -> Document:
    """Parse already-decoded text; ``name`` names it in provenance and messages."""
    return parse_text(text, name)
