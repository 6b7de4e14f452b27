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


def default_moderation_criteria() -> list[str]:
    """A fresh list (model field default: must be a callable returning a new object)."""
    return list(DEFAULT_MODERATION_CRITERIA)
