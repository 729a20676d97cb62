"""Old Word (.doc / .wps): through LibreOffice when installed, else antiword for Word 97-2003 files, else one
line saying what to install."""
import difflib
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from policykg.loaders import LoadError, load_path
from policykg.loaders.formats import doc as doc_reader
from policykg.loaders.formats.doc import soffice
from policykg.loaders.formats.pdf import read_pdf

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def test_without_libreoffice_a_doc_file_names_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    for name in ("old.doc", "old.wps"):
        path = tmp_path / name
        path.write_bytes(OLE)
        with pytest.raises(LoadError) as error:
            load_path(path)
        message = str(error.value)
        assert message.startswith(f"{path}: a .{name[-3:]} file needs LibreOffice") and "apt-get install" in message
        assert "\n" not in message


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_doc_converted_by_libreoffice(tmp_path):
    document = docx.Document()
    document.add_paragraph("东平县养老服务提升行动方案")
    document.add_paragraph("1.建设县级养老服务指导中心。（牵头单位：县民政局；配合单位：县财政局）")
    document.save(tmp_path / "plan.docx")
    subprocess.run([soffice(), "--headless", "--convert-to", "doc", "--outdir", str(tmp_path / "doc"),
                    str(tmp_path / "plan.docx")], check=True, capture_output=True, timeout=120)
    doc = load_path(tmp_path / "doc" / "plan.doc")
    assert [(a.raw, a.role) for a in doc.tasks[0].agencies] == [("县民政局", "lead"), ("县财政局", "assist")]


ROOT = Path(__file__).resolve().parents[3]
FORMATS = next((p for p in (ROOT.parent / "shared" / "corpus" / "formats", Path("/work/shared/corpus/formats"))
                if p.is_dir()), None)


@pytest.mark.skipif(FORMATS is None or shutil.which("antiword") is None,
                    reason="the formats corpus (a WPS-saved .doc and its PDF export) or antiword is not here")
def test_without_libreoffice_antiword_reads_a_wps_saved_doc_as_its_pdf_export_reads(monkeypatch):
    """formats 01 (a .doc saved by WPS Office) read by antiword gives, paragraph for paragraph, the
    text the PDF reader gets from 02 (the same document exported to PDF by LibreOffice)."""
    monkeypatch.setattr(doc_reader, "soffice", lambda: None)
    paragraphs = [p for p in doc_reader.read_doc(FORMATS / "01_hainan_nongji_butie_shishifangan.doc", "01.doc").lines
                  if len(p) >= 10]
    pdf = read_pdf((FORMATS / "02_hainan_nongji_butie_shishifangan_pdfconvert.pdf").read_bytes(), "02.pdf").lines
    assert len(paragraphs) > 100
    # the PDF's text layer lacks a few characters its layout dropped (省委、省政府 → 省委省政府)
    matched = [p for p in paragraphs if max(difflib.SequenceMatcher(None, p, line).ratio() for line in pdf) > 0.99]
    assert len(matched) == len(paragraphs)
