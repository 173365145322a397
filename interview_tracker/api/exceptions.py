"""The one error envelope for everything under /api/, so a client parses every error alike.

{"error": {"code", "message", "timestamp", "details"?, "field_errors"?}}
"""

import logging
import sys
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from interview_tracker.errors import BusinessRuleError, ConflictError, ValidationFailed

logger = logging.getLogger("interview_tracker.api")

# psycopg and sqlite errors whose text says a unique constraint was violated.
UNIQUE_VIOLATION_MARKERS = ("unique", "duplicate key")


def error_body(
    code: str,
    message: str,
    *,
    details: dict[str, Any] | None = None,
    field_errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    error: dict[str, Any] = {
        "code": code,
        "message": message,
        "timestamp": timezone.now().isoformat().replace("+00:00", "Z"),
    }
    if details:
        error["details"] = details
    if field_errors:
        error["field_errors"] = field_errors
    return {"error": error}


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, str]:
    """DRF's nested error detail → {"field": "message"} with dotted paths for nested fields."""
    if isinstance(detail, dict):
        flat: dict[str, str] = {}
        for key, value in detail.items():
            flat.update(flatten_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list):
        if detail and all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "non_field_errors": " ".join(str(item) for item in detail)}
        flat = {}
        for index, item in enumerate(detail):
            if item:
                flat.update(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or "non_field_errors": str(detail)}


def _response(
    status_code: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    return Response(body, status=status_code, headers=headers)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    set_rollback()
    if isinstance(exc, Http404):
        return _response(404, error_body("RESOURCE_NOT_FOUND", "Resource not found."))
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        # A model field's own check (a malformed UUID in a lookup, say) that no serializer ran.
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, ValidationFailed):
        return _response(
            422, error_body("VALIDATION_ERROR", exc.message, field_errors=exc.field_errors)
        )
    if isinstance(exc, BusinessRuleError):
        return _response(
            400, error_body("BUSINESS_LOGIC_ERROR", exc.message, details=exc.details or None)
        )
    if isinstance(exc, ConflictError):
        return _response(
            409, error_body("RESOURCE_CONFLICT", exc.message, details=exc.details or None)
        )
    if isinstance(exc, IntegrityError):
        text = str(exc).lower()
        if any(marker in text for marker in UNIQUE_VIOLATION_MARKERS):
            return _response(409, error_body("RESOURCE_CONFLICT", "This record already exists."))
        return _response(422, error_body("VALIDATION_ERROR", "The data breaks an integrity rule."))
    if database_is_unavailable(exc):
        logger.warning("Database unavailable: %s", exc)
        return database_unavailable_response()
    if isinstance(exc, exceptions.APIException):
        return _api_exception_response(exc)
    if isinstance(exc, DatabaseError):
        logger.exception("Database error")
    else:
        logger.exception("Unhandled error in %s", context.get("view").__class__.__name__)
    return _response(500, error_body("INTERNAL_ERROR", "An unexpected error occurred."))


def database_unavailable_body() -> dict[str, Any]:
    return error_body(
        "SERVICE_UNAVAILABLE",
        "The database is unavailable. Please retry shortly.",
        details={"service_name": "database"},
    )


DATABASE_RETRY_AFTER = {"Retry-After": "5"}


def database_unavailable_response() -> Response:
    return _response(503, database_unavailable_body(), headers=DATABASE_RETRY_AFTER)


def _api_exception_response(exc: exceptions.APIException) -> Response:
    headers: dict[str, str] = {}
    if isinstance(exc, exceptions.ValidationError):
        return _response(
            422,
            error_body(
                "VALIDATION_ERROR",
                "Request validation failed.",
                field_errors=flatten_errors(exc.detail),
            ),
        )
    if isinstance(exc, exceptions.ParseError):
        code, message = "BAD_REQUEST", str(exc.detail)
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        code, message = "AUTHENTICATION_ERROR", _first_message(exc.detail)
        exc.status_code = status.HTTP_401_UNAUTHORIZED
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    elif isinstance(exc, exceptions.PermissionDenied):
        code, message = "AUTHORIZATION_ERROR", _first_message(exc.detail)
    elif isinstance(exc, exceptions.NotFound):
        code, message = "RESOURCE_NOT_FOUND", _first_message(exc.detail)
    elif isinstance(exc, exceptions.MethodNotAllowed):
        code, message = "METHOD_NOT_ALLOWED", _first_message(exc.detail)
    elif isinstance(exc, exceptions.Throttled):
        wait = int(getattr(exc, "wait", None) or 1)
        headers["Retry-After"] = str(wait)
        return _response(
            429,
            error_body("RATE_LIMIT_ERROR", "Rate limit exceeded.", details={"retry_after": wait}),
            headers,
        )
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        code, message = "UNSUPPORTED_MEDIA_TYPE", _first_message(exc.detail)
    elif isinstance(exc, exceptions.NotAcceptable):
        code, message = "NOT_ACCEPTABLE", _first_message(exc.detail)
    else:
        code, message = "BAD_REQUEST", _first_message(exc.detail)
    # Token errors carry structured detail (token class, messages); keep the message only.
    return _response(exc.status_code, error_body(code, message), headers)


def _first_message(detail: Any) -> str:
    if isinstance(detail, dict):
        if "detail" in detail:
            return str(detail["detail"])
        return _first_message(next(iter(detail.values()), ""))
    if isinstance(detail, list):
        return _first_message(detail[0]) if detail else ""
    return str(detail)


@csrf_exempt  # an unknown route answers 404 in the envelope, whatever the method or cookies
def api_not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(
        error_body("RESOURCE_NOT_FOUND", f"No API route matches {request.path}."), status=404
    )


def api_server_error(request: HttpRequest) -> JsonResponse:
    """An error outside DRF's views (a middleware, say); a lost database is still a 503."""
    if database_is_unavailable(sys.exception()):
        return JsonResponse(database_unavailable_body(), status=503, headers=DATABASE_RETRY_AFTER)
    return JsonResponse(error_body("INTERNAL_ERROR", "An unexpected error occurred."), status=500)


def database_is_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)
