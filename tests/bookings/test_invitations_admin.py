"""Staff choose how a group invites its program's interest list: in the offering's form when
they publish it, or with the action on the organizer's offering page."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from bookings.models import InterestInvitation, InterestSource, InviteMode, OfferingStatus
from parentsite.demo.accounts import admin_access_permission, ensure_organizers_group
from tests.bookings.interest_invites import register
from tests.bookings.test_admin import OFFERINGS, offering_form
from tests.conftest import staff_reads_in
from tests.factories import ProgramPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(program_index):
    program = ProgramPageFactory(parent=program_index, title="KOMET 3–11")
    for n in range(3):
        register(program, n)
    register(program, 3, email="", source=InterestSource.STAFF)
    return program


@pytest.fixture
def draft(make_offering, program):
    return make_offering(program=program, sessions=2, status=OfferingStatus.DRAFT)


@pytest.fixture
def boss_client(client, db):
    boss = UserFactory(username="chef", is_superuser=True, is_staff=True)
    client.force_login(staff_reads_in(boss, "en"))
    return client


def organizer_of(offering, *, may_edit: bool = True, username: str = "ledare"):
    user = UserFactory(username=username)
    if may_edit:
        user.groups.add(ensure_organizers_group())
    else:
        viewers = Group.objects.create(name="Bara läsa")
        viewers.permissions.add(
            admin_access_permission(),
            *Permission.objects.filter(codename__in=["view_offering", "view_booking"]),
        )
        user.groups.add(viewers)
    offering.organizers.add(user)
    return staff_reads_in(user, "en")


def edit(client, offering, **changes):
    return client.post(
        reverse(f"{OFFERINGS}:edit", args=[offering.pk]), offering_form(offering, **changes)
    )


def test_publishing_a_group_with_a_priority_window_invites_the_list(boss_client, draft):
    before = timezone.now()
    response = edit(
        boss_client, draft, status="published", invite_mode="priority", priority_hours="24"
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.interest_invited_at is not None
    assert before + timedelta(hours=24) <= draft.booking_opens_at <= timezone.now() + timedelta(
        hours=24
    )
    assert InterestInvitation.objects.filter(offering=draft).count() == 3
    shown = [str(message) for message in boss_client.get(response.url).context["messages"]]
    assert any("3 households on the interest list get an invitation" in m for m in shown)
    assert any("1 household cannot be invited by e-mail" in m for m in shown)


def test_a_draft_keeps_the_choice_and_invites_when_published(boss_client, draft):
    edit(boss_client, draft, invite_mode="batches")

    draft.refresh_from_db()
    assert (draft.invite_mode, draft.interest_invited_at) == ("batches", None)
    assert not InterestInvitation.objects.exists()

    edit(boss_client, draft, status="published", invite_mode="batches")

    draft.refresh_from_db()
    assert draft.interest_invited_at is not None
    assert InterestInvitation.objects.filter(offering=draft).count() == 3  # 6 seats, 3 waiting


def test_once_invited_the_form_only_shows_how(boss_client, draft):
    edit(boss_client, draft, status="published", invite_mode="priority")
    draft.refresh_from_db()

    page = boss_client.get(reverse(f"{OFFERINGS}:edit", args=[draft.pk]))
    assert page.context["form"].fields["invite_mode"].disabled
    assert "The interest list was invited on" in page.content.decode()

    edit(boss_client, draft, invite_mode="batches", title="Nytt namn")
    draft.refresh_from_db()
    assert (draft.invite_mode, draft.title) == ("priority", "Nytt namn")
    assert InterestInvitation.objects.count() == 3


def test_a_window_booking_cannot_hold_leaves_the_group_unpublished(boss_client, draft):
    closes = timezone.localtime() + timedelta(hours=10)
    response = edit(
        boss_client,
        draft,
        status="published",
        invite_mode="priority",
        priority_hours="24",
        booking_closes_at=closes.strftime("%Y-%m-%d %H:%M"),
    )

    assert response.status_code == 200
    assert "Booking closes before the priority window would end" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.interest_invited_at) == (OfferingStatus.DRAFT, None)


def test_the_organizer_invites_the_list_from_the_offering_page(client, make_offering, program):
    group = make_offering(program=program, sessions=2)
    client.force_login(organizer_of(group))
    action = reverse("organize:invite_interest_list", args=[group.pk])

    page = client.get(reverse("organize:offering", args=[group.pk])).content.decode()
    assert "4 households are waiting on the program" in page and action in page
    form = client.get(action).content.decode()
    assert "4 households are waiting on this program" in form
    assert "1 of them cannot be invited by e-mail: phone them." in form

    response = client.post(action, {"mode": "batches", "priority_hours": "48"})

    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.invite_mode, group.booking_opens_at) == (InviteMode.BATCHES, None)
    assert InterestInvitation.objects.filter(offering=group).count() == 3
    page = client.get(reverse("organize:offering", args=[group.pk])).content.decode()
    assert "Interest list invited on" in page and action not in page


def test_inviting_needs_the_permission_to_edit_the_group(client, make_offering, program):
    group = make_offering(program=program, sessions=2)
    client.force_login(organizer_of(group, may_edit=False))
    action = reverse("organize:invite_interest_list", args=[group.pk])

    assert action not in client.get(reverse("organize:offering", args=[group.pk])).content.decode()
    # Wagtail answers a refused permission with the dashboard and a message.
    for response in (client.get(action), client.post(action, {"mode": "priority"})):
        assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert not InterestInvitation.objects.exists()


def test_another_groups_organizer_cannot_invite_to_this_group(client, make_offering, program):
    group, other = make_offering(program=program), make_offering(program=program)
    client.force_login(organizer_of(other))

    response = client.post(
        reverse("organize:invite_interest_list", args=[group.pk]),
        {"mode": "priority", "priority_hours": "48"},
    )

    assert response.status_code == 404
    assert not InterestInvitation.objects.exists()
