"""Batch parameters written as Cypher literals reach FalkorDB as the values they were."""
from policykg.store.falkor_params import literal

VALUES = {"quote": 'say "x"', "backslash": "a\\b\\", "escaped quote": '\\"', "lines": "a\nb\r\tc",
          "control": "a\x01b", "han": "关于推进养老服务的通知", "empty": "", "integer": -12, "float": 58.5,
          "whole float": 34.0, "true": True, "false": False,
          "list": ["a", 'b"', "c\\"], "numbers": [1, 2.5], "nothing": None}


def test_every_kind_of_value_reads_back_as_written(store):
    store.run_atomic([("UNWIND $rows AS row CREATE (n:Policy) SET n = row", {"rows": [
        {"id": "p", **{key.replace(" ", "_"): value for key, value in VALUES.items() if value is not None}}]})])
    _, rows = store.run("MATCH (n:Policy {id: 'p'}) RETURN properties(n)")
    read = rows[0][0]
    for key, value in VALUES.items():
        assert read.get(key.replace(" ", "_")) == value, key
        assert type(read.get(key.replace(" ", "_"))) is type(value), key


def test_a_map_key_is_quoted_as_a_name():
    assert literal({"a b": 1}) == "{`a b`:1}"
