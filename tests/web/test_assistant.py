"""The optional assistant (issue 16 items 3-5): off by default; with an endpoint set, its drafts pass a
citation checker or are rejected with reasons; nothing is published until staff approve; every call's
tokens and time are recorded. The endpoint is a real local server speaking the chat-completions API."""

from __future__ import annotations

import html as htmllib
import socket

import pytest

from assembly.assistant import services
from assembly.assistant.models import Draft, ModelCall
from assembly.consultations import services as consultations
from assembly.results import snapshots
from tests.language_model.chat_server import chat_server
from tests.web.results_data import two_camps

PAGE = "/manage/heritage/assistant/"


@pytest.fixture
def chat():
    with chat_server() as server:
        yield server


@pytest.fixture
def themed(consultation):
    """Two camps on #0-#5; theme Access holds #6 (all 20 agree) and #7 (all 20 disagree), theme Pay #8
    (all agree). Analysed."""
    access, pay = consultations.set_themes(consultation, ["Access", "Pay"])
    camps = two_camps(consultation)
    consultations.add_seed_statements(
        consultation, texts=["Open the archives", "Charge for access"], theme=access
    )
    consultations.add_seed_statements(consultation, texts=["Pay the makers"], theme=pay)
    for participant in camps.a + camps.b:
        for number, value in ((6, 1), (7, -1), (8, 1)):
            consultations.cast_vote(participant, statement_number=number, value=value)
    assert snapshots.refresh_snapshot(consultation, owner="test").status == "done"
    return consultation


@pytest.fixture
def on(settings, chat):
    settings.ASSEMBLY_LLM_URL = chat.url
    settings.ASSEMBLY_LLM_MODEL = "local-model"
    settings.ASSEMBLY_LLM_TIMEOUT_SECONDS = 1
    return chat


def access_theme(consultation):
    return consultation.themes.get(name="Access")


def ask(staff_client, kind, theme=None):
    data = {"kind": kind, "theme": theme.pk if theme else ""}
    return staff_client.post(PAGE + "ask/", data, follow=True)


def test_the_assistant_is_off_by_default_and_sends_nothing(staff_client, themed, settings):
    settings.ASSEMBLY_LLM_URL = ""
    page = staff_client.get(PAGE).content.decode()
    assert "The assistant is off: no text is sent anywhere." in page
    assert 'name="kind"' not in page
    response = ask(staff_client, "takeaways")
    assert "The assistant is off" in response.content.decode()
    assert not ModelCall.objects.exists() and not Draft.objects.exists()


def test_the_page_says_where_text_is_sent(staff_client, themed, on):
    page = staff_client.get(PAGE).content.decode()
    assert f"{on.url}/chat/completions" in page and "local-model" in page


def test_a_faithful_draft_waits_for_approval_and_is_labelled_once_approved(staff_client, themed, on, staff):
    on.answer.content = (
        "Participants agree on opening the archives: 100% agree (#6). They reject charging (#7)."
    )
    ask(staff_client, "theme-summary", access_theme(themed))
    draft = Draft.objects.get()
    assert draft.status == Draft.Status.PENDING and draft.cited == [6, 7]
    prompt = on.requests[0]["body"]["messages"][1]["content"]
    assert "#6: Open the archives [agree 100%, disagree 0%, pass 0%, 20 votes" in prompt
    assert "Pay the makers" not in prompt  # another theme's statement is not in scope

    response = staff_client.post(f"{PAGE}{draft.pk}/", {"action": "approve", "text": draft.text}, follow=True)
    draft.refresh_from_db()
    assert draft.status == Draft.Status.APPROVED and draft.approved_by == staff and draft.approved_at
    html = response.content.decode()
    assert "Approved by mod" in html and draft.call.prompt_sha256[:12] in html and "canned-model-1" in html


@pytest.mark.parametrize(
    ("answer", "code", "detail"),
    [
        ("Participants agree on opening the archives: 87% agree (#6).", "unknown-number", "87"),
        ("Participants agree on opening the archives.", "no-citation", "cites no statement"),
        ("Participants want makers paid (#8).", "out-of-scope", "statement 8 is not in 'Access'"),
        ("Opening is agreed (#6). 3 of 4 museums object (#7).", "unknown-number", "3"),
    ],
    ids=["invented-number", "missing-citation", "wrong-citation", "invented-count"],
)
def test_unfaithful_drafts_are_rejected_with_the_reason_and_cannot_be_approved(
    staff_client, themed, on, answer, code, detail
):
    on.answer.content = answer
    response = ask(staff_client, "theme-summary", access_theme(themed))
    draft = Draft.objects.get()
    assert draft.status == Draft.Status.REJECTED
    assert code in [p["code"] for p in draft.problems]
    assert detail in htmllib.unescape(response.content.decode())
    assert "The checker rejected the draft" in response.content.decode()
    staff_client.post(f"{PAGE}{draft.pk}/", {"action": "approve", "text": draft.text})
    draft.refresh_from_db()
    assert draft.status == Draft.Status.REJECTED


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda chat, settings: setattr(chat.answer, "delay", 2.0), "did not answer within 1 s"),
        (lambda chat, settings: setattr(chat.answer, "raw", b"not json"), "not JSON"),
        (
            lambda chat, settings: setattr(
                settings, "ASSEMBLY_LLM_URL", f"http://127.0.0.1:{closed_port()}/v1"
            ),
            "cannot be reached",
        ),
    ],
    ids=["slow", "invalid-json", "down"],
)
def test_a_failing_endpoint_gives_staff_a_clear_message_and_changes_nothing(
    staff_client, themed, on, settings, setup, message
):
    setup(on, settings)
    response = ask(staff_client, "takeaways")
    html = response.content.decode()
    assert "The language model gave no draft" in html and message in html and "Nothing was changed" in html
    assert not Draft.objects.exists()
    call = ModelCall.objects.get()  # the failed call still counts in the footprint
    assert message in call.error


