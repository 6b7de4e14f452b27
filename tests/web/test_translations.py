"""Content in several languages (issue 15 items 2-4): translations are drafts until a person approves
them; participants then read the approved one in their language, marked as translated, with the
original; the review queue shows bad input and failing providers as errors and changes nothing; a
statement stays one column of the analysis whatever language its voters read it in."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from assembly.consultations import services, translations
from assembly.consultations.models import Statement, Translation
from assembly.moderation import services as moderation
from assembly.report.source import analyse_dataset
from assembly.results.reading import read_for_analysis
from tests.translation.servers import fake_server

GERMAN = "Museen sollten ihre Sammlungen offen zugänglich machen"
FRENCH = "Les musées devraient rendre leurs collections librement accessibles"
QUEUE = "/manage/heritage/moderation/translations/"
SAVE = QUEUE + "save/"


@pytest.fixture
def multilingual(db):
    """An open consultation in English offered in French and German too, without seed statements (so
    that the statement a test adds is the one on the vote card)."""
    return services.create_consultation(
        slug="heritage", title="AI in heritage", question="What should we do?", languages=["fr", "de"]
    )


def _german_statement(consultation) -> Statement:
    author = services.create_participant(consultation)[0]
    statement = services.submit_statement(author, text=GERMAN, language="de")
    moderation.accept_statements(consultation, [statement.number], actor=None)
    statement.refresh_from_db()
    return statement


def _item(consultation, statement):
    return translations.find_item(consultation, "statement", statement.pk, "text")


def _page(client, language):
    return client.get("/c/heritage/", HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_a_consultation_keeps_only_languages_of_the_site_and_names_an_unknown_one(multilingual):
    multilingual.languages = ["fr", "xx"]
    languages = "“xx”.*is not one of this site's languages: .*de, .*en, fr, .*nl, "
    with pytest.raises(ValidationError, match=languages):
        multilingual.full_clean()


def test_the_edit_form_saves_the_languages_and_refuses_an_unknown_code(staff_client, consultation):
    form = {
        "title": "AI in heritage",
        "question": "What should we do?",
        "guidelines": "Be kind.",
        "moderation_mode": "pre",
        "moderation_criteria": "Clear",
        "source_language": "en",
        "languages": ["fr", "de"],
    }
    assert staff_client.post("/manage/heritage/edit/", form).status_code == 302
    consultation.refresh_from_db()
    assert consultation.all_languages[0] == "en"  # the source language first
    assert sorted(consultation.all_languages[1:]) == ["de", "fr"]
    refused = staff_client.post("/manage/heritage/edit/", {**form, "languages": ["fr", "xx"]})
    assert refused.status_code == 400 and "xx is not one of the available choices" in refused.content.decode()
    consultation.refresh_from_db()
    assert sorted(consultation.languages) == ["de", "fr"]


def test_a_draft_changes_nothing_participants_see_until_a_person_approves_it(client, staff, multilingual):
    statement = _german_statement(multilingual)
    item = _item(multilingual, statement)
    translations.save(multilingual, item, "fr", FRENCH, user=staff)
    assert FRENCH not in _page(client, "fr") and GERMAN in _page(client, "fr")

    row = Translation.objects.get()
    translations.approve(row, user=staff)
    french = _page(client, "fr")
    assert FRENCH in french
    assert "Traduit (langue d’origine : Allemand), relu." in french
    assert GERMAN in french  # the original, behind "show the original"
    assert FRENCH not in _page(client, "nl")  # no Dutch translation: the original
    assert GERMAN in _page(client, "nl")


def test_a_corrected_original_outdates_its_approved_translation(client, staff, multilingual):
    statement = _german_statement(multilingual)
    translations.save(multilingual, _item(multilingual, statement), "fr", FRENCH, user=staff, approve_it=True)
    moderation.correct_statement(multilingual, statement.number, text=GERMAN + "!", actor=staff)
    assert FRENCH not in _page(client, "fr")


def test_staff_texts_have_a_version_per_language(client, staff, multilingual):
    item = translations.find_item(multilingual, "consultation", multilingual.pk, "question")
    translations.save(multilingual, item, "fr", "Que devrions-nous faire ?", user=staff, approve_it=True)
    assert "Que devrions-nous faire ?" in _page(client, "fr")
    assert "What should we do?" in _page(client, "de")


def test_the_queue_lists_texts_to_translate_with_their_provenance(staff_client, staff, multilingual):
    statement = _german_statement(multilingual)
    translations.save(multilingual, _item(multilingual, statement), "fr", FRENCH, user=staff)
    html = staff_client.get(QUEUE + "?language=fr").content.decode()
    assert GERMAN in html and FRENCH in html and "Draft, awaiting review" in html
    assert "What should we do?" in html  # the question, a staff text
    assert "Written by a person" in html and "by mod" in html


def test_approving_from_the_queue_records_who_and_when(staff_client, staff, multilingual):
    statement = _german_statement(multilingual)
    post = {"kind": "statement", "object_id": statement.pk, "field": "text", "language": "fr"}
    response = staff_client.post(SAVE, {**post, "text": FRENCH, "action": "approve"})
    assert response.status_code == 302
    row = Translation.objects.get()
    assert (row.text, row.status, row.origin, row.approved_by, row.source_language) == (
        FRENCH,
        "approved",
        "human",
        staff,
        "de",
    )
    assert row.approved_at is not None


@pytest.mark.parametrize(
    ("language", "text", "message"),
    [
        ("xx", FRENCH, "“xx” (translation language) is not one of this site&#x27;s languages"),
        ("nl", FRENCH, "“nl” is not one of this consultation&#x27;s languages (en, fr, de)"),
        ("fr", "x" * 141, "has 141 characters; at most 140 are allowed"),
        ("fr", "   ", "is empty"),
        ("de", FRENCH, "is written in “de” already"),
    ],
)
def test_bad_input_is_an_error_in_the_queue_and_changes_nothing(
    staff_client, multilingual, language, text, message
):
    statement = _german_statement(multilingual)
    post = {"kind": "statement", "object_id": statement.pk, "field": "text", "language": language}
    response = staff_client.post(SAVE, {**post, "text": text, "action": "approve"})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'role="alert"' in html
    assert not Translation.objects.exists()


def test_a_machine_draft_waits_for_review(client, staff_client, settings, multilingual):
    statement = _german_statement(multilingual)
    post = {"kind": "statement", "object_id": statement.pk, "field": "text", "language": "fr"}
    with fake_server("libretranslate") as server:
        settings.ASSEMBLY_TRANSLATION_PROVIDER, settings.ASSEMBLY_TRANSLATION_URL = (
            "libretranslate",
            server.url,
        )
        assert staff_client.post(SAVE, {**post, "action": "machine"}).status_code == 302
    row = Translation.objects.get()
    assert (row.text, row.status, row.origin, row.provider) == (FRENCH, "draft", "machine", "libretranslate")
    assert FRENCH not in _page(client, "fr")
    staff_client.post(SAVE, {**post, "text": row.text, "action": "approve"})
    row.refresh_from_db()
    assert (row.status, row.origin, row.provider) == ("approved", "machine", "libretranslate")
    assert FRENCH in _page(client, "fr")


def test_machine_translating_every_missing_text_makes_drafts_only(staff_client, settings, multilingual):
    _german_statement(multilingual)
    with fake_server("deepl") as server:
        settings.ASSEMBLY_TRANSLATION_PROVIDER, settings.ASSEMBLY_TRANSLATION_URL = "deepl", server.url
        settings.ASSEMBLY_TRANSLATION_API_KEY = "k"
        staff_client.post(SAVE, {"language": "fr", "action": "machine_all"})
    rows = Translation.objects.filter(language="fr")
    # title, question, guidelines, the default criteria and the German statement
    assert rows.count() == len(translations.items(multilingual))
    assert set(rows.values_list("status", flat=True)) == {"draft"}
    assert rows.get(kind="statement", field="text", source_language="de").text == FRENCH


@pytest.mark.parametrize(
    ("status", "raw", "message"), [(503, None, "HTTP 503"), (200, b"garbage", "did not answer with JSON")]
)
def test_a_provider_down_or_answering_garbage_is_an_error_in_the_queue(
    staff_client, settings, multilingual, status, raw, message
):
    statement = _german_statement(multilingual)
    post = {
        "kind": "statement",
        "object_id": statement.pk,
        "field": "text",
        "language": "fr",
        "action": "machine",
    }
    with fake_server("libretranslate") as server:
        server.status, server.raw = status, raw
        settings.ASSEMBLY_TRANSLATION_PROVIDER, settings.ASSEMBLY_TRANSLATION_URL = (
            "libretranslate",
            server.url,
        )
        response = staff_client.post(SAVE, post)
    assert response.status_code == 400
    assert "Machine translation of Statement #0 failed" in response.content.decode()
    assert message in response.content.decode()
    assert not Translation.objects.exists()


def test_an_unknown_provider_setting_is_shown_in_the_queue(staff_client, settings, multilingual):
    settings.ASSEMBLY_TRANSLATION_PROVIDER = "google"
    html = staff_client.get(QUEUE).content.decode()
    assert "unknown translation provider &#x27;google&#x27;" in html


def test_a_participant_confirms_the_detected_language_of_their_statement(client, multilingual):
    form = {"text": GERMAN, "language": "fr", "action": "submit"}
    first = client.post("/c/heritage/submit/", form, HTTP_ACCEPT_LANGUAGE="fr")
    assert first.status_code == 200 and 'name="language_checked"' in first.content.decode()
    assert not Statement.objects.filter(text=GERMAN).exists()
    assert '<option value="de" selected>' in first.content.decode()
    client.post(
        "/c/heritage/submit/", {**form, "language": "de", "language_checked": "1"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert Statement.objects.get(text=GERMAN).written_in == "de"


def test_a_one_language_consultation_asks_no_language(client, consultation):
    assert 'id="id_language"' not in client.get("/c/heritage/submit/").content.decode()
    client.post("/c/heritage/submit/", {"text": GERMAN, "action": "submit"})
    assert Statement.objects.get(text=GERMAN).written_in == "en"


def test_votes_read_in_different_languages_count_in_one_column(staff, multilingual):
    """Issue 15 item 4: a German and a French participant vote on the statement, each reading it in
    their language; the analysis has one statement with both votes."""
    statement = _german_statement(multilingual)
    translations.save(multilingual, _item(multilingual, statement), "fr", FRENCH, user=staff, approve_it=True)
    french = services.create_participant(multilingual)[0]
    services.cast_vote(french, statement_number=statement.number, value=-1)
    dataset, _last = read_for_analysis(multilingual)
    assert [s.id for s in dataset.statements].count(statement.number) == 1
    document = analyse_dataset(dataset, measure_compute=False).document
    [entry] = [s for s in document.statements if s.id == statement.number]
    # the author's own agree, the French disagree
    assert (entry.counts.agree, entry.counts.disagree) == (1, 1)


def test_the_export_keeps_originals_and_carries_translations_beside_them(staff_client, staff, multilingual):
    statement = _german_statement(multilingual)
    translations.save(multilingual, _item(multilingual, statement), "fr", FRENCH, user=staff, approve_it=True)
    archive = zipfile.ZipFile(io.BytesIO(staff_client.get("/manage/heritage/export/").content))
    comments = archive.read("heritage/comments.csv").decode()
    assert GERMAN in comments and FRENCH not in comments
    rows = list(csv.DictReader(io.StringIO(archive.read("heritage/translations.csv").decode())))
    assert rows == [
        {
            "kind": "statement",
            "id": str(statement.number),
            "field": "text",
            "source-language": "de",
            "language": "fr",
            "text": FRENCH,
            "status": "approved",
            "origin": "human",
            "provider": "",
            "approved-at": Translation.objects.get().approved_at.isoformat(),
            "approved-by": "mod",
        }
    ]


def test_the_api_reads_and_sets_the_languages_and_refuses_an_unknown_code(staff_client, multilingual):
    from tests.web.api_client import Api, error

    api = Api(staff_client)
    assert api.get("/consultations/heritage").json()["languages"] == ["fr", "de"]
    assert api.patch("/consultations/heritage", {"languages": ["nl"]}).status_code == 200
    multilingual.refresh_from_db()
    assert multilingual.all_languages == ["en", "nl"]
    body = error(api.patch("/consultations/heritage", {"languages": ["xx"]}), 400)
    # the schema names the entry and the codes it takes
    assert body["field"] == "languages.0" and "'fr'" in body["message"] and "'sv'" in body["message"]
    multilingual.refresh_from_db()
    assert multilingual.languages == ["nl"]


def test_erasing_ones_data_erases_the_translations_of_ones_unpublished_statements(staff, multilingual):
    from assembly.consultations.privacy import erase_participant

    author = services.create_participant(multilingual)[0]
    pending = services.submit_statement(author, text=GERMAN, language="de")
    item = _item(multilingual, pending)
    translations.save(multilingual, item, "fr", FRENCH, user=staff)
    erase_participant(author)
    assert not Translation.objects.filter(text=FRENCH).exists()
