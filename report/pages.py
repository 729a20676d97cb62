"""Report pages: one self-contained HTML file per policy and an index page.

A page carries its styles inline and its pictures as inline SVG; it loads nothing from anywhere.
"""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from ..store import Store
from . import data, pictures
from .jinja import environment

INDEX = "index.html"


def page_name(policy_id: str) -> str:
    """The file name of a policy's page, in the same folder as the other pages."""
    return f"{policy_id}.html"


def _source_link(folder: Path):
    def link(file: str | None) -> str:
        if not file:
            return ""
        path = Path(file).resolve()
        return Path(os.path.relpath(path, folder.resolve())).as_posix() if path.exists() else ""
    return link


def render_report(report: data.PolicyReport, folder: Path, linked: set[str]) -> str:
    """The page of one policy; lineage nodes of the policies in ``linked`` open their pages.
    Without Graphviz the page says so where the lineage picture would be (the matrix is HTML)."""
    missing = None
    try:
        lineage = pictures.inline_svg(pictures.lineage_graph(
            report, lambda pid: page_name(pid) if pid in linked and pid != report.id else None))
    except pictures.GraphvizMissing as error:
        lineage, missing = None, str(error)
    jurisdiction = report.policy.get("jurisdiction")
    heads = {a: pictures.agency_head(a, jurisdiction) for a in report.agencies}
    return environment().get_template("report.html.j2").render(
        report=report, policy=report.policy, lineage_svg=lineage, missing=missing, heads=heads,
        roles=data.ROLE_NAMES, levels=data.LEVEL_NAMES, source_link=_source_link(folder),
        index=INDEX if INDEX in linked else None)


def render_index(index: data.Index, as_of: str) -> str:
    return environment().get_template("index.html.j2").render(
        index=index, levels=data.LEVEL_NAMES, page_name=page_name, as_of=as_of,
        titles={p["id"]: p["number"] or data.short_title(p["title"]) for p in index.policies})


def write_report(store: Store, policy: str, output: Path, as_of: date | None = None) -> Path:
    """Write the page of the policy named by ``policy`` (id, 文号 or title part) to ``output``.

    Lineage nodes link to the pages of loaded documents already in the output's folder.
    """
    output = Path(output)
    report = data.policy_report(store, data.resolve_policy(store, policy), as_of)
    folder = output.parent
    present = {n.id for n in report.lineage if n.loaded and (folder / page_name(n.id)).exists()}
    if (folder / INDEX).exists():
        present.add(INDEX)
    output.write_text(render_report(report, folder, present), encoding="utf-8")
    return output


def write_all(store: Store, folder: Path, as_of: date | None = None) -> list[Path]:
    """One page per loaded policy and ``index.html``, in ``folder``; returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    index = data.index(store)
    linked = {p["id"] for p in index.policies} | {INDEX}
    written = []
    as_of_text = (as_of or date.today()).isoformat()
    for row in index.policies:
        report = data.policy_report(store, row["id"], as_of)
        path = folder / page_name(row["id"])
        path.write_text(render_report(report, folder, linked), encoding="utf-8")
        written.append(path)
    path = folder / INDEX
    path.write_text(render_index(index, as_of_text), encoding="utf-8")
    return [path] + written


def write_picture(store: Store, kind: str, policy: str, output: Path, as_of: date | None = None) -> Path:
    """Write the ``lineage`` or ``matrix`` picture of a policy; the format follows the suffix (.svg, .png)."""
    output = Path(output)
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in pictures.FORMATS:
        raise pictures.PictureError(f"{output}: the picture's name must end in .svg or .png")
    report = data.policy_report(store, data.resolve_policy(store, policy), as_of)
    graph = pictures.lineage_graph(report) if kind == "lineage" else pictures.matrix_graph(report)
    output.write_bytes(pictures.render(graph, fmt))
    return output
