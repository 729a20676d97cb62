"""Agency lists as written → one mention per unit → canonical (jurisdiction, name).

Extra vocabulary: set ``POLICYKG_AGENCIES`` to JSON files of the same shape as
``data/agencies.json`` (separated by ``:``); their entries extend and override the packaged ones.

Splitting: 、，,；; separate units, except inside brackets (各镇(街道)) and inside a collective
addressee (各区、县级市政府 is one group). Canonical names come from ``data/agencies.json``
(aliases, abbreviations, typos, categories) and these rules, each of which
:func:`explain` reports:

* a 市/县/区/旗 prefix means the document's own jurisdiction (市 in a county's document
  means the prefecture above it); an unprefixed unit inherits the prefix of the unit
  before it in the same list (市住建局、卫健委 → 市卫健委), else the document's place;
* a unit that opens with another place's name stays that place's (泉州医保局晋江分局);
* 各… / …有关部门 / 相关… are collective addressees (kind ``group``).
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .places import Place, country, find_places, leading_place, lookup
from .text import LoadError

_OPEN, _CLOSE = "（(〈<［[【", "）)〉>］]】"
_MARKS = re.compile("[" + re.escape(_OPEN + _CLOSE) + "、，,；;]")
_BRACKET_MARKS, _SEPARATORS = re.compile("[" + re.escape(_OPEN + _CLOSE) + "]"), re.compile("[、，,；;]")
_GROUP = re.compile(r"^(各|全市|全县|市直|县直|区直|旗直|有关|相关|其他|中直|区直)|(有关|相关)(部门|单位)|成员单位$"
                    r"|^(试点|地方|所在地)(城市|地区|市县|省份)?(人民)?政府$|^所在")
_NOT_AGENCY = re.compile(r"[\d。：:；;“”\"%％]|^(等|完成|负责|参与|牵头|配合|年|月)"
                         r"|^(组成|成员|责任|牵头|配合|协办|参与|主办)(单位|部门)$")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "〈": "（", "〉": "）", "<": "（", ">": "）"})
_PREFIX = re.compile(r"^(省|市|县|区|旗)(?!场|级|区|县|直|份|内|外)")
_ETC = re.compile(r"等(有关|相关)?(部门|单位)?$")
_JOINED = re.compile(r"^(及|和|以及|并)")
_END_BRACKET = re.compile(r"[（(〈][^）)〉]*[）)〉]$")
_BRANCH = re.compile(r"^[\u4e00-\u9fa5]{2,6}(分局|支行|分行|监管组|分中心|中队)$")


def split_units(text: str) -> list[str]:
    """Split an agency list into units (a new list each call; the split itself is cached).

    >>> split_units("市民政局、市人社局,各县区人民政府、市开发区管委")
    ['市民政局', '市人社局', '各县区人民政府', '市开发区管委']
    >>> split_units("各区、县级市政府、市民政局和市财政局")
    ['各区、县级市政府', '市民政局', '市财政局']
    """
    return list(_split_units(text))


@lru_cache(maxsize=65536)
def _split_units(text: str) -> tuple[str, ...]:
    """:func:`split_units`, cached: documents repeat their agency lists (the lexicon is read once per process)."""
    if _BRACKET_MARKS.search(text):
        parts: list[str] = []
        depth, start = 0, 0
        for mark in _MARKS.finditer(text):  # only brackets and separators move the split
            ch = mark.group(0)
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
            elif depth == 0:
                parts.append(text[start:mark.start()])
                start = mark.end()
        parts.append(text[start:])
    else:  # no bracket: every separator splits
        parts = _SEPARATORS.split(text)
    units: list[str] = []
    for part in (p.strip(" 。.") for p in parts):
        if not part:
            continue
        # 各区、县级市政府: a bare 各X joins the unit that names the common body
        if units and units[-1].startswith("各") and not _has_suffix(units[-1]) and not part.startswith("各"):
            units[-1] += "、" + part
            continue
        units.extend(_split_and(part))
    units = [_JOINED.sub("", u) if u[:1] in "及和以并" else u for u in units]
    # 市卫健委等 / 市财政局等有关部门: "and others" is no unit of its own
    return tuple(stripped if "等" in u and (stripped := _ETC.sub("", u)) and _has_suffix(stripped) else u
                 for u in units)


@lru_cache(maxsize=1)
def _lexicon():
    """The clause vocabulary (loaders/lexicon.py reads its data through this module, so it is imported late)."""
    from . import lexicon

    return lexicon.lexicon()


def _suffix() -> re.Pattern:
    """How a unit's name ends (data/clauses.json ``unit_suffixes``)."""
    return _lexicon().unit_suffix


