"""Every count a consultation shows, read back from the results page, the report, the API and the export
download, and the same counts computed from the database with plain SQL (issue "Reliability", item 3).

:func:`count_mismatches` lists every difference as ``"<where>: <what> shows X, the database Y"``.
The database side: participants, votes and statements from their tables; opinion groups and who is
placed in them from the stored analysis (``results_analysissnapshot.document``), which the pages only
present. The export follows pol.is's definitions: ``comments.csv`` agrees/disagrees count every vote
record (changed votes too), and ``summary.csv`` ``voters-in-conv`` equals ``voters``
(as pol.is's own exporter does; see assembly.polis.csv_writer).
"""

from __future__ import annotations

import csv
import html
import http.cookiejar
import io
import json
import re
import urllib.parse
import urllib.request
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bench.load.harness import Database

# One request may wait this long (a report of a large consultation takes a few seconds to build).
TIMEOUT_SECONDS = 120


@dataclass
class Truth:
    """The counts of one consultation, from the database."""

    participants: int = 0
    voters: int = 0
    live_votes: int = 0
    events: int = 0
    statements: int = 0  # shown to participants
    moderation: dict[str, int] = field(default_factory=dict)  # accepted / rejected / pending
    per_statement: dict[int, dict[str, int]] = field(default_factory=dict)  # number -> agree/disagree/pass
    history_per_statement: dict[int, dict[str, int]] = field(default_factory=dict)  # every record counted
    per_participant: dict[int, dict[str, int]] = field(default_factory=dict)  # number -> votes/agree/...
    live: dict[tuple[int, int], int] = field(default_factory=dict)  # (participant, statement) -> value
    placed: int = 0
    group_sizes: list[int] = field(default_factory=list)

    @property
    def published_group_sizes(self) -> list[int]:
        """The groups public figures may show: none of fewer than MIN_CELL (assembly.disclosure)."""
        return [size for size in self.group_sizes if size >= MIN_CELL]

    @property
    def published_placed(self) -> int:
        return sum(self.published_group_sizes)

    def published_tally(self, number: int) -> dict[str, int] | str:
        """A statement's row as the results page and report print it: "withheld" when 1 to MIN_CELL - 1
        people voted on it."""
        tally = self.per_statement.get(number, {"agree": 0, "disagree": 0, "pass": 0})
        votes = sum(tally.values())
        return "withheld" if 0 < votes < MIN_CELL else tally | {"votes": votes}


# Figures on fewer people are withheld from the results page and the report (assembly.disclosure); the
# staff's API and export show everything. Written out here, not imported: the check is independent.
MIN_CELL = 5

_LABELS = {1: "agree", -1: "disagree", 0: "pass"}


def database_truth(database: Database, slug: str) -> Truth:
    """Read the counts of consultation ``slug`` with SQL."""
    (cid, mode), *_ = database.rows(
        "SELECT id, moderation_mode FROM consultations_consultation WHERE slug = %s", (slug,)
    )
    truth = Truth()
    truth.participants = database.rows(
        "SELECT COUNT(*) FROM consultations_participant WHERE consultation_id = %s", (cid,)
    )[0][0]
    truth.events = database.rows(
        "SELECT COUNT(*) FROM consultations_voteevent WHERE consultation_id = %s", (cid,)
    )[0][0]
    states = dict(
        database.rows(
            "SELECT moderation, COUNT(*) FROM consultations_statement "
            "WHERE consultation_id = %s GROUP BY moderation",
            (cid,),
        )
    )
    truth.moderation = {state: int(states.get(state, 0)) for state in ("accepted", "rejected", "pending")}
    shown = ("accepted", "pending") if mode == "post" else ("accepted",)
    truth.statements = sum(truth.moderation[state] for state in shown)
    live = database.rows(
        "SELECT p.number, s.number, v.value FROM consultations_vote v "
        "JOIN consultations_participant p ON p.id = v.participant_id "
        "JOIN consultations_statement s ON s.id = v.statement_id WHERE v.consultation_id = %s",
        (cid,),
    )
    truth.live = {(int(p), int(s)): int(value) for p, s, value in live}
    history = database.rows(
        "SELECT s.number, e.value, COUNT(*) FROM consultations_voteevent e "
        "JOIN consultations_statement s ON s.id = e.statement_id WHERE e.consultation_id = %s "
        "GROUP BY s.number, e.value",
        (cid,),
    )
    for statement, value, count in history:
        tally = truth.history_per_statement.setdefault(int(statement), {"agree": 0, "disagree": 0, "pass": 0})
        tally[_LABELS[int(value)]] = int(count)
    truth.live_votes = len(truth.live)
    truth.voters = len({p for p, _s in truth.live})
    for (participant, statement), value in truth.live.items():
        tally = truth.per_statement.setdefault(statement, {"agree": 0, "disagree": 0, "pass": 0})
        tally[_LABELS[value]] += 1
        mine = truth.per_participant.setdefault(participant, {"votes": 0, "agree": 0, "disagree": 0})
        mine["votes"] += 1
        if value:
            mine[_LABELS[value]] += 1
    document = database.rows(
        "SELECT document FROM results_analysissnapshot WHERE consultation_id = %s AND document IS NOT NULL",
        (cid,),
    )
    if document:
        stored = document[0][0]
        analysis = json.loads(stored) if isinstance(stored, str) else stored
        truth.group_sizes = [len(group["members"]) for group in analysis.get("groups", [])]
        truth.placed = len(analysis.get("in_conv", []))
    return truth


