"""The words and number formats a chart prints, so a caller can draw it in its reader's language.

The charts know no language and no Django: :class:`ChartWords` holds English by default (what the report
prints), and the web pages build one from their translation catalogue. Sentences are ``%``-format strings
with named placeholders (``%(who)s``), so a translation may reorder them; texts whose wording depends on a
count (one participant, two participants) are callables the caller writes with its own plural rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["ENGLISH", "ChartWords", "translated_words"]


def _integer(n: int) -> str:
    return f"{n:,}"


def _decimal(value: float) -> str:
    return f"{value:.2f}"


def _votes(n: int) -> str:
    return f"{n:,} vote{'' if n == 1 else 's'}"


def _participants(n: int) -> str:
    return f"{n:,} participant{'' if n == 1 else 's'}"


def _map_summary(participants: int, groups: int) -> str:
    groups_noun = "opinion group" if groups == 1 else "opinion groups"
    return f"Opinion map of {_participants(participants)} in {groups} {groups_noun}."


@dataclass(frozen=True)
class ChartWords:
    """Every word and number format the charts print (SVG text, description and data table).

    Attributes
    ----------
    agree, disagree, passes : str
        The vote kinds in the bars' legend.
    no_votes : str
        Written in a bar whose row has no vote.
    bar_count : str
        The votes of a row beside its bar; ``%(n)s`` is the formatted count.
    bars_description : str
        The first sentence of the bars' description.
    bar_no_votes, bar_shares, bar_shares_interval : str
        One sentence per row of the bars' description: ``%(who)s``, the formatted shares ``%(agree)s``,
        ``%(disagree)s``, ``%(passes)s``, ``%(votes)s`` (from :attr:`votes`), and with an agree interval
        ``%(interval_name)s`` and ``%(interval)s``.
    bars_caption : str
        The bars' table caption; ``%(title)s`` is the chart's title.
    column_who, column_agree, column_disagree, column_passes, column_votes, column_agree_interval : str
        The bars' table headings (``%(interval_name)s`` in the last).
    first_component, second_component : str
        The opinion map's axis labels.
    map_points, map_binned : str
        How to read the map: one mark per participant, or (``%(cells)s`` by ``%(cells)s``) grid cells.
    map_legend : str
        A group's entry in the map's legend: ``%(who)s`` and ``%(participants)s`` (from :attr:`participants`).
    map_series, map_series_centre : str
        One sentence per group of the map's description: ``%(who)s``, ``%(participants)s`` (from
        :attr:`participants`) and the centre's formatted ``%(x)s`` and ``%(y)s``.
    column_group, column_participants, column_centre_x, column_centre_y : str
        The map's table headings.
    percent : str
        A share or an interval of shares: ``%(value)s`` is "91" or "87–94".
    integer, decimal : callable
        Format a count (thousands grouped) and a coordinate (two decimals).
    votes, participants : callable
        A count of votes or of participants, with its noun ("186 votes", "1 participant").
    map_summary : callable
        The map's first sentence, from the numbers of participants and of opinion groups.
    """

    agree: str = "agree"
    disagree: str = "disagree"
    passes: str = "pass"
    no_votes: str = "no votes"
    bar_count: str = "n = %(n)s"
    bars_description: str = "Share of agree, disagree and pass votes."
    bar_no_votes: str = "%(who)s: no votes."
    bar_shares: str = "%(who)s: %(agree)s agree, %(disagree)s disagree, %(passes)s pass (%(votes)s)."
    bar_shares_interval: str = (
        "%(who)s: %(agree)s agree, %(disagree)s disagree, %(passes)s pass (%(votes)s), "
        "agree %(interval_name)s %(interval)s."
    )
    bars_caption: str = "Votes on: %(title)s"
    column_who: str = "Who"
    column_agree: str = "Agree"
    column_disagree: str = "Disagree"
    column_passes: str = "Pass"
    column_votes: str = "Votes"
    column_agree_interval: str = "Agree, %(interval_name)s"
    first_component: str = "first principal component →"
    second_component: str = "↑ second principal component"
    map_points: str = "Each mark is one participant; marks close together voted alike."
    map_binned: str = (
        "Participants are counted in a %(cells)s by %(cells)s grid; darker cells hold more participants."
    )
    map_legend: str = "%(who)s: %(participants)s"
    map_series: str = "%(who)s: %(participants)s."
    map_series_centre: str = "%(who)s: %(participants)s, centred at (%(x)s, %(y)s)."
    column_group: str = "Group"
    column_participants: str = "Participants"
    column_centre_x: str = "Centre x"
    column_centre_y: str = "Centre y"
    percent: str = "%(value)s%%"
    integer: Callable[[int], str] = _integer
    decimal: Callable[[float], str] = _decimal
    votes: Callable[[int], str] = _votes
    participants: Callable[[int], str] = _participants
    map_summary: Callable[[int, int], str] = _map_summary

    def share(self, value: int | str) -> str:
        """A share (or an interval of shares) with its percent sign."""
        return self.percent % {"value": value}


# The charts' words when the caller gives none: the report's English.
ENGLISH = ChartWords()


def translated_words(
    gettext: Callable[[str], str],
    ngettext: Callable[[str, str, int], str],
    *,
    integer: Callable[[int], str],
    decimal: Callable[[float], str],
) -> ChartWords:
    """The charts' words through a caller's translation functions and number formats.

    One list for the web pages (Django's gettext) and the report (its own catalogue reader,
    :mod:`assembly.report.language`): the texts are marked here once, so both translate the same
    entries. English functions give back :data:`ENGLISH`'s words.
    """

    def votes(n: int) -> str:
        return ngettext("%(n)s vote", "%(n)s votes", n) % {"n": integer(n)}

    def participants(n: int) -> str:
        return ngettext("%(n)s participant", "%(n)s participants", n) % {"n": integer(n)}

    def map_summary(people: int, groups: int) -> str:
        summary = ngettext(
            "Opinion map of %(participants)s in %(groups)s opinion group.",
            "Opinion map of %(participants)s in %(groups)s opinion groups.",
            groups,
        )
        return summary % {"participants": participants(people), "groups": integer(groups)}

    return ChartWords(
        agree=gettext("agree"),
        disagree=gettext("disagree"),
        passes=gettext("pass"),
        no_votes=gettext("no votes"),
        bar_count=gettext("n = %(n)s"),
        bars_description=gettext("Share of agree, disagree and pass votes."),
        bar_no_votes=gettext("%(who)s: no votes."),
        bar_shares=gettext("%(who)s: %(agree)s agree, %(disagree)s disagree, %(passes)s pass (%(votes)s)."),
        bar_shares_interval=gettext(
            "%(who)s: %(agree)s agree, %(disagree)s disagree, %(passes)s pass (%(votes)s), "
            "agree %(interval_name)s %(interval)s."
        ),
        bars_caption=gettext("Votes on: %(title)s"),
        column_who=gettext("Who"),
        column_agree=gettext("Agree"),
        column_disagree=gettext("Disagree"),
        column_passes=gettext("Pass"),
        column_votes=gettext("Votes"),
        column_agree_interval=gettext("Agree, %(interval_name)s"),
        first_component=gettext("first principal component →"),
        second_component=gettext("↑ second principal component"),
        map_points=gettext("Each mark is one participant; marks close together voted alike."),
        map_binned=gettext(
            "Participants are counted in a %(cells)s by %(cells)s grid; darker cells hold more participants."
        ),
        map_legend=gettext("%(who)s: %(participants)s"),
        map_series=gettext("%(who)s: %(participants)s."),
        map_series_centre=gettext("%(who)s: %(participants)s, centred at (%(x)s, %(y)s)."),
        column_group=gettext("Group"),
        column_participants=gettext("Participants"),
        column_centre_x=gettext("Centre x"),
        column_centre_y=gettext("Centre y"),
        percent=gettext("%(value)s%%"),
        integer=integer,
        decimal=decimal,
        votes=votes,
        participants=participants,
        map_summary=map_summary,
    )
