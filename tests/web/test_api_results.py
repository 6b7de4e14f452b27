"""The API's results endpoints: the latest analysis (staff, or public when allowed) and group names."""

from __future__ import annotations

import pytest
from django.test import Client

from assembly.analysis.types import Moderation
from assembly.consultations import services
from assembly.consultations.models import Statement
from assembly.results import snapshots
from assembly.results.models import AnalysisSnapshot, GroupName
from tests.web.api_client import Api, error
from tests.web.results_data import two_camps


@pytest.fixture
def staff_api(staff_client) -> Api:
    return Api(staff_client)


@pytest.fixture
def analysed(consultation):
    """Two camps, a submission #6 that was pending at the analysis and is rejected afterwards."""
    two_camps(consultation)
    author, _token = services.create_participant(consultation)
    services.submit_statement(author, text="Rejected after the analysis")
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "done"
    Statement.objects.filter(consultation=consultation, number=6).update(moderation=Moderation.REJECTED.value)
    return consultation


def test_before_any_analysis_results_have_counts_and_no_analysis(staff_api, consultation):
    """Check analysis null, freshness empty, live counts."""
    body = staff_api.get("/consultations/heritage/results").json()
    assert body["analysis"] is None and body["status"]["finished_at"] is None
    assert body["counts"]["statements"] == 3 and body["counts"]["votes"] == 0


def test_results_carry_the_latest_analysis_without_unpublished_statements(staff_api, analysed):
    """Check the two groups, the counts, and that the statement rejected after the analysis is gone
    from every list of the document."""
    body = staff_api.get("/consultations/heritage/results").json()
    analysis = body["analysis"]
    assert sorted(len(g["members"]) for g in analysis["groups"]) == [10, 10]
    assert [s["id"] for s in analysis["statements"]] == [0, 1, 2, 3, 4, 5]
    assert "6" not in analysis["priorities"] and 6 not in analysis["pca"]["statement_ids"]
    assert all(r["statement"] != 6 for rows in analysis["repness"].values() for r in rows)
    assert body["counts"] == {
        "participants": 21,
        "joined": 21,
        "excluded": 0,
        "votes": 121,
        "statements": 6,
        "submitted": 7,
        "pending": 0,
        "rejected": 1,
        "placed": 20,
    }
    assert body["status"]["behind"] is True  # the rejection came after the analysis


def test_results_are_refused_to_the_public_unless_published(analysed):
    """Check 403 results_not_public for anonymous callers until results_public is set."""
    assert error(Api(Client()).get("/consultations/heritage/results"), 403)["code"] == "results_not_public"
    services.update_consultation(analysed, results_public=True)
    assert Api(Client()).get("/consultations/heritage/results").status_code == 200


def test_the_public_sees_neither_the_error_nor_the_moderation_counts(analysed):
    """Check that a public caller gets null for the error and the staff-only counts."""
    services.update_consultation(analysed, results_public=True)
    AnalysisSnapshot.objects.filter(consultation=analysed).update(error="Traceback: secret path")
    body = Api(Client()).get("/consultations/heritage/results").json()
    assert body["status"]["error"] is None
    assert body["counts"]["pending"] is None and body["counts"]["rejected"] is None
    assert body["counts"]["joined"] is None and body["counts"]["submitted"] is None
    assert body["counts"]["votes"] == 121


def test_staff_name_groups_and_the_names_come_back(staff_api, analysed):
    """Check that names are stored, returned with the results, and that "" clears one."""
    url = "/consultations/heritage/results/group-names"
    assert staff_api.put(url, {"names": {"0": "boundary-setters", "1": "opportunity-seekers"}}).json() == {
        "0": "boundary-setters",
        "1": "opportunity-seekers",
    }
    assert staff_api.put(url, {"names": {"1": ""}}).json() == {"0": "boundary-setters"}
    assert staff_api.get("/consultations/heritage/results").json()["group_names"] == {"0": "boundary-setters"}


@pytest.mark.parametrize(
    ("names", "status", "code", "field"),
    [
        ({"7": "ghosts"}, 404, "unknown_group", "names"),
        ({"0": "same", "1": " SAME"}, 409, "duplicate_group_name", "names"),
        ({"0": "x" * 61}, 400, "invalid_request", "names.0"),
        ({"0": "a\x00b"}, 400, "invalid_request", "names.0"),
        ({"zero": "x"}, 400, "invalid_request", "names.zero.[key]"),
        ({"0": None}, 400, "invalid_request", "names.0"),
    ],
)
def test_bad_group_names_are_refused_and_nothing_is_stored(staff_api, analysed, names, status, code, field):
    """Check a group the analysis lacks (404), two groups with one name (409), and names or ids the
    schema refuses (400, naming the entry); nothing is stored."""
    body = error(staff_api.put("/consultations/heritage/results/group-names", {"names": names}), status)
    assert (body["code"], body["field"]) == (code, field)
    assert not GroupName.objects.exists()


def test_a_name_taken_by_another_group_is_a_conflict(staff_api, analysed):
    """Check that naming group 1 like the already named group 0 answers 409 and keeps both as they were."""
    url = "/consultations/heritage/results/group-names"
    staff_api.put(url, {"names": {"0": "boundary-setters"}})
    body = error(staff_api.put(url, {"names": {"1": "Boundary-setters"}}), 409)
    assert body["code"] == "duplicate_group_name"
    assert dict(GroupName.objects.values_list("group", "name")) == {0: "boundary-setters"}


def test_only_staff_name_groups(analysed):
    """Check 401 for anonymous callers, even when results are public."""
    services.update_consultation(analysed, results_public=True)
    error(Api(Client()).put("/consultations/heritage/results/group-names", {"names": {"0": "x"}}), 401)
    assert not GroupName.objects.exists()
