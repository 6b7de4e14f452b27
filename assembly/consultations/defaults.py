"""Default texts for a new consultation, from the Europeana Alignment Assembly (2025).

Source: "Alignment paper on AI and the data space for cultural heritage" (Europeana Foundation and
Netherlands Institute for Sound & Vision, 2025), chapter "Our method": the participation guidelines
shown beside the pol.is survey, "What makes for a good statement?", and the five criteria the
moderators applied to submitted statements. Facilitators edit them per consultation; they are a
consultation's own text, so they are stored as written and not translated.
"""

from __future__ import annotations

DEFAULT_GUIDELINES = """\
- State a clear position that people would feel compelled to agree or disagree with.
- Do not shy away from being intentionally provocative.
- Feel free to phrase statements that you might disagree with.
- Make statements that we do not know the answers to and want to explore with the community.
- Do not use jargon or terms that only specialists would be familiar with.
- Keep in mind the scope of this consultation. Try to phrase statements that reflect concerns of this field.

What makes for a good statement?
- A stand-alone idea.
- A new perspective, experience, or issue.
- Clear and concise wording (limited to 140 characters).

Statements are displayed randomly and you are not replying directly to other people's statements: \
you are adding a stand-alone statement."""

DEFAULT_MODERATION_CRITERIA = (
    "In scope: the statement falls within the topic of the consultation.",
    "A clear standpoint: it provokes voters to agree or disagree.",
    "Concrete: it avoids vague terms that do not refer to concrete actions.",
    "No jargon: people with different levels of familiarity with the topic can understand it.",
    "Distinct: it differs enough from the statements already published.",
)


# What the author of a rejected statement reads for each criterion above, in the same order: the
# criterion is what a good statement has, so shown as the reason of a rejection it read as praise
# ("Rejected. Reason: A clear standpoint: ...", issue 14 item 4). These say what was missing.
DEFAULT_REJECTION_WORDINGS = (
    "Out of scope: the statement is not about the topic of the consultation.",
    "Not a clear standpoint: it does not give voters a position to agree or disagree with.",
    "Not concrete: it uses vague terms that do not refer to concrete actions.",
    "Jargon: people less familiar with the topic would not understand it.",
    "Not distinct: it says what a statement already published says.",
)


def default_moderation_criteria() -> list[str]:
    """A fresh list (model field default: must be a callable returning a new object)."""
    return list(DEFAULT_MODERATION_CRITERIA)


def default_rejection_wordings() -> dict[str, str]:
    """Each default criterion with its wording (model field default: a fresh dict)."""
    return dict(zip(DEFAULT_MODERATION_CRITERIA, DEFAULT_REJECTION_WORDINGS, strict=True))


def rejection_wordings_for(criteria: list[str]) -> dict[str, str]:
    """The default wording of each of ``criteria`` that is one of the defaults (the others get the
    generic wording, :meth:`~assembly.consultations.models.Consultation.rejection_wording`)."""
    known = default_rejection_wordings()
    return {c: known[c] for c in criteria if c in known}
