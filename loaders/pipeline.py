"""One document's text → :class:`~policykg.model.Document`, in named steps over one :class:`Reading`.

    clean       strip HTML and page debris, keep line numbers                (text.clean_lines)
    segment     page furniture, hard wraps and glued paragraphs undone;      (segment.segment,
                each line's kind decided once, with the headings above it     segment.classify)
    metadata    文号, title, issuer, dates, place                             (metadata.read_metadata)
    citations   documents the text cites                                      (citations.find_citations)
    recognize   one recognizer per layout family, in ``RECOGNIZERS`` order;   (layouts/)
                each claims the segments it reads and adds task drafts
    assemble    drafts → tasks: agencies, deadlines, targets resolved         (assemble.assemble)
    check       segments with owner words that no recognizer claimed          (check.unclaimed)

A document that gives no task is still a policy: its metadata and citations are what a lineage needs.
"""
from __future__ import annotations

import hashlib
from datetime import date

from ..model import Document, Finding, Policy, Source, policy_id
from .agencies import AgencyResolver
from .assemble import assemble
from .check import unclaimed
from .citations import find_citations
from .layouts import RECOGNIZERS
from .lexicon import lexicon
from .metadata import read_metadata
from .segment import classify, segment
from .text import LoadError, clean_lines, strip_html
from .types import Reading


def parse_text(text: str, name: str, sha256: str | None = None, locations: list[str] | None = None) -> Document:
    """Parse a decoded document.

    ``locations``, from readers of paged or structured files (PDF, Word), names where line ``n`` of
    ``text`` stands in the original (``locations[n - 1]``, e.g. "page 3, line 12"). Raises
    :class:`LoadError` only when the text is no document at all: no task, no title, no 文号, no citation.
    """
    sha256 = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = segment(clean_lines(strip_html(text)))
    meta = read_metadata(lines)
    issued = date.fromisoformat(meta.issued) if meta.issued else None
    place = meta.place
    policy = Policy(
        id=policy_id(meta.number, sha256, meta.issuer, place.name if place else None, meta.title, meta.issued),
        number=meta.number, title=meta.title, issuer=meta.issuer,
        jurisdiction=place.name if place else None, level=place.level if place else None,
        issued=meta.issued, source=Source(file=name, sha256=sha256), published=meta.published,
        validity=meta.validity, province=place.province if place else None)
    doc = Document(policy=policy)
    _citations(doc, lines, meta)
    segments = classify(lines)
    first_listed = lexicon().first_listed
    reading = Reading(segments=segments, issued=issued,
                      rule_from=next((s.index for s in segments if first_listed.search(s.text)), None))
    resolver = AgencyResolver(place, meta.parent)
    for recognizer in RECOGNIZERS:
        recognizer.run(reading, resolver, doc)
    assemble(doc, reading, resolver)
    doc.findings += unclaimed(reading)
    if place is None and doc.tasks:
        doc.findings.append(Finding(1, "no-place", policy.title or "", (
            "no place is named by the issuer, title, 文号 or signature: agencies keep their names as written, "
            "without a jurisdiction")))
    if not doc.tasks and not (policy.title or policy.number or doc.citations):
        raise LoadError(f"{name}: no tasks, no title, no 文号 and no citation found: not a policy document")
    if locations:
        for task in doc.all_tasks():
            if 0 < task.line <= len(locations):
                task.location = locations[task.line - 1]
                task.ocr = "(OCR" in task.location  # page P, line L (OCR, confidence 0.87)
    return doc


def _citations(doc: Document, lines, meta) -> None:
    """Every citation once per line it stands on."""
    seen: set[tuple] = set()
    for line in lines:
        for citation in find_citations(line.text, line.no, doc.policy.number, meta.number_code, meta.place,
                                       doc.policy.title):
            key = (citation.number, citation.title, citation.line)
            if key not in seen:
                seen.add(key)
                doc.citations.append(citation)
