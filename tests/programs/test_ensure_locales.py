"""Every content language has its Wagtail locale after a migrate; a flush (which sends the same
signal, to empty the database on purpose) makes none."""

import pytest
from django.conf import settings
from django.core.management.sql import emit_post_migrate_signal
from wagtail.models import Locale, Page

pytestmark = pytest.mark.django_db


def languages() -> set[str]:
    return set(Locale.objects.values_list("language_code", flat=True))


@pytest.fixture
def no_locales():
    Page.objects.filter(depth__gt=0).delete()
    Locale.objects.all().delete()


def test_a_migrate_makes_a_locale_for_each_content_language(no_locales):
    emit_post_migrate_signal(0, False, "default", plan=[])

    assert languages() == {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}


def test_a_flush_makes_none(no_locales):
    emit_post_migrate_signal(0, False, "default")

    assert languages() == set()
