"""The public results page leads with a plain-language summary (issue 14 item 2): headline figures, the
groups in words, what most agree on and where the groups split; the analyst's detail (the map's
coordinates, the structure test, stability, the category charts, the full table) is folded behind
``<details>`` below it."""

from __future__ import annotations

import re

import pytest

from assembly.consultations import services
from assembly.results import snapshots
from tests.web.results_data import two_camps

RESULTS = "/c/heritage/results/"


def refresh(consultation) -> None:
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "done"


def section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def items(html: str, list_id: str) -> list[str]:
    """The quoted statement texts of the summary's list ``list_id``."""
    match = re.search(rf'<ul class="findings" id="{list_id}">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>“(.*?)”", match.group(1)) if match else []


@pytest.fixture
def camps(consultation):
    """Public results; two camps of 10 voting opposite on #0-#5, and all 20 agreeing with #6."""
    consultation.results_public = True
    consultation.save()
    made = two_camps(consultation)
    services.add_seed_statements(consultation, texts=["Everyone agrees on this"])
    for participant in made.a + made.b:
        services.cast_vote(participant, statement_number=6, value=1)
    return made


def test_the_summary_says_the_findings_in_words(client, consultation, camps):
    """Check the summary's sentences: 20 people, 140 votes, 7 statements, 2 groups of 10 (50%); #6 as
    what most agree on (100%); three of the six camp statements as where the groups split, each group's
    agree share given (100% and 0%)."""
    refresh(consultation)
    summary = section(client.get(RESULTS).content.decode(), "summary")
    assert "20 people have cast 140 votes on 7 statements." in summary
    assert "form 2 opinion groups" in summary
    assert summary.count("10 people, 50%") == 2
    assert items(summary, "summary-agreed") == ["Everyone agrees on this"]
    assert "(100% agree)" in summary
    split = items(summary, "summary-split")
    camp_statements = {"Seed zero", "Seed one", "Seed two", "Seed three", "Seed four", "Seed five"}
    assert len(split) == 3 and set(split) <= camp_statements
    assert re.search(r"\(Group [AB]: 100% agree; Group [AB]: 0% agree\)", summary)


def test_the_summary_comes_first_and_the_analyst_detail_is_folded(client, consultation, camps):
    """Check that the summary precedes the map, and that the map's coordinates ("Centre x"), the
    category charts and the table of every statement sit inside closed ``<details>``."""
    refresh(consultation)
    html = client.get(RESULTS).content.decode()
    assert html.index('id="summary"') < html.index('id="map-title"')
    folded = "".join(re.findall(r"<details class=\"analyst\"[^>]*>.*?</details>", html, re.S))
    assert "Centre x" in folded
    assert 'id="statements-table"' in folded
    assert 'id="friction-0"' in folded  # a category's bar chart
    outside = re.sub(r"<details class=\"analyst\"[^>]*>.*?</details>", "", html, flags=re.S)
    assert "Centre x" not in outside and 'id="statements-table"' not in outside
    assert '<details class="analyst" open' not in html


def test_no_summary_while_results_are_withheld(client, consultation):
    """Check that below the consultation's minimum of participants the page says why and has no
    summary (it would publish figures on too few people)."""
    consultation.results_public = True
    consultation.save()
    two_camps(consultation, per_camp=5)
    refresh(consultation)
    html = client.get(RESULTS).content.decode()
    assert 'id="results-withheld"' in html
    assert 'id="summary"' not in html


def test_the_results_page_links_to_where_you_stand(client, consultation, camps):
    """Check that the results page offers each reader their own standing."""
    refresh(consultation)
    assert 'href="/c/heritage/results/you/"' in client.get(RESULTS).content.decode()
