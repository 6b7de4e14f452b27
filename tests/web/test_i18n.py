"""Languages: pages in French, German and Dutch; consultation texts stay as written; in every interface
language (settings.LANGUAGES), every text of the package is translated, and the compiled catalogues say
what the .po files say.

Catalogues are updated with ``cd assembly && django-admin makemessages -l fr -l de ... --ignore='static/*'``
(DJANGO_SETTINGS_MODULE=assembly.config.settings.dev), filled with scripts/translations.py and compiled
(docs/translations.md)."""

from __future__ import annotations

import ast
import gettext
import io
import re
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation.template import templatize

from assembly.accounts import lockout
from assembly.consultations import services
from assembly.ratelimit import limits
from assembly.results import snapshots
from tests.web.results_data import two_camps

PACKAGE = Path(__file__).resolve().parents[2] / "assembly"
LOCALE = PACKAGE / "locale"
# Every interface language but English, the source (settings.LANGUAGES: the 24 official EU languages).
LANGUAGES = tuple(code for code, _ in settings.LANGUAGES if code != "en")
# Package folders makemessages is not run on: static files (no Django templates), the catalogues themselves.
NOT_SCANNED = ("static", "locale")
# The functions makemessages (xgettext) takes texts from: name -> (context, singular, plural) argument
# positions, None where there is none (xgettext's Python defaults plus the keywords Django adds).
KEYWORDS: dict[str, tuple[int | None, int, int | None]] = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
# Tokens that carry no code.
LAYOUT = {tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT}


