import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_rows():
    first_output = io.StringIO()
    call_command("load_demo", stdout=first_output)
    counts = _row_counts()
    passwords = dict(get_user_model().objects.values_list("username", "password"))

    second_output = io.StringIO()
    call_command("load_demo", stdout=second_output)

    assert _row_counts() == counts
    assert dict(get_user_model().objects.values_list("username", "password")) == passwords
    # Passwords are printed once, when the users are created.
    assert "officer" in first_output.getvalue()
    assert "Demo users" not in second_output.getvalue()


@pytest.mark.django_db
def test_demo_has_one_user_per_role():
    call_command("load_demo", stdout=io.StringIO())
    users = get_user_model().objects.prefetch_related("groups")
    roles = {user.username: [g.name for g in user.groups.all()] for user in users}
    assert roles == {
        "officer": ["Commissioning officer"],
        "manager": ["Commissioning manager"],
        "finance": ["Finance"],
        "viewer": ["Viewer"],
    }


@pytest.mark.django_db
def test_reset_passwords_prints_new_ones():
    call_command("load_demo", stdout=io.StringIO())
    before = get_user_model().objects.get(username="officer").password
    output = io.StringIO()
    call_command("load_demo", "--reset-passwords", stdout=output)
    assert "officer" in output.getvalue()
    assert get_user_model().objects.get(username="officer").password != before
