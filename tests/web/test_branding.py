"""Whose consultation this is (issue 14, item 6): the site's name, logo, colours, welcome text, privacy
notice and imprint set by staff in the interface, a consultation's own privacy details, social-preview
tags without participant data, the share link and the QR poster (assembly.branding)."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from PIL import Image

from assembly.branding.contrast import contrast_ratio, darken_until
from assembly.branding.models import ConsultationNotice, SiteSettings
from assembly.consultations import services
from assembly.consultations.models import Consultation

SETTINGS = {
    "site_name": "Rijksarchief Noord",
    "welcome": "Tell us how archives should use AI.",
    "logo_text": "",
    "accent_colour": "#0b5cad",
    "band_colour": "#f4f2ee",
    "controller": "Rijksarchief Noord, Kade 1, Groningen",
    "contact": "privacy@archief.example",
    "purpose": "To learn where visitors agree on the use of AI.",
    "legal_basis": "A task in the public interest.",
    "retention": "Votes are deleted one year after the consultation closes.",
    "rights": "You may complain to the Autoriteit Persoonsgegevens.",
    "imprint": "Published by Rijksarchief Noord, Kade 1, Groningen.",
}


def _image(kind: str, size: tuple[int, int] = (40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=kind)
    return out.getvalue()


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def _save(client: Client, **changes) -> object:
    return client.post("/site/settings/", SETTINGS | changes)


def test_staff_set_the_site_identity_and_every_page_shows_it(staff_client, consultation):
    """Check that the settings page saves name, welcome text and notice, and that the header, the home
    page, the privacy notice and the imprint show them."""
    response = _save(staff_client)
    assert response.status_code == 302 and response["Location"] == "/site/settings/"
    home = Client().get("/").content.decode()
    assert '<a class="brand" href="/">Rijksarchief Noord</a>' in home
    assert "Tell us how archives should use AI." in home
    assert "<title>Consultations · Rijksarchief Noord</title>" in home
    privacy = Client().get("/privacy/").content.decode()
    for part in ("controller", "contact", "purpose", "legal_basis", "retention", "rights"):
        assert SETTINGS[part] in privacy
    assert "Not stated by the operator" not in privacy
    assert "Published by Rijksarchief Noord" in Client().get("/imprint/").content.decode()


def test_the_public_footer_links_privacy_and_imprint_but_not_the_staff_login(client, db):
    """Check that the footer has the privacy notice, the imprint once written, and no staff login link
    (staff use /accounts/login/, which still answers)."""
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/privacy/"' in footer and "/imprint/" not in footer
    assert "/accounts/login/" not in html and "Staff login" not in html
    assert client.get("/imprint/").status_code == 404  # no imprint written yet
    SiteSettings.objects.create(pk=1, imprint="Published by us.")
    assert 'href="/imprint/"' in client.get("/").content.decode()
    assert client.get("/accounts/login/").status_code == 200


def test_an_unset_privacy_notice_says_which_parts_are_missing(client, staff_client, db):
    """Check that before staff fill it in, the notice says each part is not stated, and the settings
    page warns staff that parts are missing."""
    html = client.get("/privacy/").content.decode()
    assert html.count("Not stated by the operator of this site yet.") == 5
    warning = (
        "lacks parts participants are entitled to read: Who is responsible (controller), Privacy contact, "
    )
    assert warning in staff_client.get("/site/settings/").content.decode()
    staff_client.post("/site/settings/", SETTINGS | {"retention": ""})
    html = staff_client.get("/site/settings/").content.decode()
    assert "lacks parts participants are entitled to read: Retention." in html


def test_only_superusers_change_the_site_identity(client, db, django_user_model):
    """Check that a staff account that is not a superuser gets 403, a visitor the login page, and
    neither changes anything."""
    moderator = django_user_model.objects.create_user("m", password="pw-for-tests", is_staff=True)
    client.force_login(moderator)
    assert _save(client).status_code == 403
    assert Client().post("/site/settings/", SETTINGS)["Location"].startswith("/accounts/login/")
    assert not SiteSettings.objects.exists()


@pytest.mark.parametrize(
    "accent, band, field, error",
    [
        (
            "#7fb2e5",
            "#f4f2ee",
            "accent_colour",
            "contrast of only 2.0:1",
        ),  # light blue, on the band (2.2 on white)
        ("#0b5cad", "#333333", "accent_colour", "contrast of only"),  # the links vanish on a dark band
        ("#000000", "#444444", "accent_colour", "contrast of only"),
        ("blue", "#f4f2ee", "accent_colour", "not a colour of the form #rrggbb"),
        ("#0b5cad", "#fff; }", "band_colour", "not a colour of the form #rrggbb"),
    ],
)
def test_colours_below_aa_contrast_are_refused_with_the_ratio(staff_client, db, accent, band, field, error):
    """Check that an unreadable or malformed colour is refused (400) with a message naming it and, for
    contrast, the ratio reached, and that nothing is saved."""
    response = _save(staff_client, accent_colour=accent, band_colour=band)
    assert response.status_code == 400
    assert error in " ".join(response.context["form"].errors[field])
    assert not SiteSettings.objects.exists()


def test_a_refused_colour_comes_with_a_shade_that_passes(staff_client, db):
    """Check that the refusal proposes a darker shade of the same colour, and that this shade reaches
    4.5:1 against the page and the band (so staff can paste it)."""
    response = _save(staff_client, accent_colour="#7fb2e5")
    message = " ".join(response.context["form"].errors["accent_colour"])
    suggestion = re.search(r"Try (#[0-9a-f]{6})", message).group(1)
    assert min(contrast_ratio(suggestion, "#ffffff"), contrast_ratio(suggestion, "#f4f2ee")) >= 4.5
    assert suggestion == darken_until("#7fb2e5", against=("#ffffff", "#f4f2ee"))


def test_wcag_contrast_ratios_match_the_published_examples():
    """Check the ratio against WCAG's own figures: black on white 21:1, white on white 1:1, and #767676
    on white 4.54:1 (the lightest grey that passes AA, a known reference value)."""
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_readable_colours_are_served_as_the_stylesheets_variables(staff_client, client, db):
    """Check that accepted colours reach every page through /site/colours.css, versioned and cached."""
    assert _save(staff_client, accent_colour="#6B1D5C", band_colour="#FFF8E0").status_code == 302
    html = client.get("/").content.decode()
    link = re.search(r'href="(/site/colours\.css\?v=\d+)"', html).group(1)
    response = client.get(link)
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response.content.decode() == ":root { --accent: #6b1d5c; --tint: #fff8e0; }\n"
    assert "immutable" in response["Cache-Control"]


def test_a_logo_is_redrawn_as_a_png_and_served_as_an_image(staff_client, client, db):
    """Check that a JPEG logo is stored as a PNG no larger than 512 px, shown in the header with its
    text alternative, and served as image/png."""
    data = _image("JPEG", size=(1024, 256))
    response = _save(staff_client, logo_file=_upload("logo.jpg", data), logo_text="Rijksarchief Noord logo")
    assert response.status_code == 302
    stored = bytes(SiteSettings.load().logo)
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("PNG", (512, 128))
    html = client.get("/").content.decode()
    src = re.search(r'<img src="(/site/logo\.png\?v=\d+)" alt="Rijksarchief Noord logo">', html).group(1)
    served = client.get(src)
    assert (served["Content-Type"], served.content) == ("image/png", stored)
    assert served["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "name, data, error",
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "not an image that can be read",
        ),
        ("logo.png", b"\x89PNG\r\n\x1a\nnot really", "not an image that can be read"),
        ("logo.bmp", _image("BMP"), "is a BMP file"),
        ("logo.png", b"\x00" * (2 * 1024 * 1024 + 1), "at most 2048 KB"),
    ],
    ids=["svg-with-a-script", "truncated-png", "bmp", "too-large"],
)
def test_a_logo_that_is_not_a_raster_image_is_refused(staff_client, db, name, data, error):
    """Check that an SVG, a broken file, an unaccepted format and an oversized file are refused with a
    message saying why, and that nothing is stored."""
    response = _save(staff_client, logo_file=_upload(name, data))
    assert response.status_code == 400
    assert error in " ".join(response.context["form"].errors["logo_file"])
    assert not SiteSettings.objects.exists()
    assert Client().get("/site/logo.png").status_code == 404


def test_a_logo_can_be_removed(staff_client, db):
    """Check that "Remove the logo" empties it and the header shows the site name again."""
    _save(staff_client, logo_file=_upload("logo.png", _image("PNG")))
    assert _save(staff_client, remove_logo="on").status_code == 302
    assert bytes(SiteSettings.load().logo) == b""
    assert Client().get("/site/logo.png").status_code == 404


def test_a_consultation_overrides_parts_of_the_privacy_notice(staff_client, client, consultation):
    """Check that a consultation's own controller and purpose replace the site's on its notice only,
    and that its blank parts keep the site's."""
    _save(staff_client)
    own = {
        "controller": "Museum Zuid",
        "contact": "",
        "purpose": "Planning our AI exhibition.",
        "legal_basis": "",
        "retention": "",
    }
    response = staff_client.post(f"/manage/{consultation.slug}/privacy/", own)
    assert response.status_code == 302
    notice = client.get(f"/c/{consultation.slug}/privacy/").content.decode()
    assert "Museum Zuid" in notice and "Planning our AI exhibition." in notice
    assert SETTINGS["controller"] not in notice and SETTINGS["purpose"] not in notice
    assert SETTINGS["contact"] in notice and SETTINGS["retention"] in notice
    site = client.get("/privacy/").content.decode()
    assert "Museum Zuid" not in site and SETTINGS["controller"] in site
    assert (
        f'href="/c/{consultation.slug}/privacy/"' in client.get(f"/c/{consultation.slug}/").content.decode()
    )


