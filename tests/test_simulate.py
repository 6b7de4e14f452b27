"""The consultation simulator (assembly.simulate)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

from assembly.analysis.types import Moderation, Vote
from assembly.dataset import Dataset
from assembly.errors import InputError
from assembly.marginals import Marginal, read_marginals
from assembly.simulate import simulate_consultation

PAPER = Path(__file__).resolve().parents[1] / "data" / "culture-for-ai" / "paper-statements.csv"
PAPER_VOTES = 10_242  # the paper: "a total of 10.242 votes were cast"


@pytest.fixture(scope="module")
def small() -> Dataset:
    return simulate_consultation(participants=300, statements=40, groups=2, seed=7)


@pytest.fixture(scope="module")
def wide() -> Dataset:
    """More statements than anyone votes on, so the 20-60 range is not clipped."""
    return simulate_consultation(participants=400, statements=300, groups=3, seed=11)


@pytest.fixture(scope="module")
def paper_rows() -> list[Marginal]:
    return read_marginals(PAPER)


@pytest.fixture(scope="module")
def paper(paper_rows) -> Dataset:
    return simulate_consultation(
        participants=372,
        groups=2,
        seed=2025,
        marginals=paper_rows,
        group_shares=(0.32, 0.68),
        votes_per_participant=(15, 40),
    )


def latest_counts(ds: Dataset) -> np.ndarray:
    return np.bincount(ds.votes.latest().participant_ids, minlength=len(ds.participants))


def shares_by_statement(ds: Dataset, statement_id: int, group: int | None = None) -> np.ndarray:
    """Percentages of agree, disagree, pass among the latest votes on one statement (of one group)."""
    latest = ds.votes.latest()
    keep = latest.statement_ids == statement_id
    if group is not None:
        groups = np.array([p.group_id for p in ds.participants])
        keep &= groups[latest.participant_ids] == group
    values = latest.values[keep]
    return 100 * np.array([np.mean(values == v) for v in (Vote.AGREE, Vote.DISAGREE, Vote.PASS)])


def test_most_participants_vote_on_20_to_60_statements(wide):
    """Check that at least 95% of participants cast 20 to 60 latest votes when statements are plenty."""
    counts = latest_counts(wide)
    assert np.mean((counts >= 20) & (counts <= 60)) >= 0.95
    assert counts.min() >= 20


def test_votes_per_participant_are_clipped_to_the_statements(small):
    """Check that nobody votes more than once per statement: 40 statements cap the 20-60 range."""
    counts = latest_counts(small)
    assert counts.max() == 40 and counts.min() >= 20


def test_votes_per_participant_range_is_respected():
    """Check that a narrow range gives participants that many votes, plus their own statements."""
    ds = simulate_consultation(
        participants=200, statements=100, groups=2, seed=1, votes_per_participant=(5, 8)
    )
    counts = latest_counts(ds)
    authored = np.array([p.n_statements for p in ds.participants])
    assert (counts >= 5).all() and (counts <= 8 + authored).all()


def test_passes_are_present_at_about_the_pass_rate(wide):
    """Check that about 15% (the default pass rate) of latest votes are passes, and all 3 values occur."""
    values = wide.votes.latest().values
    assert set(np.unique(values)) == {-1, 0, 1}
    assert 0.10 <= np.mean(values == Vote.PASS) <= 0.20


def test_late_statements_get_fewer_votes(wide):
    """Check that the last fifth of the statements gets clearly fewer votes than the first fifth."""
    per_statement = np.bincount(wide.votes.latest().statement_ids, minlength=300)
    assert per_statement[:60].sum() > 2 * per_statement[-60:].sum()


def test_statements_are_numbered_texted_and_created_in_order(small):
    """Check ids 0..S-1, default texts, increasing creation times and the seed statements."""
    statements = small.statements
    assert [s.id for s in statements] == list(range(40))
    assert statements[17].text == "Simulated statement 17"
    created = np.array([s.created for s in statements])
    assert (np.diff(created) > 0).all()
    assert [s.is_seed for s in statements] == [True] * 20 + [False] * 20
    assert {s.author_id for s in statements[:20]} == {0}
    assert all(s.moderation is Moderation.ACCEPTED and s.theme is None for s in statements)


def test_votes_fall_inside_the_period_and_after_their_statement():
    """Check that no vote precedes its statement and all votes end by the last day."""
    ds = simulate_consultation(
        participants=200, statements=50, groups=2, seed=3, start="2024-01-10", end=dt.date(2024, 1, 20)
    )
    created = np.array([s.created for s in ds.statements])
    times = ds.votes.timestamps
    assert (times > created[ds.votes.statement_ids]).all()
    end = dt.datetime(2024, 1, 21, tzinfo=dt.UTC).timestamp() * 1000
    launch = dt.datetime(2024, 1, 10, tzinfo=dt.UTC).timestamp() * 1000
    assert times.max() < end
    assert created[20:].min() >= launch  # participants' statements come after the launch


def test_authors_first_vote_on_their_own_statement_is_an_agree(small):
    """Check that every author votes on their statement and their earliest vote on it is agree."""
    votes = small.votes
    for s in small.statements:
        mine = (votes.participant_ids == s.author_id) & (votes.statement_ids == s.id)
        assert mine.any()
        assert votes.values[mine][np.argmin(votes.timestamps[mine])] == Vote.AGREE


def test_participants_count_the_statements_they_wrote(small):
    """Check that n_statements is the number of statements each participant authored."""
    authored = np.bincount([s.author_id for s in small.statements], minlength=len(small.participants))
    assert [p.n_statements for p in small.participants] == authored.tolist()


def test_a_few_votes_are_changed_later(wide):
    """Check that the log has re-votes (about 1%), each replacing a different earlier value."""
    votes = wide.votes
    latest = votes.latest()
    assert 0.003 <= 1 - len(latest) / len(votes) <= 0.03
    cells = votes.participant_ids * 1000 + votes.statement_ids
    values, counts = np.unique(cells, return_counts=True)
    for cell in values[counts > 1][:50]:
        rows = np.flatnonzero(cells == cell)
        ordered = votes.values[rows[np.argsort(votes.timestamps[rows])]]
        assert ordered[0] != ordered[-1]


def test_group_shares_are_exact():
    """Check that 400 participants with shares 0.25 / 0.75 give groups of exactly 100 and 300."""
    ds = simulate_consultation(participants=400, statements=30, groups=2, seed=5, group_shares=(0.25, 0.75))
    assert np.bincount([p.group_id for p in ds.participants]).tolist() == [100, 300]


def test_same_seed_gives_the_same_dataset_and_another_seed_does_not(small):
    """Check that simulation is a function of its arguments, and that the seed matters."""
    again = simulate_consultation(participants=300, statements=40, groups=2, seed=7)
    other = simulate_consultation(participants=300, statements=40, groups=2, seed=8)
    for name in ("participant_ids", "statement_ids", "values", "timestamps"):
        assert np.array_equal(getattr(again.votes, name), getattr(small.votes, name))
    assert again.statements == small.statements and again.participants == small.participants
    assert again.summary == small.summary
    assert not np.array_equal(other.votes.values, small.votes.values)


def test_planted_groups_are_recovered_by_kmeans(small):
    """Check that k-means on the mean-imputed vote matrix finds the 2 planted groups (ARI >= 0.8)."""
    latest = small.votes.latest()
    matrix = np.full((300, 40), np.nan)
    matrix[latest.participant_ids, latest.statement_ids] = latest.values
    matrix = np.where(np.isnan(matrix), np.nanmean(matrix, axis=0), matrix)
    found = KMeans(n_clusters=2, n_init=10, random_state=0).fit_predict(matrix)
    planted = [p.group_id for p in small.participants]
    assert adjusted_rand_score(planted, found) >= 0.8


def test_summary_says_the_data_is_simulated(small, paper):
    """Check that the summary's topic and description say plainly that the votes are not real."""
    assert "SIMULATED" in small.summary["topic"]
    assert "not real votes" in small.summary["conversation-description"]
    assert (
        "Simulated data shaped to published figures; not real votes"
        in paper.summary["conversation-description"]
    )


