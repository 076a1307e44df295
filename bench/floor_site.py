"""The bench server's URLs: the site's own, plus the floor view; and the measuring middleware.

Loaded only by `booking_floor.py`'s gunicorn (`bench.floor_settings`), never by the site.

The floor view does only what any booking must: take the offering's lock, count the seats held,
insert the booking, commit, and answer with a redirect, behind the same middleware as the real
form (session, CSRF, login). The real booking POST is measured against it.

`MeasureMiddleware` adds two headers to every POST: `X-Bench-Statements`, the SQL statements
the request ran (BEGIN and COMMIT are not statements, so add 2 for the transaction), and
`X-Bench-Lock-Us`, how long the request held the offering's lock: from the moment the
`SELECT ... FOR UPDATE` of the offering row returned (the lock is ours) to the moment the
transaction's commit returned (the lock is free), in microseconds, read inside the worker.
"""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from bookings.models import SEAT_HOLDING_STATUSES, Booking, BookingStatus, Offering
from parentsite.urls import urlpatterns as site_urlpatterns


class _Measured:
    """An execute wrapper: counts statements and times the offering lock to the commit."""

    def __init__(self) -> None:
        self.statements = 0
        self.locked_at: float | None = None
        self.lock_held: float | None = None

    def __call__(self, execute, sql, params, many, context):
        self.statements += 1
        result = execute(sql, params, many, context)
        if self.locked_at is None and "FOR UPDATE" in sql and '"bookings_offering"' in sql:
            self.locked_at = time.perf_counter()
            # on_commit callbacks run right after the commit returns, in the order given: this
            # is the first one registered after the lock, so it runs first.
            transaction.on_commit(self._released)
        return result

    def _released(self) -> None:
        if self.locked_at is not None and self.lock_held is None:
            self.lock_held = time.perf_counter() - self.locked_at


class MeasureMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return self.get_response(request)
        measured = _Measured()
        with connection.execute_wrapper(measured):
            response = self.get_response(request)
        response["X-Bench-Statements"] = str(measured.statements)
        if measured.lock_held is not None:
            response["X-Bench-Lock-Us"] = str(round(measured.lock_held * 1_000_000))
        return response


@require_POST
def floor_book(request: HttpRequest, offering_id: int) -> HttpResponse:
    """Lock the offering, count its seats, insert the booking, commit: nothing else."""
    if not request.user.is_authenticated:
        return HttpResponseForbidden()
    with transaction.atomic():
        offering = Offering.objects.select_for_update(of=("self",)).get(pk=offering_id)
        taken = Booking.objects.filter(
            offering_id=offering_id, status__in=SEAT_HOLDING_STATUSES
        ).count()
        confirmed = taken < offering.capacity
        booking = Booking.objects.create(
            offering_id=offering_id,
            user=request.user,
            email=request.user.email,
            name=request.POST.get("name", ""),
            status=BookingStatus.CONFIRMED if confirmed else BookingStatus.WAITLISTED,
        )
    return HttpResponseRedirect(reverse("bookings:manage", args=[booking.token]))


urlpatterns = [
    path("bench-floor/<int:offering_id>/", floor_book, name="bench_floor_book"),
    *site_urlpatterns,
]
