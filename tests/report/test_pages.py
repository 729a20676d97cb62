"""The report pages and pictures as a person sees them: written by the CLI from the seeds, opened in
headless Chromium, screenshot, read from the rendered DOM, clicked."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from policykg.cli import main

from .conftest import LINYI, chinese_font_installed

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "documents"
TANCHENG = "郯政办字〔2025〕20号"
CENTRAL = ["中发〔2024〕32号", "中办发〔2022〕42号", "国办发〔2024〕1号"]
PROVINCE = ["鲁政办发〔2022〕18号", "鲁政办字〔2023〕207号"]
TITLES = {  # the policies' own titles, as the index lists them
    "郯城县人民政府办公室关于印发《深化养老服务改革推进老龄事业和养老服务高质量发展的实施方案》的通知",
    "关于推进养老服务高质量发展加快“幸福鹿城·颐养包头”建设的行动方案",
    "晋江市人民政府办公室关于印发晋江市养老领域惠民生补短板专项行动方案(2022-2024年)的通知",
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A folder whose store holds the seeds and 临沂's plan."""
    root = tmp_path_factory.mktemp("report")
    (root / "linyi.txt").write_text(LINYI, encoding="utf-8")
    result = CliRunner().invoke(main, ["--data-dir", str(root / "home"), "load", str(SEEDS), str(root / "linyi.txt")])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def written(loaded):
    """Every page, a single page and the four pictures written (Graphviz and a Chinese font needed)."""
    if not shutil.which("dot"):
        pytest.skip("Graphviz's dot is not installed (Debian: apt-get install graphviz)")
    if not chinese_font_installed():
        pytest.skip("no Chinese font for the PNG pictures (Debian: apt-get install fonts-noto-cjk fontconfig)")
    root = loaded
    runner = CliRunner()
    home = ["--data-dir", str(root / "home")]

    def run(*args):
        result = runner.invoke(main, home + list(args))
        assert result.exit_code == 0, result.output
        return result

    run("report", "--all", "-o", str(root / "all"), "--as-of", "2026-01-01")
    run("report", "郯城", "-o", str(root / "tancheng.html"))
    for kind in ("lineage", "matrix"):
        for suffix in ("svg", "png"):
            run("show", kind, TANCHENG, "-o", str(root / f"{kind}.{suffix}"), "--as-of", "2026-01-01")
    run("show", "matrix", "幸福鹿城", "-o", str(root / "baotou-matrix.svg"))
    return root


def keep(name: str, png: bytes) -> bytes:
    """With POLICYKG_SCREENSHOTS=DIR set, keep the screenshot as DIR/name (README's pictures come from here)."""
    folder = os.environ.get("POLICYKG_SCREENSHOTS")
    if folder:
        Path(folder, name).write_bytes(png)
    return png


def assert_not_blank(png: bytes, least_share: float = 0.01) -> None:
    """Some share of the picture is ink (not near-white) and it has more than two shades."""
    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()
    ink = sum(histogram[:200]) / (image.width * image.height)
    assert ink > least_share, f"only {ink:.4f} of the pixels are ink"
    assert sum(1 for count in histogram if count) > 2


def page_of(root: Path, number: str) -> Path:
    """The page in root/all whose 文号 is ``number``."""
    return next(p for p in (root / "all").glob("*.html") if number in p.read_text("utf-8").split("</title>")[0])


def test_index_lists_every_policy_and_opens_its_page(written, page):
    page.goto((written / "all" / "index.html").as_uri())
    assert_not_blank(page.screenshot(full_page=True))
    policies = page.locator("#policies a").all_inner_texts()
    assert len(policies) == 6 and TITLES <= set(policies)
    rows = [row.split("\t") for row in page.locator("#agencies tbody tr").all_inner_texts()]
    assert (rows[0][0], rows[0][4]) == ("晋江市民政局", "38")  # responsible for 38 of 晋江's 39 tasks
    totals = [int(row[4]) for row in rows]
    assert totals == sorted(totals, reverse=True)
    page.get_by_role("link", name=next(t for t in TITLES if t.startswith("郯城"))).click()
    assert page.locator("#number").inner_text() == TANCHENG


