"""Django admin for the consultation tables, plus the pol.is import upload.

Facilitators work in the facilitator pages (/manage/); the admin is for superusers: inspecting rows,
and importing a pol.is export (a zip of its CSV files, or the CSV files themselves) into a new
consultation through :func:`assembly.consultations.datasets.import_dataset`.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from assembly.accounts.admin_site import ReadOnlyAdmin  # shown and deletable, never edited
from assembly.consultations.datasets import import_dataset
from assembly.consultations.models import (
    Consultation,
    Invite,
    Participant,
    Statement,
    Theme,
    Vote,
    VoteEvent,
)
from assembly.errors import AssemblyError

# An uploaded zip may unpack to at most this much (bytes): far above the largest export expected
# (5 M votes are about 300 MB of CSV), low enough to stop a zip bomb.
MAX_UNPACKED_BYTES = 2 * 1024**3
# Only these files of an export are read; anything else in an upload is ignored.
EXPORT_SUFFIXES = (".csv", ".json")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: object, initial: object = None) -> list[object]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("pol.is export"),
        help_text=_(
            "A zip of the export folder, or its CSV files (votes.csv, comments.csv, participants-votes.csv, "
            "summary.csv)."
        ),
    )
    slug = forms.SlugField(
        label=_("Short name"), max_length=64, help_text=_("The new consultation's link: /c/<short name>/.")
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Empty: the export's topic.")
    )


def _unpack(uploads: list, directory: Path) -> None:
    """Write the uploaded files (unzipping zips) flat into ``directory``, refusing unsafe archives."""
    total = 0
    for upload in uploads:
        name = PurePosixPath(upload.name).name
        if name.lower().endswith(".zip"):
            with zipfile.ZipFile(upload) as archive:
                for info in archive.infolist():
                    member = PurePosixPath(info.filename).name  # flattening also defeats "../" paths
                    if info.is_dir() or not member.lower().endswith(EXPORT_SUFFIXES):
                        continue
                    total += info.file_size
                    if total > MAX_UNPACKED_BYTES:
                        raise ValidationError(_("The zip unpacks to more than 2 GB."))
                    if (directory / member).exists():
                        raise ValidationError(
                            _("The zip holds two files named %(name)s: upload one export at a time.")
                            % {"name": member}
                        )
                    (directory / member).write_bytes(archive.read(info))
        elif name.lower().endswith(EXPORT_SUFFIXES):
            with open(directory / name, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)


def import_view(request: HttpRequest) -> HttpResponse:
    """Upload a pol.is export; it becomes a new consultation, or nothing changes and the error is shown."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        from assembly.polis import read_export

        try:
            with tempfile.TemporaryDirectory() as tmp:
                _unpack(form.cleaned_data["files"], Path(tmp))
                dataset = read_export(tmp)
            consultation = import_dataset(
                dataset,
                slug=form.cleaned_data["slug"],
                title=form.cleaned_data["title"] or None,
                actor=request.user,
            )
        except (AssemblyError, ValidationError, zipfile.BadZipFile) as exc:
            form.add_error(None, "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("Imported as “%(title)s”.") % {"title": consultation.title})
            return redirect("facilitate:detail", slug=consultation.slug)
    context = {**admin.site.each_context(request), "form": form, "title": _("Import a pol.is export")}
    return render(request, "admin/consultations/import.html", context, status=400 if form.errors else 200)


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "moderation_mode", "created_at", "closed_at"]
    search_fields = ["title", "slug"]
    readonly_fields = ["closed_at", "created_at", "updated_at"]

    def get_urls(self) -> list:
        custom = [
            path("import/", self.admin_site.admin_view(import_view), name="consultations_consultation_import")
        ]
        return custom + super().get_urls()

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "import_url": reverse("admin:consultations_consultation_import"),
        }
        return super().changelist_view(request, extra_context)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "consultation", "position"]
    list_filter = ["consultation"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["number", "text", "consultation", "moderation", "is_meta", "is_seed"]
    list_filter = ["consultation", "moderation", "is_meta", "is_seed"]
    search_fields = ["text"]
    readonly_fields = ["normalised_text", "author"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["number", "consultation", "xid", "excluded", "created_at"]
    list_filter = ["consultation", "excluded"]
    readonly_fields = ["token_hash", "invite"]


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "participant", "statement", "value", "updated_at"]
    list_filter = ["consultation", "value"]


@admin.register(VoteEvent)
class VoteEventAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "participant", "statement", "value", "created_at"]
    list_filter = ["consultation"]


@admin.register(Invite)
class InviteAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "label", "created_at"]
    list_filter = ["consultation"]
