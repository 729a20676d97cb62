"""The Jinja2 environment of the report templates (``templates/``), escaping every value."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True)
