"""The publication bundle, on a real open-data conversation and on the hand-made one."""

import copy
import csv
import dataclasses
import hashlib
import io
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
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
    withheld = []
    for s in doc["statements"]:
        sid = str(s["id"])
        cells = Counter(p[sid] for p in people) if sid in statement_ids else Counter()
        voters = cells["1"] + cells["-1"] + cells["0"]
        if s["shares"].get("withheld"):  # the small-numbers rule: fewer than 5 voted on it
            withheld.append(sid)
            check(f"#{sid} withheld with {voters} voters", 0 < voters < 5, True)
            continue
        check(f"#{sid} agree", s["shares"]["agree"], cells["1"])
        check(f"#{sid} disagree", s["shares"]["disagree"], cells["-1"])
        check(f"#{sid} pass", s["shares"]["pass"], cells["0"])
        shown = 0
        for g in s["groups"]:
            members = [p for p in people if p["group-id"] == str(g["group_id"])]
            in_group = Counter(p[sid] for p in members) if sid in statement_ids else Counter()
            if g["shares"].get("withheld"):
                continue
            counts = [g["shares"]["agree"], g["shares"]["disagree"], g["shares"]["pass"]]
            check(f"#{sid} group {g['group_id']}", counts, [in_group["1"], in_group["-1"], in_group["0"]])
            shown += sum(counts)
        # No withheld group figure can be worked out from the total and the group figures shown.
        check(f"#{sid} remainder", 0 < voters - shown < 5, False)
    assert len(doc["statements"]) == 36 and len(doc["groups"]) >= 2  # the check covered something
    assert len(withheld) < len(doc["statements"]) / 2
    assert mismatches == []


def test_rejected_statements_appear_only_in_the_moderation_section_of_each_archival_report(real):
    """Check that, in the archival set, each rejected statement's text is in the moderation section and
    nowhere else."""
    dataset, report, _ = real
    files = bundle_files(dataset, report, archival=True)
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
    from tests.report.consultation import report_from_json

    report = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds)
    log = [ModerationRecord("statement.reject", 3, reason="spam")]
    files = bundle_files(dataset, report, moderation_log=log)
    assert not any(b"secret-" in content for content in files.values())
    assert files["data/moderation-log.csv"].decode().splitlines()[1] == ",statement.reject,3,,spam,"


def test_the_licence_can_be_changed_and_an_unknown_one_is_refused(dataset, analysis, positions, thresholds):
    """Check that --licence CC0-1.0 changes LICENSE and DataCite, and that a made-up licence is an error."""
    from tests.report.consultation import report_from_json

    report = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds)
    files = bundle_files(dataset, report, licence="cc0-1.0", creators=["Europeana Foundation"])
    assert "Creative Commons Zero" in files["LICENSE"].decode()
    meta = json.loads(files["datacite.json"])
    assert meta["rightsList"][0]["rightsIdentifier"] == "cc0-1.0"
    assert meta["creators"] == [{"name": "Europeana Foundation"}]
    with pytest.raises(InputError, match="unknown licence 'MIT-ish'"):
        bundle_files(dataset, report, licence="MIT-ish")


def test_same_input_gives_a_byte_identical_bundle(dataset, analysis, positions, thresholds):
    """Check that two bundles of the same report are identical, file by file, the PDF included."""
    from tests.report.consultation import report_from_json

    report = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds)
    assert bundle_files(dataset, report) == bundle_files(dataset, report)


def _small_bundle(dataset, analysis, positions, thresholds, **options):
    """The hand-made consultation's bundle, with a moderation log holding notes and exact times, and
    votes timed to the millisecond."""
    from tests.report.consultation import report_from_json

    dataset.votes = dataclasses.replace(dataset.votes, timestamps=dataset.votes.timestamps + 1_234.0)
    log = [
        ModerationRecord(
            "statement.reject",
            3,
            reason="spam",
            note="Author is Jane from room 4",
            timestamp=("2025-05-27T10:17:03.123456+00:00"),
        ),
        ModerationRecord(
            "statement.accept", 2, note="checked with her", timestamp="2025-05-27T11:45:00+00:00"
        ),
    ]
    report = report_from_json(
        dataset, analysis, positions=positions, thresholds=thresholds, moderation_log=log
    )
    return bundle_files(dataset, report, moderation_log=log, **options)


