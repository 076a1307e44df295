"""Staff see which e-mails could not be delivered; organizers without the permission do not."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from bookings.models import OutboxStatus
from bookings.notifications.outbox import queue_email
from tests.conftest import read_in
from tests.factories import UserFactory


def failed_message():
    message = queue_email(
        kind="booking_confirmed", recipient="sara@example.org", subject="S", body_text="B"
    )
    message.status = OutboxStatus.FAILED
    message.attempts = 6
    message.last_error = "SMTPServerDisconnected"
    message.save()
    return message


def test_administrators_see_failed_messages(client, db):
    failed_message()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    read_in(client, "en")
    response = client.get(reverse("bookings_outbox:index"), {"status": "failed"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "sara@example.org" in html
    assert "SMTPServerDisconnected" in html
    assert "Booking confirmed" in html  # the kind in words, not its code


def test_staff_without_the_permission_are_refused(client, db):
    failed_message()
    user = UserFactory(is_staff=True)
    editors = Group.objects.create(name="Only admin access")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(editors)
    client.force_login(user)
    response = client.get(reverse("bookings_outbox:index"))
    assert response.status_code in (302, 403)
    assert b"sara@example.org" not in response.content
