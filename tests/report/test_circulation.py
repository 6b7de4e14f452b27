"""A report a curator can circulate (issue 14 item 10): compact by default with the full version on
request, a cover with the institution's name and logo, and every report text in the chosen language."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape

import pytest

from assembly.disclosure import INTERNAL, PUBLIC
from assembly.errors import InputError
from assembly.report.cover import MAX_LOGO_BYTES, read_logo
from assembly.report.figures import COMPACT_CHARTS_PER_CATEGORY, MAX_CHARTS_PER_CATEGORY, chart_limit
from assembly.report.language import chart_words, speaking
from assembly.report.render_html import render_html
from assembly.report.render_json import render_json
from assembly.report.render_markdown import render_markdown
from tests.report.consultation import report_from_json

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'


@pytest.fixture
def three_consensus(dataset, analysis, positions, thresholds):
    """The small report with statements 0, 1 and 2 all placed in consensus (0 strongest)."""
    for statement in analysis["statements"][:3]:
        statement["flags"] = {"consensus": "clear"}
    return report_from_json(dataset, analysis, positions=positions, thresholds=thresholds)


def _category(html: str, key: str) -> str:
    start = html.index(f'id="category-{key}"')
    return html[start : html.index("<h3", start + 1)]


def test_the_compact_report_charts_the_strongest_and_sends_the_rest_to_the_appendix(three_consensus):
    """Check that the compact report charts the first statements of a category, names how many more
    there are and where, tables none of them under the category, and keeps all in the appendix."""
    html = render_html(three_consensus, charts_per_category=1)
    consensus = _category(html, "consensus")
    assert 'id="consensus-0"' in consensus and 'id="consensus-1"' not in consensus
    assert "2 more statements in this category: see the appendix." in consensus
    assert 'class="data statements"' not in consensus and "AI should never write" not in consensus
    appendix = html[html.index('id="statements"') :]
    for text in ("Museums should label", "AI should never write", "Heritage data should be open"):
        assert text in appendix


def test_the_full_report_tables_every_placed_statement_under_its_category(three_consensus):
    """Check that the full report lists the statements beyond the charts under the category itself."""
    consensus = _category(render_html(three_consensus, full=True, charts_per_category=1), "consensus")
    assert "2 more statements in “Consensus”, strongest first, without a chart" in consensus
    assert "AI should never write" in consensus and "Heritage data should be open" in consensus
    assert "see the appendix" not in consensus


def test_compact_is_the_default_and_charts_fewer_statements_than_full():
    """Check the two lengths' chart limits: a few in the compact report (the default), more in the full."""
    assert (
        chart_limit(full=False) == COMPACT_CHARTS_PER_CATEGORY < MAX_CHARTS_PER_CATEGORY == chart_limit(True)
    )


def test_markdown_is_compact_by_default_too(three_consensus):
    """Check that the Markdown report points to the appendix in the compact length and tables in full."""
    compact, _charts = render_markdown(three_consensus, charts_per_category=1)
    full, _charts = render_markdown(three_consensus, full=True, charts_per_category=1)
    assert "*2 more statements in this category: see the appendix.*" in compact
    assert "strongest first, without a chart" in full and "see the appendix" not in full


def test_the_compact_report_lists_a_few_unpublished_submissions_per_theme(
    dataset, analysis, positions, thresholds
):
    """Check that the compact report lists ten unpublished submissions of a theme and counts the rest,
    which the full report lists."""
    from dataclasses import replace

    from assembly.analysis.types import Moderation
    from assembly.dataset import Statement

    extra = [
        Statement(100 + i, f"Rejected idea number {i}.", moderation=Moderation.REJECTED, theme="Data")
        for i in range(12)
    ]
    dataset = replace(dataset, statements=[*dataset.statements, *extra])
    report = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds)
    compact, full = render_html(report), render_html(report, full=True)
    listed = len(re.findall(r"Rejected idea number \d+", compact))
    assert listed < 12 and f"{13 - 10} more submitted statements were not published" in compact
    assert len(re.findall(r"Rejected idea number \d+", full)) == 12
    assert "the full report lists them" not in full


