"""Importing a Dataset into a consultation and exporting it back (assembly.consultations.datasets)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from assembly.analysis.types import Moderation, VoteLog
from assembly.consultations import services
from assembly.consultations.datasets import export_dataset, import_dataset
from assembly.consultations.errors import DuplicateStatementError
from assembly.consultations.models import Consultation, Participant, Statement, Vote, VoteEvent
from assembly.dataset import Dataset
from assembly.dataset import Participant as DatasetParticipant
from assembly.dataset import Statement as DatasetStatement
from assembly.errors import ImportFormatError, InputError
from assembly.moderation import services as moderation

LONDON = Path(__file__).resolve().parents[2] / "data" / "polis-open-data" / "london.youth.policing"


def small_dataset() -> Dataset:
    """Two statements (one rejected, one meta with a theme), three participants (one excluded), a re-vote."""
    return Dataset(
        statements=[
            DatasetStatement(id=0, text="Seed", is_seed=True, theme="Climate"),
            DatasetStatement(
                id=4, text="Rejected one", author_id=2, moderation=Moderation.REJECTED, is_meta=True
            ),
        ],
        votes=VoteLog.from_rows([1, 1, 2, 7], [0, 0, 4, 0], [1, -1, 1, 0], [1000.0, 2000.0, 3000.0, 4000.0]),
        participants=[DatasetParticipant(id=1, xid="x-1"), DatasetParticipant(id=2, excluded=True)],
        summary={"topic": "A topic", "conversation-description": "About it"},
        name="small",
    )


def test_import_keeps_ids_states_flags_and_every_vote_event(db):
    """Check each field of a small hand-made dataset after import: ids, moderation, meta, seed,
    theme, votes."""
    consultation = import_dataset(small_dataset(), slug="small")
    assert (consultation.title, consultation.question, consultation.description) == (
        "A topic",
        "A topic",
        "About it",
    )
    statements = {s.number: s for s in Statement.objects.filter(consultation=consultation)}
    assert statements[0].is_seed and statements[0].theme.name == "Climate"
    assert statements[4].moderation == "rejected" and statements[4].is_meta
    assert statements[4].author.number == 2
    participants = {p.number: p for p in Participant.objects.filter(consultation=consultation)}
    assert sorted(participants) == [1, 2, 7]  # 7 only appears in the votes
    assert participants[1].xid == "x-1" and participants[2].excluded and not participants[7].excluded
    events = VoteEvent.objects.filter(consultation=consultation).order_by("id")
    assert [(e.participant.number, e.statement.number, e.value) for e in events] == [
        (1, 0, 1),
        (1, 0, -1),
        (2, 4, 1),
        (7, 0, 0),
    ]
    live = Vote.objects.filter(consultation=consultation)
    assert sorted((v.participant.number, v.statement.number, v.value) for v in live) == [
        (1, 0, -1),
        (2, 4, 1),
        (7, 0, 0),
    ]


def test_export_of_an_import_gives_back_the_dataset(db):
    """Check that export_dataset(import_dataset(d)) has d's statements, participants and vote events."""
    original = small_dataset()
    exported = export_dataset(import_dataset(original, slug="small"))
    assert [
        (s.id, s.text, s.moderation, s.is_meta, s.is_seed, s.theme, s.author_id) for s in exported.statements
    ] == [
        (0, "Seed", Moderation.ACCEPTED, False, True, "Climate", None),
        (4, "Rejected one", Moderation.REJECTED, True, False, None, 2),
    ]
    assert [(p.id, p.xid, p.excluded) for p in exported.participants] == [
        (1, "x-1", False),
        (2, None, True),
        (7, None, False),
    ]
    np.testing.assert_array_equal(exported.votes.participant_ids, original.votes.participant_ids)
    np.testing.assert_array_equal(exported.votes.statement_ids, original.votes.statement_ids)
    np.testing.assert_array_equal(exported.votes.values, original.votes.values)
    np.testing.assert_allclose(exported.votes.timestamps, original.votes.timestamps)


def test_real_polis_export_imports_completely(db):
    """Check against the source CSV files: every vote row, every statement with its moderation state."""
    from assembly.polis import read_export

    consultation = import_dataset(read_export(LONDON), slug="london")
    with open(LONDON / "votes.csv", newline="") as f:
        n_vote_rows = sum(1 for _ in csv.DictReader(f))
    with open(LONDON / "comments.csv", newline="") as f:
        comments = {int(r["comment-id"]): int(r["moderated"]) for r in csv.DictReader(f)}
    assert VoteEvent.objects.filter(consultation=consultation).count() == n_vote_rows
    states = dict(Statement.objects.filter(consultation=consultation).values_list("number", "moderation"))
    assert states == {n: Moderation.from_polis(m).value for n, m in comments.items()}
    assert (
        consultation.title
        == "What is the best way to engage more young people in local scrutiny of policing?"
    )


def test_web_activity_exports_with_moderation_and_exclusions(consultation, staff):
    """Check that a live consultation exports rejected statements as rejected and excluded participants
    flagged."""
    alice, bob = services.create_participant(consultation)[0], services.create_participant(consultation)[0]
    services.cast_vote(alice, statement_number=0, value=1)
    services.cast_vote(alice, statement_number=0, value=-1)
    services.submit_statement(bob, text="Bob's idea")
    moderation.reject_statements(consultation, [3], actor=staff, reason=consultation.moderation_criteria[0])
    moderation.exclude_participant(consultation, bob.number, actor=staff, reason="spam")
    dataset = export_dataset(consultation)
    assert dataset.statement(3).moderation is Moderation.REJECTED and dataset.statement(3).author_id == 1
    assert dataset.excluded_participant_ids == {1}
    assert list(
        zip(dataset.votes.participant_ids, dataset.votes.statement_ids, dataset.votes.values, strict=True)
    ) == [(0, 0, 1), (0, 0, -1), (1, 3, 1)]
    assert [p.n_statements for p in dataset.participants] == [0, 1]


