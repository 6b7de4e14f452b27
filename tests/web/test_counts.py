"""One definition per figure (issue 14 item 8): the same consultation gives the same participants and
statements on the manage list, the dashboard, the results page, the API and the report
(:mod:`assembly.consultations.counts`)."""

from __future__ import annotations

import re

import pytest

from assembly.analysis.types import Moderation
from assembly.consultations import services
from assembly.consultations.counts import count
from assembly.consultations.models import Statement
from assembly.results import snapshots
from tests.web.api_client import Api
from tests.web.results_data import two_camps


def dd(html: str, element_id: str) -> int:
    match = re.search(rf'<dd id="{element_id}">(\d+)</dd>', html)
    assert match, f"{element_id} not on the page"
    return int(match.group(1))


def report_figure(html: str, label: str) -> int:
    match = re.search(rf"<dt>{label}</dt><dd>([\d,]+)</dd>", html)
    assert match, f"{label!r} not in the report"
    return int(match.group(1).replace(",", ""))


@pytest.fixture
def mixed(consultation):
    """Two camps of 10 voters (#0-#5 published), one pending and one rejected submission (their authors
    voted: 22 voters), a participant who joined without a vote, and a camp member excluded: 23 joined,
    21 who voted and count, 6 published, 8 submitted."""
    camps = two_camps(consultation)
    for text in ("A pending idea about museums", "A rejected rude remark"):
        author, _token = services.create_participant(consultation)
        services.submit_statement(author, text=text)
    Statement.objects.filter(consultation=consultation, number=7).update(moderation=Moderation.REJECTED.value)
    services.create_participant(consultation)
    camps.a[0].excluded = True
    camps.a[0].save(update_fields=["excluded"])
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "done"
    return consultation


def test_the_counts_module_names_each_figure(mixed):
    """Check each definition on a consultation built so that every figure differs from the others."""
    n = count(mixed)
    assert (n.participants_joined, n.participants_voted, n.participants_excluded) == (23, 21, 1)
    assert (n.statements_submitted, n.statements_published, n.statements_seed) == (8, 6, 6)
    assert (n.statements_pending, n.statements_rejected) == (1, 1)


def test_every_page_the_api_and_the_report_give_the_same_figures(staff_client, staff, mixed):
    """Check participants who voted (21) and statements published (6) on the manage list, the dashboard,
    the results page, the API and the report; and the figures that differ on purpose (joined 23,
    submitted 8) under their own labels on the dashboard, the results page and the API."""
    manage = staff_client.get("/manage/").content.decode()
    row = re.search(r'heritage/">AI in heritage</a></td>(.*?)</tr>', manage, re.DOTALL)
    assert row, "the consultation is not on the manage list"
    assert re.findall(r"<td>(\d+)</td>", row.group(1))[:3] == ["21", "6", "8"]

    dashboard = staff_client.get("/manage/heritage/").content.decode()
    results = staff_client.get("/c/heritage/results/").content.decode()
    for html in (dashboard, results):
        assert (dd(html, "count-participants"), dd(html, "count-statements")) == (21, 6)
        assert (dd(html, "count-joined"), dd(html, "count-submitted")) == (23, 8)
    assert "Participants who voted" in results and "Statements published" in results

    api = Api(staff_client).get("/consultations/heritage/results").json()["counts"]
    assert (api["participants"], api["statements"], api["joined"], api["submitted"]) == (21, 6, 23, 8)

    report = staff_client.get("/c/heritage/results/report/").content.decode()
    assert report_figure(report, "Participants who voted") == 21
    assert report_figure(report, "Statements published") == 6
    assert report_figure(report, "Placed in opinion groups") == dd(results, "count-placed")
