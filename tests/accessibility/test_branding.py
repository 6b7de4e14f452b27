"""Whose consultation this is, in a real browser at 1280 and 360 px (issue 14, item 6): the site's
name, logo and colours, the privacy notice and imprint, the share box (with and without script), the
staff's settings page and the A4 QR poster pass axe with no violation, and the share link is copied
with the keyboard alone."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from PIL import Image

from assembly.branding.logo import redraw_logo
from assembly.branding.models import SiteSettings
from tests.accessibility.conftest import BEST_PRACTICE, SLUG, WCAG_21_AA, axe_violations, look
from tests.accessibility.test_keyboard import focus, tab_to

pytestmark = pytest.mark.slow  # a real browser: seconds per page

WIDTHS = [1280, 360]
RULES = WCAG_21_AA + BEST_PRACTICE
PUBLIC_PAGES = {
    "home": "/",
    "privacy": "/privacy/",
    "consultation-privacy": f"/c/{SLUG}/privacy/",
    "imprint": "/imprint/",
}
STAFF_PAGES = {
    "site-settings": "/site/settings/",
    "consultation-privacy-details": f"/manage/{SLUG}/privacy/",
    "poster": f"/manage/{SLUG}/poster/",
}


@pytest.fixture
def branded(consultation) -> SiteSettings:
    """A site with its own name, logo, colours (a dark red accent, a pale yellow band), welcome text,
    privacy notice and imprint."""
    picture = io.BytesIO()
    Image.new("RGB", (300, 100), (110, 20, 40)).save(picture, format="PNG")
    site = SiteSettings(
        pk=1,
        site_name="Museum Noord",
        welcome="Tell us how museums should use AI.",
        logo=redraw_logo(picture.getvalue()),
        logo_text="Museum Noord",
        accent_colour="#8a1c2b",
        band_colour="#fff6d5",
        controller="Museum Noord, Kade 1, Groningen",
        contact="privacy@museum.example",
        purpose="To learn where visitors agree on AI.",
        legal_basis="A task in the public interest.",
        retention="One year after the consultation closes.",
        imprint="Published by Museum Noord, Kade 1, Groningen.",
    )
    site.full_clean()
    site.save()
    return site


@pytest.fixture
def superuser_cookie(live_server, consultation, django_user_model) -> dict[str, str]:
    """The session cookie of a superuser (who may change the site's identity)."""
    user = django_user_model.objects.create_superuser("admin", password="a-long-test-password")
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


@pytest.mark.parametrize("width", WIDTHS)
def test_branded_public_pages_pass_axe(open_page, branded, width):
    """Check that the branded home page, privacy notices, imprint and consultation page (share box
    included) have no axe violation, and show the site's name, logo and colours."""
    found = {}
    for name, path in {**PUBLIC_PAGES, "consultation": f"/c/{SLUG}/"}.items():
        page = open_page(path, width=width)
        look(page, name=f"branded-{name}")
        found[name] = axe_violations(page, tags=RULES)
    assert found == dict.fromkeys([*PUBLIC_PAGES, "consultation"], [])
    page = open_page("/", width=width)
    assert page.get_by_role("img", name="Museum Noord").is_visible()
    link = page.get_by_role("link", name="Privacy notice")
    assert link.evaluate("a => getComputedStyle(a).color") == "rgb(138, 28, 43)"  # the site's accent


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_identity_pages_and_the_poster_pass_axe(open_page, branded, superuser_cookie, width):
    """Check the settings page, a consultation's privacy details and the QR poster."""
    found = {}
    for name, path in STAFF_PAGES.items():
        page = open_page(path, width=width, cookie=superuser_cookie)
        look(page, name=name)
        found[name] = axe_violations(page, tags=RULES)
    assert found == dict.fromkeys(STAFF_PAGES, [])


def test_a_refused_colour_shows_its_error_and_passes_axe(open_page, branded, superuser_cookie):
    """Check that typing an unreadable accent colour shows the contrast error beside the field, with
    the page still free of axe violations, on a phone."""
    from playwright.sync_api import expect

    page = open_page("/site/settings/", width=360, cookie=superuser_cookie)
    page.get_by_label("Accent colour").fill("#7fb2e5")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text(
        "contrast of only 2.1:1"
    )  # on the pale yellow band
    assert axe_violations(page, tags=RULES) == []
    assert SiteSettings.load().accent_colour == "#8a1c2b"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_share_link_is_copied_with_the_keyboard(open_page, live_server, branded, width):
    """Check that Tab reaches the copy button (focus visible all the way), Enter copies the link and
    the page says so."""
    from playwright.sync_api import expect

    page = open_page(f"/c/{SLUG}/", width=width)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab_to(page, tag="button", name="Copy link")
    page.keyboard.press("Enter")
    expect(page.locator("#share-copied")).to_have_text("Link copied.")
    focus(page)
    assert page.evaluate("navigator.clipboard.readText()") == f"{live_server.url}/c/{SLUG}/"


def test_without_script_the_share_link_is_a_field_to_select(browser, live_server, branded):
    """Check that with script off the copy button stays hidden and the read-only field holds the
    address, ready to select and copy by hand."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/c/{SLUG}/")
    field = page.get_by_label("Link to this consultation")
    assert field.input_value() == f"{live_server.url}/c/{SLUG}/"
    assert field.is_editable() is False and field.is_visible()
    assert page.get_by_role("button", name="Copy link").count() == 0  # hidden: not in the tree


def test_the_poster_prints_on_one_a4_page(open_page, branded, superuser_cookie):
    """Check that the poster, printed, is one A4 portrait page (210 x 297 mm) without the tools above
    it, and shows the QR code at least 10 cm wide (scannable from a few metres)."""
    page = open_page(f"/manage/{SLUG}/poster/", width=1280, cookie=superuser_cookie)
    page.emulate_media(media="print")
    assert page.locator(".poster-tools").is_hidden()
    assert page.locator(".poster-qr svg").bounding_box()["width"] >= 100 / 25.4 * 96
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert len(boxes) == 1
    width_mm, height_mm = (float(v) / 72 * 25.4 for v in boxes[0])
    assert (round(width_mm), round(height_mm)) == (210, 297)