@lru_cache(maxsize=65536)
def _has_suffix(text: str) -> bool:
    """Whether a unit names its kind of body: 各乡镇（街道） yes, 各区 no."""
    return bool(_suffix().search(_END_BRACKET.sub("", text)))


def _split_and(part: str) -> list[str]:
    """市民政局和市财政局 → two units; 发展和改革局 stays one (its left side is no unit)."""
    if "和" not in part and "及" not in part:  # most units hold no joiner (以及 holds 及)
        return [part]
    for joiner in ("以及", "和", "及"):
        left, sep, right = part.partition(joiner)
        if sep and _suffix().search(left) and is_unit(right) and not _generic(right):
            return [left] + _split_and(right)
    return [part]


def _generic(text: str) -> bool:
    """单位, 部门, 有关单位 …: words that never name an agency on their own."""
    lex = _lexicon()
    return text in lex.not_units or bool(lex.not_unit_ending.search(text))


@lru_cache(maxsize=65536)
def is_unit(text: str) -> bool:
    """Whether ``text`` reads as one agency or collective addressee (cached: names repeat).

    >>> is_unit("区农业农村中心（区供销社）"), is_unit("单位"), is_unit("工程勘察除外")
    (True, False, False)
    """
    text = text.strip()
    if not 2 <= len(text) <= 40 or _NOT_AGENCY.search(text) or _generic(text):
        return False
    suffix = _suffix()
    return bool(suffix.search(text.translate(_BRACKETS).rstrip("）").split("（")[0]) or suffix.search(text)
                or _GROUP.search(text) and len(text) <= 16)


def is_unit_list(text: str) -> bool:
    units = split_units(text)
    return bool(units) and all(is_unit(u) for u in units)


def is_branch(text: str) -> bool:
    """A line that only names a branch (晋江分局) continues the unit on the line before it."""
    return bool(_BRANCH.match(text))


@dataclass(frozen=True)
class Canonical:
    name: str
    kind: str  # agency | group
    jurisdiction: str | None
    category: str | None
    rules: tuple[str, ...]  # why the raw text became this name


class DataFileError(LoadError):
    """A vocabulary file that an environment variable names cannot be used; no document can load."""


def load_data(name: str, variable: str) -> dict:
    """A packaged data file, extended by the files (same shape) that ``variable`` lists.

    Lists are appended and mappings updated, so a user's entries add to and override ours.
    A listed file that is missing, not a JSON object, or (for a file with a checker in
    :data:`_CHECKS`) not of the packaged file's shape raises :class:`DataFileError`.
    """
    data = json.loads(resources.files("policykg.data").joinpath(name).read_text("utf-8"))
    check = _CHECKS.get(name)
    if check:
        check(data, f"data/{name}")
    for path in filter(None, os.environ.get(variable, "").split(os.pathsep)):
        try:
            extra = json.loads(Path(path).read_text("utf-8"))
        except OSError as error:
            raise DataFileError(f"{variable} names {path}, which cannot be read ({error.strerror or error}): "
                                f"fix or unset {variable}") from None
        except ValueError as error:
            raise DataFileError(f"{variable} names {path}, which is not valid JSON ({error}): "
                                f"fix it or unset {variable}") from None
        if not isinstance(extra, dict):
            raise DataFileError(f"{variable} names {path}, which must hold a JSON object shaped like "
                                f"data/{name}: fix it or unset {variable}")
        if check:
            check(extra, f"{variable} names {path}, where")
        for key, value in extra.items():
            if isinstance(value, list):
                data[key] = data.get(key, []) + value
            elif isinstance(value, dict):
                data[key] = {**data.get(key, {}), **value}
    return data


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


