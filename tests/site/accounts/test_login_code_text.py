"""The login-code e-mail says the same thing in its text part as in its HTML part, in our words."""

from django.urls import reverse

from bookings.models import OutboxMessage
from tests.conftest import read_in
from tests.site.accounts.conftest import make_parent


def test_the_text_part_of_the_login_code_mail_is_ours(client, site_pages):
    make_parent("sara@example.org")
    read_in(client, "sv")

    client.post(reverse("account_request_login_code"), {"email": "sara@example.org"})

    message = OutboxMessage.objects.get(recipient="sara@example.org")
    ours = "Skriv in den i webbläsarfönstret där du bad om den."
    text = message.body_text
    assert "Vänligen ange den i ditt öppna webbläsarfönster" not in text  # allauth's default
    lines = [line.strip() for line in text.splitlines()]
    code = next(line for line in lines if len(line) == 9 and line[4] == "-")
    assert code in message.body_html
    assert ours in text and ours in message.body_html
