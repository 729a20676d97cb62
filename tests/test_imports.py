"""A command imports only what it runs: the heavy libraries load on first use."""
from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("rdflib", "pyshacl", "jinja2", "graphviz", "pdfplumber", "docx", "lxml", "neo4j", "falkordb", "redis",
         "networkx", "rich", "cn2an", "policykg.loaders")


def imported_after(code: str) -> set[str]:
    """The heavy modules in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    probe = code + f"\nimport sys\nprint('imported:', *(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.rsplit("imported:", 1)[1].split())


def test_importing_the_command_line_imports_no_heavy_library():
    assert imported_after("import policykg.cli") == set()


@pytest.mark.parametrize("args", [["--version"], ["queries", "--format", "json"], ["server", "status"]])
def test_commands_that_open_no_store_import_no_heavy_library(args, tmp_path):
    code = ("import sys\nfrom policykg.cli import main\n"
            f"try:\n    main({['--data-dir', str(tmp_path), *args]!r})\nexcept SystemExit:\n    pass")
    assert imported_after(code) == set()


def test_a_question_needs_neither_redis_nor_networkx_nor_the_loaders():
    """What a query command imports to open the embedded store and ask (the server is not started)."""
    code = "import policykg.store.falkor, policykg.queries, policykg.store"
    assert imported_after(code) == set()
