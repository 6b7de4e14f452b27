"""The near-duplicate index kept per process (assembly.consultations.similar): computed once, rebuilt when
the statements change, never showing a text that was rejected or erased."""

from __future__ import annotations

import pytest

from assembly.consultations import services, similar
from assembly.consultations.models import Statement
from assembly.consultations.privacy import erase_participant
from assembly.consultations.texts import trigrams
from assembly.moderation import services as moderation


@pytest.fixture
def computed(monkeypatch) -> list[str]:
    """The texts whose trigram sets the index computes (it reuses the sets of texts it has seen)."""
    texts: list[str] = []

    def counting(text: str) -> frozenset[str]:
        texts.append(text)
        return trigrams(text)

    monkeypatch.setattr(similar, "trigrams", counting)
    similar.forget_all()
    return texts


@pytest.fixture
def clock(monkeypatch) -> list[float]:
    now = [1000.0]
    monkeypatch.setattr(similar, "clock", lambda: now[0])
    return now


def numbers(consultation, text: str) -> list[int]:
    return [s.number for s in services.similar_statements(consultation, text)]


def test_the_index_is_computed_once_and_then_reused(post_moderated, computed, clock):
    """Check that repeated look-ups compute no trigram set again while nothing changes."""
    services.add_seed_statements(post_moderated, texts=["Museums should label AI images"])
    assert numbers(post_moderated, "museums label AI images") == [1]
    assert sorted(computed) == ["Museums should label AI images", "Only seed"]
    computed.clear()
    for _ in range(5):
        assert numbers(post_moderated, "museums label AI images") == [1]
    assert computed == []


def test_a_new_statement_is_found_at_once_and_only_its_trigrams_are_computed(post_moderated, computed, clock):
    """Check that a submission (shown at once in post-moderation) is in the next look-up's results."""
    assert numbers(post_moderated, "libraries need rural funding") == []
    computed.clear()
    author = services.create_participant(post_moderated)[0]
    services.submit_statement(author, text="Libraries need rural funding")
    assert numbers(post_moderated, "libraries need rural funding") == [1]
    assert computed == ["Libraries need rural funding"]


def test_a_rejected_statement_leaves_the_participants_index(post_moderated, staff, clock):
    """Check that rejecting a statement removes it from the look-up at once."""
    services.add_seed_statements(post_moderated, texts=["Museums should label AI images"])
    assert numbers(post_moderated, "museums label AI images") == [1]
    reason = post_moderated.moderation_criteria[0]
    moderation.reject_statements(post_moderated, [1], actor=staff, reason=reason)
    assert numbers(post_moderated, "museums label AI images") == []


def test_an_erased_text_is_never_shown_again(consultation, clock):
    """Check that a pending statement's text erased at its author's request leaves the moderators' index."""
    author = services.create_participant(consultation)[0]
    services.submit_statement(author, text="My private thought about archives")
    draft = Statement(number=99, text="private thought about archives")

    def suggested() -> list[str]:
        return [s.text for s in moderation.near_duplicates(consultation, [draft])[99]]

    assert suggested() == ["My private thought about archives"]
    erase_participant(author)
    assert suggested() == []


def test_a_change_the_marker_cannot_see_shows_after_the_rebuild_interval(post_moderated, computed, clock):
    """Check that a text changed behind the services' back (the admin site) is used after
    REBUILD_AFTER_SECONDS, and that the rebuild computes only the changed text."""
    services.add_seed_statements(post_moderated, texts=["Museums should label AI images"])
    assert numbers(post_moderated, "opening hours on sundays") == []
    Statement.objects.filter(consultation=post_moderated, number=1).update(text="Opening hours on Sundays")
    computed.clear()
    assert numbers(post_moderated, "opening hours on sundays") == []  # the kept index, still in time
    clock[0] += similar.REBUILD_AFTER_SECONDS
    assert numbers(post_moderated, "opening hours on sundays") == [1]
    assert computed == ["Opening hours on Sundays"]
