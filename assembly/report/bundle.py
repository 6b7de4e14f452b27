"""The publication bundle: report, data, data card, licence, checksums and DataCite metadata in one folder.

Layout::

    DIR/
      README.md            the data card: purpose, dates, recruitment, moderation, exclusions, known limits
      LICENSE              the licence the bundle is published under (CC BY 4.0 unless told otherwise)
      datacite.json        DataCite metadata (kernel 4) for a Zenodo or institutional repository deposit
      SHA256SUMS           the SHA-256 of every other file (check with ``sha256sum -c SHA256SUMS``)
      data/                the votes in pol.is's CSV export format, with Assembly's group ids
        comments.csv  votes.csv  participants-votes.csv  summary.csv  [themes.csv]  [moderation-log.csv]
      report/              the report in every format, and compute.json

Nothing in it identifies a participant: participant ids are the source's pseudonymous numbers, external
ids (xid) are dropped, and the moderation log carries no moderator.

By default the bundle is the *publication* set (:func:`publication_set`), which follows the web report's
rule: texts of statements a moderator did not accept (rejected, or still pending) are withheld, the
moderation log has no free-text notes, and every time (votes, statements, the log) is rounded down to
the hour, since a vote's exact millisecond can be matched with when someone was seen at a screen. The
archival set (``archival=True``, ``assembly bundle --archival``) keeps all of it, for a closed archive;
the data card says which set was written. The report inside applies the small-numbers rule it was built
with (assembly.disclosure), and a bundle of too few participants is refused: its votes.csv would be
their votes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import tempfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
import numpy as np

from assembly.analysis.types import Moderation, VoteLog
from assembly.dataset import Dataset
from assembly.errors import InputError
from assembly.report.compute import ComputeRecord
from assembly.report.model import Report
from assembly.report.moderation import MODERATION_LOG_FILE, NO_REASON, ModerationRecord, write_moderation_log
from assembly.report.source import FORMATS, render_report
from assembly.report.wording import number
from assembly.translation.records import TRANSLATIONS_FILE, TranslationRecord, translations_csv

__all__ = [
    "LICENCES",
    "TIME_RESOLUTION_MS",
    "WITHHELD_TEXT",
    "anonymised",
    "bundle_files",
    "data_card",
    "datacite_metadata",
    "licence_text",
    "publication_set",
]

# SPDX id -> (name, legal code URL). CC BY 4.0 is the default: the licence of pol.is's open data.
LICENCES = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/legalcode",
    ),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution-ShareAlike 4.0 International",
        "https://creativecommons.org/licenses/by-sa/4.0/legalcode",
    ),
    "CC0-1.0": (
        "Creative Commons Zero v1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/legalcode",
    ),
}
DEFAULT_LICENCE = "CC-BY-4.0"
TO_COMPLETE = "To be completed by the organisers"
SUMS_FILE = "SHA256SUMS"
# The publication set's times are rounded down to this (an hour): enough to date a consultation's
# phases, too coarse to match a vote with when someone was seen voting.
TIME_RESOLUTION_MS = 3_600_000
# Stands in for the text of a statement no moderator accepted (the web report's wording).
WITHHELD_TEXT = "[text withheld: not published]"
# What each data file holds, for the data card (listed only when the bundle has the file).
FILE_CONTENTS = {
    "data/comments.csv": "every submitted statement with its moderation state (1 accepted, 0 not moderated, "
    "-1 rejected), is-meta and is-seed flags",
    "data/votes.csv": "every vote (1 agree, -1 disagree, 0 pass), changed votes included",
    "data/participants-votes.csv": "each participant's latest vote on each statement, and the opinion group "
    "Assembly's analysis placed them in (group-id; empty when not placed)",
    "data/summary.csv": "the consultation's topic, description and totals",
    "data/themes.csv": "the staff's theme for each statement",
    f"data/{MODERATION_LOG_FILE}": "the anonymised moderation log: decisions and reasons, no moderators",
    f"data/{TRANSLATIONS_FILE}": "the translations of the consultation's texts and statements (the CSV files "
    "above keep the originals), with their provenance: machine or person, the machine service, when approved",
    "report/": "the report in HTML, PDF, Markdown (with charts/) and JSON; compute.json, when present, is "
    "the measured computing cost",
}


def check_licence(spdx: str) -> str:
    """The licence's SPDX id in canonical case; an unknown one raises InputError listing the choices."""
    for key in LICENCES:
        if key.lower() == spdx.strip().lower():
            return key
    raise InputError(f"--licence: unknown licence {spdx!r}; choose from {', '.join(LICENCES)}")


