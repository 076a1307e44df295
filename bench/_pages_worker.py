"""One database's side of `pages.py`: Django on that database, a client per visitor, and one
request per command read from stdin (a page's name), answered on stdout as a JSON line."""

from __future__ import annotations

import json
import os
import sys
import time

from _bench_names import BOOKING_EVENING, MANY_SLUG

PUBLIC = ("standard", "home", "index", "program", "program_many")


class Visitors:
    """The pages and who opens them: an anonymous visitor, the administrator, the demo
    parent, and one parent per booking post."""

    def __init__(self):
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from bookings.models import Booking, Offering, OutboxMessage
        from parentsite.demo.accounts import ADMIN, PARENT

        users = get_user_model().objects
        self.anonymous = Client()
        self.admin = Client()
        self.admin.force_login(users.get(email=ADMIN.email))
        self.parent = Client()
        self.parent.force_login(users.get(email=PARENT.email))
        komet = Offering.objects.filter(program__slug="komet-3-11")
        now = timezone.now()
        # The demo's course half-way through: a session held and one to come (every group of
        # the history has ended).
        running = (
            komet.filter(sessions__starts_at__lt=now)
            .filter(sessions__starts_at__gt=now)
            .distinct()
            .order_by("pk")
            .first()
        )
        upcoming = komet.exclude(sessions__starts_at__lt=now).order_by("pk").first()
        evening = Offering.objects.get(title=BOOKING_EVENING)
        # Each run books the evening afresh: the previous run's bookings go first.
        OutboxMessage.objects.filter(booking__offering=evening).delete()
        Booking.objects.filter(offering=evening).delete()
        self.urls = {
            "standard": "/personuppgifter/",
            "home": "/",
            "index": "/program/",
            "program": "/program/komet-3-11/",
            "program_many": f"/program/{MANY_SLUG}/",
            "offering": reverse("organize:offering", args=[running.pk]),
            "offering_upcoming": reverse("organize:offering", args=[upcoming.pk]),
            "attendance": reverse("organize:attendance", args=[running.pk]),
            "statistics": reverse("organize:statistics"),
            "statistics_all": reverse("organize:statistics") + "?year=all",
            "mypages": reverse("mypages:index"),
            "book": reverse("bookings:book", args=[evening.pk]),
        }
        self.booking_parents = []
        for user in users.filter(email__startswith="bench.parent.").order_by("pk"):
            client = Client()
            client.force_login(user)
            self.booking_parents.append(client)

    def request(self, page: str):
        url = self.urls[page]
        if page == "book":
            client = self.booking_parents.pop()
            data = {"name": "Bench Parent", "phone": "070-000 00 00", "persons": "1"}
            return client.post(url, data), 302
        if page == "mypages":
            return self.parent.get(url), 200
        client = self.anonymous if page in PUBLIC else self.admin
        return client.get(url), 200


def serve() -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import bookings
    import parentsite

    visitors = Visitors()
    code = [os.path.dirname(module.__file__) for module in (bookings, parentsite)]
    print(json.dumps({"ready": True, "code": code}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        page = command["page"]
        if command.get("count_queries"):
            with CaptureQueriesContext(connection) as queries:
                response, expected = visitors.request(page)
            answer = {"queries": len(queries)}
        else:
            began = time.perf_counter()
            response, expected = visitors.request(page)
            answer = {"ms": (time.perf_counter() - began) * 1000}
        answer.update(status=response.status_code, bytes=len(response.content))
        if response.status_code != expected:
            answer["error"] = f"{page}: HTTP {response.status_code}, expected {expected}"
        print(json.dumps(answer), flush=True)
    return 0
