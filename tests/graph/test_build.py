import shutil
from pathlib import Path

from policykg.graph import build_graph, document_graph
from policykg.loaders import load_path

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "documents"


def test_same_content_same_ids_even_renamed(tmp_path):
    original = next(SEEDS.glob("001_*.txt"))
    renamed = tmp_path / "renamed.txt"
    shutil.copy(original, renamed)
    assert set(document_graph(load_path(original))) == set(document_graph(load_path(renamed)))


def test_agencies_and_sources_are_shared(seed_docs):
    g = build_graph(seed_docs)
    agencies = [d["name"] for _, d in g.nodes(data=True) if d["label"] == "Agency"]
    assert len(agencies) == len(set(agencies))
    assert "六安市民政局" in agencies and "包头市民政局" in agencies  # same words, two places
    task_edges = [(k, d) for _, _, k, d in g.edges(keys=True, data=True) if k in ("LEADS", "ASSISTS")]
    assert all(d["line"] and d["file"] and d["span"] for _, d in task_edges)


def test_tasks_due_at_one_normal_form_share_one_deadline_node(seed_docs):
    g = build_graph(seed_docs)
    deadlines = {n: d for n, d in g.nodes(data=True) if d["label"] == "Deadline"}
    forms = [(d["kind"], d.get("start"), d.get("end"), d.get("rule")) for d in deadlines.values()]
    assert len(forms) == len(set(forms))
    due = [d for n, d in deadlines.items() if d.get("end") == "2023-12-31" and d["kind"] == "date"]
    assert len(due) == 1
    end_2023 = next(n for n, d in deadlines.items() if d is due[0])
    citing = {g.nodes[t]["jurisdiction"] for t, _ in g.in_edges(end_2023)}
    assert {"六安市"} <= citing and g.in_degree(end_2023) > 10  # 六安's 2023年底 and every other task due then
    assert sum(1 for d in deadlines.values() if d["kind"] == "ongoing") == 1
    tasks_with_deadline = sum(1 for doc in seed_docs for t in doc.tasks if t.deadline)
    assert sum(1 for *_, key in g.edges(keys=True) if key == "DEADLINE") == tasks_with_deadline


def test_the_deadline_edge_keeps_the_phrase_and_where_it_stands():
    from policykg.loaders import load_text

    doc = load_text("一、任务\n1.建设平台，2023年底前完成。(牵头单位:市民政局)\n2.开展培训。\n牵头单位：市财政局\n"
                    "完成时限：持续推进\n", "x.txt")
    g = document_graph(doc)
    edges = {g.nodes[t]["number"]: (g.nodes[d], data) for t, d, key, data in g.edges(keys=True, data=True)
             if key == "DEADLINE"}
    node, edge = edges["1"]
    assert (node["kind"], node["end"]) == ("date", "2023-12-31")
    assert (edge["raw"], edge["span"], edge["line"], edge["basis"], edge["file"]) == (
        "2023年底前", "2023年底前", 2, "text", "x.txt")
    node, edge = edges["2"]
    assert (node["kind"], edge["raw"], edge["line"], edge["basis"]) == ("ongoing", "持续推进", 5, "label")
    assert all("deadline_end" not in d for _, d in g.nodes(data=True))


def test_a_title_cited_alone_is_the_loaded_policy_in_either_order(seed_docs, citing_by_title, seed_titles):
    from policykg.loaders import load_text
    from policykg.model import title_key

    citing = load_text(citing_by_title(seed_titles["六安"], seed_titles["包头"]), "citing.txt")
    cited = [d for d in seed_docs if d.policy.jurisdiction in ("六安市", "包头市")]
    for order in ([citing, *cited], [*cited, citing]):
        g = build_graph(order)
        assert sorted(v for _, v, key in g.out_edges(citing.policy.id, keys=True) if key == "CITES") == sorted(
            d.policy.id for d in cited)
        keys = {title_key(t) for t in seed_titles.values()}
        assert not [n for n, d in g.nodes(data=True) if d["label"] == "SourceDocument" and d.get("title_key") in keys]


def test_near_miss_titles_stay_apart(seed_docs, citing_by_title, seed_titles):
    from policykg.loaders import load_text

    other_years = seed_titles["六安"].replace("2021-2023", "2024-2026")
    other_kind = seed_titles["包头"].replace("行动方案", "实施方案")
    citing = load_text(citing_by_title(other_years, other_kind), "citing.txt")
    g = build_graph([citing, *seed_docs])
    cited = [g.nodes[v] for _, v, key in g.out_edges(citing.policy.id, keys=True) if key == "CITES"]
    assert sorted((d["label"], d["title"]) for d in cited) == sorted(
        [("SourceDocument", other_years), ("SourceDocument", other_kind)])
