"""Functional categories from data (data/agencies.json ``functions``) and the explanation of a merge."""
import json

import pytest

from policykg.loaders import agencies, load_text
from policykg.loaders.agencies import AgencyResolver, DataFileError, explain
from policykg.loaders.places import country

CENTRAL = """国务院办公厅关于推进乡村养老服务的意见
国办发〔2030〕99号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
一、重点任务
（一）完善乡村养老服务补助制度。（财政部、发展改革委、农业农村部按职责分工负责）
（二）建设乡村养老服务设施。（民政部牵头，财政部、统计局参与）
国务院办公厅
2030年1月5日
"""


@pytest.fixture
def user_agencies(tmp_path, monkeypatch):
    """Write a POLICYKG_AGENCIES file holding ``data``; the vocabulary is read again around the test."""
    def use(data) -> str:
        path = tmp_path / "agencies.json"
        path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        monkeypatch.setenv("POLICYKG_AGENCIES", str(path))
        _forget()
        return str(path)

    def _forget():
        for cached in (agencies._vocabulary, agencies._national, agencies._functions, agencies.function_category):
            cached.cache_clear()

    yield use
    monkeypatch.delenv("POLICYKG_AGENCIES", raising=False)
    _forget()


def test_central_bodies_get_the_category_their_name_ends_in():
    doc = load_text(CENTRAL, "central.txt")
    categories = {a.name: a.category for task in doc.all_tasks() for a in task.agencies}
    assert categories == {"财政部": "财政", "国家发展和改革委员会": "发改", "农业农村部": "农业农村",
                          "民政部": "民政", "国家统计局": "统计"}


@pytest.mark.parametrize("place, written, category", [
    ("广州市", "市卫生局", "卫生健康"), ("广州市", "市规划局", "自然资源"), ("广州市", "市建委", "住建"),
    ("平潭综合实验区", "区资源生态局", "生态环境"), ("平潭综合实验区", "区财政金融局", "财政"),
    ("郯城县", "县精神文明建设委员会办公室", "宣传"), ("郯城县", "县农业农村中心（县供销社）", "农业农村"),
    ("郯城县", "县智慧城市公司", None)])
def test_a_local_unit_gets_the_category_its_name_ends_in(place, written, category):
    assert AgencyResolver.for_jurisdiction(place).resolve(written).category == category


@pytest.mark.parametrize("written, category", [("市某某教育和体育局", "教育"), ("市某某体育局", "体育"),
                                               ("市稀土高新区管委会", "开发区")])
def test_a_unit_no_entry_names_takes_the_category_of_the_longest_entry_it_ends_with(written, category):
    assert AgencyResolver.for_jurisdiction("潍坊市").resolve(written).category == category


def test_a_users_entry_sets_a_national_bodys_category(user_agencies):
    user_agencies({"agencies": [{"name": "财政部", "category": "预算"}]})
    assert AgencyResolver(country()).resolve("财政部").category == "预算"
    assert AgencyResolver.for_jurisdiction("六安市").resolve("市财政局").category == "财政"


def test_users_add_function_words(user_agencies):
    user_agencies({"functions": {"海事": ["海事"]}})
    assert AgencyResolver(country()).resolve("交通运输部海事局").category == "海事"


@pytest.mark.parametrize("data, key", [
    ({"agencies": [{"aliases": ["x"]}]}, "agencies[0]"), ({"agencies": [{"name": "某局", "aliases": "某"}]}, "aliases"),
    ({"functions": {"财政": "财政"}}, "functions"), ({"bodies": [1]}, "bodies"), ({"national": []}, "national")])
def test_a_misshapen_user_file_names_itself_and_the_key(user_agencies, data, key):
    path = user_agencies(data)
    with pytest.raises(DataFileError) as raised:
        agencies._vocabulary()
    assert path in str(raised.value) and key in str(raised.value)


@pytest.mark.parametrize("written", ["发展改革委", "国家发展改革委"])
def test_explain_shows_how_a_national_body_was_reached(written):
    canonical = explain(country().name, "国家发展和改革委员会", written)
    assert canonical.name == "国家发展和改革委员会"
    assert any("national body" in rule and "国家发展和改革委员会" in rule for rule in canonical.rules)


def test_explain_finds_the_prefix_a_list_passed_on():
    # 市住建局、卫健委 in a county's document: 卫健委 inherits 市 and is the city's commission
    canonical = explain("郯城县", "临沂市卫生健康委员会", "卫健委")
    assert canonical.name == "临沂市卫生健康委员会" and any("inherits 市" in rule for rule in canonical.rules)


def test_names_resolved_before_a_user_file_is_read_are_resolved_again_by_it(user_agencies):
    before = AgencyResolver.for_jurisdiction("郯城县").resolve("县测试委")
    user_agencies({"agencies": [{"name": "测试委员会", "aliases": ["测试委"], "category": None}]})
    after = AgencyResolver.for_jurisdiction("郯城县").resolve("县测试委")
    assert (before.name, after.name) == ("郯城县测试委", "郯城县测试委员会")
