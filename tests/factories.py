"""factory_boy factories for pages, offerings, sessions and bookings."""

from datetime import timedelta

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, Site

from bookings.models import (
    Booking,
    BookingStatus,
    CapacityUnit,
    Offering,
    OfferingStatus,
    Session,
    WaitlistPolicy,
)
from bookings.services.schedule import refresh_offering_dates
from parentsite.models import HomePage, StandardPage
from programs.models import Contact, Language, ProgramIndexPage, ProgramKind, ProgramPage, Venue


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")


def default_site() -> Site:
    """The site a snippet belongs to unless a test says otherwise."""
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    site = factory.LazyFunction(default_site)
    name = factory.Sequence(lambda n: f"Familjecentralen {n}")
    street_address = "Storgatan 1"
    postal_code = "646 30"
    city = "Gnesta"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    site = factory.LazyFunction(default_site)
    name = "Anna Andersson"
    role = "Föräldrastödssamordnare"
    email = "foraldrastod@example.org"
    phone = "0158-27 50 00"


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = "sv"
    name = "Svenska"


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Föräldrastöd i Gnesta"


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = "Personuppgifter"


class ProgramIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProgramIndexPage

    title = "Föräldraprogram"
    slug = "program"


class ProgramPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProgramPage

    title = factory.Sequence(lambda n: f"KOMET {n}")
    kind = ProgramKind.COURSE
    audience = "Föräldrar till barn 3–11 år"
    child_age_min = 3
    child_age_max = 11
    intro = "En kurs för föräldrar som ofta hamnar i konflikt med sitt barn."


def make_site() -> tuple[HomePage, ProgramIndexPage]:
    """A home page as the default site's root, with a program index below it."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "site_name": "Gnesta"},
    )
    index = ProgramIndexPageFactory(parent=home)
    return home, index


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offering

    program = factory.SubFactory(ProgramPageFactory)
    title = "Torsdagar 18:00, vårterminen"
    capacity = 6
    capacity_unit = CapacityUnit.HOUSEHOLDS
    max_persons_per_booking = 2
    waitlist_policy = WaitlistPolicy.AUTO
    status = OfferingStatus.PUBLISHED
    venue = factory.SubFactory(VenueFactory)


OFFERING_DATES = ["first_session_at", "last_session_ends_at"]


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    offering = factory.SubFactory(OfferingFactory)
    starts_at = factory.Sequence(lambda n: timezone.now() + timedelta(days=14 + 7 * (n % 50)))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + timedelta(hours=2))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """A session made here is stored like one added by staff: its offering's dates follow."""
        session = super()._create(model_class, *args, **kwargs)
        refresh_offering_dates(offering_ids=[session.offering_id])
        session.offering.refresh_from_db(fields=OFFERING_DATES)
        return session


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    offering = factory.SubFactory(OfferingFactory)
    email = factory.Sequence(lambda n: f"parent{n}@example.org")
    name = factory.Sequence(lambda n: f"Förälder {n}")
    phone = "070-123 45 67"
    persons = 1
    status = BookingStatus.CONFIRMED


class WaitlistedBookingFactory(BookingFactory):
    """A booking on the waitlist; each one joined a second after the one made before it.

    Counted from a year back: the sequence runs on through the whole test session, and a
    waitlist time in the future would put factory-made households behind a parent who books
    now (a minute per booking reached the future after 1,440 of them).
    """

    status = BookingStatus.WAITLISTED
    waitlisted_at = factory.Sequence(
        lambda n: timezone.now() - timedelta(days=365) + timedelta(seconds=n)
    )


class OfferedBookingFactory(BookingFactory):
    """A booking that has been offered a freed seat, with a deadline a day away."""

    status = BookingStatus.OFFERED
    waitlisted_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    offer_expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
