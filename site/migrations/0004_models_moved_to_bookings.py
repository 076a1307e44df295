# ParentProfile and EmailSettings now belong to `bookings` (its migration 0011 takes over their
# tables). Only the state changes here; the content types follow, so permissions and history
# stay attached.

from django.db import migrations

MOVED = ["parentprofile", "emailsettings"]


def move_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label="bookings", model=model).exists():
            content_type.objects.filter(app_label="parentsite", model=model).update(
                app_label="bookings"
            )


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="bookings", model__in=MOVED).update(
        app_label="parentsite"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('parentsite', '0003_parent_profile'),
        ('bookings', '0011_parent_profile_and_email_settings'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ParentProfile'),
                migrations.DeleteModel(name='EmailSettings'),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
