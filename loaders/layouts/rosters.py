"""Leading groups and joint meetings: their rosters, member sentences and member-unit duty lists.

Once a line names a group (``…领导小组``, ``…联席会议``), a roster (``组 长：…`` / ``成 员：…``), a sentence
listing the member units (``联席会议由市委组织部、发改局…组成``) and numbered member-unit duties under a
职责/分工 heading (``（一）市民政局：负责…``) become memberships, not tasks.
"""
from __future__ import annotations

import re

from ...model import Membership
from .. import roster
from ..agencies import AgencyResolver
from ..types import Reading, Segment

NAME = "rosters"
CLAIMS = "roster lines, member sentences and member-unit duty lists of a named leading group or joint meeting"
_ROSTER_ROLE = ("组长", "常务副组长", "副组长", "总召集人", "召集人", "成员")


def recognize(reading: Reading, resolver: AgencyResolver, memberships: list[Membership]) -> None:
    segments = reading.segments
    lines = [s.line for s in segments]
    group: str | None = None
    i = 0
    while i < len(segments):
        seg = segments[i]
        if seg.kind in ("table", "attachment"):
            i += 1
            continue
        name = roster.group_name(seg.text) if len(seg.text) <= 40 and seg.kind != "heading" else None
        if name:
            group = re.sub(r"(制度|成员单位职责分工|成员名单|工作职责)$", "", name)
        if group and re.match(r"^[\u4e00-\u9fa5 ]{1,12}[:：]", seg.text) and re.sub(
                r"\s", "", seg.text).startswith(_ROSTER_ROLE):
            seats, j = roster.read_roster(_span(segments, i), 0, group)
            i = _seat(segments, i, i + j, seats, resolver, memberships)
            continue
        members = roster.member_sentence(seg.text) if group else None
        if group and members:
            _seat(segments, i, i, [roster.Seat(group, u, "成员单位", None, None, None, seg.line.no)
                                   for u in members], resolver, memberships, claim=False)
        if seg.head and group and seg.head.kind in ("section", "sub") and re.search(
                r"(职责|职能|分工)", " ".join(seg.titles) + " " + " ".join(ln.text for ln in lines[max(0, i - 3):i])):
            seats, j = roster.read_duties(_span(segments, i), 0, group)
            if seats:
                i = _seat(segments, i, i + j, seats, resolver, memberships)
                continue
        i += 1


def _span(segments: list[Segment], start: int):
    """The lines from ``start`` up to the next table or attachment (rosters never cross them)."""
    end = next((k for k in range(start, len(segments)) if segments[k].kind in ("table", "attachment")),
               len(segments))
    return [s.line for s in segments[start:end]]


def _seat(segments: list[Segment], start: int, end: int, seats: list[roster.Seat], resolver: AgencyResolver,
          memberships: list[Membership], claim: bool = True) -> int:
    """Record the seats read from ``segments[start:end]`` (the segment at ``start`` at least) and claim them
    (a member sentence is not claimed: the paragraph may say more)."""
    for seg in segments[start:max(end, start + 1)] if claim else ():
        seg.claimed = NAME
    for seat in seats:
        canonical = resolver.resolve(seat.unit)
        memberships.append(Membership(
            group=seat.group, raw=seat.unit, name=canonical.name, role=seat.role, person=seat.person,
            post=seat.post, duty=seat.duty, line=seat.line, jurisdiction=canonical.jurisdiction,
            kind=canonical.kind, category=canonical.category))
    return max(end, start + 1)
