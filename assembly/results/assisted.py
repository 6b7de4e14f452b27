"""Approved language-model text for the results page and the report, from whichever app provides it.

The assistant (assembly.assistant) is built on the results app, so this app cannot import it: the
assistant hands its readers over at start-up (:func:`provide`), and the results page and the report ask
here. Without the assistant installed, or before anything is approved, there is nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assembly.consultations.models import Consultation
from assembly.report.model import AssistedText, ModelFootprint

__all__ = ["assisted_texts", "model_footprint", "provide"]

_texts: list[Callable[[Consultation], Sequence[AssistedText]]] = []
_footprints: list[Callable[[Consultation], ModelFootprint | None]] = []


def provide(
    *,
    texts: Callable[[Consultation], Sequence[AssistedText]],
    footprint: Callable[[Consultation], ModelFootprint | None],
) -> None:
    """Register the readers of a consultation's approved texts and model footprint (once per process)."""
    if texts not in _texts:
        _texts.append(texts)
    if footprint not in _footprints:
        _footprints.append(footprint)


def assisted_texts(consultation: Consultation) -> tuple[AssistedText, ...]:
    """Every approved text, for the results page's theme chapter and the report."""
    return tuple(text for reader in _texts for text in reader(consultation))


def model_footprint(consultation: Consultation) -> ModelFootprint | None:
    """The language model's footprint, for the report's computing cost (None: never called)."""
    return next((f for reader in _footprints if (f := reader(consultation)) is not None), None)
