"""Facilitator pages: create, edit, seed, close, invites, moderators
(assembly.consultations.views.facilitate)."""

from __future__ import annotations

import pytest
from django.test import Client

from assembly.accounts.models import ConsultationModerator
from assembly.consultations import services
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
    """Check that posting the form creates the consultation as a draft (not open until published), its
    themes in order, and records the creator."""
    response = staff_client.post("/manage/new/", NEW)
    assert response.status_code == 302 and response["Location"] == "/manage/culture-2026/"
    consultation = Consultation.objects.get(slug="culture-2026")
    assert consultation.created_by == staff and consultation.is_draft and not consultation.is_open()
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


# Moderators ---------------------------------------------------------------------------------------


@pytest.fixture
def owned(db, django_user_model):
    """A consultation created by the staff account "owner" (not a superuser), and staff accounts "ana"
    and "ben" who moderate nothing yet, plus "visitor", an account without staff status."""
    owner = django_user_model.objects.create_user("owner", password="pw-for-tests", is_staff=True)
    for name in ("ana", "ben"):
        django_user_model.objects.create_user(name, password="pw-for-tests", is_staff=True)
    django_user_model.objects.create_user("visitor", password="pw-for-tests")
    consultation = services.create_consultation(actor=owner, slug="owned", title="Owned", question="Q?")
    return consultation


def _login(client, django_user_model, username: str):
    client.force_login(django_user_model.objects.get(username=username))
    return client


def test_the_creator_adds_a_moderator_who_can_then_open_the_consultation(client, owned, django_user_model):
    """Check that the creator adds "ana" by user name: she is listed, and her dashboard of the
    consultation, refused before (403), now opens."""
    ana = Client()
    _login(ana, django_user_model, "ana")
    assert ana.get("/manage/owned/").status_code == 403
    owner = _login(client, django_user_model, "owner")
    response = owner.post("/manage/owned/moderators/", {"username": " ana "})
    assert response.status_code == 302 and response["Location"] == "/manage/owned/moderators/"
    assert list(owned.moderators.values_list("user__username", flat=True)) == ["ana"]
    page = owner.get("/manage/owned/moderators/").content.decode()
    assert "ana now moderates this consultation." in page and "Remove ana" in page
    assert ana.get("/manage/owned/").status_code == 200


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("nobody", "There is no account named “nobody”."),
        ("visitor", "“visitor” is not an active staff account"),
        ("owner", "“owner” created this consultation and moderates it already."),
        ("ana", "“ana” moderates this consultation already."),
    ],
)
def test_an_account_that_cannot_be_added_is_refused_by_name(
    client, owned, django_user_model, username, message
):
    """Check that an unknown account, a non-staff account, the creator and a moderator already listed are
    refused with 400 and a message naming the account, and the list is unchanged."""
    owner = _login(client, django_user_model, "owner")
    assert owner.post("/manage/owned/moderators/", {"username": "ana"}).status_code == 302
    response = owner.post("/manage/owned/moderators/", {"username": username})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(owned.moderators.values_list("user__username", flat=True)) == ["ana"]


def test_the_creator_removes_a_moderator_who_is_then_refused(client, owned, django_user_model):
    """Check that removing "ana" deletes her assignment, says so, and her dashboard answers 403 again."""
    owner = _login(client, django_user_model, "owner")
    owner.post("/manage/owned/moderators/", {"username": "ana"})
    assignment = owned.moderators.get()
    response = owner.post("/manage/owned/moderators/", {"remove": str(assignment.pk)}, follow=True)
    assert "ana no longer moderates this consultation." in response.content.decode()
    assert not owned.moderators.exists()
    ana = _login(Client(), django_user_model, "ana")
    assert ana.get("/manage/owned/").status_code == 403


def test_removing_an_assignment_of_another_consultation_changes_nothing(
    client, owned, consultation, django_user_model
):
    """Check that a remove naming another consultation's assignment (or no number) is refused with 400."""
    other = ConsultationModerator.objects.create(
        consultation=consultation, user=django_user_model.objects.get(username="ben")
    )
    owner = _login(client, django_user_model, "owner")
    for bad in (str(other.pk), "x"):
        response = owner.post("/manage/owned/moderators/", {"remove": bad})
        assert response.status_code == 400
        assert "is not a moderator of this consultation" in response.content.decode()
    assert ConsultationModerator.objects.filter(pk=other.pk).exists()


def test_a_moderator_sees_the_list_but_cannot_change_it(client, owned, django_user_model):
    """Check that an assigned moderator (not the creator) gets the list without the form, and a POST that
    adds or removes is refused with 403 and changes nothing."""
    owner = _login(Client(), django_user_model, "owner")
    owner.post("/manage/owned/moderators/", {"username": "ana"})
    ana = _login(client, django_user_model, "ana")
    page = ana.get("/manage/owned/moderators/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Only the consultation's creator or an administrator" in html and 'name="username"' not in html
    assert ana.post("/manage/owned/moderators/", {"username": "ben"}).status_code == 403
    remove = {"remove": str(owned.moderators.get().pk)}
    assert ana.post("/manage/owned/moderators/", remove).status_code == 403
    assert list(owned.moderators.values_list("user__username", flat=True)) == ["ana"]


def test_seed_statements_over_140_characters_are_refused_by_line(staff_client, consultation):
    """Check that typed seeds follow the participants' 140: every too-long line is named, none is added."""
    lines = ["Fine seed", "x" * 141, "Another fine seed", "y" * 250, "z" * 140]
    response = staff_client.post("/manage/heritage/statements/", {"statements": "\n".join(lines)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Line 2: A statement has at most 140 characters; this one has 141." in html
    assert "Line 4: A statement has at most 140 characters; this one has 250." in html
    assert "Line 5" not in html and "Line 1" not in html
    assert not Statement.objects.filter(consultation=consultation, number__gte=3).exists()
    assert "y" * 250 in html  # the pasted text is kept in the box


def test_imports_keep_the_longer_limit_for_past_conversations():
    """Check that the seed limit is the participants' one and imports keep room for pol.is's long seeds."""
    from assembly.consultations.models import SEED_MAX_LENGTH, STATEMENT_MAX_LENGTH, SUBMISSION_MAX_LENGTH

    assert SEED_MAX_LENGTH == SUBMISSION_MAX_LENGTH == 140
    assert STATEMENT_MAX_LENGTH >= 250
