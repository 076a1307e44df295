"""`manage.py load_demo`: the demo municipalities (Gnesta and Sollentuna) with dated offerings
and demo logins."""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from parentsite.demo.accounts import login_lines
from parentsite.demo.loader import DemoError, load_demo


@contextmanager
def quiet_wagtail_log(verbosity: int):
    """Wagtail logs each page it creates and publishes; show that only with -v 2."""
    logger = logging.getLogger("wagtail")
    level = logger.level
    if verbosity < 2:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Load the demo municipalities (Gnesta and Sollentuna, one site each): pages, programs, "
        "offerings, bookings, staff per municipality and one parent. Safe to run again: an "
        "existing demo is left as it is. Demo only (settings.DEMO_MODE): the logins and the "
        "staff's authenticator secret are published."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--print-logins",
            action="store_true",
            help="Only print the demo logins (e-mail, password, how to get the code) and exit.",
        )

    def handle(self, *args, print_logins: bool = False, **options):
        if print_logins:
            self.stdout.write("\n".join(login_lines()))
            return
        if not settings.DEMO_MODE:
            raise CommandError(
                "The demo's logins are published; load it only where DEMO_MODE is on "
                "(the dev settings, or DEMO_MODE=1 on a demo server)."
            )
        try:
            with quiet_wagtail_log(options["verbosity"]):
                summary = load_demo()
        except DemoError as error:
            raise CommandError(str(error)) from error
        counts = (
            f"{summary.municipalities} municipalities, {summary.programs} programs, "
            f"{summary.offerings} offerings, "
            f"{summary.bookings} bookings"
        )
        if summary.created:
            self.stdout.write(self.style.SUCCESS(f"Demo loaded: {counts}."))
        else:
            self.stdout.write(f"Demo already loaded ({counts}); nothing changed.")