def anonymised(dataset: Dataset) -> Dataset:
    """A copy without external participant ids (xid); pseudonymous participant numbers stay."""
    return dataclasses.replace(
        dataset, participants=[dataclasses.replace(p, xid=None) for p in dataset.participants]
    )


def _hour(ms: float | None) -> float | None:
    return None if ms is None else float(ms // TIME_RESOLUTION_MS * TIME_RESOLUTION_MS)


def _coarse_votes(votes: VoteLog) -> VoteLog:
    """The votes with times rounded down to the hour. Rows are first put in time order, so that each
    participant's latest vote on a statement stays the same (ties in rounded times go by row order)."""
    if votes.timestamps is None or len(votes) == 0:
        return votes
    order = np.argsort(votes.timestamps, kind="stable")
    times = np.floor(votes.timestamps[order] / TIME_RESOLUTION_MS) * TIME_RESOLUTION_MS
    return VoteLog(votes.participant_ids[order], votes.statement_ids[order], votes.values[order], times)


def _withheld_text(moderation: Moderation | str) -> bool:
    return Moderation(moderation) is not Moderation.ACCEPTED


def publication_set(
    dataset: Dataset, report: Report, log: Sequence[ModerationRecord] | None
) -> tuple[Dataset, Report, list[ModerationRecord] | None]:
    """What a public bundle may hold: no text of a statement a moderator did not accept (rejected or
    pending: unreviewed text may hold personal data), no moderator's note, times to the hour."""
    statements = [
        dataclasses.replace(s, text=WITHHELD_TEXT, created=_hour(s.created))
        if _withheld_text(s.moderation)
        else dataclasses.replace(s, created=_hour(s.created))
        for s in dataset.statements
    ]
    clean = dataclasses.replace(dataset, statements=statements, votes=_coarse_votes(dataset.votes))
    analysis = report.analysis
    if analysis is not None:
        analysis = dataclasses.replace(
            analysis,
            statements=tuple(
                dataclasses.replace(s, text=WITHHELD_TEXT) if _withheld_text(s.moderation) else s
                for s in analysis.statements
            ),
        )
    moderation = dataclasses.replace(
        report.moderation,
        unpublished=tuple(dataclasses.replace(u, text=WITHHELD_TEXT) for u in report.moderation.unpublished),
    )
    views = tuple(
        dataclasses.replace(v, text=WITHHELD_TEXT, original=None) if _withheld_text(v.moderation) else v
        for v in report.statements
    )
    public = dataclasses.replace(report, statements=views, moderation=moderation, analysis=analysis)
    records = None
    if log is not None:
        records = [dataclasses.replace(r, note="", timestamp=_hour_text(r.timestamp)) for r in log]
    return clean, public, records


def _hour_text(timestamp: str) -> str:
    """An ISO 8601 time rounded down to the hour; an unreadable one is dropped rather than published."""
    if not timestamp:
        return ""
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return ""
    return moment.replace(minute=0, second=0, microsecond=0).isoformat()


def licence_text(spdx: str, *, title: str, attribution: str | None) -> str:
    name, url = LICENCES[spdx]
    lines = [
        f"{title}: data and report",
        "",
        f"This bundle (the data under data/ and the report under report/) is published under the {name} "
        f"licence ({spdx}).",
        f"The full legal code is at {url}",
    ]
    if spdx != "CC0-1.0":
        lines += [
            "",
            "When you share or adapt it, give appropriate credit, link to the licence and say what you "
            "changed.",
        ]
    if attribution:
        lines += ["", f"Required attribution: {attribution}"]
    lines += [
        "",
        "The software that produced the report, Assembly, is licensed separately under the EUPL-1.2.",
    ]
    return "\n".join(lines) + "\n"


def _simulated(dataset: Dataset) -> bool:
    text = " ".join(dataset.summary.get(k, "") for k in ("topic", "conversation-description", "description"))
    return "simulated" in text.lower()


def data_card(
    report: Report,
    dataset: Dataset,
    *,
    spdx: str,
    moderation_known: bool,
    reasons: Sequence[str],
    files: Sequence[str],
    archival: bool = False,
) -> str:
    """The data card (Markdown): what the data is, how it was gathered, what was left out, its limits.

    Every value printed in it is escaped as report.md escapes text
    (:func:`~assembly.report.render_markdown.md`): titles, descriptions and moderation reasons come from
    an imported export, which anyone can write, and a Markdown renderer (a repository's landing page)
    would otherwise render their links, images and HTML.
    """
    from assembly.report.render_markdown import md

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("assembly.report", "templates"),
        autoescape=False,  # noqa: S701 (Markdown, not HTML: escaped by ``finalize`` instead)
        finalize=md,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        keep_trailing_newline=True,
    )
    name, url = LICENCES[spdx]
    text = env.get_template("datacard.md").render(
        r=report,
        h=report.headline,
        n=number,
        to_complete=TO_COMPLETE,
        purpose=report.description
        or f"The consultation asked: “{report.title}”. {TO_COMPLETE}: why it was run, what it is for.",
        files=[
            (name, text)
            for name, text in FILE_CONTENTS.items()
            if name in files or (name.endswith("/") and any(f.startswith(name) for f in files))
        ],
        reasons=list(reasons),
        moderation_known=moderation_known,
        archival=archival,
        withheld=report.withheld,
        withheld_text=WITHHELD_TEXT,
        simulated=_simulated(dataset),
        spdx=spdx,
        licence_name=name,
        licence_url=url,
    )
    return re.sub(r"\n{3,}", "\n\n", text)


