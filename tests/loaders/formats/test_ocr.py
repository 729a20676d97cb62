"""PDFs whose text is a picture (a scan, a phone photo): read by OCR where tesseract is installed,
else one line naming what to install; noise never becomes text."""
import random
from pathlib import Path

import pytest

from policykg.loaders import LoadError, load_path
from policykg.loaders.formats import ocr
from policykg.loaders.formats.pdf import read_pdf

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
PAGE = (2480, 3508)  # A4 at 300 dpi
LINES = ["某县养老服务提升行动方案", "一、重点任务",
         "1.建设县级养老服务指导中心。（牵头单位：县民政局；", "责任单位：县财政局）",
         "2.开展养老护理员培训。（牵头单位：县人社局）"]
# the printed first page of a mixed file: two sentences, each a paragraph
PRINTED = ["为加快养老服务体系建设，现提出以下任务。", "各单位要认真贯彻落实。"]


def picture(path: Path, lines: list[str] | None = None, seed: int | None = None) -> Path:
    """A PNG of an A4 page: the lines drawn with the Noto CJK font (an item's second line not
    indented), or, with ``seed``, speckles and scratches (a blank page after a bad scan)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", PAGE, 255)
    draw = ImageDraw.Draw(image)
    if seed is not None:
        rng = random.Random(seed)
        for _ in range(6000):
            x, y = rng.randrange(PAGE[0]), rng.randrange(PAGE[1])
            draw.ellipse((x, y, x + rng.randrange(3, 12), y + rng.randrange(3, 12)), fill=rng.randrange(0, 120))
        for _ in range(60):
            draw.line([(rng.randrange(PAGE[0]), rng.randrange(PAGE[1])) for _ in range(2)], fill=60, width=4)
    font = ImageFont.truetype(str(FONT), 64, index=2)  # Simplified Chinese
    for k, line in enumerate(lines or []):
        draw.text((300 if line.startswith("责") else 430, 400 + 130 * k), line, font=font, fill=0)
    image.save(path)
    return path


def scanned_pdf(path: Path, pictures: list[Path], text: list[str] | None = None) -> Path:
    """A PDF of pictures, one a page, without a text layer; ``text`` prints a first page before them."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    sheet = canvas.Canvas(str(path), pagesize=A4)
    if text:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        sheet.setFont("STSong-Light", 12)
        for k, line in enumerate(text):  # the first line ends the text block's right edge; the next is indented
            sheet.drawString(72 if k == 0 else 96, 760 - 20 * k, line)
        sheet.showPage()
    for image in pictures:
        sheet.drawImage(str(image), 0, 0, width=A4[0], height=A4[1])
        sheet.showPage()
    sheet.save()
    return path


def scan(path: Path, lines: list[str]) -> Path:
    return scanned_pdf(path, [picture(path.with_suffix(".png"), lines)])


def mixed(path: Path) -> Path:
    """Page 1 printed text; page 2 a picture of text (a signed page scanned into the file)."""
    return scanned_pdf(path, [picture(path.with_suffix(".png"), LINES)], text=PRINTED)


@pytest.fixture
def no_tesseract(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    ocr.available.cache_clear()
    yield
    ocr.available.cache_clear()


def test_without_tesseract_a_scan_names_what_to_install(tmp_path, no_tesseract):
    path = scan(tmp_path / "scan.pdf", LINES)
    with pytest.raises(LoadError) as error:
        load_path(path)
    assert str(error.value) == (f"{path}: scanned image, no text: install tesseract with Chinese "
                                "(apt-get install tesseract-ocr tesseract-ocr-chi-sim) to read it by OCR")


def test_without_tesseract_a_picture_page_is_named_in_a_warning(tmp_path, no_tesseract):
    extracted = read_pdf(mixed(tmp_path / "mixed.pdf").read_bytes(), "mixed.pdf")
    assert extracted.lines == PRINTED
    assert extracted.warnings == ["mixed.pdf: page 2 without a text layer (a scan or a picture of text) not read; "
                                  "install tesseract with Chinese (apt-get install tesseract-ocr "
                                  "tesseract-ocr-chi-sim) to read it by OCR"]


needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="tesseract with chi_sim is not installed")


@needs_tesseract
def test_a_scan_is_read_by_ocr_and_says_so(tmp_path):
    path = scan(tmp_path / "scan.pdf", LINES)
    extracted = read_pdf(path.read_bytes(), "scan.pdf")
    assert all("(OCR, confidence 0." in place for place in extracted.locations)
    assert len(extracted.warnings) == 1 and extracted.warnings[0].startswith("scan.pdf: page 1 read by OCR")
    assert "mean confidence 0." in extracted.warnings[0]
    doc = load_path(path)
    assert [(t.number, [(a.raw, a.role) for a in t.agencies]) for t in doc.tasks] == [
        ("1", [("县民政局", "lead"), ("县财政局", "assist")]), ("2", [("县人社局", "lead")])]
    assert doc.tasks[0].location.startswith("page 1, line ") and "(OCR, confidence" in doc.tasks[0].location
    assert all(t.ocr for t in doc.tasks) and doc.tasks[0].to_json()["ocr"] is True  # every fact says it came by OCR
    assert any("read by OCR" in w and "mean confidence" in w for w in doc.warnings)  # and how sure the OCR was


@needs_tesseract
def test_noise_never_becomes_text(tmp_path):
    path = scanned_pdf(tmp_path / "speckles.pdf", [picture(tmp_path / "speckles.png", seed=7)])
    with pytest.raises(LoadError) as error:
        load_path(path)
    assert "scanned image, no text" in str(error.value) or "no tasks" in str(error.value)


@needs_tesseract
def test_a_picture_page_among_text_pages_is_read_by_ocr(tmp_path):
    extracted = read_pdf(mixed(tmp_path / "mixed.pdf").read_bytes(), "mixed.pdf")
    assert extracted.lines[:2] == PRINTED and not any("OCR" in place for place in extracted.locations[:2])
    assert len(extracted.lines) > 2 and all("OCR" in place for place in extracted.locations[2:])
    assert extracted.warnings[0].startswith("mixed.pdf: page 2 read by OCR")


@needs_tesseract
def test_ocr_punctuation_as_chinese_text_writes_it(tmp_path):
    """Tesseract reads （：；、 as ASCII or dots and a page number as a line of its own: the lines
    come back with the full-width marks the parser reads, without the page number."""
    lines = ["某县养老服务提升行动方案", "一、重点任务",
             "1.开展培训。（牵头单位：县人社局；责任单位：县民政局、县财政局）"]
    page = picture(tmp_path / "page.png", lines)
    from PIL import Image, ImageDraw, ImageFont

    image = Image.open(page)
    ImageDraw.Draw(image).text((1150, 3300), "— 3 —", font=ImageFont.truetype(str(FONT), 48, index=2), fill=0)
    image.save(page)
    extracted = read_pdf(scanned_pdf(tmp_path / "scan.pdf", [page]).read_bytes(), "scan.pdf")
    assert extracted.lines[-1] == lines[-1]  # the item as written, its marks full-width
    assert not any("3" in line for line in extracted.lines)  # no page number