def test_only_the_consultations_moderators_edit_its_privacy_details(client, consultation, django_user_model):
    """Check that another staff account gets 403 and changes nothing."""
    other = django_user_model.objects.create_user("o", password="pw-for-tests", is_staff=True)
    client.force_login(other)
    response = client.post(f"/manage/{consultation.slug}/privacy/", {"controller": "Someone else"})
    assert response.status_code == 403
    assert not ConsultationNotice.objects.exists()


def _meta(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html))


def test_the_consultation_page_carries_social_preview_tags(client, consultation):
    """Check Open Graph title, description, site name and address of a consultation page."""
    meta = _meta(client.get(f"/c/{consultation.slug}/").content.decode())
    assert meta["og:title"] == "AI in heritage"
    assert meta["og:description"] == meta["description"] == "What should we do?"
    assert meta["og:site_name"] == "Assembly"
    assert meta["og:url"] == f"http://testserver/c/{consultation.slug}/"


def test_social_preview_tags_carry_no_participant_data(client, consultation):
    """Check that a participant's own page (their statement, their votes) and an invite link's page put
    none of it, nor the link's token, in the preview tags."""
    participant, token = services.create_participant(consultation)
    services.submit_statement(participant, text="My private worry about archives")
    client.get(f"/c/{consultation.slug}/", {"t": token})
    pages = [
        f"/c/{consultation.slug}/mine/",
        f"/c/{consultation.slug}/my-data/",
        f"/c/{consultation.slug}/?t={token}",
    ]
    for path in pages:
        html = client.get(path).content.decode()
        tags = " ".join(_meta(html).values())
        assert "My private worry" not in tags and token not in tags, path


