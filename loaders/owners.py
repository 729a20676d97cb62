"""Owner clauses → who owns a task, with what role, and why (``basis``).

One grammar reads every form a clause takes, wherever it stands (a bracket at the end or in the middle
of a paragraph, an unbracketed ``责任单位：…``, a labelled line after the task, a table cell):

* labelled fields ``牵头单位：X；配合单位：Y`` ``负责部门：A、B；适用范围：…`` ``完成时限：…`` — a field that
  names no owner becomes the clause's ``scope`` or ``deadline``;
* phrases ``X牵头`` ``X、Y牵头负责`` ``X牵头，Y参与`` ``X负责`` ``X指导`` ``X会同Y负责``
  ``A、B等按职责分工负责`` ``…，各省级人民政府按职责分工负责``;
* a bare list of units ``（市民政局、市财政局）``.

Roles: a unit marked 牵头 leads and every other unit of its clause assists; a clause with no lead makes
every unit ``responsible`` — unless the document states that the first unit listed leads
(``列第一位者为牵头单位，下同``), which then holds from the clause stating it to the end of the document.
The words themselves (labels, verbs, open tails, rule sentences) are ``data/clauses.json``.

>>> [(o.raw, o.role, o.basis) for o in read_clause("牵头单位：市民政局；责任单位：市财政局", DocumentRules()).owners]
[('市民政局', 'lead', 'label'), ('市财政局', 'assist', 'label')]
>>> [(o.raw, o.role)
...  for o in read_clause("区资源生态局牵头，区经发局、区税务局等按职责分工负责", DocumentRules()).owners]
[('区资源生态局', 'lead'), ('区经发局', 'assist'), ('区税务局', 'assist')]
>>> read_clause("负责部门：商务部；适用范围：各自贸试验区", DocumentRules()).scope
'各自贸试验区'
>>> read_clause("市民政局负责，2023年底前完成", DocumentRules()).deadline
'2023年底前完成'
>>> read_clause("工程勘察除外", DocumentRules()) is None
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .agencies import is_unit, split_units
from .deadlines import is_deadline
from .lexicon import lexicon

NON_GOVERNMENT = "non-government"  # the kind of an owner that is no government body
_STRENGTH = {"lead": 3, "assist": 2, "responsible": 1}
_HUITONG = re.compile(r"(?P<lead>.+?)会同(?P<assist>.+?)(?:共同)?负责")
_LEAD_MARK = re.compile(r"[（(]牵头(?:单位|部门)?[)）]$")  # 市民政局（牵头）
_SENTENCE, _COMMA, _COMMA_KEPT = re.compile(r"[。；;]"), re.compile(r"[，,]"), re.compile(r"([，,])")


@dataclass(frozen=True)
class Owner:
    """One owner of a task as a clause names it; never changed once read, so clauses read from the cache share
    their owners."""

    raw: str
    role: str  # lead | assist | responsible
    basis: str  # label | phrase | list | document-rule | table | heading | sentence
    kind: str | None = None  # "non-government" for an owner that is no government body


@dataclass
class DocumentRules:
    """What a document states once for all its later clauses."""

    first_listed: bool = False  # 列第一位者为牵头单位：the first unit of each clause leads
    standing: list[Owner] = field(default_factory=list)  # 以下均需X配合落实，不再列出


@dataclass
class Clause:
    text: str  # the clause as written
    owners: list[Owner]
    form: str  # label | phrase | list
    start: int = 0  # span in the paragraph it was found in
    end: int = 0
    scope: str | None = None  # 适用范围：…
    deadline: str | None = None  # 完成时限：…
    states_rule: bool = False  # it states the first-listed rule
    standing: list[Owner] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # named as owners, but no unit
    unread: list[str] = field(default_factory=list)  # pieces of the clause that name no owner


def brackets(text: str) -> list[tuple[int, int, str]]:
    """Top-level bracketed spans of ``text``: (start, end, inner text), nesting respected.

    >>> brackets("建设平台（牵头单位：市民政局（市老龄办））。")
    [(4, 21, '牵头单位：市民政局（市老龄办）')]
    """
    spans: list[tuple[int, int, str]] = []
    if "（" not in text and "(" not in text:  # most paragraphs hold no bracket: spare the scan
        return spans
    depth, start = 0, 0
    for mark in _BRACKET.finditer(text):
        i = mark.start()
        if mark.group(0) in "（(":
            if depth == 0:
                start = i
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1, text[start + 1:i]))
    return spans


_BRACKET = re.compile(r"[（()）]")


def units_of(text: str, rejected: list[str] | None = None) -> list[str]:
    """The units a list names, open tails and generic words dropped.

    >>> units_of("人力资源社会保障部、财政部等有关部门和单位")
    ['人力资源社会保障部', '财政部']
    >>> units_of("农业农村部、商务部等和各有关省级人民政府")
    ['农业农村部', '商务部', '各有关省级人民政府']
    """
    units, not_units = _units(text)
    if rejected is not None:
        rejected += not_units
    return list(units)


_ETC_AND_EACH = re.compile(r"等(?:有关|相关)?(?:部门|单位)?(?:和|及|以及)(?=各)")


@lru_cache(maxsize=65536)
def _units(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The units of :func:`units_of` and the names it rejects, cached: lists repeat within and across documents."""
    units, rejected = [], []
    for written in split_units(_ETC_AND_EACH.sub("、", text.strip())):
        unit, verdict = _unit(written)
        if verdict:
            units.append(unit)
        elif verdict is not None:
            rejected.append(unit)
    return tuple(units), tuple(rejected)


