"""A real headless Chromium (Debian's ``chromium``, driven by Playwright) and a short document of our own
that cites a source the seeds cite too, so one lineage has a second loaded document."""
from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chinese_font_installed() -> bool:
    """Whether fontconfig knows a Chinese font, as Graphviz needs for PNG (Debian: fonts-noto-cjk)."""
    from policykg.report.pictures import chinese_font_missing

    return bool(shutil.which("fc-list")) and not chinese_font_missing()


# 临沂's plan: the seed 郯政办字〔2025〕20号 cites its 文号, and it cites a province document.
LINYI = """临沂市人民政府办公室关于印发打造孝善临沂养老品牌的实施方案的通知
临政办字〔2024〕70号
各县区人民政府：
根据《山东省人民政府办公厅关于推进基本养老服务体系建设的实施意见》（鲁政办发〔2022〕18号），制定本方案。
一、重点任务
1.建设养老服务平台。(牵头单位:市民政局;配合单位:市财政局)
"""


@pytest.fixture
def linyi():
    from policykg.loaders import load_text

    return load_text(LINYI, "linyi.txt")


@pytest.fixture(scope="session")
def browser():
    """Chromium started headless with a fresh profile (Playwright makes a new user-data-dir per launch)."""
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    page = context.new_page()
    yield page
    context.close()