def test_the_cover_names_the_institution_and_embeds_its_logo(dataset, analysis, positions, thresholds):
    """Check that the institution's name and logo are on the cover, before the title, the logo as a
    data: address (the report loads nothing), and that the JSON keeps the name but not the image."""
    report = report_from_json(
        dataset,
        analysis,
        positions=positions,
        thresholds=thresholds,
        institution="  Ville  de Lyon ",
        logo=PNG,
    )
    html = render_html(report)
    cover = html[html.index('<div class="cover">') : html.index("<h1>")]
    assert "<span>Ville de Lyon</span>" in cover
    assert (
        '<img class="logo" src="data:image/png;base64,iVBORw0KGgo' in cover and 'alt="Ville de Lyon"' in cover
    )
    document = json.loads(render_json(report))["report"]
    assert document["institution"] == "Ville de Lyon" and "logo" not in document


def test_without_institution_the_cover_has_no_institution_line(report):
    """Check that a report built without an institution prints no empty institution line or image."""
    html = render_html(report)
    assert 'class="institution"' not in html and "<img" not in html


@pytest.mark.parametrize(
    ("data", "media_type"),
    [(PNG, "image/png"), (b"\xff\xd8\xff\xe0" + b"0" * 8, "image/jpeg"), (SVG, "image/svg+xml")],
)
def test_a_logo_is_recognised_by_its_bytes(data, media_type, tmp_path):
    """Check that PNG, JPEG and SVG logos are read from bytes and from files, by content not by name."""
    path = tmp_path / "logo.bin"
    path.write_bytes(data)
    assert read_logo(data).media_type == media_type
    assert read_logo(path).media_type == media_type


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the logo is empty"),
        (b"%PDF-1.7 not an image", "not a PNG, JPEG, GIF or SVG image"),
        (PNG + b"\x00" * MAX_LOGO_BYTES, "at most 2,000,000 are embedded"),
    ],
)
def test_a_bad_logo_is_refused_naming_the_file(data, message, tmp_path):
    """Check that an empty, unknown or oversized logo is an InputError naming the file and the problem."""
    path = tmp_path / "logo.png"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as caught:
        read_logo(path)
    assert str(path) in str(caught.value)
    with pytest.raises(InputError, match="cannot read the logo"):
        read_logo(tmp_path / "missing.png")


@pytest.mark.parametrize(
    ("language", "heading", "appendix"),
    [
        ("fr", "Chiffres clés", "Annexe : toutes les propositions publiées"),
        ("de", "Kennzahlen", "Anhang: alle veröffentlichten Aussagen"),
        ("nl", "Kerncijfers", "Bijlage: alle gepubliceerde stellingen"),
    ],
)
def test_the_report_is_written_in_the_chosen_language(
    dataset, analysis, positions, thresholds, language, heading, appendix
):
    """Check that a report built and rendered in a language says so in lang= and speaks it: headings,
    the sentences of wording.py (with numbers filled in) and the category badges."""
    with speaking(language):
        report = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds)
        html = render_html(report)
    assert report.language == language
    assert f'<html lang="{language}">' in html
    assert f"1. {heading}</h2>" in html and f">{appendix}</h2>" in html
    assert "Headline figures" not in html and "Appendix: all published statements" not in html


def test_french_sentences_fill_in_their_numbers(dataset, analysis, positions, thresholds):
    """Check a translated sentence with numbers and a plural: the moderation summary and the group size."""
    with speaking("fr"):
        html = render_html(report_from_json(dataset, analysis, positions=positions, thresholds=thresholds))
    assert "6 propositions ont été soumises : 4 acceptées, 1 rejetées et 1 non modérées." in html
    assert "4 participants, 44 % des personnes placées dans des groupes." in html


