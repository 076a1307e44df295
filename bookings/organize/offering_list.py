"""The offerings overview: every group an organizer runs, its seats, waitlist and next session."""

import django_filters
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.widgets import Button
from wagtail.permissions import policy_registry

from bookings.models import Booking, Offering, Session
from bookings.permissions import offerings_visible_to
from bookings.selectors import availability_of, ended_filter, not_ended, with_availability

from .common import BOOKINGS, SESSIONS, MunicipalityColumnMixin, local_datetime
from .labels import day_label

ANY_PERMISSION = ["add", "change", "delete", "view"]


def programs_with_offerings(request=None):
    """Programs (the pages an offering's `program` points at) that have offerings."""
    program_model = Offering._meta.get_field("program").related_model
    programs = program_model.objects.filter(offerings__isnull=False)
    if request is not None:
        programs = program_model.objects.filter(
            offerings__in=offerings_visible_to(request.user).values("pk")
        )
    return programs.distinct().order_by("title")


class OfferingFilterSet(WagtailFilterSet):
    program = django_filters.ModelChoiceFilter(
        label=_("Program"), queryset=programs_with_offerings
    )
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[
            ("upcoming", _("Running or upcoming")),
            ("past", pgettext_lazy("offerings", "Ended")),
        ],
        method="filter_when",
        empty_label=_("All"),
    )
    has_waitlist = django_filters.ChoiceFilter(
        label=_("Waitlist"),
        choices=[("yes", _("Someone is waiting")), ("no", _("Nobody is waiting"))],
        method="filter_has_waitlist",
        empty_label=_("All"),
    )

    class Meta:
        model = Offering
        fields = ["program", "status"]

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "past":
            return queryset.filter(ended_filter(now=now))
        if value == "upcoming":
            return not_ended(queryset, now=now)
        return queryset

    def filter_has_waitlist(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(waitlist_length__gt=0)
        if value == "no":
            return queryset.filter(waitlist_length=0)
        return queryset


def seats_booked(offering) -> str:
    """ "4 / 6 households", marked when full or over-full (from the availability selector)."""
    availability = availability_of(offering)
    text = gettext("%(taken)d / %(capacity)d %(unit)s") % {
        "taken": availability.seats_taken,
        "capacity": availability.capacity,
        "unit": offering.get_capacity_unit_display(),
    }
    if availability.is_over_full:
        return gettext("%(seats)s (over-full)") % {"seats": text}
    if availability.is_full:
        return gettext("%(seats)s (full)") % {"seats": text}
    return text


def date_span(offering) -> str:
    """First to last session day, e.g. "12 mar 2027 – 21 maj 2027"."""
    first, last = offering.first_session_at, offering.last_session_ends_at
    if first is None:
        return gettext("No sessions yet")
    first_day, last_day = day_label(first), day_label(last)
    return first_day if first_day == last_day else f"{first_day} – {last_day}"


class OfferingIndexView(MunicipalityColumnMixin, generic.IndexView):
    """Offerings with seats booked, waitlist length and next session, in the listing's one
    query. The title opens the organizer's page for the offering."""

    def get_base_queryset(self):
        now = timezone.now()
        upcoming = Q(sessions__is_cancelled=False, sessions__ends_at__gte=now)
        return with_availability(
            super().get_base_queryset().select_related("program")
        ).annotate(next_session_at=Min("sessions__starts_at", filter=upcoming))

    def get_edit_url(self, instance):
        """The title links to the offering's page (bookings, waitlist, actions)."""
        return reverse("organize:offering", args=[instance.pk])

    def get_list_more_buttons(self, instance):
        buttons = [
            Button(
                _("Bookings and waitlist"),
                url=reverse("organize:offering", args=[instance.pk]),
                icon_name="list-ul",
                priority=10,
            ),
            Button(
                _("Attendance"),
                url=reverse("organize:attendance", args=[instance.pk]),
                icon_name="tick-inverse",
                priority=20,
            ),
            Button(
                _("Interest list"),
                url=reverse("interest_list:program", args=[instance.program_id]),
                icon_name="group",
                priority=25,
            ),
        ]
        if self.user_has_permission("change"):
            url = reverse(self.edit_url_name, args=[instance.pk])
            buttons.append(Button(_("Edit settings"), url=url, icon_name="edit", priority=30))
        links = [
            (Session, SESSIONS, "index", _("Sessions"), "date"),
            (Session, SESSIONS, "add", _("Add session"), "plus"),
            (Booking, BOOKINGS, "index", _("Bookings list"), "list-ul"),
        ]
        for priority, (model, namespace, view, label, icon) in enumerate(links, start=40):
            needed = ["add"] if view == "add" else ANY_PERMISSION
            policy = policy_registry.get_by_type(model)
            if policy.user_has_any_permission(self.request.user, needed):
                url = reverse(f"{namespace}:{view}") + f"?offering={instance.pk}"
                buttons.append(Button(label, url=url, icon_name=icon, priority=priority))
        if delete_url := self.get_delete_url(instance):
            buttons.append(Button(_("Delete"), url=delete_url, icon_name="bin", priority=90))
        return buttons


LIST_DISPLAY = [
    "title",
    "program",
    Column("dates", label=_("Dates"), accessor=date_span, sort_key="first_session_at"),
    Column("seats_booked", label=_("Booked"), accessor=seats_booked, sort_key="seats_taken"),
    Column("waitlist_length", label=_("Waitlist"), sort_key="waitlist_length"),
    Column(
        "next_session_at",
        label=_("Next session"),
        accessor=lambda offering: local_datetime(offering.next_session_at),
        sort_key="next_session_at",
    ),
    "status",
]
