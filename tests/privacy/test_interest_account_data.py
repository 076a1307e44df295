"""A parent's registrations on interest lists in "Download my data", and what deleting the
account does to them: theirs are those linked to the account and those made with one of its
verified addresses, never an unverified address's or another parent's."""

import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone, translation

from bookings.models import (
    InterestInvitation,
    InterestRegistration,
    InterestSource,
    InterestStatus,
    OutboxMessage,
    OutboxStatus,
)
from bookings.services import register_interest
from bookings.services.anonymization import anonymized_name
from parentsite.accounts.deletion import delete_parent_account
from parentsite.accounts.personal_data import collect_personal_data
from tests.privacy.conftest import find_in_database

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def lists(make_offering, parent):
    """The parent waits for KOMET (registered on the website, with preferences, invited to the
    autumn group, an invitation e-mail queued), staff added them by phone for NPF (their
    verified address, not linked to the account) and they booked ABC from its list. Someone
    else waits for KOMET, and a registration on an address the parent has not confirmed."""
    autumn = make_offering(sessions=1, title="Höstens grupp")
    komet = autumn.program
    komet.title = "KOMET 3–11"
    komet.save()
    npf = make_offering(sessions=1).program
    npf.title = "NPF-träffar"
    npf.save()
    abc = make_offering(sessions=1).program
    abc.title = "ABC"
    abc.save()
    waiting = register_interest(
        program_id=komet.pk,
        user=parent.user,
        email=parent.email,
        name=parent.name,
        phone=parent.phone,
        persons=2,
        child_age_band="6-9",
        preferred_language="ar",
        preferred_weekdays=[4, 2],
        preferred_time_of_day="evening",
        language="en",
        registered_at=NOW - timedelta(days=40),
    )
    invitation = InterestInvitation.objects.create(
        registration=waiting,
        offering=autumn,
        sent_at=NOW - timedelta(days=2),
        expires_at=NOW + timedelta(days=1),
    )
    InterestRegistration.objects.filter(pk=waiting.pk).update(last_invited_at=invitation.sent_at)
    OutboxMessage.objects.create(
        kind="interest_invitation",
        interest_registration=waiting,
        recipient=parent.email,
        subject="Inbjudan till KOMET",
        body_text=f"Hej {parent.name}",
        status=OutboxStatus.PENDING,
    )
    by_phone = register_interest(
        program_id=npf.pk,
        email=parent.email.upper(),
        name=parent.name,
        source=InterestSource.STAFF,
    )
    booked = register_interest(program_id=abc.pk, user=parent.user, email="", name=parent.name)
    InterestRegistration.objects.filter(pk=booked.pk).update(status=InterestStatus.BOOKED)
    EmailAddress.objects.create(user=parent.user, email="ej.bekraftad@example.org")
    unconfirmed = register_interest(
        program_id=npf.pk, email="ej.bekraftad@example.org", name="Inte Bekräftad"
    )
    someone_else = register_interest(
        program_id=komet.pk, email="annan@example.org", name="Annan Förälder", phone="070-9"
    )
    return {
        "waiting": waiting,
        "by_phone": by_phone,
        "booked": booked,
        "unconfirmed": unconfirmed,
        "someone_else": someone_else,
        "autumn": autumn,
    }


def test_the_export_holds_each_registration_with_its_invitations_and_emails(parent, lists):
    data = collect_personal_data(user=parent.user)

    registrations = data["interest_registrations"]
    assert [(row["program"], row["status"]) for row in registrations] == [
        ("KOMET 3–11", "waiting"),
        ("NPF-träffar", "waiting"),
        ("ABC", "booked"),
    ]
    komet = registrations[0]
    assert komet["linked_to_account"] is True
    assert (komet["name"], komet["email"], komet["phone"]) == (
        parent.name,
        parent.email,
        parent.phone,
    )
    assert (komet["persons"], komet["child_age_band"], komet["preferred_language"]) == (
        2,
        "6-9",
        "ar",
    )
    assert komet["preferred_weekdays"] == [2, 4]
    assert komet["preferred_time_of_day"] == "evening"
    assert komet["in_line_since"] == lists["waiting"].registered_at
    assert komet["last_invited_at"] == NOW - timedelta(days=2)
    assert komet["withdrawn_at"] is None
    assert komet["message_language"] == "en"
    assert komet["invitations"] == [
        {
            "program": "KOMET 3–11",
            "group": "Höstens grupp",
            "invited_at": NOW - timedelta(days=2),
            "expires_at": NOW + timedelta(days=1),
            "booked": False,
        }
    ]
    assert [(e["subject"], e["to"], e["status"]) for e in komet["emails"]] == [
        ("Inbjudan till KOMET", parent.email, "pending")
    ]
    by_phone = registrations[1]
    assert (by_phone["linked_to_account"], by_phone["made_by"]) == (False, "staff")
    text = json.dumps(registrations, default=str)
    assert "Annan Förälder" not in text
    assert "Inte Bekräftad" not in text


