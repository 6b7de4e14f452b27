"""Stored script injection, tried for real: every payload of :mod:`tests.security.xss_payloads` in every
user-written field, every page rendered in headless chromium, 0 executions (issue 5, item 6).

One consultation per payload holds it in its title, question, description, guidelines, moderation
criterion, theme (its avenues, a suggested theme's label), statements (seeds and submissions: pending,
accepted, rejected), moderator notes
(decisions and an exclusion), reject reason, group names and a participant's external id. A
participant and a superuser then open every page that shows those fields: participant pages (and a
vote card swapped in by htmx), facilitator and moderation pages, the results page and its fragments,
the report, and Django's admin change pages.

The browser ignores the Content-Security-Policy here (``bypass_csp``): the test is that escaping alone
stops every payload, the policy being a second wall (its headers are tested in test_headers.py). The
many-valued consultation's pages are then opened again with the policy enforced: nothing is blocked,
so no page of ours (nor Django's admin) relies on inline code. A payload counts as
run when it calls ``__xss(n)`` (bound to the test in every frame) or opens a dialog; pages are also
searched for anything a payload would leave if it became markup (handler attributes, script, frame
or base elements, code URLs, htmx attributes naming the payload).
"""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest
from django.db import connections
from django.test import Client

from assembly.consultations import services
from assembly.consultations.models import Consultation, Participant, Statement, ThemeSuggestion
from assembly.moderation import services as moderation
from assembly.moderation import themes as theme_services
from assembly.moderation.models import ModerationLogEntry
from assembly.results import snapshots
from assembly.results.models import AnalysisSnapshot, GroupName
from tests.browser import CHROMIUM
from tests.security.xss_payloads import MARKER, PAYLOADS

PER_CAMP = 5  # two opposite camps of five: the analysis finds two groups, so group names are drawn

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium not installed"),
]

# Run in every frame before any page script: payloads report through it.
HOOK = "window.__xss = (n) => window.__xssReport(String(n));"
# What a payload leaves in the DOM if it became markup rather than text.
SCAN = """(marker) => {
  const found = [];
  const urls = ["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster"];
  const alien = ["iframe", "object", "embed", "base", "frame", "applet", "marquee"];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (alien.includes(tag)) found.push(tag);
    const ours = el.src && new URL(el.src).origin === location.origin && !el.src.includes(marker);
    const data = ["application/json", "application/ld+json"].includes(el.type);  // never run
    if (tag === "script" && !ours && !data) found.push("script " + el.outerHTML.slice(0, 80));
    if (tag === "meta" && el.httpEquiv) found.push("meta http-equiv");
    for (const a of el.attributes) {
      const name = a.name.toLowerCase(), value = a.value.toLowerCase();
      const where = tag + "[" + name + "]";
      if (name.startsWith("on")) found.push(where);
      const htmx = name.startsWith("hx-") || name.startsWith("data-hx-");
      if (htmx && (value.includes(marker) || name.includes("hx-on"))) found.push(where);
      if (urls.includes(name) && /^\\s*(javascript|vbscript|data:text)/.test(value)) found.push(where);
      const css = value.includes(marker) || value.includes("expression") || value.includes("url(");
      if (name === "style" && css) found.push(where);
    }
  }
  return found;
}"""


def _camps(consultation: Consultation, statements: int) -> list[list[Participant]]:
    """Two opposite camps of :data:`PER_CAMP` voting on statements #0 to #statements-1: the analysis
    finds two groups, so group names are drawn on the map and in the tables."""
    camps: list[list[Participant]] = [[], []]
    for camp, sign in enumerate((1, -1)):
        for _i in range(PER_CAMP):
            participant, _token = services.create_participant(consultation)
            for number in range(statements):
                value = sign if number < statements // 2 else -sign
                services.cast_vote(participant, statement_number=number, value=value)
            camps[camp].append(participant)
    return camps


def _analyse_and_name(consultation: Consultation, names: list[str]) -> int:
    """Run the analysis and name its groups; returns how many groups it found."""
    snapshots.refresh_snapshot(consultation, owner="xss-test")
    groups = AnalysisSnapshot.objects.get(consultation=consultation).document["groups"]
    for group, name in zip(groups, names, strict=False):
        GroupName.objects.create(consultation=consultation, group=int(group["id"]), name=name[:60])
    return len(groups)


