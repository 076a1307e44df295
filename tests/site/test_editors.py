"""Editors publish pages themselves: a Publish button and no approval workflow in between."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Workflow

from parentsite.demo.accounts import EDITOR, ensure_editors_group
from programs.models import ProgramPage
from tests.factories import ProgramPageFactory, UserFactory


def edit_page(client, page) -> str:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def program(program_index):
    return ProgramPageFactory(parent=program_index, title="KOMET 3–11")


def test_no_approval_workflow_stands_between_an_editor_and_publishing(program):
    assert not Workflow.objects.filter(active=True).exists()
    assert program.get_workflow() is None


@pytest.mark.parametrize("group", ["installed", "demo"])
def test_an_editor_sees_publish_and_no_submit_for_approval(client, program, group):
    editor = UserFactory(username=f"redaktor-{group}")
    editors = Group.objects.get(name="Editors") if group == "installed" else ensure_editors_group()
    editor.groups.add(editors)
    client.force_login(editor)

    assert program.permissions_for_user(editor).can_publish()
    html = edit_page(client, program)
    assert 'name="action-publish"' in html
    assert 'name="action-submit"' not in html
    assert "Moderators approval" not in html


def test_the_demo_editor_may_publish(db):
    call_command("load_demo")
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(email=EDITOR.email)
    page = ProgramPage.objects.live().first()
    assert page.permissions_for_user(editor).can_publish()
    assert page.get_workflow() is None


def test_wagtails_default_workflow_has_a_swedish_name(db):
    """Turned off, but listed under Settings → Workflows, where an administrator may turn it
    on again: then editors read "Skicka till Godkännande av moderatorer"."""
    from wagtail.models import Task, Workflow

    assert list(Workflow.objects.values_list("name", "active")) == [
        ("Godkännande av moderatorer", False)
    ]
    assert list(Task.objects.values_list("name", flat=True)) == ["Godkännande av moderatorer"]
