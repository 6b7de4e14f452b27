"""Sentences both the HTML and the Markdown report print, written once so the two cannot drift apart.

Each is marked for translation and written in the language in force (:mod:`assembly.report.language`);
numbers are filled in after translating, so a catalogue entry holds the whole sentence.
"""

from __future__ import annotations

from assembly.analysis.document import AnalysisDocument, VoteCounts
from assembly.analysis.summary import stability_band
from assembly.report.language import gettext as _
from assembly.report.language import integer, ngettext
from assembly.report.model import ComputeView, GroupView, Headline, Report, notation

__all__ = [
    "agree_votes",
    "categories_intro",
    "compute_sentence",
    "group_size",
    "group_stability_sentence",
    "groups_intro",
    "more_in_appendix",
    "more_unpublished",
    "moderation_summary",
    "more_placed",
    "number",
    "shares_votes",
    "structure_sentence",
    "unpublished_note",
    "votes_before",
]


def number(value: int) -> str:
    """Whole numbers with the language's thousands separator: 10,242 (10 242 in French)."""
    return integer(value)


def _participants(n: int) -> str:
    return ngettext("%(n)s participant", "%(n)s participants", n) % {"n": number(n)}


def groups_intro(r: Report) -> str:
    h = r.headline
    if not r.groups:
        return _("No participant has been placed in an opinion group.")
    parts = [
        _("%(group)s with %(participants)s (%(share)s%%)")
        % {"group": g.heading, "participants": _participants(g.size), "share": g.share_pct}
        for g in r.groups
    ]
    listed = (
        parts[0]
        if len(parts) == 1
        else _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}
    )
    found = _(
        "%(placed)s of the %(participants)s participants voted on enough statements to be placed in an "
        "opinion group (see Method)."
    ) % {"placed": number(h.placed), "participants": number(h.participants)}
    found += " " + ngettext(
        "The analysis found %(n)s group: %(groups)s.",
        "The analysis found %(n)s groups: %(groups)s.",
        h.groups,
    ) % {"n": number(h.groups), "groups": listed}
    structure = structure_sentence(r.analysis)
    return f"{found} {structure}" if structure else found


def structure_sentence(doc: AnalysisDocument | None) -> str:
    """Where the groups come from, in plain words: given, or what the structure test found (and its p)."""
    if doc is None:
        return ""
    if doc.groups_given:
        return _(
            "These are the groups pol.is published for this conversation, given to the analysis rather "
            "than formed by it."
        )
    test = doc.structure
    if test is None:
        return ""
    if test.distinct_groups:
        return _(
            "A test confirms that the votes hold opinion groups: they are more strongly patterned than in "
            "each of %(nulls)s shuffled copies that keep every statement's votes but break the links "
            "between statements (p = %(p)s; see Method)."
        ) % {"nulls": test.nulls, "p": f"{test.p_value:.2f}"}
    return _(
        "The votes show no distinct opinion groups: they are no more patterned than shuffled copies that "
        "keep every statement's votes but break the links between statements "
        "(p = %(p)s; see Method), so everyone is reported as one group."
    ) % {"p": f"{test.p_value:.2f}"}


def group_stability_sentence(g: GroupView) -> str:
    """The group's stability figure with its reading, or "" when it was not measured."""
    if g.stability is None:
        return ""
    return _(
        "Stability %(stability)s (%(band)s): how well the group is found again when the participants are "
        "resampled (1 = always the same members; 0.75 or more is stable, 0.5 or less means the group "
        "dissolves)."
    ) % {"stability": f"{g.stability:.2f}", "band": _(stability_band(g.stability))}


def group_size(g: GroupView) -> str:
    """The group's size and share, then its stability sentence when measured."""
    text = _("%(participants)s, %(share)s%% of those placed in groups.") % {
        "participants": _participants(g.size),
        "share": g.share_pct,
    }
    return f"{text} {group_stability_sentence(g)}" if g.stability is not None else text


def agree_votes(shares: VoteCounts) -> str:
    """A group's agree share with its number of votes: "62% agree (120 votes)"."""
    return ngettext("%(pct)s%% agree (%(n)s vote)", "%(pct)s%% agree (%(n)s votes)", shares.votes) % {
        "pct": shares.agree_pct,
        "n": number(shares.votes),
    }


def shares_votes(shares: VoteCounts) -> str:
    """A statement's shares notation and its number of votes."""
    return ngettext("%(shares)s, %(n)s vote", "%(shares)s, %(n)s votes", shares.votes) % {
        "shares": notation(shares),
        "n": number(shares.votes),
    }


def votes_before(n: int) -> str:
    """Votes an unpublished statement received before it was taken out."""
    return ngettext("%(n)s vote before it was taken out", "%(n)s votes before it was taken out", n) % {
        "n": number(n)
    }


def more_in_appendix(n: int) -> str:
    """The compact report's line for a category's statements beyond the charted ones."""
    return ngettext(
        "%(n)s more statement in this category: see the appendix.",
        "%(n)s more statements in this category: see the appendix.",
        n,
    ) % {"n": number(n)}


def more_unpublished(n: int) -> str:
    """The compact report's line for the unpublished submissions it does not list."""
    return ngettext(
        "%(n)s more submitted statement was not published: the full report lists it.",
        "%(n)s more submitted statements were not published: the full report lists them.",
        n,
    ) % {"n": number(n)}


def categories_intro(r: Report) -> str:
    return _(
        "Each statement is printed with its shares of all votes, the way the 2025 Alignment Assembly "
        "paper printed them, its number of votes, and a %(interval)s: the range in which the share "
        "plausibly lies for the whole community. When the evidence is too thin to be sure a statement meets "
        "a rule, it is listed as inconclusive instead of being placed."
    ) % {"interval": r.confidence_label}


def moderation_summary(h: Headline) -> str:
    return _(
        "%(submitted)s statements were submitted: %(accepted)s accepted, %(rejected)s rejected and "
        "%(pending)s not moderated. %(published)s were published for voting (accepted statements, and "
        "statements shown before moderation)."
    ) % {
        "submitted": number(h.statements_submitted),
        "accepted": number(h.accepted),
        "rejected": number(h.rejected),
        "pending": number(h.pending),
        "published": number(h.statements_published),
    }


def more_placed(n: int, title: str) -> str:
    """Caption of the table that lists a category's statements beyond the charted ones."""
    return ngettext(
        "%(n)s more statement in “%(category)s”, strongest first, without a chart",
        "%(n)s more statements in “%(category)s”, strongest first, without a chart",
        n,
    ) % {"n": number(n), "category": title}


def unpublished_note(n: int) -> str:
    return ngettext(
        "%(n)s submitted statement in this theme was not published",
        "%(n)s submitted statements in this theme were not published",
        n,
    ) % {"n": number(n)}


def compute_sentence(c: ComputeView) -> str:
    return _(
        "The analysis used %(cpu)s; the whole process peaked at %(memory)s of memory. That is an estimated "
        "%(energy)s of electricity and %(carbon)s. The figures are upper bounds, so that a rerun gives the "
        "same report; the exact measurement is in compute.json."
    ) % {
        "cpu": c.cpu_seconds_bound,
        "memory": c.peak_memory_bound,
        "energy": c.energy_bound,
        "carbon": c.carbon_bound,
    }
