"""Undoing the last vote from the vote card (issue 14 item 3).

An undo takes back the participant's last vote only: a first vote on a statement is removed (live
vote and its history event), a changed vote gets its earlier value back as a new event. Afterwards
the live vote, the history's latest, the export and the analysis's input all say the same.
"""

from __future__ import annotations

import pytest
from django.test import Client

from assembly.analysis.types import Vote
from assembly.consultations import services
from assembly.consultations.datasets import export_dataset
from assembly.consultations.errors import ConsultationClosedError, NothingToUndoError
from assembly.consultations.models import VOTE_ORDER, Participant, VoteEvent
from assembly.consultations.models import Vote as LiveVote
from assembly.results import reading
from tests.security.test_participant_identity import FOREIGN, FOREIGN_IDS

HTMX = {"HTTP_HX_REQUEST": "true"}


def live_votes(participant):
    return dict(LiveVote.objects.filter(participant=participant).values_list("statement__number", "value"))


def history(participant):
    events = VoteEvent.objects.filter(participant=participant).order_by(*VOTE_ORDER)
    return list(events.values_list("statement__number", "value"))


def latest_in_history(participant):
    return {statement: value for statement, value in history(participant)}  # later ones overwrite


def test_undoing_a_first_vote_leaves_no_vote_and_no_event(participant):
    """Check that undoing a first vote on a statement removes the live vote and its event, the earlier
    votes on other statements staying as they were."""
    services.cast_vote(participant, statement_number=0, value=1)
    services.cast_vote(participant, statement_number=1, value=-1)
    assert services.undo_last_vote(participant, statement_number=1, value=-1) is None
    assert live_votes(participant) == {0: 1}
    assert history(participant) == [(0, 1)]


def test_undoing_a_changed_vote_restores_the_earlier_one_as_a_new_event(participant):
    """Check that undoing a change of mind puts the earlier value back, recorded in the history, whose
    latest event is then the live vote."""
    services.cast_vote(participant, statement_number=2, value=1)
    services.cast_vote(participant, statement_number=2, value=0)
    assert services.undo_last_vote(participant, statement_number=2, value=0) is Vote.AGREE
    assert live_votes(participant) == {2: 1}
    assert history(participant) == [(2, 1), (2, 0), (2, 1)]
    assert latest_in_history(participant) == live_votes(participant)


@pytest.mark.parametrize(
    ("statement", "value"), [(0, 1), (1, -1), (1, 1)], ids=["older-vote", "other-value", "not-last-value"]
)
def test_only_the_last_vote_as_cast_can_be_undone(participant, statement, value):
    """Check that an undo naming an older vote, or the last statement with another value, is refused
    and changes nothing."""
    services.cast_vote(participant, statement_number=0, value=1)
    services.cast_vote(participant, statement_number=1, value=0)
    before = (live_votes(participant), history(participant))
    with pytest.raises(NothingToUndoError):
        services.undo_last_vote(participant, statement_number=statement, value=value)
    assert (live_votes(participant), history(participant)) == before


def test_no_undo_without_a_vote_or_once_closed(participant, consultation):
    """Check that there is nothing to undo before any vote, and no undo once the consultation closed."""
    with pytest.raises(NothingToUndoError):
        services.undo_last_vote(participant, statement_number=0, value=1)
    services.cast_vote(participant, statement_number=0, value=1)
    services.close_consultation(consultation)
    participant.consultation.refresh_from_db()
    with pytest.raises(ConsultationClosedError):
        services.undo_last_vote(participant, statement_number=0, value=1)
    assert live_votes(participant) == {0: 1}


def test_after_undos_the_export_and_the_analysis_agree_with_the_live_votes(consultation):
    """Check that after both kinds of undo, the export's latest votes and the analysis's input (read
    before the undo, so its cache must notice the deleted event) are the live votes."""
    people = [services.create_participant(consultation)[0] for _i in range(2)]
    for participant in people:
        services.cast_vote(participant, statement_number=0, value=1)
        services.cast_vote(participant, statement_number=0, value=-1)
        services.cast_vote(participant, statement_number=1, value=0)
    reading.read_for_analysis(consultation)  # warms the cache with the votes undone below
    services.undo_last_vote(people[0], statement_number=1, value=0)  # first vote: removed
    services.undo_last_vote(people[1], statement_number=1, value=0)
    services.undo_last_vote(people[1], statement_number=0, value=-1)  # now the last: a change, restored
    expected = {people[0].number: {0: -1}, people[1].number: {0: 1}}
    for participant in people:
        assert live_votes(participant) == expected[participant.number]
        assert latest_in_history(participant) == expected[participant.number]
    for log in (export_dataset(consultation).votes, reading.read_for_analysis(consultation)[0].votes):
        latest = log.latest()
        found: dict[int, dict[int, int]] = {}
        for p, s, v in zip(latest.participant_ids, latest.statement_ids, latest.values, strict=True):
            found.setdefault(int(p), {})[int(s)] = int(v)
        assert found == expected


