"""What the author of a moderated statement reads (issue 14 item 4): the reason of a rejection as what
was missing (each criterion has its rejection wording), and the moderators' optional note to the author,
shown to the author only and never published."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.test import Client

from assembly.consultations import services
from assembly.consultations.datasets import export_dataset
from assembly.consultations.defaults import DEFAULT_MODERATION_CRITERIA, DEFAULT_REJECTION_WORDINGS
from assembly.consultations.models import Consultation, Statement
from assembly.moderation import services as moderation
from assembly.polis import write_csv_export
from tests.web.api_client import Api

NOTE = "Try naming the museum's <b>own</b> collection & say what should change."


@pytest.fixture
def staff_api(staff_client) -> Api:
    return Api(staff_client)


@pytest.fixture
def author(consultation):
    """A browser that submitted statement #3 (its cookie identifies the author)."""
    browser = Client()
    browser.post("/c/heritage/submit/", {"text": "Archives are interesting", "action": "submit"})
    return browser


def test_every_default_criterion_has_a_wording_that_says_what_was_missing():
    """Check the defaults pair one wording per criterion, none repeating its criterion's praise."""
    assert len(DEFAULT_REJECTION_WORDINGS) == len(DEFAULT_MODERATION_CRITERIA)
    assert DEFAULT_REJECTION_WORDINGS[1].startswith("Not a clear standpoint:")
    for criterion, wording in zip(DEFAULT_MODERATION_CRITERIA, DEFAULT_REJECTION_WORDINGS, strict=True):
        assert wording != criterion and criterion.split(":")[1] not in wording


def test_the_author_reads_what_was_missing_and_the_moderators_note(author, consultation, staff):
    """Check that the author's page says "Not a clear standpoint: ..." (not the criterion as praise)
    and shows the note, escaped."""
    moderation.reject_statements(
        consultation, [3], actor=staff, reason=DEFAULT_MODERATION_CRITERIA[1], author_note=NOTE
    )
    html = author.get("/c/heritage/mine/").content.decode()
    assert (
        "Why: Not a clear standpoint: it does not give voters a position to agree or disagree with." in html
    )
    assert DEFAULT_MODERATION_CRITERIA[1] not in html.split("<h2>Your statements</h2>")[1]
    assert (
        "Note from the moderators: Try naming the museum&#x27;s &lt;b&gt;own&lt;/b&gt; collection &amp;"
        in html
    )
    assert "<b>own</b>" not in html


def test_the_note_is_shown_to_its_author_only_and_never_published(author, consultation, staff, tmp_path):
    """Check that another participant, the public results, the moderation log export, the pol.is export
    and the statements list of the API never carry the note; the author's API and data download do."""
    moderation.reject_statements(
        consultation,
        [3],
        actor=staff,
        reason=DEFAULT_MODERATION_CRITERIA[0],
        note="log note",
        author_note=NOTE,
    )
    other = Client()
    other.post("/c/heritage/vote/", {"statement": 0, "value": 1})
    assert NOTE not in other.get("/c/heritage/mine/").content.decode()
    assert "naming the museum" not in moderation.export_log_csv(consultation)
    write_csv_export(export_dataset(consultation), tmp_path)
    for path in tmp_path.iterdir():
        assert "naming the museum" not in path.read_text(encoding="utf-8"), path.name
    consultation.results_public = True
    consultation.save()
    assert "naming the museum" not in Client().get("/c/heritage/results/").content.decode()
    assert "naming the museum" not in Client().get("/api/consultations/heritage/statements").content.decode()
    token_cookie = next(iter(author.cookies.values())).value
    mine = Api(Client(), token=token_cookie).get("/consultations/heritage/submissions").json()
    assert [(s["number"], s["rejection"], s["author_note"]) for s in mine] == [
        (3, DEFAULT_REJECTION_WORDINGS[0], NOTE)
    ]
    download = author.get("/c/heritage/my-data.json").json()
    assert download["statements"][0]["note_to_author"] == NOTE


def test_a_later_decision_without_a_note_clears_it(author, consultation, staff):
    """Check that the note belongs to its decision: accepting afterwards without a note removes it."""
    moderation.reject_statements(
        consultation, [3], actor=staff, reason=DEFAULT_MODERATION_CRITERIA[4], author_note=NOTE
    )
    moderation.accept_statements(consultation, [3], actor=staff)
    assert Statement.objects.get(consultation=consultation, number=3).author_note == ""
    assert "Note from the moderators" not in author.get("/c/heritage/mine/").content.decode()


def test_the_queue_page_sends_the_note_with_the_decision(author, consultation, staff_client):
    """Check that the moderation page has a labelled note-to-author box and its post stores the note."""
    html = staff_client.get("/manage/heritage/moderation/").content.decode()
    assert '<label for="author-note-3">Note to the author</label>' in html
    staff_client.post(
        "/manage/heritage/moderation/decide/",
        {"statement": 3, "action": "reject", "reason": DEFAULT_MODERATION_CRITERIA[3], "author_note": NOTE},
    )
    statement = Statement.objects.get(consultation=consultation, number=3)
    assert (statement.moderation, statement.author_note) == ("rejected", NOTE)
    assert (
        "Jargon: people less familiar with the topic would not understand it."
        in author.get("/c/heritage/mine/").content.decode()
    )


