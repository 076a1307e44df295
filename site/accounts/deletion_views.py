"""A parent deletes their own account: what will happen, a confirmation, then it is done."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from bookings.services import BookingError
from parentsite.accounts.deletion import (
    bookings_cancelled_by_deletion,
    delete_parent_account,
)

from .ownership import parent_accounts


class DeleteAccountForm(forms.Form):
    understood = forms.BooleanField(
        label=_("I understand that this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm that you want this.")},
    )


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """GET explains and lists the bookings that would be cancelled; POST (box ticked) deletes
    the account, logs the parent out and goes to the home page."""
    may_delete = parent_accounts().filter(pk=request.user.pk).exists()
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and may_delete:
        if form.is_valid():
            try:
                delete_parent_account(user_id=request.user.pk)
            except BookingError as error:
                form.add_error(None, error.message)
            else:
                logout(request)
                messages.success(
                    request, _("Your account and your personal data have been deleted.")
                )
                return redirect("/")
        status = 400
    elif request.method == "POST":
        status = 403
    context = {
        "form": form,
        "may_delete": may_delete,
        "cancelled": bookings_cancelled_by_deletion(user=request.user) if may_delete else [],
    }
    response = render(request, "mypages/delete_account.html", context, status=status)
    response.headers["X-Robots-Tag"] = "noindex"
    return response