def test_english_is_the_default_and_the_language_ends_with_its_block(
    dataset, analysis, positions, thresholds
):
    """Check that outside speaking() the report is English, also right after a French block."""
    with speaking("de"):
        pass
    html = render_html(report_from_json(dataset, analysis, positions=positions, thresholds=thresholds))
    assert '<html lang="en">' in html and "1. Headline figures</h2>" in html


def test_an_unknown_language_is_refused_naming_the_choices():
    """Check that a language without a catalogue is an InputError listing the report's languages."""
    with pytest.raises(InputError, match="not written in 'ja': choose one of en, .*fr, .*nl"):
        with speaking("ja"):
            pass


def test_the_report_library_still_imports_no_django():
    """Check that building and rendering a translated report loads no Django module (the report
    library reads the catalogues with Python's gettext)."""
    code = (
        "import sys\n"
        "from tests.report.consultation import ANALYSIS, POSITIONS, THRESHOLDS, make_dataset\n"
        "from tests.report.consultation import report_from_json\n"
        "from assembly.report import render_html\n"
        "from assembly.report.language import speaking\n"
        "with speaking('nl'):\n"
        "    report = report_from_json(\n"
        "        make_dataset(), ANALYSIS, positions=POSITIONS, thresholds=THRESHOLDS\n"
        "    )\n"
        "    html = render_html(report)\n"
        "assert 'Kerncijfers' in html\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_categories_and_shares_are_written_in_the_chosen_language(dataset, analysis, positions, thresholds):
    """Check that category titles and rules, the shares' notation, the interval's name and the default
    group labels follow the language."""
    with speaking("fr"):
        report = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds)
        html = unescape(render_html(report))
    friction = next(c for c in report.categories if c.key == "friction")
    assert friction.title == "Friction entre groupes d'opinion"
    assert report.categories[0].rule == "Propositions où au moins 60% de tous les votes sont d'accord."
    assert "(33 % d'accord, 11 % pas d'accord, 56 % passe)" in html
    assert "intervalle à 95 %" in html and "Groupe A" in html


def test_the_markdown_report_is_written_in_the_chosen_language(dataset, analysis, positions, thresholds):
    """Check that the Markdown report's headings and table headers follow the language too."""
    with speaking("de"):
        text, _charts = render_markdown(
            report_from_json(dataset, analysis, positions=positions, thresholds=thresholds)
        )
    assert "## 1. Kennzahlen" in text and "| Kennzahl | Wert |" in text
    assert "## Anhang: alle veröffentlichten Aussagen" in text and "Headline figures" not in text


# English sentences of the Method section (method.py), the category evidence (sections.py) and the charts'
# words (charts/words.py, figures.py), each of which the small report prints in English.
ENGLISH_PHRASES = (
    "Every participant's latest vote on each statement counts",
    "To find opinion groups, the votes are turned into a map.",
    "Representative statements are the ones on which a group voted most differently",
    "use the thresholds below.",
    "Friction is clear when two things hold",
    "How many statements are tested changes what a flag means",
    "The participants chose to take part",
    "A participant is placed in an opinion group once they have voted",
    "of all votes on the statement agree.",
    "Wilson score interval",
    "Friction, smallest groups",
    "which reaches below the",
    "points apart on groups formed without this statement",
    "adjusted interval",
    "Share of agree, disagree and pass votes.",
    "first principal component",
    "second principal component",
    "Each mark is one participant",
    "Opinion map of",
    "All participants",
    "Not placed in a group",
    "Opinion map: ",
    "Meta statements describe the participants",
)
# Printed by the Markdown report only (the HTML words its heading otherwise).
MARKDOWN_PHRASES = ("cannot be confirmed with these votes",)


def _html_and_markdown(dataset, analysis, positions, thresholds, language: str) -> tuple[str, str]:
    """The HTML report and the Markdown report with its charts' SVG files, as text a reader sees."""
    with speaking(language):
        report = report_from_json(dataset, analysis, positions=positions, thresholds=thresholds)
        html = unescape(render_html(report))
        text, charts = render_markdown(report)
    return html, unescape(text + "".join(charts.values()))


