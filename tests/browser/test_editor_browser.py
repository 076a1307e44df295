"""An editor in Chromium: edit a program page in the Swedish admin, press Publish, and the
change is live at once, with no approval step and no English workflow name on the way."""

import re

import pytest
from django.urls import reverse

from parentsite.demo.accounts import ensure_editors_group
from programs.models import ProgramPage
from tests.browser.conftest import needs_chromium
from tests.factories import ProgramPageFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "redaktor-publicerar-2026"  # noqa: S105 (a test user's password)


@pytest.fixture
def desktop_page(chromium_browser):
    context = chromium_browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_an_editor_publishes_a_program_page(live_server, desktop_page, staff_login, site_pages):
    _home, index = site_pages
    program = ProgramPageFactory(parent=index, title="KOMET 3–11")
    editor = UserFactory(username="redaktor", email="redaktor@example.org")
    editor.set_password(PASSWORD)
    editor.save()
    # The group as the demo sets it up: an earlier transactional test may have emptied the
    # tables that migrations fill (tests/site/test_editors.py checks the migration itself).
    editor.groups.add(ensure_editors_group())
    edit_url = reverse("wagtailadmin_pages:edit", args=[program.pk])

    page = desktop_page
    staff_login(page, editor, PASSWORD, next_url=edit_url)
    assert "Moderators" not in page.content()
    assert page.get_by_role("button", name=re.compile("Lämna in")).count() == 0

    page.locator("#id_title").fill("KOMET 3–11 år")
    page.locator("[data-w-dropdown-target=toggle]").last.click()  # the action menu's other actions
    page.get_by_role("button", name="Publicera").click()
    page.wait_for_url(re.compile(re.escape(reverse("wagtailadmin_explore", args=[index.pk])) + "$"))
    assert ProgramPage.objects.live().get(pk=program.pk).title == "KOMET 3–11 år"
