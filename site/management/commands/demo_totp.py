"""`manage.py demo_totp <e-mail>`: the code a demo staff member's authenticator app shows now.

Staff log in with a password and then a 6-digit code from an authenticator app. The demo's
staff accounts share a published app secret, so that someone trying the demo can log in without
an app. Refused unless settings.DEMO_MODE is on, and for any account that is not a demo one.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from parentsite.demo.accounts import ACCOUNTS, current_code


class Command(BaseCommand):
    help = "Print the current 6-digit login code of a demo staff account (demo only)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="e.g. organizer@example.org")

    def handle(self, *args, email: str, **options):
        if not settings.DEMO_MODE:
            raise CommandError("demo_totp works only in the demo (DEMO_MODE is off).")
        demo_staff = {account.email for account in ACCOUNTS if account.is_staff_login}
        if email.lower() not in demo_staff:
            raise CommandError(f"Not a demo staff account; choose one of {sorted(demo_staff)}.")
        user = get_user_model().objects.filter(email__iexact=email).first()
        code = current_code(user) if user is not None else None
        if code is None:
            raise CommandError("This demo account has no authenticator yet: run load_demo.")
        self.stdout.write(code)