def make_one(n: int, payload: str) -> Consultation:
    """Consultation ``x<n>``: ``payload`` as its title, question, description, guidelines, criterion,
    theme, statement and both group names (fields are stored stripped, so the payload is too)."""
    payload = payload.strip()
    consultation = services.create_consultation(
        slug=f"x{n}",
        title=payload,
        question=payload,
        description=payload,
        guidelines=payload,
        moderation_criteria=[payload, "Off topic"],
        results_public=True,
    )
    (theme,) = services.set_themes(consultation, [payload])
    texts = [payload] + [f"Neutral statement {i}" for i in range(1, 6)]
    services.add_seed_statements(consultation, texts=texts, theme=theme)
    _camps(consultation, len(texts))
    assert _analyse_and_name(consultation, [payload, payload]) == 2
    return consultation


def make_all(staff) -> dict[str, object]:
    """Consultation ``xall``: every payload in each many-valued field: a seed statement, a criterion, a
    theme, a submission (pending, accepted with a note, or rejected with the payload as criterion and
    note, in turn), an exclusion note and a participant's external id; two payloads as group names.
    Returns what the pages need: the viewer's token and the admin pages' object ids."""
    payloads = [p.strip() for p in PAYLOADS]
    consultation = services.create_consultation(
        slug="xall",
        title="All payloads",
        question="Which payload runs?",
        moderation_criteria=payloads,
        accepts_xid=True,
        results_public=True,
    )
    themes = services.set_themes(consultation, payloads)
    for payload, theme in zip(payloads, themes, strict=True):
        services.add_seed_statements(consultation, texts=[payload], theme=theme)
        theme_services.save_avenues(theme, payload)
        ThemeSuggestion.objects.create(consultation=consultation, label=payload[:200], statement_numbers=[0])
    camps = _camps(consultation, len(payloads))
    assert _analyse_and_name(consultation, payloads[:2]) == 2
    viewer, token = services.create_participant(consultation)
    services.cast_vote(viewer, statement_number=0, value=1)
    for i, payload in enumerate(payloads):
        author, _token = services.create_participant(consultation, xid=payload)
        statement = services.submit_statement(author, text=f"{payload[:110]} (submitted)")
        if i % 3 == 1:
            moderation.accept_statements(consultation, [statement.number], actor=staff, note=payload)
        elif i % 3 == 2:
            moderation.reject_statements(
                consultation, [statement.number], actor=staff, reason=payload, note=payload
            )
        theme_services.file_under_theme(consultation, [statement.number], themes[i], actor=staff)
        moderation.exclude_participant(consultation, author.number, actor=staff, reason="other", note=payload)
        moderation.include_participant(consultation, author.number, actor=staff, note=payload)
    mine = services.submit_statement(viewer, text=f"{payloads[0]} (mine)")
    # A correction puts two payloads in the log's sentence and the old one on the author's page.
    moderation.correct_statement(
        consultation, mine.number, text=f"{payloads[1][:110]} (corrected)", actor=staff, note=payloads[2]
    )
    del camps
    return {
        "author": author.number,
        "token": token,
        "statement": Statement.objects.get(consultation=consultation, number=0).pk,
        "theme": themes[0].pk,
        "participant": viewer.pk,
        "log": ModerationLogEntry.objects.filter(consultation=consultation).first().pk,
        "consultation": consultation.pk,
    }


@pytest.fixture
def injected(transactional_db, django_user_model):
    """The many-valued consultation, one consultation per payload, and a superuser's session id."""
    staff = django_user_model.objects.create_user("root", password="x", is_staff=True, is_superuser=True)
    try:
        everything = make_all(staff)
        singles = [make_one(n, payload).pk for n, payload in enumerate(PAYLOADS)]
    finally:
        connections.close_all()  # the analysis passes' connections: the test database must be droppable
    client = Client()
    client.force_login(staff)
    yield everything, singles, client.cookies["sessionid"].value


