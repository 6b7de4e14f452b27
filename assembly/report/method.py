"""The method section's words: how groups are formed, the rules and thresholds, the eligibility rule.

Written for curators, not statisticians. The numbers in the text come from the analysis' own constants
and the thresholds it ran with, so the words cannot drift from what was computed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from assembly.analysis.categories import Thresholds
from assembly.analysis.eligibility import MIN_GROUP, MIN_VOTES
from assembly.analysis.vocabulary import share_text
from assembly.report.language import gettext as _

__all__ = ["eligibility_rule", "explain_method", "threshold_rules"]

# pol.is's cap on the number of opinion groups (docs/explanation/polis-math.md §2.6), kept by both methods.
MAX_GROUPS = 5
# How pol.is and Assembly pick representative statements: one-sided z test at 90%
# (docs/explanation/polis-math.md §2.8).
REPRESENTATIVE_CONFIDENCE = "90%"


def threshold_rules(thresholds: Thresholds) -> list[tuple[str, str]]:
    """One plain sentence per threshold, in a fixed order, with the numbers of ``thresholds``."""
    t: dict[str, Any] = dataclasses.asdict(thresholds)
    confidence = share_text(thresholds.confidence)
    false_discoveries = share_text(round(1.0 - thresholds.confidence, 10))
    interval = {"wilson": _("Wilson score interval"), "jeffreys": _("Jeffreys interval")}[thresholds.interval]
    known: dict[str, tuple[str, Callable[[Any], str]]] = {
        "consensus": (
            _("Consensus"),
            lambda v: _("at least %(share)s of all votes on the statement agree.") % {"share": share_text(v)},
        ),
        "majority_disagree": (
            _("Majority-disagree"),
            lambda v: _("at least %(share)s of all votes disagree.") % {"share": share_text(v)},
        ),
        "friction": (
            _("Friction"),
            lambda v: (
                _(
                    "the support of two opinion groups differs by at least %(points)s points, support being "
                    "agree minus disagree with a pass counting as neutral (with no passes, this is the gap "
                    "between the groups' agree shares). It is clear when, in addition, a test on groups "
                    "formed without the statement shows that the groups differ, with the false discovery "
                    "rate across statements held at %(rate)s; when the difference is large enough but the "
                    "test does not show it, it is listed as inconclusive."
                )
                % {"points": share_text(v)[:-1], "rate": false_discoveries}
            ),
        ),
        "min_group_votes": (
            _("Friction, smallest groups"),
            lambda v: (
                _("a pair of groups is tested only when each cast at least %(votes)s votes on the statement.")
                % {"votes": v}
            ),
        ),
        "uncertainty": (
            _("Uncertainty"),
            lambda v: _("at least %(share)s of all votes are passes.") % {"share": share_text(v)},
        ),
        "confidence": (
            _("Inconclusive"),
            lambda v: (
                _(
                    "a statement whose share meets a threshold is placed in that category only when its "
                    "%(confidence)s interval lies entirely on the same side of the threshold (for friction, "
                    "only when the test shows that the groups differ); otherwise it is listed as "
                    "inconclusive."
                )
                % {"confidence": confidence}
            ),
        ),
        "interval": (
            _("Intervals"),
            lambda v: (
                _(
                    "%(interval)s for shares; for friction, a normal interval of the support gap, widened "
                    "for the pairs of groups and the statements tested."
                )
                % {"interval": interval}
            ),
        ),
    }
    return [(name, sentence(t[key])) for key, (name, sentence) in known.items()]


def eligibility_rule() -> str:
    """Who is placed in an opinion group (pol.is ``in-conv``)."""
    return _(
        "A participant is placed in an opinion group once they have voted on at least %(votes)s "
        "statements (or on every statement, when fewer than %(votes)s have votes). While fewer than "
        "%(group)s participants qualify, the most active voters are added until there are %(group)s. "
        "Passes count as votes here. Once placed, a participant stays placed."
    ) % {"votes": MIN_VOTES, "group": MIN_GROUP}


def _groups_tested() -> str:
    """The structure test that comes before any groups (stable method)."""
    return _(
        "Before any groups are formed, a test asks whether the votes hold opinion groups at all. Grouping "
        "methods always return groups, even from votes cast at random, so the votes are compared with 19 "
        "shuffled copies of themselves: in each copy, every statement keeps exactly its own votes (the same "
        "numbers of agree, disagree and pass, from the same participants), but they are dealt out at random "
        "among the participants who voted on it, which breaks any link between statements. The measure is "
        "the strength of the main direction on the opinion map (the largest eigenvalue of the vote matrix). "
        "Groups are reported only when the real votes are more strongly patterned than every one of the 19 "
        "copies: by chance alone this happens 1 time in 20 (p = 0.05; Horn's parallel analysis, with Besag "
        "and Clifford's rule of stopping at the first copy that is as strong). Otherwise everyone is "
        "reported as one group, and nothing is said about differences between groups. A test that finds "
        "structure says the votes are patterned; it does not say whether the participants form separate "
        "camps or spread along a continuum."
    )


def _groups_stability() -> str:
    """What a group's stability figure means (stable method)."""
    return _(
        "Each group comes with a stability figure: the participants are resampled 20 times (each counted "
        "0, 1, 2 or more times at random), the groups are formed again, and the figure is the average "
        "overlap (Jaccard index) between the group and its closest match in each resample. 1 means the "
        "same members every time. Following Hennig (2007), 0.85 or more is highly stable, 0.75 or more "
        "stable, above 0.5 doubtful, and 0.5 or less means the group dissolves: read a doubtful group's "
        "statements with care. A stable group is not proof of distinct camps: groups cut out of a "
        "continuum can be stable too."
    )


