"""Pages without a text layer (scans, glyphs drawn as outlines) read by OCR.

The page is rasterised with pypdfium2 (pdfplumber's own renderer) and read by the ``tesseract``
binary with its Simplified Chinese model; no Python package beyond pdfplumber's is needed. Each
line keeps its position on the page (in PDF points, as pdfplumber gives them) so that the PDF
reader re-flows OCR lines as it re-flows text lines, and its confidence (0–1, the mean of its
characters'). Lines below :data:`MIN_CONFIDENCE`, and lines without a Chinese character or digit,
are dropped: speckles and stamps must never become text, let alone tasks. A round bracket read as
an angle one is put right by its closing bracket.
"""
from __future__ import annotations

import csv
import functools
import io
import os
import re
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = ("install tesseract with Chinese (apt-get install tesseract-ocr tesseract-ocr-chi-sim) "
                "to read it by OCR")
LANGUAGE = "chi_sim"
DPI = 300
MIN_CONFIDENCE = 0.6
_CONTENT = re.compile(r"[\u4e00-\u9fff0-9]")
_ASCII_WORD = re.compile(r"[0-9A-Za-z.%]$")
_MISREAD_OPEN = re.compile(r"[《〈](?=[^《〈》〉()（）]*([)）]))")


def _brackets(text: str) -> str:
    """A round bracket that OCR read as an angle one (《牵头单位：县民政局) is a round one again:
    the bracket that closes it says which it was.

    >>> _brackets("培训。《牵头单位:县人社局)《条例》")
    '培训。(牵头单位:县人社局)《条例》'
    """
    return _MISREAD_OPEN.sub(lambda m: "（" if m.group(1) == "）" else "(", text)


@dataclass
class OcrLine:
    """One line read from a page image; positions in PDF points from the page's top left."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    first_word: float
    confidence: float


@functools.cache
def available() -> bool:
    """Whether tesseract and its Simplified Chinese model are installed."""
    command = shutil.which("tesseract")
    if command is None:
        return False
    try:
        done = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return LANGUAGE in (done.stdout + done.stderr).split()


def read_page(document, index: int, timeout: float = 120) -> tuple[list[OcrLine], int]:
    """The lines of page ``index`` (0-based) of a pypdfium2 document, and how many lines were
    dropped as too uncertain."""
    scale = DPI / 72
    image = document[index].render(scale=scale, grayscale=True).to_pil()
    with tempfile.TemporaryDirectory(prefix="policykg-ocr-") as folder:
        picture = Path(folder, "page.png")
        image.save(picture)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core: the machine is shared
        done = subprocess.run([shutil.which("tesseract") or "tesseract", str(picture), "-", "-l", LANGUAGE,
                               "--psm", "3", "tsv"], capture_output=True, text=True, timeout=timeout,
                              check=False, env=env)
    if done.returncode != 0:
        raise OSError((done.stderr.strip().splitlines() or ["tesseract failed"])[-1])
    return _lines(done.stdout, scale)


def _lines(tsv: str, scale: float) -> tuple[list[OcrLine], int]:
    """Tesseract's TSV words grouped into lines, in reading order."""
    words: dict[tuple[str, str, str], list[dict]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") == "5" and text and float(row.get("conf") or -1) >= 0:
            words.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    lines: list[OcrLine] = []
    dropped = 0
    for row_words in words.values():
        text = ""
        for word in row_words:
            piece = word["text"].strip()
            text += (" " if text and _ASCII_WORD.search(text) and _ASCII_WORD.match(piece[:1] + "$") else "") + piece
        text = _brackets(text)
        weights = [len(w["text"].strip()) for w in row_words]
        confidence = sum(float(w["conf"]) * n for w, n in zip(row_words, weights, strict=True)) / sum(weights) / 100
        if confidence < MIN_CONFIDENCE or not _CONTENT.search(text):
            dropped += 1
            continue
        box = [(int(w["left"]), int(w["top"]), int(w["left"]) + int(w["width"]), int(w["top"]) + int(w["height"]))
               for w in row_words]
        heights = [b[3] - b[1] for b in box]
        middle = statistics.median((b[1] + b[3]) / 2 for b in box)
        half = statistics.median(heights) / 2
        lines.append(OcrLine(text, min(b[0] for b in box) / scale, max(b[2] for b in box) / scale,
                             (middle - half) / scale, (middle + half) / scale,
                             (box[0][2] - box[0][0]) / scale, round(confidence, 2)))
    lines.sort(key=lambda line: (round(line.top / 4), line.x0))
    return lines, dropped