def test_tancheng_page_shows_metadata_lineage_matrix_and_flags(written, page):
    page.goto(page_of(written, TANCHENG).as_uri())
    assert_not_blank(keep("report.png", page.screenshot()))
    assert page.locator("#title").inner_text().startswith("郯城县人民政府办公室关于印发")
    assert "郯城县人民政府办公室" in page.locator("dl.meta").inner_text()
    central = page.locator("#lineage g.level-central").all_text_contents()
    province = page.locator("#lineage g.level-province").all_text_contents()
    assert sorted(n for n in CENTRAL if any(n in text for text in central)) == sorted(CENTRAL) and len(central) == 3
    assert sorted(n for n in PROVINCE if any(n in text for text in province)) == sorted(PROVINCE)
    assert len(province) == 3  # and the provincial rules cited by title alone (山东省普惠性养老机构认定与管理办法)
    assert page.locator("#tasks tbody tr").count() == 32
    assert "郯城县民政局（责任）" in page.locator("#tasks").inner_text()
    # as of 2026-01-01 the six tasks due in 2025 are overdue; no task names a lead
    assert page.locator("#overdue-count").inner_text() == "6"
    assert page.locator("#tasks tr.overdue").count() == 6
    overdue_cell = page.locator("#tasks tr.overdue td.deadline").first
    assert overdue_cell.evaluate("cell => getComputedStyle(cell).backgroundColor") == "rgb(248, 208, 208)"
    assert page.locator("#no-lead-count").inner_text() == "32"
    assert page.locator("#tasks .flag.no-lead").count() == 32
    assert page.locator("#tasks td.source").first.inner_text() == "002_0d5f569c2fa18830.txt:19"  # task 1


def test_matrix_scrolls_with_the_task_column_in_view(written, page):
    page.set_viewport_size({"width": 900, "height": 800})
    page.goto(page_of(written, TANCHENG).as_uri())
    matrix = page.locator(".matrix-scroll")
    heads = page.locator("#matrix th.agency")
    assert heads.count() == 36 and heads.first.get_attribute("title") == "郯城县民政局"
    task_cell = page.locator("#matrix tbody td.task").first
    before = task_cell.bounding_box()["x"]
    matrix.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    assert matrix.evaluate("box => box.scrollLeft") > 300  # wider than the window: it scrolls
    assert task_cell.bounding_box()["x"] == pytest.approx(before, abs=1)
    assert_not_blank(matrix.screenshot())


def test_a_loaded_source_in_the_lineage_opens_its_report(written, page):
    page.goto(page_of(written, TANCHENG).as_uri())
    loaded = page.locator("#lineage g.loaded:not(.current)")
    assert loaded.count() == 1 and "临政办字〔2024〕70号" in loaded.text_content()
    assert page.locator("#lineage g.cited").count() == 10
    loaded.locator("a").click()
    page.wait_for_load_state()
    assert page.locator("#number").inner_text() == "临政办字〔2024〕70号"
    # its own page draws what it cites, one level up
    assert "鲁政办发〔2022〕18号" in page.locator("#lineage g.level-province").text_content()


def test_single_report_links_no_page_that_is_not_there(written, page):
    page.goto((written / "tancheng.html").as_uri())
    assert page.locator("#number").inner_text() == TANCHENG
    links = page.locator("#lineage a").evaluate_all("links => links.filter(a => a.getAttribute('xlink:href'))")
    assert links == []  # no page of 临沂 lies next to it


def screenshot_svg(page, path: Path) -> bytes:
    """Open an SVG file alone in the browser, the window as large as the picture, and take a screenshot."""
    page.goto(path.as_uri())
    size = page.locator("svg").evaluate("svg => [svg.width.baseVal.value, svg.height.baseVal.value]")
    page.set_viewport_size({"width": min(int(size[0]) + 1, 4000), "height": min(int(size[1]) + 1, 4000)})
    return page.screenshot()


def test_lineage_svg_renders_chinese_in_chromium(written, page):
    assert_not_blank(keep("lineage.png", screenshot_svg(page, written / "lineage.svg")))
    text = page.locator("svg").text_content()
    assert TANCHENG in text and all(number in text for number in CENTRAL + PROVINCE)
    assert page.locator("g.level-label text").all_text_contents() == ["中央", "省级", "市级", "县级", "标准及其他"]
    rows = {name: page.locator(f"g.level-{level}").first.bounding_box()["y"]
            for name, level in [("central", "central"), ("province", "province"), ("county", "county")]}
    assert rows["central"] < rows["province"] < rows["county"]  # central at the top