@lru_cache(maxsize=65536)
def _unit(written: str) -> tuple[str, bool | None]:
    """One unit of a list without fillers and open tails, and whether it is a unit (None: a generic word
    or nothing, dropped)."""
    lex = lexicon()
    unit = lex.open_tail.sub("", lex.filler.sub("", written)).strip(" ：:")
    if not unit or unit in lex.not_units:
        return unit, None
    return unit, is_unit(unit)


def _cut(text: str, match: re.Match) -> str:
    """``text`` without a rule sentence (and its 下同)."""
    rest = re.sub(r"^[，,]?\s*下同", "", text[match.end():])
    return (text[:match.start()] + rest).strip("，,。；; ")


def read_clause(inner: str, rules: DocumentRules) -> Clause | None:
    """The owners one clause names, or None when the text is no owner clause.

    ``rules`` is read, never changed: the caller records a rule the clause states
    (``clause.states_rule``) once it accepts the clause. The clause and its lists are new objects the caller
    may change; its owners (frozen) are shared with the cache.
    """
    clause = _read_clause(inner, rules.first_listed)
    if clause is None:
        return None
    return Clause(clause.text, list(clause.owners), clause.form, clause.start, clause.end, clause.scope,
                  clause.deadline, clause.states_rule, list(clause.standing), list(clause.rejected),
                  list(clause.unread))


@lru_cache(maxsize=16384)
def _read_clause(inner: str, first_listed: bool) -> Clause | None:
    """:func:`read_clause`, cached (never handed out): documents repeat their clauses, and an item's
    clauses are read again as its text grows over the paragraphs after it."""
    lex = lexicon()
    text = inner.strip()
    clause = Clause(text=text, owners=[], form="list")
    if match := lex.first_listed.search(text):
        clause.states_rule = True
        text = _cut(text, match)
    for pattern in lex.standing:
        if match := pattern.search(text):
            role = lex.verb_role.get(match["verb"], "responsible")
            clause.standing = [Owner(u, role, "document-rule") for u in units_of(match["units"])]
            text = _cut(text, match)
    pieces: list[tuple[list[str], str | None, str]] = []  # (units, role or None, basis)
    for part in (p.strip() for p in _SENTENCE.split(text)):
        if not part:
            continue
        marks = list(lex.label.finditer(part))
        if marks:
            if part[:marks[0].start()].strip("，, "):
                found = _phrases(part[:marks[0].start()], clause)
                if found is None:
                    return None
                pieces += found
            _labelled(part, marks, clause, pieces)
            clause.form = "label"
        else:
            found = _phrases(part, clause)
            if found is None:
                return None
            pieces += found
    clause.owners = _roles(pieces, first_listed or clause.states_rule)
    if not clause.owners and not clause.standing and not clause.states_rule:
        return None
    return clause


