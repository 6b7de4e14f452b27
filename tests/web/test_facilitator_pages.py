"""Facilitator pages: create, edit, seed, close, invites (assembly.consultations.views.facilitate)."""

from __future__ import annotations

from assembly.consultations.defaults import DEFAULT_GUIDELINES, DEFAULT_MODERATION_CRITERIA
from assembly.consultations.models import Consultation, Invite, Statement

NEW = {
    "title": "Culture for AI 2026",
    "slug": "culture-2026",
    "question": "How should heritage institutions use AI?",
    "description": "",
    "guidelines": DEFAULT_GUIDELINES,
    "moderation_mode": "pre",
    "moderation_criteria": "\n".join(DEFAULT_MODERATION_CRITERIA),
    "themes": "Climate\nBias\n",
    "accepts_submissions": "on",
}


def test_new_consultation_form_is_prefilled_with_the_papers_guidelines(staff_client):
    """Check that the creation form starts with the Europeana guidelines and the five criteria."""
    html = staff_client.get("/manage/new/").content.decode()
    assert "State a clear position that people would feel compelled to agree or disagree with." in html
    assert "limited to 140 characters" in html
    assert "Distinct: it differs enough" in html


def test_facilitator_creates_a_consultation_with_themes(staff_client, staff):
    """Check that posting the form creates the consultation, its themes in order, and records the creator."""
    response = staff_client.post("/manage/new/", NEW)
    assert response.status_code == 302 and response["Location"] == "/manage/culture-2026/"
    consultation = Consultation.objects.get(slug="culture-2026")
    assert consultation.created_by == staff and consultation.is_open()
    assert list(consultation.themes.values_list("name", flat=True)) == ["Climate", "Bias"]
    assert consultation.moderation_criteria == list(DEFAULT_MODERATION_CRITERIA)


def test_invalid_dates_are_refused_and_nothing_is_created(staff_client):
    """Check that a closing date before the opening date is refused with 400 and creates nothing."""
    data = NEW | {"opens_at": "2026-06-01T10:00", "closes_at": "2026-05-01T10:00"}
    response = staff_client.post("/manage/new/", data)
    assert response.status_code == 400 and "closing date" in response.content.decode()
    assert not Consultation.objects.exists()


def test_editing_keeps_the_slug(staff_client, consultation):
    """Check that an edit changes the title but not the short name, even if one is posted."""
    data = NEW | {"slug": "renamed", "title": "New title"}
    assert staff_client.post("/manage/heritage/edit/", data).status_code == 302
    consultation.refresh_from_db()
    assert (consultation.slug, consultation.title) == ("heritage", "New title")


def test_seed_statements_pasted_one_per_line(staff_client, consultation):
    """Check that pasting three lines (one blank) adds two accepted statements; a duplicate adds none."""
    response = staff_client.post("/manage/heritage/statements/", {"statements": "First new\n\nSecond new"})
    assert response.status_code == 302
    assert list(
        Statement.objects.filter(consultation=consultation, number__gte=3).values_list("text", flat=True)
    ) == [
        "First new",
        "Second new",
    ]
    response = staff_client.post("/manage/heritage/statements/", {"statements": "Third new\nfirst NEW"})
    assert response.status_code == 400 and "Line 2 repeats statement #3." in response.content.decode()
    assert Statement.objects.filter(consultation=consultation).count() == 5


def test_close_and_reopen(staff_client, consultation):
    """Check that the close button stops the consultation and reopen restarts it."""
    staff_client.post("/manage/heritage/close/")
    consultation.refresh_from_db()
    assert not consultation.is_open()
    staff_client.post("/manage/heritage/reopen/")
    consultation.refresh_from_db()
    assert consultation.is_open()


def test_invites_are_shown_once_and_stored_hashed(staff_client, consultation):
    """Check that making invites shows their links and stores only hashes."""
    html = staff_client.post("/manage/heritage/invites/", {"count": 3, "label": "mailing 1"}).content.decode()
    links = [line for line in html.splitlines() if "/c/heritage/invite/" in line]
    assert Invite.objects.count() == 3
    token = links[0].split("/invite/")[1].split("/")[0]
    assert not Invite.objects.filter(token_hash=token).exists()


def test_dashboard_shows_embed_snippet_and_counts(staff_client, consultation):
    """Check that the dashboard offers an iframe snippet pointing at the embed view."""
    html = staff_client.get("/manage/heritage/").content.decode()
    assert '&lt;iframe src="http://testserver/c/heritage/embed/"' in html
    assert "3 statements: 3 accepted, 0 awaiting moderation, 0 rejected" in html


def test_facilitator_pages_need_a_staff_account(client, db, django_user_model):
    """Check that anonymous visitors and non-staff users are sent to the login page."""
    assert client.get("/manage/")["Location"].startswith("/accounts/login/")
    user = django_user_model.objects.create_user("visitor", password="pw")
    client.force_login(user)
    assert client.post("/manage/new/", NEW)["Location"].startswith("/accounts/login/")
    assert not Consultation.objects.exists()
