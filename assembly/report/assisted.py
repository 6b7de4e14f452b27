"""How the report labels approved language-model text and states the model's footprint (issue 16).

The label names the model, the prompt's SHA-256 (shortened to 12 characters; the full hash is in the
JSON report) and the date of approval; the footprint sentence adds the calls' tokens and time and states
the energy assumption, so a reader can redo the estimate.
"""

from __future__ import annotations

from assembly.report.language import gettext as _
from assembly.report.language import ngettext
from assembly.report.model import AssistedText, ModelFootprint
from assembly.report.wording import number

__all__ = ["assisted_label", "footprint_sentence", "takeaway_lines"]


def assisted_label(text: AssistedText) -> str:
    return _(
        "Drafted by a language model (%(model)s; prompt SHA-256 %(hash)s…), checked for citations and "
        "approved by staff on %(date)s."
    ) % {"model": text.model, "hash": text.prompt_sha256[:12], "date": text.approved_on}


def footprint_sentence(f: ModelFootprint) -> str:
    calls = ngettext(
        "The language model was called %(n)s time", "The language model was called %(n)s times", f.calls
    ) % {"n": number(f.calls)}
    return _(
        "%(calls)s: %(prompt)s prompt and %(completion)s completion tokens, %(seconds)s s in all; at an "
        "assumed %(watts)s W drawn by the model's server while it answered, about %(energy)s Wh."
    ) % {
        "calls": calls,
        "prompt": number(f.prompt_tokens),
        "completion": number(f.completion_tokens),
        "seconds": f"{f.seconds:.1f}",
        "watts": f"{f.watts:g}",
        "energy": f"{f.energy_wh:.2g}",
    }


def takeaway_lines(text: AssistedText) -> list[str]:
    """The key takeaways one per line, without the list marks a model or a person may have typed."""
    return [line.strip().lstrip("-*• ") for line in text.text.splitlines() if line.strip()]