# --------------------------------------------------------------------------------------------------
# The vote card


def _voter() -> tuple[Client, Participant]:
    browser = Client()
    response = browser.post("/c/heritage/vote/", {"statement": 0, "value": 1})
    assert response.status_code == 303 and response["Location"] == "/c/heritage/?voted=0"
    return browser, Participant.objects.get()


def test_the_card_after_a_vote_offers_to_undo_it_without_javascript(consultation):
    """Check that the page after a plain-form vote names the vote and has an Undo form for it; posting
    it takes the vote back and shows that statement again with a confirmation."""
    browser, participant = _voter()
    html = browser.get("/c/heritage/?voted=0").content.decode()
    assert "Your last vote: Agree on statement #0." in html
    assert 'action="/c/heritage/undo/"' in html and '<button type="submit" class="secondary"' in html
    response = browser.post("/c/heritage/undo/", {"statement": 0, "value": 1}, follow=True)
    assert response.redirect_chain == [("/c/heritage/?again=0", 303)]
    html = response.content.decode()
    assert "Vote taken back: you have no vote on statement 0 now." in html
    assert 'id="vote-card-text">Seed zero<' in html and "Your last vote" not in html
    assert live_votes(participant) == {} and history(participant) == []


def test_the_card_offers_no_undo_for_a_vote_that_is_not_the_last(consultation):
    """Check that ?voted= naming an older vote (a stale page) shows no Undo."""
    browser, _participant = _voter()
    browser.post("/c/heritage/vote/", {"statement": 1, "value": -1})
    assert "Your last vote" not in browser.get("/c/heritage/?voted=0").content.decode()
    assert "Your last vote: Disagree on statement #1." in browser.get("/c/heritage/?voted=1").content.decode()


def test_undo_with_htmx_swaps_the_card(consultation):
    """Check that the htmx vote answers a card with Undo, and the htmx undo answers the card with the
    statement back and the earlier vote restored."""
    browser, participant = _voter()
    card = browser.post("/c/heritage/vote/", {"statement": 0, "value": -1}, **HTMX).content.decode()
    assert "Your last vote: Disagree on statement #0." in card and 'hx-post="/c/heritage/undo/"' in card
    response = browser.post("/c/heritage/undo/", {"statement": 0, "value": -1}, **HTMX)
    card = response.content.decode()
    assert response.status_code == 200 and card.lstrip().startswith('<section id="vote-card"')
    assert "your earlier vote on statement 0 (Agree) is in force again." in card
    assert live_votes(participant) == {0: 1}


def test_a_refused_undo_shows_why_and_changes_nothing(consultation):
    """Check that undoing a vote that is not the last is a 409 (htmx: the card with the message)."""
    browser, participant = _voter()
    browser.post("/c/heritage/vote/", {"statement": 1, "value": 0})
    response = browser.post("/c/heritage/undo/", {"statement": 0, "value": 1}, **HTMX)
    assert response.status_code == 409 and "Only your last vote can be undone" in response.content.decode()
    assert browser.post("/c/heritage/undo/", {"statement": 0, "value": 1}).status_code == 409
    assert live_votes(participant) == {0: 1, 1: 0}


def test_nobody_else_can_undo_a_participants_vote(consultation):
    """Check that another browser (or one without identity) posting the same undo changes nothing."""
    _browser, participant = _voter()
    assert Client().post("/c/heritage/undo/", {"statement": 0, "value": 1}).status_code == 409
    assert live_votes(participant) == {0: 1} and Participant.objects.count() == 1


@pytest.mark.parametrize("headers", FOREIGN, ids=FOREIGN_IDS)
def test_an_undo_sent_by_another_site_is_refused(consultation, headers):
    """Check that an undo posted by another site's page is refused (403) like a vote, with the
    browser's cookie or with the participant's token in an embed's form, changing nothing."""
    browser, participant = _voter()
    token = services.create_participant(consultation)[1]
    services.cast_vote(services.participant_for_token(consultation, token), statement_number=0, value=1)
    response = browser.post("/c/heritage/undo/", {"statement": 0, "value": 1}, headers=headers)
    framed = Client().post(
        "/c/heritage/undo/", {"statement": 0, "value": 1, "embed": "1", "t": token}, headers=headers
    )
    assert (response.status_code, framed.status_code) == (403, 403)
    assert "came from another website" in response.content.decode()
    assert live_votes(participant) == {0: 1}
    assert live_votes(services.participant_for_token(consultation, token)) == {0: 1}


def test_undo_takes_posts_only(consultation):
    """Check that GET on the undo address is refused (405): a link cannot take a vote back."""
    browser, participant = _voter()
    assert browser.get("/c/heritage/undo/", {"statement": 0, "value": 1}).status_code == 405
    assert live_votes(participant) == {0: 1}