def _check_agencies(data: dict, source: str) -> None:
    """Each key of an agencies file that the resolver reads has its shape, else one
    :class:`DataFileError` naming the file and the key (a user file may give only some keys)."""
    def bad(key: str, shape: str):
        return DataFileError(f"{source} {key} must be {shape}")

    entries = data.get("agencies", [])
    if not isinstance(entries, list):
        raise bad("agencies", "a list of {\"name\": …, \"aliases\": […], \"category\": …}")
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"]:
            raise bad(f"agencies[{i}]", "an object with a \"name\"")
        if not _strings(entry.get("aliases", [])):
            raise bad(f"agencies[{i}] ({entry['name']}) aliases", "a list of names")
        if not isinstance(entry.get("category"), (str, type(None))):
            raise bad(f"agencies[{i}] ({entry['name']}) category", "a name or null")
    for key in ("typos", "templates", "group_categories", "national"):
        value = data.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise bad(key, "an object of names")
    functions = data.get("functions", {})
    if not isinstance(functions, dict) or not all(_strings(words) for words in functions.values()):
        raise bad("functions", "an object: category → list of name endings")
    if not _strings(data.get("bodies", [])):
        raise bad("bodies", "a list of name endings")


_CHECKS = {"agencies.json": _check_agencies}


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, tuple[str, str | None]], dict[str, str], dict[str, str], dict[str, str]]:
    data = load_data("agencies.json", "POLICYKG_AGENCIES")
    aliases: dict[str, tuple[str, str | None]] = {}
    for entry in data["agencies"]:
        for alias in [entry["name"], *entry.get("aliases", [])]:
            aliases[alias] = (entry["name"], entry.get("category"))
    return aliases, data["typos"], data["group_categories"], data["templates"]


@lru_cache(maxsize=1)
def _national() -> dict[str, str]:
    return load_data("agencies.json", "POLICYKG_AGENCIES").get("national", {})


@lru_cache(maxsize=1)
def _functions() -> tuple[dict[str, str], tuple[str, ...]]:
    """Name endings → category (data/agencies.json ``functions``) and the bodies that may follow them."""
    data = load_data("agencies.json", "POLICYKG_AGENCIES")
    endings = {word: category for category, words in data.get("functions", {}).items() for word in words}
    return endings, tuple(data.get("bodies", []))


@lru_cache(maxsize=4096)
def function_category(name: str) -> tuple[str, str] | None:
    """(category, ending) of a unit whose name ends in a known function, alone or followed by a
    body (局, 部, 委员会 …); the longest ending wins.

    >>> function_category("财政部"), function_category("广州市卫生局"), function_category("国家发展和改革委员会")
    (('财政', '财政部'), ('卫生健康', '卫生局'), ('发改', '发展和改革委员会'))
    >>> function_category("平潭综合实验区资源生态局"), function_category("某某集团")
    (('生态环境', '资源生态局'), None)
    """
    endings, bodies = _functions()
    name = re.sub(r"（[^）]*）$", "", name.translate(_BRACKETS))  # 农业农村中心（区供销社）
    best: tuple[str, str] | None = None
    for body in ("", *bodies):
        if not name.endswith(body):
            continue
        head = name[:len(name) - len(body)]
        for length in range(min(len(head), max(map(len, endings), default=0)), 0, -1):
            word = head[len(head) - length:]
            if word in endings:
                if best is None or length + len(body) > len(best[1]):
                    best = (endings[word], word + body)
                break
    return best


def _category_of(name: str, rules: list[str]) -> str | None:
    """A category from the name's ending, with the rule that gave it."""
    found = function_category(name)
    if found is None:
        return None
    rules.append(f"category {found[0]}: the name ends in {found[1]} (data/agencies.json functions)")
    return found[0]


_Resolutions = dict[tuple[str, str | None], Canonical]
_SHARED: dict[tuple[Place | None, Place | None], _Resolutions] = {}
_SHARED_READ_WITH: list = []  # the vocabulary the shared resolutions were read with


