"""Chinese administrative places (province › prefecture › county) from JioNLP's gazetteer.

Used to tell which place issued a document, what level it is, and whether an agency name
starts with another place's name (泉州医保局晋江分局 is Quanzhou's, not Jinjiang's).
"""
from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache

_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
             "地区", "盟", "省", "市", "县", "区", "旗")


@dataclass(frozen=True)
class Place:
    name: str  # full name, e.g. 郯城县
    level: str  # central | province | city | county
    province: str | None
    city: str | None
    short: str  # name without its suffix, e.g. 郯城
    covers: tuple[str, ...] = ()  # gazetteer places a zone governs (平潭综合实验区 → 平潭县)


@lru_cache(maxsize=1)
def _extra() -> dict:
    from .agencies import load_data  # agencies reads places; the data loader lives there

    return load_data("places.json", "POLICYKG_PLACES")


def country() -> Place:
    """The whole country: the jurisdiction of centrally issued documents."""
    name = _extra()["country"]
    return Place(name, "central", None, None, name)


def is_central_issuer(issuer: str | None) -> bool:
    """Whether a document signed by ``issuer`` is issued for the whole country.

    >>> is_central_issuer("国务院办公厅"), is_central_issuer("六安市人民政府办公室")
    (True, False)
    """
    if not issuer:
        return False
    return issuer.replace(" ", "") in _extra()["central_issuers"]


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, list[Place]]:
    """Every place, indexed by full name and by short name."""
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp

        tree = jionlp.china_location_loader()
    index: dict[str, list[Place]] = {}

    def add(place: Place) -> None:
        for key in {place.name, place.short}:
            index.setdefault(key, []).append(place)

    for province, cities in tree.items():
        municipality = province.endswith("市") and province in ("北京市", "天津市", "上海市", "重庆市")
        add(Place(province, "province", province, None, _short(province)))
        for city, counties in cities.items():
            if city.startswith("_"):
                continue
            if not municipality:
                add(Place(city, "city", province, city, _short(city)))
            for county in counties:
                if county.startswith("_") or "开发区" in county or "新区" in county and len(county) > 6:
                    continue
                add(Place(county, "county", province, city, _short(county)))
    for zone in _extra()["extra"]:  # zones the gazetteer lacks (平潭综合实验区)
        place = Place(zone["name"], zone["level"], zone["province"], zone.get("city"), zone.get("short", zone["name"]),
                      tuple(zone.get("covers", ())))
        index.setdefault(place.name, []).insert(0, place)
    return index


_ORDER = {"central": -1, "province": 0, "city": 1, "county": 2}


def lookup(name: str) -> list[Place]:
    """Places called ``name`` (full or short form), most senior first."""
    return list(_lookup(name))


@lru_cache(maxsize=65536)
def _lookup(name: str) -> tuple[Place, ...]:
    """:func:`lookup`, cached: agency names are looked up at every length of their opening."""
    return tuple(sorted(_gazetteer().get(name, []), key=lambda p: _ORDER[p.level]))


_PLACE_RUN = re.compile(r"[\u4e00-\u9fa5]{2,8}?(?:市|县|区|旗|省|自治区|自治州|盟)")


def find_places(text: str) -> list[Place]:
    """Places named in ``text`` with an explicit suffix (六安市, 郯城县), in order of mention."""
    found = []
    for match in _PLACE_RUN.finditer(text):
        token = match.group(0)
        for start in range(0, len(token) - 2):
            candidates = [p for p in lookup(token[start:]) if p.name == token[start:]]
            if candidates:
                found.append(candidates[0])
                break
    return found


@lru_cache(maxsize=65536)
def leading_place(name: str) -> Place | None:
    """The place an agency name starts with, full or short (泉州市…, 泉州…), if any.

    >>> leading_place("泉州医保局晋江分局").name
    '泉州市'
    """
    for length in range(min(len(name) - 1, 8), 1, -1):
        head = name[:length]
        places = lookup(head)
        if places:
            rest = name[length:]
            # a short name must be followed by an agency word, not be part of one
            if head == places[0].name or rest[:1] not in "市县区省":
                return places[0]
    return None


def prefectures_in(province: str | None, initial: str) -> list[Place]:
    """Prefecture-level places of ``province`` whose name starts with ``initial``."""
    found = {p for places in _gazetteer().values() for p in places
             if p.level == "city" and p.province == province and p.name.startswith(initial)}
    return sorted(found, key=lambda p: p.name)