@pytest.mark.parametrize(
    ("language", "agree", "disagree"),
    [("fr", "D'accord", "Pas d'accord"), ("de", "Zustimmen", "Ablehnen"), ("nl", "Eens", "Oneens")],
)
def test_participant_page_speaks_the_browsers_language(client, consultation, language, agree, disagree):
    """Check that Accept-Language picks the interface language, while the consultation's texts
    stay as written."""
    html = client.get("/c/heritage/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}">' in html
    assert agree in html and disagree in html
    assert "What should we do?" in html  # the question is the consultation's own text: never translated


def test_submission_help_is_in_the_requests_language(client, consultation):
    """Check that the submission box's help text ("One stand-alone idea, ...") follows the language of each
    request: it was formatted, and so translated, once when the module loaded."""
    french = client.get("/c/heritage/submit/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    german = client.get("/c/heritage/submit/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Une idée autonome, 140 caractères au maximum." in unescape(french)
    assert "Ein eigenständiger Gedanke, höchstens 140 Zeichen." in unescape(german)


def test_language_switcher_sets_the_language(client, consultation):
    """Check that choosing Nederlands in the switcher shows the next page in Dutch."""
    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/c/heritage/"})
    assert response.status_code == 302
    assert "3 stellingen" in client.get("/c/heritage/").content.decode()


def test_embed_takes_the_language_from_the_link(client, consultation):
    """Check that an embed link with ?lang=de is in German (iframes cannot use the switcher's cookie)."""
    html = client.get("/c/heritage/embed/?lang=de").content.decode()
    assert "Zustimmen" in html and "In neuem Tab öffnen" in html


def test_moderation_queue_in_german(staff_client, consultation):
    """Check that the moderation queue is translated (German)."""
    author = services.create_participant(consultation)[0]
    services.submit_statement(author, text="Ein Vorschlag")
    html = staff_client.get("/manage/heritage/moderation/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Moderationswarteschlange" in html and "Annehmen" in html and "Ablehnen" in html


def test_errors_are_translated(client, consultation):
    """Check that a refused vote's message comes in the participant's language."""
    services.close_consultation(consultation)
    response = client.post(
        "/c/heritage/vote/", {"statement": 0, "value": 1}, HTTP_ACCEPT_LANGUAGE="fr", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert "Cette consultation n&#x27;est pas ouverte" in response.content.decode()


def test_results_page_in_german(staff_client, consultation):
    """Check that the results page's headings, group sizes, categories and table are in German, and the
    statements stay as written."""
    two_camps(consultation)
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "done"
    html = staff_client.get("/c/heritage/results/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    for text in (
        "Ergebnisse: AI in heritage",
        "Meinungskarte",
        "Meinungsgruppen",
        "10 Teilnehmende (50 % der Eingeordneten)",  # each camp is one group of 10 out of 20 placed
        "Gruppe A",
        "Aussagen nach Kategorie",
        "Reibung zwischen Meinungsgruppen",  # one title for the page and the report (the vocabulary)
        "Alle Aussagen",
        "Meinungsgruppen benennen",
        "Seed three",
    ):
        assert text in html, text


# English words the charts print (legend, description, axes, table): none may be left on a translated page.
CHART_ENGLISH = re.compile(
    r"\b(agree|disagree|pass|no votes|votes?|participants?|principal component|share of|opinion map|"
    r"each mark|centred|who|group|centre [xy])\b",
    re.IGNORECASE,
)


def _chart_texts(html: str) -> list[str]:
    """The text of every chart of a page: its SVG (title, description, labels) and its data table."""
    charts = re.findall(r"<svg\b.*?</svg>|<table\b[^>]*\bid=\"[^\"]*-table\".*?</table>", html, re.DOTALL)
    return [unescape(" ".join(re.sub(r"<[^>]+>", " ", chart).split())) for chart in charts]


def test_results_page_charts_in_german(staff_client, consultation):
    """Check that the results page's charts (the opinion map and the statements' bars) speak German in
    their SVG, their description and their data table, and that no English chart word is left."""
    two_camps(consultation)
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "done"
    html = staff_client.get("/c/heritage/results/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    charts = _chart_texts(html)
    assert len(charts) >= 4  # the map and at least one statement's bars, each an SVG and a table
    text = "\n".join(charts)
    for german in (
        "Meinungskarte: 20 Teilnehmende in 2 Meinungsgruppen.",  # the map's description
        "Gruppe A: 10 Teilnehmende, Mittelpunkt bei (-2,45; 0,00).",
        "erste Hauptkomponente →",
        "Gruppe Teilnehmende Mittelpunkt x Mittelpunkt y Gruppe A 10 -2,45 0,00",  # the map's table
        "Anteil der Stimmen „zustimmen“, „ablehnen“ und „überspringen“.",  # the bars' description
        "Alle Teilnehmenden: 50 % zustimmen, 50 % ablehnen, 0 % überspringen (20 Stimmen).",
        "zustimmen ablehnen überspringen",  # the bars' legend
        "n = 20",
        "Stimmen zu: Seed zero",  # the bars' table: caption, headings, a row
        "Wer Zustimmen Ablehnen Überspringen Stimmen Zustimmen, 95-%-Intervall",
        "Gruppe B 100 % (10) 0 % (0) 0 % (0) 10 72–100 %",
    ):
        assert german in text, german
    assert [m.group(0) for m in CHART_ENGLISH.finditer(text)] == []


def test_account_security_in_french(staff_client):
    """Check that the staff account's security page (second factor) is in French."""
    html = staff_client.get("/accounts/security/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Sécurité du compte" in html and "Authentification à deux facteurs" in html


def test_login_lockout_in_french(client, db):
    """Check that a locked account is told the wait in French."""
    get_user_model().objects.create_user("ana", password="right password", is_staff=True)
    for _ in range(lockout.MAX_FAILURES):
        client.post("/accounts/login/", {"username": "ana", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="fr")
    response = client.post(
        "/accounts/login/", {"username": "ana", "password": "right password"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert "Trop de connexions échouées. Réessayez dans" in response.content.decode()


def test_own_data_page_in_dutch(client, consultation):
    """Check that a participant's data page (download, erase) is in Dutch."""
    client.post("/c/heritage/vote/", {"statement": 0, "value": 1})
    html = client.get("/c/heritage/my-data/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Uw gegevens" in html and "Mijn gegevens wissen" in html


def test_rate_limit_in_french(client, consultation, settings, monkeypatch):
    """Check that a vote over the rate limit is refused in French, with the wait in French."""
    settings.RATE_LIMIT_VOTES_PER_MINUTE = 1
    monkeypatch.setattr(limits, "clock", lambda: 1_000_000_030.4)  # 10.4 s into a minute: 50 s to wait
    client.post("/c/heritage/vote/", {"statement": 0, "value": 1})
    response = client.post(
        "/c/heritage/vote/", {"statement": 1, "value": 1}, HTTP_ACCEPT_LANGUAGE="fr", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 429
    assert "Veuillez patienter 50 secondes, puis votez à nouveau." in response.content.decode()


def test_api_errors_in_dutch(client, db):
    """Check that the API's messages come in the caller's language."""
    response = client.get("/api/consultations/nowhere", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 404
    assert response.json()["message"] == "Deze consultatie bestaat niet."


@dataclass(frozen=True)
class Message:
    """One translatable text: its context, its English singular and plural (None when not plural)."""

    context: str | None
    msgid: str
    plural: str | None


@dataclass
class Entry:
    """One .po entry: where the text is used, its translation(s) and whether it is marked fuzzy."""

    refs: str = ""
    fuzzy: bool = False
    fields: dict[str, str] = field(default_factory=dict)  # msgctxt, msgid, msgid_plural, msgstr, msgstr[0]...

    @property
    def message(self) -> Message:
        get = self.fields.get
        return Message(get("msgctxt"), get("msgid", ""), get("msgid_plural"))

    @property
    def translations(self) -> list[str]:
        return [text for key, text in sorted(self.fields.items()) if key.startswith("msgstr")]


def _po_entries(po: Path) -> Iterator[Entry]:
    """The live entries of a .po file, the header and obsolete (#~) entries left out."""
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        entry, key = Entry(), ""
        for line in block.splitlines():
            if line.startswith("#: "):
                entry.refs += " " + line[3:]
            elif line.startswith("#,"):
                entry.fuzzy = entry.fuzzy or "fuzzy" in line
            elif line.startswith('"'):
                entry.fields[key] += ast.literal_eval(line)
            elif not line.startswith("#") and " " in line:
                key, text = line.split(" ", 1)
                entry.fields[key] = ast.literal_eval(text)
        if entry.fields.get("msgid"):
            yield entry


def _messages_in_tokens(tokens: Iterable[tokenize.TokenInfo]) -> Iterator[tuple[int, Message]]:
    """(line, message) of each call to a translation function whose texts are string literals."""
    code = [t for t in tokens if t.type not in LAYOUT]
    for i, token in enumerate(code[:-1]):
        called = token.type == tokenize.NAME and code[i + 1].string == "("
        if not called or token.string not in KEYWORDS or (i and code[i - 1].string == "def"):
            continue
        args, depth = [[]], 0
        for t in code[i + 2 :]:
            if depth == 0 and t.string in (",", ")"):
                if t.string == ")":
                    break
                args.append([])
                continue
            depth += (t.string in "([{") - (t.string in ")]}") if t.type == tokenize.OP else 0
            args[-1].append(t)
        texts = [_literal(arg) for arg in args]
        context, singular, plural = (
            None if k is None or k >= len(texts) else texts[k] for k in KEYWORDS[token.string]
        )
        if singular is not None:
            yield token.start[0], Message(context, singular, plural)


def _literal(arg: list[tokenize.TokenInfo]) -> str | None:
    """The text of an argument made of string literals only (not f-strings), else None."""
    prefixes = [t.string.split(t.string[-1])[0].lower() for t in arg]  # r, b, f...: before the quote
    literal = all(t.type == tokenize.STRING for t in arg) and not any("f" in p for p in prefixes)
    return ast.literal_eval(" ".join(t.string for t in arg)) if arg and literal else None


def _source_messages() -> dict[Message, str]:
    """Every text the package marks for translation (Python and Django templates) -> where it is used."""
    found: dict[Message, str] = {}
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in NOT_SCANNED or path.suffix not in (".py", ".html", ".txt"):
            continue
        source = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            calls = _messages_in_tokens(tokenize.generate_tokens(io.StringIO(source).readline))
        else:  # what makemessages hands xgettext for a template: its calls on the lines of their tags
            lines = templatize(source, origin=str(path)).splitlines()
            calls = ((n, m) for n, line in enumerate(lines, 1) for _, m in _messages_in_tokens(_tokens(line)))
        for line, message in calls:
            found.setdefault(message, f"{relative}:{line}")
    return found


def _tokens(line: str) -> list[tokenize.TokenInfo]:
    """The tokens of one line of a templatized template (which is not Python as a whole)."""
    tokens: list[tokenize.TokenInfo] = []
    try:
        tokens.extend(tokenize.generate_tokens(io.StringIO(line.strip()).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # an unfinished line: the calls before the break are kept
    return tokens


def test_the_source_scan_finds_texts_of_python_files_and_templates():
    """Check that the scan behind the completeness test finds known texts of each kind: a model field,
    a template blocktranslate with a percent (doubled as makemessages writes it) and a plural one."""
    found = _source_messages()
    assert Message(None, "moderators", None) in found
    level = "The %(level)s%% interval reaches below the threshold, or too few votes."
    assert Message(None, level, None) in found
    plural = Message(
        None, "And %(more)s more statement: see the report.", "And %(more)s more statements: see the report."
    )
    assert found[plural].startswith("results/templates/results/_analysis.html:")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_interface_text_is_translated(language):
    """Check that every text the package marks for translation (every app, Python and templates) has
    a translation in the .po file, none of them fuzzy (a fuzzy entry is not compiled: English shows)."""
    entries = {entry.message: entry for entry in _po_entries(LOCALE / language / "LC_MESSAGES" / "django.po")}
    missing = [
        f"{where}: {message.msgid}"
        for message, where in _source_messages().items()
        if message not in entries or entries[message].fuzzy or not all(entries[message].translations)
    ]
    assert missing == [], "run makemessages, translate, then compilemessages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_mo_file_is_compiled_from_the_po_file(language):
    """Check that the compiled .mo file next to the .po file gives each of its translations (so a fresh
    clone needs no gettext, and an edited .po file was compiled)."""
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    stale = []
    for entry in _po_entries(folder / "django.po"):
        if entry.fuzzy or not all(entry.translations):
            continue
        m = entry.message
        key = f"{m.context}\x04{m.msgid}" if m.context else m.msgid  # how a .mo file stores a context
        if m.plural is None:
            shipped = [catalogue.pgettext(m.context, m.msgid) if m.context else catalogue.gettext(m.msgid)]
        else:  # each form read directly: some forms no small whole count picks (Spanish millions, fractions)
            forms = catalogue._catalog  # type: ignore[attr-defined]
            shipped = [forms.get((key, k)) for k in range(len(entry.translations))]
        if shipped != entry.translations:
            stale.append(m.msgid)
    assert stale == [], "run compilemessages"
