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
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from assembly.dataset import Dataset
from assembly.errors import InputError
from assembly.report.compute import ComputeRecord
from assembly.report.model import Report
from assembly.report.moderation import MODERATION_LOG_FILE, NO_REASON, ModerationRecord, write_moderation_log
from assembly.report.source import FORMATS, render_report
from assembly.report.wording import number

__all__ = ["LICENCES", "anonymised", "bundle_files", "data_card", "datacite_metadata", "licence_text"]

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
) -> str:
    """The data card (Markdown): what the data is, how it was gathered, what was left out, its limits."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("assembly.report", "templates"),
        autoescape=False,  # noqa: S701 (Markdown, not HTML)
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
) -> dict[str, bytes]:
    """Every file of the bundle by relative path, SHA256SUMS included. Nothing is written.

    Raises
    ------
    InputError
        An unknown licence.
    """
    spdx = check_licence(licence)
    clean = anonymised(dataset)
    group_ids = {int(m): int(g["id"]) for g in report.analysis.get("groups", []) for m in g["members"]}
    files = _csv_files(clean, group_ids)
    if moderation_log is not None:
        with tempfile.TemporaryDirectory() as tmp:
            path = write_moderation_log(moderation_log, Path(tmp) / MODERATION_LOG_FILE)
            files[f"data/{MODERATION_LOG_FILE}"] = path.read_bytes()
    files.update(render_report(report, FORMATS, compute=compute, prefix="report/"))
    reasons = sorted({r for _, r, _ in report.moderation.decisions_by_reason if r != NO_REASON})
    files["README.md"] = data_card(
        report,
        clean,
        spdx=spdx,
        moderation_known=moderation_log is not None,
        reasons=reasons,
        files=sorted(files),
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