# Pages showing the many-valued consultation's fields, as its participant ("viewer") and as a superuser.
ALL_PARTICIPANT_PAGES = [
    "/",
    "/c/xall/",
    "/c/xall/embed/",
    "/c/xall/submit/",
    "/c/xall/mine/",
    "/c/xall/my-data/",
    "/c/xall/results/",
    "/c/xall/results/live/analysis/",
    "/c/xall/results/report/",
    "/c/xall/statements/",
] + [f"/c/xall/similar/?text={quote(p.strip()[:40])}" for p in PAYLOADS]
ALL_STAFF_PAGES = [
    "/manage/",
    "/manage/xall/",
    "/manage/xall/edit/",
    "/manage/xall/statements/",
    "/manage/xall/invites/",
    "/manage/xall/moderation/",
    "/manage/xall/moderation/?show=all",
    "/manage/xall/moderation/?show=all&page=2",
    "/manage/xall/moderation/?show=accepted",
    "/manage/xall/moderation/?show=rejected",
    "/manage/xall/moderation/log/",
    "/manage/xall/moderation/log/?page=2",
    "/manage/xall/moderation/participants/",
    "/manage/xall/moderation/participants/{author}/",
    "/manage/xall/moderation/themes/",
    "/c/xall/statements/?theme={theme}",
    "/c/xall/results/",
    "/admin/consultations/consultation/",
    "/admin/consultations/statement/?consultation__id__exact={consultation}",
    "/admin/consultations/theme/",
    "/admin/consultations/participant/?q=xss",
    "/admin/moderation/moderationlogentry/",
    "/admin/consultations/consultation/{consultation}/change/",
    "/admin/consultations/statement/{statement}/change/",
    "/admin/consultations/theme/{theme}/change/",
    "/admin/consultations/participant/{participant}/change/",
    "/admin/moderation/moderationlogentry/{log}/change/",
]
# Pages showing a one-payload consultation's single-valued fields (title, question, description,
# guidelines, criterion in the form, group names on the map and in the report).
ONE_PARTICIPANT_PAGES = ["/c/{slug}/", "/c/{slug}/results/", "/c/{slug}/results/report/"]
ONE_STAFF_PAGES = ["/manage/{slug}/edit/", "/admin/consultations/consultation/{pk}/change/"]


class Watch:
    """A browser context whose pages report any payload run (call or dialog) and leftover markup."""

    def __init__(self, browser, base_url: str, *, bypass_csp: bool = True) -> None:
        self.base_url = base_url
        self.runs: list[tuple[str, str]] = []
        self.markup: list[tuple[str, list[str]]] = []
        self.blocked: list[tuple[str, str]] = []  # Content-Security-Policy violations (when enforced)
        self.pages = 0
        self.context = browser.new_context(bypass_csp=bypass_csp, viewport={"width": 1024, "height": 800})
        self.context.expose_binding(
            "__xssReport", lambda source, n: self.runs.append((source["frame"].url, n))
        )
        self.context.add_init_script(HOOK)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.blocked.append((self.page.url, message.text))

    def _dialog(self, dialog) -> None:
        self.runs.append((self.page.url, f"dialog: {dialog.message}"))
        dialog.dismiss()

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + path, wait_until="load")
        self.check()

    def check(self) -> None:
        self.pages += 1
        found = self.page.evaluate(SCAN, MARKER)
        if found:
            self.markup.append((self.page.url, found))


def test_no_payload_runs_on_any_page(live_server, browser, injected):
    """Check that no payload runs, and none becomes markup, on any page, for a participant and for a
    superuser, including vote cards swapped in by htmx."""
    everything, singles, session = injected
    participant = Watch(browser, live_server.url)
    staff = Watch(browser, live_server.url)
    staff.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    viewer = {"name": "assembly_p_xall", "value": everything["token"], "url": f"{live_server.url}/c/xall/"}
    participant.context.add_cookies([viewer])
    for path in ALL_PARTICIPANT_PAGES:
        participant.open(path)
    participant.open("/c/xall/")
    for _vote in range(5):
        with participant.page.expect_response(lambda r: r.url.endswith("/vote/")):
            participant.page.locator('[data-vote="agree"]').click()
        participant.page.wait_for_load_state("load")
        participant.check()
    for path in ALL_STAFF_PAGES:
        staff.open(path.format(**everything))
    for n, pk in enumerate(singles):
        for path in ONE_PARTICIPANT_PAGES:
            participant.open(path.format(slug=f"x{n}"))
        for path in ONE_STAFF_PAGES:
            staff.open(path.format(slug=f"x{n}", pk=pk))
    assert participant.runs + staff.runs == []
    assert sorted({(url.split("/", 3)[-1], tuple(f)) for url, f in participant.markup + staff.markup}) == []
    assert participant.pages + staff.pages == (
        len(ALL_PARTICIPANT_PAGES) + 6 + len(ALL_STAFF_PAGES) + len(PAYLOADS) * 5
    )
    # The same pages with the policy enforced: nothing of ours (or of Django's admin) is blocked.
    enforced = Watch(browser, live_server.url, bypass_csp=False)
    enforced.context.add_cookies([viewer, {"name": "sessionid", "value": session, "url": live_server.url}])
    for path in ALL_PARTICIPANT_PAGES[:10] + ALL_STAFF_PAGES:
        enforced.open(path.format(**everything))
    assert enforced.runs == [] and enforced.markup == []
    assert enforced.blocked == []
