"""The test tiers: which tests the root conftest marks slow, so that ``make test-fast`` leaves them out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import pytest_collection_modifyitems

TESTS = Path(__file__).resolve().parent


@dataclass
class FakeItem:
    """The little of a collected pytest item that the hook reads and writes."""

    path: Path
    fixturenames: tuple[str, ...] = ()
    markers: list[str] = field(default_factory=list)

    def add_marker(self, marker: pytest.MarkDecorator) -> None:
        self.markers.append(marker.name)


def _marked(item: FakeItem) -> bool:
    pytest_collection_modifyitems([item])  # type: ignore[list-item]
    return "slow" in item.markers


@pytest.mark.parametrize("fixture", ["_session_browser", "live_server", "start_service", "supervised"])
def test_a_test_using_a_browser_or_a_real_server_is_slow_wherever_it_is(fixture):
    assert _marked(FakeItem(TESTS / "web" / "test_new.py", fixturenames=("db", fixture)))


def test_every_test_under_tests_reliability_is_slow_even_without_a_known_fixture():
    assert _marked(FakeItem(TESTS / "reliability" / "test_new.py", fixturenames=("tmp_path_factory",)))


@pytest.mark.parametrize("folder", ["analysis", "polis", "charts", "report", "cli", "web"])
def test_a_test_without_browser_or_server_stays_in_the_fast_tier(folder):
    assert not _marked(FakeItem(TESTS / folder / "test_new.py", fixturenames=("db", "client", "tmp_path")))


def test_the_fast_tier_of_the_makefile_runs_the_library_folders_without_the_slow_tests():
    makefile = (TESTS.parent / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest-fast:", 1)[1].split("\n\n", 1)[0]
    assert '-m "not slow"' in recipe
    for part in ("tests/analysis", "tests/polis", "tests/charts", "tests/report", "tests/cli"):
        assert part in recipe