def _labelled(part: str, marks: list[re.Match], clause: Clause, pieces: list) -> None:
    """The fields of ``part`` that its label ``marks`` open: owners into ``pieces``, a scope or a deadline onto
    ``clause``."""
    lex = lexicon()
    for mark, following in zip(marks, marks[1:] + [None], strict=True):
        value = part[mark.end():following.start() if following else len(part)].strip("，, ")
        kind = lex.label_role[mark.group(1)]
        if kind == "scope":
            clause.scope = value
        elif kind == "deadline":
            clause.deadline = value
        else:
            value = _take_deadline(value, clause)
            pieces.append((units_of(value, clause.rejected), kind, "label"))


def _take_deadline(value: str, clause: Clause) -> str:
    """``市民政局，2023年底前完成`` → ``市民政局``, the deadline kept on the clause."""
    kept = []
    for piece in _COMMA_KEPT.split(value):
        if piece.strip() and is_deadline(piece):
            clause.deadline = clause.deadline or piece.strip()
        else:
            kept.append(piece)
    return "".join(kept).strip("，, ")


def _phrases(part: str, clause: Clause) -> list | None:
    """``X牵头，Y、Z等按职责分工负责`` → [([X], lead, phrase), ([Y, Z], responsible, phrase)].

    Units without a verb wait for the next verb (``区经发局，区税务局等按职责分工负责``); units left
    at the end form a bare list. A piece that is neither units nor units + verb makes the text no
    owner clause (None), unless a verb names owners elsewhere in it: then the piece is kept in
    ``clause.unread`` for ``policykg check``.
    """
    lex = lexicon()
    pieces: list[tuple[list[str], str | None, str]] = []  # (units, role, form)
    pending: list[str] = []
    unread: list[str] = []
    for segment in (s.strip() for s in _COMMA.split(part)):
        if not segment:
            continue
        if is_deadline(segment):  # （市民政局负责，2023年底前完成）
            clause.deadline = clause.deadline or segment
            continue
        huitong = _HUITONG.fullmatch(segment)
        if huitong:
            rejected: list[str] = []
            lead = units_of(huitong["lead"], rejected)
            if not lead or rejected:
                return None
            # 会同 names partners, not a lead: every unit responsible, in order
            pieces += [(pending + lead + units_of(huitong["assist"]), "responsible", "phrase")]
            pending = []
            continue
        verb = lex.verb.search(segment)
        head = segment[:verb.start()] if verb else segment
        rejected = []
        units = units_of(head, rejected)
        if rejected and not (verb and len(units) >= max(1, len(rejected))):
            unread.append(segment)  # no unit list: a parenthesis of the text, or a note beside owners
            continue
        clause.rejected += rejected  # a list of units with a verb is a clause: report what is no unit
        if verb:
            rest = lex.open_tail.sub("", head).strip()
            if not units and not pending and rest and rest not in lex.not_units:
                unread.append(segment)
                continue
            pieces.append((pending + units, lex.verb_role[verb.group(1)], "phrase"))
            pending = []
        elif units:
            pending += units
        elif head.strip() and head.strip() not in lex.not_units:
            unread.append(segment)
    if unread and not any(role for _, role, _ in pieces):
        return None
    if any(role for _, role, _ in pieces):
        clause.form = "phrase"
    clause.unread += unread
    if pending:
        pieces.append((pending, None, "list"))
    return pieces


def _roles(pieces: list[tuple[list[str], str | None, str]], first_listed: bool) -> list[Owner]:
    """One owner per unit, in order of first mention, with the strongest role it is given."""
    marked = [(_LEAD_MARK.sub("", u), "lead" if _LEAD_MARK.search(u) else role, basis) if "牵头" in u
              else (u, role, basis) for units, role, basis in pieces for u in units]
    has_lead = any(role == "lead" for _, role, _ in marked)
    owners: dict[str, Owner] = {}
    for unit, role, basis in marked:
        if has_lead:
            given = Owner(unit, "lead" if role == "lead" else "assist", basis)
        elif first_listed:
            given = Owner(unit, "assist" if owners else "lead", "document-rule")
        else:
            given = Owner(unit, "responsible", basis)
        _keep_strongest(owners, given)
    return list(owners.values())


def _keep_strongest(owners: dict[str, Owner], owner: Owner) -> None:
    """Record ``owner`` unless its unit already holds a stronger role; the first mention keeps its place."""
    if owner.raw not in owners or _STRENGTH[owner.role] > _STRENGTH[owners[owner.raw].role]:
        owners[owner.raw] = owner


