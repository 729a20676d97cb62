"""Report pages and pictures for analysts, read from the stored graph.

:mod:`.data` reads a policy's metadata, lineage, tasks and owners through the store;
:mod:`.pictures` lays out the lineage and the owner matrix with Graphviz; :mod:`.pages` writes
self-contained HTML from the Jinja2 templates in ``templates/``; :mod:`.commands` are the
``report`` and ``show`` commands of the CLI.
"""