def test_the_publication_set_has_no_unaccepted_text_no_note_and_no_exact_time(
    dataset, analysis, positions, thresholds, rejected_text
):
    """Check the default bundle: the rejected and the pending statement's texts and the moderators' notes
    are in no file, every vote, statement and log time is on the hour, and the data card says so."""
    files = _small_bundle(dataset, analysis, positions, thresholds)
    pending = "Museums should close on Mondays."
    for name, content in files.items():
        for secret in (rejected_text, pending, "Jane from room 4", "checked with her"):
            assert secret.encode() not in content, (name, secret)
    votes = _rows(files, "data/votes.csv")
    assert len(votes) == 40 and all(int(v["timestamp"]) % 3_600_000 == 0 for v in votes)
    assert all(
        int(c["timestamp"]) % 3_600_000 == 0 for c in _rows(files, "data/comments.csv") if c["timestamp"]
    )
    log = _rows(files, "data/moderation-log.csv")
    assert [r["timestamp"] for r in log] == ["2025-05-27T10:00:00+00:00", "2025-05-27T11:00:00+00:00"]
    assert [r["note"] for r in log] == ["", ""] and log[0]["reason"] == "spam"
    comments = {c["comment-id"]: c for c in _rows(files, "data/comments.csv")}
    assert comments["3"]["comment-body"] == "[text withheld: not published]"
    assert comments["3"]["moderated"] == "-1"  # the statement and its votes stay, so the counts add up
    card = files["README.md"].decode()
    assert "This is the publication set." in card and "archival set" not in card


def test_the_archival_set_keeps_texts_notes_and_exact_times(
    dataset, analysis, positions, thresholds, rejected_text
):
    """Check that archival=True keeps the rejected text, the notes and the millisecond times, and that the
    data card says it is the archival set."""
    files = _small_bundle(dataset, analysis, positions, thresholds, archival=True)
    assert rejected_text.encode() in files["data/comments.csv"]
    assert b"Jane from room 4" in files["data/moderation-log.csv"]
    assert any(int(v["timestamp"]) % 1000 == 234 for v in _rows(files, "data/votes.csv"))
    assert "This is the archival set" in files["README.md"].decode()


def test_the_publication_set_keeps_each_participants_latest_vote(dataset, analysis, positions, thresholds):
    """Check that rounding times to the hour changes no one's latest vote: participant 0 changed their vote
    on #1 within the hour, and participants-votes.csv has the same cells in both sets."""
    dataset.votes = dataclasses.replace(
        dataset.votes,
        timestamps=np.full(len(dataset.votes), 1_748_217_600_000.0) + np.arange(len(dataset.votes)),
    )
    public = _small_bundle(copy.deepcopy(dataset), analysis, positions, thresholds)
    archival = _small_bundle(dataset, analysis, positions, thresholds, archival=True)
    assert public["data/participants-votes.csv"] == archival["data/participants-votes.csv"]
    assert _rows(public, "data/participants-votes.csv")[0]["1"] == "1"  # agree: their latest vote


def test_the_data_card_escapes_markdown_and_html_from_the_export(dataset, analysis, positions, thresholds):
    """Check that a title, description and moderation reason written to attack a Markdown viewer render
    as plain text in the data card: no image, no script, no javascript: link (rendered with CommonMark,
    HTML allowed, as a repository's landing page would)."""
    from markdown_it import MarkdownIt

    from tests.report.consultation import report_from_json

    dataset.summary = {
        "topic": '<img src=x onerror="alert(1)">',
        "conversation-description": "[read more](javascript:alert(2)) <script>alert(3)</script> ![x](y.png)",
    }
    log = [ModerationRecord("statement.reject", 3, reason="<a href='javascript:alert(4)'>spam</a>")]
    report = report_from_json(
        dataset, analysis, positions=positions, thresholds=thresholds, moderation_log=log
    )
    card = bundle_files(dataset, report, moderation_log=log)["README.md"].decode()
    html = MarkdownIt("commonmark").render(card)
    assert "<img" not in html and "<script" not in html and "<a " not in html
    assert not any(link.startswith("javascript:") for link in re.findall(r'href="([^"]*)"', html))
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html  # still readable as written
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html


def _translation(statement: int, text: str, status: str = "approved"):
    from assembly.translation.records import TranslationRecord

    approved = "2025-05-28T09:00:00+00:00" if status == "approved" else ""
    return TranslationRecord(
        "statement", statement, "text", "en", "fr", text, status, "machine", "deepl", approved, "mod"
    )


def test_translations_are_bundled_beside_the_polis_files_without_unpublished_or_unreviewed_ones(
    dataset, analysis, positions, thresholds
):
    """Check data/translations.csv: the publication set has the approved translations of published
    statements, with their provenance but not who approved them; the archival set has every one."""
    records = [_translation(0, "Zéro"), _translation(1, "Un, brouillon", "draft"), _translation(3, "Rejetée")]
    public = _rows(
        _small_bundle(dataset, analysis, positions, thresholds, translations=records), "data/translations.csv"
    )
    assert [(r["id"], r["text"], r["origin"], r["provider"]) for r in public] == [
        ("0", "Zéro", "machine", "deepl")
    ]
    assert "approved-by" not in public[0] and public[0]["approved-at"] == "2025-05-28T09:00:00+00:00"
    archival = _small_bundle(dataset, analysis, positions, thresholds, translations=records, archival=True)
    rows = _rows(archival, "data/translations.csv")
    assert [r["id"] for r in rows] == ["0", "1", "3"] and {r["approved-by"] for r in rows} == {"mod"}
    assert "data/translations.csv" in archival["SHA256SUMS"].decode()
    assert "| data/translations.csv | the translations" in archival["README.md"].decode()