class StaffBrowser:
    """Pages fetched as a logged-in staff user (cookies and the CSRF token of the login form)."""

    def __init__(self, base_url: str, username: str, password: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        page = self.get("/accounts/login/").decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the login page"
        form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
        request = urllib.request.Request(
            f"{base_url}/accounts/login/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": f"{base_url}/accounts/login/"},
        )
        with self.opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            assert "/accounts/login/" not in response.url, "the staff login failed"

    def get(self, path: str) -> bytes:
        with self.opener.open(f"{self.base_url}{path}", timeout=TIMEOUT_SECONDS) as response:
            return bytes(response.read())


def _number(text: str) -> int:
    return int(text.strip().replace(",", "").replace("\u202f", "").replace("\xa0", ""))


def _results_page(page: str) -> dict[str, Any]:
    counts = {name: value for name, value in re.findall(r'id="count-([a-z]+)">([^<]*)<', page)}
    rows = {}
    for number, row in re.findall(r'<tr id="statement-(\d+)">(.*?)</tr>', page, flags=re.S):
        if "not shown: too few participants" in row:
            rows[int(number)] = "withheld"
            continue
        agree, disagree, passes = (int(n) for n in re.findall(r"% \((\d+)\)</td>", row))
        total = re.findall(r'<td class="num">(\d+)</td>', row)[-1]
        rows[int(number)] = {"agree": agree, "disagree": disagree, "pass": passes, "votes": int(total)}
    groups = [int(n) for n in re.findall(r"(\d+) participants? \(\d+% of those placed\)", page)]
    return {"counts": counts, "statements": rows, "groups": groups}


def _report(page: str) -> dict[str, Any]:
    figures = {
        html.unescape(dt): html.unescape(dd) for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page)
    }
    rows = {}
    pattern = r'<span class="sid">#(\d+)</span></th>' + r'<td class="num">(\d+)</td>' * 4
    for number, agree, disagree, passes, votes in re.findall(pattern, page):
        rows[int(number)] = {
            "agree": int(agree),
            "disagree": int(disagree),
            "pass": int(passes),
            "votes": int(votes),
        }
    withheld = r'<span class="sid">#(\d+)</span></th><td class="num" colspan="4">\(withheld'
    rows.update({int(number): "withheld" for number in re.findall(withheld, page)})
    return {"figures": figures, "statements": rows}


def _export(archive: bytes, slug: str) -> dict[str, Any]:
    files = zipfile.ZipFile(io.BytesIO(archive))

    def rows(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(files.read(f"{slug}/{name}").decode("utf-8"))))

    votes = rows("votes.csv")
    last: dict[tuple[int, int], tuple[float, int, int]] = {}
    for order, row in enumerate(votes):
        key = (int(row["voter-id"]), int(row["comment-id"]))
        stamp = (float(row["timestamp"]), order)
        if key not in last or stamp > last[key][:2]:
            last[key] = (*stamp, int(row["vote"]))
    summary = dict(csv.reader(io.StringIO(files.read(f"{slug}/summary.csv").decode("utf-8"))))
    return {
        "events": len(votes),
        "live": {key: value for key, (_t, _o, value) in last.items()},
        "comments": {int(r["comment-id"]): r for r in rows("comments.csv")},
        "participants": {int(r["participant"]): r for r in rows("participants-votes.csv")},
        "summary": summary,
    }


class _Mismatches(list[str]):
    def check(self, where: str, what: str, shown: object, truth: object) -> None:
        if shown != truth:
            self.append(f"{where}: {what} shows {shown!r}, the database {truth!r}")


