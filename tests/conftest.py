"""Shared fixtures."""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, connections
from django.utils import translation
from wagtail.models import Locale

from tests import migrated_template
from tests.factories import OfferingFactory, SessionFactory, make_site


@pytest.fixture
def site_pages(db):
    """(home page, program index page) as the default site."""
    return make_site()


@pytest.fixture
def program_index(site_pages):
    return site_pages[1]


@pytest.fixture
def make_offering(program_index):
    """Build a published offering under the site's program index, with upcoming sessions."""
    from tests.factories import ProgramPageFactory

    def build(*, sessions: int = 1, program=None, **fields):
        program = program or ProgramPageFactory(parent=program_index)
        offering = OfferingFactory(program=program, **fields)
        for _ in range(sessions):
            SessionFactory(offering=offering)
        return offering

    return build


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need real row locks; they are skipped on SQLite."""
    if connection.vendor != "postgresql" and "sqlite" in connection.settings_dict["ENGINE"]:
        skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def fresh_vobject_time_zones():
    """vobject remembers every VTIMEZONE it parsed by TZID, process-wide, and reuses the first
    one for later files. Each test must read a file's own VTIMEZONE, so forget them."""
    import vobject.icalendar

    vars(vobject.icalendar)["__tzidMap"].clear()
    yield


# With --reuse-db (`make mutants` runs hundreds of short sessions, each a few tests in no set
# order, on one database) a transactional test that empties every table when it ends would leave
# the next test, and the next session, without the rows migrations made (Wagtail's root page and
# locale, ...). So such sessions copy those rows at setup and put them back after any test that
# emptied the tables. A run without --reuse-db is not touched.
MIGRATED_ROWS = pytest.StashKey[tuple]()


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings):
    """Keep (do not re-create) the test database with --reuse-db, or when it was just copied
    from the migrated SQLite template (tests/migrated_template.py)."""
    if request.config.getvalue("reuse_db"):
        return True
    if not migrated_template.applies():
        return False
    test_database = connection.settings_dict["TEST"]["NAME"]
    copied = migrated_template.copy_to(test_database)
    request.config.stash[COPIED_FROM_TEMPLATE] = copied
    return copied


COPIED_FROM_TEMPLATE = pytest.StashKey[bool]()


def content_types_first(rows: str) -> str:
    """The migrated rows, as Django serialized them, with the content types first.

    Putting them back into emptied tables builds each object in turn, and Wagtail's task
    models look their content type up when built: if it is not back yet, one is made with a
    new id, and the migrated row that follows clashes with it (unique app_label and model).
    """
    objects = json.loads(rows)
    objects.sort(key=lambda row: row["model"] != "contenttypes.contenttype")  # a stable sort
    return json.dumps(objects)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb, request):
    # Django keeps the migrated rows for `serialized_rollback` on the connection object of the
    # context that set the database up; once Playwright's sync API has started, the tests run in
    # another context (asgiref's Local is a context variable) with a connection object of its
    # own, and every later `serialized_rollback` would silently restore nothing. Kept on the
    # class, every connection object of the run has them.
    # That first connection is closed at the end, so the test database can be dropped.
    first_connections = connections.all(initialized_only=True)
    for wrapper in first_connections:
        contents = getattr(wrapper, "_test_serialized_contents", None)
        if contents is not None:
            type(wrapper)._test_serialized_contents = content_types_first(contents)
    copied = request.config.stash.get(COPIED_FROM_TEMPLATE, None)
    if copied is False:  # migrated afresh: the next process starts from a copy
        migrated_template.save_from(connection.settings_dict["NAME"])
    if request.config.getvalue("reuse_db"):
        with django_db_blocker.unblock():
            rows = content_types_first(connection.creation.serialize_db_to_string())
        request.config.stash[MIGRATED_ROWS] = (rows, django_db_blocker)
    with django_db_blocker.unblock():
        request.config.stash[FIRST_CONTENT_TYPE] = (first_content_type(), django_db_blocker)
    yield
    for wrapper in first_connections:
        wrapper.close()
    if copied:  # kept, so not dropped by Django: the copy goes with the run
        Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)


# A transactional test without `serialized_rollback` ends with a flush, after which Django's
# post_migrate handlers make the content types again, with other ids. A `serialized_rollback`
# test puts the migrated rows back expecting empty tables, and would clash with those (unique
# app_label and model). So before such a test, rows made after a flush (the first content type
# is not the migrated one) are emptied first. One query per such test.
FIRST_CONTENT_TYPE = pytest.StashKey[tuple]()


def first_content_type() -> tuple | None:
    return ContentType.objects.order_by("pk").values_list("pk", "app_label", "model").first()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_setup(item):
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("serialized_rollback"):
        migrated, blocker = item.config.stash.get(FIRST_CONTENT_TYPE, (None, None))
        if blocker is not None:
            with blocker.unblock():
                if first_content_type() not in (None, migrated):
                    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
                    ContentType.objects.clear_cache()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if MIGRATED_ROWS not in item.config.stash:
        return
    rows, blocker = item.config.stash[MIGRATED_ROWS]
    with blocker.unblock():
        if not Locale.objects.exists():
            call_command(
                "flush",
                interactive=False,
                inhibit_post_migrate=True,
                reset_sequences=False,  # the rows put back keep their ids: new ones follow
                verbosity=0,
            )
            connection.creation.deserialize_db_from_string(rows)
            ContentType.objects.clear_cache()


def read_in(client, language: str):
    """Make `client` read the site in `language`, as a visitor does: every path it asks for is
    that language's address of the page (/en/... for English; Swedish at the root). Paths that
    already name a language, and addresses outside the translated site, are left as they are."""
    from django.conf import settings
    from django.urls import Resolver404, resolve, translate_url
    from django.utils.translation import get_language_from_path

    ask = client.generic

    def generic(method, path, *args, **kwargs):
        if path.startswith("/") and get_language_from_path(path) is None:
            with translation.override(settings.LANGUAGE_CODE):  # a Swedish address, read as one
                try:
                    resolve(urlsplit(path).path)
                except Resolver404:  # no page (a test of a bad address): under the prefix
                    path = f"/{language}{path}"
                else:
                    path = translate_url(path, language)
        return ask(method, path, *args, **kwargs)

    if language != settings.LANGUAGE_CODE:
        client.generic = generic
    # The test's own addresses (page.url, reverse()) in that language too, until it ends.
    translation.activate(language)
    # Whoever is logged in on `client` reads the admin in it too (a staff member's setting).
    logged_in = settings.SESSION_COOKIE_NAME in client.cookies
    user_id = client.session.get("_auth_user_id") if logged_in else None
    if user_id is not None:
        from django.contrib.auth import get_user_model

        staff_reads_in(get_user_model().objects.get(pk=user_id), language)
    return client


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    yield
    translation.deactivate()


def staff_reads_in(user, language: str):
    """The admin's language is each staff member's own setting (Wagtail's profile), not the
    address: set it for `user`."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user