def _methods_description(report: Report) -> str:
    h, m = report.headline, report.method
    return (
        f"{h.participants} participants cast {h.votes} votes on {h.statements_published} published "
        f"statements. Analysed with Assembly {m.software_version} ({m.method or 'not run'} method, "
        f"seed {m.seed})."
    )


def datacite_metadata(
    report: Report, *, spdx: str, creators: Sequence[str], publisher: str | None, n_files: int
) -> dict[str, Any]:
    """DataCite metadata (kernel 4, the JSON attributes of DataCite's REST API) for a deposit."""
    h = report.headline
    name, url = LICENCES[spdx]
    year = (h.last_vote or "")[:4] or None
    meta: dict[str, Any] = {
        "schemaVersion": "http://datacite.org/schema/kernel-4",
        "types": {"resourceTypeGeneral": "Dataset", "resourceType": "Consultation votes and report"},
        "titles": [{"title": f"{report.title}: votes, statements and report"}],
        "creators": [{"name": c} for c in creators] or [{"name": TO_COMPLETE}],
        "publisher": {"name": publisher or TO_COMPLETE},
        "publicationYear": year or TO_COMPLETE,
        "subjects": [
            {"subject": s} for s in ("alignment assembly", "public consultation", "pol.is", "opinion groups")
        ],
        "language": "en",
        "formats": ["text/csv", "text/html", "application/pdf", "text/markdown", "application/json"],
        "sizes": [f"{n_files} files"],
        "version": "1",
        "rightsList": [
            {
                "rights": name,
                "rightsUri": url,
                "rightsIdentifier": spdx.lower(),
                "rightsIdentifierScheme": "SPDX",
                "schemeUri": "https://spdx.org/licenses/",
            }
        ],
        "descriptions": [
            {"description": report.description or report.title, "descriptionType": "Abstract"},
            {"description": _methods_description(report), "descriptionType": "Methods"},
        ],
    }
    if h.first_vote:
        meta["dates"] = [{"date": f"{h.first_vote}/{h.last_vote}", "dateType": "Collected"}]
    if report.source_url:
        meta["relatedIdentifiers"] = [
            {
                "relatedIdentifier": report.source_url,
                "relatedIdentifierType": "URL",
                "relationType": "IsDerivedFrom",
            }
        ]
    return meta


