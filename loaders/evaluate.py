"""Accuracy harness: the loader's output against hand-written gold, field by field.

Gold is one JSON per document (``STEM.json``, docs/EXTRACT_JSON.md's shape), matched to the
document ``STEM.*`` in the documents folder. Each field is compared as a multiset of facts:

* ``tasks``: (section path, number)
* ``agencies``: (task, unit as written, role) — ``agency names``: (task, canonical name, kind, role)
* ``deadlines``: (task, kind, start, end, rule)
* ``targets``: (line, op, value, unit) — ``target dates``: the same with ``by``
* ``citations``: (line, 文号 or normalised title) — ``citation issuers``: (the same 文号 or title,
  issuer, level), so a document cited by title alone is scored too
* ``metadata``: (field, value) for number, title, issuer, jurisdiction, level, issued

Subtasks count as tasks. A field the gold file leaves out (no ``targets``, no ``citations``, no
``policy`` key) is not scored for that document, and a gold file whose document is not in the
documents folder is reported and left out, so a folder is scored on what it holds.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import LoadError, load_path

FIELDS = ("tasks", "agencies", "agency names", "deadlines", "targets", "target dates", "citations",
          "citation issuers", "metadata")
_META = ("number", "title", "issuer", "jurisdiction", "level", "issued")
_TITLE_MAP = str.maketrans({"〈": "<", "〉": ">", "《": "<", "》": ">", "（": "(", "）": ")", "—": "-", "–": "-",
                            "，": ",", "：": ":"})


def norm_title(title: str | None) -> str | None:
    return re.sub(r"\s+", "", title).translate(_TITLE_MAP) if title else None


_NEEDS = {"targets": "targets", "target dates": "targets", "citations": "citations",
          "citation issuers": "citations", "metadata": "policy"}


def _scored(gold: dict) -> list[str]:
    """The fields a gold file gives: those it leaves out are not scored."""
    return [name for name in FIELDS if _NEEDS.get(name, "tasks") in gold]


def _all_tasks(tasks: list[dict]) -> list[dict]:
    return [each for task in tasks for each in (task, *_all_tasks(task.get("subtasks", [])))]


def _facts(data: dict) -> dict[str, Counter]:
    """The comparable facts of one document's JSON (gold or predicted)."""
    facts: dict[str, Counter] = {name: Counter() for name in FIELDS}
    tasks = _all_tasks(data.get("tasks", []))
    for task in tasks:
        key = (" › ".join(task["path"]), task["number"])  # paths as every command prints them
        facts["tasks"][key] += 1
        for agency in task["agencies"]:
            facts["agencies"][(key, agency["raw"], agency["role"])] += 1
            facts["agency names"][(key, agency["name"], agency["kind"], agency["role"])] += 1
        deadline = task.get("deadline")
        if deadline:
            facts["deadlines"][(key, deadline["kind"], deadline["start"], deadline["end"], deadline["rule"])] += 1
    for target in data.get("targets", []) + [t for task in tasks for t in task.get("targets", [])]:
        core = (target["line"], target["op"], float(target["value"]), target["unit"])
        facts["targets"][core] += 1
        facts["target dates"][core + (target["by"],)] += 1
    for citation in data.get("citations", []):
        cited = citation["number"] or norm_title(citation["title"])
        facts["citations"][(citation["line"], cited)] += 1
        if cited and citation.get("level") != "standard":  # a document cited by title alone too
            facts["citation issuers"][(cited, citation["issuer"], citation["level"])] += 1
    policy = data.get("policy", {})
    for name in _META:
        value = norm_title(policy.get(name)) if name == "title" else policy.get(name)
        facts["metadata"][(name, value)] += 1
    return facts


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    documents: int = 0  # documents whose gold gives this field

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in FIELDS})
    misses: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # gold files with no document: not scored
    documents: int = 0

    def add(self, stem: str, gold: dict, predicted: dict) -> None:
        self.documents += 1
        gold_facts, predicted_facts = _facts(gold), _facts(predicted)
        for name in _scored(gold):
            g, p = gold_facts[name], predicted_facts[name]
            if name == "metadata":  # a field the gold leaves empty is not scored
                g = Counter({k: v for k, v in g.items() if k[1] is not None})
                p = Counter({k: v for k, v in p.items() if (k[0], None) not in gold_facts[name]})
            both = g & p
            score = self.scores[name]
            score.documents += 1
            score.tp += sum(both.values())
            score.fp += sum((p - g).values())
            score.fn += sum((g - p).values())
            self.misses += [f"{stem} {name}: missing {fact}" for fact in (g - p)]
            self.misses += [f"{stem} {name}: extra {fact}" for fact in (p - g)]


def evaluate(gold_dir: str | Path, docs_dir: str | Path) -> Report:
    report = Report()
    docs = {p.stem: p for p in Path(docs_dir).iterdir() if p.is_file()}
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text("utf-8"))
        stem = gold_path.stem
        if stem not in docs:
            report.skipped.append(f"{gold_path.name}: no document {stem}.* in {docs_dir}: not scored")
            continue
        try:
            predicted = load_path(docs[stem]).to_json()
        except LoadError as error:
            report.misses.append(f"{stem}: {error}")
            predicted = {"policy": {}, "tasks": [], "targets": [], "citations": []}
        report.add(stem, gold, predicted)
    return report