def _groups_given() -> str:
    """Groups imported from pol.is rather than formed here."""
    return _(
        "The groups are not formed by this analysis: they are the groups pol.is published for this "
        "conversation (the group-id column of its participants-votes.csv), and everything else is computed "
        "for them. No structure test or stability figure is computed for given groups."
    )


def _how_groups(method: str, seed: int) -> str:
    if method == "polis":
        return _(
            "Groups are formed exactly as pol.is forms them: participants are first gathered into up to 100 "
            "small clusters of people who voted alike, and these clusters are then joined into 2 to "
            "%(max)s groups; the number of groups is the one whose groups are most clearly separated "
            "(the silhouette score). Pol.is's procedure depends on the order in which participants appear, "
            "so the same votes in another order can give slightly different groups."
        ) % {"max": MAX_GROUPS}
    if method == "stable":
        return _(
            "Groups are formed with the same statistics as pol.is (small clusters of people who voted alike, "
            "joined into up to %(max)s groups, the number chosen by how clearly the groups are "
            "separated), but in a way that depends neither on the order of the data nor on the random seed: "
            "the procedure is restarted many times from starting points drawn from a fixed random sequence, "
            "and the result the restarts agree on most is kept. The same votes always give the same groups: "
            "this run's random seed (%(seed)s) is recorded but cannot change them."
        ) % {"max": MAX_GROUPS, "seed": seed}
    return _("Groups were formed with the method %(method)s and the random seed %(seed)s.") % {
        "method": repr(method),
        "seed": seed,
    }


def explain_method(method: str, seed: int, *, groups_given: bool = False) -> list[str]:
    """Plain-language paragraphs on how the results were computed, for curators."""
    return [
        _(
            "Every participant's latest vote on each statement counts: agree, disagree or pass. Shares are "
            "printed the way the 2025 Alignment Assembly paper printed them: each share is out of all votes "
            "on the statement, passes included, rounded on its own, so the three may not add up to 100%%."
        )
        % {},
        _(
            "To find opinion groups, the votes are turned into a map. Each participant is a point; "
            "participants who voted alike end up close together. The map keeps the two directions along "
            "which the votes differ most (principal component analysis), which is what the opinion map "
            "shows. Missing votes do not pull participants towards the centre: their position is scaled by "
            "how many statements they voted on."
        ),
        *(
            [_groups_given()]
            if groups_given
            else [_groups_tested(), _how_groups(method, seed), _groups_stability()]
            if method == "stable"
            else [_how_groups(method, seed)]
        ),
        _(
            "Representative statements are the ones on which a group voted most differently from everyone "
            "else: pol.is's rule, a statistical test at the %(confidence)s level, picks up to five per "
            "group. Rejected and meta statements take no part in the groups or the categories."
        )
        % {"confidence": REPRESENTATIVE_CONFIDENCE},
        _(
            "The categories (consensus, majority-disagree, friction, uncertainty) use the thresholds below. "
            "Small numbers of votes make shares uncertain, so each share comes with an interval. When the "
            "interval crosses a threshold, the statement is marked inconclusive instead of being placed in "
            "the category."
        ),
        _(
            "Friction is clear when two things hold: the difference between the groups is large (at least "
            "the friction threshold below), and it is real (a statistical test shows that the groups' "
            "support differs by more than chance would give). The test is built so that chance cannot pass "
            "for division. The groups are found from the same votes, so on any statement they split the "
            "voters a little by construction; to remove that, each statement is compared across groups "
            "formed again without it (the map is redrawn from the other statements and every participant "
            "reassigned). Each pair of groups is tested, and the test is made stricter for the number of "
            "pairs. Across statements, the share of clear friction flags on which the groups do not differ "
            "at all is held at 5%% at most (the Benjamini-Hochberg procedure). This holds whatever groups "
            "were found, even groups fitted to votes cast at random. The size of the difference is "
            "measured, not tested: each friction interval is widened for the statements and pairs tested "
            "and shows how uncertain that size is, so a clear flag's interval can reach below the threshold "
            "(the groups surely differ, perhaps by somewhat less)."
        )
        % {},
        _(
            "How many statements are tested changes what a flag means, so each category has a stated "
            "policy. Friction is corrected for the many statements and pairs tested, as above, because it "
            "compares groups chosen by the analysis. Consensus, majority-disagree and uncertainty compare "
            "each statement's own share with a fixed threshold and are not corrected: a statement whose "
            "share is in truth below the threshold is flagged clear at most about 2.5%% of the time, and far "
            "less often when it is well below; in a long list of statements close to a threshold, a few "
            "clear flags may therefore be wrong."
        )
        % {},
        _(
            "The participants chose to take part: they are not a random sample of any population. The "
            "intervals describe how uncertain these participants' votes are as a measure of their own views "
            "(how much the shares could move by chance, had the same people voted again); they are not an "
            "estimate of what a wider public thinks."
        ),
    ]
