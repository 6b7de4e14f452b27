"""Moderator tools (issue 14 item 7): the evidence before an exclusion and its confirmation, the log in
words, and correcting a typo in a statement (logged, shown to its author, refused once others voted)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from assembly.analysis.types import Moderation
from assembly.consultations import services
from assembly.consultations.identity import cookie_name
from assembly.consultations.models import Participant, Statement
from assembly.moderation import services as moderation
from assembly.moderation.evidence import FAST_VOTES_PER_MINUTE, evidence
from assembly.moderation.models import Action, ModerationLogEntry


@pytest.fixture
def bot(consultation):
    """A participant who agrees with all 30 statements within 45 seconds (#0-#29), and submits two
    statements that are rejected (#30, #31)."""
    services.add_seed_statements(consultation, texts=[f"Seed number {i}" for i in range(3, 30)])
    participant = services.create_participant(consultation)[0]
    start = timezone.now() - timedelta(minutes=5)
    for number in range(30):
        services.cast_vote(
            participant, statement_number=number, value=1, now=start + timedelta(seconds=1.5 * number)
        )
    for text in ("Buy cheap watches here", "Visit my shop now"):
        services.submit_statement(participant, text=text)
    Statement.objects.filter(consultation=consultation, number__in=[30, 31]).update(
        moderation=Moderation.REJECTED.value, moderation_reason="Off topic"
    )
    return participant


def test_evidence_measures_votes_timing_identical_answers_and_submissions(bot):
    """Check the figures of a scripted voter: 32 votes (30 seeds and the two submissions' authored
    agrees), all agree, 30 votes within one minute, both submissions rejected; and the three flags
    (read in English, whatever language an earlier test left active)."""
    with translation.override("en"):
        found = evidence(bot)
    assert (found.votes, found.agree, found.disagree, found.passes) == (32, 32, 0, 0)
    assert found.identical_pct == 100
    assert found.busiest_minute >= FAST_VOTES_PER_MINUTE
    assert [s.number for s in found.submissions] == [30, 31]
    assert len(found.flags) == 3
    assert any("within one minute" in f for f in found.flags)
    assert any("same answer on 100%" in f for f in found.flags)
    assert any("2 of 2 submissions rejected" in f for f in found.flags)


def test_an_ordinary_participant_raises_no_flag(consultation, participant):
    """Check that three varied votes an hour apart raise no flag."""
    start = timezone.now() - timedelta(hours=3)
    for number, value in ((0, 1), (1, -1), (2, 0)):
        services.cast_vote(
            participant, statement_number=number, value=value, now=start + timedelta(hours=number)
        )
    found = evidence(participant)
    assert found.flags == [] and found.busiest_minute == 1 and found.identical_pct == 33


def test_the_participant_page_shows_the_evidence_and_the_exclusion_form(staff_client, bot):
    html = staff_client.get(f"/manage/heritage/moderation/participants/{bot.number}/").content.decode()
    assert '<dd id="evidence-votes">32</dd>' in html and '<dd id="evidence-identical">100%</dd>' in html
    assert "Buy cheap watches here" in html and "within one minute" in html
    assert f'action="/manage/heritage/moderation/participants/{bot.number}/exclude/"' in html
    listing = staff_client.get("/manage/heritage/moderation/participants/").content.decode()
    assert f"/manage/heritage/moderation/participants/{bot.number}/" in listing
    assert "/exclude/" not in listing  # no exclusion from the bare list


def test_exclusion_asks_for_confirmation_and_then_shows_the_participant(staff_client, bot):
    """Check that the evidence page's post changes nothing and asks; confirmed, it excludes and comes
    back to the participant's page, now marked excluded."""
    url = f"/manage/heritage/moderation/participants/{bot.number}/exclude/"
    asked = staff_client.post(url, {"reason": "coordinated-voting"}).content.decode()
    assert f"Exclude participant {bot.number}?" in asked
    assert f'href="/manage/heritage/moderation/participants/{bot.number}/"' in asked  # cancel: back
    assert not Participant.objects.get(pk=bot.pk).excluded and not ModerationLogEntry.objects.exists()
    done = staff_client.post(url, {"reason": "coordinated-voting", "confirmed": "yes"}, follow=True)
    assert Participant.objects.get(pk=bot.pk).excluded
    assert f"Participant {bot.number} is excluded from the analysis." in done.content.decode()
    assert "Include again" in done.content.decode()


def test_the_log_reads_as_sentences(staff_client, staff, bot, consultation):
    """Check the wording of an exclusion, a rejection and an inclusion, and that no raw diff is shown."""
    moderation.exclude_participant(consultation, bot.number, actor=staff, reason="spam", note="shop links")
    moderation.reject_statements(consultation, [0], actor=staff, reason=consultation.moderation_criteria[0])
    moderation.include_participant(consultation, bot.number, actor=staff)
    html = staff_client.get("/manage/heritage/moderation/log/").content.decode()
    assert f"Participant {bot.number} excluded by mod: Spam" in html
    assert f"Statement 0 rejected by mod: {consultation.moderation_criteria[0]}" in html
    assert f"Participant {bot.number} included again by mod" in html
    assert "shop links" in html
    assert "excluded: False" not in html and "moderation: pending" not in html


@pytest.fixture
def typo(consultation):
    """A pending submission with a typo (#3) and its author's token."""
    author, token = services.create_participant(consultation)
    services.submit_statement(author, text="Musems should label AI images")
    return author, token


def test_a_typo_is_corrected_logged_and_shown_to_the_author(client, staff_client, consultation, typo):
    author, token = typo
    response = staff_client.post(
        "/manage/heritage/moderation/statements/3/correct/", {"text": "Museums should label AI images"}
    )
    assert response.status_code == 302
    statement = Statement.objects.get(consultation=consultation, number=3)
    assert statement.text == "Museums should label AI images"
    entry = ModerationLogEntry.objects.get()
    assert (entry.action, entry.before, entry.after) == (
        Action.CORRECT,
        {"text": "Musems should label AI images"},
        {"text": "Museums should label AI images"},
    )
    log = staff_client.get("/manage/heritage/moderation/log/").content.decode()
    assert "Statement 3 corrected by mod: “Musems should label AI images” became" in log
    client.cookies[cookie_name(consultation)] = token
    mine = client.get("/c/heritage/mine/").content.decode()
    assert "A moderator corrected the text" in mine and "Musems should label AI images" in mine
    exported = list(csv.DictReader(io.StringIO(moderation.export_log_csv(consultation))))
    assert exported[0]["before"] == "text=(text)" and "Musem" not in moderation.export_log_csv(consultation)


def test_a_correction_is_refused_once_others_have_voted(staff, consultation, typo):
    """Check that another participant's vote (even changed to pass) blocks the correction, and nothing
    changes; the author's own agree does not block it."""
    voter = services.create_participant(consultation)[0]
    Statement.objects.filter(consultation=consultation, number=3).update(moderation=Moderation.ACCEPTED.value)
    services.cast_vote(voter, statement_number=3, value=0)
    with pytest.raises(ValidationError, match="others have voted"):
        moderation.correct_statement(consultation, 3, text="Museums should label AI images", actor=staff)
    assert Statement.objects.get(consultation=consultation, number=3).text == "Musems should label AI images"
    assert not ModerationLogEntry.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 141, "at most 140 characters"),
        ("   ", "Write a statement"),
        ("seed ZERO", "Statement 0 already"),
    ],
)
def test_a_correction_follows_the_submission_rules(staff, consultation, typo, text, message):
    with pytest.raises(ValidationError, match=message):
        moderation.correct_statement(consultation, 3, text=text, actor=staff)
    assert Statement.objects.get(consultation=consultation, number=3).text == "Musems should label AI images"


