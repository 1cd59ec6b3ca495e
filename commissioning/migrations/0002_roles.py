"""Create the four role groups (DESIGN.md). Their permissions are assigned by
commissioning.roles.sync_roles after every migrate, once every model exists."""

from django.db import migrations

ROLE_GROUPS = ("Commissioning officer", "Commissioning manager", "Finance", "Viewer")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
