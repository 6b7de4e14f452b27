"""Where do I stand (issue 14 item 1): a participant who has voted enough sees, on a page only they get,
their place on the opinion map, their group, and the statements where they vote with it and where they
differ; the end of the vote card leads there, to writing a statement and to sharing."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from assembly.consultations import services
from assembly.consultations.identity import cookie_name
from assembly.results import snapshots
from tests.web.results_data import two_camps

STANDING = "/c/heritage/results/you/"


def refresh(consultation) -> None:
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "done"


def as_participant(consultation, token: str) -> Client:
    client = Client()
    client.cookies[cookie_name(consultation)] = token
    return client


def standing_page(client: Client) -> str:
    response = client.get(STANDING)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def group_named(html: str) -> str:
    """The group the page places its reader in ("Group A"), or "" when it places them in none."""
    match = re.search(r'<h2 id="standing-title">You are in (Group [A-Z])</h2>', html)
    return match.group(1) if match else ""


def listed(html: str, list_id: str) -> list[int]:
    """The statement numbers in the list ``list_id`` of the page, in order ([] when it is absent)."""
    match = re.search(rf'<ul class="stances" id="{list_id}">(.*?)</ul>', html, re.S)
    return [int(n) for n in re.findall(r'<span class="sid">#(\d+)</span>', match.group(1))] if match else []


@pytest.fixture
def camps(consultation):
    """Public results; two camps of 10 voting opposite on #0-#5; camp A's first participant (the
    dissenter) disagrees with #0 where the rest of camp A agrees."""
    consultation.results_public = True
    consultation.save()
    made = two_camps(consultation)
    services.cast_vote(made.a[0], statement_number=0, value=-1)
    return made


def test_a_placed_participant_sees_their_group_and_where_they_differ(consultation, camps):
    """Check that the dissenter is told their group (camp A's, of 10: the one a campmate is told, not
    the one of camp B), sees #0 (they disagree, 90% of their group agree) among the differences and #1,
    #2 (agree, 100%), #3-#5 (disagree, 100%) among the statements they vote with their group, and is
    ringed on the map."""
    refresh(consultation)
    html = standing_page(as_participant(consultation, camps.tokens[camps.a[0].number]))
    campmate = standing_page(as_participant(consultation, camps.tokens[camps.a[1].number]))
    other = standing_page(as_participant(consultation, camps.tokens[camps.b[0].number]))
    assert group_named(html) == group_named(campmate) != group_named(other)
    assert group_named(html) in ("Group A", "Group B")
    assert "Your group has 10 participants (50% of those placed in groups)" in html
    assert listed(html, "stances-differ") == [0]
    assert "(you disagree; 90% of your group agree)" in html
    assert sorted(listed(html, "stances-with")) == [1, 2, 3, 4, 5]
    assert 'id="your-map"' in html and 'class="you"' in html


def test_the_other_camp_sees_its_own_group(consultation, camps):
    """Check that a participant of camp B differs from their group nowhere, and sees the first five of
    the six statements on which camp B is unanimous (the list holds five)."""
    refresh(consultation)
    html = standing_page(as_participant(consultation, camps.tokens[camps.b[0].number]))
    assert group_named(html)
    assert listed(html, "stances-differ") == []
    assert "None: wherever most of your group took a side, you took the same one." in html
    assert listed(html, "stances-with") == [0, 1, 2, 3, 4]  # all at 100%: by number, five at most


