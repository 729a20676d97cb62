"""Damaged Word and PDF files (bytes cut, changed, inserted) give LoadError naming the file, never
another exception: zipfile, zlib, lxml and pdfminer each fail in their own ways on such input."""
import random

import pytest

from policykg.loaders import LoadError, load_path

ROW = ["序号", "重点任务", "牵头单位", "完成时限"]


@pytest.fixture(scope="module")
def originals(writers, tmp_path_factory):
    folder = tmp_path_factory.mktemp("originals")
    table = writers.Table(ROW, [[["1"], ["建设县级养老服务指导中心。"], ["县民政局"], ["2024年底前"]],
                                [["2"], ["开展养老护理员培训。"], writers.UP, ["每年6月底前"]]])
    items = ["东平县养老服务任务分工表", table]
    return [writers.docx(items, folder / "plan.docx"), writers.pdf(items, folder / "plan.pdf")]


def mutations(data: bytes, rng: random.Random):
    for _ in range(40):
        changed = bytearray(data)
        kind = rng.choice(["cut", "flip", "insert"])
        at = rng.randrange(len(changed))
        if kind == "cut":
            changed = changed[:at]
        elif kind == "flip":
            for _ in range(rng.randint(1, 20)):
                changed[rng.randrange(len(changed))] = rng.randrange(256)
        else:
            changed[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 50)))
        yield bytes(changed)


def test_damaged_files_fail_with_the_loaders_error_only(originals, tmp_path):
    rng = random.Random(14)
    for original in originals:
        for n, data in enumerate(mutations(original.read_bytes(), rng)):
            path = tmp_path / f"{n}{original.suffix}"
            path.write_bytes(data)
            try:
                load_path(path)
            except LoadError as error:
                assert str(error).startswith(str(path)) and "\n" not in str(error)
