"""The submission page: guidelines beside the box, similar statements while typing, errors that
change nothing."""

from __future__ import annotations

from assembly.consultations import services
from assembly.consultations.models import Participant, Statement


def test_submission_page_shows_guidelines_criteria_and_the_limit(client, consultation):
    """Check that the box has a 140-character limit and the guidelines and published criteria beside it."""
    html = client.get("/c/heritage/submit/").content.decode()
    assert 'maxlength="140"' in html and 'data-counter="text-counter"' in html
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


def test_submission_without_javascript_lands_on_own_statements(client, consultation):
    """Check that a valid submission redirects (303) to 'Your statements' with a thank-you message."""
    response = client.post(
        "/c/heritage/submit/", {"text": "A brand new idea", "action": "submit"}, follow=True
    )
    assert response.redirect_chain == [("/c/heritage/mine/", 303)]
    html = response.content.decode()
    assert "Thank you" in html and "A brand new idea" in html and "Awaiting moderation" in html