def test_the_page_and_the_file_show_the_registrations(client, parent, lists):
    client.force_login(parent.user)
    with translation.override("en"):
        page = client.get(reverse("mypages:my_data"))
        assert page.status_code == 200
        assert "no-store" in page["Cache-Control"]
        soup = BeautifulSoup(page.content.decode(), "html.parser")
        section = soup.find("section", attrs={"aria-labelledby": "interest-data-heading"})
        titles = [h3.get_text(strip=True) for h3 in section.find_all("h3")]
        assert titles == ["KOMET 3–11", "NPF-träffar", "ABC"]
        first = section.find("article")
        facts = dict(
            zip(
                [dt.get_text(strip=True) for dt in first.find_all("dt")],
                [dd.get_text(" ", strip=True) for dd in first.find_all("dd")],
                strict=True,
            )
        )
        assert facts["Preferred days"] == "Tuesday, Thursday"
        assert facts["Preferred time of day"] == "Evening (from 17)"
        assert facts["E-mail address"] == parent.email
        assert "Höstens grupp" in first.get_text(" ")

        response = client.get(reverse("mypages:my_data_download"))
    downloaded = json.loads(response.content)
    assert [row["program"] for row in downloaded["interest_registrations"]] == [
        "KOMET 3–11",
        "NPF-träffar",
        "ABC",
    ]
    assert downloaded["interest_registrations"][0]["invitations"][0]["group"] == "Höstens grupp"


def test_deleting_the_account_takes_the_parent_off_every_list_and_blanks_their_registrations(
    parent, lists
):
    delete_parent_account(user_id=parent.user.pk, now=NOW)

    rows = InterestRegistration.objects.in_bulk(
        [lists[key].pk for key in ("waiting", "by_phone", "booked")]
    )
    assert [rows[lists[key].pk].status for key in ("waiting", "by_phone", "booked")] == [
        InterestStatus.WITHDRAWN,
        InterestStatus.WITHDRAWN,
        InterestStatus.BOOKED,
    ]
    for row in rows.values():
        assert (row.name, row.email, row.phone, row.user_id) == (anonymized_name(), "", "", None)
        assert row.anonymized_at == NOW
    assert rows[lists["waiting"].pk].withdrawn_at == NOW
    assert (rows[lists["waiting"].pk].child_age_band, rows[lists["waiting"].pk].persons) == (
        "",
        2,
    )
    # The invitation e-mail not yet sent is gone; the invitation (a count) stays.
    assert not OutboxMessage.objects.filter(interest_registration=lists["waiting"]).exists()
    assert InterestInvitation.objects.filter(registration=lists["waiting"]).exists()
    assert find_in_database(parent.name, parent.email, parent.phone) == set()
    # Not theirs: another parent's, and one on an address they never confirmed.
    for key in ("someone_else", "unconfirmed"):
        other = InterestRegistration.objects.get(pk=lists[key].pk)
        assert (other.status, other.email, other.anonymized_at) == (
            InterestStatus.WAITING,
            lists[key].email,
            None,
        )


def test_the_deletion_page_says_the_parent_leaves_the_interest_lists(client, parent):
    client.force_login(parent.user)
    with translation.override("en"):
        response = client.get(reverse("mypages:delete_account"))
    assert "You leave the interest lists you are on" in response.content.decode()
