"""A parent withdraws a registration from a program's interest list, from My pages.

Like the rest of My pages the address holds no id: the registration comes in the posted form,
and is found only among the account's own (the account it belongs to, or one of the account's
verified addresses: `ownership`). Anyone else's, or one that does not exist, is a 404.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings.models import InterestStatus
from bookings.services import BookingError, withdraw_interest

from .ownership import interest_registrations_of_parent


class WithdrawInterestForm(forms.Form):
    registration = forms.IntegerField(min_value=1, max_value=2**31 - 1)


@login_required
@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    """Take the household off the list (My pages asks "are you sure?" before posting)."""
    form = WithdrawInterestForm(request.POST)
    if not form.is_valid():
        raise Http404
    registration = (
        interest_registrations_of_parent(user=request.user)
        .filter(pk=form.cleaned_data["registration"])
        .first()
    )
    if registration is None:
        raise Http404
    if registration.status != InterestStatus.WAITING:
        messages.info(request, _("This registration is no longer on the interest list."))
    else:
        try:
            withdraw_interest(registration_id=registration.pk)
        except BookingError as error:  # withdrawn or booked a moment ago
            messages.info(request, error.message)
        else:
            messages.success(request, _("You are no longer on the interest list."))
    return redirect(reverse("mypages:index") + "#interest-heading")
