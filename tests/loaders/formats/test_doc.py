"""Old Word (.doc / .wps): through LibreOffice when installed, else one line saying what to install."""
import subprocess

import docx
import pytest

from policykg.loaders import LoadError, load_path
from policykg.loaders.formats.doc import soffice

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
