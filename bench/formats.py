"""How long a long PDF takes to load: a 30-page plan made with reportlab from generated documents.

    python bench/formats.py [--pages 30] [--runs 3]

Prints pages, tasks and the load time of each run (``load_path``: PDF reading with pdfplumber,
re-flow and parsing) and whether the target (under 10 s for 30 pages) is met. Needs reportlab
(the test extra).
"""
from __future__ import annotations

import argparse
import html
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from policykg.loaders import load_path  # noqa: E402

TARGET_SECONDS = 10.0


def write_pdf(paragraphs: list[str], path: Path) -> int:
    """A PDF of the paragraphs as government plans set them; returns its page count."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, firstLineIndent=24,
                           wordWrap="CJK")

    def page(canvas, doc):
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {doc.page} —")

    document = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                                 topMargin=25 * mm, bottomMargin=25 * mm)
    document.build([Paragraph(html.escape(p), style) for p in paragraphs], onFirstPage=page, onLaterPages=page)
    return document.page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paragraphs: list[str] = []
        for source in generate(40, Path(tmp, "corpus")):
            paragraphs += [ln.strip() for ln in source.read_text(encoding="utf-8").splitlines() if ln.strip()]
        path = Path(tmp, "plan.pdf")
        low, high = 1, len(paragraphs)  # the longest prefix that fits the page count
        while low < high:
            middle = (low + high + 1) // 2
            if write_pdf(paragraphs[:middle], path) <= args.pages:
                low = middle
            else:
                high = middle - 1
        pages = write_pdf(paragraphs[:low], path)
        size = path.stat().st_size
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            doc = load_path(path)
            times.append(time.perf_counter() - start)
    best = min(times)
    print(f"PDF of {pages} pages, {size} bytes: {len(doc.tasks)} tasks")
    print("load seconds per run: " + ", ".join(f"{t:.2f}" for t in times))
    print(f"target: under {TARGET_SECONDS:.0f} s for {args.pages} pages: {'met' if best < TARGET_SECONDS else 'missed'}")


if __name__ == "__main__":
    main()
