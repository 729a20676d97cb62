"""Pages without a text layer (scans, glyphs drawn as outlines) read by OCR.

The page is rasterised with pypdfium2 (pdfplumber's own renderer) and read by the ``tesseract``
binary with its Simplified Chinese model; no Python package beyond pdfplumber's is needed. Each
line keeps its position on the page (in PDF points, as pdfplumber gives them) so that the PDF
reader re-flows OCR lines as it re-flows text lines, and its confidence (0–1, the mean of its
characters'). Page numbers, lines below :data:`MIN_CONFIDENCE`, and lines without a Chinese
character or digit are dropped: speckles and stamps must never become text, let alone tasks.
Punctuation is put back as Chinese text writes it (:func:`_marks`).
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
_PAGE_NUMBER = re.compile(r"^[-—–一]\S{1,3}[-—–一][-_.]?$")  # — 3 — as OCR reads it: 一3一, 一上一
_ASCII_WORD = re.compile(r"[0-9A-Za-z.%]$")
_MISREAD_OPEN = re.compile(r"[《〈](?=[^《〈》〉()（）]*([)）]))")


_HAN = "\u4e00-\u9fff"
_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ";": "；", ":": "："})
# ASCII punctuation that touches a Chinese character: the model reads full-width marks as ASCII
_ASCII_MARK = re.compile(f"(?<=[{_HAN}）])[(),;:]|[(),;:](?=[{_HAN}（])")
_HEADING_MARK = re.compile(r"^([一二三四五六七八九十]{1,3})[,.，．]")  # 一、 read as 一,
_DOT = re.compile(f"(?<=[{_HAN}])\\.(?=[{_HAN}])")  # 、 read as a dot
_NUMBER_BRACKETS = re.compile(r"[【\[〔]\s*((?:19|20)\d\d)\s*[】\]〕]")  # 〔2025〕 of a document number


def _marks(text: str) -> str:
    """Punctuation as Chinese text writes it: OCR reads （，；： as ASCII, 、 as a dot, 〔〕 as 【] or
    [ ], and a round bracket as an angle one (《牵头单位：县民政局) where the closing bracket
    says which it was.

    >>> _marks("各省.自治区,新疆生产建设兵团:《牵头单位:县人社局)《条例》(发改环资【2025]13号)")
    '各省、自治区，新疆生产建设兵团：（牵头单位：县人社局）《条例》（发改环资〔2025〕13号）'
    >>> _marks("二,主要任务")
    '二、主要任务'
    """
    text = _NUMBER_BRACKETS.sub(r"〔\1〕", _DOT.sub("、", _HEADING_MARK.sub(r"\1、", text)))
    text = _ASCII_MARK.sub(lambda m: m.group().translate(_FULL_WIDTH), text)
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
        text = _marks(text)
        weights = [len(w["text"].strip()) for w in row_words]
        confidence = sum(float(w["conf"]) * n for w, n in zip(row_words, weights, strict=True)) / sum(weights) / 100
        if _PAGE_NUMBER.match(text.replace(" ", "")):
            continue
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
