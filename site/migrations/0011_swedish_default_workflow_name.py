# Wagtail's default workflow and its task are called "Moderators approval" in English whatever
# the admin's language; an administrator who turns the workflow on again (Settings → Workflows)
# would see editors offered "Submit to Moderators approval" in a Swedish admin. Both get the
# Swedish name where they still have Wagtail's.

from django.db import migrations

NAMES = {"Moderators approval": "Godkännande av moderatorer"}


def name_in_swedish(apps, schema_editor):
    for model in ("Workflow", "Task"):
        rows = apps.get_model("wagtailcore", model).objects
        for english, swedish in NAMES.items():
            rows.filter(name=english).update(name=swedish)


def name_in_english(apps, schema_editor):
    for model in ("Workflow", "Task"):
        rows = apps.get_model("wagtailcore", model).objects
        for english, swedish in NAMES.items():
            rows.filter(name=swedish).update(name=english)


class Migration(migrations.Migration):
    dependencies = [
        ("parentsite", "0010_accessibility_statement"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
    ]

    operations = [migrations.RunPython(name_in_swedish, name_in_english)]
