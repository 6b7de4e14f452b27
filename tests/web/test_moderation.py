"""Moderation: decisions, their log and its export, exclusions (assembly.moderation)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError

from assembly.analysis.types import Moderation
from assembly.consultations import services
from assembly.consultations.models import Participant, Statement
from assembly.moderation import services as moderation
from assembly.moderation.models import Action, ModerationLogEntry
from tests.web.conftest import statement_states


@pytest.fixture
def submitted(consultation):
    """Three pending submissions (#3, #4, #5) by one participant."""
    author = services.create_participant(consultation)[0]
    for text in ("Museums should label AI images", "Archives need AI training", "Libraries must refuse AI"):
        services.submit_statement(author, text=text)
    return consultation


def test_accept_publishes_and_logs_who_when_before_after(submitted, staff):
    """Check that accepting moves pending -> accepted and logs actor, before, after and note."""
    (entry,) = moderation.accept_statements(submitted, [3], actor=staff, note="fine")
    assert statement_states(submitted)[3] is Moderation.ACCEPTED
    assert (entry.action, entry.actor, entry.before, entry.after, entry.note) == (
        Action.ACCEPT,
        staff,
        {"moderation": "pending"},
        {"moderation": "accepted"},
        "fine",
    )
    assert Statement.objects.visible_to_participants(submitted).filter(number=3).exists()


def test_reject_needs_one_of_the_consultations_criteria(submitted, staff):
    """Check that rejecting without a reason, or with one not in the criteria, is refused and
    changes nothing."""
    with pytest.raises(ValidationError):
        moderation.reject_statements(submitted, [3], actor=staff, reason="")
    with pytest.raises(ValidationError):
        moderation.reject_statements(submitted, [3], actor=staff, reason="I do not like it")
    assert statement_states(submitted)[3] is Moderation.PENDING and not ModerationLogEntry.objects.exists()
    criterion = submitted.moderation_criteria[4]
    moderation.reject_statements(submitted, [3], actor=staff, reason=criterion)
    statement = Statement.objects.get(consultation=submitted, number=3)
    assert statement.moderation == "rejected" and statement.moderation_reason == criterion


def test_default_criteria_are_the_papers_five(consultation):
    """Check that a new consultation's criteria are the paper's five: scope, standpoint, concrete, jargon,
    distinct."""
    criteria = consultation.moderation_criteria
    assert len(criteria) == 5
    for word, criterion in zip(
        ("scope", "standpoint", "Concrete", "jargon", "Distinct"), criteria, strict=True
    ):
        assert word in criterion


def test_bulk_decision_with_an_unknown_number_changes_nothing(submitted, staff):
    """Check that a bulk accept naming a statement the consultation lacks is refused as a whole."""
    with pytest.raises(ValidationError, match="99"):
        moderation.accept_statements(submitted, [3, 4, 99], actor=staff)
    assert statement_states(submitted)[3] is Moderation.PENDING
    assert not ModerationLogEntry.objects.exists()


def test_bulk_accept_logs_one_entry_per_changed_statement(submitted, staff):
    """Check that a bulk accept changes each statement and skips (without logging) the already accepted."""
    entries = moderation.accept_statements(submitted, [0, 3, 4, 5], actor=staff)
    assert sorted(e.statement.number for e in entries) == [3, 4, 5]
    assert ModerationLogEntry.objects.count() == 3


def test_requeue_and_meta_are_logged_and_reversible(submitted, staff):
    """Check that a decision can be undone (back to the queue) and meta marked and unmarked, each logged."""
    moderation.accept_statements(submitted, [3], actor=staff)
    moderation.requeue_statements(submitted, [3], actor=staff)
    moderation.set_meta(submitted, [3], is_meta=True, actor=staff)
    assert Statement.objects.get(consultation=submitted, number=3).is_meta
    moderation.set_meta(submitted, [3], is_meta=False, actor=staff)
    actions = list(ModerationLogEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [Action.ACCEPT, Action.REQUEUE, Action.MARK_META, Action.UNMARK_META]
    assert statement_states(submitted)[3] is Moderation.PENDING


def test_near_duplicates_suggest_similar_published_statements(submitted):
    """Check that the queue suggests an existing statement close to a pending one, and not the statement
    itself."""
    services.add_seed_statements(submitted, texts=["Museums should clearly label AI-made images"])
    pending = Statement.objects.filter(consultation=submitted, number=3)
    suggestions = moderation.near_duplicates(submitted, pending)
    assert [s.number for s in suggestions[3]] == [6]


def test_exclusion_flags_the_participant_and_can_be_undone(consultation, staff):
    """Check that excluding sets the flag with a logged reason, and including clears it."""
    participant = services.create_participant(consultation)[0]
    with pytest.raises(ValidationError):
        moderation.exclude_participant(consultation, participant.number, actor=staff, reason="")
    moderation.exclude_participant(consultation, participant.number, actor=staff, reason="spam")
    assert Participant.objects.get(pk=participant.pk).excluded
    moderation.include_participant(consultation, participant.number, actor=staff)
    assert not Participant.objects.get(pk=participant.pk).excluded
    entries = ModerationLogEntry.objects.order_by("id")
    assert [(e.action, e.before, e.after, e.reason) for e in entries] == [
        (Action.EXCLUDE, {"excluded": False}, {"excluded": True}, "spam"),
        (Action.INCLUDE, {"excluded": True}, {"excluded": False}, ""),
    ]


def test_log_export_has_no_personal_data(submitted, staff, django_user_model):
    """Check that the CSV log names moderators by pseudonym and statements by number: no username, no text."""
    other = django_user_model.objects.create_user("alice.smith", is_staff=True)
    moderation.accept_statements(submitted, [3], actor=staff, note="ok")
    moderation.reject_statements(submitted, [4], actor=other, reason=submitted.moderation_criteria[0])
    author = Participant.objects.get(consultation=submitted, number=0)
    Participant.objects.filter(pk=author.pk).update(xid="jane@example.org")
    moderation.exclude_participant(submitted, 0, actor=staff, reason="spam")
    text = moderation.export_log_csv(submitted)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["moderator"] for r in rows] == ["moderator 1", "moderator 2", "moderator 1"]
    assert [(r["action"], r["statement"], r["participant"]) for r in rows] == [
        ("statement.accept", "3", ""),
        ("statement.reject", "4", ""),
        ("participant.exclude", "", "0"),
    ]
    assert rows[1]["before"] == "moderation=pending" and rows[1]["after"] == "moderation=rejected"
    for secret in ("mod", "alice", "jane@example.org", "Archives need AI training", author.token_hash):
        assert secret not in text.replace("moderator", "").replace("moderation", "")


def test_queue_page_lists_pending_statements_and_bulk_form(staff_client, submitted):
    """Check that the queue page shows each pending statement with its buttons and a bulk form."""
    html = staff_client.get("/manage/heritage/moderation/").content.decode()
    assert "Museums should label AI images" in html and "Seed zero" not in html
    assert 'form="bulk"' in html and html.count('value="accept"') >= 3


def test_decide_view_applies_bulk_decision(staff_client, submitted, staff):
    """Check that posting a bulk reject with a criterion, once confirmed, rejects the ticked statements,
    logged with the actor."""
    reason = submitted.moderation_criteria[1]
    response = staff_client.post(
        "/manage/heritage/moderation/decide/",
        {"statement": ["3", "5"], "action": "reject", "reason": reason, "confirmed": "yes"},
    )
    assert response.status_code == 302
    states = statement_states(submitted)
    assert (states[3], states[4], states[5]) == (Moderation.REJECTED, Moderation.PENDING, Moderation.REJECTED)
    assert set(ModerationLogEntry.objects.values_list("actor", flat=True)) == {staff.pk}


def test_moderation_pages_are_for_staff_only(client, submitted):
    """Check that anonymous visitors are sent to the login page and cannot decide."""
    assert client.get("/manage/heritage/moderation/")["Location"].startswith("/accounts/login/")
    client.post("/manage/heritage/moderation/decide/", {"statement": ["3"], "action": "accept"})
    assert statement_states(submitted)[3] is Moderation.PENDING


def test_log_csv_view_downloads_the_anonymised_log(staff_client, submitted, staff):
    """Check that the log download is a CSV attachment with the expected header."""
    moderation.accept_statements(submitted, [3], actor=staff)
    response = staff_client.get("/manage/heritage/moderation/log.csv")
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    assert response.content.decode().splitlines()[0] == ",".join(moderation.LOG_COLUMNS)


def test_exclude_view_excludes_and_include_view_undoes(staff_client, consultation):
    """Check that the participants page's buttons exclude and include a participant."""
    participant = services.create_participant(consultation)[0]
    staff_client.post(
        f"/manage/heritage/moderation/participants/{participant.number}/exclude/",
        {"reason": "spam", "confirmed": "yes"},
    )
    assert Participant.objects.get(pk=participant.pk).excluded
    staff_client.post(f"/manage/heritage/moderation/participants/{participant.number}/include/")
    assert not Participant.objects.get(pk=participant.pk).excluded
