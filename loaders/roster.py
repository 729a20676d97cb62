"""Leading groups and joint meetings: who sits in them and with what duty.

Reads three forms an attachment uses: a roster (``组 长：朱 煜 市人民政府市长``, ``成 员：许星炜
(市发展和改革局四级主任科员)``, continuation lines holding one person each), a member-unit duty
list (``一、市委组织部`` + duty text on the next line, or ``（一）市民政局：负责…``), and a sentence
listing the member units (``联席会议由市委组织部、发改局…组成``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .agencies import is_unit, split_units
from .structure import heading
from .text import Line

GROUP_NAME = re.compile(r"([\u4e00-\u9fa5]{2,40}?(?:领导小组|联席会议|工作专班|指挥部|协调小组|委员会))")
_ROLE = re.compile(r"^(总召集人|召集人|副召集人|常务副组长|副组长|组长|成员|联络员|办公室主任|主任|副主任)"
                   r"\s*[:：]\s*(.*)$")
_POST_TITLE = re.compile(
    r"^(常务|专职)?(副)?(市长|县长|区长|旗长|局长|主任|书记|部长|队长|支队长|大队长|行长|会长|理事长|总规划师|指挥长|"
    r"科长|校长|院长|主席|组长|委员|秘书长|总经理|董事长|负责人)|^(党组|党委|一级|二级|三级|四级|退休)")


@dataclass
class Seat:
    group: str
    unit: str  # the agency as written
    role: str | None
    person: str | None
    post: str | None
    duty: str | None
    line: int


def group_name(text: str) -> str | None:
    match = GROUP_NAME.search(text.replace(" ", ""))
    return match.group(1) if match else None


def _person_post(text: str) -> tuple[str | None, str] | None:
    """"朱 煜 市人民政府市长" / "许星炜(市发展和改革局四级主任科员)" → (person, post)."""
    match = re.match(r"^([\u4e00-\u9fa5](?:\s?[\u4e00-\u9fa5]){1,3})\s*[（(](.+?)[)）]?$", text)
    if match:
        return match.group(1).replace(" ", ""), match.group(2)
    match = re.match(r"^([\u4e00-\u9fa5](?:\s?[\u4e00-\u9fa5]){1,2})\s+(\S.+)$", text)
    if match:
        return match.group(1).replace(" ", ""), match.group(2).replace(" ", "")
    return None


def _unit_of_post(post: str) -> str | None:
    """The unit a post belongs to: the longest head that is a unit followed by a title.

    >>> _unit_of_post("市民政局局长"), _unit_of_post("市人民政府办公室主任")
    ('市民政局', '市人民政府办公室')
    """
    for end in range(len(post) - 1, 1, -1):
        if not re.search(r"[、，,]", post[:end]) and is_unit(post[:end]) and _POST_TITLE.match(post[end:]):
            return post[:end]
    return None


def read_roster(lines: list[Line], start: int, group: str) -> tuple[list[Seat], int]:
    """Seats listed from ``lines[start]`` (a 组长：/召集人： line) until the roster ends."""
    seats, role, i = [], None, start
    while i < len(lines):
        text = lines[i].text
        label = re.match(r"^([\u4e00-\u9fa5 ]{1,12})[:：]\s*(.*)$", text)
        match = _ROLE.match(label.group(1).replace(" ", "") + "：" + label.group(2)) if label else None
        body = match.group(2) if match else text
        if match:
            role = match.group(1)
        person_post = _person_post(body)
        line_no = lines[i].no
        if person_post:
            person, post = person_post
            # a post broken over two lines: 陈希卓(市财政局党组成员、三级主任科员,财 / 金系统党委书记)
            if "(" in body and ")" not in body and "）" not in body and i + 1 < len(lines):
                post += lines[i + 1].text.rstrip(")）")
                i += 1
            unit = _unit_of_post(post)
            if unit:
                seats.append(Seat(group, unit, role, person, post, None, line_no))
        elif is_unit(body.replace("主要负责人", "").split("、")[0]):
            for unit in split_units(body.replace("主要负责人", "")):
                if is_unit(unit):
                    seats.append(Seat(group, unit, role, None, None, None, lines[i].no))
        elif not match:
            break
        i += 1
    return seats, i


def read_duties(lines: list[Line], start: int, group: str) -> tuple[list[Seat], int]:
    """Member-unit duties from ``lines[start]`` on: numbered unit headings with duty text."""
    seats: list[Seat] = []
    i = start
    while i < len(lines):
        head = heading(lines[i].text)
        if head is None:
            if seats and not heading(lines[i].text) and len(lines[i].text) > 20 and seats[-1].duty is None:
                seats[-1].duty = lines[i].text
                i += 1
                continue
            break
        parts = re.split(r"[:：]", head.rest, maxsplit=1)
        unit = parts[0].strip()
        duty = parts[1].strip() if len(parts) > 1 else None
        if not is_unit(unit):
            break
        seats.append(Seat(group, unit, "成员单位", None, None, duty, lines[i].no))
        i += 1
    return seats, i


def member_sentence(text: str) -> list[str] | None:
    """``联席会议由市委组织部、发改局…共23个部门组成`` → the member units."""
    match = re.search(r"由(.+?)(?:共\s*\d+\s*个(?:部门|单位))?(?:组成|构成)", text)
    if not match:
        return None
    units = split_units(match.group(1))
    return units if len(units) >= 2 and all(is_unit(u) for u in units) else None
