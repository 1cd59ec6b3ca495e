"""API conventions of API.md: pagination, permissions by role, error format."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import exceptions, permissions
from rest_framework.pagination import PageNumberPagination
from rest_framework.serializers import as_serializer_error

from commissioning.roles import VIEW_PERSONAL_DATA


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class RolePermission(permissions.BasePermission):
    """Model permissions of the user's role, read included.

    A view may name its permissions per action with ``required_permissions``
    (``{"exercise": ["commissioning.change_contract"]}``); otherwise they come
    from the queryset's model and the HTTP method. Models that hold personal
    data also need the personal-data permission, whatever the method.
    """

    actions = {
        "GET": "view",
        "HEAD": "view",
        "OPTIONS": "view",
        "POST": "add",
        "PUT": "change",
        "PATCH": "change",
        "DELETE": "delete",
    }

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return user.has_perms(self.required(request, view))

    def required(self, request, view) -> list[str]:
        named = getattr(view, "required_permissions", None) or {}
        action = getattr(view, "action", None)
        if action in named:
            required = list(named[action])
        elif request.method in named:
            required = list(named[request.method])
        else:
            model = self._model(view)
            if model is None:
                return list(named.get("*", ["__no_permission_configured__"]))
            opts = model._meta
            required = [f"{opts.app_label}.{self.actions[request.method]}_{opts.model_name}"]
        model = self._model(view)
        if model is not None and getattr(model, "personal_data", False):
            required.append(VIEW_PERSONAL_DATA)
        return required

    @staticmethod
    def _model(view):
        model = getattr(view, "permission_model", None)
        if model is not None:
            return model
        queryset = getattr(view, "queryset", None)
        return queryset.model if queryset is not None else None


def exception_handler(exc, context):
    """DRF's handler, plus refusals raised by services as Django exceptions.

    A service that refuses a business action raises django's ValidationError
    with a message for the officer; the API answers 400 with the same message
    in API.md's shape ({"field": [...]} or {"non_field_errors": [...]}).
    """
    # Imported here: rest_framework.views imports this module through settings.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    elif isinstance(exc, IntegrityError):
        exc = exceptions.ValidationError(
            {"non_field_errors": ["This conflicts with a record that already exists."]}
        )
    return drf_exception_handler(exc, context)
