"""Task tables flattened to lines, one cell (or cell fragment) per line.

A table opens with a header run (序号 / 工作任务 / 完成时限 / 责任单位 …). Rows open either
with a bare serial number (1, 2, …, in order) or with a numbered item (``3.推行…``); group
cells (一、… / （二）…) become the section path. Inside a row, the trailing run of lines that
are agency lists is the 责任单位 cell, a short line that is a deadline phrase is the 时限
cell, and what comes before it is the task text. A 责任单位 cell written once for several
rows (a merged cell) applies to every following row of the same group that has none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .agencies import is_branch, is_unit, is_unit_list
from .deadlines import is_deadline
from .lexicon import lexicon
from .owners import DocumentRules, read_clause
from .structure import heading
from .text import Line

_DIVISION_COLUMN = re.compile(r"^[\u4e00-\u9fa5]{2,12}内(?:牵头|配合|责任|承办)?(?:处室|科室|部门)$")
COLUMNS = lexicon().table_columns  # header cell → column role (data/clauses.json table_columns)


_NOTE = re.compile(r"[（(][^）)]*[）)]$")


def column(cell: str) -> str | None:
    """The role of a header cell, spaces and a bracketed note left out.

    >>> column("完成时限（年月）"), column("序 号"), column("备注说明"), column("市卫健委内牵头处室")
    ('deadline', 'serial', None, 'division')
    """
    name = cell.replace(" ", "")
    if name.endswith(("）", ")")):
        name = _NOTE.sub("", name)
    # 市卫健委内牵头处室: divisions inside one bureau, not owners of the plan
    if name.endswith(("处室", "科室", "部门")) and _DIVISION_COLUMN.match(name):
        return "division"
    return COLUMNS.get(name)


@dataclass
class Row:
    number: str
    path: list[str]
    line: int
    name: list[str] = field(default_factory=list)
    text: list[Line] = field(default_factory=list)
    deadline_cell: list[Line] = field(default_factory=list)
    plan: list[Line] = field(default_factory=list)
    owners: list[Line] = field(default_factory=list)
    owners_merged: bool = False  # the owner cells are the row's above (a merged cell)
    owner_roles: list[str] = field(default_factory=list)  # the column of each owner cell: lead / owners / assist
    divisions: list[str] = field(default_factory=list)  # cells naming divisions inside one bureau (处室)
    end_line: int = 0


def header_at(lines: list[Line], i: int) -> list[str] | None:
    """Column roles when a table header run of at least three cells starts at ``lines[i]``."""
    roles: list[str] = []
    j = i
    while j < len(lines) and (role := column(lines[j].text)):
        roles.append(role)
        j += 1
    return roles if len(roles) >= 3 and ("owners" in roles or "lead" in roles) else None


_BAR = re.compile(r"[|｜]")


def _cells(text: str) -> list[str]:
    """A row's cells: split at | when the row uses it (cells may then hold spaces or be empty),
    else at spaces.

    >>> _cells("1 | 建设平台 | | 市民政局"), _cells("1\\t建设平台\\t\\t市民政局")
    (['1', '建设平台', '', '市民政局'], ['1', '建设平台', '', '市民政局'])
    """
    text = text.strip().strip("|｜")
    if "|" in text or "｜" in text:
        return [c.strip() for c in _BAR.split(text)]
    if "\t" in text:  # cells separated by TAB: an empty cell stays a cell
        return [c.strip() for c in text.split("\t")]
    return text.split()


def row_header(line: Line) -> list[str] | None:
    """Column roles when ``line`` is the header of a table written one row per line
    (cells separated by spaces, tabs or |)."""
    cells = _cells(line.text)
    if len(cells) < 3:
        return None
    roles = [role for c in cells if (role := column(c))]
    if len(roles) < len(cells):  # a cell that names no column: no header
        return None
    return roles if "owners" in roles or "lead" in roles else None


def parse_row_table(lines: list[Line], start: int, roles: list[str], base_path: list[str]) -> tuple[list[Row], int]:
    """Rows of a one-row-per-line table whose header is ``lines[start]``; a row has one cell per column.

    A row whose cells (TAB-separated) are wrapped over several lines is read on until it has a cell per
    column; a row with fewer cells, not opening with a number, sits under cells of the row above that span
    it (序号, 工作事项): their values hold for it, and it is numbered after that row (``1.2``). Group headings
    (一、… / （一）…) come as rows of one cell or in a group column and nest by rank
    into the section path; without a serial column, a task cell that opens with its number
    (``1.2023年底前…``) gives the row its number.
    """
    rows: list[Row] = []
    groups: list[tuple[str, str]] = []  # (kind, label), outermost first
    spanned_cells: list[str] = []  # the cells of the last full row, for the rows its first cells span
    i = start + 1
    while i < len(lines):
        line = lines[i]
        cells = _cells(line.text)
        head = heading(line.text)
        if "\t" in line.text and 1 < len(cells) < len(roles) and rows and not re.fullmatch(r"\d{1,3}", cells[0]):
            # the first cells span this row from the row above (序号, 工作事项): their values hold for it
            serial = rows[-1].number.split(".")[0]
            cells = spanned_cells[:len(roles) - len(cells)] + cells
            spanned = f"{serial}.{sum(1 for r in rows if r.number.split('.')[0] == serial) + 1}"
        else:
            spanned = None
        if "\t" in line.text and 1 < len(cells) < len(roles):  # a cell wrapped over lines: read on to the row's end
            text, j = line.text, i
            while len(_cells(text)) < len(roles) and j + 1 < len(lines) and j - i < 30:
                j += 1
                text += lines[j].text
            if len(_cells(text)) == len(roles):
                cells, line, i = _cells(text), Line(line.no, text), j
        if len(cells) != len(roles):
            if head and head.kind in ("chapter", "section", "sub") and len(cells) == 1:
                groups = _nest(groups, head)
                i += 1
                continue
            break
        by_role: dict[str, list[str]] = {}
        for role, cell in zip(roles, cells, strict=True):
            by_role.setdefault(role, []).append(cell)
        row_groups = groups
        for cell in by_role.get("group", []):
            group_head = heading(cell)
            if group_head and group_head.kind in ("chapter", "section", "sub"):
                row_groups = _nest(row_groups, group_head)
        text = "".join(by_role.get("text", []))
        number = by_role.get("serial", [None])[0]
        owner_cells = [(role, c) for role in ("lead", "owners", "assist") for c in by_role.get(role, []) if c]
        text_head = heading(text)
        if number is None and text_head and text_head.kind in ("item", "subitem"):
            number, text = text_head.label, text_head.rest
        row = Row(number or str(len(rows) + 1), base_path + [label for _, label in row_groups], line.no,
                  name=by_role.get("name", []), text=[Line(line.no, text)],
                  deadline_cell=[Line(line.no, c) for c in by_role.get("deadline", []) if c],
                  owners=[Line(line.no, c) for role, c in owner_cells],
                  owner_roles=[role for role, _ in owner_cells],
                  divisions=[c for c in by_role.get("division", []) if c.strip("/／-—无 ")],
                  end_line=line.no)
        if spanned:  # a row below a spanning cell: numbered after the row the cell opens (1.2, 1.3 …)
            row.number = spanned
        spanned_cells = cells
        rows.append(row)
        i += 1
    _merge_owner_cells(rows)
    return rows, i


def _nest(groups: list[tuple[str, str]], head) -> list[tuple[str, str]]:
    """The group path with ``head`` in its place: it replaces groups of its rank and below."""
    return [g for g in groups if _rank(g[0]) < _rank(head.kind)] + [(head.kind, head.label)]


def is_owner_cell(text: str) -> bool:
    """A cell of owners: units (市民政局、市财政局), a branch line (晋江分局), or labels and
    phrases (牵头：市民政局；配合：市财政局 / 市民政局牵头，市财政局配合)."""
    return is_unit_list(text) or is_branch(text) or bool(read_clause(text, DocumentRules()))


def _is_deadline_cell(text: str) -> bool:
    return len(text) <= 16 and is_deadline(text)


_TABLE_END = re.compile(r"^(附件|抄送|主送|[\u4e00-\u9fa5]{2,8}[:：]|[\u4e00-\u9fa5]{2,20}(办公室|人民政府)\s*\d{4}年)")
_SERIAL = re.compile(r"\d{1,3}")


def _ends_table(text: str) -> bool:
    return bool(_TABLE_END.match(text))


def parse_table(lines: list[Line], start: int, roles: list[str], base_path: list[str]) -> tuple[list[Row], int]:
    """Rows of the table whose header starts at ``start``; returns (rows, index after table)."""
    i = start + len(roles)
    serial = "serial" in roles
    rows: list[Row] = []
    groups: list[tuple[str, str]] = []
    current: Row | None = None
    body: list[Line] = []

    def close() -> None:
        if current is not None:
            _fill(current, body, roles)
            rows.append(current)

    while i < len(lines):
        line = lines[i]
        text = line.text
        head = heading(text)
        if serial and _SERIAL.fullmatch(text) and int(text) == len(rows) + (2 if current else 1):
            close()
            current, body = Row(text, base_path + [g[1] for g in groups], line.no), []
        elif not serial and head and head.kind in ("item", "subitem"):
            close()
            current, body = Row(head.label, base_path + [g[1] for g in groups], line.no), [Line(line.no, head.rest)]
        elif head and head.kind in ("section", "sub", "chapter") and not serial:
            close()
            current, body = None, []
            groups = [g for g in groups if _rank(g[0]) < _rank(head.kind)] + [(head.kind, head.label)]
        elif current is None and rows and _ends_table(text) or current is not None and _ends_table(text) \
                and not is_unit_list(text):
            break
        elif current is not None:
            body.append(line)
        i += 1
    close()
    _merge_owner_cells(rows)
    return rows, i


def _rank(kind: str) -> int:
    return {"chapter": 0, "section": 1, "sub": 2}.get(kind, 3)


def _fill(row: Row, body: list[Line], roles: list[str]) -> None:
    """Assign a row's lines to its cells: text first, then a deadline cell, then owner cells last."""
    k = len(body)
    while k > 0 and is_owner_cell(body[k - 1].text):
        k -= 1
    merged: list[Line] = []
    for line in body[k:]:
        if merged and is_branch(line.text) and not is_branch(merged[-1].text):
            merged[-1] = Line(merged[-1].no, merged[-1].text + line.text)
        else:
            merged.append(line)
    row.owners = merged
    columns = [r for r in roles if r in ("lead", "owners", "assist")]
    if len(merged) == len(columns):
        row.owner_roles = columns
    elif "lead" in columns and len(columns) > 1:  # cells wrapped or merged: the first is the lead column's
        row.owner_roles = ["lead"] + ["assist"] * (len(merged) - 1)
    else:
        row.owner_roles = [columns[0] if columns else "owners"] * len(merged)
    rest = body[:k]
    d = next((n for n, ln in enumerate(rest) if n > 0 and _is_deadline_cell(ln.text)), None)
    if d is not None:
        cell = [rest[d]]
        if d + 1 < len(rest) and rest[d + 1].text in ("完成", "前完成", "底前完成"):
            cell.append(rest[d + 1])
        row.deadline_cell = cell
        row.plan = rest[d + len(cell):]
        rest = rest[:d]
    if "name" in roles:
        names = []
        while rest and len(rest) > 1 and len(rest[0].text) <= 12 and not re.search(r"[，,。；;、]", rest[0].text):
            names.append(rest.pop(0).text)
        row.name = names
    row.text = rest
    row.end_line = body[-1].no if body else row.line


