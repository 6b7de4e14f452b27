"""A confirmation step before an action that is hard to undo (publish, close, exclude, bulk reject).

It is a page, not a script's ``confirm()``: it works without JavaScript and with the keyboard alone,
and a screen reader reads it like any page. Actions without a form of their own (publish, close) ask
on ``GET`` and act on ``POST``. Actions posted with data (an exclusion's reason, a bulk decision's
statements) post once without :data:`CONFIRMED`, which changes nothing and answers this page: it
repeats the posted fields, hidden, with ``confirmed=yes``, so the second post acts on exactly them.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"
# Posted fields the confirmation page does not repeat: the CSRF token gets a fresh field of its own.
_NOT_REPEATED = {"csrfmiddlewaretoken", CONFIRMED}


def is_confirmed(request: HttpRequest) -> bool:
    """True when the request comes from the confirmation page's button."""
    return request.POST.get(CONFIRMED) == "yes"


def confirm_page(
    request: HttpRequest, *, title: str, explanation: str, button: str, cancel_url: str
) -> HttpResponse:
    """The page asking whether to go on: ``button`` posts the request's own fields again to its own
    address with ``confirmed=yes``; the cancel link leads back to ``cancel_url``, changing nothing."""
    fields = [
        (name, value)
        for name in request.POST
        if name not in _NOT_REPEATED
        for value in request.POST.getlist(name)
    ]
    context = {
        "title": title,
        "explanation": explanation,
        "button": button,
        "cancel_url": cancel_url,
        "action_url": request.get_full_path(),
        "fields": fields,
        "confirmed": CONFIRMED,
    }
    return render(request, "confirm.html", context)
