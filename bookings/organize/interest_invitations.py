"""Inviting a program's interest list to a new group, from the admin: the choice in the
offering's form (applied when the group is published) and the action on the organizer's
offering page. Both write through `services.invitations`; both need the permission to edit
offerings, on an offering the staff member may see."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.forms import WagtailAdminModelForm

from bookings.models import InviteMode, OfferingStatus
from bookings.selectors.invitations import interest_counts
from bookings.services.invitations import (
    DEFAULT_PRIORITY_HOURS,
    MOST_PRIORITY_HOURS,
    Invited,
    invite_interest_list,
)

from .action_form import ActionFormView
from .labels import moment_label

CHANGE_OFFERING = "bookings.change_offering"
INVITING_MODES = [
    (mode.value, mode.label) for mode in (InviteMode.PRIORITY_WINDOW, InviteMode.BATCHES)
]


def priority_hours_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=gettext_lazy("Priority window (hours)"),
        min_value=1,
        max_value=MOST_PRIORITY_HOURS,
        initial=DEFAULT_PRIORITY_HOURS,
        required=False,
        help_text=gettext_lazy(
            "When everyone is invited at once: only invited households can book until this "
            "many hours have passed; then booking opens to all (or later, if “booking opens” "
            "says so)."
        ),
    )


class InviteChoiceForm(WagtailAdminModelForm):
    """An offering's form with the interest list's invitation: the mode (a field of the
    offering) and the priority window's hours (used when the group is published). Once the
    list has been invited, both only say how."""

    priority_hours = priority_hours_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        invited_at = self.instance.interest_invited_at
        if self.is_bound and "invite_mode" in self.fields and "invite_mode" not in self.data:
            # A post without the choice (a script, a form from before it) keeps the mode.
            self.fields["invite_mode"].disabled = True
        if invited_at is not None and "invite_mode" in self.fields:
            self.fields["invite_mode"].disabled = True
            self.fields["invite_mode"].help_text = _(
                "The interest list was invited on %(date)s."
            ) % {"date": moment_label(invited_at)}
            self.fields["priority_hours"].disabled = True
        elif "invite_mode" in self.fields:
            self.fields["invite_mode"].help_text = _(
                "The households waiting for this program are invited when the group is "
                "published."
            )


def save_and_invite(request, *, save, fields: dict):
    """Save the offering's form with `save(fields)` and, when the group is published with an
    invitation mode and its list not yet invited, invite it, all in one transaction (a
    refusal to invite keeps the form unsaved). Returns the saved offering."""
    hours = fields.pop("priority_hours", None) or DEFAULT_PRIORITY_HOURS
    with transaction.atomic():
        offering = save(fields)
        if offering.invite_mode == InviteMode.NONE or offering.interest_invited_at is not None:
            return offering
        if offering.status != OfferingStatus.PUBLISHED:
            messages.info(
                request, _("The interest list will be invited when you publish the group.")
            )
            return offering
        invited = invite_interest_list(
            offering_id=offering.pk, actor=request.user, priority_hours=hours
        )
    offering.refresh_from_db()
    messages.success(request, invited_text(invited))
    return offering


def invited_text(invited: Invited) -> str:
    """ "12 households ... get an invitation by e-mail. 2 households ...: phone them." """
    message = ngettext(
        "%(count)d household on the interest list gets an invitation by e-mail.",
        "%(count)d households on the interest list get an invitation by e-mail.",
        invited.invited,
    ) % {"count": invited.invited}
    if invited.to_phone:
        message += " " + ngettext(
            "%(count)d household cannot be invited by e-mail (no address, or more persons "
            "than one booking may bring): phone them.",
            "%(count)d households cannot be invited by e-mail (no address, or more persons "
            "than one booking may bring): phone them.",
            invited.to_phone,
        ) % {"count": invited.to_phone}
    return message


class InviteForm(forms.Form):
    mode = forms.ChoiceField(
        label=gettext_lazy("How to invite"), choices=INVITING_MODES, widget=forms.RadioSelect
    )
    priority_hours = priority_hours_field()


class InviteInterestListView(ActionFormView):
    page_title = gettext_lazy("Invite the interest list")
    submit_label = gettext_lazy("Invite the interest list")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(CHANGE_OFFERING):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data=None):
        stored = self.offering.invite_mode
        initial = {
            "mode": stored if stored != InviteMode.NONE else InviteMode.PRIORITY_WINDOW,
            "priority_hours": DEFAULT_PRIORITY_HOURS,
        }
        return InviteForm(data, initial=initial)

    def get_explanation(self):
        counts = interest_counts(self.offering)
        text = ngettext(
            "%(count)d household is waiting on this program's interest list.",
            "%(count)d households are waiting on this program's interest list.",
            counts.waiting,
        ) % {"count": counts.waiting}
        if counts.to_phone:
            text += " " + ngettext(
                "%(count)d of them cannot be invited by e-mail: phone them.",
                "%(count)d of them cannot be invited by e-mail: phone them.",
                counts.to_phone,
            ) % {"count": counts.to_phone}
        return text + " " + _(
            "Everyone at once: each household gets an e-mail now, and only they can book "
            "until the priority window ends. In batches: households are invited in the order "
            "they registered, as many as there are free seats; each invitation holds its "
            "seats for the group's hours to accept a seat, then the next households are "
            "invited."
        )

    def perform(self, form):
        invited = invite_interest_list(
            offering_id=self.offering.pk,
            actor=self.request.user,
            mode=form.cleaned_data["mode"],
            priority_hours=form.cleaned_data["priority_hours"] or DEFAULT_PRIORITY_HOURS,
        )
        if invited.already:
            return _("The interest list had already been invited to this group.")
        return invited_text(invited)


def interest_panel(offering, user) -> dict:
    """What the offering's page says about the program's interest list."""
    may_invite = (
        user.has_perm(CHANGE_OFFERING)
        and offering.interest_invited_at is None
        and offering.status == OfferingStatus.PUBLISHED
    )
    return {
        "invited_at": offering.interest_invited_at,
        "counts": interest_counts(offering) if may_invite else None,
        "may_invite": may_invite,
    }


urlpatterns = [
    path(
        "<id:offering_id>/invite-interest-list/",
        InviteInterestListView.as_view(),
        name="invite_interest_list",
    ),
]