@pytest.mark.parametrize(
    ("dataset", "error", "message"),
    [
        (
            Dataset(statements=[DatasetStatement(0, "a")], votes=VoteLog.from_rows([1], [9], [1])),
            ImportFormatError,
            "9",
        ),
        (
            Dataset(statements=[DatasetStatement(0, "a"), DatasetStatement(0, "b")]),
            ImportFormatError,
            "twice",
        ),
        (Dataset(statements=[DatasetStatement(-3, "a")]), ImportFormatError, "negative"),
        (
            Dataset(statements=[DatasetStatement(0, "a")], votes=VoteLog.from_rows([-1], [0], [1])),
            ImportFormatError,
            "negative",
        ),
    ],
)
def test_malformed_dataset_is_refused_and_writes_nothing(db, dataset, error, message):
    """Check that bad ids are refused with a message naming them, and no consultation is created."""
    with pytest.raises(error, match=message):
        import_dataset(dataset, slug="bad")
    assert not Consultation.objects.exists() and not Statement.objects.exists()


def test_import_into_a_taken_slug_is_refused(consultation):
    """Check that importing under an existing short name fails and leaves the existing consultation alone."""
    with pytest.raises(InputError, match="heritage"):
        import_dataset(small_dataset(), slug="heritage")
    assert Consultation.objects.count() == 1 and Statement.objects.count() == 3


def test_failure_half_way_rolls_back_everything(db, monkeypatch):
    """Check that an error after some rows were written leaves no trace (one transaction)."""
    import assembly.consultations.datasets as datasets

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(datasets, "_import_votes", broken)
    with pytest.raises(RuntimeError):
        import_dataset(small_dataset(), slug="small")
    assert not Consultation.objects.exists() and not Participant.objects.exists()


def test_export_download_is_a_zip_of_polis_csv_files(staff_client, consultation):
    """Check that the facilitator's download button returns a zip with pol.is's CSV files."""
    import io
    import zipfile

    response = staff_client.get("/manage/heritage/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = set(zipfile.ZipFile(io.BytesIO(response.content)).namelist())
    assert {"heritage/comments.csv", "heritage/votes.csv", "heritage/summary.csv"} <= names


def test_export_download_carries_the_groups_of_the_latest_analysis(staff_client, consultation):
    """Check that after an analysis finds the two camps, the download's participants-votes.csv gives each
    camp's participants one group id of their own and summary.csv counts 2 groups, as the results do."""
    import csv
    import io
    import zipfile

    from assembly.results import snapshots
    from tests.web.results_data import two_camps

    camps = two_camps(consultation)
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "done"
    archive = zipfile.ZipFile(io.BytesIO(staff_client.get("/manage/heritage/export/").content))
    rows = list(csv.DictReader(io.StringIO(archive.read("heritage/participants-votes.csv").decode())))
    group_of = {int(row["participant"]): row["group-id"] for row in rows}
    camp_groups = [{group_of[p.number] for p in camp} for camp in (camps.a, camps.b)]
    assert all(len(groups) == 1 and groups != {""} for groups in camp_groups)
    assert camp_groups[0] != camp_groups[1]
    summary = dict(csv.reader(io.StringIO(archive.read("heritage/summary.csv").decode())))
    assert summary["groups"] == "2"


def test_admin_upload_imports_a_zip_and_reports_a_malformed_one(client, django_user_model, tmp_path):
    """Check that a superuser's zip upload creates the consultation, and a broken upload creates nothing."""
    import io
    import zipfile

    admin = django_user_model.objects.create_superuser("root", password="pw")
    client.force_login(admin)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("comments.csv", "votes.csv", "summary.csv", "participants-votes.csv"):
            archive.write(LONDON / name, f"london.youth.policing/{name}")
    buffer.seek(0)
    buffer.name = "london.zip"
    response = client.post("/admin/consultations/consultation/import/", {"files": buffer, "slug": "london"})
    assert response.status_code == 302
    assert Consultation.objects.get(slug="london").vote_events.count() > 600
    bad = io.BytesIO(b"comment-id,voter-id,vote\nnot-a-number,1,1\n")
    bad.name = "votes.csv"
    response = client.post("/admin/consultations/consultation/import/", {"files": bad, "slug": "broken"})
    assert response.status_code == 400 and "votes.csv" in response.content.decode()
    assert not Consultation.objects.filter(slug="broken").exists()


def test_import_drops_invisible_characters_from_the_texts_it_shows(db):
    """Check that an imported statement's bidi override and zero-width space are not stored (the platform
    shows the text), and that a look-alike submission is then refused as its duplicate."""
    dataset = Dataset(
        statements=[DatasetStatement(id=0, text="Open \u202edata\u202c for\u200b all")],
        votes=VoteLog.from_rows([1], [0], [1], [1000.0]),
        participants=[DatasetParticipant(id=1)],
        name="invisible",
    )
    consultation = import_dataset(dataset, slug="invisible")
    assert Statement.objects.get(consultation=consultation, number=0).text == "Open data for all"
    newcomer = services.create_participant(consultation)[0]
    with pytest.raises(DuplicateStatementError):
        services.submit_statement(newcomer, text="\u041epen d\u0430ta for all")
