"""Fixtures for the rate-limit tests: an open consultation and a clock frozen inside one window."""

from __future__ import annotations

import pytest

from assembly.consultations import services
from assembly.consultations.models import Consultation
from assembly.ratelimit import limits

# A Unix time 10.4 s into a minute (1_000_000_020 is a multiple of 60) and 2,830.4 s into an hour
# (999_997_200 is a multiple of 3,600): refusals then announce 50 s and 770 s.
FROZEN_NOW = 1_000_000_030.4


@pytest.fixture
def frozen_clock(monkeypatch) -> list[float]:
    """Freeze the limits' clock at FROZEN_NOW; tests move it by changing ``clock[0]``."""
    now = [FROZEN_NOW]
    monkeypatch.setattr(limits, "clock", lambda: now[0])
    return now


@pytest.fixture
def consultation(db) -> Consultation:
    """An open consultation with ten accepted seed statements (#0 to #9) that takes submissions."""
    c = services.create_consultation(slug="limits", title="Limits", question="Q?")
    services.add_seed_statements(c, texts=[f"Seed {i}" for i in range(10)])
    return c