def test_matrix_svg_renders_chinese_in_chromium(written, page):
    assert_not_blank(screenshot_svg(page, written / "matrix.svg"))
    text = page.locator("svg").text_content()
    assert TANCHENG in text and "任务分工表" in text and "逾期 6 项" in text and "健全基本养老服务保障制度" in text
    assert "民政局" in "".join(text.split())  # column heads are written one character a line
    assert page.locator("svg").evaluate("svg => svg.getBBox().width") > 1000  # 36 agency columns
    assert_not_blank(keep("matrix.png", screenshot_svg(page, written / "baotou-matrix.svg")))
    marks = page.locator("svg text").all_text_contents()
    assert marks.count("牵") == 23 and marks.count("配") > 23  # one lead a task


@pytest.mark.parametrize("kind", ["lineage", "matrix"])
def test_png_pictures_are_drawn(written, kind):
    image = Image.open(written / f"{kind}.png")
    assert image.width > 1000
    assert_not_blank((written / f"{kind}.png").read_bytes())


@pytest.mark.skipif(not shutil.which("fc-list"),
                    reason="fontconfig is not installed (Debian: apt-get install fontconfig)")
def test_fontconfig_offers_a_chinese_font_for_png():
    """Graphviz draws PNG text with fontconfig's fonts: without a CJK one, Chinese comes out as boxes."""
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True).stdout
    if not fonts.strip():
        pytest.skip("no Chinese font installed (Debian: apt-get install fonts-noto-cjk)")


def test_without_graphviz_the_page_is_written_without_the_lineage(loaded, tmp_path, monkeypatch, page):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no dot on it
    output = tmp_path / "tancheng.html"
    result = CliRunner().invoke(main, ["--data-dir", str(loaded / "home"), "report", TANCHENG, "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "warning: Graphviz 'dot' is not installed" in result.stderr and "apt-get install graphviz" in result.stderr
    monkeypatch.undo()
    page.goto(output.as_uri())
    assert "apt-get install graphviz" in page.locator("#lineage-missing").inner_text()
    assert page.locator("#matrix th.agency").count() == 36  # the matrix is HTML: still there
    assert page.locator("#tasks tbody tr").count() == 32


def test_without_graphviz_show_is_one_line(loaded, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = CliRunner().invoke(main, ["--data-dir", str(loaded / "home"), "show", "lineage", TANCHENG,
                                       "-o", str(tmp_path / "x.svg")])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "apt-get install graphviz" in result.stderr
    assert not (tmp_path / "x.svg").exists()


@pytest.mark.skipif(not shutil.which("fc-list") or not shutil.which("dot"),
                    reason="needs fontconfig and Graphviz (Debian: apt-get install fontconfig graphviz)")
def test_a_png_without_a_chinese_font_is_refused_naming_the_package(loaded, tmp_path, monkeypatch):
    (tmp_path / "fonts.conf").write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{tmp_path / "none"}</dir>'
                                         f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>\n')
    monkeypatch.setenv("FONTCONFIG_FILE", str(tmp_path / "fonts.conf"))  # fontconfig then knows no font at all
    home = ["--data-dir", str(loaded / "home")]
    result = CliRunner().invoke(main, home + ["show", "matrix", TANCHENG, "-o", str(tmp_path / "m.png")])
    assert result.exit_code == 1 and "fonts-noto-cjk" in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "m.png").exists()
    result = CliRunner().invoke(main, home + ["show", "matrix", TANCHENG, "-o", str(tmp_path / "m.svg")])
    assert result.exit_code == 0, result.output  # SVG names fonts; the viewer draws them


def test_bad_names_are_one_line_and_exit_1(written):
    runner = CliRunner()
    home = ["--data-dir", str(written / "home")]
    result = runner.invoke(main, home + ["show", "matrix", TANCHENG, "-o", str(written / "m.gif")])
    assert result.exit_code == 1 and "must end in .svg or .png" in result.stderr
    result = runner.invoke(main, home + ["report", "养老", "-o", str(written / "x.html")])
    assert result.exit_code == 1 and "matches 6 policies" in result.stderr
    assert not (written / "x.html").exists()
    result = runner.invoke(main, home + ["report", "-o", str(written / "x.html")])
    assert result.exit_code == 2 and "name one POLICY, or give --all" in result.stderr