def union(clauses: list[Clause]) -> list[Owner]:
    """The owners of several clauses of one task: each unit once, in order, with its strongest role."""
    owners: dict[str, Owner] = {}
    for clause in clauses:
        for owner in clause.owners:
            _keep_strongest(owners, owner)
    return list(owners.values())


def _label_at(text: str, start: int) -> bool:
    """A label stands where a clause may begin: at the start, or after punctuation or a space."""
    return start == 0 or text[start - 1] in "。；;，,）) \t"


def find_clauses(paragraph: str, rules: DocumentRules) -> list[Clause]:
    """Every owner clause of one paragraph, in order: brackets anywhere (a bare list of units only
    where it closes a sentence), then an unbracketed label clause (``…。责任单位：A，B``).

    >>> [c.owners[0].raw for c in find_clauses("推进改革（商务部负责）。完善机制。责任单位：区国资局", DocumentRules())]
    ['商务部', '区国资局']
    """
    clauses: list[Clause] = []
    masked, done = [], 0  # the paragraph with its bracketed spans blanked out
    stripped_end = len(paragraph.rstrip("。.；; "))
    for start, end, inner in brackets(paragraph):
        masked += [paragraph[done:start], "＿" * (end - start)]
        done = end
        clause = read_clause(inner, rules)
        if clause is None:
            continue
        closes = end >= stripped_end or paragraph[end:end + 1] in "。；;"
        if clause.form == "list" and not closes:
            continue
        clause.start, clause.end = start, end
        clauses.append(clause)
    flat = "".join(masked) + paragraph[done:]
    lex = lexicon()
    # a label ends in a colon or a closing 】/]: without one the paragraph (its brackets blanked) holds none
    has_label_end = "：" in flat or ":" in flat or "】" in flat or "]" in flat
    for label in lex.label.finditer(flat) if has_label_end else ():
        if lex.label_role[label.group(1)] in ("lead", "assist", "responsible") and _label_at(flat, label.start()):
            end = flat.find("＿", label.start())
            end = len(paragraph) if end < 0 else end
            clause = read_clause(paragraph[label.start():end], rules)
            if clause is not None and clause.owners:
                clause.start, clause.end = label.start(), end
                clauses.append(clause)
            break
    return sorted(clauses, key=lambda c: c.start)


_NAMED_ROLE = re.compile(r"为(?:牵头|配合|责任|协办|参与)(?:单位|部门)")


def sentence_phrase(text: str, rules: DocumentRules) -> Clause | None:
    """Owners named in running text rather than in a clause of their own: a sentence that names
    roles outright (``X为牵头单位，Y为配合单位``), or ``X会同Y负责…`` when it names a partner
    (``会同有关部门`` names none).

    >>> [(o.raw, o.role)
    ...  for o in sentence_phrase("加强监管。市场监管局为牵头单位，民政局为配合单位。", DocumentRules()).owners]
    [('市场监管局', 'lead'), ('民政局', 'assist')]
    """
    start = 0
    for sentence in re.split(r"([。；;])", text) if _NAMED_ROLE.search(text) else ():
        if _NAMED_ROLE.search(sentence) and (clause := read_clause(sentence, rules)) and clause.owners:
            clause.start, clause.end = start, start + len(sentence)
            return clause
        start += len(sentence)
    match = _HUITONG.search(text) if "会同" in text else None
    if not match:
        return None
    rejected: list[str] = []
    lead = units_of(match["lead"].split("。")[-1].split("，")[-1], rejected)
    assist = units_of(match["assist"], rejected)
    if not lead or not assist or rejected:
        return None
    return Clause(match.group(0), [Owner(u, "responsible", "phrase") for u in lead + assist], "phrase",
                  match.start(), match.end())