def test_the_english_report_prints_every_phrase_the_translation_test_looks_for(
    dataset, analysis, positions, thresholds
):
    """Check the list below against the English report, so that its absence elsewhere means translated."""
    html, markdown = _html_and_markdown(dataset, analysis, positions, thresholds, "en")
    assert [p for p in ENGLISH_PHRASES if p not in html] == []
    method_and_evidence = [p for p in ENGLISH_PHRASES[:14] if p != "Friction, smallest groups"]
    in_markdown = [*method_and_evidence, "All participants", "Opinion map: ", *MARKDOWN_PHRASES]
    assert [p for p in in_markdown if p not in markdown] == []


@pytest.mark.parametrize("language", ["fr", "de", "nl"])
def test_method_evidence_and_charts_are_written_in_the_chosen_language(
    dataset, analysis, positions, thresholds, language
):
    """Check that no English sentence of the Method section, the category evidence or the charts is
    left in a French, German or Dutch report, HTML or Markdown."""
    html, markdown = _html_and_markdown(dataset, analysis, positions, thresholds, language)
    assert [p for p in ENGLISH_PHRASES if p in html] == []
    assert [p for p in ENGLISH_PHRASES + MARKDOWN_PHRASES if p in markdown] == []


def test_french_method_evidence_and_charts_read_as_french(dataset, analysis, positions, thresholds):
    """Check a few translated sentences with their numbers filled in: a rule, an evidence line, the
    chart's words and the map's title."""
    html, markdown = _html_and_markdown(dataset, analysis, positions, thresholds, "fr")
    assert "au moins 60% de tous les votes sur la proposition sont d'accord." in html
    assert "écart de soutien de 100 points sur des groupes formés sans cette proposition" in html
    assert "d'accord : intervalle à 95 % 60–98%, qui descend sous le seuil de 60%" in html
    assert "Part des votes « d'accord », « pas d'accord » et « passer »." in html
    assert "Carte des opinions : " in markdown and "Tous les participants" in markdown
    assert "**Non concluant** (consensus ne peut être confirmé avec ces votes):" in markdown


def test_the_german_charts_write_numbers_the_german_way(dataset, analysis, positions, thresholds):
    """Check the charts' number formats and nouns: German and French separators, as the web page
    writes them, and English unchanged outside speaking()."""
    with speaking("de"):
        words = chart_words()
        assert (words.integer(10242), words.decimal(-0.5), words.votes(1), words.votes(2)) == (
            "10.242",
            "-0,50",
            "1 Stimme",
            "2 Stimmen",
        )
    with speaking("fr"):
        assert chart_words().integer(10242) == "10\xa0242"
    assert chart_words().integer(10242) == "10,242" and chart_words().decimal(0.5) == "0.50"


@pytest.mark.parametrize(
    ("rule", "english", "german"),
    [
        (
            INTERNAL,
            "Internal report: the publication rule was lifted",
            "Interner Bericht: Die Veröffentlichungs",
        ),
        (
            PUBLIC,
            "Results are withheld: 10 participant(s) voted",
            "Die Ergebnisse werden zurückgehalten: Es haben 10",
        ),
    ],
)
def test_the_withheld_notices_are_written_in_the_chosen_language(
    dataset, analysis, positions, thresholds, rule, english, german
):
    """Check that the small-numbers rule's notices (assembly.disclosure) follow the report's language."""
    in_english = report_from_json(
        dataset, analysis, positions=positions, thresholds=thresholds, disclosure=rule
    )
    with speaking("de"):
        in_german = report_from_json(
            dataset, analysis, positions=positions, thresholds=thresholds, disclosure=rule
        )
        html = unescape(render_html(in_german))
    assert in_english.notices[0].startswith(english)
    assert in_german.notices[0].startswith(german) and german in html and english not in html
