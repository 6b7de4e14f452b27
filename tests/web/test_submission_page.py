"""The submission page: guidelines beside the box, similar statements while typing, errors that
change nothing."""

from __future__ import annotations

from assembly.consultations import services
from assembly.consultations.models import Participant, Statement


def test_submission_page_shows_guidelines_criteria_and_the_limit(client, consultation):
    """Check that the box states the 140-character limit, with the guidelines and criteria beside it."""
    html = client.get("/c/heritage/submit/").content.decode()
    assert "At most 140 characters." in html and 'data-counter="text-counter"' in html
    assert "State a clear position that people would feel compelled to agree or disagree with." in html
    assert consultation.moderation_criteria[0] in html


def test_similar_statements_fragment_lists_close_published_statements(client, consultation):
    """Check that the while-typing fragment lists a published statement close to the draft, and nothing
    for an unrelated draft or one under three characters."""
    services.add_seed_statements(consultation, texts=["Museums should label AI-generated images"])
    found = client.get("/c/heritage/similar/", {"text": "museums must label AI generated images"})
    assert (
        found.status_code == 200 and "#3 Museums should label AI-generated images" in found.content.decode()
    )
    assert (
        "#3"
        not in client.get("/c/heritage/similar/", {"text": "Rural libraries need funding"}).content.decode()
    )
    assert client.get("/c/heritage/similar/", {"text": "mu"}).content.decode().strip() == ""


def test_check_button_shows_similar_statements_without_submitting(client, consultation):
    """Check that 'Check for similar statements' (the no-JavaScript path) lists them and adds nothing."""
    response = client.post("/c/heritage/submit/", {"text": "Seed zero!", "action": "check"})
    assert response.status_code == 200 and "#0 Seed zero" in response.content.decode()
    assert Statement.objects.count() == 3 and not Participant.objects.exists()


def test_too_long_statement_is_refused_with_a_message_and_changes_nothing(client, consultation):
    """Check that 141 characters get a 400 page naming the limit, with the draft kept, and nothing stored."""
    draft = "x" * 141
    response = client.post("/c/heritage/submit/", {"text": draft, "action": "submit"})
    html = response.content.decode()
    assert response.status_code == 400 and "140" in html and draft in html
    assert Statement.objects.count() == 3 and not Participant.objects.exists()


def test_duplicate_statement_is_refused_with_409_and_changes_nothing(client, consultation):
    """Check that resubmitting a seed (other case and spaces) answers 409 with a message, creating nothing."""
    response = client.post("/c/heritage/submit/", {"text": "  SEED   zero ", "action": "submit"})
    assert response.status_code == 409 and "already been submitted" in response.content.decode()
    assert Statement.objects.count() == 3 and not Participant.objects.exists()


def test_submission_goes_back_to_voting_with_what_happens_next(client, consultation):
    """Check that a valid submission redirects (303) to the vote card, saying the statement waits for a
    moderator and where to follow it; 'Your statements' lists it as awaiting moderation."""
    response = client.post(
        "/c/heritage/submit/", {"text": "A brand new idea", "action": "submit"}, follow=True
    )
    assert response.redirect_chain == [("/c/heritage/", 303)]
    html = response.content.decode()
    assert "your statement #3 will be shown to other participants once a moderator accepts it" in html
    assert 'id="vote-card"' in html and 'data-vote="agree"' in html
    mine = client.get("/c/heritage/mine/").content.decode()
    assert "A brand new idea" in mine and "Awaiting moderation" in mine


def test_submission_in_post_moderation_says_it_is_shown_at_once(client, consultation):
    """Check that in post-moderation the confirmation says the statement is shown now."""
    consultation.moderation_mode = "post"
    consultation.save()
    response = client.post(
        "/c/heritage/submit/", {"text": "Another new idea", "action": "submit"}, follow=True
    )
    assert response.redirect_chain == [("/c/heritage/", 303)]
    assert "your statement #3 is now shown to other participants" in response.content.decode()


def test_submission_in_the_embed_goes_back_to_the_embedded_card(client, consultation):
    """Check that a submission made inside the embed returns to the embed's vote card, carrying the token."""
    response = client.post("/c/heritage/submit/?embed=1", {"text": "Idea from a frame", "action": "submit"})
    assert response.status_code == 303
    assert response["Location"].startswith("/c/heritage/embed/?") and "t=" in response["Location"]


def test_an_over_long_draft_is_counted_never_cut(client, consultation):
    """Check that the box has no maxlength (a browser would cut pasted text mid-word) but a counter
    that knows the limit and says how many characters are too many."""
    html = client.get("/c/heritage/submit/").content.decode()
    assert "maxlength" not in html
    assert 'data-limit="140"' in html and 'data-counter="text-counter"' in html
    assert (
        "{n} characters too many: shorten your statement before submitting it. Nothing has been cut." in html
    )
