"""Translations of a consultation's texts: what can be translated, saving, machine drafts, approval, and
what readers see.

Every text staff write (title, question, description, guidelines, each moderation criterion, themes,
group names, seed statements) and every participant's statement is an :class:`Item`. A translation of
an item into a language is a :class:`~assembly.consultations.models.Translation` row: a draft until a
person approves it. Participants, the results pages and the report read approved translations only, and
only while the original they were made from is unchanged (:func:`approved`); everywhere else the
original is shown. Nothing here changes which statement a vote is on: a statement is one column of the
analysis in whatever language it is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assembly.consultations.languages import check_language
from assembly.consultations.models import (
    STATEMENT_MAX_LENGTH,
    SUBMISSION_MAX_LENGTH,
    Consultation,
    Statement,
    Theme,
)
from assembly.consultations.texts import clean_text
from assembly.consultations.translation_models import (
    Translation,
    TranslationKind,
    TranslationOrigin,
    TranslationStatus,
)
from assembly.translation.providers import Provider, ProviderError, make_provider
from assembly.translation.records import TranslationRecord

__all__ = [
    "provide_items",
    "CONSULTATION_FIELDS",
    "Item",
    "Shown",
    "TranslationError",
    "approve",
    "approved",
    "configured_provider",
    "items",
    "machine_translate",
    "save",
    "shown",
]

# The consultation's own texts that have a version per language, in the order the queue lists them.
CONSULTATION_FIELDS = ("title", "question", "description", "guidelines")
Key = tuple[str, int, str]  # (kind, object_id, field)
GroupKey = TypeVar("GroupKey", int, str)


class TranslationError(Exception):
    """A translation that cannot be saved or made; ``message`` says what and where. Nothing changed."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Item:
    """One translatable text of a consultation, in its original language."""

    kind: str
    object_id: int
    field: str
    text: str
    language: str
    label: str  # what the queue calls it: "Question", "Statement #12", "Theme"

    @property
    def key(self) -> Key:
        return (self.kind, self.object_id, self.field)

    @property
    def limit(self) -> int:
        """The longest translation accepted: a statement's limit (140, or an imported statement's own
        length up to 1,000); staff texts are not limited beyond the original's own field."""
        if self.kind == TranslationKind.STATEMENT:
            return SUBMISSION_MAX_LENGTH if len(self.text) <= SUBMISSION_MAX_LENGTH else STATEMENT_MAX_LENGTH
        return max(STATEMENT_MAX_LENGTH, 2 * len(self.text))


def _staff_items(consultation: Consultation) -> Iterator[Item]:
    source = consultation.source_language
    labels = {
        "title": _("Title"),
        "question": _("Question"),
        "description": _("Description"),
        "guidelines": _("Participation guidelines"),
    }
    for name in CONSULTATION_FIELDS:
        text = str(getattr(consultation, name) or "")
        if text.strip():
            yield Item(TranslationKind.CONSULTATION, consultation.pk, name, text, source, labels[name])
    for index, criterion in enumerate(consultation.moderation_criteria or []):
        label = _("Moderation criterion %(number)d") % {"number": index + 1}
        yield Item(TranslationKind.CRITERION, index, "text", str(criterion), source, label)
    for theme in Theme.objects.filter(consultation=consultation).order_by("position", "name"):
        yield Item(TranslationKind.THEME, theme.pk, "name", theme.name, source, _("Theme"))
    for more in _more_items:
        yield from more(consultation)


# Apps built on this one add the texts they keep (the results app: the staff's group names) at start-up.
_more_items: list[Callable[[Consultation], Iterable[Item]]] = []


def provide_items(reader: Callable[[Consultation], Iterable[Item]]) -> None:
    """Register a reader of more translatable texts of a consultation (once per process)."""
    if reader not in _more_items:
        _more_items.append(reader)


def items(consultation: Consultation, *, statements: bool = True) -> list[Item]:
    """Every text of ``consultation`` that can be translated: staff texts, then statements (rejected ones
    left out: no one reads them)."""
    found = list(_staff_items(consultation))
    if statements:
        rows = Statement.objects.filter(consultation=consultation).exclude(moderation="rejected")
        for s in rows.order_by("number"):
            label = _("Statement #%(number)d") % {"number": s.number}
            language = s.language or consultation.source_language
            found.append(Item(TranslationKind.STATEMENT, s.pk, "text", s.text, language, label))
    return found