def test_staff_edits_are_checked_too(staff_client, themed, on):
    on.answer.content = "Opening the archives is agreed (#6)."
    ask(staff_client, "theme-summary", access_theme(themed))
    draft = Draft.objects.get()
    response = staff_client.post(
        f"{PAGE}{draft.pk}/",
        {"action": "approve", "text": "Opening is agreed (#6). Everyone loves it."},
        follow=True,
    )
    assert "Not approved: Sentence 2: cites no statement." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Draft.Status.PENDING


def test_an_approved_theme_name_renames_the_theme(staff_client, themed, on):
    on.answer.content = "Open archives (#6, #7)"
    ask(staff_client, "theme-name", access_theme(themed))
    draft = Draft.objects.get()
    staff_client.post(f"{PAGE}{draft.pk}/", {"action": "approve", "text": draft.text})
    assert list(themed.themes.values_list("name", flat=True)) == ["Open archives", "Pay"]


def test_a_new_approval_supersedes_the_last_for_the_same_place(staff_client, themed, on, staff):
    on.answer.content = "The archives should open (#6)."
    for _ in range(2):
        ask(staff_client, "takeaways")
    first, second = Draft.objects.order_by("pk")
    services.approve(first, actor=staff)
    services.approve(second, actor=staff)
    first.refresh_from_db()
    assert (first.status, second.status) == (Draft.Status.DISCARDED, Draft.Status.APPROVED)


def test_the_footprint_adds_every_call(staff_client, themed, on, settings):
    settings.ASSEMBLY_LLM_POWER_WATTS = 360
    on.answer.content = "The archives should open (#6)."
    ask(staff_client, "takeaways")
    on.answer.raw = b"garbage"
    ask(staff_client, "takeaways")
    total = services.footprint(themed)
    assert (total.calls, total.prompt_tokens, total.completion_tokens) == (2, 120, 30)
    calls = list(ModelCall.objects.values_list("seconds", flat=True))
    assert total.seconds == pytest.approx(sum(calls))
    assert total.energy_wh == pytest.approx(sum(calls) * 360 / 3600)
    assert (
        "2 calls to the language model: 120 prompt tokens, 30 completion tokens"
        in staff_client.get(PAGE).content.decode()
    )


def test_participants_and_other_moderators_cannot_use_it(client, themed, on):
    assert client.get(PAGE).status_code in (302, 403)
    assert client.post(PAGE + "ask/", {"kind": "takeaways"}).status_code in (302, 403)
    assert not on.requests


def test_approved_text_is_labelled_on_the_results_page_and_in_the_report(staff_client, themed, on, staff):
    """The theme summary appears in the theme's chapter on the results page and in the report, the key
    takeaways at the report's head, each with the model, the prompt's hash and the date; the report's
    computing cost adds the model's footprint."""
    on.answer.content = "Participants want the archives open (#6) and reject charging for access (#7)."
    ask(staff_client, "theme-summary", access_theme(themed))
    on.answer.content = "The archives should open (#6).\nPaying the makers is agreed (#8)."
    ask(staff_client, "takeaways")
    for draft in Draft.objects.all():
        services.approve(draft, actor=staff)
    summary = Draft.objects.get(kind="theme-summary")
    label = f"Drafted by a language model (canned-model-1; prompt SHA-256 {summary.call.prompt_sha256[:12]}…)"

    results = htmllib.unescape(staff_client.get("/c/heritage/results/").content.decode())
    assert summary.approved_text in results and label in results

    report = htmllib.unescape(staff_client.get("/c/heritage/results/report/").content.decode())
    assert summary.approved_text in report and label in report
    assert '<section id="takeaways"' in report
    assert (
        "<li>The archives should open (#6).</li>" in report
        and "<li>Paying the makers is agreed (#8).</li>" in report
    )
    assert "The language model was called 2 times: 240 prompt and 60 completion tokens" in report


def test_nothing_is_shown_before_approval(staff_client, themed, on):
    on.answer.content = "Participants want the archives open (#6)."
    ask(staff_client, "theme-summary", access_theme(themed))
    report = staff_client.get("/c/heritage/results/report/").content.decode()
    assert "Participants want the archives open" not in report and "Drafted by a language model" not in report
    assert "The language model was called 1 time" in report  # the cost counts whatever was shown
