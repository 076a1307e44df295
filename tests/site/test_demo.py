"""`manage.py load_demo`: two municipalities (Gnesta and Sollentuna), each a site with its own
host name, pages, programs, staff and bookings, on an empty database, loaded once however often
run."""

import importlib
import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import transaction
from django.http.request import validate_host
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Collection, GroupPagePermission, Page, Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from bookings.models import (
    Booking,
    BookingStatus,
    EmailSettings,
    Offering,
    Session,
    SiteGroup,
    WaitlistPolicy,
)
from bookings.organize.rosters import attendance_grid
from bookings.permissions import offerings_visible_to
from bookings.selectors import WindowState, availability_of, with_availability
from parentsite.demo import schedule
from parentsite.demo.accounts import (
    ACCOUNTS,
    ADMIN,
    EDITOR,
    GNESTA_ADMIN,
    ORGANIZER,
    PARENT,
    SOLLENTUNA_ADMIN,
    SOLLENTUNA_EDITOR,
    SOLLENTUNA_ORGANIZER,
)
from parentsite.demo.municipalities import GNESTA, MUNICIPALITIES, SOLLENTUNA
from parentsite.models import AccessibilityStatementPage, HomePage, StandardPage
from parentsite.municipality import MunicipalitySettings
from programs.models import Contact, Language, ProgramIndexPage, ProgramPage, Venue

ROOT = Path(__file__).resolve().parents[2]
GNESTA_HOST, SOLLENTUNA_HOST = "127.0.0.1:8000", "sollentuna.localhost:8000"
GNESTA_PROGRAMS = {
    "komet-3-11", "komet-12-18", "traffar-npf", "foraldrakvall-andt", "foraldraskap-i-sverige",
}  # fmt: skip
SOLLENTUNA_PROGRAMS = {"komet-barn-3-11", "foraldratraff-npf", "abc-alla-barn-i-centrum"}
COUNTED = (
    Page, Site, Offering, Session, Booking, Language, Venue, Contact, Group, EmailAddress,
    SiteGroup, GroupPagePermission, Collection, MunicipalitySettings, EmailSettings,
)  # fmt: skip


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    result = {model.__name__: model.objects.count() for model in COUNTED}
    result["users"] = get_user_model().objects.count()
    result["group permissions"] = Group.permissions.through.objects.count()
    result["memberships"] = get_user_model().groups.through.objects.count()
    result["booking statuses"] = sorted(Booking.objects.values_list("status", flat=True))
    return result


@pytest.fixture(scope="class")
def loaded_demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for a class of tests (a load takes seconds) and rolled back after
    them, so the tests outside the class see an empty database."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded_demo, db):
    """The loaded demo; what a test changes is rolled back after it."""


def user(account):
    return get_user_model().objects.get(email=account.email)


def site_of(municipality) -> Site:
    return Site.objects.get(root_page__slug=municipality.facts.home_slug)


def slugs(offerings) -> set[str]:
    return set(offerings.values_list("program__slug", flat=True))


def offering_of(slug: str) -> Offering:
    """The program's offering that has not started yet (KOMET 3–11 also has running ones)."""
    return with_availability(Offering.objects.filter(program__slug=slug)).get(
        first_session_at__gt=timezone.now()
    )


def test_make_run_prints_every_demo_site_and_the_dev_server_accepts_its_host():
    recipe = r"^run:.*\n(?:\t.*\n)+"  # the target's lines and its recipe
    run = re.search(recipe, (ROOT / "Makefile").read_text(), re.M).group()
    dev = importlib.import_module("parentsite.settings.dev")
    for municipality in MUNICIPALITIES:
        assert f"http://{municipality.hostname}:$(PORT)/admin/" in run
        assert municipality.facts.name in run
        assert validate_host(municipality.hostname, dev.ALLOWED_HOSTS)


