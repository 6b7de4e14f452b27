"""The publication bundle, on a real open-data conversation and on the hand-made one."""

import csv
import hashlib
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from assembly.errors import InputError
from assembly.report.bundle import bundle_files
from assembly.report.moderation import ModerationRecord
from assembly.report.source import report_from_export

DATA = Path(__file__).resolve().parents[2] / "data" / "polis-open-data"
# A small real conversation (26 voters, 39 statements, 3 rejected): its bundle, PDF included, takes seconds.
CONVERSATION = "london.youth.policing"


@pytest.fixture(scope="module")
def real():
    dataset, report, _, log = report_from_export(DATA / CONVERSATION, measure_compute=False)
    files = bundle_files(dataset, report, moderation_log=log)
    return dataset, report, files


def _rows(files, name):
    return list(csv.DictReader(io.StringIO(files[name].decode("utf-8"))))


def test_every_count_in_the_report_equals_the_count_in_the_bundled_csvs(real):
    """Check every figure of report.json against counts recomputed from the bundle's CSVs: 0 mismatches."""
    _, _, files = real
    doc = json.loads(files["report/report.json"])["report"]
    people = _rows(files, "data/participants-votes.csv")
    comments = _rows(files, "data/comments.csv")
    statement_ids = [k for k in people[0] if k.isdigit()]
    mismatches = []

    def check(what, in_report, in_csv):
        if in_report != in_csv:
            mismatches.append((what, in_report, in_csv))

    h = doc["headline"]
    voters = [p for p in people if any(p[s] != "" for s in statement_ids)]
    check("participants", h["participants"], len(voters))
    check("placed", h["placed"], sum(1 for p in people if p["group-id"] != ""))
    check("votes", h["votes"], sum(1 for p in people for s in statement_ids if p[s] != ""))
    check("vote records", h["vote_records"], len(_rows(files, "data/votes.csv")))
    check("submitted", h["statements_submitted"], len(comments))
    moderated = Counter(c["moderated"] for c in comments)
    check("accepted", h["accepted"], moderated["1"])
    check("rejected", h["rejected"], moderated["-1"])
    check("pending", h["pending"], moderated["0"])
    sizes = Counter(p["group-id"] for p in people if p["group-id"] != "")
    for g in doc["groups"]:
        check(f"group {g['letter']} size", g["size"], sizes[str(g["id"])])
    for s in doc["statements"]:
        sid = str(s["id"])
        cells = Counter(p[sid] for p in people) if sid in statement_ids else Counter()
        check(f"#{sid} agree", s["shares"]["agree"], cells["1"])
        check(f"#{sid} disagree", s["shares"]["disagree"], cells["-1"])
        check(f"#{sid} pass", s["shares"]["pass"], cells["0"])
        for g in s["groups"]:
            members = [p for p in people if p["group-id"] == str(g["group_id"])]
            in_group = Counter(p[sid] for p in members) if sid in statement_ids else Counter()
            counts = [g["shares"]["agree"], g["shares"]["disagree"], g["shares"]["pass"]]
            check(f"#{sid} group {g['group_id']}", counts, [in_group["1"], in_group["-1"], in_group["0"]])
    assert len(doc["statements"]) == 36 and len(doc["groups"]) >= 2  # the check covered something
    assert mismatches == []


def test_rejected_statements_appear_only_in_the_moderation_section_of_each_report(real):
    """Check that each rejected statement's text is in the moderation section and nowhere else."""
    dataset, _, files = real
    rejected = [s.text for s in dataset.statements if s.moderation.value == "rejected"]
    assert len(rejected) == 3
    html = files["report/report.html"].decode()
    start = html.index('<section id="moderation"')
    moderation = html[start : html.index("</section>", start)]
    doc = json.loads(files["report/report.json"])
    json_moderation = json.dumps(doc["report"].pop("moderation"), ensure_ascii=False)
    for text in rejected:
        escaped = text.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;")
        assert escaped in moderation and escaped not in html.replace(moderation, "")
        assert text in json_moderation and text not in json.dumps(doc, ensure_ascii=False)


def test_checksums_cover_every_other_file(real):
    """Check that SHA256SUMS lists every file but itself, each with its true SHA-256."""
    _, _, files = real
    listed = dict(reversed(line.split("  ", 1)) for line in files["SHA256SUMS"].decode().splitlines())
    assert sorted(listed) == sorted(set(files) - {"SHA256SUMS"})
    assert all(hashlib.sha256(files[name]).hexdigest() == digest for name, digest in listed.items())


def test_bundle_has_report_data_card_licence_and_datacite(real):
    """Check the parts: every report format, the pol.is CSVs, the data card, CC BY 4.0, DataCite."""
    _, report, files = real
    for name in (
        "report/report.html",
        "report/report.pdf",
        "report/report.md",
        "report/report.json",
        "data/comments.csv",
        "data/votes.csv",
        "data/participants-votes.csv",
        "data/summary.csv",
    ):
        assert files[name]
    card = files["README.md"].decode()
    for heading in (
        "## Purpose",
        "## Dates",
        "## Recruitment",
        "## Moderation criteria",
        "## Exclusions",
        "## Known limits",
    ):
        assert heading in card
    assert "Creative Commons Attribution 4.0 International" in files["LICENSE"].decode()
    meta = json.loads(files["datacite.json"])
    assert meta["types"]["resourceTypeGeneral"] == "Dataset"
    assert meta["rightsList"][0]["rightsIdentifier"] == "cc-by-4.0"
    assert meta["dates"] == [{"date": "2022-07-27/2022-07-27", "dateType": "Collected"}]
    assert meta["titles"][0]["title"].startswith(report.title)


def test_nothing_in_the_bundle_identifies_a_participant(dataset, analysis, positions, thresholds):
    """Check that participants' external ids (xid) are in no file, and that no moderator is named."""
    from assembly.report.build import build_report

    report = build_report(dataset, analysis, positions=positions, thresholds=thresholds)
    log = [ModerationRecord("statement.reject", 3, reason="spam")]
    files = bundle_files(dataset, report, moderation_log=log)
    assert not any(b"secret-" in content for content in files.values())
    assert files["data/moderation-log.csv"].decode().splitlines()[1] == ",statement.reject,3,,spam,"


def test_the_licence_can_be_changed_and_an_unknown_one_is_refused(dataset, analysis, positions, thresholds):
    """Check that --licence CC0-1.0 changes LICENSE and DataCite, and that a made-up licence is an error."""
    from assembly.report.build import build_report

    report = build_report(dataset, analysis, positions=positions, thresholds=thresholds)
    files = bundle_files(dataset, report, licence="cc0-1.0", creators=["Europeana Foundation"])
    assert "Creative Commons Zero" in files["LICENSE"].decode()
    meta = json.loads(files["datacite.json"])
    assert meta["rightsList"][0]["rightsIdentifier"] == "cc0-1.0"
    assert meta["creators"] == [{"name": "Europeana Foundation"}]
    with pytest.raises(InputError, match="unknown licence 'MIT-ish'"):
        bundle_files(dataset, report, licence="MIT-ish")


def test_same_input_gives_a_byte_identical_bundle(dataset, analysis, positions, thresholds):
    """Check that two bundles of the same report are identical, file by file, the PDF included."""
    from assembly.report.build import build_report

    report = build_report(dataset, analysis, positions=positions, thresholds=thresholds)
    assert bundle_files(dataset, report) == bundle_files(dataset, report)
