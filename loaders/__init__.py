"""Loaders: a policy document file (or its text) → the typed document model.

>>> from policykg.loaders import load_text
>>> doc = load_text("一、重点任务\\n1.建设养老服务平台。(牵头单位:市民政局;责任单位:市财政局)", "x.txt")
>>> [(a.raw, a.role) for a in doc.tasks[0].agencies]
[('市民政局', 'lead'), ('市财政局', 'assist')]
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..model import Document
from .parser import parse_text
from .text import LoadError, decode

__all__ = ["LoadError", "load_path", "load_text"]


def load_path(path: str | Path) -> Document:
    """Read one file (UTF-8, UTF-8 with BOM, GB18030/GBK, or an HTML page) into a Document."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(f"{path}: cannot read ({error.strerror or error})") from error
    return parse_text(decode(data, str(path)), str(path), hashlib.sha256(data).hexdigest())


def load_text(text: str, name: str) -> Document:
    """Parse already-decoded text; ``name`` names it in provenance and messages."""
    return parse_text(text, name)
