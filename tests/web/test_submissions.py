"""Submitting statements and seeding them (assembly.consultations.services)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from assembly.analysis.types import Moderation
from assembly.consultations import services
from assembly.consultations.errors import (
    ConsultationClosedError,
    DuplicateStatementError,
    InvalidStatementError,
    SubmissionsDisabledError,
)
from assembly.consultations.models import Statement, Vote
from tests.web.conftest import statement_states


def test_submitted_statement_is_pending_and_hidden_in_pre_moderation(participant):
    """Check that a submission waits for moderation and is not shown to participants meanwhile."""
    statement = services.submit_statement(participant, text="  Museums should   publish AI policies ")
    assert statement.text == "Museums should publish AI policies"
    assert statement.moderation == Moderation.PENDING.value
    assert statement.number == 3
    visible = Statement.objects.visible_to_participants(participant.consultation)
    assert statement.number not in set(visible.values_list("number", flat=True))


def test_submitted_statement_is_shown_at_once_in_post_moderation(post_moderated):
    """Check that post-moderation shows a pending submission to participants."""
    author = services.create_participant(post_moderated)[0]
    statement = services.submit_statement(author, text="Shown before moderation")
    assert Statement.objects.visible_to_participants(post_moderated).filter(pk=statement.pk).exists()


def test_author_agrees_with_their_own_statement(participant):
    """Check that submitting records the author's agree vote on it (as pol.is does)."""
    statement = services.submit_statement(participant, text="My own idea")
    assert list(Vote.objects.filter(statement=statement).values_list("participant", "value")) == [
        (participant.pk, 1)
    ]


def test_statement_of_140_characters_is_accepted_and_141_refused(participant):
    """Check the 140-character limit at its boundary, counted after tidying white space."""
    services.submit_statement(participant, text="a" * 140)
    with pytest.raises(InvalidStatementError, match="140"):
        services.submit_statement(participant, text="b" * 141)
    services.submit_statement(participant, text="c" * 70 + "     " + "c" * 69)  # 140 once spaces collapse
    assert Statement.objects.filter(author=participant).count() == 2


@pytest.mark.parametrize("text", ["", "   \n\t ", None, 42])
def test_empty_or_non_text_statement_is_refused(participant, text):
    """Check that an empty (or non-text) statement is refused and nothing is added."""
    before = Statement.objects.count()
    with pytest.raises(InvalidStatementError):
        services.submit_statement(participant, text=text)
    assert Statement.objects.count() == before


@pytest.mark.parametrize("variant", ["seed ONE", "  Seed   one ", "Ｓｅｅｄ one", "SEED one"])
def test_exact_duplicate_after_normalising_is_refused(participant, variant):
    """Check that a statement equal to an existing one up to case, spaces and Unicode form is refused."""
    with pytest.raises(DuplicateStatementError) as info:
        services.submit_statement(participant, text=variant)
    assert info.value.existing_number == 1
    assert Statement.objects.filter(author=participant).count() == 0


def test_duplicate_of_a_pending_submission_is_refused(participant):
    """Check that a second participant cannot resubmit a statement waiting in the queue."""
    services.submit_statement(participant, text="Waiting in the queue")
    other = services.create_participant(participant.consultation)[0]
    with pytest.raises(DuplicateStatementError):
        services.submit_statement(other, text="waiting in the QUEUE")


def test_submission_is_refused_when_closed_or_disabled(participant):
    """Check that a closed consultation, or one without submissions, refuses new statements."""
    c = participant.consultation
    services.update_consultation(c, accepts_submissions=False)
    with pytest.raises(SubmissionsDisabledError):
        services.submit_statement(participant, text="New idea")
    services.update_consultation(c, accepts_submissions=True)
    services.close_consultation(c)
    with pytest.raises(ConsultationClosedError):
        services.submit_statement(participant, text="New idea")
    assert not Statement.objects.filter(author=participant).exists()


def test_seed_statements_are_accepted_numbered_in_order_and_skip_blank_lines(consultation):
    """Check that pasted seeds become accepted statements numbered after the existing ones."""
    added = services.add_seed_statements(consultation, texts=["Fourth", "", "  ", "\x00\x07\t", "Fifth"])
    assert [(s.number, s.text) for s in added] == [(3, "Fourth"), (4, "Fifth")]
    assert all(s.is_seed for s in added)
    assert statement_states(consultation)[4] is Moderation.ACCEPTED


def test_seed_statements_typed_by_facilitators_follow_the_140_limit(consultation):
    """Check that a seed of 140 characters is added and one of 141 is refused with its line, adding
    nothing (issue 14: long seeds were accepted without a word; only imports keep the longer limit)."""
    services.add_seed_statements(consultation, texts=["x" * 140])
    with pytest.raises(ValidationError) as info:
        services.add_seed_statements(consultation, texts=["fine", "y" * 141])
    assert info.value.messages == [
        "Line 2: A statement has at most 140 characters; this one has 141. Please shorten it."
    ]
    assert not consultation.statements.filter(text="fine").exists()


def test_bad_seed_list_names_every_bad_line_and_adds_nothing(consultation):
    """Check that duplicates (with the list or existing statements) are reported by line, all or nothing."""
    with pytest.raises(ValidationError) as info:
        services.add_seed_statements(consultation, texts=["New one", "seed zero", "new  ONE", "Fine"])
    messages = info.value.messages
    assert messages == ["Line 2 repeats statement #0.", "Line 3 repeats line 1."]
    assert Statement.objects.filter(consultation=consultation).count() == 3


def test_themes_follow_the_given_list(consultation):
    """Check that set_themes creates, orders, keeps and deletes themes to match the list."""
    services.set_themes(consultation, ["Climate", "Bias"])
    climate = consultation.themes.get(name="Climate")
    services.set_themes(consultation, ["Bias", "Climate", "Skills", "Bias"])
    assert list(consultation.themes.values_list("name", flat=True)) == ["Bias", "Climate", "Skills"]
    assert consultation.themes.get(name="Climate").pk == climate.pk
    services.set_themes(consultation, ["Skills"])
    assert list(consultation.themes.values_list("name", flat=True)) == ["Skills"]


def test_participant_tokens_are_long_random_and_stored_hashed(consultation):
    """Check that a token carries >= 128 bits, differs per participant, and only its hash is stored."""
    p1, t1 = services.create_participant(consultation)
    p2, t2 = services.create_participant(consultation)
    assert t1 != t2 and len(t1) >= 22  # 22 URL-safe base64 characters = 132 bits
    assert p1.token_hash == services.hash_token(t1) and t1 not in p1.token_hash
    assert services.participant_for_token(consultation, t2) == p2
    assert services.participant_for_token(consultation, "forged") is None
    assert (p1.number, p2.number) == (0, 1)
