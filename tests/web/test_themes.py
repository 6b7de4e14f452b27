"""Themes on every statement (issue 16 item 1): filing statements of any moderation state under a theme
from the queue (one, or the ticked ones), logged; the avenues for further work per theme; the suggested
themes staff accept, rename, merge or discard; and the participants' statements page filtered by theme."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from assembly.analysis.types import Moderation
from assembly.consultations import services
from assembly.consultations.models import Statement, Theme, ThemeSuggestion
from assembly.moderation import themes
from assembly.moderation.models import Action, ModerationLogEntry
from assembly.moderation.wording import describe


@pytest.fixture
def themed(consultation):
    """``consultation`` with themes "Climate" and "Bias", and three submissions: #3 pending, #4 accepted,
    #5 rejected."""
    services.set_themes(consultation, ["Climate", "Bias"])
    author = services.create_participant(consultation)[0]
    for text in ("Energy use of models", "Training data bias", "Spam spam"):
        services.submit_statement(author, text=text)
    Statement.objects.filter(consultation=consultation, number=4).update(moderation=Moderation.ACCEPTED.value)
    Statement.objects.filter(consultation=consultation, number=5).update(moderation=Moderation.REJECTED.value)
    return consultation


def _theme(consultation, name):
    return Theme.objects.get(consultation=consultation, name=name)


def _themes_of(consultation):
    return dict(Statement.objects.filter(consultation=consultation).values_list("number", "theme__name"))


def test_one_statement_is_filed_from_the_queue_and_logged(staff_client, themed, staff):
    """Check that the per-statement form files a pending statement, and the log says so in words."""
    climate = _theme(themed, "Climate")
    url = reverse("moderation:file", kwargs={"slug": themed.slug})
    response = staff_client.post(url, {"statement": "3", "theme": str(climate.pk), "show": "pending"})
    assert response.status_code == 302
    assert _themes_of(themed)[3] == "Climate"
    entry = ModerationLogEntry.objects.get(action=Action.THEME)
    assert (entry.before, entry.after, entry.actor) == ({"theme": ""}, {"theme": "Climate"}, staff)
    with translation.override("en"):
        assert describe(entry) == "Statement 3 filed under the theme “Climate” by mod"


def test_ticked_statements_of_every_state_are_filed_together(staff_client, themed):
    """Check the bulk form: pending, accepted and rejected statements all take the theme; "" removes it."""
    bias = _theme(themed, "Bias")
    url = reverse("moderation:file", kwargs={"slug": themed.slug})
    staff_client.post(url, {"statement": ["3", "4", "5"], "theme": str(bias.pk)})
    assert [_themes_of(themed)[n] for n in (3, 4, 5)] == ["Bias", "Bias", "Bias"]
    staff_client.post(url, {"statement": ["4"], "theme": ""})
    assert _themes_of(themed)[4] is None
    assert ModerationLogEntry.objects.filter(action=Action.THEME).count() == 4


def test_a_theme_of_another_consultation_or_an_unknown_statement_changes_nothing(
    themed, post_moderated, staff
):
    """Check that filing under another consultation's theme, or an unknown number, is refused whole."""
    services.set_themes(post_moderated, ["Elsewhere"])
    with pytest.raises(ValidationError):
        themes.file_under_theme(themed, [3], _theme(post_moderated, "Elsewhere"), actor=staff)
    with pytest.raises(ValidationError):
        themes.file_under_theme(themed, [3, 99], _theme(themed, "Bias"), actor=staff)
    with pytest.raises(ValidationError):
        themes.theme_of(themed, "not-a-number")
    assert _themes_of(themed)[3] is None
    assert not ModerationLogEntry.objects.filter(action=Action.THEME).exists()


def test_the_queue_offers_the_themes_per_statement_and_in_bulk(staff_client, themed):
    """Check that the queue page has a theme list beside each statement and one for the ticked ones."""
    page = staff_client.get(reverse("moderation:queue", kwargs={"slug": themed.slug}) + "?show=all")
    html = page.content.decode()
    assert 'id="bulk-theme"' in html
    assert 'id="theme-3"' in html and 'id="theme-5"' in html


def test_avenues_are_saved_and_too_long_ones_refused(staff_client, themed):
    """Check that the avenues text is saved per theme, and a text over the limit changes nothing."""
    climate = _theme(themed, "Climate")
    url = reverse("moderation:avenues", kwargs={"slug": themed.slug, "theme_id": climate.pk})
    staff_client.post(url, {"avenues": "  Measure the footprint of every model.  "})
    climate.refresh_from_db()
    assert climate.avenues == "Measure the footprint of every model."
    staff_client.post(url, {"avenues": "x" * (themes.AVENUES_MAX_LENGTH + 1)})
    climate.refresh_from_db()
    assert climate.avenues == "Measure the footprint of every model."


def _planted(consultation):
    """Six statements (#3 to #8) on two topics, every text sharing its topic's words."""
    services.add_seed_statements(
        consultation,
        texts=[
            "Museums should measure the energy footprint of climate models",
            "The climate cost and energy footprint of training must be published",
            "Energy footprint reports for every climate impact of AI",
            "Training data bias harms minority collections in archives",
            "Archives must audit bias against minority voices in data",
            "Bias in archive data erases minority histories",
        ],
    )