def test_the_page_is_private_and_never_cached(consultation, camps):
    """Check that the page tells browsers and proxies not to keep it (it shows one person's votes)."""
    refresh(consultation)
    response = as_participant(consultation, camps.tokens[camps.a[0].number]).get(STANDING)
    cache_control = response.headers["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_nobody_is_ringed_on_the_public_results(client, consultation, camps):
    """Check that the public results page, even opened by a placed participant, marks no one: the ring
    exists only on that participant's own page."""
    refresh(consultation)
    for visitor in (client, as_participant(consultation, camps.tokens[camps.a[0].number])):
        html = visitor.get("/c/heritage/results/").content.decode()
        assert 'id="opinion-map"' in html
        assert 'class="you"' not in html and "your-map" not in html


def test_a_link_token_does_not_show_someone_elses_standing(client, consultation, camps):
    """Check that another participant's token in the address (a forwarded link) identifies nobody here:
    only this browser's own cookie does."""
    refresh(consultation)
    token = camps.tokens[camps.a[0].number]
    html = client.get(f"{STANDING}?t={token}").content.decode()
    assert "Vote to see where you stand" in html
    assert "You are in" not in html and "your-map" not in html


def test_a_visitor_who_has_not_voted_enough_is_told_how_many_votes_remain(consultation, camps):
    """Check that a participant with two votes (six statements: six needed) is asked for four more, and
    a visitor without any participant for six."""
    refresh(consultation)
    newcomer, token = services.create_participant(consultation)
    services.cast_vote(newcomer, statement_number=0, value=1)
    services.cast_vote(newcomer, statement_number=1, value=1)
    assert "Vote on 4 more statements to be placed" in standing_page(as_participant(consultation, token))
    assert "Vote on 6 more statements to be placed" in standing_page(Client())


def test_enough_votes_since_the_analysis_means_placed_at_the_next_one(consultation, camps):
    """Check that a participant who voted on every statement after the latest analysis is told they will
    be placed at the next one, and is placed once it ran."""
    refresh(consultation)
    latecomer, token = services.create_participant(consultation)
    for number in range(6):
        services.cast_vote(latecomer, statement_number=number, value=1 if number < 3 else -1)
    visitor = as_participant(consultation, token)
    assert "You will be placed at the next analysis" in standing_page(visitor)
    refresh(consultation)
    campmate = as_participant(consultation, camps.tokens[camps.a[1].number])
    assert group_named(standing_page(visitor)) == group_named(standing_page(campmate)) != ""


def test_withheld_results_show_no_group_figure(consultation):
    """Check that below the consultation's minimum of participants (ten, not twenty), a participant who
    was placed learns only that the figures are withheld: no group, no share, no map."""
    consultation.results_public = True
    consultation.save()
    camps = two_camps(consultation, per_camp=5)
    refresh(consultation)
    html = standing_page(as_participant(consultation, camps.tokens[camps.a[0].number]))
    assert "You are placed in an opinion group" in html
    assert "too small for its figures to be shown" in html
    assert "Group A" not in html and "%" not in html and "<svg" not in html


def test_private_results_refuse_the_page(client, consultation, camps):
    """Check that when the results are not public, the page is refused as the results page is (the
    staff login), even to a placed participant."""
    consultation.results_public = False
    consultation.save()
    refresh(consultation)
    response = as_participant(consultation, camps.tokens[camps.a[0].number]).get(STANDING)
    assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"]


def test_the_end_card_leads_to_standing_results_writing_and_sharing(consultation, camps):
    """Check that once a participant has voted on every statement, the card links to where they stand,
    to the results, to the statement form and to an e-mail carrying the consultation's address."""
    client = as_participant(consultation, camps.tokens[camps.a[0].number])
    html = client.get("/c/heritage/").content.decode()
    assert "You have voted on every statement." in html
    links = re.search(r'<ul class="nav end-links" id="end-links">(.*?)</ul>', html, re.S)
    assert links, "no links on the end card"
    assert f'href="{STANDING}"' in links.group(1)
    assert 'href="/c/heritage/results/"' in links.group(1)
    assert 'href="/c/heritage/submit/"' in links.group(1)
    address = "http%3A%2F%2Ftestserver%2Fc%2Fheritage%2F"
    assert f"mailto:?subject=AI%20in%20heritage&amp;body={address}" in links.group(1)


def test_the_end_card_leaves_out_standing_when_results_are_private(consultation, camps):
    """Check that the end card offers no "where you stand" link when the results are not public."""
    consultation.results_public = False
    consultation.save()
    html = as_participant(consultation, camps.tokens[camps.a[0].number]).get("/c/heritage/").content.decode()
    assert "You have voted on every statement." in html
    assert STANDING not in html


def test_the_embeds_end_card_links_to_the_results_instead(consultation, camps):
    """Check that inside an embed, whose frame may keep no cookie (the standing page knows a participant
    by their cookie only), the end card links to the results in a new tab rather than to a standing
    page that could not recognise them."""
    token = camps.tokens[camps.a[0].number]
    html = Client().get(f"/c/heritage/embed/?t={token}").content.decode()
    links = re.search(r'<ul class="nav end-links" id="end-links">(.*?)</ul>', html, re.S)
    assert links, "no links on the embed's end card"
    assert STANDING not in links.group(1)
    assert '<a href="/c/heritage/results/" target="_blank" rel="noopener">Results</a>' in links.group(1)


def test_votes_on_a_rejected_statement_do_not_count_towards_placing(consultation, camps):
    """Check that once #0 is rejected (five statements shown, so five votes needed), a participant who
    voted on #0 and #1 is asked for four more, not three."""
    from django.utils import timezone

    from assembly.analysis.types import Moderation
    from assembly.consultations.models import Statement

    newcomer, token = services.create_participant(consultation)
    services.cast_vote(newcomer, statement_number=0, value=1)
    services.cast_vote(newcomer, statement_number=1, value=1)
    Statement.objects.filter(consultation=consultation, number=0).update(
        moderation=Moderation.REJECTED.value, moderated_at=timezone.now()
    )
    refresh(consultation)
    assert "Vote on 4 more statements to be placed" in standing_page(as_participant(consultation, token))