def find_item(consultation: Consultation, kind: str, object_id: int, field: str) -> Item:
    """The item with this key, or a TranslationError naming it."""
    for item in items(consultation, statements=kind == TranslationKind.STATEMENT):
        if item.key == (kind, object_id, field):
            return item
    raise TranslationError(
        _("There is no text “%(key)s” to translate.") % {"key": f"{kind}:{object_id}:{field}"}
    )


def _target(consultation: Consultation, item: Item, language: object) -> str:
    try:
        code = check_language(language, where=_("translation language"))
    except ValidationError as exc:
        raise TranslationError(" ".join(exc.messages)) from None
    if code not in consultation.all_languages:
        raise TranslationError(
            _("“%(code)s” is not one of this consultation's languages (%(languages)s).")
            % {"code": code, "languages": ", ".join(consultation.all_languages)}
        )
    if code == item.language:
        raise TranslationError(
            _("%(item)s is written in “%(code)s” already: it needs no translation into it.")
            % {"item": item.label, "code": code}
        )
    return code


def _checked_text(item: Item, text: object) -> str:
    value = clean_text(str(text or "")).strip()
    if not value:
        raise TranslationError(_("The translation of %(item)s is empty.") % {"item": item.label})
    if len(value) > item.limit:
        raise TranslationError(
            _("The translation of %(item)s has %(length)d characters; at most %(limit)d are allowed.")
            % {"item": item.label, "length": len(value), "limit": item.limit}
        )
    return value


def save(
    consultation: Consultation,
    item: Item,
    language: object,
    text: object,
    *,
    user: Any = None,
    approve_it: bool = False,
) -> Translation:
    """Store a person's translation of ``item`` (a draft, or approved by ``user`` when ``approve_it``).

    A person's edit of a machine draft stays marked as machine-made, with the provider, so that the
    provenance shows the machine's part; the approver is recorded."""
    code = _target(consultation, item, language)
    value = _checked_text(item, text)
    with transaction.atomic():
        row = (
            Translation.objects.select_for_update()
            .filter(consultation=consultation, language=code)
            .filter(kind=item.kind, object_id=item.object_id, field=item.field)
            .first()
        )
        if row is None or row.source_text != item.text:
            row = row or Translation(
                consultation=consultation,
                kind=item.kind,
                object_id=item.object_id,
                field=item.field,
                language=code,
            )
            row.origin, row.provider, row.created_by = TranslationOrigin.HUMAN, "", user
        row.text, row.source_text, row.source_language = value, item.text, item.language
        row.status, row.approved_by, row.approved_at = TranslationStatus.DRAFT, None, None
        if approve_it:
            row.status, row.approved_by, row.approved_at = TranslationStatus.APPROVED, user, timezone.now()
        row.save()
    return row


def configured_provider() -> Provider | None:
    """The provider the settings choose (None: staff type translations), or a TranslationError."""
    try:
        return make_provider(
            getattr(settings, "ASSEMBLY_TRANSLATION_PROVIDER", "none"),
            url=getattr(settings, "ASSEMBLY_TRANSLATION_URL", ""),
            api_key=getattr(settings, "ASSEMBLY_TRANSLATION_API_KEY", ""),
        )
    except ProviderError as exc:
        raise TranslationError(exc.message) from None


