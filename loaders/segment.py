"""Lines as stored → paragraphs as published: the segmentation steps that run before any reading.

Three layouts hide the paragraphs of a document, and each step undoes one, keeping every paragraph's
first line number so provenance still points at the file:

* ``drop_furniture``: page numbers (``— 3 —``, ``- 3 -``, ``第3页``) and the running titles repeated
  between pages of text extracted from a PDF;
* ``reflow``: hard line breaks inside sentences (PDF text, fixed-width text) joined back;
* ``unglue``: a whole body saved on one line by a crawler, split again before each heading or item
  number that continues the numbering (``…区国资局6.加快…`` → ``…区国资局`` / ``6.加快…``).

>>> [ln.text for ln in unglue([Line(2, "二、主要任务（一）经营1.明确目标。责任单位：区国资局"
...                                   "2.聚焦主业。责任单位：各区属国企")], 0)]
['二、主要任务', '（一）经营', '1.明确目标。责任单位：区国资局', '2.聚焦主业。责任单位：各区属国企']
"""
from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from .structure import RANK, heading
from .text import Line

if TYPE_CHECKING:
    from .types import Segment, SegmentKind

_CN_DIGITS = "一二三四五六七八九十"
_PAGE_NUMBER = re.compile(r"^(?:[—－\-–~～]\s*\d{1,4}\s*[—－\-–~～]|"
                          r"第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|"
                          r"\d{1,4}\s*/\s*\d{1,4}|Page\s*\d+(?:\s*of\s*\d+)?)$", re.I)
# a line that is a page number, found in the lines joined by line breaks (a match may span them: then each
# line is tried on its own)
_PAGE_NUMBER_LINE = re.compile(_PAGE_NUMBER.pattern, re.I | re.M)
_SENTENCE_END = "。；;！？!?：:）)」』”\"》】"


def _cn(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三 (numbering labels up to 99)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN_DIGITS[tens - 1]) + "十" if tens else "") + (_CN_DIGITS[ones - 1] if ones else "")


def drop_furniture(lines: list[Line]) -> list[Line]:
    """Lines without page numbers, and without running titles: short lines repeated on three or more
    pages, each next to a page number.

    >>> [ln.text for ln in drop_furniture([Line(1, "一、任务"), Line(2, "— 2 —"), Line(3, "1.建设。")])]
    ['一、任务', '1.建设。']
    """
    # one scan of all the lines first: most documents hold no page number
    if not _PAGE_NUMBER_LINE.search("\n".join(ln.text for ln in lines)):
        return lines
    pages = {i for i, ln in enumerate(lines) if _PAGE_NUMBER.match(ln.text)}
    if not pages:
        return lines
    near = Counter(lines[j].text for i in pages for j in (i - 1, i + 1)
                   if 0 <= j < len(lines) and j not in pages and len(lines[j].text) <= 40)
    running = {text for text, count in near.items() if count >= 3}
    return [ln for i, ln in enumerate(lines) if i not in pages and ln.text not in running]


def _hard_wrapped(lines: list[Line]) -> int | None:
    """The wrap width when most long lines end mid-sentence at about the same length, else None."""
    long = [ln for ln in lines if len(ln.text) >= 15]
    if len(long) < 8:
        return None
    open_ended = [len(ln.text) for ln in long if ln.text[-1] not in _SENTENCE_END]
    if len(open_ended) < 0.4 * len(long):
        return None
    width = Counter(open_ended).most_common(1)[0][0]
    close = sum(1 for n in open_ended if abs(n - width) <= 2)
    return width if close >= 0.5 * len(open_ended) else None


def reflow(lines: list[Line]) -> list[Line]:
    """Join the lines of a hard-wrapped text back into paragraphs.

    A line continues onto the next when it is about the wrap width, does not end a sentence, and the
    next line opens no heading or label. Texts that are not hard-wrapped come back unchanged.
    """
    width = _hard_wrapped(lines)
    if width is None:
        return lines
    out: list[Line] = []
    for line in lines:
        previous = out[-1].text if out else ""
        continues = (out and len(previous) >= width - 2 and previous[-1] not in _SENTENCE_END
                     and not heading(line.text) and not re.match(r"^[\u4e00-\u9fa5]{2,6}[:：]", line.text))
        if continues:
            out[-1] = Line(out[-1].no, previous + line.text)
        else:
            out.append(line)
    return out


# a number that may open a paragraph glued inside a line: 二、 （三） 6.
_GLUED = re.compile(rf"(?<![第、{_CN_DIGITS}百\d])(?P<section>[{_CN_DIGITS}]{{1,3}})、"
                    rf"|[（(](?P<sub>[{_CN_DIGITS}]{{1,3}})[）)]"
                    r"|(?<![\d.．])(?P<item>\d{1,2})\s*[.．](?!\d)")
_LEVEL = {"section": 0, "sub": 1, "item": 2}


