"""Normalisation rules, each on a case written for it."""
import json

import pytest

from policykg.loaders import agencies, citations
from policykg.loaders.agencies import AgencyResolver
from policykg.loaders.targets import find_targets


def test_city_prefix_in_a_county_document_means_the_prefecture():
    county = AgencyResolver.for_jurisdiction("郯城县")
    assert county.resolve("市民政局").name == "临沂市民政局"
    assert county.resolve("县民政局").name == "郯城县民政局"
    # a county-level city's 市 is itself
    assert AgencyResolver.for_jurisdiction("晋江市").resolve("市民政局").name == "晋江市民政局"


def test_prefix_is_inherited_inside_a_list():
    names = [c.name for c in AgencyResolver.for_jurisdiction("郯城县").resolve_list(["市住建局", "卫健委"])]
    assert names == ["临沂市住房和城乡建设局", "临沂市卫生健康委员会"]


def test_never_merges_different_bodies():
    resolver = AgencyResolver.for_jurisdiction("六安市")
    assert resolver.resolve("市经信局").name != resolver.resolve("市工信局").name
    assert resolver.resolve("市卫健委").name != resolver.resolve("市卫健局").name


@pytest.mark.parametrize("text", ["国办发〔2024〕1号", "国办发[2024]1号", "国办发（2024）1号", "国办发(2024)1号",
                                  "国办发［2024］01号"])
def test_document_number_variants_are_one_number(text):
    assert citations.canonical_number(*citations.parse_number(text)) == "国办发〔2024〕1号"


def test_chinese_numerals_in_targets():
    target = find_targets("新建社区养老服务中心不少于三家。")[0]
    assert (target.op, target.value, target.unit) == (">=", 3, "家")


def test_users_extend_the_vocabulary(tmp_path, monkeypatch):
    extra = tmp_path / "extra.json"
    extra.write_text(json.dumps({"agencies": [{"name": "老龄工作委员会办公室", "aliases": ["老龄办"],
                                               "category": "民政"}]}, ensure_ascii=False), "utf-8")
    monkeypatch.setenv("POLICYKG_AGENCIES", str(extra))
    agencies._vocabulary.cache_clear()
    try:
        canonical = AgencyResolver.for_jurisdiction("六安市").resolve("市老龄办")
        assert (canonical.name, canonical.category) == ("六安市老龄工作委员会办公室", "民政")
        assert any("老龄办" in rule for rule in canonical.rules)
    finally:
        monkeypatch.delenv("POLICYKG_AGENCIES")
        agencies._vocabulary.cache_clear()
