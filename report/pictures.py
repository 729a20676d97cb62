"""The two pictures, laid out by Graphviz ``dot``: the lineage by level and the owner matrix.

Text is written with the font list :data:`FONTS`. In SVG the names stay font-family names, so the
viewer's fonts draw the Chinese; PNG is drawn by Graphviz (cairo/pango), which needs a CJK font on
the machine (Debian: ``fonts-noto-cjk``).
"""
from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable

import graphviz

from .data import LEVEL_NAMES, LEVELS, ROLE_NAMES, PolicyReport, short_title
from .jinja import environment

FONTS = "Noto Sans CJK SC,Source Han Sans SC,PingFang SC,Microsoft YaHei,WenQuanYi Micro Hei,sans-serif"
FORMATS = ("svg", "png")
PNG_DPI = "144"


class PictureError(RuntimeError):
    """Graphviz is missing or refused the picture; the message says what to install."""


class GraphvizMissing(PictureError):
    """Graphviz's ``dot`` is not on PATH: no picture can be drawn."""


GRAPHVIZ_HINT = ("Graphviz 'dot' is not installed (Debian/Ubuntu: apt-get install graphviz; "
                 "macOS: brew install graphviz)")
FONT_HINT = ("no Chinese font is installed, so a PNG would show boxes for Chinese text: install one (Debian/Ubuntu: "
             "apt-get install fonts-noto-cjk) or write .svg, which the viewer's fonts draw")


def graphviz_missing() -> str | None:
    """What to install when Graphviz's ``dot`` is not on PATH, else None."""
    return None if shutil.which("dot") else GRAPHVIZ_HINT


def chinese_font_missing() -> bool:
    """Whether fontconfig (which Graphviz draws PNG text with) knows no Chinese font. Without
    ``fc-list`` this cannot be told, and the answer is False."""
    if not shutil.which("fc-list"):
        return False
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return listed.returncode == 0 and not listed.stdout.strip()


def _wrap(text: str, width: int) -> str:
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def lineage_graph(report: PolicyReport, href: Callable[[str], str | None] = lambda _: None) -> graphviz.Digraph:
    """Documents in rows by level, central at the top; an arrow from each document to what it cites.

    ``href(id)`` gives the link of a loaded document's page, or None for no link.
    """
    g = graphviz.Digraph("lineage", graph_attr={
        "rankdir": "TB", "newrank": "true", "nodesep": "0.25", "ranksep": "0.55", "fontname": FONTS,
        "fontsize": "11", "labelloc": "b", "bgcolor": "white",
        "label": "实心：已入库（可点击打开其报告）　虚线：仅被引用　粗框：本文件"},
        node_attr={"fontname": FONTS, "fontsize": "11", "shape": "box", "style": "rounded", "margin": "0.12,0.06"},
        edge_attr={"color": "#667788", "arrowsize": "0.7", "dir": "back"})
    levels = [level for level in LEVELS if any(n.level == level for n in report.lineage)]
    for level in levels:
        with g.subgraph(name=f"row_{level}") as row:
            row.attr(rank="same")
            row.node(f"level_{level}", LEVEL_NAMES[level], shape="plaintext", fontsize="13",
                     fontcolor="#445566", style="", **{"class": "level-label"})
            for node in (n for n in report.lineage if n.level == level):
                label = node.number + "\n" + _wrap(short_title(node.title, 26), 13) if node.number and node.title \
                    else _wrap(node.label, 13)
                attrs = {"tooltip": node.title or node.label, "class": f"doc level-{level}"
                         + (" loaded" if node.loaded else " cited")}
                if node.id == report.id:
                    attrs.update(style="rounded,filled,bold", fillcolor="#cfe3f7", penwidth="2.2")
                    attrs["class"] += " current"
                elif node.loaded:
                    attrs.update(style="rounded,filled", fillcolor="#e3eef9")
                else:
                    attrs.update(style="rounded,dashed", color="#8899aa")
                link = href(node.id) if node.loaded else None
                if link:
                    attrs.update(URL=link, target="_top")
                row.node(node.id, label, **attrs)
    for upper, lower in zip(levels, levels[1:], strict=False):
        g.edge(f"level_{upper}", f"level_{lower}", style="invis")
    for citing, cited in report.citations:
        g.edge(cited, citing)  # drawn cited-above, arrowhead at the cited document
    return g


def agency_head(name: str, jurisdiction: str | None) -> str:
    """An agency as a column head: the policy's own place left off (it is in the title).

    >>> agency_head("郯城县民政局", "郯城县"), agency_head("郯城县委社会工作部", "郯城县")
    ('民政局', '县委社会工作部')
    """
    if not jurisdiction or not name.startswith(jurisdiction) or len(name) <= len(jurisdiction):
        return name
    rest = name[len(jurisdiction):]
    return jurisdiction[-1] + rest if rest.startswith("委") else rest


def matrix_graph(report: PolicyReport) -> graphviz.Digraph:
    """The 任务分工表 as one Graphviz table: tasks down the side, agencies across the top."""
    jurisdiction = report.policy.get("jurisdiction")
    label = environment().get_template("matrix.dot.j2").render(
        report=report, heads=[agency_head(a, jurisdiction) for a in report.agencies], roles=ROLE_NAMES)
    g = graphviz.Digraph("matrix", graph_attr={"bgcolor": "white", "pad": "0.2"},
                         node_attr={"fontname": FONTS, "fontsize": "11", "shape": "plain"})
    g.node("matrix", f"<{label}>")
    return g


def render(graph: graphviz.Digraph, fmt: str) -> bytes:
    """The picture as SVG or PNG bytes."""
    if fmt not in FORMATS:
        raise PictureError(f"unknown picture format {fmt!r}; use one of {', '.join(FORMATS)}")
    graph = graph.copy()
    if fmt == "png":
        if chinese_font_missing():
            raise PictureError(FONT_HINT)
        graph.graph_attr["dpi"] = PNG_DPI
    try:
        return graph.pipe(format=fmt, engine="dot")
    except graphviz.ExecutableNotFound as error:
        raise GraphvizMissing(GRAPHVIZ_HINT) from error
    except graphviz.CalledProcessError as error:
        raise PictureError(f"Graphviz failed: {error.stderr.decode('utf-8', 'replace').strip()}") from error


def inline_svg(graph: graphviz.Digraph) -> str:
    """The SVG element alone (no XML prolog), to sit inside an HTML page."""
    text = render(graph, "svg").decode("utf-8")
    return text[text.index("<svg"):]