def unglue(lines: list[Line], min_length: int = 400) -> list[Line]:
    """Split lines that hold many paragraphs (a page body saved as one line).

    A line is split before a heading or item number only where that number continues the numbering
    seen so far (二、 after 一、, （二） after （一）, 6. after 5.), or restarts at 1 right under a
    higher heading, so numbers inside sentences (第一、二, 2.5) stay in place.
    """
    out: list[Line] = []
    for line in lines:
        if len(line.text) < min_length:
            out.append(line)
            continue
        expected = {"section": 1, "sub": 1, "item": 1}
        cuts: list[int] = []
        last: str | None = None
        for match in _GLUED.finditer(line.text):
            kind = match.lastgroup
            assert kind is not None  # every alternative of _GLUED is a named group
            label = match.group(kind)
            number = int(label) if kind == "item" else next((n for n in range(1, 100) if _cn(n) == label), None)
            restart = number == 1 and last is not None and _LEVEL[last] < _LEVEL[kind]
            # a number skipped in the source (（三） then （六）) after a finished sentence still opens a paragraph
            jump = expected[kind] < (number or 0) <= expected[kind] + 3 and match.start() > 0 \
                and line.text[match.start() - 1] in "。；;！？"
            if number is None or (number != expected[kind] and not restart and not jump):
                continue
            cuts.append(match.start())
            expected[kind], last = number + 1, kind
        if len(cuts) < 3:
            out.append(line)
            continue
        bounds = [0] + cuts + [len(line.text)]
        out += [Line(line.no, line.text[a:b].strip())
                for a, b in zip(bounds, bounds[1:], strict=False) if line.text[a:b].strip()]
    return out


def segment(lines: list[Line]) -> list[Line]:
    """All segmentation steps, in order."""
    return unglue(reflow(drop_furniture(lines)))


_ATTACHMENT = re.compile(r"^附件\s*(\d+(?:-\d+)?)?\s*$")
# a signature or colophon line: the issuer and a date (印发), or the date alone
_SIGNATURE = re.compile(r"^(?:[\u4e00-\u9fa5、（）()\s]{2,80}?)?"
                        r"\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:印发|发布)?\s*$")


def classify(lines: list[Line]) -> list[Segment]:
    """Segmented lines → segments, each line's kind decided once, with the headings above it.

    A table (a header run of column names, or a one-row-per-line header) becomes one segment holding its
    rows; a line that opens with a number is a heading; ``附件`` starts an attachment; a line opening with
    a field label (``责任单位：``) is a label line; anything else is a paragraph.

    >>> [(s.kind, s.path) for s in classify([Line(1, "一、任务"), Line(2, "1.建设。"), Line(3, "推进。")])]
    [('heading', ()), ('heading', ('一',)), ('paragraph', ('一', '1'))]
    """
    from .lexicon import lexicon
    from .tables import glued_header, header_at, parse_glued_table, parse_row_table, parse_table, row_header
    from .types import Segment

    label = lexicon().label
    segments: list[Segment] = []
    stack: list[tuple[str, str, str]] = []  # (kind, label, title) of the headings above
    attachment: str | None = None
    # the attachment, and the path and titles of the headings above the next line: kept as they change
    base: tuple[str, ...] = ()
    path: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    i = 0
    while i < len(lines):
        line = lines[i]
        attach = _ATTACHMENT.match(line.text.replace(" ", ""))
        if attach:
            attachment, stack = "附件" + (attach.group(1) or ""), []
            base = path = (attachment,)
            titles = ()
            segments.append(Segment(len(segments), line, "attachment", end_line=line.no))
            i += 1
            continue
        glued = glued_header(line.text)
        glued = glued if glued and line.text[glued.end():].strip() else None  # its rows glued on after it
        if glued:  # a table flattened into a crawler's one-line body: what precedes it stays a paragraph
            before = line.text[:glued.start()]
            named = re.search(r"附件\s*(\d*)\s*[:：]?[^。；;]{0,60}$", before)
            cut = named.start() if named else glued.start()
            if line.text[:cut].strip():  # the paragraph first, then the (named) table as a line of its own
                lines = lines[:i] + [Line(line.no, line.text[:cut]), Line(line.no, line.text[cut:])] + lines[i + 1:]
                continue
            if named:
                attachment, stack = "附件" + named.group(1), []
                base = path = (attachment,)
                titles = ()
            # the rows may have been split again at their group labels: read on over the following lines
            ends, text = [], line.text[glued.end():]
            for following in lines[i + 1:]:
                ends.append(len(text))
                text += following.text
            ends.append(len(text))
            rows, used = parse_glued_table(text, line.no, list(base))
            columns = [lexicon().table_columns[m] for m in re.findall("|".join(lexicon().table_columns), glued[0])]
            last = next(k for k, end in enumerate(ends) if end >= used)
            segments.append(Segment(len(segments), line, "table", path=base, titles=(), rows=rows, roles=columns,
                                    end_line=lines[i + last].no))
            i += last + 1
            continue
        roles = header_at(lines, i)
        parse = parse_table
        if not roles:
            roles, parse = row_header(line), parse_row_table
        if roles:
            rows, end = parse(lines, i, roles, list(base))
            segments.append(Segment(len(segments), line, "table", path=base, titles=titles, rows=rows, roles=roles,
                                    end_line=lines[end - 1].no))
            i = end
            continue
        # 山东省商务厅办公室 2025年1月20日印发: ends the item above it (a line without 日 is none)
        if "日" in line.text and _SIGNATURE.match(line.text):
            segments.append(Segment(len(segments), line, "signature", path=path, titles=titles, end_line=line.no))
            i += 1
            continue
        head = heading(line.text)
        if head:
            rank = RANK[head.kind]
            stack = [s for s in stack if RANK[s[0]] < rank]
            path, titles = base + tuple(lab for _, lab, _ in stack), tuple(title for *_, title in stack)
            segments.append(Segment(len(segments), line, "heading", path=path, titles=titles, head=head,
                                    end_line=line.no))
            stack.append((head.kind, head.label, head.rest))
            path, titles = path + (head.label,), titles + (head.rest,)
        else:
            kind: SegmentKind = "label" if label.match(line.text) else "paragraph"
            segments.append(Segment(len(segments), line, kind, path=path, titles=titles, end_line=line.no))
        i += 1
    return segments
