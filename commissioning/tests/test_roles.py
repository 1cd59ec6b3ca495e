import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from commissioning.roles import (
    APPROVE_DECISIONS,
    VIEW_DASHBOARDS,
    VIEW_PERSONAL_DATA,
    Role,
    sync_roles,
)
from commissioning.testing.roles import assert_role_access, role_statuses, user_with_role

pytestmark = pytest.mark.django_db


def test_the_four_role_groups_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Commissioning officer", "Commissioning manager", "Finance", "Viewer"} <= names


@pytest.mark.parametrize(
    ("role", "personal", "approve", "dashboards"),
    [
        (Role.OFFICER, True, False, False),
        (Role.MANAGER, True, True, True),
        (Role.FINANCE, False, False, True),
        (Role.VIEWER, False, False, False),
    ],
)
def test_capabilities_follow_the_design(role, personal, approve, dashboards):
    user = user_with_role(role)
    assert user.has_perm(VIEW_PERSONAL_DATA) is personal
    assert user.has_perm(APPROVE_DECISIONS) is approve
    assert user.has_perm(VIEW_DASHBOARDS) is dashboards


def test_only_people_who_see_personal_data_see_who_viewed_it():
    assert user_with_role(Role.OFFICER).has_perm("commissioning.view_recordview")
    assert not user_with_role(Role.FINANCE).has_perm("commissioning.view_recordview")
    assert not user_with_role(Role.VIEWER).has_perm("commissioning.view_recordview")


def test_sync_is_idempotent_and_restores_a_removed_permission():
    manager_group = Group.objects.get(name=Role.MANAGER.group_name)
    before = set(manager_group.permissions.values_list("pk", flat=True))
    manager_group.permissions.clear()
    sync_roles()
    sync_roles()
    assert set(manager_group.permissions.values_list("pk", flat=True)) == before


def test_home_is_open_to_every_role():
    assert_role_access(reverse("home"), allowed=set(Role))


def test_me_endpoint_is_open_to_every_role():
    assert_role_access(reverse("api:me"), allowed=set(Role))


def test_matrix_helper_reports_refusals():
    statuses = role_statuses(reverse("admin:index"))
    # Nobody in a role is staff: the admin sends them to its own sign-in.
    assert set(statuses.values()) == {302}
    with pytest.raises(AssertionError, match="unexpected statuses"):
        assert_role_access(reverse("admin:index"), allowed=set())