def test_paper_statements_texts_and_themes_come_from_the_marginals(paper, paper_rows):
    """Check one statement per row, with the row's text and the paper's theme name."""
    assert [s.text for s in paper.statements] == [row.text for row in paper_rows]
    assert paper.statements[10].theme == "Climate"
    assert paper.statements[13].theme == "Bias"


def test_paper_published_rows_match_the_printed_shares_within_one_point(paper, paper_rows):
    """Check that each row's agree / disagree / pass percentages are met within 1 point."""
    checked = 0
    for j, row in enumerate(paper_rows):
        if row.shares_pct is not None:
            assert np.abs(shares_by_statement(paper, j) - row.shares_pct).max() <= 1.0, row.text
            checked += 1
    assert checked == 27  # 40 rows: 5 unpublished, 7 friction, 1 published without figures


def test_paper_unpublished_rows_are_rejected_and_get_no_votes(paper, paper_rows):
    """Check that rows with published = no become rejected statements without a single vote row."""
    unpublished = [j for j, row in enumerate(paper_rows) if not row.published]
    assert [s.moderation for s in paper.statements if s.id in unpublished] == [Moderation.REJECTED] * 5
    assert not np.isin(paper.votes.statement_ids, unpublished).any()
    published = [j for j, row in enumerate(paper_rows) if row.published]
    assert set(np.unique(paper.votes.statement_ids)) == set(published)