def _csv_files(dataset: Dataset, group_ids: Mapping[int, int]) -> dict[str, bytes]:
    from assembly.polis import write_csv_export

    with tempfile.TemporaryDirectory() as tmp:
        paths = write_csv_export(dataset, tmp, group_ids=dict(group_ids))
        return {f"data/{Path(p).name}": Path(p).read_bytes() for p in paths}


def bundle_files(
    dataset: Dataset,
    report: Report,
    *,
    compute: ComputeRecord | None = None,
    moderation_log: Sequence[ModerationRecord] | None = None,
    licence: str = DEFAULT_LICENCE,
    creators: Sequence[str] = (),
    publisher: str | None = None,
    archival: bool = False,
    translations: Sequence[TranslationRecord] = (),
) -> dict[str, bytes]:
    """Every file of the bundle by relative path, SHA256SUMS included. Nothing is written.

    ``translations``: the consultation's translations, written to ``data/translations.csv`` beside the
    pol.is files (which keep the original texts); the publication set has the approved ones of the
    statements whose text it publishes.

    The publication set by default (:func:`publication_set`); ``archival`` keeps every text, note and
    exact time.

    Raises
    ------
    InputError
        An unknown licence, or a report whose results the small-numbers rule withholds whole (too few
        participants: the bundle's votes would be theirs).
    """
    spdx = check_licence(licence)
    withheld = report.withheld or {}
    if withheld.get("everything"):
        raise InputError(
            f"too few participants to publish: {report.headline.participants} voted, and results are "
            f"withheld below {withheld['min_participants']}; the bundle's data would show their votes "
            "(use --internal for a copy that is not to be published)"
        )
    clean = anonymised(dataset)
    if not archival:
        clean, report, moderation_log = publication_set(clean, report, moderation_log)
    group_ids = report.analysis.group_of() if report.analysis is not None else {}
    files = _csv_files(clean, group_ids)
    if moderation_log is not None:
        with tempfile.TemporaryDirectory() as tmp:
            path = write_moderation_log(moderation_log, Path(tmp) / MODERATION_LOG_FILE)
            files[f"data/{MODERATION_LOG_FILE}"] = path.read_bytes()
    if translations:
        published = {s.id for s in clean.statements if s.text != WITHHELD_TEXT}
        kept = [t for t in translations if t.kind != "statement" or t.id in published]
        files[f"data/{TRANSLATIONS_FILE}"] = translations_csv(kept, archival=archival)
    files.update(render_report(report, FORMATS, compute=compute, prefix="report/"))
    reasons = sorted({r for _, r, _ in report.moderation.decisions_by_reason if r != NO_REASON})
    files["README.md"] = data_card(
        report,
        clean,
        spdx=spdx,
        moderation_known=moderation_log is not None,
        reasons=reasons,
        files=sorted(files),
        archival=archival,
    ).encode("utf-8")
    files["LICENSE"] = licence_text(spdx, title=report.title, attribution=report.attribution).encode("utf-8")
    meta = datacite_metadata(
        report, spdx=spdx, creators=creators, publisher=publisher, n_files=len(files) + 2
    )
    files["datacite.json"] = (json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode(
        "utf-8"
    )
    sums = "".join(
        f"{hashlib.sha256(content).hexdigest()}  {rel}\n" for rel, content in sorted(files.items())
    )
    files[SUMS_FILE] = sums.encode("utf-8")
    return files
