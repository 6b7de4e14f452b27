"""The report's HTML, Markdown and SVG charts keep every script-injection payload as text (issue 5,
item 6): statements (published and unpublished), title, description, themes, group names, moderation
reasons and notes, and the export's source address.

The Markdown is rendered with a CommonMark renderer that lets raw HTML through (the worst viewer), so
an escaping gap would show as markup. The browser test (test_script_injection.py) opens the HTML
report as the platform serves it; these checks need no browser.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from assembly.consultations import services
from assembly.consultations.datasets import export_dataset
from assembly.moderation import services as moderation
from assembly.results.report import moderation_records
from tests.security.xss_payloads import PAYLOADS

# Elements and attributes that would make a report run code, or load it.
ACTIVE_ELEMENTS = {"script", "iframe", "object", "embed", "base", "frame", "applet", "form", "marquee"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}
CODE_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)
# What the charts are drawn with (assembly.charts); anything else in an SVG came from a text.
SVG_ELEMENTS = {
    "svg",
    "title",
    "desc",
    "defs",
    "g",
    "rect",
    "circle",
    "path",
    "line",
    "text",
    "tspan",
    "pattern",
}


class ActiveMarkup(HTMLParser):
    """Collects active markup, and the text, of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_ELEMENTS or (tag == "meta" and any(n == "http-equiv" for n, _ in attrs)):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name.startswith(("hx-", "data-hx-")) or name == "style":
                self.found.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value and CODE_URL.match(value):
                self.found.append(f"{tag}[{name}={value}]")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def active_markup(html: str) -> tuple[list[str], str]:
    parser = ActiveMarkup()
    parser.feed(html)
    return parser.found, " ".join(" ".join(parser.text).split())


@pytest.fixture
def report(db, staff):
    """The report of a consultation with every payload as a statement (and a theme); unpublished
    submissions rejected with payloads as criterion and note; payloads as title, description, group
    names; a code URL as the source address."""
    from assembly.report.source import report_from_dataset

    payloads = [p.strip() for p in PAYLOADS]
    consultation = services.create_consultation(
        slug="report",
        title=payloads[0],
        question="Which payload runs?",
        description=payloads[14],
        moderation_criteria=payloads,
    )
    themes = services.set_themes(consultation, payloads)
    for payload, theme in zip(payloads, themes, strict=True):
        services.add_seed_statements(consultation, texts=[payload], theme=theme)
    for camp in (1, -1):
        for _i in range(5):
            participant, _token = services.create_participant(consultation)
            for number in range(len(payloads)):
                services.cast_vote(participant, statement_number=number, value=camp if number % 2 else -camp)
    for payload in payloads[:20]:
        author, _token = services.create_participant(consultation)
        statement = services.submit_statement(author, text=f"{payload[:110]} (submitted)")
        moderation.reject_statements(
            consultation, [statement.number], actor=staff, reason=payload, note=payload
        )
    dataset = export_dataset(consultation)
    dataset.summary["url"] = "javascript:__xss(99)"
    built, _analysed = report_from_dataset(
        dataset,
        group_names={"0": payloads[4], "1": payloads[6]},
        moderation_log=moderation_records(consultation),
        measure_compute=False,
    )
    return built


def _visible(payload: str) -> str:
    return " ".join(payload.strip().split())


def test_html_report_keeps_payloads_as_text(report):
    """Check the HTML report: no active markup or code URL, the source link dropped, and every
    payload readable as text."""
    from assembly.report.render_html import render_html

    found, text = active_markup(render_html(report))
    assert found == []
    assert report.source_url is None
    missing = [p for p in PAYLOADS if _visible(p) not in text]
    assert missing == []


def test_markdown_report_keeps_payloads_as_text(report):
    """Check the Markdown report rendered by CommonMark with raw HTML allowed: no active markup, no
    link or image to a code URL, and every statement payload readable as text."""
    from markdown_it import MarkdownIt

    from assembly.report.render_markdown import render_markdown

    markdown, _charts = render_markdown(report)
    html = MarkdownIt("commonmark", {"html": True}).render(markdown)
    found, text = active_markup(html)
    assert found == []
    targets = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert targets and all(t.startswith(("charts/", "#", "https://")) for t in targets), targets
    missing = [p for p in PAYLOADS if _visible(p) not in text]
    assert missing == []


def test_svg_charts_keep_payloads_as_text(report):
    """Check every chart: well-formed SVG made of the charts' own elements only, no handler or link
    attribute, and the group names (payloads) inside <text> exactly as written."""
    from assembly.report.render_markdown import render_markdown

    _markdown, charts = render_markdown(report)
    texts: list[str] = []
    for path, svg in charts.items():
        root = ET.fromstring(svg)  # noqa: S314 (our own output)
        for element in root.iter():
            tag = element.tag.split("}")[-1]
            assert tag in SVG_ELEMENTS, (path, tag)
            assert not [a for a in element.attrib if a.split("}")[-1].startswith("on") or "href" in a], path
            if tag in ("text", "title", "desc") and element.text:
                texts.append(element.text)
    assert any(PAYLOADS[4].strip()[:60] in t for t in texts)
    assert any(PAYLOADS[6].strip()[:60] in t for t in texts)