def test_paper_friction_rows_split_the_groups(paper, paper_rows):
    """Check that the named group agrees >= 30 points more than the other, with no 60% majority overall."""
    friction = [
        (j, r.friction_group_agreeing) for j, r in enumerate(paper_rows) if r.paper_category == "friction"
    ]
    assert len(friction) == 7
    for j, agreeing in friction:
        gap = shares_by_statement(paper, j, agreeing)[0] - shares_by_statement(paper, j, 1 - agreeing)[0]
        assert gap >= 30, paper_rows[j].text
        assert shares_by_statement(paper, j)[:2].max() < 60, paper_rows[j].text


def test_paper_consensus_rows_agree_in_both_groups(paper, paper_rows):
    """Check that on rows with 60%+ agree both groups agree alike (within 5 points)."""
    for j, row in enumerate(paper_rows):
        if row.agree_pct is not None and row.agree_pct >= 60:
            a, b = shares_by_statement(paper, j, 0)[0], shares_by_statement(paper, j, 1)[0]
            assert abs(a - b) <= 5, row.text


def test_paper_groups_are_recovered_and_total_votes_are_near_the_papers(paper):
    """Check the planted 32/68 split, ARI >= 0.8 against k-means, and ~10,242 votes in all."""
    planted = [p.group_id for p in paper.participants]
    assert np.bincount(planted).tolist() == [119, 253]  # 0.32 x 372 = 119.04
    latest = paper.votes.latest()
    columns = np.unique(latest.statement_ids)
    matrix = np.full((372, len(columns)), np.nan)
    matrix[latest.participant_ids, np.searchsorted(columns, latest.statement_ids)] = latest.values
    matrix = np.where(np.isnan(matrix), np.nanmean(matrix, axis=0), matrix)
    found = KMeans(n_clusters=2, n_init=10, random_state=0).fit_predict(matrix)
    assert adjusted_rand_score(planted, found) >= 0.8
    assert abs(len(paper.votes) - PAPER_VOTES) <= 0.1 * PAPER_VOTES


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"participants": -5}, "participants must be an integer of at least 1"),
        ({"participants": 10, "groups": 11}, "cannot exceed"),
        ({"statements": 0}, "statements must be"),
        ({"groups": 0}, "groups must be"),
        ({"group_shares": (0.5, 0.4)}, "add up to 1"),
        ({"group_shares": (0.5, 0.3, 0.2)}, "3 group shares given for 2 groups"),
        ({"votes_per_participant": (30, 20)}, "lo <= hi"),
        ({"pass_rate": 1.5}, "pass_rate"),
        ({"start": "2025-07-05", "end": "2025-07-04"}, "before start"),
        ({"start": "26/05/2025"}, "YYYY-MM-DD"),
        ({"marginals": [Marginal("S")], "statements": 2}, "marginals give 1"),
        ({"marginals": [Marginal("S", friction_group_agreeing=0)], "groups": 1}, "at least 2 groups"),
    ],
)
def test_bad_arguments_raise_input_error(options, words):
    """Check that out-of-range arguments are refused with a message naming the argument."""
    arguments = {"participants": 20, "statements": 10, "groups": 2, "seed": 0} | options
    if "marginals" in options and "statements" not in options:
        arguments.pop("statements")
    with pytest.raises(InputError, match=words):
        simulate_consultation(**arguments)
