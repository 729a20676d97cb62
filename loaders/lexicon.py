"""The owner-clause vocabulary of ``data/clauses.json``, compiled once into regular expressions.

Code elsewhere names structure (brackets, numbering, order); the words live in the data file, which a
user extends with ``POLICYKG_CLAUSES``.

>>> lexicon().label_role["负责部门"]
'responsible'
>>> lexicon().verb.search("区资源生态局牵头负责").group(0)
'牵头负责'
>>> lexicon().label.match("【责任单位】市民政局").group(1)
'责任单位'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .agencies import load_data


def _opening(words, also: str = "") -> str:
    """A lookahead on the characters ``words`` (and ``also``, a class body) open with: a pattern that opens
    with an optional part is otherwise tried in full at every position of a text (3-4× slower)."""
    return "(?=[" + re.escape("".join(sorted({w[0] for w in words}))) + also + "])"


def _alternatives(words) -> str:
    """One regex alternation, longest word first so that 牵头负责 wins over 牵头."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Leftmost:
    """Several patterns searched as their alternation would be: the leftmost match, the first pattern's at a tie.
    Each is searched on its own, so that one opening with a word is found by the regex engine's fast scan for
    its first characters, which an alternation of patterns opening with groups loses (a third fewer
    instructions for the first-listed rules)."""

    patterns: tuple[re.Pattern, ...]

    def search(self, text: str) -> re.Match | None:
        found = None
        for pattern in self.patterns:
            match = pattern.search(text)
            if match and (found is None or match.start() < found.start()):
                found = match
        return found


@dataclass(frozen=True)
class Lexicon:
    label_role: dict[str, str]  # label word → lead / assist / responsible / deadline / scope
    verb_role: dict[str, str]  # verb after units → lead / assist / responsible
    label: re.Pattern  # a label with its colon, or in 【】: 牵头单位： / 【牵头单位】; group 1 is the word
    verb: re.Pattern  # a verb at the end of a segment, fillers allowed before it
    filler: re.Pattern
    open_tail: re.Pattern  # an open ending of a unit list: 等有关部门和单位
    not_units: frozenset[str]
    not_unit_ending: re.Pattern
    unit_suffix: re.Pattern
    first_listed: Leftmost  # a sentence stating that the first unit listed leads
    standing: tuple[re.Pattern, ...]  # each with groups units and verb
    table_columns: dict[str, str]  # table header cell → column role
    non_government: frozenset[str]  # owners that are no government body: 学校, 家庭 …
    non_government_ending: re.Pattern  # …有限公司, …平台
    subject_verb: re.Pattern  # a word a unit's name never contains: 负责, 会同 …
    partner: re.Pattern  # X会同Y: group 1 the word
    role_sentence: re.Pattern  # 责任分工： opening a sentence of owners by verb
    work_section: re.Pattern  # a heading of a section dividing work: 职责分工
    no_task_section: re.Pattern  # a heading of a section assigning nothing: 指导思想
    not_unit_continuation: frozenset[str]  # 协调: a name ending in 协 before 调 is cut from a word
    not_subject_start: re.Pattern  # 强化…, 对…: no unit opens here
    national_bodies: frozenset[str]  # 财政部, 审计署: national bodies named without a place
    # a unit's name that opens with its place or level (省…, 各…, 国务院…), in a heading and inside a sentence
    owner_heading_opening: re.Pattern
    sentence_subject_opening: re.Pattern
    name_ending: re.Pattern  # where a unit's or another owner's name may end (unit suffixes, owner endings)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = load_data("clauses.json", "POLICYKG_CLAUSES")
    fillers = _alternatives(data["fillers"])
    return Lexicon(
        label_role=dict(data["labels"]),
        verb_role=dict(data["verbs"]),
        label=re.compile(_opening(data["labels"], r"【\[\s")
                         + rf"[【\[]?\s*({_alternatives(data['labels'])})\s*(?:[】\]]\s*[:：]?|[:：])"),
        verb=re.compile(_opening([*data["fillers"], *data["verbs"]])
                        + rf"(?:{fillers})*({_alternatives(data['verbs'])})$"),
        filler=re.compile(fillers),
        open_tail=re.compile(rf"(?:{_alternatives(data['open_tails'])})$"),
        not_units=frozenset(data["not_units"]),
        not_unit_ending=re.compile(rf"(?:{_alternatives(data['not_unit_endings'])})$"),
        unit_suffix=re.compile(rf"(?:{_alternatives(data['unit_suffixes'])})$"),
        first_listed=Leftmost(tuple(re.compile(r) for r in data["first_listed_rules"])),
        standing=tuple(re.compile(r) for r in data["standing_rules"]),
        table_columns=dict(data["table_columns"]),
        non_government=frozenset(data["non_government_owners"]),
        non_government_ending=re.compile(rf"(?:{_alternatives(data['non_government_endings'])})$"),
        subject_verb=re.compile(_alternatives(data["subject_verbs"])),
        partner=re.compile(rf"^({_alternatives(data['partner_words'])})"),
        role_sentence=re.compile(rf"({_alternatives(data['role_sentence_labels'])})\s*[:：]"),
        work_section=re.compile(_alternatives(data["work_sections"])),
        no_task_section=re.compile(_alternatives(data["no_task_sections"])),
        not_unit_continuation=frozenset(data["not_unit_continuations"]),
        national_bodies=frozenset(data["national_bodies"]),
        owner_heading_opening=re.compile(rf"^(?:{_alternatives(data['owner_heading_openings'])})"),
        sentence_subject_opening=re.compile(rf"^(?:{_alternatives(data['sentence_subject_openings'])})"),
        not_subject_start=re.compile(rf"^(?:{_alternatives(data['not_subject_starts'])})"),
        name_ending=re.compile("|".join(re.escape(w) for w in sorted(
            set(data["unit_suffixes"]) | set(data["non_government_endings"]) | set(data["non_government_owners"])
            | {"政府", "部门", "单位", "局", "委", "厅", "办", "省", "市", "县", "区", "旗", "州"},
            key=len, reverse=True))),
    )
