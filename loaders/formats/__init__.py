"""Readers of saved web pages, Word and PDF files: bytes → lines of text with their places.

Each reader returns :class:`Extracted`: the document as lines (a table row is one line,
its cells joined by `` | ``, header row first) and, for each line, where it stands in the
original ("line 24", "paragraph 41", "table 1, row 4", "page 3, line 12"). The parser reads
the lines as it reads a text file and copies the place of a task's line to ``Task.location``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..agencies import is_branch, is_unit_list
from ..text import unify_characters

_SPACES = re.compile(r"[\s\u3000\xa0]+")
_ASCII_END = re.compile(r"[0-9A-Za-z%)]$")
_ASCII_START = re.compile(r"^[0-9A-Za-z(]")
_LETTER_SPACED = re.compile(r"[\u4e00-\u9fff](?: [\u4e00-\u9fff])+")


@dataclass
class Extracted:
    """A document's lines and, line by line, where each stands in the original file; warnings
    about what could not be read or was read uncertainly (OCR), one line each, naming the file."""

    lines: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, text: str, location: str) -> None:
        self.lines.append(unify_characters(text))
        self.locations.append(location)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def squeeze(text: str) -> str:
    """One line of text: runs of spaces (full-width and non-breaking too) become one space;
    compatibility forms (Kangxi radicals) the characters they stand for."""
    return unify_characters(_SPACES.sub(" ", text).strip())


def join_cell(paragraphs: list[str]) -> str:
    """A table cell's paragraphs (or lines) as one cell: no newline and no ``|`` inside.

    Paragraphs that each name units are a list of units; a branch (晋江分局) completes the
    unit before it; other paragraphs are one text broken over lines.

    >>> join_cell(["民政局", "自然资源局", "各镇(街道)"])
    '民政局、自然资源局、各镇(街道)'
    >>> join_cell(["泉州市医保局", "晋江分局"])
    '泉州市医保局晋江分局'
    >>> join_cell(["建设市级智慧", "养老服务平台"])
    '建设市级智慧养老服务平台'
    >>> join_cell(["2022年:10", "2023年:10"])
    '2022年:10 2023年:10'

    A word spaced out to fill its cell (序 号, 责 任 单 位) is the word:

    >>> join_cell(["责 任 单 位"])
    '责任单位'
    """
    parts = [squeeze(p).replace("|", "丨").replace("｜", "丨") for p in paragraphs]
    parts = [p.replace(" ", "") if _LETTER_SPACED.fullmatch(p) else p for p in parts]
    parts = [p for p in parts if p]
    if len(parts) > 1 and all(is_unit_list(p) or is_branch(p) for p in parts):
        cell = parts[0]
        for part in parts[1:]:
            cell += part if is_branch(part) and not is_branch(cell) else "、" + part
        return cell
    cell = ""
    for part in parts:
        gap = " " if cell and _ASCII_END.search(cell) and _ASCII_START.search(part) else ""
        cell += gap + part
    return cell


def table_lines(grid: list[list[str]]) -> list[str | None]:
    """Rows of a table, merged cells already copied to every cell they cover, as lines.

    A row that holds one text only (a title or group row spanning the table) is that text
    once; an empty row is None.

    >>> table_lines([["序号", "任务", "责任单位"], ["一、总体要求"] * 3, ["1", "建设平台", "市民政局"], ["", "", ""]])
    ['序号 | 任务 | 责任单位', '一、总体要求', '1 | 建设平台 | 市民政局', None]
    """
    lines: list[str | None] = []
    for row in grid:
        texts = {c for c in row if c}
        if not texts:
            lines.append(None)
        elif len(texts) == 1:
            lines.append(texts.pop())
        else:
            lines.append(" | ".join(row))
    return lines
