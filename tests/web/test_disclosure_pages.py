"""The small-numbers rule (assembly.disclosure) on the platform: the public results page, its live
fragment, the public results API and the report, for consultations of 1, 4, 19 and 20 participants and
one with a group of 3; the threshold is the consultation's own setting (facilitator form)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from assembly.consultations import services
from assembly.consultations.models import Consultation, Participant
from assembly.results import snapshots
from assembly.results.models import GroupName
from tests.web.api_client import Api
from tests.web.results_data import CAMP_STATEMENTS

WITHHELD_PAGE = "Results are shown once at least 20 people have voted"


def camps(consultation: Consultation, sizes: tuple[int, ...]) -> list[list[Participant]]:
    """Camps of the given sizes on statements #0-#5 (#3-#5 added): camp 0 agrees with #0-#2 and
    disagrees with #3-#5, camp 1 the opposite, and so on alternately. Results are made public and
    analysed."""
    services.add_seed_statements(consultation, texts=["Seed three", "Seed four", "Seed five"])
    out = []
    for i, size in enumerate(sizes):
        sign = 1 if i % 2 == 0 else -1
        members = []
        for _ in range(size):
            participant, _token = services.create_participant(consultation)
            for number in CAMP_STATEMENTS:
                services.cast_vote(participant, statement_number=number, value=sign if number < 3 else -sign)
            members.append(participant)
        out.append(members)
    services.update_consultation(consultation, results_public=True)
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "done"
    return out


def public_page(consultation: Consultation) -> str:
    response = Client().get(f"/c/{consultation.slug}/results/")
    assert response.status_code == 200
    return response.content.decode()


def public_api(consultation: Consultation) -> dict:
    response = Api(Client()).get(f"/consultations/{consultation.slug}/results")
    assert response.status_code == 200
    return response.json()


def public_report(consultation: Consultation) -> str:
    response = Client().get(f"/c/{consultation.slug}/results/report/")
    assert response.status_code == 200
    return response.content.decode()


def numbers_of(people: list[list[Participant]]) -> set[int]:
    return {p.number for camp in people for p in camp}


@pytest.mark.parametrize("sizes", [(1,), (2, 2), (10, 9)], ids=["1", "4", "19"])
def test_below_twenty_participants_nothing_of_the_votes_is_public(consultation, sizes):
    """Check that with 1, 4 or 19 voters the public page says why results are withheld and shows no
    share, group, map or count per statement; the API has no counts and no participant number; the
    report says what it withheld."""
    people = camps(consultation, sizes)
    html = public_page(consultation)
    assert WITHHELD_PAGE in html
    assert "of those placed" not in html and 'id="opinion-map"' not in html and "% (" not in html
    assert html.count("not shown: too few participants") == 6  # every statement's row in the table
    assert re.search(r'<dd id="count-placed">(\d+)</dd>', html).group(1) == "0"
    fragment = Client().get(f"/c/{consultation.slug}/results/live/analysis/").content.decode()
    assert WITHHELD_PAGE in fragment and "% (" not in fragment  # what htmx swaps in every 5 s
    body = public_api(consultation)
    analysis = body["analysis"]
    assert analysis["withheld"]["everything"] is True and analysis["withheld"]["min_participants"] == 20
    assert analysis["groups"] == [] and analysis["repness"] == {}
    assert analysis["pca"]["center"] == [] and analysis["pca"]["statement_ids"] == []
    assert all(
        s["withheld"] and s["agree"] == s["disagree"] == s["pass"] == 0 for s in analysis["statements"]
    )
    assert "members" not in json.dumps(analysis) and analysis["in_conv"] == 0
    report = public_report(consultation)
    assert f"Results are withheld: {sum(sizes)} participant(s) voted, fewer than the 20" in report
    assert "of those placed" not in report and "% agree" not in report
    assert people  # the camps voted


def test_from_twenty_participants_results_are_public(consultation):
    """Check that 20 voters in two camps of 10 get their groups, shares and map on the public page."""
    camps(consultation, (10, 10))
    html = public_page(consultation)
    assert WITHHELD_PAGE not in html and "To protect participants" not in html
    assert html.count("10 participants (50% of those placed)") == 2 and 'id="opinion-map"' in html
    assert public_api(consultation)["analysis"]["withheld"]["everything"] is False


def test_a_group_of_three_is_not_shown_nor_recoverable(consultation):
    """Check that camps of 17 and 3 show the group of 17 only: the 3 are not on the map, not counted
    among those placed, and, since everyone voted on every statement, the total minus the 17's votes
    would be the 3's, so no statement shows a per-group figure; the API names no participant."""
    people = camps(consultation, (17, 3))
    GroupName.objects.create(consultation=consultation, group=0, name="Seventeen")
    GroupName.objects.create(consultation=consultation, group=1, name="The three")
    html = public_page(consultation)
    assert "To protect participants" in html
    assert "17 participants (100% of those placed)" in html and "3 participants" not in html
    assert re.search(r'<dd id="count-placed">(\d+)</dd>', html).group(1) == "17"
    assert html.count("not shown: too few participants") == 0  # every statement's total (20) is shown
    body = public_api(consultation)
    analysis = body["analysis"]
    assert (
        analysis["groups"] == [{"id": analysis["groups"][0]["id"], "size": 17}] and analysis["in_conv"] == 17
    )
    assert all(s["groups"] == {} for s in analysis["statements"])
    assert analysis["withheld"]["groups"] == 1
    assert body["group_names"] == {"0": "Seventeen"} and "The three" not in html
    text = json.dumps(analysis)
    assert "members" not in text
    report = public_report(consultation)
    assert "1 opinion group(s) of fewer than 5 participants are not shown" in report
    assert "3 participants" not in report
    assert people[1]  # the small camp voted


