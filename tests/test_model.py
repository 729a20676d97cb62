"""Document identity: what a document is, not its bytes."""
from policykg.model import policy_id

BAOTOU = ("包头市人民政府", "包头市", "关于推进养老服务高质量发展的行动方案", "2024-05-08")


def test_a_numbered_document_is_its_number_whatever_its_content():
    assert policy_id("包府发〔2024〕1号", "aa", *BAOTOU) == policy_id("包府发〔2024〕1号", "bb", None, None, None, None)


def test_an_unnumbered_document_is_its_issuer_title_and_date_not_its_bytes():
    assert policy_id(None, "aa", *BAOTOU) == policy_id(None, "bb", *BAOTOU)
    issuer, place, title, issued = BAOTOU
    assert policy_id(None, "aa", issuer, place, f"《{title}》", issued) == policy_id(None, "aa", *BAOTOU)


def test_documents_that_differ_in_issuer_title_or_date_stay_apart():
    issuer, place, title, issued = BAOTOU
    others = [
        ("呼和浩特市人民政府", "呼和浩特市", title, issued),
        (issuer, place, title.replace("行动方案", "实施方案"), issued),
        (issuer, place, title + "(2024-2026年)", issued),
        (issuer, place, title, "2025-05-08"),
    ]
    ids = {policy_id(None, "aa", *other) for other in others} | {policy_id(None, "aa", *BAOTOU)}
    assert len(ids) == len(others) + 1


def test_a_document_without_a_title_falls_back_to_its_content_hash():
    assert policy_id(None, "aa", "某市人民政府", None, None, None) != policy_id(
        None, "bb", "某市人民政府", None, None, None)
