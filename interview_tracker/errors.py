"""Domain errors raised by services.

Services never raise HTTP or DRF exceptions: the API maps these to the error envelope, the
dashboard to form errors and messages, and commands to their row report.
"""

from typing import Any


class DomainError(Exception):
    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class BusinessRuleError(DomainError):
    """A rule of the domain forbids this change (an illegal transition, say): HTTP 400."""


class ConflictError(DomainError):
    """The change collides with existing data (a duplicate e-mail, say): HTTP 409."""


class ValidationFailed(DomainError):
    """Input that passes its type checks but breaks a field rule: HTTP 422 with field errors."""

    def __init__(self, field_errors: dict[str, str], message: str = "Validation failed.") -> None:
        super().__init__(message)
        self.field_errors = field_errors


class InvitationUnclaimed(DomainError):
    """Registration of an address for which an invitation already made an account that nobody
    has signed in to: the account becomes the registrant's only through a link mailed to the
    address (whoever knows an invited address must not take over its memberships)."""

    def __init__(self, user: Any) -> None:
        super().__init__("An invitation already created an account for this address.")
        self.user = user
