"""Targets a document sets for itself: measurable goals in a 目标 section or on a ``主要目标：`` line.

Runs after the task recognizers, on what they left: a target inside a task belongs to the task.
"""
from __future__ import annotations

import re

from ...model import Target
from ..targets import find_targets
from ..types import Reading

NAME = "policy-targets"
CLAIMS = "nothing: reads goal sections and goal lines that no task claimed"
_GOAL_SECTION = re.compile(r"目标")
_GOAL_LINE = re.compile(r"^(主要目标|总体目标|发展目标|工作目标)[:：]")


def recognize(reading: Reading, targets: list[Target]) -> None:
    for seg in reading.unclaimed():
        if seg.kind == "heading":
            if _GOAL_SECTION.search(" ".join(seg.titles + (seg.body,))):
                targets += find_targets(seg.body, reading.issued, seg.line.no)
        elif _GOAL_SECTION.search(" ".join(seg.titles)) or _GOAL_LINE.match(seg.text):
            targets += find_targets(seg.text, reading.issued, seg.line.no)
