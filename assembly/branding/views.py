"""The site's identity pages: the privacy notice and imprint (public), the logo and colours (public,
cached by version), the site settings (superusers), a consultation's privacy details and its QR poster
(its moderators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assembly.accounts.access import Level, declare, is_staff
from assembly.branding.forms import ConsultationNoticeForm, SiteSettingsForm
from assembly.branding.models import ConsultationNotice, SiteSettings
from assembly.branding.notice import notice_for
from assembly.consultations.access import access
from assembly.consultations.identity import check_admitted, identify, published_or_404
from assembly.consultations.models import Consultation

# The logo and colours are addressed with ?v=<version>: a new version is a new address, so each may be
# cached for a year without a stale one ever being shown.
_CACHED = "public, max-age=31536000, immutable"


@require_GET
@declare(Level.PUBLIC)
def privacy(request: HttpRequest) -> HttpResponse:
    """The site's privacy notice."""
    site = SiteSettings.load()
    return render(request, "branding/privacy.html", {"notice": notice_for(site), "consultation": None})


@require_GET
@declare(Level.PUBLIC)
def consultation_privacy(request: HttpRequest, slug: str) -> HttpResponse:
    """The privacy notice of one consultation: the site's, with the consultation's own parts. An
    invite-only consultation shows it to those who may read its pages only (403 naming nothing else,
    as its other pages: :func:`~assembly.consultations.identity.may_read`); a draft, to its staff only."""
    consultation = published_or_404(request, slug)  # a draft does not exist for the public
    check_admitted(request, identify(request, consultation))
    notice = notice_for(SiteSettings.load(), consultation)
    return render(request, "branding/privacy.html", {"notice": notice, "consultation": consultation})


@require_GET
@declare(Level.PUBLIC)
def imprint(request: HttpRequest) -> HttpResponse:
    """The imprint (who publishes the site); 404 while staff have not written one."""
    site = SiteSettings.load()
    if not site.imprint.strip():
        raise Http404(_("This site has no imprint."))
    return render(request, "branding/imprint.html", {"site": site})


@require_GET
@declare(Level.PUBLIC)
def logo(request: HttpRequest) -> HttpResponse:
    """The logo: a PNG redrawn on upload, served as an image that is never run or framed."""
    data = bytes(SiteSettings.load().logo or b"")
    if not data:
        raise Http404(_("This site has no logo."))
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = _CACHED
    response["Content-Disposition"] = 'inline; filename="logo.png"'
    return response


@require_GET
@declare(Level.PUBLIC)
def colours(request: HttpRequest) -> HttpResponse:
    """The site's colours, as the stylesheet variables assembly.css uses (values checked as #rrggbb)."""
    site = SiteSettings.load()
    css = f":root {{ --accent: {site.accent_colour}; --tint: {site.band_colour}; }}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = _CACHED
    return response


@require_http_methods(["GET", "POST"])
@declare(Level.ADMIN)
def site_settings(request: HttpRequest) -> HttpResponse:
    """The site's identity, for superusers: it speaks for the institution on every consultation, so a
    moderator of one consultation may not change it."""
    if not (is_staff(request.user) and request.user.is_superuser):
        if not is_staff(request.user):
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("Only superusers may change the site's identity."))
    site = SiteSettings.load()
    form = SiteSettingsForm(request.POST or None, request.FILES or None, instance=site)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("branding:settings")
    status = 400 if form.errors else 200
    missing = [form.fields[name].label for name in notice_for(site).missing]
    return render(request, "branding/settings.html", {"form": form, "missing": missing}, status=status)


@require_http_methods(["GET", "POST"])
@access(Level.MODERATOR)
def consultation_notice(request: HttpRequest, slug: str) -> HttpResponse:
    """A consultation's own privacy details, for its moderators (blank parts keep the site's)."""
    consultation = get_object_or_404(Consultation, slug=slug)
    own = ConsultationNotice.objects.filter(consultation=consultation).first()
    form = ConsultationNoticeForm(
        request.POST or None, instance=own or ConsultationNotice(consultation=consultation)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("branding:consultation_notice", slug=slug)
    status = 400 if form.errors else 200
    context = {"form": form, "consultation": consultation, "site": SiteSettings.load()}
    return render(request, "branding/consultation_notice.html", context, status=status)


@require_GET
@access(Level.MODERATOR)
def poster(request: HttpRequest, slug: str) -> HttpResponse:
    """A printable A4 poster for the gallery: the question, the link and its QR code."""
    consultation = get_object_or_404(Consultation, slug=slug)
    return render(request, "branding/poster.html", {"consultation": consultation})