def test_custom_criteria_and_old_decisions_read_as_not_met(author, consultation, staff):
    """Check that a criterion without wording, and a decision taken under a criterion edited since,
    read "Does not meet the criterion “…”"."""
    services.update_consultation(
        consultation,
        moderation_criteria=["Off topic", "Polite"],
        rejection_wordings={"Off topic": "Off topic for this museum."},
    )
    consultation.refresh_from_db()
    moderation.reject_statements(consultation, [3], actor=staff, reason="Polite")
    html = author.get("/c/heritage/mine/").content.decode()
    assert "Why: Does not meet the criterion “Polite”." in html
    services.update_consultation(consultation, moderation_criteria=["Courteous"], rejection_wordings={})
    assert "Why: Does not meet the criterion “Polite”." in author.get("/c/heritage/mine/").content.decode()


def test_the_facilitator_form_edits_one_wording_per_criterion(staff_client, consultation):
    """Check that the edit form stores wordings by line (an empty line inside kept as empty), and that
    more wordings than criteria are refused with a message naming both counts."""
    page = staff_client.get("/manage/heritage/edit/").content.decode()
    assert "Not a clear standpoint: it does not give voters a position" in page
    form = {
        "title": "Heritage",
        "question": consultation.question,
        "guidelines": "",
        "moderation_mode": "pre",
        "moderation_criteria": "Off topic\nRude\nUnclear",
        "rejection_wordings": "Off topic here.\n\nNot clear what you mean.\n",
        "min_participants": 5,
        "erasure_policy": "delete",
        "themes": "",
    }
    assert staff_client.post("/manage/heritage/edit/", form).status_code == 302
    consultation.refresh_from_db()
    assert consultation.aligned_rejection_wordings() == ["Off topic here.", "", "Not clear what you mean."]
    assert consultation.rejection_wording("Rude") == "Does not meet the criterion “Rude”."
    # The default criteria's wordings stay stored, for decisions taken under them.
    assert consultation.rejection_wording(DEFAULT_MODERATION_CRITERIA[1]) == DEFAULT_REJECTION_WORDINGS[1]
    response = staff_client.post("/manage/heritage/edit/", form | {"rejection_wordings": "a\nb\nc\nd"})
    assert response.status_code == 400
    assert "There are 4 rejection wordings for 3 criteria" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.aligned_rejection_wordings() == ["Off topic here.", "", "Not clear what you mean."]
    # A post without the wordings (an older client) keeps them, paired by criterion, whatever the order.
    reordered = {k: v for k, v in form.items() if k != "rejection_wordings"}
    reordered["moderation_criteria"] = "Unclear\nOff topic"
    assert staff_client.post("/manage/heritage/edit/", reordered).status_code == 302
    consultation.refresh_from_db()
    assert consultation.aligned_rejection_wordings() == ["Not clear what you mean.", "Off topic here."]


def test_the_api_reads_and_updates_the_wordings(staff_api, consultation):
    """Check that the consultation's JSON has the wordings and an update with too many is a 409 (a
    conflict with the consultation's criteria, as the API answers the other rules of its state)."""
    assert staff_api.get("/consultations/heritage").json()["rejection_wordings"] == list(
        DEFAULT_REJECTION_WORDINGS
    )
    response = staff_api.patch("/consultations/heritage", {"rejection_wordings": ["x"] * 6})
    assert response.status_code == 409 and response.json()["field"] == "rejection_wordings"
    assert (
        staff_api.patch("/consultations/heritage", {"rejection_wordings": ["Only the first."]}).status_code
        == 200
    )
    consultation.refresh_from_db()
    assert consultation.aligned_rejection_wordings() == ["Only the first.", "", "", "", ""]
    changed = {"moderation_criteria": [DEFAULT_MODERATION_CRITERIA[0], "New"]}
    body = staff_api.patch("/consultations/heritage", changed).json()
    assert body["rejection_wordings"] == ["Only the first.", ""]  # paired by criterion, not by position


def test_the_migration_gives_existing_consultations_the_wordings_of_their_default_criteria(db):
    """Check the data migration: default criteria get their wordings, custom ones none (generic)."""
    migration = importlib.import_module("assembly.consultations.migrations.0007_rejection_wordings")
    default = Consultation.objects.create(slug="a", title="A", question="Q?")
    custom = Consultation.objects.create(
        slug="b", title="B", question="Q?", moderation_criteria=["Mine", DEFAULT_MODERATION_CRITERIA[2]]
    )
    mixed_none = Consultation.objects.create(
        slug="c", title="C", question="Q?", moderation_criteria=["Only mine"]
    )
    Consultation.objects.update(rejection_wordings={})
    migration._wordings_for_existing(django_apps, None)
    for consultation in (default, custom, mixed_none):
        consultation.refresh_from_db()
    assert default.aligned_rejection_wordings() == list(DEFAULT_REJECTION_WORDINGS)
    assert custom.rejection_wordings == {DEFAULT_MODERATION_CRITERIA[2]: DEFAULT_REJECTION_WORDINGS[2]}
    assert mixed_none.rejection_wordings == {}