def _resolutions(place: Place | None, parent: Place | None) -> _Resolutions:
    """The canonical names already found for documents of ``place`` (a resolution depends only on the unit as
    written, the prefix it inherits, the place and its parent): documents of one place name the same
    agencies again and again. Forgotten when the vocabulary is read again (a test sets another file)."""
    vocabulary = _vocabulary()
    if not _SHARED_READ_WITH or _SHARED_READ_WITH[0] is not vocabulary:
        _SHARED.clear()
        _SHARED_READ_WITH[:] = [vocabulary]
    return _SHARED.setdefault((place, parent), {})


class AgencyResolver:
    """Resolves agency text of one document against the document's place."""

    def __init__(self, place: Place | None, parent: Place | None = None):
        self.place = place
        self.parent = parent
        self._resolved = _resolutions(place, parent)

    @classmethod
    def for_jurisdiction(cls, name: str | None) -> "AgencyResolver":
        """A resolver for documents issued by the place called ``name`` (e.g. 郯城县)."""
        if name and name == country().name:  # centrally issued: national bodies by their official names
            return cls(country())
        place = next(iter(lookup(name)), None) if name else None
        parent = next((p for p in lookup(place.city) if p.level == "city"), None) \
            if place and place.level == "county" and place.city else None
        return cls(place, parent)

    def resolve_list(self, units: list[str]) -> list[Canonical]:
        """Canonical agencies for one list, applying prefix inheritance inside it."""
        resolved, prefix = [], None
        for unit in units:
            match = _PREFIX.match(unit)
            if match:
                prefix = match.group(1)
            resolved.append(self.resolve(unit, inherited=None if match else prefix))
        return resolved

    def resolve(self, raw: str, inherited: str | None = None) -> Canonical:
        """Canonical agency of one unit as written (``inherited``: a 市/县 prefix from its list)."""
        key = (raw, inherited)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self._resolve(raw, inherited)
        return found

    def _resolve(self, raw: str, inherited: str | None) -> Canonical:
        aliases, typos, group_categories, templates = _vocabulary()
        text = raw.translate(_BRACKETS).strip()
        rules: list[str] = []
        if self.place and self.place.level == "central":
            return self._national(self.place, text, group_categories)
        if self.place and self.place.covers and not _PREFIX.match(text) and self._names_own_zone(self.place, text):
            return Canonical(text, "agency", self.place.name, self._stem(text, aliases, typos, [])[1],
                             (f"names the place {self.place.name} governs itself: kept as written",))
        if text in templates and self.place:  # 团县委 → 共青团郯城县委员会
            return Canonical(templates[text].format(place=self.place.name), "agency", self.place.name, "共青团",
                             (f"template {text} → {templates[text]} (data/agencies.json)",))
        if _GROUP.search(text) and not leading_place(text):
            category = next((c for k, c in group_categories.items() if k in text), None)
            owner = self._owner(text[0] if text[0] in "市县区旗" else None)
            name = text
            if owner:  # 市直有关部门 → 赤水市直有关部门; 各乡镇（街道） → 郯城县各乡镇（街道）
                name = owner.name + (text[1:] if text[0] == owner.name[-1] else text)
            return Canonical(name, "group", owner.name if owner else None, category,
                             ("collective addressee (各…/有关…/相关…) → group",))
        if text.startswith(("中国", "国家")):  # a national body's local branch keeps its own name
            inside = find_places(text)
            rules.append("a national body's branch: named as written")
            return Canonical(text, "agency", inside[0].name if inside else None, self._category(text, text, rules),
                             tuple(rules))
        other = self._leading_place(text)
        if other and (not self.place or other.name != self.place.name or not _PREFIX.match(text)):
            short = text
            for head in (other.name, other.short):
                if text.startswith(head):
                    short = other.name + text[len(head):]
                    break
            if self.place and other.name == self.place.name:
                rules.append(f"opens with the document's own place {other.short}: kept as a unit of that name")
            else:
                rules.append(f"opens with the place {other.short}: stays that place's unit")
            stem = short[len(other.name):]
            _, category = self._stem(stem, aliases, typos, [])
            return Canonical(short, "agency", other.name, category, tuple(rules))
        match = _PREFIX.match(text)
        prefix = match.group(1) if match else inherited
        stem = text[1:] if match else text
        owner = self._owner(prefix)
        if match:
            rules.append(f"prefix {prefix} → {owner.name if owner else '?'}")
        elif inherited:
            rules.append(f"no prefix: inherits {inherited} from the unit before it in the list")
        else:
            rules.append("no prefix: the document's own jurisdiction")
        stem, category = self._stem(stem, aliases, typos, rules)
        name = (owner.name if owner else (prefix or "")) + stem
        return Canonical(name, "agency", owner.name if owner else None, category, tuple(rules))

    def _leading_place(self, text: str) -> Place | None:
        """The place a unit's name opens with; a short name (台湾工作部, 公安局) of a place in another
        province than the document's is a word of the unit's name, not a place."""
        other = leading_place(text)
        if other and self.place and self.place.province and not text.startswith(other.name) \
                and other.province != self.place.province and self.place.level != "central":
            return None
        return other

    @staticmethod
    def _names_own_zone(place: Place, text: str) -> bool:
        """平潭海关, 人行平潭支行 in a document of 平潭综合实验区 (a zone governing 平潭县): the unit
        names its place itself, in a form the gazetteer reads as the county the zone covers."""
        other = leading_place(text)
        if other is not None:
            return other.name in place.covers
        return place.short in text

    def _national(self, place: Place, text: str, group_categories: dict[str, str]) -> Canonical:
        """A unit named in a centrally issued document: a national body, by its official name."""
        if _GROUP.search(text):
            category = next((c for k, c in group_categories.items() if k in text), None)
            return Canonical(text, "group", place.name, category, ("collective addressee (各…/有关…) → group",))
        official = _national().get(text)
        rules = [f"national body {text} → {official} (data/agencies.json national)" if official else
                 "a national body: named as written"]
        name = official or text
        return Canonical(name, "agency", place.name, self._category(name, text, rules), tuple(rules))

    def _category(self, name: str, written: str, rules: list[str]) -> str | None:
        """A national body's category: an entry in data/agencies.json (or a user's) for its name or
        the form written, else its name's ending."""
        aliases = _vocabulary()[0]
        for key in (name, written):
            if key in aliases and aliases[key][1]:
                rules.append(f"category {aliases[key][1]}: entry {aliases[key][0]} (data/agencies.json)")
                return aliases[key][1]
        return _category_of(name, rules)

    def _stem(self, stem: str, aliases, typos, rules: list[str]) -> tuple[str, str | None]:
        if stem in typos:
            rules.append(f"typo {stem} → {typos[stem]} (data/agencies.json typos)")
            stem = typos[stem]
        if stem in aliases:
            canonical, category = aliases[stem]
            if canonical != stem:
                rules.append(f"alias {stem} → {canonical} (data/agencies.json)")
            return canonical, category or _category_of(canonical, rules)
        # 稀土高新区管委会: the category of the longest entry (of three characters or more) the name ends with;
        # its endings looked up, longest first, rather than every entry sorted and tried
        for start in range(len(stem) - 3 + 1):
            entry = aliases.get(stem[start:])
            if entry and entry[1]:
                return stem, entry[1]
        return stem, _category_of(stem, rules)

    def _owner(self, prefix: str | None) -> Place | None:
        if prefix is None or self.place is None:
            return self.place
        if prefix == "省" and self.place.level != "province":  # 省财政厅 in a city's document: its province's
            return next((p for p in lookup(self.place.province or "") if p.level == "province"), None)
        if prefix == "市" and self.place.level == "county" and not self.place.name.endswith("市"):
            return self.parent or self.place
        return self.place


def explain(jurisdiction: str | None, name: str, written: str) -> Canonical:
    """How ``written`` (an alias stored on the agency ``name`` of ``jurisdiction``) became that
    agency, with every rule: resolved as a document of that place resolves it, trying the
    市/县/区/旗 prefix a list can pass on (市住建局、卫健委) when the unit alone resolves elsewhere."""
    resolver = AgencyResolver.for_jurisdiction(jurisdiction)
    tries = [resolver.resolve(written), *(resolver.resolve(written, inherited=p) for p in "市县区旗")]
    return next((c for c in tries if c.name == name), tries[0])
