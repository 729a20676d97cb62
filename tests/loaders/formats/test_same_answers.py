"""Item 5: each seed and each own-layout document, written as a saved web page (with <table>
where the text has a table, inside a site shell with navigation and footer furniture), as
.docx (real Word tables, merged cells merged), as PDF and as a PDF without first-line indents
whose paragraphs stand on white boxes (as LibreOffice exports them), gives the .txt's answers: the
extracted JSON equals the text's once provenance (lines, places, file, hash, ids) is left out."""
from pathlib import Path

import pytest

from policykg.loaders import load_path

ROOT = Path(__file__).resolve().parents[3]
DOCUMENTS = sorted((ROOT / "examples" / "documents").glob("*.txt")) + sorted(
    (ROOT / "tests" / "documents").glob("*.txt"))
PROVENANCE = {"line", "end_line", "location", "source", "id"}


def answers(path: Path) -> dict:
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in PROVENANCE}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    data = strip(load_path(path).to_json())
    data["warnings"] = len(data["warnings"])  # warnings cite line numbers
    return data


def cases():
    for path in DOCUMENTS:
        for fmt in ("html", "docx", "pdf", "pdf-flat"):
            yield pytest.param(path, fmt, id=f"{path.stem[:12]}-{fmt}")


@pytest.mark.parametrize("path, fmt", list(cases()))
def test_same_answers_in_every_format(path, fmt, writers, tmp_path):
    text = path.read_text(encoding="utf-8")
    if fmt.startswith("pdf"):  # the PDF font has no •; the PDF shows · instead, and so does its reference
        text = text.replace("•", "·")
    reference = tmp_path / path.name
    reference.write_text(text, encoding="utf-8")
    items = writers.read(reference)
    if fmt == "pdf-flat":  # paragraphs without first-line indents, each behind a white box (LibreOffice)
        written = writers.pdf(items, tmp_path / f"{path.stem}.pdf", indent=False, backgrounds=True)
    else:
        written = getattr(writers, fmt)(items, tmp_path / f"{path.stem}.{fmt}")
    expected = answers(reference)
    assert expected["tasks"], "the reference must have tasks"
    assert answers(written) == expected


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_compatibility_forms_give_the_same_answers(fmt, writers, tmp_path):
    """Kangxi radicals and radical forms (⼈⼒⼯⺠, as browser-printed PDFs write them) read as the
    ordinary characters in every reader."""
    plain = tmp_path / "plain.txt"
    plain.write_text("一、重点任务\n1.建设养老服务平台。（牵头单位：市人力资源社会保障局；责任单位：市民政局、市总工会）\n"
                     "2.开展养老护理员培训。（责任单位：市人力资源社会保障局）\n", encoding="utf-8")
    radicals = tmp_path / "radicals.txt"
    radicals.write_text(plain.read_text(encoding="utf-8").replace("人", "⼈").replace("力", "⼒").replace("民", "⺠")
                        .replace("工", "⼯"), encoding="utf-8")
    written = getattr(writers, fmt)(writers.blocks(radicals.read_text(encoding="utf-8")), tmp_path / f"doc.{fmt}")
    assert answers(written) == answers(plain)
