"""Who is acting: the signed-in user of the current request, or the user a
service, task or command says it is acting for.

Base models stamp created_by/modified_by from here, and django-simple-history
records the same user on every historical row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from simple_history.models import HistoricalRecords

_current_request: ContextVar = ContextVar("current_request", default=None)
_acting_user: ContextVar = ContextVar("acting_user", default=None)


def current_user():
    """The user doing the current work, or None for the system."""
    user = _acting_user.get()
    if user is not None:
        return user
    request = _current_request.get()
    # DRF sets the authenticated user back on the Django request, so token
    # requests resolve here too once the view has authenticated them.
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Attribute writes inside the block to ``user`` (tasks, commands, imports)."""
    token = _acting_user.set(user)
    try:
        yield
    finally:
        _acting_user.reset(token)


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def _history_user(instance=None, request=None, **kwargs):
    return current_user()


def audit_history(**kwargs) -> HistoricalRecords:
    """History for a model in one line: ``history = audit_history()``."""
    kwargs.setdefault("get_user", _history_user)
    return HistoricalRecords(**kwargs)