def test_staff_get_the_whole_document_from_the_api(staff_client, consultation):
    """Check that staff still get every group with its members (they run the consultation)."""
    people = camps(consultation, (17, 3))
    analysis = Api(staff_client).get("/consultations/heritage/results").json()["analysis"]
    members = {m for g in analysis["groups"] for m in g["members"]}
    assert members == numbers_of(people) and "withheld" not in analysis


def test_the_threshold_is_set_per_consultation_by_the_facilitator(staff_client, consultation):
    """Check that the facilitator's form saves a minimum of 10 (then 20 voters show results) and refuses
    4 with an error naming the field, changing nothing."""
    camps(consultation, (4, 4))
    assert WITHHELD_PAGE.replace("20", "10") not in public_page(consultation)
    assert "Results are shown once at least 20 people" in public_page(consultation)
    form = {
        "title": consultation.title,
        "question": consultation.question,
        "description": consultation.description,
        "guidelines": consultation.guidelines,
        "moderation_mode": consultation.moderation_mode,
        "moderation_criteria": "\n".join(consultation.moderation_criteria),
        "accepts_submissions": "on",
        "results_public": "on",
        "erasure_policy": consultation.erasure_policy,
        "themes": "",
        "embed_origins": "",
    }
    refused = staff_client.post(f"/manage/{consultation.slug}/edit/", {**form, "min_participants": "4"})
    assert refused.status_code in (200, 400) and "greater than or equal to 5" in refused.content.decode()
    assert Consultation.objects.get(pk=consultation.pk).min_participants == 20
    saved = staff_client.post(f"/manage/{consultation.slug}/edit/", {**form, "min_participants": "8"})
    assert saved.status_code == 302
    assert Consultation.objects.get(pk=consultation.pk).min_participants == 8
    html = public_page(Consultation.objects.get(pk=consultation.pk))
    assert WITHHELD_PAGE not in html and html.count("4 participants (50% of those placed)") == 0
    assert "not shown: too few participants" not in html  # 8 voters on each statement


def test_new_consultations_take_the_sites_default(settings, db):
    """Check that ASSEMBLY_RESULTS_MIN_PARTICIPANTS is the default of a new consultation."""
    settings.ASSEMBLY_RESULTS_MIN_PARTICIPANTS = 50
    created = services.create_consultation(title="Site default", question="Q?", slug="site-default")
    assert created.min_participants == 50 and created.disclosure_rule().min_participants == 50


def test_the_threshold_is_set_through_the_api_and_refused_below_five(staff_client, consultation):
    """Check that PATCH sets min_participants (and GET reads it back), and that 4 is a 400 naming the
    field, changing nothing."""
    api = Api(staff_client)
    assert api.get("/consultations/heritage").json()["min_participants"] == 20
    assert api.patch("/consultations/heritage", {"min_participants": 30}).json()["min_participants"] == 30
    refused = api.patch("/consultations/heritage", {"min_participants": 4})
    assert refused.status_code == 400 and refused.json()["field"] == "min_participants"
    assert Consultation.objects.get(pk=consultation.pk).min_participants == 30
