"""What a document's reading left out, said to the user: ``policykg check`` and the load summary.

A finding (``model.Finding``) is a paragraph that looks like it names owners but gave no task, a
clause that could not be read, a name given as an owner that is no unit, or a number that repeats
under one heading. ``load`` prints one line per file that has any; ``check`` lists each.

>>> from policykg.loaders import load_text
>>> doc = load_text("请各单位落实。（市财政局负责）\\n一、任务\\n1.建设平台。（市民政局牵头）", "x.txt")
>>> summary(doc)
'1 task(s); 1 paragraph(s) that look like they name owners gave no task: line 1 — run policykg check'
"""
from __future__ import annotations

import re

from ..model import Document, Finding
from .lexicon import lexicon
from .owners import brackets, leading_units
from .types import Reading

# words that make a paragraph look as if it names owners (for findings, never for facts)
_OWNER_WORDS = re.compile(r"牵头|负责|责任单位|责任部门|配合|参与|协办|指导")
_OWNER_VERB_ANYWHERE = re.compile(r"负责|牵头|会同|配合|联合")
_OWNER_VERB = re.compile(r"^(?:[^，,]{0,6}?)(负责(?!人|同志)|牵头|会同|配合|联合)")


def unclaimed(reading: Reading) -> list[Finding]:
    """Paragraphs no recognizer claimed that look like they name owners: a bracket with 牵头/负责/配合 …
    in it, or a label such as 责任单位：. Reported, never guessed at."""
    lex = lexicon()
    findings = []
    for seg in reading.unclaimed():
        hinted = [inner for _, _, inner in brackets(seg.text) if _OWNER_WORDS.search(inner)]
        labels = [m for m in lex.label.finditer(seg.text)
                  if lex.label_role[m.group(1)] in ("lead", "assist", "responsible")]
        if hinted or labels:
            findings.append(Finding(seg.line.no, "unread-paragraph", seg.text[:80], (
                "looks like it names owners but gave no task (no numbered item above it, or a clause "
                "policykg cannot read)")))
        elif _OWNER_VERB_ANYWHERE.search(seg.body) and (sentence := owner_sentence(seg.body)):
            findings.append(Finding(seg.line.no, "unread-sentence", sentence[:80], (
                "a sentence names a unit with an owner verb (负责, 牵头, 会同, 配合) but gave no task "
                "(no numbered item holds it, or its section is not one that divides work)")))
    return findings


def owner_sentence(text: str) -> str | None:
    """The first sentence of ``text`` that opens with a unit followed by an owner verb, if any.

    >>> owner_sentence("为做好工作，现通知如下。市民政局负责统筹协调。")
    '市民政局负责统筹协调'
    >>> owner_sentence("日常工作仍由市经信局负责。")
    '日常工作仍由市经信局负责'
    """
    for sentence in re.split(r"[。；;！？!?]", text):
        for piece in re.split(r"[，,]", sentence):
            piece = piece.strip()
            starts = [0] + [m.end() for m in re.finditer("由", piece)]  # X由Y负责: Y is named as owner
            for start in starts:
                part = re.sub(r"^(请|并|同时)", "", piece[start:])
                units, end = leading_units(part)
                if units and _OWNER_VERB.match(part[end:]):
                    return sentence.strip()
    return None


def summary(doc: Document) -> str | None:
    """One line for the load output when anything was left out, else None."""
    unread = [f.line for f in doc.findings if f.kind in ("unread-paragraph", "unread-sentence")]
    pieces = [f for f in doc.findings if f.kind == "unread-clause"]
    rejected = [f for f in doc.findings if f.kind == "not-a-unit"]
    repeated = [f for f in doc.findings if f.kind == "repeated-number"]
    if not (unread or pieces or rejected or repeated):
        return None
    parts = [f"{len(doc.all_tasks())} task(s)"]
    if unread:
        lines = ", ".join(str(n) for n in unread[:5]) + (" …" if len(unread) > 5 else "")
        parts.append(f"{len(unread)} paragraph(s) that look like they name owners gave no task: line {lines}")
    if pieces:
        parts.append(f"{len(pieces)} piece(s) of owner clauses name no owner and were not read")
    if rejected:
        parts.append(f"{len(rejected)} name(s) given as owners are no unit and were not stored")
    if repeated:
        parts.append(f"{len(repeated)} number(s) repeat under one heading (kept as separate tasks)")
    return "; ".join(parts) + " — run policykg check"


def rows(doc: Document) -> list[list]:
    """One row per finding: line, kind, the text concerned, what it means."""
    return [[f.line, f.kind, f.text, f.message] for f in sorted(doc.findings, key=lambda f: f.line)]
