"""The results page (assembly.results.views): who may see it, what it shows, its live fragments,
group naming and the report link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from assembly.analysis.types import Moderation
from assembly.consultations import services
from assembly.consultations.models import Statement
from assembly.results import snapshots
from assembly.results.models import AnalysisSnapshot, GroupName
from tests.web.results_data import two_camps


def refresh(consultation) -> AnalysisSnapshot:
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "done"
    return AnalysisSnapshot.objects.get(consultation=consultation)


def count(html: str, name: str) -> int:
    match = re.search(rf'<dd id="count-{name}">(\d+)</dd>', html)
    assert match, f"count {name} not on the page"
    return int(match.group(1))


def page(client, consultation, suffix: str = "") -> str:
    response = client.get(f"/c/{consultation.slug}/results/{suffix}")
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def set_state(consultation, number: int, state: Moderation) -> None:
    Statement.objects.filter(consultation=consultation, number=number).update(
        moderation=state.value, moderated_at=timezone.now()
    )


@pytest.fixture
def camps(consultation):
    """Two camps of 10 (120 votes on #0-#5), one pending submission (#6, its author's vote) and one
    rejected submission (#7, its author's vote): 22 participants, 122 votes, 6 visible statements."""
    made = two_camps(consultation)
    for text in ("A pending idea about museums", "A rejected rude remark"):
        author, _token = services.create_participant(consultation)
        services.submit_statement(author, text=text)
    set_state(consultation, 7, Moderation.REJECTED)
    return made


def test_counts_equal_the_databases(staff_client, consultation, camps):
    """Check that the page's counts are the database's: participants, live votes, visible statements,
    placed participants, pending, rejected and excluded."""
    refresh(consultation)
    html = page(staff_client, consultation)
    assert count(html, "participants") == 22
    assert count(html, "votes") == 122
    assert count(html, "statements") == 6
    assert count(html, "placed") == 20
    assert count(html, "pending") == 1
    assert count(html, "rejected") == 1
    assert count(html, "excluded") == 0


def test_counts_are_live_even_before_the_next_analysis(staff_client, consultation, camps, participant):
    """Check that a vote cast after the analysis shows in the counts at once."""
    refresh(consultation)
    services.cast_vote(participant, statement_number=0, value=1)
    assert count(page(staff_client, consultation), "votes") == 123


def test_rejected_statements_never_appear(staff_client, consultation, camps):
    """Check that a rejected statement appears nowhere on the page, not even when it was pending (with
    votes) at the time of the analysis and rejected afterwards."""
    refresh(consultation)
    set_state(consultation, 6, Moderation.REJECTED)
    html = page(staff_client, consultation) + page(staff_client, consultation, "live/analysis/")
    assert "A rejected rude remark" not in html
    assert "A pending idea about museums" not in html


def test_pending_statements_show_only_in_post_moderation(staff_client, post_moderated):
    """Check that the page lists pending submissions when participants see them (post-moderation)."""
    author, _token = services.create_participant(post_moderated)
    services.submit_statement(author, text="Shown until rejected")
    refresh(post_moderated)
    assert "Shown until rejected" in page(staff_client, post_moderated)


def test_every_visible_statement_is_listed_with_its_votes(staff_client, consultation, camps):
    """Check that the statement table lists #0-#5 with 10 agree, 10 disagree, 0 pass each."""
    refresh(consultation)
    html = page(staff_client, consultation)
    rows = re.findall(r'<tr id="statement-(\d+)">(.*?)</tr>', html, re.DOTALL)
    assert [int(n) for n, _row in rows] == [0, 1, 2, 3, 4, 5]
    for _n, row in rows:
        assert "50% (10)" in row and "0% (0)" in row


def test_the_map_and_both_groups_are_shown(staff_client, consultation, camps):
    """Check that the page draws the opinion map with its table and shows two groups of 10."""
    refresh(consultation)
    html = page(staff_client, consultation)
    assert '<svg xmlns="http://www.w3.org/2000/svg" id="opinion-map"' in html
    assert 'id="opinion-map-table"' in html
    assert html.count("10 participants (50% of those placed)") == 2
    assert "Group A" in html and "Group B" in html


def test_the_camps_statements_are_listed_under_friction(staff_client, consultation, camps):
    """Check that the six statements, on which the groups vote 100% against 0%, are friction: the first
    five (equally strong, so by number) are shown with per-group bars, the sixth is counted; none is
    consensus (every statement is split 50/50)."""
    refresh(consultation)
    html = page(staff_client, consultation)
    friction = html.split('id="category-friction"')[1].split('class="category"')[0]
    assert [int(n) for n in re.findall(r'<svg[^>]* id="friction-(\d+)"', friction)] == [0, 1, 2, 3, 4]
    assert "And 1 more statement: see the report." in friction
    consensus = html.split('id="category-consensus"')[1].split('class="category"')[0]
    assert "No statement in this category yet." in consensus


def test_inconclusive_friction_says_the_groups_are_not_shown_to_differ(staff_client, consultation, camps):
    """Check the badge of an inconclusive friction statement: its groups are not shown to differ
    (friction's rule), not that an interval reaches below the threshold (the rule of shares)."""
    snapshot = refresh(consultation)
    document = snapshot.document
    for statement in document["statements"]:  # all six: clear ones are listed first, five are shown
        statement["flags"]["friction"] = "inconclusive"
    AnalysisSnapshot.objects.filter(pk=snapshot.pk).update(document=document)
    friction = (
        page(staff_client, consultation).split('id="category-friction"')[1].split('class="category"')[0]
    )
    assert friction.count('title="The groups are not shown to differ, or cast too few votes."') == 5
    assert "interval reaches below" not in friction


def test_representative_statements_read_in_the_direction_the_group_votes(staff_client, consultation, camps):
    """Check a representative statement that pol.is's best-agree rule finalised as "disagree" while the
    group agrees 100%: the page prints the group's agree share, not "100% of this group disagree"
    beside votes that agree."""
    snapshot = refresh(consultation)
    document = snapshot.document
    group, entries = next((g, e) for g, e in document["repness"].items() if e)
    agreed = next(e for e in entries if e["direction"] == "agree")
    agreed["direction"] = "disagree"
    snapshot.document = document
    snapshot.save(update_fields=["document"])
    html = page(staff_client, consultation)
    listed = html.split('id="groups-title"')[1].split("</article>")[int(group)]
    item = listed.split(f'<span class="sid">#{agreed["statement"]}</span>')[1].split("</li>")[0]
    assert "(100% of this group agree, 0% of the others)" in item


def test_before_the_first_analysis_the_page_says_there_are_no_results(staff_client, consultation):
    """Check that a consultation never analysed shows its counts and says results are to come."""
    html = page(staff_client, consultation)
    assert "No results yet" in html
    assert count(html, "statements") == 3


def test_results_are_private_unless_the_consultation_makes_them_public(
    client, consultation, django_user_model
):
    """Check that anonymous visitors are sent to the login, logged-in non-staff refused, and everyone
    let in once results_public is set."""
    response = client.get("/c/heritage/results/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    someone = django_user_model.objects.create_user("someone", password="pw-for-tests")
    client.force_login(someone)
    assert client.get("/c/heritage/results/").status_code == 403
    client.logout()
    services.update_consultation(consultation, results_public=True)
    assert client.get("/c/heritage/results/").status_code == 200


def test_old_results_say_how_old_they_are_and_staff_see_the_error(staff_client, consultation, participant):
    """Check that when the analysis keeps failing, the page says how old the results are, everyone is
    told voting goes on, and only staff see the error."""
    services.cast_vote(participant, statement_number=0, value=1)
    refresh(consultation)
    ten_minutes_ago = timezone.now() - timedelta(minutes=10)
    AnalysisSnapshot.objects.filter(consultation=consultation).update(
        finished_at=ten_minutes_ago, error="ZeroDivisionError: boom", error_at=timezone.now()
    )
    services.cast_vote(participant, statement_number=1, value=1)
    staff_html = page(staff_client, consultation)
    assert "These results are 10\xa0minutes old" in staff_html
    assert "Voting goes on normally." in staff_html
    assert "ZeroDivisionError: boom" in staff_html
    services.update_consultation(consultation, results_public=True)
    public_html = page(Client(), consultation)
    assert "These results are 10\xa0minutes old" in public_html
    assert "ZeroDivisionError" not in public_html


def test_fresh_results_say_they_include_every_vote(staff_client, consultation, participant):
    """Check that right after an analysis of all votes, the page says so and gives no warning."""
    services.cast_vote(participant, statement_number=0, value=1)
    refresh(consultation)
    html = page(staff_client, consultation)
    assert "They include every vote cast so far." in html
    assert "old:" not in html


def test_live_analysis_answers_204_while_the_analysis_is_unchanged(staff_client, consultation, camps):
    """Check that the analysis fragment is sent again only when a newer analysis exists."""
    shown = refresh(consultation).finished_at.isoformat()
    url = "/c/heritage/results/live/analysis/"
    assert staff_client.get(url, {"v": shown}).status_code == 204
    assert staff_client.get(url, {"v": "an older one"}).status_code == 200


def test_live_status_is_a_fragment_with_the_counts(staff_client, consultation, camps):
    """Check that the status fragment carries the counts and no page chrome."""
    refresh(consultation)
    html = page(staff_client, consultation, "live/status/")
    assert count(html, "votes") == 122
    assert "<html" not in html


def test_staff_can_name_groups_and_the_names_show(staff_client, consultation, camps):
    """Check that naming group 0 "boundary-setters" stores it and shows it on the page."""
    refresh(consultation)
    response = staff_client.post(
        "/c/heritage/results/groups/", {"group_0": "  boundary-setters ", "group_1": ""}
    )
    assert response.status_code == 302
    assert dict(GroupName.objects.values_list("group", "name")) == {0: "boundary-setters"}
    html = page(staff_client, consultation)
    assert "boundary-setters" in html and "Group B" in html


def test_two_groups_cannot_get_the_same_name(staff_client, consultation, camps):
    """Check that the same name for two groups is refused with a message, and nothing is stored."""
    refresh(consultation)
    response = staff_client.post("/c/heritage/results/groups/", {"group_0": "Same", "group_1": "same"})
    assert response.status_code == 400
    assert "Two groups cannot have the same name." in response.content.decode()
    assert not GroupName.objects.exists()


def test_only_staff_can_name_groups(client, consultation, camps):
    """Check that an anonymous POST changes nothing and is sent to the login."""
    refresh(consultation)
    services.update_consultation(consultation, results_public=True)
    response = client.post("/c/heritage/results/groups/", {"group_0": "Hijacked"})
    assert response.status_code == 302
    assert not GroupName.objects.exists()


def test_the_report_link_renders_the_report_with_a_strict_policy(staff_client, consultation, camps):
    """Check that the report page is the report of the latest analysis, and that its CSP allows its
    own stylesheet by hash and no script."""
    refresh(consultation)
    GroupName.objects.create(consultation=consultation, group=0, name="boundary-setters")
    response = staff_client.get("/c/heritage/results/report/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "AI in heritage" in html and "boundary-setters" in html
    assert "A rejected rude remark" not in html
    assert "A pending idea about museums" not in html
    policy = response["Content-Security-Policy"]
    assert "style-src 'self' 'sha256-" in policy and "script-src 'none'" in policy


def test_the_report_waits_for_the_first_analysis(staff_client, consultation):
    """Check that before any analysis the report link answers 404 with an explanation."""
    response = staff_client.get("/c/heritage/results/report/")
    assert response.status_code == 404
    assert "No report yet" in response.content.decode()


def test_the_participant_page_links_to_public_results_only(consultation):
    """Check that participants see a link to the results when, and only when, they are public."""
    link = 'href="/c/heritage/results/"'
    assert link not in Client().get("/c/heritage/").content.decode()
    services.update_consultation(consultation, results_public=True)
    assert link in Client().get("/c/heritage/").content.decode()


def test_the_facilitators_dashboard_links_to_the_results(staff_client, consultation):
    """Check that the consultation's staff dashboard links to its results page."""
    assert 'href="/c/heritage/results/"' in staff_client.get("/manage/heritage/").content.decode()


def test_viewers_polling_together_share_one_rendering(staff_client, consultation, camps, monkeypatch):
    """Check that two polls of the analysis fragment for the same shown version build the page once,
    and two polls of the status count once (within the cache lifetimes, stretched here so that a slow
    machine cannot make them expire between the two polls)."""
    from assembly.results import presentation, views

    monkeypatch.setattr(views, "FRAGMENT_CACHE_SECONDS", 3600)
    monkeypatch.setattr(presentation, "STATUS_CACHE_SECONDS", 3600)
    refresh(consultation)
    calls = {"page": 0, "status": 0}
    real_page, real_status = presentation.build_results_page, presentation.build_status

    def counted_page(c):
        calls["page"] += 1
        return real_page(c)

    def counted_status(c):
        calls["status"] += 1
        return real_status(c)

    monkeypatch.setattr(views, "build_results_page", counted_page)
    monkeypatch.setattr(presentation, "build_status", counted_status)
    first = staff_client.get("/c/heritage/results/live/analysis/", {"v": "older"}).content
    second = staff_client.get("/c/heritage/results/live/analysis/", {"v": "older"}).content
    assert first == second and calls["page"] == 1
    staff_client.get("/c/heritage/results/live/status/")
    staff_client.get("/c/heritage/results/live/status/")
    assert calls["status"] == 1


def test_the_structure_test_and_each_groups_stability_are_shown(staff_client, consultation, camps):
    """Check that the page says the structure test found opinion groups (with its p-value) and prints
    each group's stability figure, as stored in the analysis."""
    document = refresh(consultation).document
    html = page(staff_client, consultation)
    assert document["structure"]["distinct_groups"]
    assert "A test confirms that the votes hold opinion groups (p = 0.05)" in html
    for group in document["groups"]:
        assert f"Stability {group['stability']:.2f} (" in html
    assert html.count("how well this group is found again") == len(document["groups"]) == 2


def test_category_rules_and_interval_level_come_from_the_documents_thresholds(
    staff_client, consultation, camps
):
    """Check that the page states the rules the stored analysis was computed with (here a 70% consensus
    rule and 90% intervals written into the document), not the defaults."""
    snapshot = refresh(consultation)
    snapshot.document["thresholds"].update(consensus=0.7, confidence=0.9)
    AnalysisSnapshot.objects.filter(pk=snapshot.pk).update(document=snapshot.document)
    html = page(staff_client, consultation)
    assert "Statements where at least 70% of all votes agree." in html
    assert "Statements where at least 60% of all votes disagree." in html
    assert "90% interval" in html and "95% interval" not in html


def test_a_snapshot_stored_before_the_format_version_still_shows(staff_client, consultation, camps):
    """Check that a document stored without ``format_version`` and ``thresholds`` (as main wrote them
    before December 2026) is read with the default rules."""
    snapshot = refresh(consultation)
    del snapshot.document["format_version"], snapshot.document["thresholds"]
    AnalysisSnapshot.objects.filter(pk=snapshot.pk).update(document=snapshot.document)
    html = page(staff_client, consultation)
    assert "Statements where at least 60% of all votes agree." in html
    assert "Friction between opinion groups" in html
