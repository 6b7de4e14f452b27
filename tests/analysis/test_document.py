"""Specification of the analysis document: the typed contract between the analysis and its readers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assembly.analysis.categories import Thresholds
from assembly.analysis.document import FORMAT_VERSION, AnalysisDocument, DocumentFormatError, VoteCounts
from assembly.analysis.serialize import analysis_document, analysis_to_json, run_record_analysis
from assembly.analysis.types import Moderation
from assembly.polis import read_export

DATA = Path(__file__).parent / "data"
# Written by `assembly analyze --json --internal` (and without --internal: disclosed) on main before the
# document had a format version: what snapshots stored in the database until then.
STORED_V1 = DATA / "analysis-v1-london-youth-policing.json"
STORED_V1_DISCLOSED = DATA / "analysis-v1-london-youth-policing-disclosed.json"
EXPORT = Path(__file__).resolve().parents[2] / "data" / "polis-open-data" / "london.youth.policing"


def _stored(path: Path) -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return raw


@pytest.mark.parametrize("path", [STORED_V1, STORED_V1_DISCLOSED], ids=["internal", "disclosed"])
def test_a_version_1_document_stored_before_the_format_version_is_read_whole(path: Path) -> None:
    """Check that a document written before ``format_version`` existed reads back, and writes back the
    same keys and values, plus the format version and the default thresholds it was computed with."""
    raw = _stored(path)
    document = AnalysisDocument.from_json(raw)
    written = document.to_json()
    assert written.pop("format_version") == FORMAT_VERSION == 2
    assert written.pop("thresholds") == {
        "consensus": 0.6,
        "majority_disagree": 0.6,
        "friction": 0.3,
        "uncertainty": 0.3,
        "confidence": 0.95,
        "interval": "wilson",
        "min_group_votes": 5,
    }
    assert json.dumps(written) == json.dumps(raw)  # same keys, same order, same values
    assert document.thresholds == Thresholds()


def test_a_stored_version_1_document_reads_into_typed_fields() -> None:
    """Check a few typed fields of the stored example against its JSON."""
    raw = _stored(STORED_V1)
    document = AnalysisDocument.from_json(raw)
    assert document.participants == raw["participants"]
    assert [g.size for g in document.groups] == [len(g["members"]) for g in raw["groups"]]
    first = raw["statements"][0]
    entry = document.statements[0]
    assert entry.counts == VoteCounts(first["agree"], first["disagree"], first["pass"])
    assert entry.moderation is Moderation(first["moderation"])
    assert document.groups_given is (raw["group_source"] == "given")


def test_withheld_cells_of_a_disclosed_document_are_typed() -> None:
    """Check that a disclosed document's withheld statements and group cells are read as such."""
    raw = _stored(STORED_V1_DISCLOSED)
    document = AnalysisDocument.from_json(raw)
    withheld = [s["id"] for s in raw["statements"] if s.get("withheld")]
    assert withheld and [s.id for s in document.statements if s.counts.withheld] == withheld
    cells = {s["id"]: s["withheld_groups"] for s in raw["statements"] if s.get("withheld_groups")}
    assert (
        cells and {s.id: list(s.withheld_groups) for s in document.statements if s.withheld_groups} == cells
    )
    assert all(s.intervals is None for s in document.statements if s.counts.withheld)


def test_the_document_carries_the_thresholds_the_analysis_ran_with() -> None:
    """Check that thresholds given to the analysis are in the document and survive the JSON round trip."""
    dataset = read_export(EXPORT)
    thresholds = Thresholds(consensus=0.7, friction=0.25, min_group_votes=4)
    result = run_record_analysis(dataset, thresholds=thresholds)
    document = analysis_document(result, dataset)
    assert document.thresholds == thresholds
    raw = json.loads(json.dumps(analysis_to_json(result, dataset)))
    assert raw["thresholds"]["consensus"] == 0.7
    assert AnalysisDocument.from_json(raw) == document


def test_round_trip_gives_the_same_document_and_the_same_json() -> None:
    """Check from_json(to_json(d)) == d, and that the JSON text is the same twice."""
    dataset = read_export(EXPORT)
    document = analysis_document(run_record_analysis(dataset, seed=2), dataset)
    text = json.dumps(document.to_json())
    again = AnalysisDocument.from_json(json.loads(text))
    assert again == document
    assert json.dumps(again.to_json()) == text


@pytest.mark.parametrize("version", [3, 0, "2", None, True])
def test_an_unknown_format_version_is_refused_with_a_clear_error(version: object) -> None:
    """Check that a document of a format this code does not know is refused, naming the version and the
    versions it reads, instead of being half read."""
    raw = _stored(STORED_V1)
    raw["format_version"] = version
    with pytest.raises(DocumentFormatError, match=rf"format_version {version!r} is unknown.*versions 1 to 2"):
        AnalysisDocument.from_json(raw)


def test_a_missing_key_is_named() -> None:
    """Check that a document without one of its keys is refused with the key's name."""
    raw = _stored(STORED_V1)
    del raw["in_conv"]
    with pytest.raises(DocumentFormatError, match="in_conv"):
        AnalysisDocument.from_json(raw)


@pytest.mark.parametrize(
    ("thresholds", "named"),
    [
        ({"consensus": 1.5}, "consensus"),
        ({"consensus": 0.6, "typo": 1}, "typo"),
        ({"interval": "x"}, "interval"),
    ],
)
def test_bad_thresholds_are_refused_naming_the_field(thresholds: dict[str, Any], named: str) -> None:
    """Check that thresholds out of range, unknown or of the wrong kind are refused, naming the field."""
    raw = {**_stored(STORED_V1), "format_version": 2, "thresholds": thresholds}
    with pytest.raises(DocumentFormatError, match=named):
        AnalysisDocument.from_json(raw)


def test_an_unknown_category_flag_is_refused() -> None:
    """Check that a statement flagged with a category the vocabulary does not have is refused."""
    raw = _stored(STORED_V1)
    raw["statements"][0]["flags"] = {"agreement": "clear"}
    with pytest.raises(DocumentFormatError, match="agreement"):
        AnalysisDocument.from_json(raw)