def count_mismatches(database: Database, base_url: str, slug: str, *, staff: tuple[str, str]) -> list[str]:
    """Every count of the results page, the report, the API and the export that differs from the database."""
    truth = database_truth(database, slug)
    browser = StaffBrowser(base_url, *staff)
    found = _Mismatches()

    page = _results_page(browser.get(f"/c/{slug}/results/").decode())
    counts = page["counts"]
    for name, expected in (
        ("participants", truth.participants),
        ("votes", truth.live_votes),
        ("statements", truth.statements),
        ("placed", truth.published_placed),
        ("pending", truth.moderation["pending"]),
        ("rejected", truth.moderation["rejected"]),
    ):
        found.check("results page", f"#count-{name}", _number(counts.get(name, "-1")), expected)
    found.check("results page", "group sizes", sorted(page["groups"]), sorted(truth.published_group_sizes))
    found.check("results page", "statements listed", sorted(page["statements"]), sorted(truth.per_statement))
    for number, row in page["statements"].items():
        found.check("results page", f"statement #{number}", row, truth.published_tally(number))

    report = _report(browser.get(f"/c/{slug}/results/report/").decode())
    figures = report["figures"]
    moderation = truth.moderation
    for label, expected in (
        ("Participants who voted", str(truth.voters)),
        ("Placed in opinion groups", str(truth.published_placed)),
        ("Opinion groups", str(len(truth.published_group_sizes))),
        ("Votes (latest per participant and statement)", str(truth.live_votes)),
        ("Vote records, changed votes included", str(truth.events)),
        ("Statements published", str(truth.statements)),
        (
            "Accepted / rejected / awaiting moderation",
            f"{moderation['accepted']} / {moderation['rejected']} / {moderation['pending']}",
        ),
    ):
        found.check("report", label, figures.get(label, "").replace(",", ""), expected)
    found.check("report", "statements listed", sorted(report["statements"]), sorted(truth.per_statement))
    for number, row in report["statements"].items():
        found.check("report", f"statement #{number}", row, truth.published_tally(number))

    api = json.loads(browser.get(f"/api/consultations/{slug}/results"))
    for name, expected in (
        ("participants", truth.participants),
        ("votes", truth.live_votes),
        ("statements", truth.statements),
        ("placed", truth.published_placed),  # the status's count, as published (assembly.disclosure)
    ):
        found.check("API results", f"counts.{name}", api["counts"][name], expected)
    analysis = api["analysis"] or {}
    found.check(
        "API results",
        "group sizes",
        sorted(len(g["members"]) for g in analysis.get("groups", [])),
        sorted(truth.group_sizes),
    )
    for statement in analysis.get("statements", []):
        tally = truth.per_statement.get(statement["id"], {"agree": 0, "disagree": 0, "pass": 0})
        shown = {k: statement[k] for k in ("agree", "disagree", "pass")}
        found.check("API results", f"statement #{statement['id']}", shown, tally)

    export = _export(browser.get(f"/manage/{slug}/export/"), slug)
    found.check("export votes.csv", "rows (vote records)", export["events"], truth.events)
    found.check(
        "export votes.csv", "latest vote of each participant and statement", export["live"], truth.live
    )
    for number, row in export["comments"].items():  # pol.is counts every vote record here, re-votes too
        tally = truth.history_per_statement.get(number, {"agree": 0, "disagree": 0, "pass": 0})
        shown = {"agree": int(row["agrees"]), "disagree": int(row["disagrees"])}
        found.check("export comments.csv", f"statement #{number}", shown, {k: tally[k] for k in shown})
    for number, row in export["participants"].items():
        mine = truth.per_participant.get(number, {"votes": 0, "agree": 0, "disagree": 0})
        shown = {
            "votes": int(row["n-votes"]),
            "agree": int(row["n-agree"]),
            "disagree": int(row["n-disagree"]),
        }
        found.check("export participants-votes.csv", f"participant {number}", shown, mine)
    group_sizes = Counter(row["group-id"] for row in export["participants"].values() if row["group-id"] != "")
    found.check(
        "export participants-votes.csv",
        "group sizes",
        sorted(group_sizes.values()),
        sorted(truth.group_sizes),
    )
    summary = export["summary"]
    for name, expected in (
        ("voters", truth.voters),
        ("voters-in-conv", truth.voters),  # pol.is's export puts every voter there, placed or not
        ("groups", len(truth.group_sizes)),
    ):
        found.check("export summary.csv", name, int(summary.get(name, "-1")), expected)
    return list(found)
