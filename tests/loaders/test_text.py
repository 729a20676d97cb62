import pytest

from policykg.loaders import LoadError, load_path

BODY = "一、重点任务\n1.建设养老服务平台。(牵头单位:市民政局;责任单位:市财政局)\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_reads_every_encoding_of_the_genre(tmp_path, encoding):
    path = tmp_path / "doc.txt"
    path.write_bytes(BODY.encode(encoding))
    doc = load_path(path)
    assert [(a.raw, a.role) for a in doc.tasks[0].agencies] == [("市民政局", "lead"), ("市财政局", "assist")]


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"\x00\x01\x02binary\x00" * 50, "binary"),
    ("养老服务".encode("utf-16"), "binary"),
    ("一、总则\n本方案自印发之日起施行。".encode(), "no tasks"),
])
def test_bad_input_names_the_file(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(LoadError) as error:
        load_path(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_html_debris_never_becomes_a_task(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><div>打印</div><div>【关闭窗口】</div><p>" + BODY.replace("\n", "</p><p>")
                    + "</p><div>扫一扫在手机上查看当前页面</div></body></html>", encoding="utf-8")
    doc = load_path(path)
    assert len(doc.tasks) == 1
    assert "打印" not in doc.tasks[0].text


def test_a_truncated_character_at_the_end_loses_only_the_tail(tmp_path):
    from policykg.loaders.text import decode

    data = BODY.encode("utf-8") + "注".encode("utf-8")[:2]
    text = decode(data, "doc.txt")
    assert text == BODY
    assert text.warnings == [f"damaged UTF-8 at byte {len(BODY.encode('utf-8'))} of {len(data)}: "
                        f"the last 2 byte(s) were dropped"]
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    doc = load_path(path)
    assert doc.tasks[0].text.startswith("建设养老服务平台") and doc.warnings[-1] == text.warnings[0]


def test_compatibility_forms_read_as_the_characters_they_stand_for(tmp_path):
    """A browser-printed PDF's Kangxi radicals (⼈ U+2F08, ⼒, ⼯) and radical forms (⺠) give the
    same agencies as ordinary characters; full-width brackets, colons and ① stay as written."""
    from policykg.loaders.text import unify_characters

    plain = "一、重点任务\n1.建设养老服务平台。（牵头单位：市人力资源社会保障局；责任单位：市民政局、市总工会）\n"
    radicals = plain.replace("人", "⼈").replace("力", "⼒").replace("民", "⺠").replace("工", "⼯")
    assert radicals != plain and unify_characters(radicals) == plain
    assert unify_characters("（一）①：；，ＡＢ１２") == "（一）①：；，ＡＢ１２"
    for name, text in (("plain.txt", plain), ("radicals.txt", radicals)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    expected = [(a.raw, a.role) for a in load_path(tmp_path / "plain.txt").tasks[0].agencies]
    assert expected == [("市人力资源社会保障局", "lead"), ("市民政局", "assist"), ("市总工会", "assist")]
    assert [(a.raw, a.role) for a in load_path(tmp_path / "radicals.txt").tasks[0].agencies] == expected