def test_correcting_an_unknown_statement_names_it(staff, consultation):
    with pytest.raises(ValidationError, match="no statement number 99"):
        moderation.correct_statement(consultation, 99, text="Fine text", actor=staff)


def test_each_group_is_named_beside_it_on_the_staff_results_page(staff_client, consultation):
    """Check that each group's card holds its name field (bound to the naming form, which posts every
    group's name), that saving from there names the group, and that the public page has no field."""
    from assembly.results import snapshots
    from assembly.results.models import GroupName
    from tests.web.results_data import two_camps

    two_camps(consultation)
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "done"
    html = staff_client.get("/c/heritage/results/").content.decode()
    cards = html.split('<article class="group card">')[1:]
    assert len(cards) == 2
    for gid, card in enumerate(cards):
        card = card.split("</article>")[0]
        assert f'name="group_{gid}"' in card and 'form="group-names-form"' in card
    assert html.count('name="group_0"') == 1  # not repeated at the bottom
    assert 'id="group-names-form"' in html
    staff_client.post("/c/heritage/results/groups/", {"group_0": "boundary-setters", "group_1": ""})
    assert dict(GroupName.objects.values_list("group", "name")) == {0: "boundary-setters"}
    assert 'value="boundary-setters"' in staff_client.get("/c/heritage/results/").content.decode()
    services.update_consultation(consultation, results_public=True)
    assert 'name="group_0"' not in Client().get("/c/heritage/results/").content.decode()
