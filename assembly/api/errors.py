"""Every refusal of the API has one shape: ``{"code": ..., "message": ..., "field": ...}`` and a 4xx status.

``code`` is stable (clients branch on it), ``message`` is translated and says what to do, ``field``
names the offending request field when there is one (else null). Nothing is written when a request
is refused: the services validate before writing, and the API wraps participant creation and the
action in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from assembly.consultations.errors import (
    DuplicateStatementError,
    InvalidStatementError,
    InvalidVoteError,
    StatementNotFoundError,
)
from assembly.errors import ConsultationError

__all__ = ["ApiError", "UnsupportedMediaTypeError", "check_form", "install_error_handlers", "refusal"]

# The request field each consultation error is about.
_FIELDS: dict[type[ConsultationError], str] = {
    InvalidStatementError: "text",
    DuplicateStatementError: "text",
    InvalidVoteError: "value",
    StatementNotFoundError: "statement",
}


class ApiError(Exception):
    """A refusal raised by an endpoint: HTTP status, stable code, translated message, field or None."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


class UnsupportedMediaTypeError(Exception):
    """A request body of another media type than the one the OpenAPI document declares (JSON)."""

    def __init__(self, media_type: str) -> None:
        super().__init__(media_type)
        self.media_type = media_type


def check_form(form: Any, *, field: str | None = None) -> dict[str, Any]:
    """A bound Django form's cleaned data; ApiError 400 with its first error when it is invalid.

    ``field`` overrides the field named in the error (when the form's field names are not the API's).
    """
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        raise ApiError(400, "invalid", " ".join(errors), field or (None if name == "__all__" else name))
    return form.cleaned_data


def _body(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, field: str | None
) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "field": field}, status=status)


def _validation_error(exc: ValidationError) -> tuple[str, str | None]:
    """The first message of a Django ValidationError and the field it belongs to (None: the whole form)."""
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        message = " ".join(m for error in errors for m in error.messages)
        return message, (None if field == "__all__" else field)
    return " ".join(exc.messages), None


def _schema_field(location: list[Any]) -> str | None:
    names = [str(part) for part in location if part not in ("body", "query", "path", "payload")]
    return ".".join(names) or None


def install_error_handlers(api: NinjaAPI) -> None:
    """Turn every exception an endpoint may raise into the error shape."""

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return _body(api, request, exc.status, exc.code, exc.message, exc.field)

    @api.exception_handler(ConsultationError)
    def consultation_error(request: HttpRequest, exc: ConsultationError) -> HttpResponse:
        return _body(api, request, exc.status, exc.code, exc.message, _FIELDS.get(type(exc)))

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        message, field = _validation_error(exc)
        return _body(api, request, 400, "invalid", message, field)

    @api.exception_handler(SchemaError)
    def schema_error(request: HttpRequest, exc: SchemaError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        field = _schema_field(list(first.get("loc", [])))
        message = _("Invalid request: %(problem)s.") % {"problem": first.get("msg", _("malformed body"))}
        return _body(api, request, 400, "invalid_request", message, field)

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        if request.user.is_authenticated:
            return _body(api, request, 403, "forbidden", _("Only staff accounts may do this."), None)
        return _body(api, request, 401, "not_authenticated", _("Log in with a staff account first."), None)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _body(api, request, 403, "forbidden", str(exc) or _("You may not do this."), None)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _body(api, request, 404, "not_found", _("There is no such consultation."), None)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, UnsupportedMediaTypeError):  # django-ninja wraps what its parser raises
            message = _("Send the body as JSON, with Content-Type: application/json (not “%(type)s”).") % {
                "type": exc.__cause__.media_type or _("none")
            }
            return _body(api, request, 415, "unsupported_media_type", message, None)
        if exc.status_code == 403 and "CSRF" in str(exc):
            message = _("The CSRF token is missing or wrong: send the csrftoken cookie as X-CSRFToken.")
            return _body(api, request, 403, "csrf_failed", message, None)
        return _body(api, request, exc.status_code, "error", str(exc), None)


def refusal(
    request: HttpRequest, status: int, code: str, message: str, field: str | None = None
) -> HttpResponse:
    """A refusal in the error shape from outside an endpoint (a middleware): the body an endpoint's gets."""
    from assembly.api.main import api  # the API object imports this module

    return _body(api, request, status, code, message, field)
