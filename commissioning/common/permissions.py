"""Role checks for pages."""

from django.contrib.auth.mixins import PermissionRequiredMixin

from commissioning.roles import VIEW_PERSONAL_DATA


class RolePermissionMixin(PermissionRequiredMixin):
    """Refuse with 403 (not a sign-in redirect) when the role lacks a permission.

    Sign-in itself is enforced for every page by SignInRequiredMiddleware.
    """

    raise_exception = True


class PersonalDataMixin(RolePermissionMixin):
    """Pages that show personal data: only roles that need it."""

    def get_permission_required(self):
        return (VIEW_PERSONAL_DATA, *super().get_permission_required())

    permission_required = ()
