"""Translations as exported beside the pol.is CSV files: ``translations.csv`` (no Django here, so the
report's bundle can write it).

The pol.is files keep every text as its author wrote it; this file carries the other languages, one row
per translation, with its provenance: what it translates (``kind``, ``id``: a statement's ``comment-id``,
a theme's or the consultation's own number, a group id, a criterion's index; ``field``), the language
pair, the text, ``status`` (approved, or draft in the archival set only), ``origin`` (machine or human),
the machine ``provider``, and when it was approved. Who approved it is in the archival set only: staff
names are personal data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, fields

__all__ = ["TRANSLATIONS_FILE", "TranslationRecord", "translations_csv"]

TRANSLATIONS_FILE = "translations.csv"


@dataclass(frozen=True)
class TranslationRecord:
    kind: str
    id: int
    field: str
    source_language: str
    language: str
    text: str
    status: str
    origin: str
    provider: str
    approved_at: str  # ISO 8601, "" for a draft
    approved_by: str = ""  # archival set only


def translations_csv(records: Sequence[TranslationRecord], *, archival: bool = False) -> bytes:
    """The CSV file: approved translations only unless ``archival`` (drafts too, and who approved)."""
    names = [f.name for f in fields(TranslationRecord) if archival or f.name != "approved_by"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([n.replace("_", "-") for n in names])
    for record in records:
        if archival or record.status == "approved":
            writer.writerow([getattr(record, n) for n in names])
    return out.getvalue().encode("utf-8")
