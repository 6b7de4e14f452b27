"""A participant downloads all their data and erases it; the consultation's published policy decides
whether their votes stay in the analysis, anonymously (issue 5, item 12)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from assembly.consultations import services
from assembly.consultations.datasets import export_dataset
from assembly.consultations.identity import cookie_name
from assembly.consultations.models import Consultation, ErasurePolicy, Participant, Statement, Vote, VoteEvent
from assembly.consultations.privacy import ERASED_TEXT
from assembly.moderation import services as moderation
from assembly.results import snapshots

ACCEPTED = "Museums should publish the data their AI tools learn from"
REJECTED = "My colleague Jan at the city archive agrees with me"
OTHERS = "Small museums need shared tools"


def make_consultation(policy: str, staff) -> tuple[Consultation, Client, Participant]:
    """Four seeds (#0-#3). Ana votes agree on #0, disagree then pass on #1, agree on #2, and writes #4
    (accepted) and #5 (rejected, with her automatic agree votes); Ben writes #6 and votes on #0 and #4.
    Returns the consultation, Ana's browser and Ana."""
    consultation = services.create_consultation(
        slug="privacy", title="Privacy", question="What now?", erasure_policy=policy
    )
    services.add_seed_statements(consultation, texts=[f"Seed {i}" for i in range(4)])
    ana = Client()
    for number, value in ((0, 1), (1, -1), (1, 0), (2, 1)):
        assert ana.post("/c/privacy/vote/", {"statement": number, "value": value}).status_code == 303
    for text in (ACCEPTED, REJECTED):
        assert ana.post("/c/privacy/submit/", {"text": text}).status_code == 303
    ben, _token = services.create_participant(consultation)
    services.submit_statement(ben, text=OTHERS)
    moderation.accept_statements(consultation, [4, 6], actor=staff, note="fine")
    reason = consultation.moderation_criteria[0]
    moderation.reject_statements(consultation, [5], actor=staff, reason=reason, note="names a person")
    services.cast_vote(ben, statement_number=0, value=-1)
    services.cast_vote(ben, statement_number=4, value=1)
    return consultation, ana, Participant.objects.get(consultation=consultation, number=0)


@pytest.fixture(params=[ErasurePolicy.DELETE, ErasurePolicy.ANONYMISE])
def setup(request, staff):
    return make_consultation(request.param, staff)


def test_download_holds_all_and_only_the_participants_data(setup):
    """Check the JSON download: live votes, the vote history (the changed vote included), both of Ana's
    statements with the moderators' outcomes, her settings, and nothing of Ben's."""
    consultation, ana, _participant = setup
    response = ana.get("/c/privacy/my-data.json")
    assert response["Content-Disposition"] == 'attachment; filename="privacy-my-data.json"'
    data = json.loads(response.content)
    assert data["format"] == "assembly-participant-data/1"
    assert data["participant"]["number"] == 0
    assert data["participant"]["identified_by"] == "browser cookie"
    assert data["settings"] == {"language": "en"}
    assert data["consultation"]["on_erasure"]["policy"] == consultation.erasure_policy
    assert [(v["statement"], v["vote"]) for v in data["votes"]] == [
        (0, "agree"),
        (1, "pass"),
        (2, "agree"),
        (4, "agree"),
        (5, "agree"),
    ]
    assert [(v["statement"], v["vote"]) for v in data["vote_history"]] == [
        (0, "agree"),
        (1, "disagree"),
        (1, "pass"),
        (2, "agree"),
        (4, "agree"),
        (5, "agree"),
    ]
    assert [(s["number"], s["text"], s["moderation"]) for s in data["statements"]] == [
        (4, ACCEPTED, "accepted"),
        (5, REJECTED, "rejected"),
    ]
    assert data["statements"][1]["reason"] == consultation.moderation_criteria[0]
    assert OTHERS not in response.content.decode()


def test_the_data_pages_are_the_participants_own(setup):
    """Check that a browser that has not taken part gets 404 on the data pages and cannot erase."""
    _consultation, _ana, _participant = setup
    stranger = Client()
    assert stranger.get("/c/privacy/my-data/").status_code == 404
    assert stranger.get("/c/privacy/my-data.json").status_code == 404
    assert stranger.post("/c/privacy/my-data/erase/", {"confirm": "yes"}).status_code == 404
    assert VoteEvent.objects.count() == 9


def test_erasure_needs_the_confirmation(setup):
    """Check that erasing without ticking the box changes nothing and says why."""
    _consultation, ana, _participant = setup
    response = ana.post("/c/privacy/my-data/erase/", {})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert Vote.objects.filter(participant__number=0).count() == 5


def test_the_policy_is_shown_before_taking_part(db, staff):
    """Check that the consultation page states what erasure does, in the words of its policy."""
    delete = services.create_consultation(slug="d", title="D", question="Q?")
    keep = services.create_consultation(
        slug="k", title="K", question="Q?", erasure_policy=ErasurePolicy.ANONYMISE
    )
    assert (
        "your votes are deleted and leave the results" in Client().get(f"/c/{delete.slug}/").content.decode()
    )
    assert "your votes stay in the results anonymously" in Client().get(f"/c/{keep.slug}/").content.decode()


def _erase(ana: Client):
    response = ana.post("/c/privacy/my-data/erase/", {"confirm": "yes"})
    assert response.status_code == 303
    assert response["Location"] == "/c/privacy/"
    assert response.cookies[cookie_name(Consultation.objects.get(slug="privacy"))].value == ""
    return response


def _numbers_with_votes(consultation: Consultation) -> set[int]:
    votes = export_dataset(consultation).votes
    return {int(p) for p in votes.participant_ids}


def test_erasure_with_the_delete_policy(staff):
    """Check the delete policy: Ana's votes and vote history are gone (the export and the analysis no
    longer see participant 0), her statements are detached, the rejected one loses its text, the
    published one keeps it; Ben's data is untouched; Ana cannot be recognised any more."""
    consultation, ana, participant = make_consultation(ErasurePolicy.DELETE, staff)
    marker = snapshots.change_marker(consultation)
    _erase(ana)
    assert not Vote.objects.filter(participant=participant).exists()
    assert not VoteEvent.objects.filter(participant=participant).exists()
    assert _numbers_with_votes(consultation) == {1}
    texts = dict(Statement.objects.filter(consultation=consultation).values_list("number", "text"))
    assert (texts[4], texts[5], texts[6]) == (ACCEPTED, ERASED_TEXT, OTHERS)
    assert not Statement.objects.filter(author=participant).exists()
    assert Vote.objects.filter(participant__number=1).count() == 3
    row = Participant.objects.get(pk=participant.pk)
    assert (row.token_hash, row.xid, row.erased_at is not None) == (None, None, True)
    assert snapshots.change_marker(consultation) != marker  # the results are computed again
    assert ana.get("/c/privacy/my-data/").status_code == 404


def test_erasure_with_the_keep_anonymised_policy(staff):
    """Check the keep-anonymised policy: Ana's 5 live votes and 6 vote records stay under participant
    number 0 (in the export, hence the analysis), but nothing identifies her: no token, no external
    id, no authorship; the rejected statement loses its text."""
    consultation, ana, participant = make_consultation(ErasurePolicy.ANONYMISE, staff)
    Participant.objects.filter(pk=participant.pk).update(xid="ana@example.org")
    _erase(ana)
    assert Vote.objects.filter(participant=participant).count() == 5
    assert VoteEvent.objects.filter(participant=participant).count() == 6
    assert _numbers_with_votes(consultation) == {0, 1}
    row = Participant.objects.get(pk=participant.pk)
    assert (row.token_hash, row.xid, row.invite_id) == (None, None, None)
    assert [p.xid for p in export_dataset(consultation).participants] == [None, None]
    texts = dict(Statement.objects.filter(consultation=consultation).values_list("number", "text"))
    assert (texts[4], texts[5]) == (ACCEPTED, ERASED_TEXT)
    assert not Statement.objects.filter(author=participant).exists()
    assert ana.get("/c/privacy/my-data.json").status_code == 404


def test_an_embedded_participant_erases_through_the_link_token(staff):
    """Check that inside an embed (token in the form, no cookie), erasure works and returns to the
    embed view without the token."""
    consultation, _ana, _participant = make_consultation(ErasurePolicy.DELETE, staff)
    other, token = services.create_participant(consultation)
    services.cast_vote(other, statement_number=0, value=1)
    response = Client().post("/c/privacy/my-data/erase/", {"confirm": "yes", "embed": "1", "t": token})
    assert response["Location"] == "/c/privacy/embed/"
    assert not Vote.objects.filter(participant=other).exists()


def test_the_api_publishes_the_policy_and_facilitators_set_it(staff_client, db):
    """Check that the API shows each consultation's erasure policy and takes a new one from staff."""
    services.create_consultation(slug="api", title="API", question="Q?")
    assert Client().get("/api/consultations/api").json()["erasure_policy"] == "delete"
    response = staff_client.patch(
        "/api/consultations/api", {"erasure_policy": "anonymise"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert Consultation.objects.get(slug="api").erasure_policy == ErasurePolicy.ANONYMISE
