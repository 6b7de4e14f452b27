"""Approved language-model text for the results page and the report, from whichever app provides it.

The assistant (assembly.assistant) is built on the results app, so this app cannot import it: the
assistant hands its reader over at start-up (:func:`provide`), and the results page and the report ask
here. Without the assistant installed, or before anything is approved, there is nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assembly.consultations.models import Consultation
from assembly.report.model import AssistedText, ModelFootprint

__all__ = ["AssistedInputs", "assisted_inputs", "provide"]

AssistedInputs = tuple[Sequence[AssistedText], ModelFootprint | None]
_providers: list[Callable[[Consultation], AssistedInputs]] = []


def provide(reader: Callable[[Consultation], AssistedInputs]) -> None:
    """Register the reader of a consultation's approved texts and model footprint (once per process)."""
    if reader not in _providers:
        _providers.append(reader)


def assisted_inputs(consultation: Consultation) -> AssistedInputs:
    texts: list[AssistedText] = []
    footprint = None
    for reader in _providers:
        more, their_footprint = reader(consultation)
        texts += more
        footprint = footprint or their_footprint
    return tuple(texts), footprint