def _merge_owner_cells(rows: list[Row]) -> None:
    """A row without an owner cell shares the one above it in the same group (merged cell)."""
    for prev, row in zip(rows, rows[1:], strict=False):
        if not row.owners and prev.owners and prev.path == row.path:
            row.owners, row.owner_roles = prev.owners, prev.owner_roles
            row.owners_merged = True


def _owner_column_word(text: str) -> bool:
    """Whether ``text`` holds a word every owner column's name holds (substring tests: a fifth of a regex scan)."""
    return "单位" in text or "部门" in text or "处室" in text or "科室" in text or "主体" in text


def _by_first_character(words: list[str]) -> str:
    """An alternation of ``words`` grouped by their first character, in their order within each group: it matches
    what the plain alternation matches, but the regex engine tries one group at a position, not every word."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(re.escape(first) + (f"(?:{'|'.join(rests)})" if rests != [""] else "")
                    for first, rests in groups.items())


@lru_cache(maxsize=1)
def _glued_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """One column name, two of them run together (only told whether they occur), and a run of three or more."""
    words = sorted(COLUMNS, key=len, reverse=True)
    names, grouped = "|".join(re.escape(n) for n in words), _by_first_character(words)
    return re.compile(names), re.compile(rf"(?:{grouped})(?:{grouped})"), re.compile(rf"(?:{names}){{3,}}")


def glued_header(text: str) -> re.Match | None:
    """A table header whose column names are glued together in a line (a crawler's one-line body):
    three or more known column names in a row, one of them an owner column.

    >>> glued_header("附件：一览表主线项目主要内容责任单位完成时限（一）…").group(0)
    '主线项目主要内容责任单位完成时限'
    """
    names, pair, run = _glued_patterns()
    # no owner column, or no two column names run together
    if not _owner_column_word(text) or not pair.search(text):
        return None
    for match in run.finditer(text):
        roles = [COLUMNS[m.group(0)] for m in names.finditer(match.group(0))]
        if len(roles) >= 3 and ("owners" in roles or "lead" in roles) and "text" in roles + ["text"]:
            return match
    return None


_GROUP = re.compile(r"[（(]([一二三四五六七八九十]{1,3})[）)]")
_DEADLINE_CELL = re.compile(r"(\d{4}年(?:\d{1,2}月(?:份|底|上旬|中旬|下旬)?|底|年底)?(?:前|以前)?(?:完成)?"
                            r"|常年|长期|持续推进)")


def parse_glued_table(text: str, line: int, base_path: list[str]) -> tuple[list[Row], int]:
    """Rows of a table flattened into one run of text: group labels ``（一）…``, rows opening with a bare
    number, each row closed by its owner cell and its 完成时限 cell, glued to the next row's number
    (``…经济发展局2015年6月2加快…``). A group label repeated out of order does not move the rows; a row
    numbered 1 just before a group label whose rows go on from 2 belongs to that group. Returns the rows
    and how much of ``text`` they used.
    """
    rows: list[Row] = []
    group: str | None = None
    seen_groups: set[str] = set()
    pos, expected = 0, 1
    while pos < len(text):
        head = _GROUP.match(text, pos)
        if head and head.group(1) not in seen_groups:
            group = head.group(1)
            seen_groups.add(group)
            start = re.search(r"\d{1,2}(?=[^\d年月.．%％])", text[head.end():])
            if not start:
                break
            pos = head.end() + start.start()
            expected = int(start.group(0))
            if expected == 2 and rows and rows[-1].number == "1" and rows[-1].path[-1:] != [group]:
                rows[-1].path = base_path + [group]  # the row printed before its group's label
            continue
        if head:  # a label repeated out of place: its title is no row
            start = re.search(r"\d{1,2}(?=[^\d年月.．%％])", text[head.end():])
            pos = head.end() + (start.start() if start else len(text))
            continue
        number = re.match(r"\d{1,2}", text[pos:])
        if not number:
            break
        row_end = _row_end(text, pos + number.end(), int(number.group(0)))
        if row_end is None:
            break
        cell_start, cell_end = row_end
        body = text[pos + number.end():cell_start]
        owners_at = _owner_cell_start(body)
        rows.append(Row(number.group(0), base_path + ([group] if group else []), line,
                        text=[Line(line, body[:owners_at].strip())],
                        deadline_cell=[Line(line, text[cell_start:cell_end])],
                        owners=[Line(line, body[owners_at:])], owner_roles=["owners"], end_line=line))
        pos = cell_end
        expected = int(number.group(0)) + 1
    known = frozenset(u for row in rows for u in re.split(r"[、，,]", row.owners[0].text)[1:] if is_unit(u))
    for row in rows:  # a first unit cut too long from its text: cut again by the units the table names
        cell = row.text[0].text + row.owners[0].text
        at = _owner_cell_start(cell, known)
        row.text, row.owners = [Line(line, cell[:at].strip())], [Line(line, cell[at:])]
    return rows, pos


def _row_end(text: str, start: int, number: int) -> tuple[int, int] | None:
    """The span of the 完成时限 cell that closes the row starting at ``start``: the first deadline phrase
    right after an owner cell and followed by the next row's number (this number + 1, or 1 under a new
    group), a group label or the end."""
    for match in _DEADLINE_CELL.finditer(text, start):
        after = text[match.end():]
        nxt = re.match(r"\d{1,2}(?=[^\d年月.．%％])", after)
        if not (not after.strip() or _GROUP.match(after) or nxt and int(nxt.group(0)) in (number + 1, 1)):
            continue
        body = text[start:match.start()]
        if _owner_cell_start(body) < len(body):
            return match.start(), match.end()
    return None


def _owner_cell_start(body: str, known: frozenset[str] = frozenset()) -> int:
    """Where a row's owner cell starts in ``body``: the run of units (and generic words such as 相关单位)
    that ends it, the first of them cut from the text it is glued to — by a unit the table names
    elsewhere when there is one (``…院长聘任制社会事业局`` → 社会事业局), else by the longest unit tail."""
    from .owners import leading_units

    lex = lexicon()
    pieces = re.split(r"([、，,])", body)
    offset = len(body)
    for k in range(len(pieces) - 1, -1, -2):
        piece = pieces[k]
        offset -= len(piece)
        separated = k > 0 and not re.search(r"[。；;：:.．]", piece)
        if separated and len(piece) <= 20 and (is_unit_list(piece) or piece in lex.not_units):
            offset -= len(pieces[k - 1])
            continue
        tails = [cut for cut in range(max(0, len(piece) - 20), len(piece) - 1)]
        for cut in tails:
            if piece[cut:] in known:
                return offset + cut
        for cut in tails:
            tail = piece[cut:]
            units, end = leading_units(tail, non_government=True)
            if units and end == len(tail):
                return offset + cut
        return offset + len(piece) + (len(pieces[k + 1]) if k + 1 < len(pieces) else 0)
    return 0
