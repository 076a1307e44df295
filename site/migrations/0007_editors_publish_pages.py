# Editors publish pages themselves: the Editors group (made by Wagtail's migrations with "add" and
# "edit" only) may also publish every page, and Wagtail's default workflow "Moderators approval",
# which would otherwise offer editors "Submit to Moderators approval" in place of "Publish", is
# turned off. A workflow an install has put to use (one in progress) is left alone; an
# administrator can turn it on again, or set up a review step of their own, under Settings →
# Workflows.

from django.db import migrations

DEFAULT_WORKFLOW = "Moderators approval"


def let_editors_publish(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")

    editors = Group.objects.filter(name="Editors").first()
    root = Page.objects.filter(depth=1).order_by("path").first()
    publish = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename="publish_page"
    ).first()
    if editors and root and publish:
        GroupPagePermission.objects.get_or_create(group=editors, page=root, permission=publish)

    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW, active=True):
        if WorkflowState.objects.filter(workflow=workflow, status="in_progress").exists():
            continue
        WorkflowPage.objects.filter(workflow=workflow).delete()
        workflow.active = False
        workflow.save(update_fields=["active"])


class Migration(migrations.Migration):
    dependencies = [
        ("parentsite", "0006_cache_table"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
    ]

    operations = [migrations.RunPython(let_editors_publish, migrations.RunPython.noop)]
