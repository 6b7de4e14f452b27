"""HTTP helpers the apps and the settings share, below the apps so that no app imports the project
package :mod:`assembly.config`: the Content-Security-Policy header (scripts and styles only from our
own static files), the client's address for per-address limits (:func:`client_address`), and whether
a request was sent by another site (:func:`is_cross_site`).

Templates contain no inline scripts, inline event handlers or style attributes, so the policy can
forbid them. Two exceptions, each declared by the view that needs it:

- embed pages (:func:`allow_framing`) may be framed, since framing is their purpose: by the sites
  their consultation lists (``Consultation.embed_origins``), by any site only when staff chose so
  (``Consultation.embed_any_site``), else by the site itself (:meth:`Consultation.frame_ancestors`);
- Django's admin uses a few style attributes, so its pages allow inline styles.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
}


def client_address(request: HttpRequest | None) -> str:
    """The caller's IP address, for per-address limits (login lockout, new participants).

    ``REMOTE_ADDR``; behind ``ASSEMBLY_TRUSTED_PROXIES`` reverse proxies (production: 1 when
    ``ASSEMBLY_HTTPS=1``), the address the outermost trusted proxy saw, counted from the right of
    ``X-Forwarded-For`` (entries further left are written by the client and cannot be trusted).
    """
    if request is None:
        return ""
    proxies = int(settings.ASSEMBLY_TRUSTED_PROXIES)
    if proxies > 0:
        chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(chain) >= proxies:
            return chain[-proxies][:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


# Sec-Fetch-Site values of requests a page of this very site sent ("none": the person typed the address).
_OWN_FETCH_SITES = ("same-origin", "none")


def is_cross_site(request: HttpRequest) -> bool:
    """Whether a browser says a page of another site sent this request.

    An Origin listed in ``CSRF_TRUSTED_ORIGINS`` (a deployment's other address) is this site; otherwise
    Sec-Fetch-Site when the browser sends it (every current browser does), else the Origin header
    compared with this site's address; a request with neither comes from a client that is not a
    browser, which carries no one else's cookies or clicks, so it is not cross-site. Another subdomain
    of the same domain ("same-site") counts as another site. This is the check of Go's net/http
    CrossOriginProtection; participant writes need it instead of the CSRF token, which an embedded
    frame cannot keep (its cookies are third-party).
    """
    origin = (request.headers.get("Origin") or "").strip().lower() or None
    if origin is not None and origin in {o.lower() for o in settings.CSRF_TRUSTED_ORIGINS}:
        return False
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site.strip().lower() not in _OWN_FETCH_SITES
    return origin is not None and origin != f"{request.scheme}://{request.get_host()}".lower()


def allow_framing(response: HttpResponse, *, ancestors: str) -> HttpResponse:
    """Let ``ancestors`` (CSP sources, e.g. :meth:`Consultation.frame_ancestors`) show this response in
    an iframe: no X-Frame-Options (it cannot name sites), ``frame-ancestors`` instead. There is no
    default: a page framable by any site lets that site trick its visitors into clicking (votes)."""
    response.xframe_options_exempt = True
    response.csp_frame_ancestors = ancestors  # type: ignore[attr-defined]  # read by the middleware
    return response


class ContentSecurityPolicyMiddleware:
    """Add the Content-Security-Policy header to every HTML response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        policy = dict(POLICY)
        ancestors = getattr(response, "csp_frame_ancestors", None)  # set by allow_framing
        if ancestors:
            policy["frame-ancestors"] = ancestors
        if request.path.startswith("/admin/"):
            policy["style-src"] = "'self' 'unsafe-inline'"
        response["Content-Security-Policy"] = "; ".join(f"{k} {v}" for k, v in policy.items())
        return response