def machine_translate(
    consultation: Consultation, item: Item, language: object, *, user: Any = None
) -> Translation:
    """Ask the configured provider for a draft of ``item`` in ``language``. An approved translation of
    the same original is left as it is (a person's decision outranks a machine); a provider that is
    down or answers garbage is a TranslationError and nothing changes."""
    code = _target(consultation, item, language)
    provider = configured_provider()
    if provider is None:
        raise TranslationError(_("No translation provider is set up: type the translation instead."))
    try:
        draft = provider.translate(item.text, source=item.language, target=code)
    except ProviderError as exc:
        raise TranslationError(
            _("Machine translation of %(item)s failed: %(reason)s")
            % {"item": item.label, "reason": exc.message}
        ) from None
    value = _checked_text(item, draft)
    row, _created = Translation.objects.get_or_create(
        consultation=consultation,
        kind=item.kind,
        object_id=item.object_id,
        field=item.field,
        language=code,
        defaults={
            "text": value,
            "source_text": item.text,
            "source_language": item.language,
            "origin": "machine",
        },
    )
    if row.is_approved and row.source_text == item.text:
        return row
    row.text, row.source_text, row.source_language = value, item.text, item.language
    row.status, row.origin, row.provider = TranslationStatus.DRAFT, TranslationOrigin.MACHINE, provider.name
    row.created_by, row.approved_by, row.approved_at = user, None, None
    row.save()
    return row


def approve(row: Translation, *, user: Any = None) -> Translation:
    """Approve a draft as it stands."""
    row.status, row.approved_by, row.approved_at = TranslationStatus.APPROVED, user, timezone.now()
    row.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return row


def approved(consultation: Consultation, language: str) -> dict[Key, Translation]:
    """The approved translations into ``language`` whose original is still the one translated, by key
    (one query; check the original with :func:`shown`)."""
    rows = Translation.objects.filter(
        consultation=consultation, language=language, status=TranslationStatus.APPROVED
    )
    return {(row.kind, row.object_id, row.field): row for row in rows}


@dataclass(frozen=True)
class Shown:
    """A text as a reader sees it: the approved translation into their language, else the original."""

    text: str
    original: str
    language: str  # the language ``text`` is in
    source_language: str
    translated: bool


def shown(
    item_text: str, item_language: str, key: Key, language: str, catalogue: dict[Key, Translation]
) -> Shown:
    """``item_text`` in ``language`` when ``catalogue`` holds an approved translation of that very text."""
    row = catalogue.get(key) if language != item_language else None
    if row is None or row.source_text != item_text:
        return Shown(item_text, item_text, item_language, item_language, False)
    return Shown(row.text, item_text, language, item_language, True)


def statement_texts(consultation: Consultation, language: str) -> dict[int, str]:
    """Statement number -> its approved translation into ``language``, for the statements that have one
    made from their current text (the results page and the report show these in place of the originals)."""
    catalogue = approved(consultation, language)
    if not catalogue:
        return {}
    out = {}
    rows = Statement.objects.filter(consultation=consultation).values_list("pk", "number", "text", "language")
    for pk, number, text, written_in in rows:
        source = written_in or consultation.source_language
        seen = shown(text, source, (TranslationKind.STATEMENT.value, pk, "text"), language, catalogue)
        if seen.translated:
            out[number] = seen.text
    return out


def group_names(consultation: Consultation, names: dict[GroupKey, str], language: str) -> dict[GroupKey, str]:
    """The staff's group names (group id, as a number or its text -> name) with the approved translations
    into ``language``."""
    catalogue = approved(consultation, language)
    source = consultation.source_language
    return {
        group: shown(
            name, source, (TranslationKind.GROUP.value, int(group), "name"), language, catalogue
        ).text
        for group, name in names.items()
    }


def records(consultation: Consultation) -> list[TranslationRecord]:
    """Every translation of ``consultation`` as exported (:mod:`assembly.translation.records`); a
    statement is named by its number (pol.is ``comment-id``)."""
    numbers = dict(Statement.objects.filter(consultation=consultation).values_list("pk", "number"))
    rows = Translation.objects.filter(consultation=consultation).select_related("approved_by")
    return [
        TranslationRecord(
            kind=row.kind,
            id=numbers.get(row.object_id, 0) if row.kind == TranslationKind.STATEMENT else row.object_id,
            field=row.field,
            source_language=row.source_language,
            language=row.language,
            text=row.text,
            status=row.status,
            origin=row.origin,
            provider=row.provider,
            approved_at=row.approved_at.isoformat() if row.approved_at else "",
            approved_by=row.approved_by.get_username() if row.approved_by else "",
        )
        for row in rows.order_by("kind", "object_id", "field", "language")
    ]