def _unit_end(text: str, pos: int, non_government: bool = True, limit: int = 24) -> int | None:
    """Where the longest unit name starting at ``pos`` ends (an alias in brackets included), or None.

    A unit's name contains no punctuation, no verb of a sentence (负责, 会同, 组织 … starting inside it)
    and is no generic word (有关部门); it names its kind of body (局, 委, 人民政府, 各…部门): 各地 is no unit.
    """
    lex = lexicon()
    window = text[pos:pos + limit + 4]
    if lex.not_subject_start.match(window):
        return None
    verbs = [m.start() for m in lex.subject_verb.finditer(window)]
    generic = max((len(w) for w in lex.not_units if window.startswith(w)), default=0)
    # a short bracket inside a name (各市县（区）农业农村部门) is part of it
    masked = _SHORT_BRACKET.sub(lambda m: "＿" * len(m.group(0)), window)
    stop = _NAME_STOP.search(masked[:limit])
    last = min(stop.start() if stop else limit, verbs[0] if verbs else limit, len(window))
    ends = {m.end() for m in lex.name_ending.finditer(window[:last])}  # only where a name can end
    best = None
    for end in sorted(e for e in ends if e >= 2):
        name = window[:end]
        if window[end - 1:end + 1] in lex.not_unit_continuation:
            continue
        if not non_government and _BUSINESS.search(name):  # 家电生产企业及代理机构…: no government body
            continue
        if end > generic and (is_unit(name) and (_has_suffix(name) or _LEVEL_GROUP.match(name))
                              and not is_non_government(name)
                              or non_government and is_non_government(name)):
            best = end
    if best is not None and best < len(window) and window[best] in "（(":
        alias = re.match(r"[（(]([^（）()]{2,16})[）)]", window[best:])
        if alias and is_unit(alias.group(1)) and not alias.group(1).startswith(("或", "含", "包括", "即")):
            best += alias.end()
    return None if best is None else pos + best


def is_non_government(name: str) -> bool:
    """An owner that is no government body: a school, a family, a platform, a company.

    >>> is_non_government("学校"), is_non_government("区交通投资集团有限公司"), is_non_government("市民政局")
    (True, True, False)
    """
    lex = lexicon()
    # an alias in brackets: 区国有资产投资集团有限公司（区森林园林公司)
    name = re.sub(r"[（(][^（）()]*[）)]$", "", name)
    return name in lex.non_government or bool(lex.non_government_ending.search(name)) and not name.startswith("各")


# 各市, 各县（市、区）, 各市县: every government of a level, a collective owner though it names no body
_LEVEL_GROUP = re.compile(r"^各(?:省|市|县|区|旗|地市|市县|县市区|县区|乡镇|街道|州)(?:[（(][市县区、]+[）)])?$")
_SHORT_BRACKET = re.compile(r"[（(][^（）()]{1,3}[）)]")
# a unit's name never holds punctuation, 等 or a one-character verb of a sentence (X是…, X要…, X向…)
_NAME_STOP = re.compile(r"[，,。；;：:、（）()\s“”\"＝=×]|[等由向是要须将把对及或报]|(?<!所)在|应(?!急)|(?:和|与)各")
_JOINER = re.compile(r"[、和及与]|以及")
_BUSINESS = re.compile(r"企业|公司|代理机构|经销商|商户")
_SHARED_TAIL = re.compile(r"(各[\u4e00-\u9fa5]{1,8})、(?=[\u4e00-\u9fa5]{1,8}(?:部门|政府|单位))")


def leading_units(text: str, non_government: bool = False) -> tuple[list[str], int]:
    """The units a sentence opens with (its subject), and where they end; partners joined by 会同 / 联合
    are owners too. Owners that are no government body count only with ``non_government``.

    >>> leading_units("省财政厅会同省农业农村厅制定方案")
    (['省财政厅', '省农业农村厅'], 12)
    >>> leading_units("区规划局、各片区开发管理局具体负责")
    (['区规划局', '各片区开发管理局'], 13)
    >>> leading_units("各地要加强宣传")
    ([], 0)
    """
    units: list[str] = []
    pos = 0
    while pos < len(text):
        end = _unit_end(text, pos, non_government)
        shared = _SHARED_TAIL.match(text, pos) if end is None else None
        if shared and _unit_end(text, shared.end(1) + 1, non_government):  # 各级农业农村、财政部门: one body
            end = _unit_end(text, shared.end(1) + 1, non_government)
        if end is None:
            break
        units.append(text[pos:end])
        pos = end
        joiner = _JOINER.match(text[pos:]) or lexicon().partner.match(text[pos:])
        if joiner and _unit_end(text, pos + joiner.end(), non_government) is not None:
            pos += joiner.end()
            continue
        break
    return units, pos


def _has_suffix(name: str) -> bool:
    from .agencies import _has_suffix as has_suffix

    return has_suffix(name)
