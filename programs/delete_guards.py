"""Refuse, with a clear message in the admin, deletions the database would refuse anyway.

Offerings point at program pages and venues with PROTECT, so booked data can never vanish with
a page or snippet. Without these checks the admin would answer such a deletion with a 500.
"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from bookings.models import Offering, Session

from .models import ProgramPage, Venue


def refuse_deleting_programs_with_offerings(request, page):
    """`before_delete_page` hook: the page, or a program below it, has offerings."""
    programs = ProgramPage.objects.descendant_of(page, inclusive=True)
    if not Offering.objects.filter(program__in=programs).exists():
        return None
    messages.error(
        request,
        _(
            "This page cannot be deleted: it has offerings, and their bookings must be kept. "
            "Unpublish the page instead."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def refuse_deleting_venues_in_use(request, instances):
    """`before_delete_snippet` hook: a venue that offerings or sessions still use."""
    venues = [instance for instance in instances if isinstance(instance, Venue)]
    if not venues:
        return None
    in_use = (
        Offering.objects.filter(venue__in=venues).exists()
        or Session.objects.filter(Q(venue__in=venues)).exists()
    )
    if not in_use:
        return None
    messages.error(
        request, _("This venue cannot be deleted: offerings or sessions are held there.")
    )
    return redirect(reverse("wagtailsnippets_programs_venue:list"))