def test_the_share_box_is_a_selectable_field_with_the_consultations_address(client, consultation):
    """Check that the share box holds the full address in a read-only field (usable without script),
    and that the copy button is hidden until the script shows it."""
    html = client.get(f"/c/{consultation.slug}/").content.decode()
    assert (
        f'<input id="share-link" type="text" readonly value="http://testserver/c/{consultation.slug}/"'
        in html
    )
    assert '<button type="button" class="secondary" data-copy="share-link" hidden>Copy link</button>' in html


def test_no_share_box_on_an_invite_only_consultation(client, consultation):
    """Check that an invite-only consultation offers no share link (its address admits nobody)."""
    consultation.invite_only = True
    consultation.save()
    token = services.create_invites(consultation, count=1)[0]
    html = client.get(f"/c/{consultation.slug}/invite/{token}/", follow=True).content.decode()
    assert "AI in heritage" in html  # the invite admitted us to the consultation page
    assert 'id="share-link"' not in html


def test_the_qr_poster_encodes_the_consultations_address(staff_client, consultation):
    """Check that the poster shows the title, question and address, and that its QR code draws the
    same modules as the code of that address (written here, not taken from the page)."""
    import segno

    html = staff_client.get(f"/manage/{consultation.slug}/poster/").content.decode()
    address = f"http://testserver/c/{consultation.slug}/"
    assert "AI in heritage" in html and "What should we do?" in html and address in html
    svg = re.search(r"<svg [^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<script" not in svg
    expected = segno.make(address, error="m").svg_inline(
        scale=1, border=4, dark="#000000", light="#ffffff", omitsize=True, svgclass="qr"
    )
    assert re.search(r'd="([^"]+)"', svg.split("qrline")[1]).group(1) == re.search(
        r'd="([^"]+)"', expected.split("qrline")[1]
    ).group(1)


def test_the_poster_is_for_the_consultations_moderators(client, consultation):
    """Check that a visitor is sent to the login page."""
    response = client.get(f"/manage/{consultation.slug}/poster/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_invite_only_consultations_notice_shows_nothing_of_it_without_an_invite(client, consultation):
    """Check that a visitor without an invite gets 403 and neither the title nor the consultation's
    own privacy details, while its participant (invited) reads them."""
    consultation.invite_only = True
    consultation.save()
    ConsultationNotice.objects.create(consultation=consultation, controller="Museum Zuid")
    response = client.get(f"/c/{consultation.slug}/privacy/")
    assert response.status_code == 403
    assert b"AI in heritage" not in response.content and b"Museum Zuid" not in response.content
    token = services.create_invites(consultation, count=1)[0]
    client.get(f"/c/{consultation.slug}/invite/{token}/", follow=True)
    html = client.get(f"/c/{consultation.slug}/privacy/").content.decode()
    assert "AI in heritage" in html and "Museum Zuid" in html


def test_the_poster_of_an_invite_only_consultation_warns_staff(staff_client, consultation):
    """Check that staff are told the poster's link admits nobody without an invite."""
    warning = "This consultation is invite only: the link on this poster admits nobody without an invite."
    assert warning not in staff_client.get(f"/manage/{consultation.slug}/poster/").content.decode()
    consultation.invite_only = True
    consultation.save()
    assert warning in staff_client.get(f"/manage/{consultation.slug}/poster/").content.decode()


def test_a_drafts_privacy_notice_does_not_exist_for_the_public(staff_client, consultation):
    """Check that a draft's notice is 404 to a visitor, as its other pages, and shown to its staff;
    its preview offers no share link."""
    Consultation.objects.filter(pk=consultation.pk).update(published_at=None)
    response = Client().get(f"/c/{consultation.slug}/privacy/")  # staff_client is pytest's client, logged in
    assert response.status_code == 404 and b"AI in heritage" not in response.content
    assert "AI in heritage" in staff_client.get(f"/c/{consultation.slug}/privacy/").content.decode()
    preview = staff_client.get(f"/c/{consultation.slug}/").content.decode()
    assert "Preview of a draft." in preview and 'id="share-link"' not in preview  # its link is a 404 yet