def test_suggestions_are_stored_and_nothing_is_filed_until_accepted(staff_client, consultation):
    """Check that asking for three themes stores three suggestions (the fixture's seeds, and the two
    planted topics split right) and files nothing; and that accepting one under a new name creates the
    theme, files its statements and removes that suggestion only."""
    _planted(consultation)
    staff_client.post(reverse("moderation:suggest", kwargs={"slug": consultation.slug}), {"n_themes": "3"})
    suggestions = list(ThemeSuggestion.objects.filter(consultation=consultation))
    groups = sorted(tuple(s.statement_numbers) for s in suggestions)
    assert groups == [(0, 1, 2), (3, 4, 5), (6, 7, 8)]
    assert not Statement.objects.filter(consultation=consultation, theme__isnull=False).exists()
    bias = next(s for s in suggestions if 6 in s.statement_numbers)
    staff_client.post(
        reverse("moderation:suggestions", kwargs={"slug": consultation.slug}),
        {"suggestion": str(bias.pk), "name": "Bias in collections", "action": "accept"},
    )
    filed = _themes_of(consultation)
    assert {n for n, t in filed.items() if t == "Bias in collections"} == set(bias.statement_numbers)
    assert ThemeSuggestion.objects.filter(consultation=consultation).count() == 2


def test_merging_keeps_a_persons_choice_and_discarding_changes_nothing(consultation, staff):
    """Check that merging two suggestions files only the statements without a theme, and that
    discarding removes a suggestion and nothing else."""
    services.set_themes(consultation, ["Chosen by a person"])
    _planted(consultation)
    themes.file_under_theme(consultation, [3], _theme(consultation, "Chosen by a person"), actor=staff)
    a, b, c = (
        ThemeSuggestion.objects.create(consultation=consultation, label=label, statement_numbers=numbers)
        for label, numbers in (("one", [3, 4]), ("two", [5]), ("three", [6]))
    )
    theme, filed = themes.accept_suggestions(
        consultation, [a.pk, b.pk], name="  AI   footprint ", actor=staff
    )
    assert (theme.name, filed) == ("AI footprint", 2)
    assert _themes_of(consultation)[3] == "Chosen by a person"
    assert [_themes_of(consultation)[n] for n in (4, 5)] == ["AI footprint", "AI footprint"]
    assert themes.discard_suggestions(consultation, [c.pk]) == 1
    assert _themes_of(consultation)[6] is None
    assert not ThemeSuggestion.objects.filter(consultation=consultation).exists()


def test_accepting_without_a_name_or_an_unknown_suggestion_is_refused(consultation, staff):
    """Check the refusals: no name, no suggestion, another consultation's suggestion."""
    s = ThemeSuggestion.objects.create(consultation=consultation, label="x", statement_numbers=[0])
    for ids, name in (([s.pk], "  "), ([], "Name"), ([s.pk + 1000], "Name")):
        with pytest.raises(ValidationError):
            themes.accept_suggestions(consultation, ids, name=name, actor=staff)
    assert ThemeSuggestion.objects.filter(pk=s.pk).exists()
    assert not consultation.themes.exists()


def test_participants_browse_published_statements_by_theme(client, themed, staff):
    """Check that the statements page lists visible statements only (never the rejected or the still
    hidden ones), and that the theme filter keeps one theme's statements."""
    themes.file_under_theme(themed, [0, 4, 5], _theme(themed, "Bias"), actor=staff)
    url = reverse("participate:statements", kwargs={"slug": themed.slug})
    everything = client.get(url).content.decode()
    assert "Seed one" in everything and "Training data bias" in everything
    assert "Spam spam" not in everything and "Energy use of models" not in everything
    bias = client.get(url, {"theme": str(_theme(themed, "Bias").pk)}).content.decode()
    assert "Seed zero" in bias and "Training data bias" in bias and "Seed one" not in bias
    without = client.get(url, {"theme": "none"}).content.decode()
    assert "Seed one" in without and "Seed zero" not in without


def test_the_themes_page_shows_counts_avenues_and_suggestions(staff_client, themed):
    """Check that the themes page has each theme's avenues field and the suggestion form."""
    html = staff_client.get(reverse("moderation:themes", kwargs={"slug": themed.slug})).content.decode()
    assert f'id="avenues-{_theme(themed, "Climate").pk}"' in html
    assert 'action="/manage/heritage/moderation/themes/suggest/"' in html


def test_the_api_files_statements_under_a_theme_and_refuses_unknown_ones(staff_client, themed):
    """Check the API: #3 and #5 (pending, rejected) filed under Bias and logged, `changed` listing them;
    null takes #3's theme away; an unknown theme or statement is a 404 that changes nothing; a
    participant is refused."""
    from tests.web.api_client import Api, error

    api = Api(staff_client)
    url = "/consultations/heritage/moderation/themes"
    assert api.post(url, {"statements": [3, 5], "theme": "Bias"}).json() == {"changed": [3, 5]}
    assert api.post(url, {"statements": [3], "theme": None}).json() == {"changed": [3]}
    assert (_themes_of(themed)[3], _themes_of(themed)[5]) == (None, "Bias")
    assert error(api.post(url, {"statements": [4], "theme": "Nope"}), 404)["code"] == "unknown_theme"
    assert (
        error(api.post(url, {"statements": [4, 99], "theme": "Bias"}), 404)["code"] == "statement_not_found"
    )
    assert _themes_of(themed)[4] is None
    assert ModerationLogEntry.objects.filter(action=Action.THEME).count() == 3
    error(Api().post(url, {"statements": [4], "theme": "Bias"}), 401)


def test_the_log_says_when_a_statement_is_taken_out_of_its_theme(themed, staff):
    """Check the sentence for a change to no theme."""
    themes.file_under_theme(themed, [4], _theme(themed, "Bias"), actor=staff)
    themes.file_under_theme(themed, [4], None, actor=staff)
    latest = ModerationLogEntry.objects.filter(action=Action.THEME).first()  # newest first
    with translation.override("en"):
        assert describe(latest) == "Statement 4 taken out of its theme by mod"
    with translation.override("fr"):
        assert describe(latest) == "Proposition 4 retirée de son thème par mod"