def test_print_logins_prints_only_the_demo_logins(db):
    out = StringIO()
    call_command("load_demo", "--print-logins", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == len(ACCOUNTS)
    for account, line in zip(ACCOUNTS, lines, strict=True):
        assert account.email in line and account.password in line
    assert not Offering.objects.exists()  # printing loads nothing


def test_demo_dates_skip_the_christmas_and_summer_breaks():
    assert schedule.weekly(date(2026, 12, 17), 3) == [
        date(2026, 12, 17),
        date(2027, 1, 7),
        date(2027, 1, 14),
    ]
    assert schedule.monthly_after(date(2027, 6, 1), schedule.WEDNESDAY, 2) == [
        date(2027, 6, 9),
        date(2027, 8, 11),
    ]
    assert schedule.next_weekday(date(2026, 11, 26), schedule.THURSDAY) == date(2026, 12, 3)
    assert schedule.at(date(2027, 6, 9), 18).utcoffset().total_seconds() == 2 * 3600


def test_the_demo_refuses_a_database_with_a_site_of_its_own(db):
    root = Page.get_first_root_node()
    root.add_child(instance=HomePage(title="Föräldrastöd i Vår kommun", slug="var-kommun"))
    with pytest.raises(CommandError, match="already has a site of its own"):
        load_demo()
    assert not Offering.objects.exists() and not ProgramPage.objects.exists()
    assert not get_user_model().objects.exists()  # refused before anything was made


@pytest.mark.usefixtures("demo")
class TestTheLoadedDemo:
    """The demo loaded once for all these tests (`loaded_demo`); each test's changes are
    rolled back after it."""

    def test_demo_replaces_the_welcome_page_with_two_municipality_sites(self):
        gnesta, sollentuna = site_of(GNESTA), site_of(SOLLENTUNA)
        assert Site.objects.count() == 2
        assert (gnesta.hostname, gnesta.port, gnesta.is_default_site) == ("127.0.0.1", 8000, True)
        assert (sollentuna.hostname, sollentuna.port) == ("sollentuna.localhost", 8000)
        assert not sollentuna.is_default_site
        assert gnesta.root_page.title == "Föräldrastöd i Gnesta kommun"
        assert sollentuna.root_page.title == "Föräldrastöd i Sollentuna kommun"
        homes = {gnesta.root_page.pk, sollentuna.root_page.pk}
        top = Page.objects.filter(depth=2)
        assert set(top.filter(locale__language_code="sv").values_list("pk", flat=True)) == homes
        # Beside them only translations of Gnesta's home page (Arabic and English): no welcome.
        translated = top.exclude(locale__language_code="sv")
        assert sorted(translated.values_list("locale__language_code", flat=True)) == ["ar", "en"]
        assert {page.translation_key for page in translated} == {gnesta.root_page.translation_key}

        for site, expected in ((gnesta, GNESTA_PROGRAMS), (sollentuna, SOLLENTUNA_PROGRAMS)):
            home = site.root_page.specific
            assert isinstance(home, HomePage)
            index = ProgramIndexPage.objects.child_of(home).get()
            assert index.slug == "program"
            assert set(StandardPage.objects.child_of(home).values_list("slug", flat=True)) == {
                "personuppgifter",
            }
            assert AccessibilityStatementPage.objects.child_of(home).live().get().slug == (
                "tillganglighet"
            )
            programs = ProgramPage.objects.child_of(index).live()
            assert set(programs.values_list("slug", flat=True)) == expected
            for program in programs:
                assert program.intro and program.easy_read_summary
                assert {block.block_type for block in program.body} >= {
                    "heading",
                    "paragraph",
                    "question",
                }
                # The program's venue and contact are its own municipality's.
                assert program.venue.site == site and program.contact.site == site
        assert set(Language.objects.values_list("name", flat=True)) == {
            "Svenska",
            "Arabiska",
            "Somaliska",
            "Dari",
            "Tigrinja",
            "Engelska",
        }

    def test_each_municipality_has_its_own_settings(self):
        gnesta, sollentuna = site_of(GNESTA), site_of(SOLLENTUNA)
        expected = {
            gnesta: ("Gnesta kommun", "Socialnämnden i Gnesta", 90, "Föräldrastöd Gnesta kommun"),
            sollentuna: (
                "Sollentuna kommun",
                "Socialnämnden i Sollentuna",
                180,
                "Föräldrastöd Sollentuna kommun",
            ),
        }
        for site, (name, controller, days, sender) in expected.items():
            chosen = MunicipalitySettings.objects.get(site=site)
            assert (chosen.municipality_name, chosen.data_controller) == (name, controller)
            assert chosen.days_kept == days
            # The footer's pages are the municipality's own, and say what the settings say.
            assert chosen.privacy_page.get_parent().pk == site.root_page.pk
            assert chosen.accessibility_page.get_parent().pk == site.root_page.pk
            privacy = chosen.privacy_page.specific.body
            assert controller in privacy and f"{days} dagar" in privacy
            assert chosen.privacy_contact in privacy
            assert EmailSettings.objects.get(site=site).sender_name == sender

    def test_demo_offerings_show_each_booking_state(self):
        komet = offering_of("komet-3-11")
        assert komet.sessions.count() == 11
        assert availability_of(komet).can_book_seat

        full = offering_of("komet-12-18")
        availability = availability_of(full)
        assert availability.is_full and availability.is_open
        assert availability.waitlist_length == 3
        assert full.waitlist_policy == WaitlistPolicy.OFFER

        meetups = Offering.objects.filter(program__slug="traffar-npf")
        assert meetups.count() == 6
        assert all(meetup.sessions.count() == 1 for meetup in meetups)

        evening = offering_of("foraldrakvall-andt")
        assert (evening.capacity, evening.capacity_unit) == (100, "persons")

        later = offering_of("foraldraskap-i-sverige")
        assert later.sessions.count() == 5
        assert availability_of(later).window == WindowState.NOT_YET_OPEN
        assert not later.bookings.exists()
        assert set(later.program.specific.languages.values_list("code", flat=True)) == {
            "ar",
            "so",
            "prs",
        }
        assert not Booking.objects.exclude(email__endswith="@example.org").exists()

    def test_demo_accounts_can_log_in_with_their_email(self, client):
        for account in ACCOUNTS:
            address = EmailAddress.objects.get(user=user(account))
            assert address.verified and address.primary
            assert client.login(username=account.email, password=account.password)
        assert [account for account in ACCOUNTS if user(account).is_superuser] == [ADMIN]
        assert list(user(EDITOR).groups.values_list("name", flat=True)) == ["Gnesta: redaktörer"]
        for account in (ORGANIZER, SOLLENTUNA_ORGANIZER):
            organizer = user(account)
            assert organizer.has_perm("bookings.change_offering")
            assert organizer.has_perm("bookings.view_booking")
            assert organizer.has_perm("wagtailadmin.access_admin")
            assert not organizer.has_perm("bookings.manage_all_offerings")
        for account in (GNESTA_ADMIN, SOLLENTUNA_ADMIN):
            administrator = user(account)
            assert administrator.has_perm("wagtailadmin.access_admin")
            assert administrator.has_perm("bookings.manage_all_offerings")
            for model in ("offering", "session", "booking", "attendance", "outboxmessage"):
                for action in ("view", "add", "change"):
                    assert administrator.has_perm(f"bookings.{action}_{model}")
            assert not administrator.has_perm("bookings.delete_booking")
        assert not user(PARENT).groups.exists()

    def test_every_staff_group_works_for_its_own_municipality(self):
        for municipality in MUNICIPALITIES:
            site = site_of(municipality)
            names = {
                f"{municipality.short_name}: {kind}"
                for kind in ("bokningsadministratörer", "gruppledare", "redaktörer")
            }
            assert (
                set(SiteGroup.objects.filter(site=site).values_list("group__name", flat=True))
                == names
            )
        # Every demo staff login (but the superuser) is in exactly one such group.
        for account in ACCOUNTS:
            if account.group:
                assert [group.site_link.site for group in user(account).groups.all()] == [
                    site_of(GNESTA if account.group.startswith("Gnesta") else SOLLENTUNA)
                ]

    def test_each_booking_administrator_sees_exactly_their_municipalitys_offerings(self):
        gnesta = Offering.objects.filter(program__slug__in=GNESTA_PROGRAMS)
        sollentuna = Offering.objects.filter(program__slug__in=SOLLENTUNA_PROGRAMS)
        assert gnesta.count() == 12 and sollentuna.count() == 7
        assert set(offerings_visible_to(user(GNESTA_ADMIN))) == set(gnesta)
        assert set(offerings_visible_to(user(SOLLENTUNA_ADMIN))) == set(sollentuna)
        assert offerings_visible_to(user(ADMIN)).count() == Offering.objects.count() == 19
        # Organizers see the groups they lead, in their own municipality; editors see none.
        assert slugs(offerings_visible_to(user(ORGANIZER))) == {"komet-3-11", "komet-12-18"}
        assert slugs(offerings_visible_to(user(SOLLENTUNA_ORGANIZER))) == {
            "komet-barn-3-11",
            "abc-alla-barn-i-centrum",
        }
        for editor in (EDITOR, SOLLENTUNA_EDITOR):
            assert not offerings_visible_to(user(editor)).exists()

    def test_each_editor_edits_only_their_own_municipalitys_pages(self, client):
        policy = PagePermissionPolicy()
        for account, own, other in (
            (EDITOR, GNESTA, SOLLENTUNA),
            (SOLLENTUNA_EDITOR, SOLLENTUNA, GNESTA),
        ):
            editor = user(account)
            own_home, other_home = site_of(own).root_page, site_of(other).root_page
            editable = policy.instances_user_has_permission_for(editor, "change")
            assert set(editable) == set(Page.objects.descendant_of(own_home, inclusive=True))
            assert set(policy.instances_user_has_permission_for(editor, "publish")) == set(editable)
            own_program = ProgramPage.objects.descendant_of(own_home).first()
            other_program = ProgramPage.objects.descendant_of(other_home).first()
            assert own_program.permissions_for_user(editor).can_publish()
            assert not other_program.permissions_for_user(editor).can_edit()
            assert not other_home.permissions_for_user(editor).can_add_subpage()

            client.force_login(editor)
            edit = "wagtailadmin_pages:edit"
            assert client.get(reverse(edit, args=[own_program.pk])).status_code == 200
            assert client.get(reverse(edit, args=[other_program.pk])).status_code != 200

    def test_admin_login_goes_through_allauth(self, client):
        """Staff log in with e-mail and password plus an app code (tests/security covers the code
        step with `demo_totp`); Wagtail's own username form is not used."""
        response = client.get(reverse("wagtailadmin_login") + "?next=/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_organizer_sees_the_bookings_admin_and_the_parent_does_not(self, client):
        client.login(username=ORGANIZER.email, password=ORGANIZER.password)
        assert client.get(reverse("bookings_offerings:index")).status_code == 200
        client.logout()
        client.login(username=PARENT.email, password=PARENT.password)
        assert client.get(reverse("bookings_offerings:index")).status_code == 302

    def test_second_run_changes_nothing(self):
        before = counts()
        output = load_demo()
        assert counts() == before
        assert "nothing changed" in output

    def test_each_site_answers_on_its_own_host_name(self, client):
        for host, municipality, other in (
            (GNESTA_HOST, GNESTA, SOLLENTUNA),
            (SOLLENTUNA_HOST, SOLLENTUNA, GNESTA),
        ):
            home = client.get("/", HTTP_HOST=host)
            assert home.status_code == 200
            assert f"Föräldrastöd i {municipality.facts.name}".encode() in home.content
            listing = client.get("/program/", HTTP_HOST=host).content.decode()
            for program in municipality.programs:
                assert program["title"] in listing
            for program in other.programs:
                assert program["title"] not in listing

            pages = Page.objects.live().descendant_of(site_of(municipality).root_page)
            for page in pages:
                path = page.get_url_parts()[2]
                assert client.get(path, HTTP_HOST=host).status_code == 200, (path, host)
            site = site_of(municipality)
            other_page = ProgramPage.objects.descendant_of(site_of(other).root_page).first()
            assert client.get(other_page.get_url_parts()[2], HTTP_HOST=host).status_code == 404
            assert site.root_url == f"http://{host}"

    def test_loading_again_on_another_port_moves_the_sites_links_there(self, settings):
        settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8101"  # make run PORT=8101
        load_demo()
        try:
            assert site_of(GNESTA).root_url == "http://127.0.0.1:8101"
            assert site_of(SOLLENTUNA).root_url == "http://sollentuna.localhost:8101"
            page = ProgramPage.objects.live().descendant_of(site_of(GNESTA).root_page).first()
            assert page.full_url.startswith("http://127.0.0.1:8101/")
        finally:  # the rollback does not reach Wagtail's cache of site roots
            Site.clear_site_root_paths_cache()

    def test_wagtail_finds_the_site_by_host_name_and_gnesta_is_the_default(self):
        requests = RequestFactory()
        found = {
            url: Site.find_for_request(requests.get("/", HTTP_HOST=url.split("/")[2]))
            for url in (
                "http://127.0.0.1:8000/",
                "http://sollentuna.localhost:8000/",
                "http://sollentuna.localhost:8101/",  # make run PORT=8101
                "http://localhost:8000/",
                "http://localhost:41234/",  # a test's live server
            )
        }
        sollentuna = {"http://sollentuna.localhost:8000/", "http://sollentuna.localhost:8101/"}
        assert {url for url, site in found.items() if site == site_of(SOLLENTUNA)} == sollentuna
        assert all(site == site_of(GNESTA) for url, site in found.items() if url not in sollentuna)

    def test_demo_parent_cancelling_in_the_full_group_offers_the_seat_to_the_first_in_line(self):
        from bookings.selectors import waitlist_ordering
        from bookings.services import cancel_booking

        parent = get_user_model().objects.get(email="parent@example.org")
        seat = parent.bookings.get(offering__program__slug="komet-12-18")
        waiting = list(
            seat.offering.bookings.filter(status=BookingStatus.WAITLISTED).order_by(
                *waitlist_ordering()
            )
        )
        cancel_booking(booking_id=seat.pk)
        waiting[0].refresh_from_db()
        waiting[1].refresh_from_db()
        assert waiting[0].status == BookingStatus.OFFERED
        assert waiting[1].status == BookingStatus.WAITLISTED

    def test_demo_has_a_running_and_an_ended_group_with_attendance_for_the_organizer(self):
        organizer = get_user_model().objects.get(email=ORGANIZER.email)
        komet = Offering.objects.filter(program__slug="komet-3-11")
        assert komet.count() == 3
        running = komet.get(title__startswith="Onsdagar")
        grid = attendance_grid(offering_id=running.pk)
        assert len(grid.rows) == 6 and grid.present > 0 and grid.absent > 0
        assert running.sessions.filter(starts_at__gt=timezone.now()).exists()
        # The organizer leads the KOMET groups only; NPF and ANDT belong to colleagues.
        assert set(organizer.organized_offerings.values_list("program__slug", flat=True)) == {
            "komet-3-11",
            "komet-12-18",
        }

    def test_sollentuna_offerings_show_each_booking_state(self):
        komet = offering_of("komet-barn-3-11")
        assert komet.sessions.count() == 10
        statuses = sorted(komet.bookings.values_list("status", flat=True))
        assert statuses == sorted(
            [BookingStatus.CONFIRMED] * 5
            + [BookingStatus.CANCELLED, BookingStatus.OFFERED]
            + [BookingStatus.WAITLISTED] * 2
        )
        offer = komet.bookings.get(status=BookingStatus.OFFERED)
        assert offer.offer_expires_at > timezone.now()
        assert availability_of(komet).is_full

        meetups = Offering.objects.filter(program__slug="foraldratraff-npf")
        assert meetups.count() == 4
        assert all(meetup.sessions.count() == 1 for meetup in meetups)

        abc = offering_of("abc-alla-barn-i-centrum")
        assert abc.sessions.count() == 4 and availability_of(abc).can_book_seat
        ended = Offering.objects.filter(program__slug="abc-alla-barn-i-centrum").exclude(pk=abc.pk)
        grid = attendance_grid(offering_id=ended.get().pk)
        assert len(grid.rows) == 5 and grid.present > 0 and grid.absent > 0
        assert not Booking.objects.exclude(email__endswith="@example.org").exists()

    def test_the_demo_parent_has_bookings_in_both_municipalities(self):
        bookings = user(PARENT).bookings.all()
        assert sorted(bookings.values_list("offering__program__slug", "status")) == [
            ("foraldratraff-npf", BookingStatus.CONFIRMED),
            ("komet-12-18", BookingStatus.CONFIRMED),
            ("komet-3-11", BookingStatus.CONFIRMED),
        ]
        homes = {
            Site.find_for_request(RequestFactory().get("/", HTTP_HOST=host)).root_page
            for host in (GNESTA_HOST, SOLLENTUNA_HOST)
        }
        assert {booking.offering.program.get_site().root_page for booking in bookings} == homes


@pytest.mark.django_db
def test_the_demo_has_komet_in_arabic_and_english_beside_swedish(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    arabic = client.get("/ar/program/komet-3-11/").content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "<h1>كوميت 3–11</h1>" in arabic
    assert "untranslated-note" not in arabic
    english = client.get("/en/program/komet-3-11/").content.decode()
    assert "<h1>KOMET 3–11</h1>" in english and "Parents of children aged 3–11" in english
    # A program nobody translated: in Swedish, marked and explained, under /ar/.
    untranslated = client.get("/ar/program/komet-12-18/").content.decode()
    assert "untranslated-note" in untranslated
    assert '<h1 lang="sv" dir="ltr">' in untranslated
