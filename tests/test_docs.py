"""The documentation describes the tool as it is: every file it cites exists, every option is in README."""
import json
import os
import re
from pathlib import Path

import click
from click.testing import CliRunner

from policykg.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "documents"


def _our_files():
    """The repository's own text files: no virtual environments, builds, stores or VCS data."""
    for folder, subfolders, names in os.walk(ROOT):
        subfolders[:] = [s for s in subfolders if not s.startswith(".") and s != "build" and "venv" not in s
                         and not s.endswith(".egg-info")]
        for name in names:
            if name.endswith((".py", ".md", ".cypher", ".cfg")):
                yield Path(folder) / name


def test_every_cited_markdown_file_exists():
    cited = {}
    for path in _our_files():
        if path != Path(__file__).resolve():
            for name in re.findall(r"[\w./-]+\.md\b", path.read_text("utf-8", errors="replace")):
                cited.setdefault(name, path)
    missing = {name: str(path) for name, path in cited.items()
               if not (ROOT / name).exists() and not (path.parent / name).exists()}
    assert missing == {}


def _keys(value, prefix=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{prefix}{key}"
            yield from _keys(item, f"{prefix}{key}.")
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item, prefix)


def test_extract_json_doc_names_every_field():
    doc = (ROOT / "docs" / "EXTRACT_JSON.md").read_text("utf-8")
    described = set(re.findall(r"^\| `([\w.]+)` \|", doc, re.M))
    produced = set()
    for seed in SEEDS.glob("*.txt"):
        produced |= set(_keys(json.loads(CliRunner().invoke(main, ["extract", str(seed)]).stdout)))
    assert produced - described == set()
    assert "```json" in doc


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))


def _flags(option: click.Option):
    return [flag for flag in option.opts + option.secondary_opts if flag not in ("-h", "--help")]


def test_readme_documents_every_command_option_and_setting():
    readme = (ROOT / "README.md").read_text("utf-8")

    def said(flag: str) -> bool:
        return re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", readme) is not None

    missing = [f"policykg {flag}" for option in main.params for flag in _flags(option) if not said(flag)]
    missing += [option.envvar for option in main.params if option.envvar and option.envvar not in readme]
    for path, command in _commands(main):
        words = " ".join(path)
        if f"policykg {words}" not in readme:
            missing.append(f"policykg {words}")
        lines = [line for line in readme.splitlines() if f"policykg {words}" in line or f"`{words}`" in line]
        section = "\n".join(lines)
        for option in command.params:
            if isinstance(option, click.Option):
                missing += [f"policykg {words} {flag}" for flag in _flags(option)
                            if not re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", section)]
    assert missing == []
